"""Typing into the review widgets the way a user does."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_mark(spin, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the box's text, type ``text`` (ASCII digits) and press Enter (the box then interprets it)."""
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, text)
    QTest.keyClick(spin, Qt.Key.Key_Return)


def open_review_page(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    """The main window on 专家评审 for ``actor``, once the page has loaded its call: (window, page)."""
    window = make_window(actor, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    return window, page
