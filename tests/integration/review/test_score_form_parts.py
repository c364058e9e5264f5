"""The score form carries what 预算合理性 and 团队基础 are judged on — the 预算明细 and the 项目组 (leader first;
names, units, roles, never ID numbers) — for the reviewer's own assignment only."""
from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from sti_desk.db.tables import BudgetLineRow, PersonRow, ProjectRow
from sti_desk.domain.errors import PermissionDenied
from sti_desk.domain.money import Money


def _add_budget(ctx, project_id: int) -> None:
    with ctx.db.uow("test") as uow:
        uow.session.add_all([
            BudgetLineRow(project_id=project_id, subject="设备费", fiscal_fen=Money.wan("20.5").fen,
                          self_raised_fen=Money.wan(10).fen, basis="传感器测试平台 1 套，按询价"),
            BudgetLineRow(project_id=project_id, subject="业务费", fiscal_fen=Money.wan("29.5").fen,
                          self_raised_fen=Money.wan(10).fen, basis="")])
        uow.commit()


def test_budget_lines_and_team_without_id_numbers(ctx, review, panel, world):
    (eid, me), (other_id, other) = sorted(panel.items())[:2]
    _add_budget(ctx, world.projects[0])
    mine = {a.project_code: a for a in review.my_assignments(me)}
    form = review.get_score_form(me, mine[world.codes[0]].id)
    assert [(b.subject, b.fiscal, b.self_raised, b.basis) for b in form.budget_lines] == [
        ("设备费", Money.wan("20.5"), Money.wan(10), "传感器测试平台 1 套，按询价"),
        ("业务费", Money.wan("29.5"), Money.wan(10), "")]
    assert [(m.name, m.unit_name, m.role) for m in form.team] == [
        ("负责人0", "单位00", "项目负责人"), ("成员0", "单位01", "成员")]
    with ctx.db.reader() as uow:
        p = uow.session.get(ProjectRow, world.projects[0])
        ids = set(uow.session.scalars(select(PersonRow.id_number)))
        assert p is not None
    text = repr(dataclasses.asdict(form))
    assert not any(i in text for i in ids)                    # no ID number anywhere in the form
    # a project without budget lines: empty, not invented
    assert review.get_score_form(me, mine[world.codes[1]].id).budget_lines == ()
    # another reviewer's sheet stays closed
    theirs = review.my_assignments(other)[0]
    with pytest.raises(PermissionDenied):
        review.get_score_form(me, theirs.id)
