"""专家库: the expert pool — search and filter, 新增专家 and 导入 (the import wizard, set to experts), edit,
启用/暂停 with a reason, declared conflicts (add with reason and expiry, remove) and each expert's review
history and status log. The list is one service call (task counts included)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QToolBar, QVBoxLayout, QWidget

from ...domain.entities import FIELDS
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.review_dto import ExpertInfo
from .. import messages
from ..forms.combos import ChoiceCombo
from ..intake.table_export import TableExport
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import common
from .common import LATE_COLOR, OK_COLOR, attempt, select_key, selected_key, table_view, title_label
from .expert_add import ExpertAddDialog
from .expert_detail import ExpertDetail
from .expert_dialogs import ConflictDialog, ExpertEditDialog
from .models import Row, RowsModel

HEADERS = ("姓名", "工作单位", "技术领域", "专长", "职称", "状态", "回避声明", "评审任务")
UNLISTED_TIP = "该工作单位不在单位库中（按填写的名称保存）；抽取时与项目各单位按名称比对回避"


@dataclass
class PoolData:
    experts: list[ExpertInfo]


class ExpertPoolPage(QWidget):
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.data = PoolData([])
        self._select_after: int | None = None
        self._filling = False
        self.wizard: QWidget | None = None
        self.can_edit = has_permission(actor.role, Permission.EDIT_EXPERTS)
        self.can_import = has_permission(actor.role, Permission.IMPORT_DATA)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = QAction("新增专家…", self)
        self.add_action.setToolTip("登记一位专家：姓名、身份证号、技术领域、工作单位等")
        self.add_action.setEnabled(self.can_edit)
        self.import_action = QAction("导入…", self)
        self.import_action.setToolTip("从 Excel 专家表批量导入（导入向导，先预览检查再写入）")
        self.import_action.setEnabled(self.can_import)
        self.add_action.triggered.connect(self.add_expert)
        self.import_action.triggered.connect(self.open_import)
        self.edit_action = QAction("编辑", self)
        self.edit_action.setToolTip("修改所选专家的技术领域、专长、职称、电话和工作单位")
        self.status_action = QAction("暂停", self)
        self.status_action.setToolTip("暂停或重新启用所选专家（须填写理由）")
        self.refresh_action = QAction("刷新", self)
        self.refresh_action.setToolTip("重新读取专家库（F5）")
        self.edit_action.triggered.connect(self.edit_current)
        self.status_action.triggered.connect(self.toggle_status)
        self.refresh_action.triggered.connect(self.refresh)
        self.model = RowsModel(HEADERS, center=(2, 5, 6, 7))
        self.view, self.proxy = table_view(self.model, (5, 14, 5, 10, 7, 9, 5, 5), stretch=1)
        self.pool_export = TableExport(self, self.view, "专家库", "位专家", services, actor,
                                       kinds={"回避声明": "int", "评审任务": "int"})
        for a in (self.add_action, self.import_action, self.edit_action, self.status_action, self.refresh_action,
                  self.pool_export.action):
            self.toolbar.addAction(a)
        self.count_label = QLabel("正在加载…")
        top = QHBoxLayout()
        top.addWidget(title_label("专家库"))
        top.addSpacing(16)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索姓名、单位、领域、专长…")
        self.search_edit.setClearButtonEnabled(True)
        self.field_combo = ChoiceCombo(empty_label="全部领域")
        self.field_combo.set_choices([(f, f) for f in FIELDS])
        self.state_combo = ChoiceCombo(empty_label="全部状态")
        self.state_combo.set_choices([("在库", True), ("暂停", False)])
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.field_combo, 1)
        filters.addWidget(self.state_combo, 1)

        self.search_edit.textChanged.connect(self._search)
        self.field_combo.currentIndexChanged.connect(self._fill)
        self.state_combo.currentIndexChanged.connect(self._fill)
        self.view.selectionModel().selectionChanged.connect(lambda *_: None if self._filling else self._show_current())
        self.view.activated.connect(lambda *_: self.edit_current())

        # detail (the selected expert's tabs); the page keeps names for the parts it and its tests use
        self.detail = ExpertDetail(services, actor, self._detail_title)
        d = self.detail
        self.heading, self.tabs = d.heading, d.tabs
        self.conflict_model, self.conflict_view = d.conflict_model, d.conflict_view
        self.history_model, self.history_export, self.status_model = d.history_model, d.history_export, d.status_model
        self.add_conflict_button, self.remove_conflict_button = d.add_conflict_button, d.remove_conflict_button
        self.add_conflict_button.clicked.connect(self.add_conflict)
        self.remove_conflict_button.clicked.connect(self.remove_conflict)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([360, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._update_actions()
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> TaskHandle:
        services, actor = self.services, self.actor
        self._select_after = select_id if select_id is not None else selected_key(self.view)

        def load(progress: ProgressFn, cancel: CancelToken) -> PoolData:
            # one query: the task counts come with the list (a history per expert took 60 round trips)
            progress(0, 0, "正在读取专家库…")
            experts = services.review.list_experts(actor)
            return PoolData(experts)

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在加载专家库…", parent=self)
        return self.load_handle

    def _loaded(self, data: PoolData) -> None:
        self.data = data
        self._fill()

    def _fill(self, *_: object) -> None:
        fld, state = self.field_combo.value(), self.state_combo.value()
        rows = []
        for e in self.data.experts:
            if (fld and e.field != fld) or (state is not None and e.active != state):
                continue
            status = "在库" if e.active else f"暂停（{e.suspended_reason}）" if e.suspended_reason else "暂停"
            n = e.tasks
            rows.append(Row((e.name, e.unit_name, e.field, e.specialty, e.title, status, str(e.declared_conflicts),
                             str(n)), key=e.id, sort=(e.name, e.unit_name, e.field, e.specialty, e.title, status,
                                                      e.declared_conflicts, n),
                            colors={5: OK_COLOR if e.active else LATE_COLOR},
                            tips={1: UNLISTED_TIP} if e.unit_id is None and e.workplace else {}))
        target = self._select_after if self._select_after is not None else selected_key(self.view)
        # the selection signals of the reset and the re-selection are folded into one detail load
        self._filling = True
        try:
            self.model.set_rows(rows)
            if target is not None:
                select_key(self.view, target)
        finally:
            self._filling = False
        self._update_count()
        self._select_after = None
        self._show_current()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = len(self.data.experts), self.proxy.rowCount()
        active = sum(1 for e in self.data.experts if e.active)
        text = f"共 {total} 位专家（在库 {active} 位，暂停 {total - active} 位）"
        self.count_label.setText(text if shown == total else f"{text}，筛选后 {shown} 位")

    def current_expert(self) -> ExpertInfo | None:
        eid = selected_key(self.view)
        return next((e for e in self.data.experts if e.id == eid), None)

    def _detail_title(self, what: str) -> str:
        """'评审经历（张三）': the sheet and file name of an export of the selected expert's table."""
        e = self.current_expert()
        return f"{what}（{e.name}）" if e is not None else what

    def _update_actions(self) -> None:
        e = self.current_expert()
        self.status_action.setText("启用" if e is not None and not e.active else "暂停")
        for w in (self.edit_action, self.status_action):
            w.setEnabled(self.can_edit and e is not None)
        self.add_conflict_button.setEnabled(self.can_edit and e is not None)
        self.remove_conflict_button.setEnabled(self.can_edit and e is not None and self.conflict_model.rowCount() > 0)

    def _show_current(self) -> None:
        self.detail.show_expert(self.current_expert())
        self._update_actions()

    # -- actions ------------------------------------------------------------------------------------
    def add_expert(self) -> ExpertAddDialog | None:
        if not self.can_edit:
            return None
        dialog = ExpertAddDialog(self.services, self.actor, self)
        dialog.saved.connect(self._changed)
        dialog.open()
        return dialog

    def open_import(self) -> QWidget | None:
        """The import wizard, set to 专家 (the same wizard as 形式审查's 导入); the list reloads after an import."""
        if not self.can_import:
            return None
        from ..intake.wizard import ImportWizard

        ok, calls = attempt(self, self.services.calls.list_calls, self.actor)
        wizard = ImportWizard(self.services, self.actor, calls or [], parent=self)
        wizard.choose_page.kind_combo.select("experts")
        wizard.imported.connect(self._imported)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _imported(self, kind: str, _call_id: object) -> None:
        self.refresh()
        self.data_changed.emit("units" if kind == "units" else "experts" if kind == "experts" else "projects")

    def edit_current(self) -> ExpertEditDialog | None:
        e = self.current_expert()
        if e is None or not self.can_edit:
            return None
        dialog = ExpertEditDialog(self.services, self.actor, e, self)
        dialog.saved.connect(self._changed)
        dialog.open()
        return dialog

    def toggle_status(self) -> bool:
        e = self.current_expert()
        if e is None:
            return False
        if e.active:
            reason = common.ask_text(self, "暂停专家", f"暂停“{e.name}”后，今后的抽取不会抽到该专家（已分配的评审任务不受影响）。"
                              "请填写暂停理由：", ok="暂停")
        else:
            reason = common.ask_text(self, "启用专家", f"重新启用“{e.name}”，今后的抽取可以抽到该专家。请填写启用理由：", ok="启用")
        if reason is None:
            return False
        ok, _ = attempt(self, self.services.review.set_expert_active, self.actor, e.id, not e.active, reason,
                        expected_version=e.version)
        if ok:
            self._changed(e.id)
        return ok

    def add_conflict(self) -> ConflictDialog | None:
        e = self.current_expert()
        if e is None:
            return None
        dialog = ConflictDialog(self.services, self.actor, e, self)
        dialog.saved.connect(lambda _cid: self._changed(e.id))
        dialog.open()
        return dialog

    def remove_conflict(self) -> bool:
        e, cid = self.current_expert(), selected_key(self.conflict_view)
        if e is None or cid is None:
            messages.info(self, "请先在回避声明列表中选择要删除的声明。")
            return False
        if not messages.confirm(self, "确定删除所选回避声明吗？删除记入审计日志。", yes="删除"):
            return False
        ok, _ = attempt(self, self.services.review.remove_conflict, self.actor, cid)
        if ok:
            self._changed(e.id)
        return ok

    def _changed(self, expert_id: int) -> None:
        self.refresh(select_id=expert_id)
        self.data_changed.emit("experts")

    # -- page protocol ------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if kind in ("experts", "review"):
            self.refresh()

    def shutdown(self) -> None:
        self.runner.cancel_all()
        if self.wizard is not None:
            self.wizard.close()
