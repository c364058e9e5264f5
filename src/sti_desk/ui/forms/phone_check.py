"""The 联系电话 check of the edit dialogs (专家, 单位): :mod:`domain.phone`'s refusal and warning under the field."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from ...domain.phone import phone_problem, phone_refusal
from .fields import FieldGrid


class PhoneCheck:
    """The 联系电话 remark of 新增/编辑专家 and 新建/编辑单位 (:mod:`domain.phone`): shown when the field is left, kept up to date
    while the clerk corrects the number, and on 保存 — a doubtful number stops the first 保存 with the remark
    on screen, and 保存 again with the same number keeps it as typed (a warning, not a refusal). Text that
    is no phone number at all (domain.phone.phone_refusal) is said under the field at once; 保存 then goes on to
    the service, which refuses it with the same words (the rule is the domain's, not this widget's)."""

    def __init__(self, grid: FieldGrid, edit: QLineEdit, save_label: str):
        self.grid, self.edit, self.save_label = grid, edit, save_label
        self.confirmed: str | None = None      # the doubtful number the clerk chose to save as typed
        edit.editingFinished.connect(self.show)
        edit.textEdited.connect(self._typed)

    def message(self) -> str | None:
        text = self.edit.text().strip()
        if refusal := phone_refusal(text):
            return refusal
        problem = phone_problem(text)
        return f"请核对：{problem}。号码无误请再次点击“{self.save_label}”。" if problem else None

    def show(self) -> None:
        self.grid.errors["phone"].set_error(self.message())
        window = self.edit.window()
        if window.isVisible():       # the remark may wrap to a second line: let the dialog grow, not clip it
            window.adjustSize()

    def stored(self, phone: str) -> None:
        """The number already saved (编辑专家): its remark is shown at once, but it does not stop a 保存."""
        self.confirmed = phone.strip()
        self.show()

    def _typed(self, _text: str) -> None:
        if self.grid.error_text("phone"):      # a remark on screen follows the typing (gone once it is fixed)
            self.show()

    def ready(self) -> bool:
        """On 保存: False (the remark shown) for a doubtful number not yet saved past its remark."""
        self.show()
        text = self.edit.text().strip()
        if phone_refusal(text) or not phone_problem(text) or self.confirmed == text:
            return True
        self.confirmed = text
        return False
