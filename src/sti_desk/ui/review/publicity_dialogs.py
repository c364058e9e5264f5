"""Dialogs of the publicity (公示): start it, record an objection, resolve an objection."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QRadioButton, QSpinBox,
                               QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.review import parse_days, publicity_end
from ...services.review_dto import ObjectionInfo, ProjectRef
from ..forms.combos import ChoiceCombo
from ..forms.fields import DateEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from .common import fmt_date, hint_label


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = ok_cancel_buttons(dialog, ok)
    dialog.ok_button = buttons.ok_button  # type: ignore[attr-defined]
    return buttons


class StartPublicityDialog(QDialog):
    def __init__(self, count: int, working_days: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("开始公示")
        self.setMinimumWidth(560)
        self.start_edit = DateEdit(date.today())
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 30)
        self.days_spin.setValue(working_days)
        self.days_spin.setSuffix(" 个工作日")
        self.end_label = QLabel()
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
        self.start_edit.dateChanged.connect(self._update)
        self.days_spin.valueChanged.connect(self._update)
        self.holidays_edit.textChanged.connect(self._update)
        self.workdays_edit.textChanged.connect(self._update)
        intro = QLabel(f"对 {count} 个拟立项项目进行公示。公示期按工作日计算：跳过周末和填写的节假日，"
                       "调休上班的周末计入。")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(grid)
        layout.addWidget(hint_label("公示期内可登记异议；期满且异议均已处理的项目方可确认立项。"))
        layout.addWidget(_buttons(self, "开始公示"))
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


class ObjectionDialog(QDialog):
    def __init__(self, projects: list[ProjectRef], start: date, end: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("登记公示异议")
        self.setMinimumWidth(540)
        self.project_combo = ChoiceCombo(searchable=True)
        self.project_combo.set_choices([(f"{p.code} {p.title}", p.code) for p in projects],
                                       projects[0].code if projects else None)
        self.received_edit = DateEdit(min(max(date.today(), start), end))
        self.objector_edit = QLineEdit()
        self.objector_edit.setPlaceholderText("异议人或单位（可匿名）")
        self.content_edit = QPlainTextEdit()
        self.content_edit.setPlaceholderText("异议内容（必填）")
        self.content_edit.setFixedHeight(90)
        self.error = ErrorLabel()
        grid = FieldGrid()
        grid.add("project", "项目", self.project_combo, is_required=True)
        grid.add("received", "收到日期", self.received_edit, is_required=True)
        grid.add("objector", "异议人", self.objector_edit)
        grid.add("content", "异议内容", self.content_edit, is_required=True)
        grid.finish()
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(grid)
        layout.addWidget(hint_label(f"异议须在公示期（{fmt_date(start)} 至 {fmt_date(end)}）内提出。"))
        layout.addWidget(_buttons(self, "登记"))


class ResolveDialog(QDialog):
    def __init__(self, objection: ObjectionInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("处理公示异议")
        self.setMinimumWidth(540)
        head = QLabel(f"项目 {objection.project_code}《{objection.project_title}》\n"
                      f"{fmt_date(objection.received_on)} 收到{('（' + objection.objector + '）') if objection.objector else ''}："
                      f"{objection.content}")
        head.setWordWrap(True)
        head.setProperty("dataText", True)
        self.resolution_edit = QPlainTextEdit()
        self.resolution_edit.setPlaceholderText("核查情况和处理结果（必填）")
        self.resolution_edit.setFixedHeight(90)
        self.upheld_radio = QRadioButton("异议成立：该项目不予立项")
        self.dismissed_radio = QRadioButton("异议不成立：维持拟立项")
        self.dismissed_radio.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.resolution_edit)
        layout.addWidget(self.upheld_radio)
        layout.addWidget(self.dismissed_radio)
        layout.addWidget(_buttons(self, "保存处理结果"))
        self.ok_button.setEnabled(False)  # type: ignore[attr-defined]
        self.resolution_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.resolution_edit.toPlainText().strip())))  # type: ignore[attr-defined]
