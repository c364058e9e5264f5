"""The 形式审查 page's tool bar (templates, import, screening, the two exports, refresh) and its table, built
here so that the page itself keeps to loading, filtering and deciding."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QToolBar, QToolButton

from ...services.intake_types import KIND_LABELS
from ..review.common import read_only_table
from .screening_model import ScreeningTableModel
from .table_export import TableExport

if TYPE_CHECKING:
    from .screening_page import ScreeningPage

_COLUMN_EMS = (9, 20, 14, 5, 7, 6, 7, 6)


def _action(page: ScreeningPage, text: str, tip: str, slot: object) -> QAction:
    action = QAction(text, page)
    action.setToolTip(tip)
    action.triggered.connect(lambda *_: slot())  # type: ignore[operator]
    return action


def build_toolbar(page: ScreeningPage) -> QToolBar:
    """下载导入模板▾ | 导入 Excel | 运行形式审查 | 导出▾ | 刷新 — the actions become attributes of ``page``;
    导出 itself writes the rows shown, its menu also the whole call's report (``page.export_action``)."""
    page.template_menu = QMenu(page)
    for kind, label in KIND_LABELS.items():
        item = page.template_menu.addAction(f"{label}导入模板…")
        item.triggered.connect(lambda _=False, k=kind: page.download_template(k))
    page.template_button = QToolButton()
    page.template_button.setText("下载导入模板")
    page.template_button.setMenu(page.template_menu)
    # drawn like 导出 (the arrow in a section of its own: an instant popup's arrow is drawn into the text's
    # bottom-right corner, against the last character); a click on the text opens the menu too
    page.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    page.template_button.clicked.connect(page.template_button.showMenu)
    page.template_button.setToolTip("下载单位、专家、项目申报或支出台账的 Excel 导入模板（含下拉列表）")
    page.import_action = _action(page, "导入 Excel", "从 Excel 导入单位、专家、项目申报或支出台账：先预览检查，再导入",
                                 page.open_import)
    page.screen_action = _action(page, "运行形式审查", "对所选批次中处于申报、形式审查阶段的项目运行自动检查",
                                 page.run_screening)
    page.export_action = _action(page, "导出全部审查结果（含检查明细）…",
                                 "把所选批次全部项目的形式审查结果（不通过和需人工判断的原因、审查意见）导出为 Excel 文件",
                                 page.export_results)
    page.list_export = TableExport(page, page.view, page.list_title, "个项目", page.services, page.actor)
    shown = page.list_export.action
    in_menu = _action(page, "导出当前列表（按筛选和搜索）…", shown.toolTip(), page.list_export.run)
    in_menu.setEnabled(shown.isEnabled())
    shown.changed.connect(lambda: (in_menu.setEnabled(shown.isEnabled()), in_menu.setToolTip(shown.toolTip())))
    menu = QMenu(page)
    menu.setToolTipsVisible(True)
    menu.addActions([in_menu, page.export_action])
    page.export_button = QToolButton()
    page.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    page.export_button.setDefaultAction(shown)      # a click: the rows shown; the arrow: the menu
    page.export_button.setMenu(menu)
    page.refresh_action = _action(page, "刷新", "重新读取审查结果（F5）", page.refresh)
    toolbar = QToolBar()
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addWidget(page.template_button)
    toolbar.addAction(page.import_action)
    toolbar.addAction(page.screen_action)
    toolbar.addWidget(page.export_button)
    toolbar.addAction(page.refresh_action)
    return toolbar


def build_table(model: ScreeningTableModel) -> QTableView:
    view = read_only_table(model)
    hh = view.horizontalHeader()
    em = view.fontMetrics().horizontalAdvance("中")
    for col, ems in enumerate(_COLUMN_EMS):
        hh.resizeSection(col, int(ems * em) + 16)
    hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view
