"""Combo boxes for records chosen by id (申报批次、单位) with type-to-search."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class ChoiceCombo(QComboBox):
    """Items are (label, id). ``searchable`` makes it editable with a 'contains' completer, for long lists."""

    def __init__(self, *, searchable: bool = False, empty_label: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._empty_label = empty_label
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        if searchable:
            self.setEditable(True)
            self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(self.model(), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            self.setCompleter(completer)
            self.lineEdit().setPlaceholderText("输入名称查找…")

    def set_choices(self, choices: list[tuple[str, object]], selected: object = None) -> None:
        self.blockSignals(True)
        self.clear()
        if self._empty_label is not None:
            self.addItem(self._empty_label, None)
        for label, value in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self.select(selected)

    def select(self, value: object) -> None:
        index = self.findData(value) if value is not None else (0 if self._empty_label is not None else -1)
        self.setCurrentIndex(index)
        if index < 0 and self.isEditable():
            self.setEditText("")

    def value(self) -> object:
        """The chosen id; for an editable combo the typed text must name an item exactly."""
        if self.isEditable():
            index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchExactly)
            if index < 0:
                return None
            return self.itemData(index)
        return self.currentData()
