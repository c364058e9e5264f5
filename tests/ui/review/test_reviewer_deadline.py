"""The reviewer is told the 评分截止 plainly — in red once it has passed (逾期 n 天), with the days left before
— in the task list and in the score form; 保存草稿 / 提交 with no mark typed is refused with the reason."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from sti_desk.ui.review.common import LATE_COLOR

from .chinese import assert_chinese
from .helpers_rev import type_mark
from .world import CALL


def _reviewer_page(qtbot, make_window, services, world):  # type: ignore[no-untyped-def]
    eid = sorted(world.reviewers)[0]
    actor = services.auth.login(f"rev{eid}", "review123")
    window = make_window(actor)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done and page.form.form is not None)
    return window, page, actor


def test_a_passed_deadline_is_shown_in_red_in_the_list_and_the_form(qtbot, make_window, services, drawn,
                                                                     clerk_actor, recorder):  # type: ignore[no-untyped-def]
    today = date.today()            # (the page asks the services, which take today's date)
    deadline = today - timedelta(days=3)
    services.review.set_deadline(clerk_actor, CALL, deadline, today=deadline - timedelta(days=7))
    eid = sorted(drawn.reviewers)[0]
    last = max(services.review.my_assignments(drawn.reviewers[eid]), key=lambda a: a.project_code)
    services.review.save_marks(drawn.reviewers[eid], last.id, {"team": 10})       # a draft, late too
    window, page, actor = _reviewer_page(qtbot, make_window, services, drawn)
    window.resize(1366, 768)
    late = f"评分截止日期 {deadline:%Y-%m-%d} 已过（逾期 3 天），请尽快提交；如需延期请联系经办人"
    assert page.deadline_label.isVisible() and late in page.deadline_label.text()
    assert "2026年度成果转化项目（4 个项目未提交）" in page.deadline_label.text()
    assert LATE_COLOR in page.deadline_label.text()                                  # the line is red
    status = [page.proxy.index(r, 3).data() for r in range(page.proxy.rowCount())]
    assert status == ["逾期待评"] * 3 + ["逾期待评（有草稿）"]
    assert late in page.proxy.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    note = page.form.deadline_label
    assert note.isVisible() and note.text() == late and LATE_COLOR in note.styleSheet()
    assert "评分截止：" not in page.form.meta.text()                                   # said once, not twice
    qtbot.wait(50)
    window.grab().save("/tmp/reviewer_overdue.png")
    assert_chinese(window)

    # once submitted (late, still allowed), that sheet no longer urges; the others still do
    form = page.form
    for code, value in {"innovation": "25", "technical": "20", "team": "12", "benefit": "15", "budget": "8"}.items():
        type_mark(form.spins[code], value)
    form.rec_combo.setCurrentText("资助")
    form.comment_edit.setPlainText("意见")
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.load_handle.done and "（3 个项目未提交）" in page.deadline_label.text())
    assert form.form.status == "submitted" and not form.deadline_label.isVisible()
    assert f"评分截止：{deadline:%Y-%m-%d}" in form.meta.text()


def test_before_the_deadline_the_days_left_are_shown(qtbot, make_window, services, drawn,
                                                      clerk_actor):  # type: ignore[no-untyped-def]
    deadline = date.today() + timedelta(days=6)
    services.review.set_deadline(clerk_actor, CALL, deadline)
    window, page, _ = _reviewer_page(qtbot, make_window, services, drawn)
    left = f"评分截止：{deadline:%Y-%m-%d}（还剩 6 天）"
    assert page.deadline_label.isVisible() and left in page.deadline_label.text()
    assert LATE_COLOR not in page.deadline_label.text()
    assert page.form.deadline_label.text() == left and LATE_COLOR not in page.form.deadline_label.styleSheet()
    assert page.proxy.index(0, 3).data() == "待评"


def test_no_deadline_no_line(qtbot, make_window, services, drawn):  # type: ignore[no-untyped-def]
    window, page, _ = _reviewer_page(qtbot, make_window, services, drawn)
    assert not page.deadline_label.isVisible() and not page.form.deadline_label.isVisible()


def test_draft_or_submit_with_no_mark_is_refused_with_the_reason(qtbot, make_window, services, drawn,
                                                                  recorder):  # type: ignore[no-untyped-def]
    window, page, actor = _reviewer_page(qtbot, make_window, services, drawn)
    form = page.form
    aid = form.form.assignment_id
    form.comment_edit.setPlainText("先写几句意见")
    qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    assert form.error_label.isVisible() and form.error_label.text() == "还没有填写任何评分，无需保存草稿"
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert "还没有填写任何评分，不能提交" in form.error_label.text() and recorder.confirms == []
    saved = services.review.get_score_form(actor, aid)
    assert saved.marks == {} and saved.comment == "" and form.comment_edit.toPlainText() == "先写几句意见"
    type_mark(form.spins["team"], "12")                           # one mark: the draft is saved
    qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    assert not form.error_label.isVisible() and "草稿已于" in form.saved_label.text()
    assert services.review.get_score_form(actor, aid).marks == {"team": 12}
