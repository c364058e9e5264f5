"""Asking the clerk to confirm a stage change (and for the reason when the rule needs one)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.lifecycle import TRANSITIONS, ProjectState, requires_reason
from ...services.dto import ProjectDetail
from ..forms.unsaved import UnsavedChangesGuard


def action_label(current: ProjectState, target: ProjectState) -> str:
    entry = TRANSITIONS.get((current, target))
    return entry[0] if entry else f"转为{target.label}"


def reason_required(detail: ProjectDetail, target: ProjectState, today: date | None = None) -> bool:
    """The lifecycle's own rule (:func:`sti_desk.domain.lifecycle.requires_reason`) for this project."""
    return requires_reason(detail.state, target, today=today, end_date=detail.end_date)


class ReasonDialog(UnsavedChangesGuard, QDialog):
    """Esc, 取消 or × after a reason was typed asks 放弃未保存的修改？ (forms.unsaved)."""

    def __init__(self, detail: ProjectDetail, target: ProjectState, parent: QWidget | None = None):
        super().__init__(parent)
        action = action_label(detail.state, target)
        self.required = reason_required(detail, target)
        self.setWindowTitle(action)
        self.setMinimumWidth(460)
        question = QLabel(f"确认对项目“{detail.title}”执行“{action}”？\n"
                          f"项目将从“{detail.state.label}”转为“{target.label}”。")
        question.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("填写理由（必填）" if self.required else "备注（可选）")
        self.reason_edit.setFixedHeight(90)
        self.reason_edit.setAccessibleName("理由" if self.required else "备注")
        hint = QLabel("此操作必须填写理由，理由将记入项目进度记录。" if self.required else
                      "备注将记入项目进度记录。")
        hint.setStyleSheet("color: #8a8a8a;")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.reason_edit)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(not self.required or bool(self.reason().strip()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()


def ask(parent: QWidget | None, detail: ProjectDetail, target: ProjectState) -> str | None:
    """The reason (possibly empty) or None when the clerk cancelled. Tests replace this function."""
    dialog = ReasonDialog(detail, target, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason()
