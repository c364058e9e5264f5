"""One project's 专家评审 for its dossier (ReviewService.project_review), the 公示异议 in its 办理记录, and
people by name (王晓梅, not ``clerk``) in the events and the draw record."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sti_desk.domain.errors import PermissionDenied
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money

from .conftest import submit_all
from .world import DAY, GOOD, build_world, reviewer_actor

W = Money.wan
S = ProjectState


@pytest.fixture
def scoring(review, clerk, world, drawn, panel):
    """The round is being scored: two of the five experts have submitted everything."""
    for _, actor in sorted(panel.items())[:2]:
        for a in review.my_assignments(actor):
            review.save_marks(actor, a.id, GOOD, "意见", "资助", submit=True)
    return world


def test_while_scoring_the_dossier_shows_the_round_but_no_score(review, clerk, boss, scoring):
    for actor in (clerk, boss):
        info = review.project_review(actor, scoring.projects[0])
        assert info.project_code == scoring.codes[0] and info.decision is None and info.publicity is None
        (rnd,) = info.rounds
        assert (rnd.call_code, rnd.number, rnd.status_label, rnd.group_code) == (scoring.call, 1, "评分中", "电子信息-1")
        assert (rnd.experts, rnd.declined, rnd.submitted) == (5, 0, 2)
        assert rnd.result is None and rnd.ranked == 0 and rnd.spread_threshold is None
        assert "评审尚未结束" in rnd.hidden_reason
        assert [n for _, n in rnd.criteria][0] == "创新性"


def test_a_reviewer_cannot_open_a_project_review(review, scoring, panel):
    with pytest.raises(PermissionDenied):
        review.project_review(next(iter(panel.values())), scoring.projects[0])
    with pytest.raises(PermissionDenied):
        review.project_review(reviewer_actor(scoring.experts[-1]), scoring.projects[0])


@pytest.fixture
def closed(ctx, review, clerk):
    """Requested 90 / 50 / 50 / 50 万元; project j gets 20 + j for 创新性 from every expert but the first,
    who gives project 0 a far lower total (so marks are dropped and the experts disagree)."""
    w = build_world(ctx, requested=[W(90), W(50), W(50), W(50)])
    drawn = review.draw(clerk, w.call, seed=42, today=DAY)

    def marks(k, j):
        if k == 0 and j == 0:
            return {"innovation": 5, "technical": 5, "team": 5, "benefit": 5, "budget": 5}     # 25
        return {"innovation": 20 + j, "technical": 20, "team": 12, "benefit": 16, "budget": 8}
    submit_all(review, {e.id: reviewer_actor(e.id) for e in drawn.groups[0].panel}, marks_for=marks)
    review.close_round(clerk, w.call)
    return w


def test_after_closing_the_score_is_explained_with_rank_and_recommendations(review, clerk, boss, admin, closed):
    for actor in (clerk, boss, admin):
        (rnd,) = review.project_review(actor, closed.projects[0]).rounds
        r = rnd.result
        assert rnd.status_label == "已结束" and rnd.hidden_reason == "" and rnd.submitted == 5
        assert r.project.code == closed.codes[0] and r.count == 5 and rnd.ranked == 4
        assert r.score == Decimal("76.00") and r.rank == 4           # 76, 76, 76 after dropping 76 and 25
        assert sorted(line.dropped or "" for line in r.marks) == ["", "", "", "highest", "lowest"]
        assert r.disagreement and r.spread == Decimal(51) and rnd.spread_threshold == Decimal(20)
        assert "去掉最高分" in r.explanation and "分歧较大" in r.explanation
        assert r.recommendations == {"资助": 5}
        assert rnd.rule_label == "去掉最高分和最低分后平均"
    best = review.project_review(clerk, closed.projects[3]).rounds[0].result
    assert best.rank == 1 and best.score == Decimal(79)


def test_the_funding_decision_and_the_publicity_with_objections(ctx, review, clerk, boss, closed):
    review.approve_funding(boss, closed.call, [(closed.codes[1], W("45.5")), (closed.codes[2], W(50))],
                           "2026年第3次局务会研究", today=DAY)
    rejected = review.project_review(clerk, closed.projects[0]).decision
    assert (rejected.funded, rejected.approved, rejected.note) == (False, W(0), "评审未入选")
    assert rejected.decided_by == "李建国" and rejected.decided_by_username == "boss"
    funded = review.project_review(clerk, closed.projects[1])
    assert (funded.decision.funded, funded.decision.approved, funded.decision.requested) == (True, W("45.5"), W(50))
    assert funded.decision.note == "2026年第3次局务会研究" and funded.publicity is None

    review.start_publicity(clerk, closed.call, date(2026, 9, 4), note="县科技局网站")
    oid = review.record_objection(clerk, closed.codes[1], date(2026, 9, 7), "负责人同时承担省级同类项目", "实名来信")
    pub = review.project_review(boss, closed.projects[1], today=date(2026, 9, 8)).publicity
    assert (pub.start, pub.end, pub.working_days, pub.note, pub.status_label) == \
        (date(2026, 9, 4), date(2026, 9, 10), 5, "县科技局网站", "公示中")
    (o,) = pub.objections
    assert (o.objector, o.content, o.upheld, o.recorded_by, o.recorded_by_username) == \
        ("实名来信", "负责人同时承担省级同类项目", None, "王晓梅", "clerk")
    assert review.project_review(boss, closed.projects[2], today=date(2026, 9, 8)).publicity.objections == []
    assert review.project_review(boss, closed.projects[2], today=date(2026, 9, 11)).publicity.status_label == \
        "公示期满，待办理立项"

    review.resolve_objection(boss, oid, "经核查属实，存在重复申报", upheld=True, today=date(2026, 9, 9))
    after = review.project_review(clerk, closed.projects[1], today=date(2026, 9, 9))
    (o,) = after.publicity.objections
    assert (o.upheld, o.resolution, o.resolved_by, o.resolved_by_username) == \
        (True, "经核查属实，存在重复申报", "李建国", "boss")
    assert after.decision.funded is False and "公示异议成立：经核查属实，存在重复申报" in after.decision.note


def test_objections_are_in_the_projects_record_with_who_and_when(ctx, review, clerk, boss, closed):
    review.approve_funding(boss, closed.call, [(c, W(50)) for c in closed.codes[1:]], today=DAY)
    review.start_publicity(clerk, closed.call, date(2026, 9, 4))
    upheld = review.record_objection(clerk, closed.codes[1], date(2026, 9, 7), "负责人同时承担省级同类项目", "匿名")
    dismissed = review.record_objection(clerk, closed.codes[2], date(2026, 9, 8), "单位资质存疑")
    review.resolve_objection(boss, dismissed, "资质证书在有效期内", upheld=False)
    review.resolve_objection(boss, upheld, "经核查属实", upheld=True, today=date(2026, 9, 9))

    events = ctx.services.projects.get_project(clerk, closed.projects[2]).timeline
    recorded, resolved = events[-2:]
    assert (recorded.action, recorded.username, recorded.by) == ("登记公示异议", "clerk", "王晓梅")
    assert recorded.reason == "2026-09-08 收到异议：单位资质存疑"
    assert (recorded.from_state, recorded.to_state, recorded.changes_state) == (S.PROPOSED, S.PROPOSED, False)
    assert (resolved.action, resolved.by) == ("处理公示异议", "李建国")
    assert resolved.reason == "2026-09-08 收到的异议不成立：资质证书在有效期内" and not resolved.changes_state
    assert resolved.at >= recorded.at

    events = ctx.services.projects.get_project(clerk, closed.projects[1]).timeline
    assert [(e.action, e.to_state) for e in events[-3:]] == [
        ("登记公示异议", S.PROPOSED), ("处理公示异议", S.PROPOSED), (events[-1].action, S.REJECTED)]
    assert events[-3].reason == "2026-09-07 收到异议（异议人：匿名）：负责人同时承担省级同类项目"
    assert events[-2].reason == "2026-09-07 收到的异议成立：经核查属实"
    assert events[-1].changes_state and events[-1].reason == "公示异议成立：经核查属实"


def test_events_and_the_draw_record_name_people(ctx, review, clerk, admin, boss, world, drawn):
    review.replace(clerk, review.assignments_of(clerk, world.call)[0].assignment_id, "出差无法参加", today=DAY)
    record = review.draw_record(boss, world.call)
    assert (record.created_by, record.created_by_username) == ("王晓梅", "clerk")
    (rep,) = record.replacements
    assert (rep.by, rep.by_username) == ("王晓梅", "clerk")
    with ctx.db.uow("system") as uow:     # written by the program itself, and by an account that is gone
        from sti_desk.db.tables import ProjectEventRow
        uow.session.add(ProjectEventRow(project_id=world.projects[0], from_state="review", to_state="review",
                                        action="测试记录", username="system"))
        uow.session.add(ProjectEventRow(project_id=world.projects[0], from_state="review", to_state="review",
                                        action="测试记录", username="former_clerk"))
        uow.commit()
    events = ctx.services.projects.get_project(admin, world.projects[0]).timeline
    assert [(e.username, e.by) for e in events[-2:]] == [("system", "系统"), ("former_clerk", "former_clerk")]
