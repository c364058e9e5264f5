"""A reviewer logs in, sees only their own assignments, and marks one: an out-of-range mark and a
missing comment are refused with the message; the submitted sheet is read-only."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest

from sti_desk.ui.review.reviewer_page import MyReviewsPage

from .chinese import assert_chinese
from .helpers_rev import type_mark


def _reviewer_window(make_window, services, world):  # type: ignore[no-untyped-def]
    eid = sorted(world.reviewers)[0]
    actor = services.auth.login(f"rev{eid}", "review123")  # a real login, as the dialog does
    window = make_window(actor)
    page = window.current_page()
    return window, page, actor, eid


def _first_submitted(qtbot, make_window, services, drawn):  # type: ignore[no-untyped-def]
    """The reviewer's page with their first sheet submitted (through the service) and the list reloaded."""
    from tests.ui.review.world import GOOD

    window, page, actor, _ = _reviewer_window(make_window, services, drawn)
    qtbot.waitUntil(lambda: page.load_handle.done)
    ids = [a.id for a in page.assignments]
    services.review.save_marks(actor, ids[0], GOOD, "第一项的意见", "资助", submit=True)
    page.refresh()
    qtbot.waitUntil(lambda: page.load_handle.done)
    return window, page, actor, ids


def test_reviewer_sees_only_own_assignments(qtbot, make_window, services, drawn, clerk_actor):  # type: ignore[no-untyped-def]
    window, page, actor, eid = _reviewer_window(make_window, services, drawn)
    assert list(window.specs) == ["my_reviews"]
    assert isinstance(page, MyReviewsPage)
    qtbot.waitUntil(lambda: page.load_handle.done)
    mine = {a.id for a in services.review.my_assignments(actor)}
    shown = {page.proxy.key_at(r) for r in range(page.proxy.rowCount())}
    assert shown == mine and len(shown) == 4
    others = {t.assignment_id for t in services.review.assignments_of(clerk_actor, drawn.call)
              if t.expert.id != eid}
    assert others and not (shown & others)
    assert page.form.form is not None and page.form.form.assignment_id in mine
    assert_chinese(window)


def test_marking_refusals_draft_and_submit(qtbot, make_window, services, drawn, recorder):  # type: ignore[no-untyped-def]
    window, page, actor, _ = _reviewer_window(make_window, services, drawn)
    qtbot.waitUntil(lambda: page.load_handle.done)
    form = page.form
    aid = form.form.assignment_id
    spins = form.spins

    # out of range: refused with the rubric's message, the box stays unmarked
    type_mark(spins["innovation"], "45")
    assert spins["innovation"].mark() is None
    assert "“创新性”得分 45 超出范围（0–30 分）" in form.error_label.text() and form.error_label.isVisible()

    # more than one decimal is refused the same way
    type_mark(spins["technical"], "12.55")
    assert spins["technical"].mark() is None
    assert "最多保留一位小数" in form.error_label.text()

    # low marks, recommendation, no comment: live hint, and 提交 is refused with the reason
    for code, value in {"innovation": "10", "technical": "10", "team": "5", "benefit": "8", "budget": "5"}.items():
        type_mark(spins[code], value)
    assert form.total_label.text().startswith("总分：38 / 100")
    form.rec_combo.setCurrentText("资助")
    assert form.need_label.isVisible() and "须填写评审意见：总分 38 低于 60 分" in form.need_label.text()
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert "总分 38 低于 60 分，须填写评审意见" in form.error_label.text()
    assert recorder.confirms == []
    assert next(a for a in services.review.my_assignments(actor) if a.id == aid).status == "assigned"

    # draft: saved, still editable
    qtbot.mouseClick(form.draft_button, Qt.MouseButton.LeftButton)
    saved = services.review.get_score_form(actor, aid)
    assert saved.marks["innovation"] == 10 and saved.status == "assigned" and not saved.locked
    qtbot.waitUntil(lambda: page.load_handle.done)

    # with a comment: submitted after the confirmation, then read-only
    form.comment_edit.setPlainText("创新性不足，技术路线不清晰。")
    assert "已填写评审意见" in form.need_label.text()
    qtbot.mouseClick(form.submit_button, Qt.MouseButton.LeftButton)
    assert recorder.confirms and "提交后不能修改" in recorder.confirms[-1]
    after = services.review.get_score_form(actor, aid)
    assert after.status == "submitted" and after.locked and after.total == 38
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.open_assignment(aid)
    assert form.locked and all(s.isReadOnly() for s in form.spins.values())
    assert not form.submit_button.isVisibleTo(form) and not form.draft_button.isVisibleTo(form)
    assert form.comment_edit.isReadOnly() and not form.rec_combo.isEnabled()
    assert "不能修改" in form.locked_banner.text()
    row = page.proxy.row_of_key(aid)
    assert page.proxy.index(row, 3).data() == "已提交"

    # typing into the locked form changes nothing
    type_mark(form.spins["team"], "9")
    assert form.spins["team"].mark() == 5
    assert services.review.get_score_form(actor, aid).marks["team"] == 5
    assert_chinese(window)


