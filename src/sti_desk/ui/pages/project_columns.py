"""The project list's columns: first-run widths, showing and hiding them (the header's context menu), and
what 导出 writes for each one."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QMenu, QTableView, QWidget

from ...domain.money import Money
from ...services.dto import ProjectListRow
from ..models.project_table import (COL_APPROVED, COL_CODE, COL_END, COL_REQUESTED, COL_START, COL_TITLE,
                                    COLUMNS, HEADERS, ProjectTableModel)

#: initial column widths in "中" character widths (the saved header state wins once there is one);
#: the title column gets what is left of the window's width
COLUMN_EMS = (8.5, 16, 9, 11.5, 4.5, 5.5, 5, 6.8, 6.8, 6, 6)
#: below this width for the table, 开始/结束 start hidden (the header's context menu shows them again)
NARROW_PX = 1250


def _wan(money: Money) -> Decimal:
    """The exact amount in 万元 (every 分; the sheet shows at least two decimals)."""
    return money.as_wan


#: what 导出 writes for each column: the display text, except amounts as Decimal 万元 (blank where the list
#: shows none) and dates as dates
EXPORT_VALUES: tuple[Callable[[ProjectListRow], object], ...] = tuple(
    {COL_REQUESTED: lambda r: _wan(r.requested),
     COL_APPROVED: lambda r: _wan(r.approved) if r.approved.fen else "",
     COL_START: lambda r: r.start_date or "",
     COL_END: lambda r: r.end_date or ""}.get(col, display) for col, (_, display, _) in enumerate(COLUMNS))


def shown_cells(model: ProjectTableModel, columns: list[int]) -> list[list[object]]:
    """The rows the search and filters leave, in the current order, for ``columns`` — built from the rows,
    not cell by cell through the model (100,000 rows in about half a second instead of five)."""
    values = [EXPORT_VALUES[c] for c in columns]
    return [[value(row) for value in values] for row in model.visible_rows()]


def set_default_widths(view: QTableView) -> None:
    hh = view.horizontalHeader()
    em = view.fontMetrics().horizontalAdvance("中")
    for col, ems in enumerate(COLUMN_EMS):
        hh.resizeSection(col, int(ems * em) + 12)


def fit_title_column(view: QTableView) -> None:
    """The title column takes the width the other columns leave (1366 to 1920 wide); on a narrow screen
    开始/结束 are hidden so that the title stays readable."""
    hh = view.horizontalHeader()
    available = view.width() - 2 * view.frameWidth() - view.verticalScrollBar().sizeHint().width() - 2
    if available < NARROW_PX:
        hh.setSectionHidden(COL_START, True)
        hh.setSectionHidden(COL_END, True)
    others = sum(hh.sectionSize(c) for c in range(len(COLUMNS)) if c != COL_TITLE and not hh.isSectionHidden(c))
    minimum = view.fontMetrics().horizontalAdvance("中") * 12
    hh.resizeSection(COL_TITLE, max(minimum, available - others))


def reset_columns(view: QTableView) -> None:
    """恢复默认列宽: every column shown again at its first-run width."""
    for col in range(len(COLUMNS)):
        view.horizontalHeader().setSectionHidden(col, False)
    set_default_widths(view)
    fit_title_column(view)


def column_menu(parent: QWidget, view: QTableView) -> QMenu:
    """显示/隐藏列 (the header's context menu); 项目编号 and 项目名称 always stay."""
    hh = view.horizontalHeader()
    menu = QMenu(parent)
    for col, name in enumerate(HEADERS):
        action = menu.addAction(name)
        action.setCheckable(True)
        action.setChecked(not hh.isSectionHidden(col))
        action.setEnabled(col not in (COL_CODE, COL_TITLE))
        action.toggled.connect(lambda on, c=col: hh.setSectionHidden(c, not on))
    menu.addSeparator()
    menu.addAction("恢复默认列宽").triggered.connect(lambda *_: reset_columns(view))
    return menu
