"""The project list (项目库) as a table model that stays smooth with 100,000 rows.

No QSortFilterProxyModel: a Python ``filterAcceptsRow`` per row per keystroke is far too slow. Instead,
when rows arrive, one lowercase search key per row is built; a keystroke filters the current sort order
with a list comprehension over those keys inside the model (``beginResetModel``/``endResetModel``), and a
refinement of the previous text (typing one more character) filters only the rows still visible. Sort
orders are computed once per column (pinyin for text) and cached. Display strings are made on demand for
the rows actually painted.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.lifecycle import MAIN_PATH, ProjectState
from ...services.dto import ProjectListRow
from .collation import text_ranks

_Index = QModelIndex | QPersistentModelIndex

ProjectIdRole = Qt.ItemDataRole.UserRole + 1

_STATE_ORDER = {s: i for i, s in enumerate((*MAIN_PATH, ProjectState.REJECTED, ProjectState.TERMINATED))}
_DATE_MIN = date.min


def _date_text(d: date | None) -> str:
    return d.isoformat() if d else ""


#: (header, display function, sort-key kind, right-aligned)
COLUMNS: tuple[tuple[str, Callable[[ProjectListRow], str], str], ...] = (
    ("项目编号", lambda r: r.code, "str"),
    ("项目名称", lambda r: r.title, "text"),
    ("申报批次", lambda r: r.call_name, "text"),
    ("承担单位", lambda r: r.unit_name, "text"),
    ("负责人", lambda r: r.leader_name, "text"),
    ("技术领域", lambda r: r.field, "text"),
    ("阶段", lambda r: r.state.label, "state"),
    ("申请金额(万元)", lambda r: r.requested.wan_str(), "requested"),
    ("立项金额(万元)", lambda r: r.approved.wan_str() if r.approved.fen else "", "approved"),
    ("开始", lambda r: _date_text(r.start_date), "start"),
    ("结束", lambda r: _date_text(r.end_date), "end"),
)
HEADERS = tuple(c[0] for c in COLUMNS)
COL_CODE, COL_TITLE, COL_CALL, COL_UNIT, COL_LEADER, COL_FIELD, COL_STATE, COL_REQUESTED, COL_APPROVED, \
    COL_START, COL_END = range(len(COLUMNS))
_RIGHT = {COL_REQUESTED, COL_APPROVED}
_CENTER = {COL_STATE, COL_START, COL_END}
_INACTIVE = {ProjectState.REJECTED, ProjectState.TERMINATED, ProjectState.ARCHIVED}
_GREY = QColor("#8a8a8a")
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def search_key(row: ProjectListRow) -> str:
    """What the search box matches: code, title, unit and leader, lowercased once."""
    return f"{row.code}\n{row.title}\n{row.unit_name}\n{row.leader_name}".lower()


class ProjectTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[ProjectListRow] = []
        self._keys: list[str] = []
        self._display: list[tuple[str, ...] | None] = []
        self._by_id: dict[int, int] = {}
        self._sort_cache: dict[int, list[int]] = {}
        self._sort_column = COL_CODE
        self._sort_desc = False
        self._order: list[int] = []     # all rows in the current sort order
        self._visible: list[int] = []   # the rows shown, in order
        self._text = ""
        self._needles: list[str] = []
        self._call_id: int | None = None
        self._state: ProjectState | None = None
        self._unit_id: int | None = None

    # -- data in ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[ProjectListRow]) -> None:
        """Replace every row (after a background load); keeps the search, filters and sort."""
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = [search_key(r) for r in self._rows]
        self._display = [None] * len(self._rows)
        self._by_id = {r.id: i for i, r in enumerate(self._rows)}
        self._sort_cache.clear()
        self._order = self._sorted_order()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def upsert_row(self, row: ProjectListRow) -> None:
        """Replace (or add) one project after an edit or a stage change, keeping the view's state."""
        rows = list(self._rows)
        pos = self._by_id.get(row.id)
        if pos is None:
            rows.append(row)
        else:
            rows[pos] = row
        self.set_rows(rows)

    # -- search, filters, sort ------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        text = text.strip().lower()
        if text == self._text:
            return
        refine = bool(self._text) and text.startswith(self._text)
        self._text = text
        self._needles = text.split()
        self.beginResetModel()
        self._visible = self._filtered(self._visible if refine else self._order)
        self.endResetModel()

    def set_filters(self, *, call_id: int | None = None, state: ProjectState | None = None,
                    unit_id: int | None = None) -> None:
        if (call_id, state, unit_id) == (self._call_id, self._state, self._unit_id):
            return
        self._call_id, self._state, self._unit_id = call_id, state, unit_id
        self.beginResetModel()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        desc = order == Qt.SortOrder.DescendingOrder
        if (column, desc) == (self._sort_column, self._sort_desc) and len(self._order) == len(self._rows):
            return
        self._sort_column, self._sort_desc = column, desc
        self.beginResetModel()
        self._order = self._sorted_order()
        self._visible = self._filtered(self._order)
        self.endResetModel()

    def _sorted_order(self) -> list[int]:
        col = self._sort_column
        asc = self._sort_cache.get(col)
        if asc is None:
            asc = sorted(range(len(self._rows)), key=self._sort_keys(col).__getitem__)
            self._sort_cache[col] = asc
        return asc[::-1] if self._sort_desc else asc

    def _sort_keys(self, col: int) -> list[Any]:
        kind = COLUMNS[col][2]
        rows = self._rows
        if kind == "str":
            return [r.code for r in rows]
        if kind == "text":
            display = COLUMNS[col][1]
            return text_ranks([display(r) for r in rows])
        if kind == "state":
            return [_STATE_ORDER[r.state] for r in rows]
        if kind == "requested":
            return [r.requested.fen for r in rows]
        if kind == "approved":
            return [r.approved.fen for r in rows]
        if kind == "start":
            return [r.start_date or _DATE_MIN for r in rows]
        return [r.end_date or _DATE_MIN for r in rows]

    def _filtered(self, base: list[int]) -> list[int]:
        rows, keys = self._rows, self._keys
        out = base
        if self._call_id is not None:
            cid = self._call_id
            out = [i for i in out if rows[i].call_id == cid]
        if self._state is not None:
            st = self._state
            out = [i for i in out if rows[i].state is st]
        if self._unit_id is not None:
            uid = self._unit_id
            out = [i for i in out if rows[i].unit_id == uid]
        for needle in self._needles:
            out = [i for i in out if needle in keys[i]]
        return list(out) if out is base else out

    # -- what the view and the page read ------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def is_filtered(self) -> bool:
        return bool(self._needles) or any(v is not None for v in (self._call_id, self._state, self._unit_id))

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def all_rows(self) -> list[ProjectListRow]:
        return self._rows

    def row_at(self, view_row: int) -> ProjectListRow:
        return self._rows[self._visible[view_row]]

    def visible_rows(self) -> list[ProjectListRow]:
        rows = self._rows
        return [rows[i] for i in self._visible]

    def row_by_id(self, project_id: int) -> ProjectListRow | None:
        pos = self._by_id.get(project_id)
        return self._rows[pos] if pos is not None else None

    def view_row_of(self, project_id: int) -> int | None:
        pos = self._by_id.get(project_id)
        if pos is None:
            return None
        try:
            return self._visible.index(pos)
        except ValueError:
            return None

    def display_row(self, view_row: int) -> tuple[str, ...]:
        pos = self._visible[view_row]
        cached = self._display[pos]
        if cached is None:
            row = self._rows[pos]
            cached = tuple(c[1](row) for c in COLUMNS)
            self._display[pos] = cached
        return cached

    # -- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_row(r)[c]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c in _RIGHT:
                return _ALIGN_RIGHT
            if c in _CENTER:
                return _ALIGN_CENTER
            return None
        if role == Qt.ItemDataRole.ToolTipRole and c in (COL_TITLE, COL_UNIT, COL_CALL):
            return self.display_row(r)[c]
        if role == Qt.ItemDataRole.ForegroundRole and self.row_at(r).state in _INACTIVE:
            return _GREY
        if role == ProjectIdRole:
            return self.row_at(r).id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None


def replace_row(row: ProjectListRow, **changes: Any) -> ProjectListRow:
    return dataclasses.replace(row, **changes)
