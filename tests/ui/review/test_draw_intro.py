"""抽取专家 dialog: the number of projects to be drawn for is exact (those in 专家评审 not yet in a round)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel

from sti_desk.ui.review.draw_dialogs import DrawDialog


def test_draw_intro_gives_the_exact_number_of_projects(qtbot):  # type: ignore[no-untyped-def]
    dialog = DrawDialog("2026年度成果转化项目", 5, 3)
    qtbot.addWidget(dialog)
    intro = next(label.text() for label in dialog.findChildren(QLabel) if "抽取专家" in label.text())
    assert "待评审的 3 个项目抽取专家" in intro and "约" not in intro
