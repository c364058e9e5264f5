"""Combo boxes for records chosen by id (申报批次、单位) with type-to-search."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ChoiceCombo(QComboBox):
    """Items are (label, id). ``searchable`` makes it editable with a 'contains' completer, for long lists.
    ``elide`` (a list that is not editable) is for long labels: the box shows the chosen label cut in the middle
    with “…” (both its start and its code stay visible), the popup is as wide as the longest label (up to the
    screen), and every label is also the tool tip of its item and, when chosen, of the box."""

    def __init__(self, *, searchable: bool = False, empty_label: str | None = None, elide: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._empty_label = empty_label
        self._elide = elide and not searchable
        self._tip = ""
        if self._elide:
            self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
            self.currentIndexChanged.connect(lambda _i: self._show_tip())
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
            if self._elide:
                self.setItemData(self.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.blockSignals(False)
        self.select(selected)
        if self._elide:
            widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())),
                         default=0)
            screen = self.screen().availableGeometry().width() if self.screen() is not None else 1600
            self.view().setMinimumWidth(min(widest + 40, screen - 40))
            self._show_tip()

    def set_tip(self, tip: str) -> None:
        """A tool tip shown after the chosen label (e.g. why the box is disabled)."""
        self._tip = tip
        if self._elide:
            self._show_tip()
        else:
            self.setToolTip(tip)

    def _show_tip(self) -> None:
        label = self.currentText() if self.value() is not None else ""
        self.setToolTip("\n".join(t for t in (label, self._tip) if t))

    def _field(self) -> tuple[QStyleOptionComboBox, int]:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return option, max(0, field.width() - 4)

    def shown_text(self) -> str:
        """The chosen label as the box shows it: whole when it fits, else cut in the middle with “…”."""
        option, width = self._field()
        if not self._elide:
            return option.currentText
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._elide:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option, _ = self._field()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

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
