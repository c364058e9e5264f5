"""政策参数: the parameters in force today (参数, 当前值, 依据, 生效日期), every version (a future one shown as
待生效), the selected version's values against the version before it, and 新建版本… (管理员)."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...domain.permissions import Permission, has_permission
from ...domain.policy_params import PARAMETERS
from ...domain.policy_text import accepted, in_force_since, value_text
from ...services.actor import Actor
from ...services.policy import STATUS_IN_FORCE, STATUS_PENDING, PolicyVersionInfo
from ..intake.table_export import TableExport
from ..review.common import (MUTED_COLOR, WARN_BACKGROUND, fmt_date, fmt_dt, hint_label, section_label, select_key,
                             selected_key, table_view)
from ..review.models import Row, RowsModel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import policy_dialog

CURRENT_HEADERS = ("参数", "当前值", "依据", "生效日期")
VERSION_HEADERS = ("生效日期", "状态", "说明", "录入人", "录入时间")
DETAIL_HEADERS = ("参数", "本版本", "上一版本")
PENDING_COLOR, CHANGED_COLOR = "#b26a00", "#1565c0"
HELP = ("政策参数按生效日期分版本：新版本从生效日期起适用，之前已办结的事项仍按当时的版本。生效日期只能是今天或以后，"
        "每个日期一个版本；每次新建都记入审计日志。")


def _status_colour(status: str) -> str:
    return PENDING_COLOR if status == STATUS_PENDING else ("" if status == STATUS_IN_FORCE else MUTED_COLOR)


def _column(*items: tuple[QWidget, int]) -> QWidget:
    """Widgets stacked with their stretch factors: one side of the splitter."""
    column = QWidget()
    box = QVBoxLayout(column)
    box.setContentsMargins(2, 0, 2, 0)
    for widget, stretch in items:
        box.addWidget(widget, stretch)
    return column


class PolicyTab(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.history: list[PolicyVersionInfo] = []
        self.today = date.today()

        self.new_button = QPushButton("新建版本…")
        self.new_button.clicked.connect(self.new_version)
        if not has_permission(actor.role, Permission.EDIT_POLICY):
            self.new_button.setEnabled(False)
            self.new_button.setToolTip("当前角色无权修改政策参数")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.summary_label, 1)

        self.current_model = RowsModel(CURRENT_HEADERS, center=(3,))
        self.current_view, _ = table_view(self.current_model, (15.5, 9, 14.5, 6.5), stretch=1, sortable=False)
        self.current_title = section_label("现行参数")

        self.versions_model = RowsModel(VERSION_HEADERS, center=(0, 1))
        self.versions_view, _ = table_view(self.versions_model, (6.5, 4, 10, 5, 8.5), stretch=2, sortable=False)
        self.versions_view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_model = RowsModel(DETAIL_HEADERS)
        self.detail_view, _ = table_view(self.detail_model, (14, 7, 7), stretch=0, sortable=False)

        # 导出 of each table as shown (right-click); the parameters in force also by the button
        as_text = {h: "text" for h in ("当前值", "本版本", "上一版本")}
        self.exports = [
            TableExport(self, self.current_view, lambda: f"现行政策参数（{self.today:%Y-%m-%d} 适用）", "项参数",
                        services, actor, kinds=as_text),
            TableExport(self, self.versions_view, "政策参数版本", "个版本", services, actor),
            TableExport(self, self.detail_view, self._detail_title, "项参数", services, actor, kinds=as_text)]
        top.addWidget(self.exports[0].button("导出现行参数…"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(_column((self.current_title, 0), (self.current_view, 1)))
        splitter.addWidget(_column((section_label("版本"), 0), (self.versions_view, 1), (self.detail_label, 0),
                                   (self.detail_view, 4)))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint_label(HELP))
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self, select: int | None = None) -> TaskHandle:
        services, actor = self.services, self.actor
        self.today = date.today()
        today = self.today

        def load(progress: ProgressFn, cancel: CancelToken) -> list[PolicyVersionInfo]:
            return services.policy.history(actor, today=today)  # type: ignore[no-any-return]

        self.load_handle = self.runner.run(load, on_success=lambda h: self._loaded(h, select),
                                           title="正在读取政策参数…", parent=self)
        return self.load_handle

    def in_force(self) -> PolicyVersionInfo | None:
        return next((v for v in self.history if v.status == STATUS_IN_FORCE), None)

    def _loaded(self, history: list[PolicyVersionInfo], select: int | None) -> None:
        self.history = history
        current = self.in_force()
        since = in_force_since([v.version for v in history], self.today)
        rows = []
        if current is not None:
            for spec in PARAMETERS:
                value = value_text(spec, getattr(current.params, spec.name))
                started = since.get(spec.name)
                recent = started is not None and started != min(v.effective_from for v in history)
                rows.append(Row((spec.title, value, spec.basis, fmt_date(started)), key=spec.name,
                                colors={3: CHANGED_COLOR} if recent else {},
                                tips={0: spec.source_tip, 1: f"{value}\n{accepted(spec)}", 2: spec.source_tip}))
        self.current_model.set_rows(rows)
        self.current_title.setText(f"现行参数（{self.today:%Y-%m-%d} 适用）")
        self.summary_label.setText(self._summary(current))
        self.versions_model.set_rows([
            Row((fmt_date(v.effective_from), v.status, v.note, v.created_by, fmt_dt(v.created_at)), key=v.id,
                colors={1: _status_colour(v.status)} if _status_colour(v.status) else {},
                bold=v.status == STATUS_IN_FORCE, tips={2: v.note}) for v in history])
        target = select if select is not None else (current.id if current else None)
        if target is None or not select_key(self.versions_view, target):
            self._show_selected()

    def _summary(self, current: PolicyVersionInfo | None) -> str:
        if current is None:
            return "尚无生效的政策参数版本。"
        text = f"现行版本：{current.effective_from:%Y-%m-%d} 起生效（{current.note}）。"
        pending = [v for v in self.history if v.status == STATUS_PENDING]
        if pending:
            text += "待生效：" + "，".join(f"{v.effective_from:%Y-%m-%d}（{v.note}）" for v in reversed(pending)) + "。"
        return text

    # -- the selected version -----------------------------------------------------------------------
    def selected(self) -> PolicyVersionInfo | None:
        key = selected_key(self.versions_view)
        return next((v for v in self.history if v.id == key), None)

    def _show_selected(self) -> None:
        v = self.selected()
        if v is None:
            self.detail_label.setText("选择一个版本，查看它的取值和相对上一版本的改动。")
            self.detail_model.set_rows([])
            return
        previous = next((p for p in self.history if p.effective_from == v.previous_from), None)
        if previous is None:
            compared = "最早的版本。"
        elif v.changes:
            compared = f"与 {v.previous_from:%Y-%m-%d} 起的版本相比改动 {len(v.changes)} 项（蓝色加粗）。"
        else:
            compared = f"与 {v.previous_from:%Y-%m-%d} 起的版本相同。"
        self.detail_label.setText(f"{v.effective_from:%Y-%m-%d} 起（{v.status}）：{v.note}。{compared}")
        changed = {c.spec.name for c in v.changes}
        rows = []
        for spec in PARAMETERS:
            mine = value_text(spec, getattr(v.params, spec.name))
            before = value_text(spec, getattr(previous.params, spec.name)) if previous else ""
            hit = spec.name in changed
            rows.append(Row((spec.title, mine, before), key=spec.name, bold=hit,
                            colors={-1: CHANGED_COLOR} if hit else {},
                            backgrounds={-1: WARN_BACKGROUND} if hit else {},
                            tips={0: spec.caption, 1: mine, 2: before}))
        self.detail_model.set_rows(rows)

    def _detail_title(self) -> str:
        v = self.selected()
        return f"政策参数（{v.effective_from:%Y-%m-%d} 起）与上一版本对照" if v else "政策参数版本对照"

    # -- actions ------------------------------------------------------------------------------------
    def new_version(self) -> bool:
        base = self.in_force()
        if base is None:
            return False
        pending = [v for v in self.history if v.status == STATUS_PENDING]
        new_id = policy_dialog.ask_new_version(self, self.services, self.actor, base, pending)
        if new_id is None:
            return False
        self.refresh(select=new_id)
        return True
