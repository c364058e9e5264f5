"""Pieces every list page (单位库, 申报批次 …) builds the same way: the title row with the tool bar and the
count, the page's margins, and the 导出 action that says why it is disabled."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QToolBar, QVBoxLayout, QWidget

from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor


def list_page_layout(page: QWidget, title: QWidget, toolbar: QToolBar, count_label: QLabel,
                     *rows: QWidget | QLayout) -> QVBoxLayout:
    """Title | tool bar | … | count on top, then ``rows``; the last row takes the free height."""
    top = QHBoxLayout()
    top.addWidget(title)
    top.addSpacing(16)
    top.addWidget(toolbar)
    top.addStretch(1)
    top.addWidget(count_label)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 10, 16, 8)
    layout.addLayout(top)
    for i, row in enumerate(rows):
        stretch = 1 if i == len(rows) - 1 else 0
        if isinstance(row, QLayout):
            layout.addLayout(row, stretch)
        else:
            layout.addWidget(row, stretch)
    return layout


def export_action(parent: QWidget, actor: Actor, triggered: Callable[[], object]) -> QAction:
    """导出 (enabled only with 导出数据), its tool tip saying what is exported or why it is not allowed."""
    action = QAction("导出", parent)
    action.triggered.connect(triggered)
    allowed = has_permission(actor.role, Permission.EXPORT_DATA)
    action.setEnabled(allowed)
    action.setToolTip("把当前搜索和排序后的列表导出为 Excel 文件" if allowed else
                      f"当前角色“{actor.role.label}”无权导出数据")
    return action
