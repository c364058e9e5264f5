"""Results as decided and as they can be read: the 资助决定 of a call long past (the decision, not the stage
the project reached since), the z-score view with experts whose marks do not vary (no z, counted and said),
and approval refused with the real state while a later round is still being scored."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from sti_desk.cli import main
from sti_desk.db.tables import ProjectRow, ScreeningRow, TeamMemberRow
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money

from .conftest import submit_all
from .world import DAY, GOOD, reviewer_actor

W = Money.wan
WAIT = "第 2 轮评审尚在评分中（截止 2026-09-20），结束评审后方可审批资助名单"


def _cli(capsys, monkeypatch, db, user, password, *argv):
    monkeypatch.setenv("STI_DESK_PASSWORD", password)
    code = main(["--db", str(db), "--user", user, *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def _varied(k, j):
    return {**GOOD, "innovation": str(int(GOOD["innovation"]) - j - k % 3)}


@pytest.fixture
def closed(review, clerk, world):
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel}, marks_for=_varied)
    review.close_round(clerk, world.call)
    return world


def _add_project(ctx, world) -> tuple[int, str]:
    """A fifth application reaching 专家评审 after the first round (for a second round)."""
    with ctx.db.uow("test") as uow:
        first = uow.session.get(ProjectRow, world.projects[0])
        p = ProjectRow(code=f"{world.call}-0005", call_id=first.call_id, unit_id=first.unit_id,
                       leader_id=first.leader_id, title="补充评审的项目", field=first.field,
                       start_date=first.start_date, end_date=first.end_date, requested_fen=W(50).fen,
                       self_raised_fen=W(20).fen, state="review", summary="补充评审项目的摘要")
        p.team = [TeamMemberRow(person_id=t.person_id, unit_id=t.unit_id, role=t.role) for t in first.team]
        uow.session.add(p)
        uow.flush()
        uow.session.add(ScreeningRow(project_id=p.id, results_json="[]", auto_passed=True, decision="pass"))
        uow.commit()
        return p.id, p.code


def test_approval_names_the_round_still_being_scored(ctx, review, clerk, boss, closed, capsys, monkeypatch):
    review.approve_funding(boss, closed.call, [(c, W(40)) for c in closed.codes[:2]], today=DAY)
    with pytest.raises(ValidationError, match="第 1 轮评审的项目均已作出资助决定"):   # nothing else drawn yet
        review.approve_funding(boss, closed.call, [(closed.codes[2], W(40))], today=DAY)
    pid, code = _add_project(ctx, closed)
    review.draw(clerk, closed.call, seed=7, today=DAY, deadline=date(2026, 9, 20))
    with pytest.raises(ValidationError) as refused:
        review.approve_funding(boss, closed.call, [(code, W(40))], today=DAY)
    assert refused.value.message == f"申报批次“{closed.call}”{WAIT}"
    assert review.stage_blocks(clerk, pid, today=DAY)[ProjectState.PROPOSED].startswith(f"{WAIT}：由分管领导在")
    status, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "approve", closed.call,
                       "--items", f"{code}=40")
    assert status == 2 and WAIT in out and "第 1 轮评审的项目均已作出资助决定" not in out
    assert ctx.services.projects.get_project(boss, pid).state is ProjectState.REVIEW


def test_before_any_round_is_closed_approval_says_scoring_is_on(review, clerk, boss, world):
    review.draw(clerk, world.call, seed=42, today=DAY, deadline=date(2026, 9, 20))
    with pytest.raises(ValidationError) as refused:
        review.approve_funding(boss, world.call, [(world.codes[0], W(40))], today=DAY)
    assert refused.value.message == f"申报批次“{world.call}”第 1 轮评审尚在评分中（截止 2026-09-20），结束评审后方可审批资助名单"


def test_the_decision_column_says_what_was_decided_long_after(ctx, review, clerk, boss, closed, capsys, monkeypatch):
    res = review.results(boss, closed.call)
    assert all(r.decision is None for r in res.rows)
    review.approve_funding(boss, closed.call, [(closed.codes[3], W(40)), (closed.codes[2], W("45.5")),
                                               (closed.codes[1], W(30))], "局务会研究", today=DAY)
    review.start_publicity(clerk, closed.call, date(2026, 9, 4))        # to 2026-09-10
    upheld = review.record_objection(clerk, closed.codes[1], date(2026, 9, 7), "重复申报", today=date(2026, 9, 7))
    review.resolve_objection(boss, upheld, "经核查属实", upheld=True, today=date(2026, 9, 9))
    review.finish_publicity(clerk, closed.call, date(2026, 9, 11))
    with ctx.db.uow("test") as uow:      # years later the project is 实施 (a stage, not the decision)
        uow.session.scalar(select(ProjectRow).where(ProjectRow.code == closed.codes[3])).state = "implementation"
        uow.commit()
    rows = {r.project.code: r for r in review.results(boss, closed.call).rows}
    texts = {c: rows[c].decision.text for c in closed.codes}
    assert texts == {closed.codes[3]: "资助 40.00 万元", closed.codes[2]: "资助 45.50 万元",
                     closed.codes[1]: "不予资助（公示异议成立）", closed.codes[0]: "不予资助（评审未入选）"}
    assert rows[closed.codes[3]].decision.note == "局务会研究"
    status, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "results", closed.call)
    assert status == 0
    line = next(x for x in out.splitlines() if closed.codes[3] in x)
    assert "资助决定：资助 40.00 万元" in line and "实施" not in line
    assert "资助决定：不予资助（评审未入选）" in next(x for x in out.splitlines() if closed.codes[0] in x)


def test_an_expert_whose_marks_do_not_vary_has_no_z(ctx, review, clerk, boss, world, capsys, monkeypatch):
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    panel = {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel}
    flat_id = sorted(panel)[0]
    submit_all(review, panel, marks_for=lambda k, j: GOOD if k == 0 else _varied(k, j))
    review.close_round(clerk, world.call)
    res = review.results(boss, world.call, with_z=True)
    assert res.with_z and [e.id for e in res.no_spread] == [flat_id]
    for r in res.rows:
        z = {m.expert.id: m.z for m in r.marks}
        assert z[flat_id] is None and all(v is not None for e, v in z.items() if e != flat_id)
        assert r.z_count == 4 and r.mean_z is not None
    assert not review.results(boss, world.call).with_z
    status, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "results", world.call, "--z")
    flat_name = res.no_spread[0].name
    assert status == 0 and f"注意：1 位专家本轮评分无差异或仅评 1 项，不计标准分（{flat_name}）" in out
    assert out.count("（按 4 位专家）") == 4
    status, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "results", world.call)
    assert "标准分" not in out and "z 分" not in out


def test_when_no_expert_varies_no_mean_z_is_made_up(ctx, review, clerk, boss, world, capsys, monkeypatch):
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel})   # all GOOD
    review.close_round(clerk, world.call)
    res = review.results(boss, world.call, with_z=True)
    assert len(res.no_spread) == 5
    assert all(r.mean_z is None and r.z_count == 0 and all(m.z is None for m in r.marks) for r in res.rows)
    status, out = _cli(capsys, monkeypatch, ctx.db_path, "boss", "manager123", "review", "results", world.call, "--z")
    assert "5 位专家本轮评分无差异或仅评 1 项，不计标准分" in out
    assert out.count("平均 z 分 —（无可计算的标准分）") == 4 and "0.0000" not in out
