"""评分表: one expert's marks for one assigned project — the project's 预算明细 and 项目组成员 read-only
(:mod:`.score_project`), a spin box per criterion (0..满分, one decimal), the live total, the
recommendation and the comment (required below the threshold, and the form says why), 保存草稿 and 提交.
A submitted sheet is shown read-only.

The sheet scrolls; the action bar (running total, refusal message, 保存草稿, 提交) is fixed below the
scroll area, so the buttons are in view whatever the window's height.

Only the acting expert's own sheet is ever loaded (the service refuses anything else)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from ...domain.review import Rubric, nothing_marked_problem, total, validate_marks
from ...services.actor import Actor
from ...services.review_dto import ScoreForm
from .. import messages
from ..forms.fields import ErrorLabel
from .common import LATE_COLOR, OK_COLOR, attempt, fmt_date, fmt_dt, fmt_mark, hint_label
from .score_project import ProjectParts

UNMARKED = "未打分"
CHOOSE = "请选择"
SUBMIT_CONFIRM = "提交后不能修改（如需修改须由经办人退回）。确定提交该项目的评分吗？"


class MarkSpinBox(QDoubleSpinBox):
    """0..max with one decimal; the lowest value (−1) shows 未打分. A typed mark outside the range or with
    more than one decimal is refused when the typing ends (Enter, leaving the box): ``refused`` carries
    the text and the box keeps its previous mark. :meth:`live_mark` reads what is being typed."""

    refused = Signal(str)

    def __init__(self, max_points: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.max_points = max_points
        self.setDecimals(1)
        self.setRange(-1, max_points)
        self.setSingleStep(1)
        self.setSpecialValueText(UNMARKED)
        self.setValue(-1)
        self.setKeyboardTracking(False)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("未打分一") + 40)
        self.setToolTip(f"0–{max_points} 分，最多一位小数；清空为“未打分”")
        self._pending: str | None = None

    def _out_of_rule(self, text: str) -> bool:
        t = text.strip().replace("，", ".")
        if not t or t == UNMARKED:
            return False
        try:
            value = Decimal(t)
        except InvalidOperation:
            return False
        return not value.is_finite() or value < 0 or value > self.max_points or value != value.quantize(Decimal("0.1"))

    def validate(self, text: str, pos: int) -> object:  # noqa: D401 - Qt API
        if self._out_of_rule(text):
            self._pending = text.strip()
            return QValidator.State.Intermediate, text, pos
        if not text.strip():
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    def fixup(self, text: str) -> str:
        bad, self._pending = self._pending, None
        if bad is not None and self._out_of_rule(bad):
            self.refused.emit(bad)
        return text

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt API
        if self.mark() is None and steps > 0:
            self.setValue(0)
            return
        super().stepBy(steps)

    def mark(self) -> Decimal | None:
        value = self.value()
        return None if value < 0 else Decimal(f"{value:.1f}")

    def live_mark(self) -> Decimal | None:
        """The mark as typed so far (when it is a valid mark), else the committed one."""
        t = self.lineEdit().text().strip().replace("，", ".")
        if not t:
            return None
        if t == UNMARKED or self._out_of_rule(t):
            return self.mark()
        try:
            return Decimal(t).quantize(Decimal("0.1"))
        except InvalidOperation:
            return self.mark()

    def set_mark(self, value: Decimal | None) -> None:
        self.setValue(-1 if value is None else float(value))


class ScoreFormWidget(QWidget):
    """Shows one :class:`ScoreForm`; ``saved(assignment_id, submitted)`` after a successful save."""

    saved = Signal(int, bool)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.form: ScoreForm | None = None
        self.version: int | None = None
        self.spins: dict[str, MarkSpinBox] = {}
        self.locked = False
        self._baseline: tuple[dict[str, Decimal], str, str] = ({}, "", "")

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.heading.setProperty("dataText", True)
        self.locked_banner = QLabel()
        self.locked_banner.setWordWrap(True)
        self.locked_banner.setStyleSheet(f"color: {OK_COLOR}; background: #e8f5e9; padding: 6px; border-radius: 4px;")
        self.locked_banner.hide()
        self.deadline_label = QLabel()   # 评分截止 while the sheet is to be submitted: days left, or 逾期 in red
        self.deadline_label.setWordWrap(True)
        self.deadline_label.hide()
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setProperty("dataText", True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("dataText", True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.parts = ProjectParts()

        self.marks_box = QGroupBox("评分（逐项打分，0 至满分，最多一位小数）")
        self.marks_grid = QGridLayout(self.marks_box)
        self.marks_grid.setHorizontalSpacing(12)
        self.marks_grid.setVerticalSpacing(3)
        self.marks_grid.setColumnStretch(3, 1)
        self.total_label = QLabel()      # in the action bar, beside the buttons
        self.total_label.setObjectName("score_total")
        self.total_label.setStyleSheet("font-size: 12pt; font-weight: bold;")

        self.rec_combo = QComboBox()
        self.rec_combo.setMinimumContentsLength(8)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText("评审意见：主要优点、不足和修改建议")
        self.comment_edit.setMinimumHeight(60)
        self.comment_edit.setMaximumHeight(72)       # it scrolls; the rule and hints below stay near
        self.rule_label = hint_label()
        self.need_label = QLabel()
        self.need_label.setWordWrap(True)
        self.error_label = ErrorLabel()
        self.saved_label = hint_label()

        self.draft_button = QPushButton("保存草稿")
        self.draft_button.setToolTip("暂存已填写的分数，之后可以继续修改")
        self.submit_button = QPushButton("提交")
        self.submit_button.setToolTip("提交后评分锁定，不能再修改")
        self.submit_button.setDefault(True)
        self.draft_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.rec_combo.currentIndexChanged.connect(self._update_live)
        self.comment_edit.textChanged.connect(self._update_live)

        opinion = QFormLayout()
        opinion.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        opinion.addRow("推荐意见", self.rec_combo)
        opinion.addRow("评审意见", self.comment_edit)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.body = QWidget()           # everything that scrolls
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.locked_banner)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.meta)
        layout.addWidget(self.summary)
        layout.addWidget(self.parts)
        layout.addWidget(line)
        layout.addWidget(self.marks_box)
        layout.addLayout(opinion)
        layout.addWidget(self.rule_label)
        layout.addWidget(self.need_label)
        layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.body)

        self.action_bar = QFrame()      # fixed below the scroll area: never scrolled out of view
        self.action_bar.setObjectName("score_actions")
        self.action_bar.setFrameShape(QFrame.Shape.StyledPanel)
        bar = QVBoxLayout(self.action_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.setSpacing(2)
        bar.addWidget(self.error_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.total_label)
        buttons.addSpacing(12)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.submit_button)
        bar.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.action_bar)

    # -- loading ------------------------------------------------------------------------------------
    def load(self, form: ScoreForm) -> None:
        if self.form is None or self.form.assignment_id != form.assignment_id:
            self.scroll.verticalScrollBar().setValue(0)     # another project: from its heading
        self.form, self.version = form, form.version
        rubric = form.rubric
        self.heading.setText(f"{form.project_code}　{form.title}")
        period = f"{fmt_date(form.start_date)} 至 {fmt_date(form.end_date)}" if form.start_date else "未填写"
        self.meta.setText(
            f"承担单位：{form.unit_name}　　技术领域：{form.field}　　项目负责人：{form.leader_name}\n"
            f"执行期：{period}　　申请财政资金：{form.requested.wan_str()} 万元　　自筹：{form.self_raised.wan_str()} 万元"
            f"　　总预算：{form.budget_total.wan_str()} 万元\n"
            f"申报批次：{form.call_name}"
            + (f"　　评分截止：{fmt_date(form.deadline)}" if form.deadline and not form.deadline_note else ""))
        self.deadline_label.setText(form.deadline_note)
        self.deadline_label.setStyleSheet(f"color: {LATE_COLOR}; font-weight: bold;" if form.overdue else "")
        self.deadline_label.setVisible(bool(form.deadline_note))
        self.summary.setText(f"项目简介：{form.summary}" if form.summary else "项目简介：（申报书未填写）")
        self.parts.show_form(form)
        self._build_marks(rubric)
        for code, spin in self.spins.items():
            spin.set_mark(form.marks.get(code))
        self.rec_combo.blockSignals(True)
        self.rec_combo.clear()
        self.rec_combo.addItem(CHOOSE, "")
        for rec in rubric.recommendations:
            self.rec_combo.addItem(rec, rec)
        self.rec_combo.setCurrentIndex(max(0, self.rec_combo.findData(form.recommendation)))
        self.rec_combo.blockSignals(False)
        self.comment_edit.setPlainText(form.comment)
        need = "、".join(f"“{r}”" for r in rubric.comment_required_for)
        self.rule_label.setText(f"总分低于 {fmt_mark(rubric.comment_required_below)} 分"
                                + (f"或推荐意见为{need}" if need else "") + "时，须填写评审意见。"
                                "您看不到其他专家的评分，其他专家也看不到您的评分。")
        self.error_label.set_error(None)
        self.saved_label.setText("已有暂存的草稿，尚未提交。" if form.marks and form.status == "assigned" else "")
        self._set_locked(form.locked or form.status != "assigned")
        self._baseline = self._snapshot()
        self._update_live()

    def _build_marks(self, rubric: Rubric) -> None:
        while self.marks_grid.count():
            item = self.marks_grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # hidden now: deleteLater waits for this event loop level, and a box opened meanwhile
                # (提交成功) runs a nested loop that would paint the old labels under the new ones
                widget.hide()
                widget.deleteLater()
        self.spins = {}
        for row, c in enumerate(rubric.criteria):
            name = QLabel(c.name)
            spin = MarkSpinBox(c.max_points)
            spin.setObjectName(f"mark_{c.code}")
            spin.valueChanged.connect(self._update_live)
            spin.lineEdit().textEdited.connect(self._update_live)
            spin.refused.connect(lambda text, code=c.code: self._refused(code, text))
            name.setBuddy(spin)
            self.marks_grid.addWidget(name, row, 0)
            self.marks_grid.addWidget(spin, row, 1)
            self.marks_grid.addWidget(QLabel(f"满分 {c.max_points} 分"), row, 2)
            self.spins[c.code] = spin

    def _set_locked(self, locked: bool) -> None:
        form = self.form
        for spin in self.spins.values():
            spin.setReadOnly(locked)
            spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons if locked
                                  else QDoubleSpinBox.ButtonSymbols.UpDownArrows)
        self.rec_combo.setEnabled(not locked)
        self.comment_edit.setReadOnly(locked)
        self.draft_button.setVisible(not locked)
        self.submit_button.setVisible(not locked)
        self.locked = locked
        if locked and form is not None:
            when = ""
            if form.status == "submitted":
                when = "已提交，评分已锁定，不能修改；如需修改请联系经办人退回。"
            self.locked_banner.setText(when or "评审已结束，评分只读。")
            self.locked_banner.show()
        else:
            self.locked_banner.hide()

    # -- live feedback ------------------------------------------------------------------------------
    def marks(self, live: bool = False) -> dict[str, Decimal]:
        return {code: m for code, spin in self.spins.items()
                if (m := spin.live_mark() if live else spin.mark()) is not None}

    def recommendation(self) -> str:
        return str(self.rec_combo.currentData() or "")

    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def _snapshot(self) -> tuple[dict[str, Decimal], str, str]:
        return self.marks(live=True), self.comment(), self.recommendation()

    def is_dirty(self) -> bool:
        """Typed but not saved (a locked sheet never is)."""
        return self.form is not None and not self.locked and self._snapshot() != self._baseline

    def _refused(self, code: str, text: str) -> None:
        if self.form is None:
            return
        problems = validate_marks(self.form.rubric, {code: text}, "", "", complete=False)
        self.error_label.set_error("；".join(problems) + "。该分数未被接受，请重新输入。" if problems else None)

    def _update_live(self, *_: object) -> None:
        form = self.form
        if form is None:
            return
        rubric, marks = form.rubric, self.marks(live=True)
        missing = len(rubric.criteria) - len(marks)
        if missing:
            partial = sum(marks.values(), Decimal(0))
            self.total_label.setText(f"总分：{fmt_mark(partial)} / {rubric.max_total}（尚有 {missing} 项未打分）")
            score = None
        else:
            score = total(rubric, marks)
            self.total_label.setText(f"总分：{fmt_mark(score)} / {rubric.max_total}")
        rec = self.recommendation()
        why = ""
        if score is not None and score < rubric.comment_required_below:
            why = f"总分 {fmt_mark(score)} 低于 {fmt_mark(rubric.comment_required_below)} 分"
        elif rec and rec in rubric.comment_required_for:
            why = f"推荐意见为“{rec}”"
        if why and not self.comment() and not self.locked:
            self.need_label.setText(f"须填写评审意见：{why}。")
            self.need_label.setStyleSheet(f"color: {LATE_COLOR};")
        elif why:
            self.need_label.setText(f"已填写评审意见（{why}，须填写）。")
            self.need_label.setStyleSheet(f"color: {OK_COLOR};")
        else:
            self.need_label.setText("")
        self.need_label.setVisible(bool(self.need_label.text()))

    # -- saving -------------------------------------------------------------------------------------
    def save(self, submit: bool) -> bool:
        form = self.form
        if form is None or self.locked:
            return False
        self.error_label.set_error(None)
        for spin in self.spins.values():
            spin.interpretText()  # what is typed but not yet confirmed with Enter counts
        if self.error_label.text():
            return False  # a typed mark was just refused
        marks, comment, rec = self.marks(), self.comment(), self.recommendation()
        if empty := nothing_marked_problem(marks, submit=submit):   # (the service refuses it too)
            self.error_label.set_error(empty)
            return False
        problems = validate_marks(form.rubric, marks, comment, rec, complete=submit)
        if problems:
            self.error_label.set_error(("不能提交：" if submit else "不能保存：") + "；".join(problems))
            return False
        if submit and not messages.confirm(self, SUBMIT_CONFIRM, title="提交评分", yes="提交"):
            return False
        ok, result = attempt(self, self.services.review.save_marks, self.actor, form.assignment_id,
                             {k: str(v) for k, v in marks.items()}, comment, rec, submit=submit,
                             expected_version=self.version, error_label=self.error_label)
        if not ok or result is None:
            return False
        self.version = result.version
        self._baseline = self._snapshot()
        if submit:
            ok, fresh = attempt(self, self.services.review.get_score_form, self.actor, form.assignment_id,
                                error_label=self.error_label)
            if ok and fresh is not None:
                self.load(fresh)
        else:
            self.saved_label.setText(f"草稿已于 {fmt_dt(datetime.now())} 保存，尚未提交。")
        self.saved.emit(form.assignment_id, submit)
        if submit:
            messages.info(self, f"已提交“{form.title}”的评分，总分 {fmt_mark(result.total)}。", "提交成功")
        return True
