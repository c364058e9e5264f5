"""What a reviewer is told about 评分截止 (days left, or 逾期 after it), and a sheet with no mark at all is
neither saved as a draft nor submitted — by the service, so the command line is refused too."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from sti_desk.cli import main
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.permissions import Role

from .world import DAY, GOOD

DEADLINE = date(2026, 12, 1)


def _mine(review, panel):  # type: ignore[no-untyped-def]
    actor = next(iter(sorted(panel.items())))[1]
    return actor, review.my_assignments(actor)


@pytest.mark.parametrize("today, note, overdue", [
    (DEADLINE - timedelta(days=6), "评分截止：2026-12-01（还剩 6 天）", False),
    (DEADLINE, "评分截止：2026-12-01（今天截止）", False),
    (DEADLINE + timedelta(days=3), "评分截止日期 2026-12-01 已过（逾期 3 天），请尽快提交；如需延期请联系经办人", True),
])
def test_a_sheet_to_submit_is_told_the_deadline_as_of_today(review, panel, clerk, world, today, note, overdue):
    review.set_deadline(clerk, world.call, DEADLINE, today=DAY)
    actor, mine = _mine(review, panel)
    review.save_marks(actor, mine[0].id, GOOD, "意见", "资助", submit=True)
    rows = {a.id: a for a in review.my_assignments(actor, today=today)}
    done, todo = rows[mine[0].id], rows[mine[1].id]
    assert (todo.deadline_note, todo.overdue) == (note, overdue)
    assert (done.deadline_note, done.overdue) == ("", False)        # submitted: nothing to urge
    form = review.get_score_form(actor, todo.id, today=today)
    assert (form.deadline_note, form.overdue, form.deadline) == (note, overdue, DEADLINE)
    assert review.get_score_form(actor, done.id, today=today).deadline_note == ""


def test_without_a_deadline_nothing_is_said(review, panel):
    actor, mine = _mine(review, panel)
    assert all(a.deadline is None and a.deadline_note == "" and not a.overdue for a in mine)


def test_no_mark_at_all_is_refused_for_a_draft_and_a_submission(review, panel):
    actor, mine = _mine(review, panel)
    aid = mine[0].id
    with pytest.raises(ValidationError, match="还没有填写任何评分，无需保存草稿"):
        review.save_marks(actor, aid, {}, "先写了意见", "资助")
    with pytest.raises(ValidationError, match="还没有填写任何评分，不能提交"):
        review.save_marks(actor, aid, {"innovation": "", "team": None}, "意见", "资助", submit=True)
    form = review.get_score_form(actor, aid)
    assert form.marks == {} and form.comment == "" and not next(
        a for a in review.my_assignments(actor) if a.id == aid).has_draft
    review.save_marks(actor, aid, {"innovation": "21.5"}, "", "")             # one mark: a draft
    assert review.get_score_form(actor, aid).marks == {"innovation": Decimal("21.5")}
    with pytest.raises(ValidationError, match="未知评分项“novelty”"):     # a wrong code is named, not “no mark”
        review.save_marks(actor, aid, {"novelty": "3"})


def test_the_command_line_is_refused_the_same_way(ctx, review, panel, admin, capsys, monkeypatch):
    eid, actor = next(iter(sorted(panel.items())))
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", eid)
    aid = review.my_assignments(actor)[0].id
    monkeypatch.setenv("STI_DESK_PASSWORD", "expert123")
    code = main(["--db", str(ctx.db_path), "--user", "exp", "review", "score", str(aid), "--comment", "意见"])
    out = capsys.readouterr()
    assert code == 2 and "还没有填写任何评分，无需保存草稿" in out.out + out.err
    assert review.get_score_form(actor, aid).comment == ""


def test_review_mine_says_the_deadline_first(ctx, review, panel, clerk, world, admin, capsys, monkeypatch):
    late = date.today() - timedelta(days=2)       # `review mine` reads the real today
    review.set_deadline(clerk, world.call, late, today=DAY)
    eid, actor = next(iter(sorted(panel.items())))
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", eid)
    monkeypatch.setenv("STI_DESK_PASSWORD", "expert123")
    assert main(["--db", str(ctx.db_path), "--user", "exp", "review", "mine"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    pending = len(review.my_assignments(actor))
    assert first == (f"【逾期】{review.my_assignments(actor)[0].call_name}（{pending} 个项目未提交）："
                     f"评分截止日期 {late:%Y-%m-%d} 已过（逾期 2 天），请尽快提交；如需延期请联系经办人")
