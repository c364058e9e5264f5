"""专家库: the expert pool — search and filter, edit, 启用/暂停 with a reason, declared conflicts (add with
reason and expiry, remove) and each expert's review history and status log."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTabWidget, QToolBar,
                               QVBoxLayout, QWidget)

from ...domain.entities import FIELDS
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.review_dto import (ASSIGNMENT_STATUS_LABELS, ROUND_STATUS_LABELS, DeclaredConflictInfo,
                                    ExpertHistoryRow, ExpertInfo, ExpertStatusEntry)
from .. import messages
from ..forms.combos import ChoiceCombo
from ..intake.table_export import TableExport
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import common
from .common import (LATE_COLOR, MUTED_COLOR, OK_COLOR, attempt, fmt_date, fmt_dt, fmt_score,
                     hint_label, select_key, selected_key, table_view, title_label)
from .expert_dialogs import ConflictDialog, ExpertEditDialog
from .models import Row, RowsModel

HEADERS = ("姓名", "工作单位", "技术领域", "专长", "职称", "状态", "回避声明", "评审任务")


@dataclass
class PoolData:
    experts: list[ExpertInfo]
    assignments: dict[int, int]


class ExpertPoolPage(QWidget):
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.data = PoolData([], {})
        self._select_after: int | None = None
        self.can_edit = has_permission(actor.role, Permission.EDIT_EXPERTS)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.edit_action = QAction("编辑", self)
        self.edit_action.setToolTip("修改所选专家的技术领域、专长、职称和电话")
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
        for a in (self.edit_action, self.status_action, self.refresh_action, self.pool_export.action):
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
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.view.activated.connect(lambda *_: self.edit_current())

        # detail --------------------------------------------------------------------------------------
        self.heading = QLabel("请选择一位专家")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setProperty("dataText", True)
        self.conflict_model = RowsModel(("回避对象", "理由", "有效至", "当前", "登记人", "登记时间"), center=(2, 3))
        self.conflict_view, _ = table_view(self.conflict_model, (18, 16, 6, 4, 5, 8), stretch=1)
        self.add_conflict_button = QPushButton("添加回避声明…")
        self.remove_conflict_button = QPushButton("删除所选声明")
        self.add_conflict_button.clicked.connect(self.add_conflict)
        self.remove_conflict_button.clicked.connect(self.remove_conflict)
        conflict_tab = QWidget()
        cl = QVBoxLayout(conflict_tab)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_conflict_button)
        buttons.addWidget(self.remove_conflict_button)
        buttons.addWidget(hint_label("声明回避按 P13 严格回避制度执行；过期的声明不再计入抽取。"), 1)
        self.conflict_export = TableExport(self, self.conflict_view, lambda: self._detail_title("回避声明"), "条声明",
                                           services, actor)
        buttons.addWidget(self.conflict_export.button("导出…"))
        cl.addLayout(buttons)
        cl.addWidget(self.conflict_view)
        self.history_model = RowsModel(("申报批次", "轮次", "评审组", "项目编号", "项目名称", "任务状态", "分配时间",
                                        "提交时间", "总分"), center=(1, 2, 5, 8))
        self.history_view, _ = table_view(self.history_model, (12, 3, 6, 8, 12, 6, 8, 8, 4), stretch=4)
        self.history_export = TableExport(self, self.history_view, lambda: self._detail_title("评审经历"), "项评审任务",
                                          services, actor, kinds={"总分": "decimal"})
        history_tab = QWidget()
        hl = QVBoxLayout(history_tab)
        history_bar = QHBoxLayout()
        history_bar.addWidget(hint_label("该专家参加过的评审：批次、轮次、项目和任务状态；评审结束后才显示总分。"), 1)
        history_bar.addWidget(self.history_export.button("导出评审经历…"))
        hl.addLayout(history_bar)
        hl.addWidget(self.history_view)
        self.status_model = RowsModel(("时间", "操作", "理由", "操作人"), center=(1,))
        self.status_view, _ = table_view(self.status_model, (9, 4, 30, 6))
        self.status_export = TableExport(self, self.status_view, lambda: self._detail_title("启用暂停记录"), "条记录",
                                         services, actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(conflict_tab, "回避声明")
        self.tabs.addTab(history_tab, "评审经历")
        self.tabs.addTab(self.status_view, "启用/暂停记录")
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 4, 0, 0)
        dl.addWidget(self.heading)
        dl.addWidget(self.tabs, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
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
            progress(0, 0, "正在读取专家库…")
            experts = services.review.list_experts(actor)
            counts = {}
            for n, e in enumerate(experts):
                cancel.raise_if_cancelled()
                progress(n, len(experts), "正在统计评审任务…")
                counts[e.id] = sum(1 for h in services.review.review_history(actor, e.id)
                                   if h.status in ("assigned", "submitted"))
            return PoolData(experts, counts)

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
            n = self.data.assignments.get(e.id, 0)
            rows.append(Row((e.name, e.unit_name, e.field, e.specialty, e.title, status, str(e.declared_conflicts),
                             str(n)), key=e.id, sort=(e.name, e.unit_name, e.field, e.specialty, e.title, status,
                                                      e.declared_conflicts, n),
                            colors={5: OK_COLOR if e.active else LATE_COLOR}))
        target = self._select_after if self._select_after is not None else selected_key(self.view)
        self.model.set_rows(rows)
        self._update_count()
        self._select_after = None
        if target is not None and select_key(self.view, target):
            self._show_current()
        else:
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
        e = self.current_expert()
        if e is None:
            self.heading.setText("请选择一位专家")
            for m in (self.conflict_model, self.history_model, self.status_model):
                m.set_rows([])
            self._update_actions()
            return
        state = "在库" if e.active else "暂停"
        self.heading.setText(f"{e.name}　{e.unit_name}　{e.field}　{e.title}　{e.phone}　（{state}）")
        ok, conflicts = attempt(self, self.services.review.conflicts_of, self.actor, e.id)
        self._show_conflicts(conflicts or [])
        ok, history = attempt(self, self.services.review.review_history, self.actor, e.id)
        self._show_history(history or [])
        ok, log = attempt(self, self.services.review.status_history, self.actor, e.id)
        self._show_status(log or [])
        self._update_actions()

    def _show_conflicts(self, items: list[DeclaredConflictInfo]) -> None:
        self.conflict_model.set_rows([
            Row((c.target_label, c.reason, fmt_date(c.expires) or "长期", "有效" if c.in_force else "已过期", c.created_by,
                 fmt_dt(c.created_at)), key=c.id, colors={3: OK_COLOR if c.in_force else MUTED_COLOR})
            for c in items])
        self.tabs.setTabText(0, f"回避声明（{len(items)}）")

    def _show_history(self, items: list[ExpertHistoryRow]) -> None:
        self.history_model.set_rows([
            Row((f"{h.call_code} {h.call_name}", f"第 {h.round_number} 轮", h.group_code, h.project_code, h.project_title,
                 ASSIGNMENT_STATUS_LABELS.get(h.status, h.status), fmt_dt(h.assigned_at), fmt_dt(h.submitted_at),
                 fmt_score(h.total, 1) if h.total is not None else ""),
                key=(h.round_id, h.project_code),
                tips={8: "评审结束后才显示总分" if h.total is None else "",
                      0: ROUND_STATUS_LABELS.get(h.round_status, h.round_status)})
            for h in items])
        self.tabs.setTabText(1, f"评审经历（{len(items)}）")

    def _show_status(self, items: list[ExpertStatusEntry]) -> None:
        self.status_model.set_rows([Row((fmt_dt(s.at), "启用" if s.active else "暂停", s.reason, s.by),
                                        colors={1: OK_COLOR if s.active else LATE_COLOR}) for s in items])

    # -- actions ------------------------------------------------------------------------------------
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
