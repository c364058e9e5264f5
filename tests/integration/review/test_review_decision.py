"""Funding decision and publicity: limits, budget warning, publicity end, objections, 立项."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from sti_desk.db.tables import ProjectEventRow, ProjectRow
from sti_desk.domain.errors import LifecycleError, PermissionDenied, ValidationError
from sti_desk.domain.money import Money
from sti_desk.services.review_dto import ConfirmationNeeded

from .conftest import submit_all
from .world import DAY, build_world, reviewer_actor

W = Money.wan


@pytest.fixture
def closed(ctx, review, clerk):
    """Requested 90 / 50 / 50 / 50 万元, cap 80 万元, budget 200 万元; reviewed and closed."""
    w = build_world(ctx, requested=[W(90), W(50), W(50), W(50)])
    drawn = review.draw(clerk, w.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for e in drawn.groups[0].panel},
               marks_for=lambda k, j: {"innovation": 20 + j, "technical": 20, "team": 12, "benefit": 16, "budget": 8})
    review.close_round(clerk, w.call)
    return w


def _states(ctx, w):
    with ctx.db.reader() as uow:
        return {p.code: (p.state, p.approved_fen) for p in uow.session.scalars(select(ProjectRow)
                                                                               .where(ProjectRow.call_id == w.call_id))}


def test_only_the_manager_approves(review, clerk, closed):
    with pytest.raises(PermissionDenied):
        review.approve_funding(clerk, closed.call, [(closed.codes[0], W(50))])


def test_above_the_request_or_the_cap_is_refused(ctx, review, boss, closed):
    with pytest.raises(ValidationError, match="超过申请金额"):
        review.approve_funding(boss, closed.call, [(closed.codes[1], W(60))], today=DAY)
    with pytest.raises(ValidationError, match="超过单项资助上限"):
        review.approve_funding(boss, closed.call, [(closed.codes[0], W(85))], today=DAY)
    with pytest.raises(ValidationError, match="大于 0"):
        review.approve_funding(boss, closed.call, [(closed.codes[0], W(0))], today=DAY)
    with pytest.raises(ValidationError, match="没有项目"):
        review.approve_funding(boss, closed.call, [("2099-XX-0001", W(1))], today=DAY)
    assert all(s == "review" for s, _ in _states(ctx, closed).values())


def test_over_the_budget_needs_an_explicit_acknowledgement(ctx, review, boss, closed):
    items = [(closed.codes[0], W(80)), (closed.codes[1], W(50)), (closed.codes[2], W(50)), (closed.codes[3], W(45))]
    with pytest.raises(ConfirmationNeeded) as err:
        review.approve_funding(boss, closed.call, items, today=DAY)
    assert "超过批次总预算 200.00 万元" in err.value.warnings[0]
    assert all(s == "review" for s, _ in _states(ctx, closed).values())
    out = review.approve_funding(boss, closed.call, items, "2026年第3次局务会研究", acknowledge_over_budget=True,
                                 today=DAY)
    assert out.total == W(225) and out.warnings and out.rejected == []
    assert _states(ctx, closed)[closed.codes[0]] == ("proposed", W(80).fen)


def test_funding_decided_before_counts_towards_the_budget(ctx, review, boss, closed):
    """Budget 200 万元; 150 万元 were already decided for this call (an earlier list, now 立项) — a list of
    60 万元 is within the budget on its own but not together with them."""
    with ctx.db.uow("test") as uow:
        earlier = uow.session.scalars(select(ProjectRow).where(ProjectRow.call_id == closed.call_id)
                                      .order_by(ProjectRow.id)).first()
        extra = ProjectRow(code=f"{closed.call}-9001", call_id=closed.call_id, unit_id=earlier.unit_id,
                           leader_id=earlier.leader_id, title="此前已立项的项目", field=earlier.field,
                           requested_fen=W(150).fen, approved_fen=W(150).fen, state="approved")
        uow.session.add(extra)
        uow.commit()
    items = [(closed.codes[1], W(30)), (closed.codes[2], W(30))]
    with pytest.raises(ConfirmationNeeded) as err:
        review.approve_funding(boss, closed.call, items, today=DAY)
    assert err.value.warnings == ["此前已决定资助 150.00 万元，本次拟资助 60.00 万元，合计 210.00 万元 "
                                  "超过批次总预算 200.00 万元，超出 10.00 万元"]
    out = review.approve_funding(boss, closed.call, [(closed.codes[1], W(50))], today=DAY)
    assert out.total == W(50) and out.warnings == []


def test_approval_proposes_the_listed_and_rejects_the_rest(ctx, review, boss, closed):
    out = review.approve_funding(boss, closed.call, [(closed.codes[3], W(40)), (closed.codes[2], W(50))],
                                 "局务会研究", today=DAY)
    assert [c for c, _ in out.proposed] == [closed.codes[3], closed.codes[2]]
    assert sorted(out.rejected) == closed.codes[:2]
    states = _states(ctx, closed)
    assert states[closed.codes[3]] == ("proposed", W(40).fen) and states[closed.codes[0]][0] == "rejected"
    with ctx.db.reader() as uow:
        reasons = {e.reason for e in uow.session.scalars(select(ProjectEventRow)
                                                         .where(ProjectEventRow.to_state == "rejected"))}
    assert reasons == {"评审未入选"}
    with pytest.raises(ValidationError, match="均已作出资助决定"):
        review.approve_funding(boss, closed.call, [], today=DAY)
    summary = review.review_summary(boss, closed.call)
    funded = {r.project.code: (r.funded, r.approved) for r in summary.rows}
    assert funded[closed.codes[3]] == (True, W(40)) and funded[closed.codes[0]] == (False, W(0))


def test_an_objection_is_dated_within_the_publicity_and_not_after_today(review, clerk, boss, closed):
    review.approve_funding(boss, closed.call, [(c, W(50)) for c in closed.codes[1:]], today=DAY)
    review.start_publicity(clerk, closed.call, date(2026, 9, 4))              # to 2026-09-10
    for received, why in ((date(2026, 9, 8), "收到日期 2026-09-08 晚于今天（2026-09-07）"),
                          (date(2026, 9, 3), "收到日期 2026-09-03 早于公示开始日期 2026-09-04")):
        with pytest.raises(ValidationError) as refused:
            review.record_objection(clerk, closed.codes[1], received, "来信", today=date(2026, 9, 7))
        assert why in refused.value.message and refused.value.field == "received"   # shown under the field
    assert review.record_objection(clerk, closed.codes[1], date(2026, 9, 7), "来信", today=date(2026, 9, 7))


def test_publicity_objections_and_approval(ctx, review, clerk, boss, closed):
    review.approve_funding(boss, closed.call, [(c, W(50)) for c in closed.codes[1:]], today=DAY)
    pub = review.start_publicity(clerk, closed.call, date(2026, 9, 4))        # a Friday
    assert (pub.end, pub.working_days) == (date(2026, 9, 10), 5)               # Fri, Mon–Thu
    assert [p.code for p in pub.projects] == closed.codes[1:]
    with pytest.raises(ValidationError, match="公示期"):
        review.record_objection(clerk, closed.codes[1], date(2026, 9, 11), "迟到的异议")
    with pytest.raises(ValidationError, match="不在公示中"):
        review.record_objection(clerk, closed.codes[0], date(2026, 9, 7), "未入选项目")
    upheld = review.record_objection(clerk, closed.codes[1], date(2026, 9, 7), "负责人同时承担省级同类项目", "匿名")
    pending = review.record_objection(clerk, closed.codes[2], date(2026, 9, 8), "单位资质存疑")
    with pytest.raises(LifecycleError, match="公示期满后方可立项"):
        review.finish_publicity(clerk, closed.call, date(2026, 9, 10))
    review.resolve_objection(boss, upheld, "经核查属实，存在重复申报", upheld=True, today=date(2026, 9, 9))
    out = review.finish_publicity(clerk, closed.call, date(2026, 9, 11))
    assert out.approved == [closed.codes[3]] and out.held == [(closed.codes[2], "有 1 项公示异议尚未处理")]
    assert not out.finished
    review.resolve_objection(clerk, pending, "经核查不属实", upheld=False)
    out = review.finish_publicity(clerk, closed.call, date(2026, 9, 14))
    assert out.approved == [closed.codes[2]] and out.finished
    states = _states(ctx, closed)
    assert [states[c][0] for c in closed.codes] == ["rejected", "rejected", "approved", "approved"]
    with ctx.db.reader() as uow:
        reason = uow.session.scalar(select(ProjectEventRow.reason).where(ProjectEventRow.action == "公示异议成立"))
    assert reason == "公示异议成立：经核查属实，存在重复申报"
    funded = {r.project.code: (r.funded, r.approved) for r in review.review_summary(boss, closed.call).rows}
    assert funded[closed.codes[1]] == (False, W(0)) and funded[closed.codes[2]] == (True, W(50))
    assert states[closed.codes[1]] == ("rejected", 0)
    info = review.publicities(boss, closed.call)[0]
    assert [o.upheld for o in info.objections] == [True, False] and info.finished_at is not None
    with pytest.raises(ValidationError, match="没有进行中的公示"):
        review.finish_publicity(clerk, closed.call, date(2026, 9, 15))


def test_publicity_skips_given_holidays_and_follows_the_policy(review, clerk, boss, closed):
    review.approve_funding(boss, closed.call, [(closed.codes[1], W(50))], today=DAY)
    pub = review.start_publicity(clerk, closed.call, date(2026, 9, 5), holidays=[date(2026, 9, 8)])  # a Saturday
    assert pub.end == date(2026, 9, 14)      # Mon 7, Wed 9, Thu 10, Fri 11, Mon 14
    with pytest.raises(ValidationError, match="没有待公示"):
        review.start_publicity(clerk, closed.call, date(2026, 9, 7))


@pytest.mark.parametrize("items", [[], ()])
def test_an_empty_funding_list_is_refused_and_nothing_changes(ctx, review, boss, closed, items):
    before = _states(ctx, closed)
    with pytest.raises(ValidationError, match="资助清单为空，未作决定") as err:
        review.approve_funding(boss, closed.call, items, today=DAY)
    assert "不能撤销" in str(err.value)
    assert _states(ctx, closed) == before and {s for s, _ in before.values()} == {"review"}


@pytest.fixture
def open_competition(ctx, review, clerk):
    """A 揭榜挂帅 call (P5: at least 100 万元 per project): requests 113 / 150 / 120 / 100 万元, cap 300."""
    w = build_world(ctx, category="open_competition", cap=W(300), budget=W(3000),
                    requested=[W(113), W(150), W(120), W(100)])
    drawn = review.draw(clerk, w.call, seed=42, today=DAY)
    submit_all(review, {e.id: reviewer_actor(e.id) for e in drawn.groups[0].panel})
    review.close_round(clerk, w.call)
    return w


def test_an_open_competition_project_below_the_p5_minimum_is_refused(ctx, review, boss, open_competition):
    w = open_competition
    with pytest.raises(ValidationError, match=r"拟资助 90\.40 万元，低于揭榜挂帅项目最低资助额 100\.00 万元") as err:
        review.approve_funding(boss, w.call, [(w.codes[0], W("90.4")), (w.codes[1], W(150))], today=DAY)
    assert "P5" in str(err.value) and w.codes[0] in str(err.value) and w.codes[1] not in str(err.value)
    assert {s for s, _ in _states(ctx, w).values()} == {"review"}
    out = review.approve_funding(boss, w.call, [(w.codes[0], W(100)), (w.codes[1], W(150))], today=DAY)
    assert out.proposed == [(w.codes[0], W(100)), (w.codes[1], W(150))]


def test_the_p5_minimum_follows_the_policy_in_force(ctx, review, admin, boss, open_competition):
    from dataclasses import replace

    from sti_desk.db.tables import PolicyVersionRow
    from sti_desk.domain.policy import PolicyParameters

    with ctx.db.uow("test") as uow:      # the version the call opened under: minimum 80 万元
        import json
        uow.session.add(PolicyVersionRow(effective_from=date(2026, 1, 1), note="测试",
                                         params_json=json.dumps(replace(PolicyParameters(),
                                                                        open_competition_min=W(80)).to_plain())))
        uow.commit()
    w = open_competition
    out = review.approve_funding(boss, w.call, [(w.codes[0], W("90.4"))], today=DAY)
    assert out.proposed == [(w.codes[0], W("90.4"))]


def test_a_call_that_is_not_open_competition_has_no_minimum(review, boss, closed):
    out = review.approve_funding(boss, closed.call, [(closed.codes[1], W(5))], today=DAY)
    assert out.proposed == [(closed.codes[1], W(5))]
