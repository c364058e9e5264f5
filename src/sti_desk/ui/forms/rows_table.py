"""A small editable table (预算明细、项目组成员) with 添加一行 / 删除所选行 buttons."""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRegularExpression, Qt
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QPushButton, QStyledItemDelegate, QStyleOptionViewItem, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from .fields import MONEY_PATTERN, ErrorLabel

READ_ONLY_COLOUR = "#777777"


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    kind: str = "text"          # text | money | choice
    choices: tuple[str, ...] = ()
    width: int = 120
    read_only: bool = False     # shown (greyed) but not typed in, e.g. a code the program assigns


class _Delegate(QStyledItemDelegate):
    def __init__(self, specs: list[ColumnSpec], parent: QWidget):
        super().__init__(parent)
        self._specs = specs

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        spec = self._specs[index.column()]
        if spec.kind == "choice":
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(list(spec.choices))
            return combo
        edit = QLineEdit(parent)
        if spec.kind == "money":
            edit.setValidator(QRegularExpressionValidator(QRegularExpression(MONEY_PATTERN), edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentText(text)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model, index) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()  # type: ignore[attr-defined]
        model.setData(index, text.strip(), Qt.ItemDataRole.EditRole)


class RowsEditor(QWidget):
    def __init__(self, specs: list[ColumnSpec], *, add_text: str = "添加一行", parent: QWidget | None = None):
        super().__init__(parent)
        self.specs = list(specs)   # (the delegate reads this list: set_choices changes both)
        self.table = QTableWidget(0, len(specs))
        self.table.setHorizontalHeaderLabels([s.header for s in specs])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setItemDelegate(_Delegate(self.specs, self.table))
        header = self.table.horizontalHeader()
        for i, spec in enumerate(specs):
            header.resizeSection(i, spec.width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton("删除所选行")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def add_row(self, values: list[str] | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, spec in enumerate(self.specs):
            text = values[col] if values and col < len(values) else (spec.choices[0] if spec.choices else "")
            item = QTableWidgetItem(text)
            if spec.kind == "money":
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if spec.read_only:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setForeground(QBrush(QColor(READ_ONLY_COLOUR)))
            self.table.setItem(row, col, item)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def set_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)

    def set_choices(self, column: int, choices: tuple[str, ...]) -> None:
        """Offer other choices in a choice column (e.g. the budget subjects of another call's scheme);
        what the rows hold already is kept."""
        self.specs[column] = replace(self.specs[column], choices=choices)

    def rows(self) -> list[list[str]]:
        """Every row with something typed in it, as stripped texts (read-only and choice columns alone
        do not make a row)."""
        out = []
        for r in range(self.table.rowCount()):
            values = [(self.table.item(r, c).text().strip() if self.table.item(r, c) else "")
                      for c in range(len(self.specs))]
            if any(v for v, s in zip(values, self.specs) if s.kind != "choice" and not s.read_only):
                out.append(values)
        return out
