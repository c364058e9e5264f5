"""项目库: the project list with instant search, filters, sorting, and the way into details and edits."""
from __future__ import annotations

from datetime import date
from typing import Any

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QMenu, QPushButton, QTableView, QToolBar, QToolButton, QVBoxLayout, QWidget)

from ...domain.lifecycle import MAIN_PATH, ProjectState
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.dto import ProjectDetail, ProjectListRow
from .. import messages
from ..forms.combos import ChoiceCombo
from ..intake.table_export import TableExport
from ..models.collation import collator
from ..models.project_table import ProjectTableModel
from ..settings import settings
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import project_columns
from .detail_windows import DetailWindows

_HEADER_KEY = "projects/header"


def row_from_detail(d: ProjectDetail, year: int) -> ProjectListRow:
    return ProjectListRow(d.id, d.code, d.title, d.call_id, d.call_name, year, d.unit_id, d.unit_name,
                          d.leader_name, d.field, d.state, d.requested, d.approved, d.start_date, d.end_date)


class EmptyListMessage(QWidget):
    """Centred over the table's rows when none are shown: 没有符合筛选条件的项目 (清除筛选), or no projects yet."""

    def __init__(self, view: QTableView):
        super().__init__(view.viewport())
        self.viewport = view.viewport()
        self.headline = QLabel()
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setStyleSheet("font-size: 12pt; color: #444;")
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #8a8a8a;")
        self.hint.setWordWrap(True)
        self.button = QPushButton()
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.headline)
        layout.addWidget(self.hint)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self._action: Callable[[], object] | None = None
        self.button.clicked.connect(lambda: self._action() if self._action else None)
        self.viewport.installEventFilter(self)
        self.hide()

    def show_message(self, headline: str, hint: str, button: str | None = None,
                     action: Callable[[], object] | None = None, enabled: bool = True, tip: str = "") -> None:
        self.headline.setText(headline)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self._action = action
        self.button.setText(button or "")
        self.button.setVisible(button is not None)
        self.button.setEnabled(enabled)
        self.button.setToolTip(tip)
        self.setGeometry(self.viewport.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.viewport.rect())
        return False


