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
