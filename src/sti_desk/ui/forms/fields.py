"""Field widgets for forms: inline error labels, money in 万元, dates, a grid that shows FieldErrors, and the
dialogs' 确定/取消 button row."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (QDateEdit, QDateTimeEdit, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QToolTip, QVBoxLayout, QWidget)

from ...domain.errors import ValidationError
from ...domain.money import Money

#: up to 9 integer digits and 6 decimals of 万元 (1 分 = 0.000001 万元)
MONEY_PATTERN = r"^\d{0,9}(\.\d{0,6})?$"
#: what MoneyEdit lets be typed: also commas, so that “1,5” stays in view and is refused with a reason
#: instead of the validator dropping the comma and leaving 15
MONEY_TYPING_PATTERN = r"^[\d,，]{0,12}(\.\d{0,6})?$"
COMMA_IN_MONEY = "“{text}”中有逗号：金额以万元为单位，小数点请用“.”（如 1.5），也不要用千位分隔符"


class ErrorLabel(QLabel):
    """The red Chinese message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "fieldError")
        self.setStyleSheet("color: #c62828;")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_error(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


class MoneyEdit(QLineEdit):
    """An amount in 万元, parsed exactly with :meth:`Money.wan` (never float), shown with 2 decimals once
    typed (25.5 → 25.50; every 分 kept: 0.000001). A comma is refused with the reason (“1,5” is not 15)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(MONEY_TYPING_PATTERN), self))
        self.setPlaceholderText("0.00")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip("单位：万元，小数点用“.”，最多 6 位小数（精确到分）")
        self.editingFinished.connect(self._tidy)

    def money(self) -> Money:
        """The amount; an empty box is 0. Raises ValidationError saying what is wrong with the text."""
        text = self.text().strip()
        if text in ("", "."):
            return Money(0)
        if "," in text or "，" in text:
            raise ValidationError(COMMA_IN_MONEY.format(text=text))
        if not QRegularExpression(MONEY_PATTERN).match(text).hasMatch():
            raise ValidationError(f"“{text}”不是有效金额：最多 9 位整数、6 位小数（万元）")
        return Money.wan(text)

    def _tidy(self) -> None:
        """Leaving the box shows the amount as every list does (at least 2 decimals); wrong text stays as typed."""
        if not self.text().strip():
            return
        try:
            shown = money_edit_text(self.money())
        except ValidationError:
            return
        if shown != self.text():
            self.setText(shown)

    def set_money(self, value: Money) -> None:
        self.setText(money_edit_text(value))


def money_edit_text(value: Money) -> str:
    """'12.5' → '12.50'; keeps every 分 ('0.000001') without thousands separators: :meth:`Money.wan_str`
    without the commas, so a box shows an amount as the lists do."""
    return value.wan_str(grouping=False)


def parse_money(edit: MoneyEdit, key: str, errors: dict[str, str]) -> Money:
    try:
        return edit.money()
    except ValidationError as exc:
        errors[key] = exc.message
        return Money(0)


#: invisible characters that come along when a code is copied from a PDF or a web page
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
#: the raw text a code box takes at once (a pasted code with spaces between its groups, not a paragraph)
CODE_RAW_LIMIT = 64


def without_spaces(text: str) -> str:
    """``text`` without any whitespace (also the full-width space 　 and the no-break space) or invisible
    characters: what a pasted " 9133 0100 NRW0 369C FL " means."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in _INVISIBLE)


class _NoSpaces(QValidator):
    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # type: ignore[override]
        cleaned = without_spaces(text)
        return QValidator.State.Acceptable, cleaned, len(without_spaces(text[:pos]))


class CodeEdit(QLineEdit):
    """A fixed-length code (统一社会信用代码, 身份证号) that drops spaces as they are typed or pasted.

    A ``maxLength`` of the code's length would cut a pasted " 91330100NRW0369CFL " before any strip(), so the
    last character silently went missing; here the spaces go first and the length is not cut at all: a code
    that is too long stays visible and the check says “应为 18 位，实际 19 位”."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setMaxLength(CODE_RAW_LIMIT)
        self.setValidator(_NoSpaces(self))
        self.setPlaceholderText(placeholder)


DATE_SEPARATORS = ("-", "/", ".")


class DateEdit(QDateEdit):
    """A date with the calendar pop-up, shown as 2025-03-01, that keeps what is typed.

    A plain QDateEdit rewrites typed dates: a separator typed after a section it already completed skips
    the next section (2027-01-01 became 2027-12-01), digits typed over the whole selected text are dropped
    (the year stayed), and with a narrower range a date outside it is bent into it (2026-12-10 became
    2026-12-01). Here a separator ends the section being typed (-, / or .; once only), typing over the whole
    text starts at the year, and a digit the date cannot take (2026-02-30) is refused with a tip saying
    why (``refusal``). Give it no range narrower than the default: check the date when the form is saved
    and show the message under the field, so the clerk sees what they typed and why it is not accepted."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(QDate(2000, 1, 1))
        self.setMaximumDate(QDate(2099, 12, 31))
        self.setToolTip("可直接输入，如 2026-12-03、2026/12/3 或 20261203；也可点右侧箭头在日历中选择")
        self.refusal = ""            # why the last digit typed was not taken ("" = it was)
        self._advanced = False       # the last digit completed its section and Qt moved on
        self.set_value(value or date.today())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        text = event.text()
        if len(text) == 1 and text.isdigit():
            line = self.lineEdit()
            if line.hasSelectedText() and line.selectedText() == line.text():
                self.setSelectedSection(self.sectionAt(0))
            section, before = self.currentSectionIndex(), line.text()
            super().keyPressEvent(event)
            self._advanced = self.currentSectionIndex() != section
            self.refusal = "" if self._advanced or line.text() != before else self._why_refused(text)
            if self.refusal:
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), self.refusal, self)
            return
        if text in DATE_SEPARATORS:
            advanced, self._advanced = self._advanced, False
            following = self.currentSectionIndex() + 1
            if not advanced and following < self.sectionCount():
                self.setSelectedSection(self.sectionAt(following))
            return
        self._advanced = False
        super().keyPressEvent(event)

    def _why_refused(self, digit: str) -> str:
        section = self.currentSection()
        if section == QDateTimeEdit.Section.YearSection:
            return f"年份须在 {self.minimumDate().year()}–{self.maximumDate().year()} 之间"
        if section == QDateTimeEdit.Section.MonthSection:
            return "月份须为 1–12"
        day = f"{self.sectionText(section)}{digit}".lstrip("0") or digit
        shown = self.date()
        return f"{shown.year()} 年 {shown.month()} 月没有 {day} 日"

    def value(self) -> date:
        return self.date().toPython()  # type: ignore[no-any-return]

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


