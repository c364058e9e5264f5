"""A small read-only table model for the review pages: rows of display texts with a key, sort values,
colours and tool tips, behind a sort/filter proxy (instant search over every column)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Row:
    """One table row. ``sort`` gives per-column sort values (numbers sort as numbers); ``colors`` maps a
    column (or -1 for the whole row) to a text colour; ``backgrounds`` likewise."""

    cells: Sequence[str]
    key: Any = None
    sort: Sequence[Any] | None = None
    colors: dict[int, str] = field(default_factory=dict)
    backgrounds: dict[int, str] = field(default_factory=dict)
    bold: bool = False
    tips: dict[int, str] = field(default_factory=dict)


def _sort_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else str(value)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str], *, center: Sequence[int] = (), right: Sequence[int] = (),
                 parent: Any = None):
        super().__init__(parent)
        self.headers = list(headers)
        self._rows: list[Row] = []
        self.center = set(center)
        self._right = set(right)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self.headers = list(headers)
        self.endResetModel()

    @property
    def rows(self) -> list[Row]:
        return self._rows

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return r.cells[c] if c < len(r.cells) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.tips.get(c) or (r.cells[c] if c < len(r.cells) else "")
        if role == SORT_ROLE:
            return _sort_value(r.sort[c] if r.sort is not None and c < len(r.sort) else r.cells[c])
        if role == KEY_ROLE:
            return r.key
        if role == Qt.ItemDataRole.ForegroundRole:
            color = r.colors.get(c) or r.colors.get(-1)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.BackgroundRole:
            color = r.backgrounds.get(c) or r.backgrounds.get(-1)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.FontRole and r.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c in self.center:
                return int(Qt.AlignmentFlag.AlignCenter)
            if c in self._right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if section < len(self.headers) else ""
        return None


class RowsProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`; the search text must occur (each word) somewhere in the row."""

    def __init__(self, source: RowsModel, parent: Any = None):
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self._words = text.strip().lower().split()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = text.strip().lower().split()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model: RowsModel = self.sourceModel()  # type: ignore[assignment]
        text = "\n".join(model.row_at(source_row).cells).lower()
        return all(w in text for w in self._words)

    def key_at(self, row: int) -> Any:
        return self.data(self.index(row, 0), KEY_ROLE)

    def row_of_key(self, key: Any) -> int | None:
        for r in range(self.rowCount()):
            if self.key_at(r) == key:
                return r
        return None
