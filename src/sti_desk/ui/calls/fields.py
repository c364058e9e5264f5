"""Two inputs of the call dialog: a date that may be left open (申报时间) and the disbursement plan with its
tranches checked while typing (拨付计划, e.g. 70%,30%)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.calls import parse_disbursement_plan, percent_text
from ...domain.errors import ValidationError
from ..forms.fields import DateEdit

TRANCHE_NAMES = ("签订任务书后", "验收通过后")
OK_COLOR = "#2e7d32"
BAD_COLOR = "#c62828"


class OptionalDateEdit(QWidget):
    """A check box 设定 and a date: unchecked means no date (``value()`` is None)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox("设定")
        self.date_edit = DateEdit()
        self.check.toggled.connect(self.date_edit.setEnabled)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.check)
        line.addWidget(self.date_edit, 1)
        self.set_value(None)

    def value(self) -> date | None:
        return self.date_edit.value() if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.date_edit.setEnabled(value is not None)
        if value is not None:
            self.date_edit.set_value(value)


def tranche_text(ratios: tuple) -> str:  # type: ignore[type-arg]
    """(0.7, 0.3) → '签订任务书后 70%，验收通过后 30%'; more tranches are numbered."""
    if len(ratios) == len(TRANCHE_NAMES):
        return "，".join(f"{n} {percent_text(r)}" for n, r in zip(TRANCHE_NAMES, ratios, strict=True))
    return "，".join(f"第 {i} 笔 {percent_text(r)}" for i, r in enumerate(ratios, 1))


class PlanEdit(QWidget):
    """拨付计划 as text ('70%,30%' or '0.7,0.3') with a live line saying what it means or what is wrong."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("如 70%,30%（各笔之和须为 100%）")
        self.edit.setToolTip("按拨付顺序填写各笔比例，用逗号或“/”分隔；可写百分比（70%）或小数（0.7）")
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.edit.textChanged.connect(self._explain)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.edit)
        box.addWidget(self.meaning)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_plan(self, stored: str) -> None:
        """Shown as percentages ('0.7,0.3' → '70%,30%')."""
        try:
            self.edit.setText(",".join(percent_text(r) for r in parse_disbursement_plan(stored)))
        except ValidationError:
            self.edit.setText(stored)
        self._explain()

    def problem(self) -> str | None:
        """What is wrong with the plan as typed (None when it is a valid plan)."""
        try:
            parse_disbursement_plan(self.edit.text())
        except ValidationError as exc:
            return exc.message
        return None

    def _explain(self) -> None:
        try:
            ratios = parse_disbursement_plan(self.edit.text())
        except ValidationError as exc:
            self.meaning.setText(exc.message)
            self.meaning.setStyleSheet(f"color: {BAD_COLOR};")
            return
        self.meaning.setText(tranche_text(ratios) + "（合计 100%）")
        self.meaning.setStyleSheet(f"color: {OK_COLOR};")
