"""选择… next to P8's subject list: tick the budget subjects delegated to the unit instead of typing them.

The ticks are written back into the text field (which stays the value the domain parses), keeping the order
the subjects already had, so choosing the same subjects again is no change."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from ...domain.policy_params import ADJUSTABLE_SUBJECTS
from ...domain.policy_text import split_names
from ..forms.fields import ok_cancel_buttons


def merged(current: list[str], ticked: list[str]) -> list[str]:
    """The ticked subjects: those already listed in their order, then the new ones in the table's order."""
    kept = [s for s in current if s in ticked]
    return kept + [s for s in ticked if s not in kept]


class SubjectsDialog(QDialog):
    def __init__(self, chosen: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("选择下放单位调剂的预算科目")
        self.chosen = chosen
        layout = QVBoxLayout(self)
        intro = QLabel("总额不变时，勾选的科目由单位自行调剂、备案即可；其他科目调剂须审批（P8）。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: list[QCheckBox] = []
        for subject in ADJUSTABLE_SUBJECTS:
            box = QCheckBox(subject)
            box.setChecked(subject in chosen)
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addWidget(ok_cancel_buttons(self, "确定"))

    def ticked(self) -> list[str]:
        return merged(self.chosen, [b.text() for b in self.boxes if b.isChecked()])


class SubjectsButton(QPushButton):
    """Opens :class:`SubjectsDialog` for ``edit`` and writes the choice back (``、`` separated, 无 for none)."""

    def __init__(self, edit: QLineEdit, parent: QWidget | None = None):
        super().__init__("选择…", parent)
        self.edit = edit
        self.setToolTip("勾选科目")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.clicked.connect(self.choose)

    def choose(self) -> bool:
        dialog = SubjectsDialog(split_names(self.edit.text()), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        ticked = dialog.ticked()
        self.edit.setText("、".join(ticked) if ticked else "无")
        self.edit.editingFinished.emit()
        return True
