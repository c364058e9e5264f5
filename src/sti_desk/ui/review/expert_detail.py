"""The lower half of 专家库: the selected expert's heading and three tabs — declared conflicts (with the
add/remove buttons the page connects), review history and the 启用/暂停 log — each exportable as shown."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...domain.policy_params import SOURCE_DOCUMENTS
from ...domain.review.conflicts import RULE as RECUSAL_RULE
from ...services.actor import Actor
from ...services.review_dto import (ASSIGNMENT_STATUS_LABELS, ROUND_STATUS_LABELS, DeclaredConflictInfo,
                                    ExpertHistoryRow, ExpertInfo, ExpertStatusEntry)
from ..intake.table_export import TableExport
from .common import LATE_COLOR, MUTED_COLOR, OK_COLOR, attempt, fmt_date, fmt_dt, fmt_mark, hint_label, table_view
from .models import Row, RowsModel

#: the recusal rule by its name and source (POLICY P13: 000 §十三 保障措施 2), never by its internal code
RECUSAL_HINT = (f"声明回避按{RECUSAL_RULE}执行（依据：{SOURCE_DOCUMENTS['000']}“保障措施”）；"
                "过期的声明不再计入抽取。")


def unit_text(e: ExpertInfo) -> str:
    """The 工作单位 as the heading shows it: a typed unit is marked as not in 单位库."""
    if e.unit_id is None and e.workplace:
        return f"{e.unit_name}（不在单位库）"
    return e.unit_name or "未填写工作单位"


class ExpertDetail(QWidget):
    def __init__(self, services: Any, actor: Actor, title: Callable[[str], str], parent: QWidget | None = None):
        """``title(what)`` names an export of the selected expert's table ('评审经历（张三）')."""
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.heading = QLabel("请选择一位专家")
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setProperty("dataText", True)
        self.conflict_model = RowsModel(("回避对象", "理由", "有效至", "当前", "登记人", "登记时间"), center=(2, 3))
        self.conflict_view, _ = table_view(self.conflict_model, (18, 16, 6, 4, 5, 8), stretch=1)
        self.add_conflict_button = QPushButton("添加回避声明…")
        self.remove_conflict_button = QPushButton("删除所选声明")
        conflict_tab = QWidget()
        cl = QVBoxLayout(conflict_tab)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_conflict_button)
        buttons.addWidget(self.remove_conflict_button)
        buttons.addWidget(hint_label(RECUSAL_HINT), 1)
        self.conflict_export = TableExport(self, self.conflict_view, lambda: title("回避声明"), "条声明",
                                           services, actor)
        buttons.addWidget(self.conflict_export.button("导出…"))
        cl.addLayout(buttons)
        cl.addWidget(self.conflict_view)
        self.history_model = RowsModel(("申报批次", "轮次", "评审组", "项目编号", "项目名称", "任务状态", "分配时间",
                                        "提交时间", "总分"), center=(1, 2, 5, 8))
        self.history_view, _ = table_view(self.history_model, (12, 3, 6, 8, 12, 6, 8, 8, 4), stretch=4)
        self.history_export = TableExport(self, self.history_view, lambda: title("评审经历"), "项评审任务",
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
        self.status_export = TableExport(self, self.status_view, lambda: title("启用暂停记录"), "条记录",
                                         services, actor)
        self.tabs = QTabWidget()
        self.tabs.addTab(conflict_tab, "回避声明")
        self.tabs.addTab(history_tab, "评审经历")
        self.tabs.addTab(self.status_view, "启用/暂停记录")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)

    def show_expert(self, e: ExpertInfo | None) -> None:
        """The heading and the three tables of ``e`` (three small reads), or empty when None."""
        if e is None:
            self.heading.setText("请选择一位专家")
            for m in (self.conflict_model, self.history_model, self.status_model):
                m.set_rows([])
            return
        state = "在库" if e.active else "暂停"
        self.heading.setText(f"{e.name}　{unit_text(e)}　{e.field}　{e.title}　{e.phone}　（{state}）")
        review = self.services.review
        ok, conflicts = attempt(self, review.conflicts_of, self.actor, e.id)
        self._show_conflicts(conflicts or [])
        ok, history = attempt(self, review.review_history, self.actor, e.id)
        self._show_history(history or [])
        ok, log = attempt(self, review.status_history, self.actor, e.id)
        self._show_status(log or [])

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
                 fmt_mark(h.total) if h.total is not None else ""),
                key=(h.round_id, h.project_code),
                tips={8: "评审结束后才显示总分" if h.total is None else "",
                      0: ROUND_STATUS_LABELS.get(h.round_status, h.round_status)})
            for h in items])
        self.tabs.setTabText(1, f"评审经历（{len(items)}）")

    def _show_status(self, items: list[ExpertStatusEntry]) -> None:
        self.status_model.set_rows([Row((fmt_dt(s.at), "启用" if s.active else "暂停", s.reason, s.by),
                                        colors={1: OK_COLOR if s.active else LATE_COLOR}) for s in items])
