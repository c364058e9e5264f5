"""单位库 table model: units with their project counts; instant search over name, code and contact."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...domain.entities import Unit
from .collation import text_ranks

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("单位名称", "统一社会信用代码", "单位类型", "规上工业企业", "研发机构", "信用等级", "联系人", "联系电话",
           "项目数")
_CENTER = {2, 3, 4, 5, 8}


class UnitTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._units: list[Unit] = []
        self._counts: dict[int, int] = {}
        self._display: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._order: list[int] = []
        self._visible: list[int] = []
        self._text = ""
        self._sort = (0, False)

    def set_units(self, units: Sequence[Unit], counts: dict[int, int]) -> None:
        self.beginResetModel()
        self._units = list(units)
        self._counts = counts
        self._display = [(u.name, u.credit_code, u.unit_type.label, "是" if u.above_scale_industrial else "",
                          "是" if u.has_rd_institution else "", u.credit_level, u.contact, u.phone,
                          str(counts.get(u.id or 0, 0))) for u in self._units]
        self._keys = [f"{u.name}\n{u.credit_code}\n{u.contact}".lower() for u in self._units]
        self._order = self._sorted()
        self._visible = self._filter(self._order)
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self._text = text.strip().lower()
        self.beginResetModel()
        self._visible = self._filter(self._order)
        self.endResetModel()

    def _filter(self, base: list[int]) -> list[int]:
        out = base
        for needle in self._text.split():
            out = [i for i in out if needle in self._keys[i]]
        return list(out)

    def _sorted(self) -> list[int]:
        col, desc = self._sort
        if col == 8:
            keys: list[Any] = [self._counts.get(u.id or 0, 0) for u in self._units]
        else:
            keys = text_ranks([d[col] for d in self._display])
        return sorted(range(len(self._units)), key=keys.__getitem__, reverse=desc)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.beginResetModel()
        self._order = self._sorted()
        self._visible = self._filter(self._order)
        self.endResetModel()

    @property
    def total_count(self) -> int:
        return len(self._units)

    def unit_at(self, row: int) -> Unit:
        return self._units[self._visible[row]]

    def row_of(self, unit_id: int) -> int | None:
        for r, i in enumerate(self._visible):
            if self._units[i].id == unit_id:
                return r
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display[self._visible[index.row()]][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _CENTER:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