def test_stepping_from_unmarked_starts_at_zero(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    from sti_desk.ui.review.score_form import MarkSpinBox

    spin = MarkSpinBox(10)
    qtbot.addWidget(spin)
    assert spin.text() == "未打分" and spin.mark() is None
    spin.stepBy(1)
    assert spin.mark() == 0
    spin.stepBy(3)
    assert str(spin.mark()) == "3.0"
    QTest.keyClick(spin, Qt.Key.Key_Down)
    assert spin.mark() == 2


def test_switching_with_unsaved_marks_asks_first(qtbot, make_window, services, drawn, recorder):  # type: ignore[no-untyped-def]
    window, page, actor, _ = _reviewer_window(make_window, services, drawn)
    qtbot.waitUntil(lambda: page.load_handle.done)
    first = page.form.form.assignment_id
    other = next(a.id for a in page.assignments if a.id != first)
    type_mark(page.form.spins["innovation"], "20")
    assert page.form.is_dirty()
    recorder.confirm_answer = False                 # stay: the typed mark is kept
    page.open_assignment(other)
    assert "尚未保存" in recorder.confirms[-1]
    assert page.form.form.assignment_id == first and page.form.spins["innovation"].mark() == 20
    assert page.proxy.key_at(page.view.currentIndex().row()) == first
    qtbot.mouseClick(page.form.draft_button, Qt.MouseButton.LeftButton)
    assert not page.form.is_dirty()
    qtbot.waitUntil(lambda: page.load_handle.done)
    n = len(recorder.confirms)
    page.open_assignment(other)                     # saved: no question
    assert len(recorder.confirms) == n and page.form.form.assignment_id == other


def test_switching_between_projects_keeps_each_form_its_own(qtbot, make_window, services, drawn, recorder):  # type: ignore[no-untyped-def]
    """A submitted sheet, then open ones, then back: each form shows its own state, the total line survives
    every rebuild of the marks, and an open sheet can be submitted after the switches."""
    from tests.ui.review.world import GOOD

    window, page, actor, ids = _first_submitted(qtbot, make_window, services, drawn)
    for aid in (ids[1], ids[0], ids[2], ids[0], ids[1]):
        page.open_assignment(aid)
        qtbot.waitUntil(lambda aid=aid: page.form.form is not None and page.form.form.assignment_id == aid)
        # what the running event loop does between clicks (processEvents alone leaves deleteLater pending)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert page.form.total_label.text().startswith("总分")
        locked = aid == ids[0]
        assert page.form.submit_button.isVisibleTo(page.form) is not locked
        assert (page.form.comment_edit.toPlainText() == "第一项的意见") is locked
    for code, value in GOOD.items():
        type_mark(page.form.spins[code], str(value))
    page.form.comment_edit.setPlainText("第二项的意见")
    page.form.rec_combo.setCurrentText("资助")
    qtbot.mouseClick(page.form.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.review.get_score_form(actor, ids[1]).status == "submitted")
    assert recorder.errors == []



def _stale_labels(form):  # type: ignore[no-untyped-def]
    """Labels still shown in the marks box that are no longer in its grid (left from an earlier sheet)."""
    from PySide6.QtWidgets import QLabel

    return [w.text() for w in form.marks_box.findChildren(QLabel)
            if w.isVisibleTo(form.marks_box) and form.marks_grid.indexOf(w) < 0]


def _shown_labels(form):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return sorted(w.text() for w in form.marks_box.findChildren(QLabel) if w.isVisibleTo(form.marks_box)
                  and w is not form.total_label)


def test_switching_sheets_leaves_no_old_labels(qtbot, make_window, services, drawn, recorder):  # type: ignore[no-untyped-def]
    """Each load rebuilds the marks grid. The old labels must not stay on screen under or over the new ones:
    not after a switch with the event loop running, and not while 提交成功 is open (a nested event loop,
    which does not run the outer loop's deleteLater) over the sheet just reloaded read-only."""
    from PySide6.QtCore import QEventLoop, QTimer

    from tests.ui.review.world import GOOD

    window, page, actor, ids = _first_submitted(qtbot, make_window, services, drawn)
    form = page.form
    rubric = form.form.rubric
    expected = sorted([c.name for c in rubric.criteria] + [f"满分 {c.max_points} 分" for c in rubric.criteria])
    for aid in (ids[1], ids[0], ids[2]):                      # open, submitted (read-only), unscored
        page.open_assignment(aid)
        assert _stale_labels(form) == []                      # at once, before the loop runs
        qtbot.wait(100)
        assert form.form.assignment_id == aid and form.locked is (aid == ids[0])
        assert _stale_labels(form) == [] and _shown_labels(form) == expected
    window.grab().save("/tmp/reviewer_switch_loop.png")

    seen: list[list[str]] = []

    def info_box(parent, text, title="提示"):  # type: ignore[no-untyped-def]
        loop = QEventLoop()                                   # what the modal 提交成功 box does
        QTimer.singleShot(150, loop.quit)
        loop.exec()
        seen.append(_stale_labels(form))
        window.grab().save("/tmp/reviewer_submitted_box.png")
        recorder.infos.append(text)

    recorder.info = info_box
    from sti_desk.ui import messages
    messages.info = info_box                                  # (recorder's monkeypatch undoes this)
    for code, value in GOOD.items():
        type_mark(form.spins[code], str(value))
    form.comment_edit.setPlainText("第三项的意见")
    form.rec_combo.setCurrentText("资助")
    QTimer.singleShot(0, form.submit_button.click)            # clicked from inside the running loop
    qtbot.waitUntil(lambda: bool(recorder.infos), timeout=3000)
    assert "提交成功" not in recorder.errors and form.locked
    assert seen == [[]]


def test_refresh_reads_again_the_sheet_already_open(qtbot, make_window, services, drawn, recorder):  # type: ignore[no-untyped-def]
    """刷新 shows the new state of the open sheet (submitted elsewhere, e.g. its offline sheet imported by the
    clerk), but never throws away marks being typed."""
    from tests.ui.review.world import GOOD

    window, page, actor, _ = _reviewer_window(make_window, services, drawn)
    qtbot.waitUntil(lambda: page.load_handle.done)
    form = page.form
    first, second = form.form.assignment_id, [a.id for a in page.assignments if a.id != form.form.assignment_id][0]
    assert not form.locked
    services.review.save_marks(actor, first, GOOD, "在别处提交", "资助", submit=True)
    page.refresh()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert form.form.assignment_id == first and form.locked
    assert form.comment_edit.toPlainText() == "在别处提交"
    page.open_assignment(second)
    type_mark(form.spins["innovation"], "21")                 # typing, not saved
    services.review.save_marks(actor, second, {"team": "10"}, "", "")  # a draft saved elsewhere meanwhile
    page.refresh()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert form.form.assignment_id == second and form.spins["innovation"].mark() is not None  # input kept
