"""The clerk's 形式审查 decision (通过 / 不通过) with its note."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QLabel, QPlainTextEdit, QSizePolicy, QTextEdit,
                               QVBoxLayout, QWidget)

from .. import theme
from ..forms.unsaved import UnsavedChangesGuard
from .screening_model import ScreeningItem

#: the failure list shows this many pixels at most before it scrolls (the dialog can be made taller)
FAILURES_MAX_HEIGHT = 260

REJECT_NOTE_REQUIRED = "形式审查不通过必须填写理由"
OVERRIDE_NOTE_REQUIRED = "自动检查有未通过的项目，仍决定通过须填写说明"


def note_required(item: ScreeningItem, decision: str) -> str | None:
    """The message when this decision needs a note (the service checks the same rules)."""
    if decision == "reject":
        return REJECT_NOTE_REQUIRED
    if item.outcome is not None and not item.outcome.auto_passed:
        return OVERRIDE_NOTE_REQUIRED
    return None


def failures_text(item: ScreeningItem) -> str:
    """Every failed check, errors first: what the clerk is deciding on (or overriding)."""
    if item.outcome is None or not item.outcome.failures:
        return ""
    lines = "\n".join(f"· {c.name}（{c.status}）：{c.message}" for c in item.outcome.failures)
    return f"自动检查中未通过或需人工判断的项目：\n{lines}"


class DecisionDialog(UnsavedChangesGuard, QDialog):
    """Asks for the note; 确定 with a missing required note is refused and the requirement under the box turns
    red (it is said once, grey until then); Esc, 取消 or × after a note was typed asks 放弃未保存的修改？
    (forms.unsaved). The failed checks are shown in full in a read-only box that scrolls when very long."""

    def __init__(self, item: ScreeningItem, decision: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item, self.decision = item, decision
        self.required = note_required(item, decision)
        self.refused = False
        verb = "通过" if decision == "pass" else "不通过"
        self.setWindowTitle(f"形式审查{verb}")
        self.setMinimumWidth(520)
        effect = ("项目将进入“专家评审”阶段。" if decision == "pass" else "项目将转为“不予立项”，理由记入项目进度记录。")
        question = QLabel(f"确认项目 {item.code}《{item.title}》形式审查{verb}？\n{effect}")
        question.setWordWrap(True)
        question.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        self.failures_view: QTextEdit | None = None
        text = failures_text(item)
        if text:
            self.failures_view = view = QTextEdit()
            view.setReadOnly(True)
            view.setPlainText(text)
            view.setAccessibleName("自动检查中未通过或需人工判断的项目")
            view.setFrameShape(QFrame.Shape.StyledPanel)
            view.setStyleSheet(f"QTextEdit {{ color: #444; background: {theme.PANEL}; }}")
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            layout.addWidget(view, 1)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(f"填写{'理由' if decision == 'reject' else '说明'}"
                                          f"（{'必填' if self.required else '可选'}）")
        self.note_edit.setFixedHeight(96)
        self.note_edit.setAccessibleName("理由" if decision == "reject" else "说明")
        self.requirement = QLabel(self.required + "。" if self.required else "说明将与审查决定一起保存。")
        self.requirement.setWordWrap(True)
        self.requirement.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._show_refusal(False)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(f"确定{verb}", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        self.note_edit.textChanged.connect(lambda: self.refused and self._show_refusal(False))
        layout.addWidget(self.note_edit)
        layout.addWidget(self.requirement)
        layout.addWidget(buttons)
        self.resize(600, self.sizeHint().height())
        self._fit_failures()

    def _fit_failures(self) -> None:
        """Make the failure box as tall as its text at the dialog's width (at most FAILURES_MAX_HEIGHT)."""
        view = self.failures_view
        if view is None:
            return
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right() - 2 * view.frameWidth()
        doc = view.document().clone(view)
        doc.setTextWidth(max(100, width - 4))
        wanted = int(doc.size().height()) + 2 * view.frameWidth() + 4
        view.setMinimumHeight(min(wanted, FAILURES_MAX_HEIGHT))
        if wanted <= FAILURES_MAX_HEIGHT:        # fits: no empty space under the text; longer lists scroll
            view.setMaximumHeight(wanted)
        self.resize(self.width(), self.sizeHint().height())

    def _show_refusal(self, on: bool) -> None:
        self.refused = on
        self.requirement.setProperty("role", "fieldError" if on else "hint")
        self.requirement.setStyleSheet(f"{theme.ERROR_STYLE} font-weight: bold;" if on else theme.HINT_STYLE)

    def note(self) -> str:
        return self.note_edit.toPlainText().strip()

    def try_accept(self) -> bool:
        if self.required and not self.note():
            self._show_refusal(True)
            self.note_edit.setFocus()
            return False
        self.accept()
        return True