class ProjectListPage(QWidget):
    navigate_requested = Signal(str, dict)
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self._select_after_load: int | None = None
        # filters asked for by navigation before the list (and so the combos' choices) had loaded
        self._pending_filters: dict[str, object] | None = None
        self._filling = False  # (the combos' choices are being replaced: their signals are not the user's)
        self.details = DetailWindows(self, services, actor, self._project_changed)
        self.model = ProjectTableModel(self)

        # toolbar ---------------------------------------------------------------------------------
        title = QLabel("项目库")
        title.setObjectName("pageTitle")
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction("新建项目", self)
        self.new_action.setToolTip("登记一个新的申报项目（Ctrl+N）")
        self.new_action.triggered.connect(self.new_project)
        can_edit = has_permission(actor.role, Permission.EDIT_PROJECTS)
        self.new_action.setEnabled(can_edit)
        if not can_edit:
            self.new_action.setToolTip(f"当前角色“{actor.role.label}”无权新建项目")
        self.refresh_action = QAction("刷新", self)
        self.refresh_action.setToolTip("重新读取项目列表（F5）")
        self.refresh_action.triggered.connect(self.refresh)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.refresh_action)  # (导出 follows once the table exists)

        # filters ---------------------------------------------------------------------------------
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索项目编号、名称、单位、负责人…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.textChanged.connect(self._search_changed)
        find = QAction("查找", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search_edit.setFocus(), self.search_edit.selectAll()))
        self.addAction(find)
        self.call_combo = ChoiceCombo(empty_label="全部批次")
        self.call_combo.setToolTip("按申报批次筛选")
        self.state_combo = ChoiceCombo(empty_label="全部阶段")
        self.state_combo.setToolTip("按项目所处阶段筛选")
        self.state_combo.set_choices([(s.label, s) for s in
                                      (*MAIN_PATH, ProjectState.REJECTED, ProjectState.TERMINATED)])
        self.unit_combo = ChoiceCombo(searchable=True, empty_label="全部单位")
        self.unit_combo.setToolTip("按承担单位筛选（可输入名称查找）")
        self.unit_combo.setMinimumContentsLength(14)
        for combo in (self.call_combo, self.state_combo, self.unit_combo):
            combo.currentIndexChanged.connect(self._filter_chosen)
        self.clear_button = QToolButton()
        self.clear_button.setText("清除筛选")
        self.clear_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel("正在加载…")
        self.count_label.setMinimumWidth(180)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.call_combo, 2)
        filters.addWidget(self.state_combo, 1)
        filters.addWidget(self.unit_combo, 2)
        filters.addWidget(self.clear_button)

        # table -----------------------------------------------------------------------------------
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        vh = self.view.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setHighlightSections(False)
        hh.setSortIndicatorShown(True)
        hh.setStretchLastSection(False)
        project_columns.set_default_widths(self.view)
        hh.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        hh.setToolTip("右键单击表头可显示或隐藏列")
        self._header_restored = self._restore_header()
        self._columns_fitted = self._header_restored
        self.view.setSortingEnabled(True)
        self.view.activated.connect(self._activated)
        self.empty_message = EmptyListMessage(self.view)
        self._has_loaded = False
        self.exporter = TableExport(self, self.view, "项目列表", "个项目", services, actor,
                                    cells=lambda columns: project_columns.shown_cells(self.model, columns))
        self.export_action = self.exporter.action
        self.toolbar.addAction(self.export_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        self.refresh()

    # -- loading ----------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> TaskHandle:
        """Reload every project in the background; the model is filled on the UI thread."""
        if self.load_handle is not None and not self.load_handle.done:
            self.load_handle.abandon()  # (a newer load replaces this one)
        current = self.current_row()
        self._select_after_load = select_id if select_id is not None else (current.id if current else None)
        self.count_label.setText("正在加载…")
        services, actor = self.services, self.actor

        def load(progress: ProgressFn, cancel: CancelToken) -> list[ProjectListRow]:
            progress(0, 0, "正在读取项目列表…")
            rows = services.projects.list_projects(actor)
            cancel.raise_if_cancelled()
            return rows

        self.load_handle = self.runner.run(load, on_success=self._loaded, on_cancel=self._update_count,
                                           on_failure=self._load_failed, title="正在加载项目列表…", parent=self)
        return self.load_handle

    def _loaded(self, rows: list[ProjectListRow]) -> None:
        self._has_loaded = True
        self.model.set_rows(rows)
        self._fill_filter_choices(rows)
        if self._pending_filters is not None:
            self._pending_filters = None
            self._filters_changed()
        self._update_count()
        if self._select_after_load is not None:
            self.select_project(self._select_after_load)

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("加载失败")
        messages.show_exception(self, exc, "项目列表加载失败")

    def _fill_filter_choices(self, rows: list[ProjectListRow]) -> None:
        calls: dict[int, tuple[int, str]] = {}
        units: dict[int, str] = {}
        for r in rows:
            calls[r.call_id] = (r.year, r.call_name)
            units[r.unit_id] = r.unit_name
        key = collator().sortKey
        call_items = sorted(calls.items(), key=lambda kv: (-kv[1][0], key(kv[1][1])))
        unit_items = sorted(units.items(), key=lambda kv: key(kv[1]))
        pending = self._pending_filters or {}
        self._filling = True
        try:
            self._set_filter_choices(call_items, unit_items, pending)
        finally:
            self._filling = False

    def _set_filter_choices(self, call_items: list[tuple[int, tuple[int, str]]],
                            unit_items: list[tuple[int, str]], pending: dict[str, object]) -> None:
        for combo, key, items in ((self.call_combo, "call_id", [(name, cid) for cid, (_, name) in call_items]),
                                  (self.unit_combo, "unit_id", [(name, uid) for uid, name in unit_items])):
            selected = pending.get(key, combo.value())
            if selected is not None and all(value != selected for _, value in items):
                # a call or unit without projects (yet): the list stays filtered by it, the combo says so —
                # by number at once, by name when the background read returns
                combo.set_choices([*items, (f"（编号 {selected}）", selected)], selected)
                self._show_record_name(combo, key, selected, items)
            else:
                combo.set_choices(items, selected)
        if "state" in pending:
            self.state_combo.select(pending["state"])

    def _show_record_name(self, combo: Any, key: str, record_id: object, items: list[tuple[str, object]]) -> None:
        """Add the filtered call's or unit's name to its combo: read in the background (never a query on the UI
        thread), and only while the list is still filtered by it. A failure leaves the combo as it is — it is
        only a label, and the list itself is already filtered."""
        services, actor = self.services, self.actor

        def work(progress: ProgressFn, cancel: CancelToken) -> str | None:
            records = services.calls.list_calls(actor) if key == "call_id" else services.units.list_units(actor)
            return next((r.name for r in records if r.id == record_id), None)

        def show(name: str | None) -> None:
            if name is None or self.model.filter_value(key) != record_id:
                return
            self._filling = True
            try:
                combo.set_choices([*items, (name, record_id)], record_id)
            finally:
                self._filling = False

        self.runner.run(work, on_success=show, on_failure=lambda exc: None, progress_delay_ms=-1,
                        title="正在读取筛选名称…", parent=self)

    # -- search and filters ------------------------------------------------------------------------
    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()

    def _filter_chosen(self, *_: object) -> None:
        if self._filling:
            return
        self._pending_filters = None  # (the user's choice wins over a navigation still waiting for the load)
        self._filters_changed()

    def _filters_changed(self, *_: object) -> None:
        self.model.set_filters(call_id=self.call_combo.value(), state=self.state_combo.value(),  # type: ignore[arg-type]
                               unit_id=self.unit_combo.value())  # type: ignore[arg-type]
        self._update_count()

    def clear_filters(self) -> None:
        self._pending_filters = None
        for combo in (self.call_combo, self.state_combo, self.unit_combo):
            combo.blockSignals(True)
            combo.select(None)
            combo.blockSignals(False)
        self.search_edit.clear()
        self._filters_changed()

    def open_with(self, args: dict[str, Any]) -> None:
        """Navigation from other pages: ``state``, ``call_id``, ``unit_id``, ``search``, ``project_id``."""
        if "state" in args or "call_id" in args or "unit_id" in args:
            state = args.get("state")
            self._pending_filters = {"call_id": args.get("call_id"), "unit_id": args.get("unit_id"),
                                     "state": ProjectState(state) if state else None}
            if self.load_handle is not None and not self.load_handle.done:
                # the first load is still running: the combos get their choices, and these, in _loaded
                self.model.set_filters(**self._pending_filters)  # type: ignore[arg-type]
            else:
                self._fill_filter_choices(self.model.all_rows())
                self._pending_filters = None
                self._filters_changed()
        if "search" in args:
            self.search_edit.setText(str(args["search"]))
        if args.get("project_id"):
            self.open_detail(int(args["project_id"]))
        if args.get("new"):
            self.new_project()

    def _update_count(self) -> None:
        m = self.model
        if m.is_filtered:
            self.count_label.setText(f"共 {m.total_count} 个项目（筛选后 {m.visible_count} 个）")
        else:
            self.count_label.setText(f"共 {m.total_count} 个项目")
        self._update_empty_message()

    def _update_empty_message(self) -> None:
        m = self.model
        if not self._has_loaded or m.visible_count:
            self.empty_message.hide()
        elif m.total_count:
            self.empty_message.show_message("没有符合筛选条件的项目", "换一个搜索词或筛选条件，或清除筛选查看全部项目。",
                                            "清除筛选", self.clear_filters)
        else:
            self.empty_message.show_message("项目库中还没有项目",
                                            "申报项目登记后会列在这里；也可以在“申报受理/形式审查”中批量导入。",
                                            "新建项目", self.new_project, self.new_action.isEnabled(),
                                            self.new_action.toolTip())

    # -- selection, detail, edit ------------------------------------------------------------------
    def current_row(self) -> ProjectListRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_project(self, project_id: int) -> bool:
        row = self.model.view_row_of(project_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_detail(self.model.row_at(index.row()).id)

    def open_detail(self, project_id: int) -> QWidget | None:
        return self.details.open(project_id)

    def new_project(self) -> QWidget | None:
        from ..forms.project_edit import ProjectEditDialog

        try:
            dialog = ProjectEditDialog(self.services, self.actor, parent=self)
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc, "无法新建项目")
            return None
        dialog.saved.connect(self._project_changed)
        dialog.open()
        return dialog

    def _project_changed(self, project_id: int) -> None:
        """Show a saved or moved project at once without reloading the whole list."""
        try:
            detail = self.services.projects.get_project(self.actor, project_id)
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc)
            return
        old = self.model.row_by_id(project_id)
        year = old.year if old else self._call_year(detail.call_id)
        self.model.upsert_row(row_from_detail(detail, year))
        if old is None:
            self._fill_filter_choices(self.model.all_rows())
        self._update_count()
        if not self.select_project(project_id) and old is None:
            self.clear_filters()
            self.select_project(project_id)
        self.data_changed.emit("projects")

    def _call_year(self, call_id: int) -> int:
        for r in self.model.all_rows():
            if r.call_id == call_id:
                return r.year
        for c in self.services.calls.list_calls(self.actor):
            if c.id == call_id:
                return c.year
        return date.today().year

    def on_data_changed(self, kind: str) -> None:
        if kind in ("projects", "units", "calls"):
            self.refresh()

    # -- export ------------------------------------------------------------------------------------
    def export(self) -> TaskHandle | None:
        """导出 the list as shown: the rows left by search and filters in their order, the columns on screen."""
        return self.exporter.run()

    # -- state -------------------------------------------------------------------------------------
    def _restore_header(self) -> bool:
        state = settings().value(_HEADER_KEY)
        return bool(state) and self.view.horizontalHeader().restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._columns_fitted:
            self._columns_fitted = True
            QTimer.singleShot(0, self._fit_title_column)

    def _fit_title_column(self) -> None:
        """First run only (afterwards the saved header state is restored)."""
        project_columns.fit_title_column(self.view)

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        return project_columns.column_menu(self, self.view)

    def reset_columns(self) -> None:
        project_columns.reset_columns(self.view)

    def save_state(self) -> None:
        settings().setValue(_HEADER_KEY, self.view.horizontalHeader().saveState())

    def shutdown(self) -> None:
        self.save_state()
        self.runner.cancel_all()
        self.details.close_all()


