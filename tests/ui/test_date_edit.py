"""The shared date box (ui.forms.fields.DateEdit) keeps the date the clerk types, however it is typed: with
separators after completed sections, over the whole selected text, with / or . — a plain QDateEdit turned
2027-01-01 into 2027-12-01 and kept the old year when the whole text was selected. A digit the date cannot
take is refused with a reason, never silently replaced by another date."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from sti_desk.ui.forms.fields import DateEdit

TYPED = [("2027-01-01", date(2027, 1, 1)), ("20270101", date(2027, 1, 1)), ("2099-12-31", date(2099, 12, 31)),
         ("2027-1-5", date(2027, 1, 5)), ("2026-2-28", date(2026, 2, 28)), ("2026/11/30", date(2026, 11, 30)),
         ("2026-12-10", date(2026, 12, 10)), ("2026.1.31", date(2026, 1, 31)), ("2026/1/5", date(2026, 1, 5)),
         ("2027-12-1", date(2027, 12, 1))]


@pytest.fixture
def form(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    w = QWidget()
    layout = QVBoxLayout(w)
    before, edit = QLineEdit(), DateEdit(date(2026, 12, 3))
    layout.addWidget(before)
    layout.addWidget(edit)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield before, edit
    w.close()  # (the fixture holds the window until the test ends)


def _type(qtbot, before, edit, text, how):  # type: ignore[no-untyped-def]
    edit.set_value(date(2026, 12, 3))
    before.setFocus()
    if how == "tab":                            # Tab into the box selects the year, then type
        qtbot.keyClick(before, Qt.Key.Key_Tab)
    else:                                       # the whole text selected (Ctrl+A), then type
        edit.setFocus()
        edit.selectAll()
    qtbot.keyClicks(edit, text)
    before.setFocus()                           # leave the box: nothing may change on the way out
    return edit.value()


@pytest.mark.parametrize("how", ["tab", "select_all"])
def test_typed_dates_are_kept(qtbot, form, how):  # type: ignore[no-untyped-def]
    before, edit = form
    got = {text: _type(qtbot, before, edit, text, how) for text, _ in TYPED}
    assert got == dict(TYPED)
    assert edit.refusal == ""


def test_an_impossible_day_is_refused_with_a_reason(qtbot, form):  # type: ignore[no-untyped-def]
    before, edit = form
    _type(qtbot, before, edit, "2026-02-30", "tab")
    assert edit.refusal == "2026 年 2 月没有 30 日"
    assert "2026-12-03" not in edit.text()       # what was typed so far is there, not the old date