def required(label: str) -> str:
    return f'{label}<span style="color:#c62828"> *</span>'


class FieldGrid(QWidget):
    """Rows of label | widget, each with its error label underneath; knows its fields by key.

    ``show_errors(FieldErrors.errors)`` puts each message under its field and returns the messages
    whose key has no field here (the dialog shows those at the top).
    """

    def __init__(self, columns: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(4)
        self._columns = columns
        self._next_row = [0] * columns
        self.errors: dict[str, ErrorLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        for c in range(columns):
            self._grid.setColumnStretch(c * 2 + 1, 1)

    def add(self, key: str, label: str, widget: QWidget, *, column: int = 0, is_required: bool = False,
            suffix: str = "", span: int = 1) -> QWidget:
        row = self._next_row[column]
        caption = QLabel(required(label) if is_required else label)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setContentsMargins(0, 5, 0, 0)
        caption.setBuddy(widget)
        error = ErrorLabel()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        if suffix:
            line = QHBoxLayout()
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget, 1)
            line.addWidget(QLabel(suffix))
            box.addLayout(line)
        else:
            box.addWidget(widget)
        box.addWidget(error)
        box.addStretch(1)  # keep the field at the top of a row made taller by the other column
        col = column * 2
        self._grid.addWidget(caption, row, col)
        self._grid.addWidget(holder, row, col + 1, 1, span * 2 - 1)
        for c in range(column, min(self._columns, column + span)):
            self._next_row[c] = row + 1
        self.errors[key] = error
        self.widgets[key] = widget
        return widget

    def finish(self) -> None:
        self._grid.setRowStretch(max(self._next_row), 1)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.set_error(None)

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        self.clear_errors()
        rest: dict[str, str] = {}
        first: QWidget | None = None
        for key, message in errors.items():
            label = self.errors.get(key)
            if label is None:
                rest[key] = message
                continue
            label.set_error(message)
            if first is None:
                first = self.widgets[key]
        if first is not None:
            first.setFocus()
        return rest

    def error_text(self, key: str) -> str:
        label = self.errors.get(key)
        return label.text() if label is not None else ""


def ok_cancel_buttons(dialog: QDialog, ok: str, on_ok: Callable[[], object] | None = None) -> QDialogButtonBox:
    """The button row of a dialog: ``ok`` (runs ``on_ok``, default ``dialog.accept``) and 取消. The OK button
    is kept as ``buttons.ok_button`` so a dialog can disable it while its input is wrong."""
    buttons = QDialogButtonBox()
    ok_button: QPushButton = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    buttons.ok_button = ok_button  # type: ignore[attr-defined]
    return buttons
