"""Guard against the PySide6 6.12.0 + Python 3.11 bug that drops a reference to None on every Qt call
returning nothing; after a few thousand calls the interpreter aborts (none_dealloc). pyproject pins
PySide6 below 6.12; this test fails if a future upgrade brings the bug back."""
import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("测试")
    assert abs(sys.getrefcount(None) - before) < 50
