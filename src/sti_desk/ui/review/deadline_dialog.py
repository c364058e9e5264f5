"""评分截止日期: set, move or clear the deadline of the open round. The dialog saves through the service
itself so that a refusal (a date in the past, a change without a reason) is shown under the fields and the
clerk's input stays; Esc, 取消 or × after a change asks 放弃未保存的修改？ (forms.unsaved)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ..forms.fields import DateEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.unsaved import UnsavedChangesGuard

SaveDeadline = Callable[[date | None, str], None]


class DeadlineDialog(UnsavedChangesGuard, QDialog):
    def __init__(self, round_label: str, current: date | None, save: SaveDeadline, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("评分截止日期")
        self.setMinimumWidth(480)
        self._save, self.current = save, current
        now = f"目前的截止日期：{current:%Y-%m-%d}。" if current else "目前未设截止日期（不会有专家被记为逾期）。"
        self.intro = QLabel(f"{round_label}。{now}过了截止日期仍未提交的专家在评审进度和工作台中标为“逾期”。")
        self.intro.setWordWrap(True)
        self.clear_check = QCheckBox("不设截止日期")
        self.clear_check.setAccessibleName("不设截止日期")
        self.date_edit = DateEdit(current or date.today() + timedelta(days=7))
        self.clear_check.toggled.connect(lambda on: self.date_edit.setEnabled(not on))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("修改已有的截止日期时必填，如：部分专家出差，延期三天")
        self.grid = grid = FieldGrid()
        grid.add("deadline", "截止日期", self.date_edit, is_required=True)
        grid.add("clear", "", self.clear_check)
        grid.add("reason", "修改原因", self.reason_edit)
        grid.finish()
        self.error = ErrorLabel()
        buttons = ok_cancel_buttons(self, "保存", self.try_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def chosen(self) -> date | None:
        return None if self.clear_check.isChecked() else self.date_edit.value()

    def try_save(self) -> bool:
        self.grid.clear_errors()
        self.error.set_error(None)
        try:
            self._save(self.chosen(), self.reason_edit.text().strip())
        except DomainError as exc:   # a field's refusal (a date in the past, no reason) goes under the field
            rest = self.grid.show_errors({getattr(exc, "field", None) or "_": str(exc)})
            self.error.set_error("；".join(rest.values()) or None)
            return False
        self.accept()
        return True


def ask_deadline(parent: QWidget | None, round_label: str, current: date | None, save: SaveDeadline) -> bool:
    """True when the deadline was saved (module function, so tests can replace it)."""
    return DeadlineDialog(round_label, current, save, parent).exec() == QDialog.DialogCode.Accepted
