"""导出 of any table the GUI shows, exactly as shown (表格导出).

:func:`table_rows` reads a ``QTableView`` the way the clerk sees it: the visible columns in their on-screen
order, the rows the search/filter left in the current sort order, each cell as displayed — except that a
column whose header names 万元 becomes a number in 万元 and a cell showing a date ("2026-05-01", with or
without a time) becomes a date, so the exported file can be summed and sorted in Excel. A model may also
answer :data:`EXPORT_ROLE` with the typed value itself (``Money``, ``Decimal``, ``date``, ``int``, ``bool``).

A yes/no column must not lose its 否: a table may show only the 是 (a blank cell reads as 否 on screen, next
to the 是 of other rows), but a blank cell in a file reads as "unknown". So a ``bool`` (from
:data:`EXPORT_ROLE`, or from ``cells``) is written as 是/否, and a column given the kind "yesno" turns a
blank cell into 否.

:class:`TableExport` puts that behind a 导出 action (toolbar, button and the table's right-click menu) that
writes the file in the background through ``services.intake.export_rows`` (injection-safe cells) with
:func:`files.export_list`, like the project and unit lists.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ..tasks import TaskHandle, TaskRunner
from . import files

#: Role a model may answer with the typed value of a cell for an export (otherwise its display text is used).
EXPORT_ROLE = int(Qt.ItemDataRole.UserRole) + 40
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def shown_columns(view: QTableView) -> list[int]:
    """Logical indexes of the columns on screen, left to right (hidden ones left out, moved ones where
    the clerk dragged them)."""
    header = view.horizontalHeader()
    logical = [header.logicalIndex(v) for v in range(header.count())]
    return [c for c in logical if not header.isSectionHidden(c)]


def as_date(text: str) -> date | datetime | None:
    try:
        if _DATE.match(text):
            return date.fromisoformat(text)
        if _DATETIME.match(text):
            return datetime.fromisoformat(text)
    except ValueError:
        return None
    return None


def as_number(text: str) -> Decimal | None:
    """'1,234.50' → Decimal('1234.50'); anything else (blank, '—', '不限') → None."""
    if not _NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


YES, NO = "是", "否"


def yes_no(value: object) -> object:
    """A ``bool`` as the file should read it (是/否); any other value unchanged."""
    return (YES if value else NO) if isinstance(value, bool) else value


def _converter(header: str, kind: str | None) -> Callable[[str], object]:
    """How one column's display text becomes an export value: ``kind`` "money" (万元 number), "int",
    "decimal", "text", "yesno" (a blank cell is 否), or None for automatic (万元 in the header → number; a
    date-looking cell → date)."""
    if kind is None:
        kind = "money" if "万元" in header else "auto"
    if kind == "yesno":
        return lambda text: text or NO
    if kind in ("money", "decimal"):
        return lambda text: v if text and (v := as_number(text)) is not None else text
    if kind == "int":
        return lambda text: int(text) if text.isdigit() else text
    if kind == "text":
        return lambda text: text
    return lambda text: d if text and (d := as_date(text)) is not None else text


#: The typed cells of the rows shown, for the given logical columns — for a model too large to read cell by
#: cell through ``data()`` (the project list's 100,000 rows take seconds that way, a list comprehension 0.5 s).
ShownCells = Callable[[list[int]], Iterable[Sequence[object]]]


def table_rows(view: QTableView, kinds: Mapping[str, str] | None = None,
               cells: ShownCells | None = None) -> tuple[list[str], list[list[object]]]:
    """(headers, rows) of ``view`` as displayed; ``kinds`` maps a header to "money" | "int" | "decimal" |
    "text" | "yesno" where the automatic choice is not right (counts, scores, codes that look like numbers,
    yes/no columns that show only the 是); ``cells`` gives the rows' typed values directly (then ``kinds`` is
    not used). A ``bool`` cell becomes 是/否."""
    model: QAbstractItemModel = view.model()
    columns = shown_columns(view)
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, _DISPLAY) or "") for c in columns]
    if cells is not None:
        return headers, [[yes_no(v) for v in row] for row in cells(columns)]
    convert = [_converter(h, (kinds or {}).get(h)) for h in headers]
    rows: list[list[object]] = []
    for r in range(model.rowCount()):
        values: list[object] = []
        for c, conv in zip(columns, convert):
            index = model.index(r, c)
            typed = model.data(index, EXPORT_ROLE)
            if typed is not None:
                values.append(yes_no(typed))
                continue
            text = model.data(index, _DISPLAY)
            text = "" if text is None else str(text).strip()
            values.append(conv(text))
        rows.append(values)
    return headers, rows


class TableExport:
    """导出 of one table as shown: ``action`` (for a toolbar; also in the table's right-click menu) and
    :meth:`button` (for a row of push buttons). ``title`` (text or a function giving it, e.g. with the
    selected expert's name) names the sheet and the default file name; ``noun`` counts the rows
    ("位专家") in the message after saving."""

    def __init__(self, parent: QWidget, view: QTableView, title: str | Callable[[], str], noun: str, services: Any,
                 actor: Actor, *, kinds: Mapping[str, str] | None = None, text: str = "导出",
                 runner: TaskRunner | None = None, cells: ShownCells | None = None):
        self.parent, self.view, self.title, self.noun = parent, view, title, noun
        self.services, self.actor, self.kinds, self.runner, self.cells = services, actor, kinds, runner, cells
        self.allowed = has_permission(actor.role, Permission.EXPORT_DATA)
        self.action = QAction(text, parent)
        self.action.setEnabled(self.allowed)
        self._tip = ("把表格中当前显示的行（搜索、筛选和排序之后）导出为 Excel 文件" if self.allowed else
                     f"当前角色“{actor.role.label}”无权导出数据")
        self.action.setToolTip(self._tip)
        self.action.triggered.connect(lambda *_: self.run())
        if self.allowed:
            view.addAction(self.action)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.buttons: list[QPushButton] = []
        self.available = True

    def button(self, text: str | None = None) -> QPushButton:
        button = QPushButton(text or self.action.text())
        button.setToolTip(self.action.toolTip())
        button.setEnabled(self.action.isEnabled())
        button.clicked.connect(lambda *_: self.run())
        self.buttons.append(button)
        return button

    def set_available(self, available: bool, reason: str = "") -> None:
        """Offer the export only while the table shows something that may be exported (e.g. review results
        once the round is closed); ``reason`` says why not, in the tool tip."""
        self.available = available
        on = self.allowed and available
        tip = self._tip if on or not self.allowed else reason
        for widget in (self.action, *self.buttons):
            widget.setEnabled(on)
            widget.setToolTip(tip)

    def run(self) -> TaskHandle | None:
        """Ask where to save and write the table in the background (None when not allowed or cancelled)."""
        if not (self.allowed and self.available):
            return None
        title = self.title() if callable(self.title) else self.title
        headers, rows = table_rows(self.view, self.kinds, self.cells)
        return files.export_list(self.parent, self.services, self.actor, title, headers, rows, self.noun,
                                 self.runner or getattr(self.parent, "runner", None))
