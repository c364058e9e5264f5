"""单位库: list, search, new and edit units."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QToolBar, QWidget

from ...domain.entities import Unit
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ..forms.unit_edit import UnitEditDialog
from ..intake.table_export import TableExport
from ..models.unit_table import UnitTableModel
from ..settings import settings
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from .list_page import list_page_layout

_HEADER_KEY = "units/header"


class UnitListPage(QWidget):
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self._select_after_load: int | None = None
        self.model = UnitTableModel(self)
        self.can_edit = has_permission(actor.role, Permission.EDIT_UNITS)

        title = QLabel("单位库")
        title.setObjectName("pageTitle")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction("新建单位", self)
        self.edit_action = QAction("编辑", self)
        self.refresh_action = QAction("刷新", self)
        self.new_action.triggered.connect(self.new_unit)
        self.edit_action.triggered.connect(self.edit_current)
        self.refresh_action.triggered.connect(self.refresh)
        for action in (self.new_action, self.edit_action):
            action.setEnabled(self.can_edit)
            action.setToolTip("登记或修改单位信息" if self.can_edit else
                              f"当前角色“{actor.role.label}”无权编辑单位")
        self.refresh_action.setToolTip("重新读取单位列表（F5）")
        for action in (self.new_action, self.edit_action, self.refresh_action):
            self.toolbar.addAction(action)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索单位名称、信用代码、联系人…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search)
        self.count_label = QLabel("正在加载…")

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        vh = self.view.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.view.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        for col, ems in enumerate((18, 13, 7, 7, 5, 5, 5, 9, 4)):
            hh.resizeSection(col, int(ems * em) + 16)
        hh.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        state = settings().value(_HEADER_KEY)
        if state:
            hh.restoreState(state)
        # the name takes the width left over, so the table fills the page (also over a saved header state)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.setSortingEnabled(True)
        self.view.activated.connect(self._activated)
        # the table shows only the 是 of a yes/no column; the file says 否 where the cell is blank
        self.exporter = TableExport(self, self.view, "单位列表", "家单位", services, actor,
                                    kinds={"项目数": "int", "规上工业企业": "yesno", "研发机构": "yesno"})
        self.export_action = self.exporter.action
        self.toolbar.addAction(self.export_action)

        list_page_layout(self, title, self.toolbar, self.count_label, self.search_edit, self.view)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> TaskHandle:
        services, actor = self.services, self.actor
        self._select_after_load = select_id

        def load(progress: ProgressFn, cancel: CancelToken) -> tuple[list[Unit], dict[int, int]]:
            progress(0, 0, "正在读取单位列表…")
            units = services.units.list_units(actor)
            counts = services.units.project_counts(actor)
            cancel.raise_if_cancelled()
            return units, counts

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在加载单位列表…", parent=self)
        return self.load_handle

    def _loaded(self, result: tuple[list[Unit], dict[int, int]]) -> None:
        self.model.set_units(*result)
        self._update_count()
        if self._select_after_load is not None:
            row = self.model.row_of(self._select_after_load)
            if row is not None:
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.scrollTo(self.model.index(row, 0))

    def _search(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        n, m = self.model.total_count, self.model.rowCount()
        self.count_label.setText(f"共 {n} 个单位" if n == m else f"共 {n} 个单位（筛选后 {m} 个）")

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.can_edit:
            self.edit_unit(self.model.unit_at(index.row()).id)  # type: ignore[arg-type]

    def edit_current(self) -> UnitEditDialog | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.edit_unit(self.model.unit_at(index.row()).id)  # type: ignore[arg-type]

    def new_unit(self) -> UnitEditDialog:
        return self._open(UnitEditDialog(self.services, self.actor, parent=self))

    def edit_unit(self, unit_id: int) -> UnitEditDialog:
        return self._open(UnitEditDialog(self.services, self.actor, unit_id, parent=self))

    def _open(self, dialog: UnitEditDialog) -> UnitEditDialog:
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, unit_id: int) -> None:
        self.refresh(select_id=unit_id)
        self.data_changed.emit("units")

    def export(self) -> TaskHandle | None:
        """导出 the units the clerk sees: search and sort applied, the columns on screen in their order."""
        return self.exporter.run()

    def on_data_changed(self, kind: str) -> None:
        if kind in ("units", "projects"):
            self.refresh()

    def shutdown(self) -> None:
        settings().setValue(_HEADER_KEY, self.view.horizontalHeader().saveState())
        self.runner.cancel_all()
