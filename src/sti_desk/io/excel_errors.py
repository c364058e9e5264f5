"""An annotated copy of an imported workbook: every bad cell filled light red with a comment holding the
Chinese message, and a first sheet "问题清单" listing all problems with links to the cells.

An .xlsx input is copied with its formatting; any other input (.xls, .xlsb, .ods) is rebuilt from its
values into a new .xlsx (merged ranges kept). The copy is always .xlsx.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .excel_export import DATE_FORMAT, DATETIME_FORMAT, HEADER_ALIGN, HEADER_BORDER, HEADER_FILL, HEADER_FONT, \
    ExportColumn, clean_text, column_widths, is_dangerous, print_wide, text_of
from .excel_read import read_workbook, sniff_format
from .excel_types import CellProblem

PROBLEM_SHEET = "问题清单"
BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
AUTHOR = "STI Desk"
_LIST_COLUMNS = (ExportColumn("序号", "int", 6), ExportColumn("工作表", width=14), ExportColumn("行", "int", 6),
                 ExportColumn("列", width=6), ExportColumn("列标题", width=18), ExportColumn("单元格内容", width=24),
                 ExportColumn("问题说明", width=70))


def put_text(cell: object, text: str) -> None:
    """Store ``text`` in a normal-mode cell as text, never as a formula."""
    text = clean_text(text)
    cell.value = text            # type: ignore[attr-defined]
    cell.data_type = "s"         # type: ignore[attr-defined]
    cell.quotePrefix = is_dangerous(text)   # type: ignore[attr-defined]


def _rebuild(src: Path) -> Workbook:
    """Values of a non-xlsx workbook in a new openpyxl workbook (text stays text, dates stay dates)."""
    data = read_workbook(src, include_hidden=True)
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in data.sheets:
        ws = wb.create_sheet(sheet.name[:31])
        if not sheet.visible:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value == "" or value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, str):
                    put_text(cell, value)
                    continue
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        for (r0, c0), (r1, c1) in sheet.merged:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    return wb


def _top_left(ws: Worksheet, coord: str) -> str:
    """A comment can only sit on the top-left cell of a merged range."""
    if not isinstance(ws[coord], MergedCell):
        return coord
    for rng in ws.merged_cells.ranges:
        if coord in rng:
            return f"{get_column_letter(rng.min_col)}{rng.min_row}"
    return coord


def _mark_cells(wb: Workbook, problems: list[CellProblem]) -> None:
    by_cell: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell:
            by_cell[(p.sheet, p.cell)].append(p.message)
    for (sheet, coord), messages in by_cell.items():
        ws = wb[sheet]
        cell = ws[_top_left(ws, coord)]
        old = cell.comment.text + "\n" if cell.comment is not None else ""
        text = old + "\n".join(dict.fromkeys(messages))
        comment = Comment(text, AUTHOR)
        comment.width = 320
        comment.height = min(60 + 22 * (text.count("\n") + 1) + len(text) // 2, 400)
        cell.comment = comment
        cell.fill = BAD_FILL


def _problem_sheet(wb: Workbook, problems: list[CellProblem]) -> None:
    if PROBLEM_SHEET in wb.sheetnames:
        wb.remove(wb[PROBLEM_SHEET])
    ws = wb.create_sheet(PROBLEM_SHEET, 0)
    rows = [[i, p.sheet, p.row or None, p.column, p.header, text_of(p.value) if p.value is not None else "",
             p.message] for i, p in enumerate(problems, start=1)]
    for i, width in enumerate(column_widths(_LIST_COLUMNS, rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for c, col in enumerate(_LIST_COLUMNS, start=1):
        cell = ws.cell(1, c)
        put_text(cell, col.header)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
    for r, (row, p) in enumerate(zip(rows, problems), start=2):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                put_text(ws.cell(r, c), value)
            else:
                ws.cell(r, c, value)
        if p.cell and p.sheet in wb.sheetnames:
            link = ws.cell(r, 2)
            link.hyperlink = f"#'{p.sheet}'!{p.cell}"
            link.style = "Hyperlink"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:G{len(rows) + 1}"
    print_wide(ws)
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False


def write_annotated_copy(src_path: str | Path, problems: Iterable[CellProblem], out_path: str | Path) -> Path:
    """Copy ``src_path`` to ``out_path`` (.xlsx) with bad cells marked and a "问题清单" sheet first."""
    src, out = Path(src_path), Path(out_path)
    problems = list(problems)
    if sniff_format(src) == "xlsx":
        wb = load_workbook(src)
    else:
        wb = _rebuild(src)
    _mark_cells(wb, problems)
    _problem_sheet(wb, problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
