"""Scoring: confidentiality through every method, validation, submit locks, reopen, closing a round."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from sti_desk.db.tables import ReviewReopenRow
from sti_desk.domain.errors import PermissionDenied, ValidationError
from sti_desk.domain.money import Money

from .conftest import submit_all
from .world import DAY, GOOD, reviewer


def _two(review, panel):
    (e1, r1), (e2, r2) = sorted(panel.items())[:2]
    return r1, r2, review.my_assignments(r1), review.my_assignments(r2)


def test_a_reviewer_sees_only_their_own_assignments(review, panel, world):
    for eid, actor in panel.items():
        mine = review.my_assignments(actor)
        assert sorted(a.project_code for a in mine) == world.codes
        assert all(a.status == "assigned" and not a.locked for a in mine)
    ids = [set(a.id for a in review.my_assignments(r)) for r in panel.values()]
    assert all(not (a & b) for i, a in enumerate(ids) for b in ids[i + 1:])


def test_the_score_form_shows_the_project_but_no_other_marks(review, panel):
    r1, r2, mine1, mine2 = _two(review, panel)
    review.save_marks(r2, mine2[0].id, GOOD, "他人的意见", "资助", submit=True)
    form = review.get_score_form(r1, mine1[0].id)
    assert form.title == "项目1" and form.unit_name == "单位00" and form.summary == "项目1的摘要"
    assert form.budget_total == Money.wan(70) and form.requested == Money.wan(50)
    assert form.marks == {} and form.comment == "" and form.total is None
    assert [c.code for c in form.rubric.criteria][0] == "innovation"
    assert "他人的意见" not in repr(form)


def test_a_reviewer_asking_for_another_reviewers_work_is_refused_by_every_method(tmp_path, review, panel, clerk,
                                                                                 world):
    r1, r2, mine1, mine2 = _two(review, panel)
    theirs = mine2[0].id
    review.save_marks(r2, theirs, GOOD, "意见", "资助", submit=True)
    attempts = {
        "get_score_form": lambda: review.get_score_form(r1, theirs),
        "save_marks": lambda: review.save_marks(r1, theirs, GOOD, "", "资助"),
        "save_marks(submit)": lambda: review.save_marks(r1, theirs, GOOD, "x", "资助", submit=True),
        "get_score_form(missing id)": lambda: review.get_score_form(r1, 99999),
        "reopen": lambda: review.reopen(r1, theirs, "想看看"),
        "replace": lambda: review.replace(r1, theirs, "不想评", today=DAY),
        "decline": lambda: review.decline(r1, theirs, "不想评"),
        "status": lambda: review.status(r1, world.call),
        "assignments_of": lambda: review.assignments_of(r1, world.call),
        "draw_record": lambda: review.draw_record(r1, world.call),
        "verify_draw": lambda: review.verify_draw(r1, world.call),
        "results": lambda: review.results(r1, world.call),
        "review_summary": lambda: review.review_summary(r1, world.call),
        "sheets": lambda: review.sheets(r1, world.call, tmp_path),
        "import_scores": lambda: review.import_scores(r1, Path(tmp_path / "x.xlsx")),
        "close_round": lambda: review.close_round(r1, world.call),
        "review_history": lambda: review.review_history(r1, mine2[0].id),
        "list_experts": lambda: review.list_experts(r1),
        "approve_funding": lambda: review.approve_funding(r1, world.call, []),
    }
    for name, attempt in attempts.items():
        with pytest.raises(PermissionDenied):
            attempt()
            pytest.fail(f"{name} did not refuse")
    # nothing changed for the other reviewer
    form = review.get_score_form(r2, theirs)
    assert form.locked and form.marks["innovation"] == Decimal(25)


def test_reviewers_see_no_results_even_after_closing(review, panel, clerk, world):
    submit_all(review, panel)
    review.close_round(clerk, world.call)
    actor = next(iter(panel.values()))
    with pytest.raises(PermissionDenied):
        review.results(actor, world.call)
    assert all(a.round_status == "closed" for a in review.my_assignments(actor))


def test_a_login_without_expert_gets_nothing(review, reviewer, drawn):
    assert review.my_assignments(reviewer) == []
    with pytest.raises(PermissionDenied):
        review.get_score_form(reviewer, 1)


def test_marks_are_checked_against_the_rubric(review, panel):
    actor = next(iter(panel.values()))
    a = review.my_assignments(actor)[0]
    with pytest.raises(ValidationError, match="超出范围"):
        review.save_marks(actor, a.id, {**GOOD, "innovation": 31}, "意见", "资助")
    with pytest.raises(ValidationError, match="一位小数"):
        review.save_marks(actor, a.id, {"innovation": Decimal("25.55")})
    with pytest.raises(ValidationError, match="浮点"):
        review.save_marks(actor, a.id, {"innovation": 25.5})
    with pytest.raises(ValidationError, match="须填写评审意见"):
        review.save_marks(actor, a.id, {c: 5 for c in GOOD}, "", "资助", submit=True)   # total 25 < 60
    with pytest.raises(ValidationError, match="不资助"):
        review.save_marks(actor, a.id, GOOD, "", "不资助", submit=True)
    with pytest.raises(ValidationError, match="可选项"):
        review.save_marks(actor, a.id, GOOD, "好", "强烈推荐", submit=True)
    with pytest.raises(ValidationError, match="尚未打分"):
        review.save_marks(actor, a.id, {"innovation": 20}, "好", "资助", submit=True)


def test_a_draft_is_saved_and_a_submission_locks(review, panel):
    actor = next(iter(panel.values()))
    a = review.my_assignments(actor)[0]
    saved = review.save_marks(actor, a.id, {"innovation": "25.5", "technical": 20}, "初稿")
    assert not saved.submitted and saved.total is None
    form = review.get_score_form(actor, a.id)
    assert form.marks == {"innovation": Decimal("25.5"), "technical": Decimal(20)} and form.comment == "初稿"
    assert review.my_assignments(actor)[0].has_draft
    done = review.save_marks(actor, a.id, {**GOOD, "innovation": "25.5"}, "定稿", "优先资助", submit=True,
                             expected_version=form.version)
    assert done.submitted and done.total == Decimal("81.5")
    with pytest.raises(ValidationError, match="锁定"):
        review.save_marks(actor, a.id, GOOD, "改", "资助")
    assert review.get_score_form(actor, a.id).locked


def test_a_stale_form_cannot_overwrite(review, panel):
    actor = next(iter(panel.values()))
    a = review.my_assignments(actor)[0]
    old = review.get_score_form(actor, a.id).version
    review.save_marks(actor, a.id, {"innovation": 20})
    with pytest.raises(Exception, match="其他人修改"):
        review.save_marks(actor, a.id, {"innovation": 21}, expected_version=old)


def test_reopen_needs_a_clerk_and_a_reason_and_is_audited(ctx, admin, review, panel, clerk, boss):
    actor = next(iter(panel.values()))
    a = review.my_assignments(actor)[0]
    review.save_marks(actor, a.id, GOOD, "意见", "资助", submit=True)
    with pytest.raises(PermissionDenied):
        review.reopen(boss, a.id, "领导要求")
    with pytest.raises(ValidationError, match="理由"):
        review.reopen(clerk, a.id, "  ")
    review.reopen(clerk, a.id, "专家来电要求更正技术方案得分")
    form = review.get_score_form(actor, a.id)
    assert not form.locked and form.status == "assigned" and form.marks["innovation"] == 25
    review.save_marks(actor, a.id, {**GOOD, "technical": 22}, "意见", "资助", submit=True)
    with ctx.db.reader() as uow:
        log = [(r.assignment_id, r.by) for r in uow.session.scalars(select(ReviewReopenRow))]
    assert log == [(a.id, "clerk")]
    entries = ctx.services.audit.recent(admin, entity="review_assignments", entity_id=str(a.id))
    assert any(e.action == "reopen" and "更正" in e.after for e in entries)
    with pytest.raises(ValidationError, match="已提交"):
        review.reopen(clerk, review.my_assignments(actor)[1].id, "没提交的")


def test_close_needs_every_sheet_settled(review, panel, clerk, boss, world):
    with pytest.raises(ValidationError, match="评审尚未结束"):
        review.results(boss, world.call)
    first = sorted(panel.items())[0][1]
    submit_all(review, {k: v for k, v in panel.items() if v is not first})
    with pytest.raises(ValidationError, match="未提交"):
        review.close_round(clerk, world.call)
    status = review.status(clerk, world.call, today=DAY)
    assert status.pending == 4 and not status.can_close
    behind = [e for e in status.experts if e.pending]
    assert [e.expert.id for e in behind] == [first.expert_id] and not any(e.late for e in status.experts)
    mine = review.my_assignments(first)
    for a in mine[:3]:
        review.save_marks(first, a.id, GOOD, "意见", "资助", submit=True)
    review.decline(clerk, mine[3].id, "与该项目负责人有合作关系（评审中发现）")
    review.close_round(clerk, world.call)
    res = review.results(boss, world.call)
    assert sorted(r.count for r in res.rows) == [4, 5, 5, 5]
    with pytest.raises(ValidationError, match="已结束"):
        review.save_marks(first, mine[0].id, GOOD, "意见", "资助")
    with pytest.raises(ValidationError):
        review.reopen(clerk, mine[0].id, "太晚了")


def test_a_round_not_opened_yet_hides_the_assignments(ctx, admin, review, clerk, world):
    s = review.draw(clerk, world.call, seed=42, today=DAY, open_scoring=False)
    actor = reviewer(ctx, admin, s.groups[0].panel[0].id)
    assert review.my_assignments(actor) == []
    review.open_scoring(clerk, world.call)
    assert len(review.my_assignments(actor)) == 4


def test_nobody_is_late_without_a_deadline_and_the_deadline_can_be_set_and_moved(ctx, review, panel, clerk, admin,
                                                                                  world):
    from datetime import date

    first = sorted(panel.items())[0][1]
    submit_all(review, {k: v for k, v in panel.items() if v is not first})
    assert [e.expert.id for e in review.status(clerk, world.call, today=date(2026, 12, 31)).experts if e.late] == []
    with pytest.raises(ValidationError, match="早于今天"):
        review.set_deadline(clerk, world.call, date(2026, 8, 31), today=DAY)
    review.set_deadline(clerk, world.call, date(2026, 9, 10), today=DAY)
    assert [e.expert.id for e in review.status(clerk, world.call, today=date(2026, 9, 10)).experts if e.late] == []
    late = [e.expert.id for e in review.status(clerk, world.call, today=date(2026, 9, 11)).experts if e.late]
    assert late == [first.expert_id]
    with pytest.raises(ValidationError, match="须填写原因"):
        review.set_deadline(clerk, world.call, date(2026, 9, 15), today=DAY)
    review.set_deadline(clerk, world.call, date(2026, 9, 15), "两位专家出差", today=DAY)
    assert review.status(clerk, world.call, today=date(2026, 9, 11)).deadline == date(2026, 9, 15)
    entries = ctx.services.audit.recent(admin, entity="review_rounds")
    assert any(e.action == "set_deadline" and "两位专家出差" in e.after for e in entries)
    with pytest.raises(PermissionDenied):
        review.set_deadline(first, world.call, None, "专家想延期", today=DAY)
    review.set_deadline(clerk, world.call, None, "改为不设期限", today=DAY)
    assert review.status(clerk, world.call, today=date(2026, 12, 31)).deadline is None
