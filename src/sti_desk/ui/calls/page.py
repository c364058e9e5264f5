"""申报批次 page (基础数据): every call with its window, money in 万元, project count and review status;
search, 新建/编辑 (经办人), double-click to edit (or to view, for 分管领导), 导出 to Excel."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar, QWidget

from ...domain.calls import plan_label, window_label
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from .. import messages
from ..review.common import MUTED_COLOR, OK_COLOR, select_key, selected_key, table_view, title_label
from ..review.models import Row, RowsModel
from ..pages.list_page import export_action, list_page_layout
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from .dialog import CallEditDialog

HEADERS = ("批次编号", "批次名称", "年度", "类别", "资金管理方式", "申报时间", "单项上限（万元）", "总预算（万元）",
           "拨付计划", "项目数", "评审状态")
_WIDTHS = (7, 16, 3, 5, 5, 12, 7.5, 7, 6, 3, 7)
_NAME_COLUMN = 1


def call_row(o: Any) -> Row:
    """One line of the list from a ``CallOverview``; money sorts by 分, the window by its opening date."""
    c = o.call
    cells = (c.code, c.name, str(c.year), c.category.label, c.funding_mode.label, window_label(c.opens, c.closes),
             c.cap.wan_str() if c.cap.fen else "不设上限", c.total_budget.wan_str() if c.total_budget.fen else "未设定",
             plan_label(c.disbursement_plan), str(o.projects), o.review_status)
    sort = (c.code, c.name, c.year, c.category.label, c.funding_mode.label,
            c.opens.isoformat() if c.opens else "", c.cap.fen, c.total_budget.fen, c.disbursement_plan, o.projects,
            o.review_status)
    colors = {10: OK_COLOR if o.rubric_locked else MUTED_COLOR}
    tips = {10: "已抽取评审专家：评分标准已锁定" if o.rubric_locked else "尚未抽取评审专家：评分标准可以修改"}
    return Row(cells, key=c.code, sort=sort, colors=colors, tips=tips)


class CallListPage(QWidget):
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.overviews: dict[str, Any] = {}
        self._select_after_load: str | None = None
        self.can_edit = has_permission(actor.role, Permission.EDIT_CALLS)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction("新建批次", self)
        self.edit_action = QAction("编辑" if self.can_edit else "查看", self)
        self.refresh_action = QAction("刷新", self)
        self.export_action = export_action(self, actor, self.export)
        self.new_action.triggered.connect(self.new_call)
        self.edit_action.triggered.connect(self.edit_current)
        self.refresh_action.triggered.connect(self.refresh)
        self.new_action.setEnabled(self.can_edit)
        self.new_action.setToolTip("新建申报批次（年度计划）" if self.can_edit else
                                   f"当前角色“{actor.role.label}”无权管理申报批次")
        self.edit_action.setToolTip("修改所选批次及其评审规则（也可双击）" if self.can_edit else "查看所选批次（也可双击）")
        self.refresh_action.setToolTip("重新读取批次列表（F5）")
        for action in (self.new_action, self.edit_action, self.refresh_action, self.export_action):
            self.toolbar.addAction(action)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索批次编号、名称、类别、年度…")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel("正在加载…")

        self.model = RowsModel(HEADERS, center=(2, 3, 4, 9), right=(6, 7))
        self.view, self.proxy = table_view(self.model, _WIDTHS, stretch=_NAME_COLUMN, parent=self)
        self.view.activated.connect(self._activated)
        self.search_edit.textChanged.connect(self._search)

        list_page_layout(self, title_label("申报批次"), self.toolbar, self.count_label, self.search_edit, self.view)
        self.refresh()

    # -- loading -------------------------------------------------------------------------------------
    def refresh(self, select_code: str | None = None) -> TaskHandle:
        services, actor = self.services, self.actor
        self._select_after_load = select_code or selected_key(self.view)
        if self.load_handle is not None and not self.load_handle.done:
            self.load_handle.abandon()

        def load(progress: ProgressFn, cancel: CancelToken) -> list[Any]:
            progress(0, 0, "正在读取申报批次…")
            return services.calls.overview(actor)  # type: ignore[no-any-return]

        self.load_handle = self.runner.run(load, on_success=self._loaded, on_failure=self._failed,
                                           title="正在加载申报批次…", parent=self)
        return self.load_handle

    def _loaded(self, items: list[Any]) -> None:
        self.overviews = {o.call.code: o for o in items}
        self.model.set_rows([call_row(o) for o in items])
        self._update_count()
        if self._select_after_load is not None:
            select_key(self.view, self._select_after_load)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText("加载失败")
        messages.show_exception(self, exc, "申报批次加载失败")

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        n, m = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"共 {n} 个批次" if n == m else f"共 {n} 个批次（筛选后 {m} 个）")

    # -- editing -------------------------------------------------------------------------------------
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_call(self.proxy.key_at(index.row()))

    def edit_current(self) -> CallEditDialog | None:
        code = selected_key(self.view)
        return self.edit_call(code) if code else None

    def new_call(self) -> CallEditDialog | None:
        if not self.can_edit:
            return None
        return self._open(CallEditDialog(self.services, self.actor, parent=self))

    def edit_call(self, code: str) -> CallEditDialog | None:
        try:
            dialog = CallEditDialog(self.services, self.actor, code, parent=self)
        except Exception as exc:  # noqa: BLE001 - e.g. the call was removed meanwhile: say so, keep the page
            messages.show_exception(self, exc, "无法打开申报批次")
            return None
        return self._open(dialog)

    def _open(self, dialog: CallEditDialog) -> CallEditDialog:
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, code: str) -> None:
        self.refresh(select_code=code)
        self.data_changed.emit("calls")

    def export(self) -> TaskHandle | None:
        """导出 the calls shown (search and sort applied): money as numbers in 万元, dates as dates."""
        from ..intake.files import export_list

        rows = []
        for r in range(self.proxy.rowCount()):
            o = self.overviews[self.proxy.key_at(r)]
            c = o.call
            rows.append([c.code, c.name, c.year, c.category.label, c.funding_mode.label, c.organisation_mode.label,
                         c.opens, c.closes, c.cap, c.total_budget, c.self_funding_ratio, plan_label(c.disbursement_plan),
                         c.experts_per_group, o.projects, o.review_status])
        headers = ["批次编号", "批次名称", "年度", "类别", "资金管理方式", "组织方式", "申报开始日期", "申报截止日期",
                   "单项资助上限（万元）", "批次总预算（万元）", "自筹比例", "拨付计划", "每组专家人数", "项目数", "评审状态"]
        return export_list(self, self.services, self.actor, "申报批次", headers, rows, "个批次")

    # -- page protocol -------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if kind in ("calls", "projects", "review"):
            self.refresh()

    def shutdown(self) -> None:
        self.runner.cancel_all()
