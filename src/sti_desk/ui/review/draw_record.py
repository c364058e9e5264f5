"""抽取记录: the seed, the inputs' fingerprint, and per group who was drawn, who was excluded and why,
every lot, and the replacements — with 复核 (re-run the draw from the record and compare)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGridLayout, QLabel, QListWidget, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from ...domain.review import pool_summary
from ...services.actor import Actor
from ...services.review_dto import ROUND_STATUS_LABELS, DrawGroupRecord, DrawRecordView, ExpertRef
from .. import messages
from ..intake.table_export import TableExport
from .common import MUTED_COLOR, OK_COLOR, attempt, fmt_date, fmt_dt, hint_label, table_view
from .models import Row, RowsModel


def names(refs: list[ExpertRef]) -> str:
    return "、".join(r.name for r in refs) or "（无）"


class DrawRecordDialog(QDialog):
    def __init__(self, services: Any, actor: Actor, record: DrawRecordView, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.record = services, actor, record
        self.setWindowTitle(f"抽取记录：{record.call_code} 第 {record.number} 轮")
        self.resize(1040, 640)

        info = QGridLayout()
        pairs = (("申报批次", f"{record.call_code} {record.call_name}"),
                 ("轮次与状态", f"第 {record.number} 轮，{ROUND_STATUS_LABELS.get(record.status, record.status)}"),
                 ("随机种子", record.seed), ("抽取日期", fmt_date(record.draw_on)),
                 ("抽取参数", f"每组 {record.per_group} 位评审专家、{record.reserves} 位备选；每组最多 {record.max_group_size} 个项目"),
                 ("抽取人", f"{record.created_by}（{fmt_dt(record.created_at)}）"),
                 ("输入指纹", record.inputs_digest))
        for i, (k, v) in enumerate(pairs):
            key = QLabel(k + "：")
            key.setAlignment(Qt.AlignmentFlag.AlignRight)
            value = QLabel(v)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setProperty("dataText", True)
            value.setWordWrap(True)
            info.addWidget(key, i // 2, (i % 2) * 2)
            info.addWidget(value, i // 2, (i % 2) * 2 + 1)
        info.setColumnStretch(1, 1)
        info.setColumnStretch(3, 1)

        self.groups = QListWidget()
        self.groups.setMaximumWidth(220)
        for g in record.groups:
            self.groups.addItem(f"{g.code}（{len(g.projects)} 个项目）")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("dataText", True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.excluded_model = RowsModel(("专家", "工作单位", "排除类型", "理由"), center=(2,))
        self.excluded_view, _ = table_view(self.excluded_model, (5, 14, 5, 30))
        self.lots_model = RowsModel(("专家", "领域", "层级", "抽取前评审组数", "抽取前备选次数", "签号", "结果"),
                                    center=(1, 2, 3, 4, 6), right=(5,))
        self.lots_view, _ = table_view(self.lots_model, (6, 5, 3, 7, 7, 8, 6))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, "项目与专家")
        self.tabs.addTab(self.excluded_view, "排除记录")
        self.tabs.addTab(self.lots_view, "抽签")
        self.replacement_model = RowsModel(("评审组", "退出专家", "接替专家", "原因", "来源", "跳过的备选", "操作人", "时间"),
                                           center=(0, 4))
        self.replacement_view, _ = table_view(self.replacement_model, (7, 5, 5, 16, 4, 14, 5, 8))
        where = f"（{record.call_code} 第 {record.number} 轮）"
        self.exports = [TableExport(self, view, what + where, noun, services, actor, kinds=kinds)  # right-click menus
                        for view, what, noun, kinds in (
                            (self.excluded_view, "抽取排除记录", "条记录", None),
                            (self.lots_view, "抽签记录", "条记录", {"抽取前评审组数": "int", "抽取前备选次数": "int"}),
                            (self.replacement_view, "专家更换记录", "条记录", None))]
        self.replacement_model.set_rows([
            Row((r.group_code, r.declined.name, r.new.name, r.reason, "备选专家" if r.source == "reserve" else "专家库补抽",
                 "；".join(f"{s.expert.name}：{'、'.join(s.reasons) or s.kind_label}" for s in r.skipped) or "无",
                 r.by, fmt_dt(r.at))) for r in record.replacements])
        self.tabs.addTab(self.replacement_view, f"替补记录（{len(record.replacements)}）")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.groups)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.groups.currentRowChanged.connect(self._show_group)

        warnings = hint_label("抽取时的提示：" + "；".join(record.warnings)) if record.warnings else None
        buttons = QDialogButtonBox()
        verify = buttons.addButton("复核抽取", QDialogButtonBox.ButtonRole.ActionRole)
        verify.setToolTip("用记录的输入和种子重新抽取，与记录比较")
        verify.clicked.connect(self.verify)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(info)
        if warnings is not None:
            layout.addWidget(warnings)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        if record.groups:
            self.groups.setCurrentRow(0)

    def _show_group(self, row: int) -> None:
        if not 0 <= row < len(self.record.groups):
            return
        g: DrawGroupRecord = self.record.groups[row]
        projects = "\n".join(f"　{p.code}　{p.title}（{p.unit_name}）" for p in g.projects)
        changed = [e.name for e in g.panel_now if e.id not in {x.id for x in g.panel_as_drawn}]
        lines = [f"评审组 {g.code}（{g.field}）", f"项目：\n{projects}",
                 f"抽中的评审专家：{names(g.panel_as_drawn)}",
                 f"现任评审专家：{names(g.panel_now)}" + (f"（替补：{'、'.join(changed)}）" if changed else ""),
                 f"备选专家（按递补顺序）：{names(g.reserves)}",
                 pool_summary(g.pool_size, g.other_field_count, len(g.excluded), len(g.lots)) + "。"]
        if g.neighbour_fields_used:
            lines.append("使用了相邻领域：" + "、".join(g.neighbour_fields_used))
        if g.notes:
            lines.append("说明：" + "；".join(g.notes))
        self.summary.setText("\n".join(lines))
        self.excluded_model.set_rows([Row((x.expert.name, x.expert.unit_name, x.kind_label, "；".join(x.reasons)))
                                      for x in g.excluded])
        self.lots_model.set_rows([
            Row((t.expert.name, t.field, str(t.tier), str(t.panel_load), str(t.reserve_load), str(t.lot), t.outcome),
                sort=(t.expert.name, t.field, t.tier, t.panel_load, t.reserve_load, t.lot, t.outcome),
                colors={6: OK_COLOR if t.outcome == "评审专家" else MUTED_COLOR if t.outcome == "未抽中" else ""})
            for t in g.lots])
        self.tabs.setTabText(1, f"排除记录（{len(g.excluded)}）")
        self.tabs.setTabText(2, f"抽签（{len(g.lots)}）")

    def verify(self) -> bool:
        ok, result = attempt(self, self.services.review.verify_draw, self.actor, self.record.call_code,
                             self.record.number)
        if not ok or result is None:
            return False
        (messages.info if result.ok else messages.error)(self, result.message, "复核抽取")
        return bool(result.ok)
