"""The project list (项目库) as a table model that stays smooth with 100,000 rows.

No QSortFilterProxyModel: a Python ``filterAcceptsRow`` per row per keystroke is far too slow. Instead,
when rows arrive, one lowercase search key per row is built; a keystroke filters the current sort order
inside the model (``beginResetModel``/``endResetModel``) with C-level iteration (``map(contains, keys,
repeat(needle))`` under ``itertools.compress``: no Python bytecode per row), and a refinement of the previous
text (typing one more character) filters only the rows still visible. Sort orders are computed once per
column (pinyin for text) and cached. Display strings are made on demand for the rows actually painted, and
``data()`` compares roles as plain ints: a repaint asks ~2,500 (cell, role) pairs, and PySide enum
attribute look-ups there cost more than the filtering itself.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from itertools import compress, repeat
from operator import contains, eq, is_, itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.lifecycle import MAIN_PATH, ProjectState
from ...services.dto import ProjectListRow
from .collation import text_ranks

_Index = QModelIndex | QPersistentModelIndex

ProjectIdRole = int(Qt.ItemDataRole.UserRole) + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_HORIZONTAL = Qt.Orientation.Horizontal

_STATE_ORDER = {s: i for i, s in enumerate((*MAIN_PATH, ProjectState.REJECTED, ProjectState.TERMINATED))}
_DATE_MIN = date.min
_RECENT = 12  # search results remembered for 退格 (each at most a list of the visible rows)


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
_ALIGN = {c: _ALIGN_RIGHT for c in _RIGHT} | {c: _ALIGN_CENTER for c in _CENTER}
_TIP_COLUMNS = frozenset({COL_TITLE, COL_UNIT, COL_CALL})


def _gather(seq: Sequence[Any], indices: Sequence[int]) -> list[Any]:
    """``[seq[i] for i in indices]`` in C."""
    if len(indices) > 1:
        return list(itemgetter(*indices)(seq))
    return [seq[i] for i in indices]


def search_key(row: ProjectListRow) -> str:
    """What the search box matches: code, title, unit and leader, lowercased once."""
    return f"{row.code}\n{row.title}\n{row.unit_name}\n{row.leader_name}".lower()


class ProjectTableModel(QAbstractTableModel):
    """Rows are kept as given; the current sort is ``_order`` (row index per sort position) and every
    per-row array the filters read is laid out in sort-position order, freshly allocated, so that a
    keystroke walks memory sequentially (out-of-order access to 100,000 scattered strings cost more than
    the substring tests themselves). What is shown is ``_vpos``: ascending sort positions."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[ProjectListRow] = []
        self._keys: list[str] = []
        self._inactive: list[bool] = []
        self._display: list[tuple[str, ...] | None] = []
        self._by_id: dict[int, int] = {}
        self._sort_cache: dict[int, list[int]] = {}
        self._sort_column = COL_CODE
        self._sort_desc = False
        self._order: list[int] = []        # row index at each sort position
        self._positions: list[int] = []    # 0 … n-1
        self._okeys: list[str] = []        # search keys by sort position
        self._ocalls: list[int] = []
        self._ostates: list[ProjectState] = []
        self._ounits: list[int] = []
        self._vpos: list[int] = []         # the sort positions shown
        self._vkeys: list[str] = []        # their search keys
        self._recent: dict[str, tuple[list[int], list[str]]] = {}  # text → result, for 退格
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
        self._inactive = [r.state in _INACTIVE for r in self._rows]
        self._display = [None] * len(self._rows)
        self._by_id = {r.id: i for i, r in enumerate(self._rows)}
        self._positions = list(range(len(self._rows)))
        self._sort_cache.clear()
        self._apply_order()
        self._recent.clear()
        self._refilter(refine=False)
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
        cached = self._recent.get(text)
        if cached is not None:  # deleting characters goes back through texts typed a moment ago
            self._vpos, self._vkeys = cached
        else:
            self._refilter(refine)
            if len(self._recent) >= _RECENT:
                self._recent.pop(next(iter(self._recent)))
            self._recent[text] = (self._vpos, self._vkeys)
        self.endResetModel()

    def set_filters(self, *, call_id: int | None = None, state: ProjectState | None = None,
                    unit_id: int | None = None) -> None:
        if (call_id, state, unit_id) == (self._call_id, self._state, self._unit_id):
            return
        self._call_id, self._state, self._unit_id = call_id, state, unit_id
        self.beginResetModel()
        self._recent.clear()
        self._refilter(refine=False)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        desc = order == Qt.SortOrder.DescendingOrder
        if (column, desc) == (self._sort_column, self._sort_desc) and len(self._order) == len(self._rows):
            return
        self._sort_column, self._sort_desc = column, desc
        self.beginResetModel()
        self._apply_order()
        self._recent.clear()
        self._refilter(refine=False)
        self.endResetModel()

    def _apply_order(self) -> None:
        col = self._sort_column
        asc = self._sort_cache.get(col)
        if asc is None:
            asc = sorted(range(len(self._rows)), key=self._sort_keys(col).__getitem__)
            self._sort_cache[col] = asc
        order = self._order = asc[::-1] if self._sort_desc else asc
        rows = self._rows
        # new string objects, allocated in sort order (see the class docstring)
        self._okeys = [k + "\x00" for k in _gather(self._keys, order)]
        ordered = _gather(rows, order)
        self._ocalls = [r.call_id for r in ordered]
        self._ostates = [r.state for r in ordered]
        self._ounits = [r.unit_id for r in ordered]

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

    def _refilter(self, refine: bool) -> None:
        """Recompute ``_vpos``/``_vkeys``; ``refine`` = the text only got longer, start from what is shown."""
        if refine:
            pos, keys = self._vpos, self._vkeys
        else:
            pos, keys = self._positions, self._okeys
            for values, test, wanted in ((self._ocalls, eq, self._call_id), (self._ostates, is_, self._state),
                                         (self._ounits, eq, self._unit_id)):
                if wanted is None:
                    continue
                if pos is not self._positions:
                    values = _gather(values, pos)
                mask = list(map(test, values, repeat(wanted)))
                pos, keys = list(compress(pos, mask)), list(compress(keys, mask))
        for needle in self._needles:
            mask = list(map(contains, keys, repeat(needle)))
            if all(mask):
                continue
            pos, keys = list(compress(pos, mask)), list(compress(keys, mask))
        self._vpos = pos if pos is not self._positions else list(pos)
        self._vkeys = keys

    # -- what the view and the page read ------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._vpos)

    def filter_value(self, key: str) -> object:
        """The filter in effect for ``call_id``, ``state`` or ``unit_id`` (None = all)."""
        return {"call_id": self._call_id, "state": self._state, "unit_id": self._unit_id}[key]

    @property
    def is_filtered(self) -> bool:
        return bool(self._needles) or any(v is not None for v in (self._call_id, self._state, self._unit_id))

    @property
    def sort_column(self) -> int:
        return self._sort_column

    def all_rows(self) -> list[ProjectListRow]:
        return self._rows

    def _row_index(self, view_row: int) -> int:
        return self._order[self._vpos[view_row]]

    def row_at(self, view_row: int) -> ProjectListRow:
        return self._rows[self._order[self._vpos[view_row]]]

    def visible_rows(self) -> list[ProjectListRow]:
        return _gather(self._rows, _gather(self._order, self._vpos)) if self._vpos else []

    def row_by_id(self, project_id: int) -> ProjectListRow | None:
        pos = self._by_id.get(project_id)
        return self._rows[pos] if pos is not None else None

    def view_row_of(self, project_id: int) -> int | None:
        pos = self._by_id.get(project_id)
        if pos is None:
            return None
        try:
            return self._vpos.index(self._order.index(pos))
        except ValueError:
            return None

    def display_row(self, view_row: int) -> tuple[str, ...]:
        pos = self._order[self._vpos[view_row]]
        cached = self._display[pos]
        if cached is None:
            row = self._rows[pos]
            cached = tuple(c[1](row) for c in COLUMNS)
            self._display[pos] = cached
        return cached

    # -- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._vpos)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # hot path: plain int comparisons only (see the module docstring)
        role = int(role)
        if role == _DISPLAY:
            r = index.row()
            return self.display_row(r)[index.column()] if r >= 0 else None
        if role == _ALIGNMENT:
            return _ALIGN.get(index.column())
        if role == _FOREGROUND:
            return _GREY if self._inactive[self._order[self._vpos[index.row()]]] else None
        if role == _TOOLTIP:
            c = index.column()
            return self.display_row(index.row())[c] if c in _TIP_COLUMNS else None
        if role == ProjectIdRole:
            return self.row_at(index.row()).id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = _DISPLAY) -> Any:
        if int(role) != _DISPLAY:
            return None
        return HEADERS[section] if orientation == _HORIZONTAL else str(section + 1)


def replace_row(row: ProjectListRow, **changes: Any) -> ProjectListRow:
    return dataclasses.replace(row, **changes)
