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
        """Values stay Python objects (Qt would turn a ``str`` enum member into a plain string)."""
        self.blockSignals(True)
        self.clear()
        self._values: list[object] = []
        if self._empty_label is not None:
            self.addItem(self._empty_label)
            self._values.append(None)
        for label, value in choices:
            self.addItem(label)
            self._values.append(value)
        self.blockSignals(False)
        self.select(selected)

    def index_of(self, value: object) -> int:
        for i, v in enumerate(getattr(self, "_values", [])):
            if v == value and (v is not None or value is None):
                return i
        return -1

    def select(self, value: object) -> None:
        index = self.index_of(value)
        if index < 0 and value is None and self._empty_label is not None:
            index = 0
        self.setCurrentIndex(index)
        if index < 0 and self.isEditable():
            self.setEditText("")

    def value(self) -> object:
        """The chosen value; for an editable combo the typed text must name an item exactly."""
        index = self.currentIndex()
        if self.isEditable():
            index = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchExactly)
        values = getattr(self, "_values", [])
        return values[index] if 0 <= index < len(values) else None
