"""Dialogs of the publicity (公示): start it, record an objection, resolve an objection.

Each dialog is handed the service call (``submit``) and runs it when its button is pressed: a refusal is
shown in the dialog (under its field, or at the top) and the dialog stays open with what was typed, the
way :func:`ui.forms.saving.save_or_explain` does for the edit dialogs. What the dialog can check itself it
checks first, before the service is asked (an objection's date: a day of the publicity, not after today).
No date box has a range: a QDateEdit range rewrites a date typed outside it, so the dates are checked."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QSpinBox,
                               QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.review import objection_date_problem, parse_days, publicity_end
from ...services.review_dto import ObjectionInfo, ProjectRef, PublicityInfo
from .. import messages
from ..forms.combos import ChoiceCombo
from ..forms.fields import DateEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard
from .common import fmt_date, hint_label

StartSubmit = Callable[[date, int, str, list[date], list[date]], PublicityInfo]
ObjectionSubmit = Callable[[str, date, str, str], Any]
ResolveSubmit = Callable[[str, bool], Any]


class _SubmitDialog(UnsavedChangesGuard, QDialog):
    """The OK button runs the service through :func:`save_or_explain`; ``result_value`` is what it returned.
    ``on_stale`` runs when the record was changed meanwhile and the user asks for the latest (the dialog
    closes: its content would be the old one). Esc, 取消 or × after something was typed or chosen asks
    放弃未保存的修改？ (:class:`~sti_desk.ui.forms.unsaved.UnsavedChangesGuard`)."""

    def __init__(self, title: str, on_stale: Callable[[], None] | None, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_value: Any = None
        self.error = ErrorLabel()
        self.field_errors: dict[str, ErrorLabel] = {}
        self._on_stale = on_stale

    def buttons(self, ok: str) -> QDialogButtonBox:
        buttons = ok_cancel_buttons(self, ok, self.submit)
        self.ok_button = buttons.ok_button  # type: ignore[attr-defined]
        return buttons

    def submit(self) -> bool:
        raise NotImplementedError

    def run(self, save: Callable[[], Any]) -> bool:
        self.show_errors({})
        ok, result = save_or_explain(self, save, self.show_errors, self._stale)
        if ok:
            self.result_value = result
            self.accept()
        return ok

    def show_errors(self, errors: dict[str, str]) -> None:
        rest = dict(errors)
        for key, label in self.field_errors.items():
            label.set_error(rest.pop(key, None))
        self.error.set_error("；".join(rest.values()) if rest else None)
        self.fit_messages()

    def fit_messages(self) -> None:
        """Let the dialog grow to the height its shown (word-wrapped) messages need at its width: Qt does not
        apply height-for-width to a dialog's own layout, so a refusal of three lines under 公示开始日期 was
        cut after the second."""
        layout = self.layout()
        if self.isVisible() and layout is not None and layout.hasHeightForWidth():
            layout.activate()
            self.resize(self.width(), max(self.height(), layout.totalHeightForWidth(self.width())))

    def _stale(self) -> None:
        self.discard_changes()  # the stale question already said the input is lost
        if self._on_stale is not None:
            self._on_stale()


class StartPublicityDialog(_SubmitDialog):
    def __init__(self, count: int, working_days: int, submit: StartSubmit,
                 parent: QWidget | None = None, *, today: date | None = None):
        super().__init__("开始公示", None, parent)
        self._submit, self.today = submit, today or date.today()
        self.setMinimumWidth(560)
        self.start_edit = DateEdit(self.today)
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 30)
        self.days_spin.setValue(working_days)
        self.days_spin.setSuffix(" 个工作日")
        self.end_label = QLabel()
        self.end_label.setWordWrap(True)
        self.holidays_edit = QLineEdit()
        self.holidays_edit.setPlaceholderText("公示期内的法定节假日，如 2026-10-01~2026-10-08（可选）")
        self.workdays_edit = QLineEdit()
        self.workdays_edit.setPlaceholderText("调休上班的周末，如 2026-09-27、2026-10-10（可选）")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例如：公示网址或张贴地点（可选）")
        self.grid = grid = FieldGrid()
        grid.add("start", "公示开始日期", self.start_edit, is_required=True)
        grid.add("days", "公示期", self.days_spin, is_required=True)
        grid.add("holidays", "节假日", self.holidays_edit)
        grid.add("workdays", "调休上班日", self.workdays_edit)
        grid.add("end", "公示截止", self.end_label)
        grid.add("note", "备注", self.note_edit)
        grid.finish()
        self.field_errors = grid.errors
        self.start_edit.dateChanged.connect(self._update)
        self.days_spin.valueChanged.connect(self._update)
        self.holidays_edit.textChanged.connect(self._update)
        self.workdays_edit.textChanged.connect(self._update)
        intro = QLabel(f"对 {count} 个拟立项项目进行公示。公示期按工作日计算：跳过周末和填写的节假日，"
                       "调休上班的周末计入。")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(intro)
        layout.addWidget(grid)
        layout.addWidget(hint_label("公示期内可登记异议；期满且异议均已处理的项目方可确认立项。"))
        layout.addWidget(self.buttons("开始公示"))
        self._update()

    def days(self) -> tuple[list[date], list[date]]:
        """(holidays, make-up working days) as typed; raises ValidationError naming a wrong entry."""
        return parse_days(self.holidays_edit.text()), parse_days(self.workdays_edit.text())

    def _update(self, *_: object) -> None:
        errors: dict[str, str] = {}
        holidays: list[date] = []
        workdays: list[date] = []
        for key, edit, target in (("holidays", self.holidays_edit, holidays),
                                  ("workdays", self.workdays_edit, workdays)):
            try:
                target.extend(parse_days(edit.text()))
            except DomainError as exc:
                errors[key] = str(exc)
        for key in ("holidays", "workdays"):  # (not show_errors: that would move the focus while typing)
            self.grid.errors[key].set_error(errors.get(key))
        self.ok_button.setEnabled(not errors)  # type: ignore[attr-defined]
        try:
            end = publicity_end(self.start_edit.value(), self.days_spin.value(), holidays, workdays)
            self.end_label.setText(fmt_date(end) + ("" if holidays or workdays else "（未填写节假日：只跳过周末）"))
        except DomainError as exc:
            self.end_label.setText(str(exc))
        self.fit_messages()

    def past_start_confirmed(self) -> bool:
        """A start before today is allowed (a publicity already posted is entered afterwards), but asked
        about: a wrong date would shorten the period in which objections can be recorded, or end it."""
        start = self.start_edit.value()
        if start >= self.today:
            return True
        holidays, workdays = self.days()
        end = publicity_end(start, self.days_spin.value(), holidays, workdays)
        text = (f"公示开始日期 {fmt_date(start)} 早于今天（{fmt_date(self.today)}），公示截止日期为 {fmt_date(end)}"
                + ("，公示期已经结束" if end < self.today else "") + "。\n"
                "只有补登已经发布的公示时才这样填写。确定按此日期开始公示吗？")
        return messages.confirm(self, text, title="公示开始日期早于今天", yes="按此日期开始公示", no="修改日期")

    def submit(self) -> bool:
        if not self.past_start_confirmed():
            self.start_edit.setFocus()
            return False
        holidays, workdays = self.days()
        start, days, note = self.start_edit.value(), self.days_spin.value(), self.note_edit.text().strip()
        return self.run(lambda: self._submit(start, days, note, holidays, workdays))


class ObjectionDialog(_SubmitDialog):
    def __init__(self, projects: list[ProjectRef], start: date, end: date, submit: ObjectionSubmit,
                 parent: QWidget | None = None, *, today: date | None = None):
        super().__init__("登记公示异议", None, parent)
        self._submit = submit
        self.setMinimumWidth(540)
        self.project_combo = ChoiceCombo(searchable=True)
        self.project_combo.set_choices([(f"{p.code} {p.title}", p.code) for p in projects],
                                       projects[0].code if projects else None)
        self.start, self.end = start, end
        self.today = today = today or date.today()
        # proposes a day of the publicity (not after today while it runs) but limits nothing: a date box
        # with a range rewrites what is typed outside it (2026-12-10 became 2026-12-01); the date typed is
        # checked on 登记 instead, with the rule the service applies (objection_date_problem)
        last = min(end, today) if today >= start else end
        self.received_edit = DateEdit(min(max(today, start), last))
        self.objector_edit = QLineEdit()
        self.objector_edit.setPlaceholderText("异议人或单位（可匿名）")
        self.content_edit = QPlainTextEdit()
        self.content_edit.setPlaceholderText("异议内容（必填）")
        self.content_edit.setFixedHeight(90)
        grid = FieldGrid()
        grid.add("project", "项目", self.project_combo, is_required=True)
        grid.add("received", "收到日期", self.received_edit, is_required=True)
        grid.add("objector", "异议人", self.objector_edit)
        grid.add("content", "异议内容", self.content_edit, is_required=True)
        grid.finish()
        self.field_errors = grid.errors
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(grid)
        layout.addWidget(hint_label(f"异议须在公示期（{fmt_date(start)} 至 {fmt_date(end)}）内提出，"
                                    "收到日期须在此期间内、且不晚于今天。"))
        layout.addWidget(self.buttons("登记"))

    def submit(self) -> bool:
        code = self.project_combo.value()
        received = self.received_edit.value()
        errors = {"project": "请选择项目"} if code is None else {}
        problem = objection_date_problem(received, self.start, self.end, self.today)
        if problem:
            errors["received"] = problem
        if errors:
            self.show_errors(errors)
            (self.project_combo if code is None else self.received_edit).setFocus()
            return False
        objector, content = self.objector_edit.text().strip(), self.content_edit.toPlainText().strip()
        return self.run(lambda: self._submit(str(code), received, objector, content))


class ResolveDialog(_SubmitDialog):
    def __init__(self, objection: ObjectionInfo, submit: ResolveSubmit, parent: QWidget | None = None,
                 *, on_stale: Callable[[], None] | None = None):
        super().__init__("处理公示异议", on_stale, parent)
        self._submit = submit
        self.setMinimumWidth(540)
        head = QLabel(f"项目 {objection.project_code}《{objection.project_title}》\n"
                      f"{fmt_date(objection.received_on)} 收到{('（' + objection.objector + '）') if objection.objector else ''}："
                      f"{objection.content}")
        head.setWordWrap(True)
        head.setProperty("dataText", True)
        self.resolution_edit = QPlainTextEdit()
        self.resolution_edit.setPlaceholderText("核查情况和处理结果（必填）")
        self.resolution_edit.setFixedHeight(90)
        self.resolution_edit.setAccessibleName("处理结果")
        self.upheld_radio = QRadioButton("异议成立：该项目不予立项")
        self.dismissed_radio = QRadioButton("异议不成立：维持拟立项")
        self.dismissed_radio.setChecked(True)
        for radio in (self.upheld_radio, self.dismissed_radio):
            radio.setAccessibleName("异议是否成立")
        self.field_errors = {"resolution": ErrorLabel()}
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(head)
        layout.addWidget(self.resolution_edit)
        layout.addWidget(self.field_errors["resolution"])
        layout.addWidget(self.upheld_radio)
        layout.addWidget(self.dismissed_radio)
        layout.addWidget(self.buttons("保存处理结果"))
        self.ok_button.setEnabled(False)  # type: ignore[attr-defined]
        self.resolution_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.resolution_edit.toPlainText().strip())))  # type: ignore[attr-defined]

    def submit(self) -> bool:
        resolution, upheld = self.resolution_edit.toPlainText().strip(), self.upheld_radio.isChecked()
        return self.run(lambda: self._submit(resolution, upheld))
