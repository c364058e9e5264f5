"""评审结果与拟立项: after the round is closed — the ranked list (rank, code, title, unit, score, marks,
spread, 分歧), the selected project's explanation sentence and its marks by expert, an optional z-score
view, and the way into the manager's funding decision. Both tables are exported as shown (导出排名…,
导出评分…, right-click), and only while they show a closed round's results (scoring is confidential)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...domain.review import (NO_MEAN_Z_TIP, NO_Z, NO_Z_TIP, all_decided, funding_wait, no_spread_note,
                               rule_text)
from ...services.review_dto import ResultRow
from ..intake.table_export import TableExport
from ..tasks import TaskRunner
from .common import (LATE_COLOR, MUTED_COLOR, OK_COLOR, WARN_BACKGROUND, fmt_mark, fmt_score, hint_label,
                     section_label, select_key, selected_key, table_view)
from .funding_dialog import FundingDialog
from .models import Row, RowsModel
from .state import CallState

if TYPE_CHECKING:
    from .review_page import ReviewPage

HEADERS = ("名次", "项目编号", "项目名称", "承担单位", "得分", "打分数", "极差", "分歧", "平均标准分", "申请额（万元）",
           "资助决定", "当前阶段")
COL_Z = 8
COL_DECISION = 10
DROPPED = {"highest": "去掉（最高分）", "lowest": "去掉（最低分）", None: "计入"}
RESULT_KINDS = {"名次": "int", "得分": "decimal", "打分数": "int", "极差": "decimal", "平均标准分": "decimal"}
#: columns of the marks table that are not numbers (every other one is a mark, a total or a z-score)
MARK_TEXT_COLUMNS = ("专家", "工作单位", "推荐意见", "计分", "评审意见")
CONFIDENTIAL = "评审保密：本轮评审结束后才能导出评分和排名"


def decision_text(row: ResultRow) -> tuple[str, str]:
    """The 资助决定 as decided (资助 166.40 万元 / 不予资助（理由）/ 待决定) and its colour — not the stage the
    project has reached since (that is the 当前阶段 column)."""
    d = row.decision
    return row.decision_text, MUTED_COLOR if d is None else OK_COLOR if d.funded else LATE_COLOR


def funding_tip(state: CallState, undecided: int) -> str:
    """Why 审批资助名单 is (not) offered: what waits, else the round that holds the list up."""
    if undecided:
        return f"尚有 {undecided} 个项目待作出资助决定"
    st, res = state.status, state.results
    if st is not None and st.status != "closed" and (res is None or st.number != res.number):
        return funding_wait(st.number, st.status, st.deadline)
    if res is not None:
        return all_decided(res.number)
    return "尚未组织专家评审"


def _mean_z_cell(r: ResultRow) -> tuple[str, str]:
    """(text, tool tip) of the 平均标准分 cell."""
    if r.mean_z is None:
        return NO_Z, NO_MEAN_Z_TIP
    if r.z_count < len(r.marks):
        return fmt_score(r.mean_z, 4), (f"按 {r.z_count} 位专家的标准分平均；其余 {len(r.marks) - r.z_count} 位"
                                        "本轮评分无差异或仅评 1 项，不计标准分")
    return fmt_score(r.mean_z, 4), ""


class ResultsPanel(QWidget):
    def __init__(self, page: ReviewPage):
        super().__init__(page)
        self.page = page
        self.services, self.actor = page.services, page.actor
        self.runner = TaskRunner(self)
        self.state: CallState | None = None

        self.rule_label = hint_label()
        self.z_check = QCheckBox("显示标准分（z 分数）")
        self.z_check.setToolTip("按每位专家自己的打分习惯换算的标准分，只供参考，不替代正式得分")
        self.z_check.toggled.connect(self._toggle_z)
        self.funding_button = QPushButton("审批资助名单…")
        self.funding_button.setToolTip("勾选拟资助项目并确定资助金额（分管领导）")
        self.funding_button.clicked.connect(self.open_funding)
        self.funding_button.setVisible(page.can_approve)
        bar = QHBoxLayout()
        bar.addWidget(self.rule_label, 1)
        bar.addWidget(self.z_check)
        bar.addWidget(self.funding_button)   # (导出排名… goes before it once the table exists)
        self.z_note = hint_label()            # n 位专家本轮评分无差异…, with the z column only
        self.z_note.setVisible(False)

        self.model = RowsModel(HEADERS, center=(0, 4, 5, 6, 7, 8, 10, 11), right=(9,))
        self.view, self.proxy = table_view(self.model, (3, 8.5, 13, 11, 4, 3.5, 3.5, 3, 5, 6, 12, 6), stretch=2)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.view.setColumnHidden(COL_Z, True)
        self.detail_title = section_label("")
        self.detail_title.setProperty("dataText", True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("dataText", True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.marks_model = RowsModel(("专家",))
        self.marks_view, _ = table_view(self.marks_model, (), stretch_last=True)
        self.result_export = TableExport(self, self.view, lambda: "评审结果" + self._round_text(), "个项目",
                                         self.services, self.actor, kinds=RESULT_KINDS)
        self.marks_export = TableExport(self, self.marks_view, self._marks_title, "位专家的评分", self.services,
                                        self.actor)
        bar.insertWidget(bar.count() - 1, self.result_export.button("导出排名…"))
        head = QHBoxLayout()
        head.addWidget(self.detail_title, 1)
        head.addWidget(self.marks_export.button("导出评分…"))
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 4, 0, 0)
        dl.addLayout(head)
        dl.addWidget(self.explanation)
        dl.addWidget(self.marks_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([300, 240])
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.z_note)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.splitter, 1)

    # -- showing ------------------------------------------------------------------------------------
    def show_state(self, state: CallState) -> None:
        self.state = state
        res = state.results
        self.empty_label.setVisible(res is None)
        self.splitter.setVisible(res is not None)
        self.z_check.setEnabled(res is not None)
        if res is None:
            self.empty_label.setText("评审保密：本轮评审结束（全部专家提交并由经办人结束评审）后，才能查看评分、汇总和排名。"
                                     if state.status is not None else f"{state.no_round}。")
            self.rule_label.setText("")
            self.model.set_rows([])
            self.marks_model.set_rows([])
            self.funding_button.setEnabled(False)
            self.funding_button.setToolTip(funding_tip(state, 0))
            self._show_z_note()
            self.result_export.set_available(False, CONFIDENTIAL)
            self.marks_export.set_available(False, CONFIDENTIAL)
            return
        self.result_export.set_available(bool(res.rows), "本轮没有评审结果")
        later = ""
        if state.status is not None and state.status.number != res.number:
            later = f"第 {state.status.number} 轮评审{state.status.status_label}，结束后方可查看其评分。以下为"
        self.rule_label.setText(
            f"{later}第 {res.number} 轮（每组 {res.per_group} 位专家）；汇总规则：{rule_text(res.rule, res.min_for_trim)}；"
            f"最高分与最低分相差超过 {fmt_mark(res.spread_threshold)} 分标记为分歧；{res.tie_break}。")
        current = selected_key(self.view)
        rows = []
        for r in res.rows:
            decision, color = decision_text(r)
            mean_z, z_tip = _mean_z_cell(r)
            stage = state.state_of(r.project.id)
            rows.append(Row(
                (str(r.rank), r.project.code, r.project.title, r.project.unit_name, fmt_score(r.score), str(r.count),
                 fmt_mark(r.spread), "分歧" if r.disagreement else "", mean_z, r.requested.wan_str(), decision,
                 stage.label if stage else ""),
                key=r.project.id, sort=(r.rank, r.project.code, r.project.title, r.project.unit_name, r.score, r.count,
                                        r.spread, r.disagreement, r.mean_z if r.mean_z is not None else float("-inf"),
                                        r.requested.fen, decision, stage.label if stage else ""),
                colors={7: LATE_COLOR, COL_DECISION: color, COL_Z: MUTED_COLOR if r.mean_z is None else ""},
                backgrounds={7: WARN_BACKGROUND} if r.disagreement else {},
                tips={7: "专家意见分歧较大" if r.disagreement else "", 0: r.tie_note, COL_Z: z_tip,
                      COL_DECISION: r.decision.note if r.decision and r.decision.funded else decision}))
        self.model.set_rows(rows)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        if not (current is not None and select_key(self.view, current)) and rows:
            self.view.selectRow(0)
        self._show_detail()
        undecided = len(state.undecided())
        self.funding_button.setEnabled(undecided > 0)
        self.funding_button.setToolTip(funding_tip(state, undecided))
        self._show_z_note()

    def current_row(self) -> ResultRow | None:
        pid = selected_key(self.view)
        res = self.state.results if self.state else None
        return next((r for r in res.rows if r.project.id == pid), None) if res and pid is not None else None

    def _round_text(self) -> str:
        res = self.state.results if self.state else None
        return f"（{self.state.call.code} 第 {res.number} 轮）" if self.state and res else ""

    def _marks_title(self) -> str:
        r = self.current_row()
        return f"专家评分（{r.project.code}）" if r else "专家评分"

    def _toggle_z(self, on: bool) -> None:
        self.view.setColumnHidden(COL_Z, not on)
        self._show_z_note()
        self._show_detail()

    def _show_z_note(self) -> None:
        """With the z column: how many experts have no z (their marks do not vary), named in the tool tip."""
        res = self.state.results if self.state else None
        flat = res.no_spread if res is not None else []
        self.z_note.setText(no_spread_note(len(flat)) + "；其打分的项目按其余专家的标准分平均。" if flat else "")
        self.z_note.setToolTip("、".join(f"{e.name}（{e.unit_name}）" for e in flat))
        self.z_note.setVisible(bool(flat) and self.z_check.isChecked())

    def _show_detail(self) -> None:
        r = self.current_row()
        res = self.state.results if self.state else None
        if r is None or res is None:
            self.detail_title.setText("")
            self.explanation.setText("请选择一个项目查看专家评分。")
            self.marks_model.set_rows([])
            self.marks_export.set_available(False, "请先在上面的排名中选择一个项目")
            return
        self.detail_title.setText(f"第 {r.rank} 名　{r.project.code}　{r.project.title}　得分 {fmt_score(r.score)}")
        text = r.explanation + "。" if not r.explanation.endswith("。") else r.explanation
        if r.tie_note:
            text += f"\n{r.tie_note}"
        recs = "、".join(f"{k} {v} 位" for k, v in r.recommendations.items())
        if recs:
            text += f"\n推荐意见：{recs}。"
        self.explanation.setText(text)
        crit = list(res.rubric.criteria)
        show_z = self.z_check.isChecked()
        headers = ["专家", "工作单位", "总分", *(f"{c.name}（{c.max_points}）" for c in crit), "推荐意见", "计分"]
        if show_z:
            headers.append("标准分")
        headers.append("评审意见")
        self.marks_model.center = set(range(2, len(headers) - 1))
        self.marks_model.set_headers(headers)
        rows = []
        for m in r.marks:
            cells = [m.expert.name, m.expert.unit_name, fmt_mark(m.total),
                     *(fmt_mark(m.criteria.get(c.code)) for c in crit), m.recommendation, DROPPED.get(m.dropped, "计入")]
            tips = {}
            if show_z:
                cells.append(fmt_score(m.z, 4) if m.z is not None else NO_Z)
                if m.z is None:
                    tips[len(cells) - 1] = NO_Z_TIP
            cells.append(m.comment)
            tips[len(cells) - 1] = m.comment
            rows.append(Row(cells, key=m.expert.id, colors={len(crit) + 4: MUTED_COLOR if m.dropped else OK_COLOR},
                            tips=tips))
        self.marks_model.set_rows(rows)
        self.marks_export.kinds = {h: "decimal" for h in headers if h not in MARK_TEXT_COLUMNS}
        self.marks_export.set_available(True)
        hh = self.marks_view.horizontalHeader()
        fm = self.marks_view.fontMetrics()
        em = fm.horizontalAdvance("中")
        for col, name in enumerate(headers[:-1]):
            least = {0: 5, 1: 10, headers.index("计分"): 7}.get(col, 3) * em
            hh.resizeSection(col, max(int(least), fm.horizontalAdvance(name)) + 18)

    # -- funding ------------------------------------------------------------------------------------
    def open_funding(self) -> FundingDialog | None:
        s = self.state
        if s is None or s.results is None:
            return None
        dialog = FundingDialog(self.services, self.actor, s, self)
        dialog.approved.connect(lambda: self.page.after_change(1))
        dialog.open()
        return dialog
