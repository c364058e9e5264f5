"""The 专家评审 tab of the project detail: the round(s) the project was reviewed in, its score with the
explanation once the round is closed, the funding decision and the publicity with its objections.

Everything comes from ``services.review.project_review`` (plain data, permission checked there): the
score is in it only after the round is closed and only for roles that may see marks, so the tab shows
what it gets and says why the rest is not there.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QScrollArea, QTableWidget, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...services.actor import Actor
from ...services.dto import ProjectDetail
from ...services.review_dto_project import (ProjectFundingInfo, ProjectPublicityInfo, ProjectReview,
                                            ProjectRoundInfo)
from .. import messages, theme
from ..review.common import fmt_date, fmt_dt, fmt_mark, fmt_score
from ..tasks import TaskRunner
from .basic_tab import data_label, read_only_table

DROPPED = {"highest": "未计入（最高分）", "lowest": "未计入（最低分）", None: "计入"}
NOT_REVIEWED = "本项目尚未参加专家评审。形式审查通过后，由经办人在“专家评审”页抽取评审专家。"


def username_tip(username: str) -> str:
    return f"用户名：{username}" if username else ""


class FitRows(QObject):
    """Keeps a table as tall as its rows (up to ten), so a one-line table leaves no empty block in the
    page; room for the horizontal scroll bar only while the columns are wider than the table."""

    MAX_ROWS = 10

    def fit(self, table: QTableWidget) -> QTableWidget:
        """Call once the columns have their widths (the last one stretches later, so remember it now)."""
        last = table.columnCount() - 1
        table.setProperty("lastColumnWidth", table.columnWidth(last) if last >= 0 else 0)
        table.installEventFilter(self)
        self._apply(table)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and isinstance(watched, QTableWidget):
            self._apply(watched)
        return False

    def _apply(self, table: QTableWidget) -> None:
        # computed from the table's own width: in its resize event the viewport and the stretched last
        # column still have their old sizes
        frame = 2 * table.frameWidth()
        rows = table.rowCount()
        needed = sum(table.columnWidth(c) for c in range(table.columnCount() - 1)) + \
            int(table.property("lastColumnWidth") or 0)
        room = table.width() - frame - (table.verticalScrollBar().sizeHint().width() if rows > self.MAX_ROWS else 0)
        height = table.horizontalHeader().sizeHint().height() + frame + \
            table.verticalHeader().defaultSectionSize() * max(1, min(rows, self.MAX_ROWS))
        if needed > room:
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)


def cap_columns(table: QTableWidget, columns: tuple[int, ...], ems: int = 22) -> None:
    """Long texts (comments, objections) elide at ``ems`` characters; the whole text is in the tooltip."""
    widest = table.fontMetrics().horizontalAdvance("中") * ems
    for c in columns:
        table.setColumnWidth(c, min(table.columnWidth(c), widest))


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setStyleSheet(theme.HINT_STYLE)
    label.setWordWrap(True)
    return label


class Facts(QGridLayout):
    """Caption：value rows, two pairs per line, like the 基本信息 tab; values are stored data."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalSpacing(14)
        self.setVerticalSpacing(6)
        self.setColumnStretch(1, 1)
        self.setColumnStretch(3, 1)
        self.values: dict[str, QLabel] = {}
        self._count = 0

    def add(self, caption: str, value: str, tip: str = "", *, wide: bool = False, colour: str = "") -> QLabel:
        if wide and self._count % 2:
            self._count += 1
        row, col = divmod(self._count, 2)
        name = QLabel(caption + "：")
        name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        name.setStyleSheet("color: #555;")
        label = data_label(value)
        label.setToolTip(tip)
        if colour:
            label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.addWidget(name, row, col * 2)
        self.addWidget(label, row, col * 2 + 1, 1, 3 if wide else 1)
        self._count += 2 if wide else 1
        self.values[caption] = label
        return label


