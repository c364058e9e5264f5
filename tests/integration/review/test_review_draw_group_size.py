"""每组评审专家 of a draw: the number the round used is the call's, shown by the status, the results and
the record. At the call's first draw a different number changes the call in the draw's own transaction
(audited, then locked with the rest of the rubric); a later round keeps the locked number."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from sti_desk.db.tables import AuditRow, ProjectRow
from sti_desk.domain.errors import ValidationError

from .conftest import submit_all
from .world import DAY, reviewer_actor


def _call_changes(ctx, field):  # type: ignore[no-untyped-def]
    with ctx.db.reader() as uow:
        rows = uow.session.execute(select(AuditRow.before_json, AuditRow.after_json)
                                   .where(AuditRow.entity == "calls", AuditRow.action == "update"))
        return [(json.loads(b or "{}").get(field), json.loads(a or "{}").get(field)) for b, a in rows
                if field in json.loads(a or "{}")]


def test_first_draw_with_another_size_changes_the_call_before_the_lock(ctx, review, clerk, world):
    assert review.get_rubric(clerk, world.call).experts_per_group == 5
    drawn = review.draw(clerk, world.call, 3, 2, seed=42, today=DAY)
    assert all(len(g.panel) == 3 for g in drawn.groups)
    info = review.get_rubric(clerk, world.call)
    assert info.experts_per_group == 3 and info.locked            # the call now says what the round used
    assert review.status(clerk, world.call).per_group == 3
    assert review.draw_record(clerk, world.call).per_group == 3
    assert review.verify_draw(clerk, world.call).ok
    assert _call_changes(ctx, "experts_per_group") == [(5, 3)]    # in the log as a change of the call
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel})
    review.close_round(clerk, world.call)
    assert review.results(clerk, world.call).per_group == 3


def test_a_later_round_keeps_the_locked_size(ctx, review, clerk, world):
    last = world.codes[-1]
    with ctx.db.uow("test") as uow:                # the last project reaches 专家评审 only after round 1
        uow.session.scalar(select(ProjectRow).where(ProjectRow.code == last)).state = "screening"
        uow.commit()
    drawn = review.draw(clerk, world.call, 4, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel})
    review.close_round(clerk, world.call)
    with ctx.db.uow("test") as uow:
        uow.session.scalar(select(ProjectRow).where(ProjectRow.code == last)).state = "review"
        uow.commit()
    with pytest.raises(ValidationError, match="每组评审专家人数固定为 4 人（首轮抽取后锁定），不能改为 3 人"):
        review.draw(clerk, world.call, 3, seed=43, today=DAY)
    assert review.status(clerk, world.call).number == 1            # nothing drawn
    again = review.draw(clerk, world.call, seed=43, today=DAY)      # the call's 4
    assert again.number == 2 and review.status(clerk, world.call).per_group == 4
    assert review.get_rubric(clerk, world.call).experts_per_group == 4


def test_a_deadline_before_the_draw_day_is_refused(review, clerk, world):
    from datetime import date

    with pytest.raises(ValidationError, match="评分截止日期 2026-08-31 早于今天（2026-09-01）") as refused:
        review.draw(clerk, world.call, seed=42, today=DAY, deadline=date(2026, 8, 31))
    assert refused.value.field == "deadline"
    with pytest.raises(ValidationError, match="尚未抽取"):
        review.status(clerk, world.call)
