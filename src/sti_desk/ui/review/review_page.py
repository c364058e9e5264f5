"""专家评审: choose a call, then three tabs — 抽取与评分进度 (clerks organise; managers read),
评审结果与拟立项 (after the round is closed: ranking, marks, the manager's funding decision) and
拟立项公示 (publicity, objections, 立项)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.entities import Call
from ...domain.permissions import Permission, has_permission
from ...domain.review import RULES
from ...services.actor import Actor
from .. import messages
from ..forms.combos import ChoiceCombo
from ..settings import settings
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from .common import fmt_date, title_label
from .progress_panel import ProgressPanel
from .publicity_panel import PublicityPanel
from .results_panel import ResultsPanel
from .state import CallState, load_call_state

_CALL_KEY = "review/call"


class ReviewPage(QWidget):
    data_changed = Signal(str)
    navigate_requested = Signal(str, dict)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.calls: list[Call] = []
        self.state: CallState | None = None
        self.can_organise = has_permission(actor.role, Permission.ORGANISE_REVIEW)
        self.can_approve = has_permission(actor.role, Permission.APPROVE_FUNDING)

        self.call_combo = ChoiceCombo()
        self.call_combo.setToolTip("选择要组织或查看评审的申报批次")
        self.call_combo.setMinimumContentsLength(28)
        self.call_combo.currentIndexChanged.connect(lambda *_: self.reload())
        refresh = QPushButton("刷新")
        refresh.setToolTip("重新读取评审进度（F5）")
        refresh.clicked.connect(self.refresh)
        self.info_label = QLabel("正在加载…")
        self.info_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(title_label("专家评审"))
        top.addSpacing(16)
        top.addWidget(QLabel("申报批次"))
        top.addWidget(self.call_combo, 1)
        top.addWidget(refresh)

        self.progress = ProgressPanel(self)
        self.results = ResultsPanel(self)
        self.publicity = PublicityPanel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.progress, "抽取与评分进度")
        self.tabs.addTab(self.results, "评审结果与拟立项")
        self.tabs.addTab(self.publicity, "拟立项公示")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.info_label)
        layout.addWidget(self.tabs, 1)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self) -> TaskHandle:
        """Reload the list of calls, then the chosen call."""
        services, actor = self.services, self.actor

        def load(progress: ProgressFn, cancel: CancelToken) -> list[Call]:
            progress(0, 0, "正在读取申报批次…")
            return services.calls.list_calls(actor)

        self.load_handle = self.runner.run(load, on_success=self._calls_loaded, title="正在加载申报批次…", parent=self)
        return self.load_handle

    def _calls_loaded(self, calls: list[Call]) -> None:
        self.calls = calls
        current = self.call_combo.value() or settings().value(_CALL_KEY, "")
        codes = [c.code for c in calls]
        choice = current if current in codes else (codes[0] if codes else None)
        self.call_combo.blockSignals(True)
        self.call_combo.set_choices([(f"{c.code}　{c.name}", c.code) for c in calls], choice)
        self.call_combo.blockSignals(False)
        if not calls:
            self.info_label.setText("还没有申报批次。")
            return
        self.reload()

    def current_call(self) -> Call | None:
        code = self.call_combo.value()
        return next((c for c in self.calls if c.code == code), None)

    def reload(self, then_tab: int | None = None) -> TaskHandle | None:
        call = self.current_call()
        if call is None:
            return None
        settings().setValue(_CALL_KEY, call.code)
        services, actor = self.services, self.actor
        if self.load_handle is not None and not self.load_handle.done:
            self.load_handle.abandon()  # (a newer load replaces this one)
        self.info_label.setText("正在加载…")

        def load(progress: ProgressFn, cancel: CancelToken) -> CallState:
            return load_call_state(services, actor, call, progress, cancel)

        def loaded(state: CallState) -> None:
            self._show(state)
            if then_tab is not None:
                self.tabs.setCurrentIndex(then_tab)

        self.load_handle = self.runner.run(load, on_success=loaded, on_failure=self._failed,
                                           title="正在加载评审信息…", parent=self)
        return self.load_handle

    def _failed(self, exc: BaseException) -> None:
        self.info_label.setText("加载失败")
        messages.show_exception(self, exc, "评审信息加载失败")

    def _show(self, state: CallState) -> None:
        first = self.state is None
        self.state = state
        self.info_label.setText(self.describe(state))
        self.progress.show_state(state)
        self.results.show_state(state)
        self.publicity.show_state(state)
        if first and state.results is not None and not self.can_organise:
            self.tabs.setCurrentWidget(self.results)

    def describe(self, state: CallState) -> str:
        c, r = state.call, state.rubric
        rule = ""
        if r is not None:
            # the round's own number once drawn (review_rounds.per_group), before that the call's setting
            per_group = state.status.per_group if state.status is not None else r.experts_per_group
            rule = (f"每组 {per_group} 位专家；汇总规则：{RULES.get(r.aggregation, r.aggregation)}；"
                    f"评分满分 {r.rubric.max_total} 分")
        money = f"单项上限 {c.cap.wan_str()} 万元，批次总预算 {c.total_budget.wan_str()} 万元"
        if state.status is None:
            return f"{c.name}：{state.no_round}。{rule}。{money}。"
        s = state.status
        deadline = f"，评分截止 {fmt_date(s.deadline)}" if s.deadline else ""
        return (f"{c.name}：第 {s.number} 轮评审，{s.status_label}{deadline}；已提交 {s.submitted}/{s.total} 份评分。"
                f"{rule}。{money}。")

    def after_change(self, tab: int | None = None) -> None:
        """Called by the panels after a successful action."""
        self.reload(tab)
        self.data_changed.emit("review")
        self.data_changed.emit("projects")

    # -- page protocol ------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if kind == "calls":
            self.refresh()  # a call added or renamed: the call list itself changes
        elif kind in ("projects", "experts", "review"):
            self.reload()

    def open_with(self, args: dict[str, Any]) -> None:
        code = args.get("call")
        if code:
            self.call_combo.select(code)

    def shutdown(self) -> None:
        self.runner.cancel_all()
        for panel in (self.progress, self.results, self.publicity):
            panel.runner.cancel_all()
