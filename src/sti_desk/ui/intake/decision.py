"""The clerk's 形式审查 decision (通过 / 不通过) with its note."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..forms.fields import ErrorLabel
from ..forms.unsaved import UnsavedChangesGuard
from .screening_model import ScreeningItem

REJECT_NOTE_REQUIRED = "形式审查不通过必须填写理由"
OVERRIDE_NOTE_REQUIRED = "自动检查有未通过的项目，仍决定通过须填写说明"


def note_required(item: ScreeningItem, decision: str) -> str | None:
    """The message when this decision needs a note (the service checks the same rules)."""
    if decision == "reject":
        return REJECT_NOTE_REQUIRED
    if item.outcome is not None and not item.outcome.auto_passed:
        return OVERRIDE_NOTE_REQUIRED
    return None


class DecisionDialog(UnsavedChangesGuard, QDialog):
    """Asks for the note; 确定 with a missing required note is refused with the message under the box; Esc,
    取消 or × after a note was typed asks 放弃未保存的修改？ (forms.unsaved)."""

    def __init__(self, item: ScreeningItem, decision: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item, self.decision = item, decision
        self.required = note_required(item, decision)
        verb = "通过" if decision == "pass" else "不通过"
        self.setWindowTitle(f"形式审查{verb}")
        self.setMinimumWidth(480)
        outcome = item.outcome
        effect = ("项目将进入“专家评审”阶段。" if decision == "pass" else "项目将转为“不予立项”，理由记入项目进度记录。")
        question = QLabel(f"确认项目 {item.code}《{item.title}》形式审查{verb}？\n{effect}")
        question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        if outcome is not None and outcome.failures:
            lines = "\n".join(f"· {c.name}（{c.status}）：{c.message}" for c in outcome.failures[:6])
            more = f"\n…… 另有 {len(outcome.failures) - 6} 项" if len(outcome.failures) > 6 else ""
            failures = QLabel(f"自动检查中未通过或需人工判断的项目：\n{lines}{more}")
            failures.setWordWrap(True)
            failures.setStyleSheet("color: #555;")
            layout.addWidget(failures)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(f"填写{'理由' if decision == 'reject' else '说明'}"
                                          f"（{'必填' if self.required else '可选'}）")
        self.note_edit.setFixedHeight(96)
        self.note_edit.setAccessibleName("理由" if decision == "reject" else "说明")
        self.error_label = ErrorLabel()
        hint = QLabel(self.required + "。" if self.required else "说明将与审查决定一起保存。")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(f"确定{verb}", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.note_edit.textChanged.connect(lambda: self.error_label.set_error(None))
        layout.addWidget(self.note_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def try_accept(self) -> bool:
        if self.required and not self.note():
            self.error_label.set_error(self.required)
            self.note_edit.setFocus()
            return False
        self.accept()
        return True