class ReviewTab(QScrollArea):
    def __init__(self, services: Any, actor: Actor, detail: ProjectDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.info: ProjectReview | None = None
        self.error = ""
        self.rounds_table: QTableWidget | None = None
        self.score_boxes: dict[int, QGroupBox] = {}     # round number → its 评审得分 box
        self.marks_tables: dict[int, QTableWidget] = {}
        self.decision: Facts | None = None
        self.publicity: Facts | None = None
        self.objections_table: QTableWidget | None = None
        self.fit_rows = FitRows(self)
        body = QWidget()
        outer = QVBoxLayout(body)
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        outer.addStretch(1)
        self.setWidget(body)
        self.loading = hint("正在读取专家评审情况…")
        self.body.addWidget(self.loading)
        # a closed round is aggregated and ranked as a whole (~0.4 s for 1,000 projects): off the UI thread,
        # the tab says it is loading meanwhile (no progress dialog for a tab)
        review, project_id = services.review, detail.id
        self.runner = TaskRunner(self)
        self.load_handle = self.runner.run(lambda progress, cancel: review.project_review(actor, project_id),
                                           on_success=self._loaded, on_failure=self._failed,
                                           title="正在读取专家评审情况…", parent=self, progress_delay_ms=-1)

    def _loaded(self, info: ProjectReview) -> None:
        self.loading.hide()
        self.info = info
        self._fill(info)

    def _failed(self, exc: BaseException) -> None:
        self.loading.hide()
        self.error = str(exc)
        if not isinstance(exc, DomainError):
            messages.show_exception(self, exc, "无法显示专家评审情况")
        # e.g. a role without 查看项目: say so instead of an empty tab
        self.body.addWidget(hint(f"无法显示专家评审情况：{exc}"))

    def _fill(self, info: ProjectReview) -> None:
        if not info.rounds:
            self.notice = hint(NOT_REVIEWED)
            self.body.addWidget(self.notice)
        else:
            self.body.addWidget(self._rounds_box(info.rounds))
            for rnd in info.rounds:
                self.body.addWidget(self._score_box(rnd))
        if info.rounds or info.decision is not None:
            self.body.addWidget(self._decision_box(info.decision))
        if info.decision is not None or info.publicity is not None:
            self.body.addWidget(self._publicity_box(info.publicity))

    # -- rounds -------------------------------------------------------------------------------------------
    def _rounds_box(self, rounds: list[ProjectRoundInfo]) -> QGroupBox:
        box = QGroupBox("评审轮次")
        rows = []
        for r in rounds:
            experts = f"{r.experts} 位" + (f"（另有 {r.declined} 位回避）" if r.declined else "")
            submitted = "" if r.submitted is None else f"{r.submitted} / {r.experts}"
            rows.append([f"{r.call_code} 第 {r.number} 轮", r.group_code, experts, submitted, r.status_label,
                         fmt_date(r.draw_on), fmt_date(r.deadline) or "未设", fmt_dt(r.closed_at)])
        self.rounds_table = read_only_table(["批次与轮次", "评审组", "评审专家", "已提交评分", "状态", "抽取日期",
                                             "评分截止", "结束时间"], rows, {2, 3})
        for i, r in enumerate(rounds):
            colour = theme.DONE if r.status == "closed" else theme.PRIMARY
            self.rounds_table.item(i, 4).setForeground(QColor(colour))
        layout = QVBoxLayout(box)
        layout.addWidget(self.fit_rows.fit(self.rounds_table))
        return box

    def _score_box(self, r: ProjectRoundInfo) -> QGroupBox:
        box = QGroupBox(f"评审得分（第 {r.number} 轮）")
        self.score_boxes[r.number] = box
        layout = QVBoxLayout(box)
        res = r.result
        if res is None:
            layout.addWidget(hint(r.hidden_reason))
            return box
        facts = Facts()
        facts.add("得分", f"{fmt_score(res.score)} 分", colour=theme.PRIMARY)
        facts.add("名次", f"第 {res.rank} 名（本轮共 {r.ranked} 项）")
        facts.add("汇总规则", r.rule_label)
        facts.add("有效评分", f"{res.count} 份（中位数 {fmt_score(res.median)}，平均 {fmt_score(res.mean)}）")
        spread = f"最高分与最低分相差 {fmt_mark(res.spread)}"
        if res.disagreement:
            facts.add("专家意见", f"分歧较大：{spread}，超过 {fmt_mark(r.spread_threshold)}", colour=theme.DANGER)
        else:
            facts.add("专家意见", f"较为一致：{spread}")
        recs = "、".join(f"{k} {v} 位" for k, v in sorted(res.recommendations.items(), key=lambda kv: -kv[1]))
        facts.add("推荐意见", recs or "未填写")
        if res.tie_note:
            facts.add("同分排序", res.tie_note, wide=True)
        facts.add("计分说明", res.explanation, wide=True)
        layout.addLayout(facts)
        names = dict(r.criteria)
        codes = [c for c, _ in r.criteria]
        rows = [[m.expert.name, m.expert.unit_name, *(fmt_mark(m.criteria.get(c)) for c in codes),
                 fmt_score(m.total), DROPPED.get(m.dropped, m.dropped or ""), m.recommendation, m.comment]
                for m in res.marks]
        first_mark, total_col = 2, 2 + len(codes)
        table = read_only_table(["专家", "工作单位", *(names[c] for c in codes), "总分", "计分", "推荐意见",
                                 "评审意见"], rows, set(range(first_mark, total_col + 1)))
        for i, m in enumerate(res.marks):
            if m.dropped:
                for c in range(table.columnCount()):
                    table.item(i, c).setForeground(QColor(theme.MUTED))
            if m.comment:
                table.item(i, table.columnCount() - 1).setToolTip(m.comment)
        cap_columns(table, (table.columnCount() - 1,))
        self.marks_tables[r.number] = table
        layout.addWidget(self.fit_rows.fit(table))
        return box

    # -- decision and publicity ---------------------------------------------------------------------------
    def _decision_box(self, d: ProjectFundingInfo | None) -> QGroupBox:
        box = QGroupBox("资助决定")
        layout = QVBoxLayout(box)
        if d is None:
            layout.addWidget(hint("尚未作出资助决定：评审结束后由分管领导审批资助名单。"))
            return box
        self.decision = facts = Facts()
        facts.add("是否资助", "资助" if d.funded else "不予资助", colour=theme.DONE if d.funded else theme.DANGER)
        if d.funded:
            facts.add("拟资助金额", f"{d.approved.wan_str()} 万元（申请 {d.requested.wan_str()} 万元）")
        elif d.approved.fen:
            facts.add("拟资助金额", f"原拟资助 {d.approved.wan_str()} 万元，已改为不予资助")
        else:
            facts.add("申请财政资金", f"{d.requested.wan_str()} 万元")
        facts.add("决定依据" if d.funded else "不予资助理由", d.note or "（未填写）", wide=True)
        if d.warnings:
            facts.add("已确认的提示", d.warnings, wide=True)
        facts.add("决定人", d.decided_by, username_tip(d.decided_by_username))
        facts.add("决定时间", fmt_dt(d.decided_at))
        layout.addLayout(facts)
        return box

    def _publicity_box(self, p: ProjectPublicityInfo | None) -> QGroupBox:
        box = QGroupBox("公示与异议")
        layout = QVBoxLayout(box)
        if p is None:
            layout.addWidget(hint("本项目未列入公示（只有拟资助项目才公示）。"))
            return box
        self.publicity = facts = Facts()
        facts.add("公示期", f"{fmt_date(p.start)} 至 {fmt_date(p.end)}（{p.working_days} 个工作日）")
        facts.add("公示状态", p.status_label)
        if p.note:
            facts.add("公示说明", p.note)
        if p.finished_at:
            facts.add("结束时间", fmt_dt(p.finished_at))
        layout.addLayout(facts)
        if not p.objections:
            layout.addWidget(hint("公示期内未收到针对本项目的异议。"))
            return box
        rows = [[fmt_date(o.received_on), o.objector or "匿名", o.content, o.recorded_by, o.resolution,
                 "未处理" if o.upheld is None else ("成立" if o.upheld else "不成立"), o.resolved_by,
                 fmt_dt(o.resolved_at)] for o in p.objections]
        table = read_only_table(["收到日期", "异议人", "异议内容", "登记人", "处理结果", "结论", "处理人", "处理时间"],
                                rows)
        for i, o in enumerate(p.objections):
            table.item(i, 2).setToolTip(o.content)
            table.item(i, 3).setToolTip(username_tip(o.recorded_by_username))
            table.item(i, 4).setToolTip(o.resolution)
            table.item(i, 6).setToolTip(username_tip(o.resolved_by_username))
            if o.upheld is None:
                table.item(i, 5).setForeground(QColor(theme.DANGER))
        cap_columns(table, (2, 4), 16)
        self.objections_table = table
        layout.addWidget(hint(f"异议 {len(p.objections)} 项，未处理 "
                              f"{sum(o.upheld is None for o in p.objections)} 项"))
        layout.addWidget(self.fit_rows.fit(table))
        return box
