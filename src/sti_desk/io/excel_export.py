"""Safe export of any list the user sees, to .xlsx and to .csv.

Safe means: a text that starts with = + - @ or a tab/CR/LF is always stored as text (``data_type "s"``
and the cell's quotePrefix in .xlsx, a leading apostrophe in .csv), so a unit name such as
``=HYPERLINK("http://x")`` can never run as a formula on the clerk's PC (CSV/formula injection).
Money is a number in 万元 (format ``#,##0.00####``: two decimals, more when the amount has them, as the
window shows it — 1 分 reads 0.000001, not 0.00; exact value kept), dates are real dates (``yyyy-mm-dd``).
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sti_desk.domain.money import FEN_PER_WAN, Money

from .excel_types import KINDS, ExportColumn  # noqa: F401 - re-exported

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MONEY_FORMAT = "#,##0.00####"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="9BA7B4")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_MICRO = Decimal("0.000001")
CELL_LIMIT = 32767                       # characters an Excel cell holds
CUT_NOTE = "…（内容过长，超出 Excel 单元格上限，其余已截去）"
_SHEET_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})

ColumnLike = ExportColumn | Sequence[object] | Mapping[str, object]


def as_column(spec: ColumnLike) -> ExportColumn:
    """Accept an ExportColumn, a (header, kind[, width]) tuple or a {"header", "kind", "width"} dict."""
    if isinstance(spec, ExportColumn):
        return spec
    if isinstance(spec, Mapping):
        return ExportColumn(str(spec["header"]), str(spec.get("kind", "text")), spec.get("width"))  # type: ignore[arg-type]
    if isinstance(spec, str):
        return ExportColumn(spec)
    return ExportColumn(*spec)  # type: ignore[arg-type]


def is_dangerous(text: str) -> bool:
    return text.startswith(DANGEROUS_PREFIXES)


def clean_text(text: str) -> str:
    """Drop control characters that an .xlsx file cannot hold (openpyxl would refuse the whole file)."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def money_wan(value: object) -> Decimal:
    """Money -> exact Decimal in 万元 (six places, never in exponent notation)."""
    if isinstance(value, Money):
        return (Decimal(value.fen) / FEN_PER_WAN).quantize(_MICRO)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    raise TypeError(f"money_wan column needs Money, int or Decimal, not {type(value).__name__}")


def text_of(value: object) -> str:
    """How a value reads in a text column."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return value.wan_str()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "label"):      # domain enums (UnitType, CallCategory …) show their Chinese label
        return str(value.label)
    return str(value)


def safe_cell(ws: object, value: object, kind: str = "text") -> WriteOnlyCell:
    """A write-only cell holding ``value`` as ``kind``, styled, with strings never turned into formulas."""
    if value is None or value == "":
        return WriteOnlyCell(ws, value=None)
    if kind == "money_wan":
        cell = WriteOnlyCell(ws, value=money_wan(value))
        cell.number_format = MONEY_FORMAT
        return cell
    if kind == "date" and isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    if kind == "decimal" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    return text_cell(ws, text_of(value))


def text_cell(ws: object, text: str) -> WriteOnlyCell:
    """A cell that is text whatever the text starts with; a text longer than a cell may hold (Excel opens
    the file only after “repairing” it) is cut, and says so."""
    text = clean_text(text)
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT - len(CUT_NOTE)] + CUT_NOTE
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if is_dangerous(text):
        cell.quotePrefix = True
    return cell


def header_cell(ws: object, text: str) -> WriteOnlyCell:
    cell = text_cell(ws, text)
    cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
    return cell


def _shown(value: object, kind: str) -> str:
    if kind == "money_wan" and value is not None and value != "":
        return f"{money_wan(value):,.2f}"
    if kind == "date" and isinstance(value, date):
        return "2024-06-18 00:00" if isinstance(value, datetime) else "2024-06-18"
    return text_of(value)


def column_widths(columns: Sequence[ExportColumn], rows: Sequence[Sequence[object]],
                  sample: int = 2000) -> list[float]:
    """Widths from the header and the first ``sample`` rows, between 6 and 60 characters."""
    widths = []
    for i, col in enumerate(columns):
        if col.width:
            widths.append(float(col.width))
            continue
        longest = display_width(col.header) + 2        # room for the filter button
        for row in rows[:sample]:
            if i < len(row):
                longest = max(longest, display_width(_shown(row[i], col.kind)))
        widths.append(float(min(max(longest + 2, 6), 60)))
    return widths


def sheet_title(title: str) -> str:
    """An allowed sheet name: no []:*?/\\, at most 31 characters."""
    return (title.translate(_SHEET_BAD).strip("'") or "Sheet")[:31]


def print_wide(ws: object) -> None:
    """Landscape A4, all columns on one page width (for printing lists)."""
    ws.page_setup.orientation = "landscape"            # type: ignore[attr-defined]
    ws.page_setup.paperSize = 9                        # type: ignore[attr-defined]  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0   # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True   # type: ignore[attr-defined]
    ws.print_title_rows = "1:1"                        # type: ignore[attr-defined]


def export_table(path: str | Path, title: str, columns: Sequence[ColumnLike],
                 rows: Iterable[Sequence[object]]) -> Path:
    """Write ``rows`` under a bold, filled, frozen header row with an autofilter, to a new .xlsx.

    ``title`` names the sheet and the document. Each row is a sequence of plain values (Money, date,
    str, int, Decimal, None) in column order."""
    return export_sheets(path, title, [(title, columns, rows)])


def export_sheets(path: str | Path, title: str,
                  sheets: Sequence[tuple[str, Sequence[ColumnLike], Iterable[Sequence[object]]]]) -> Path:
    """Several lists in one workbook, each sheet written as :func:`export_table` writes its one (e.g. the
    projects export: 项目申报 and 预算明细, laid out as the import template)."""
    path = Path(path)
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = "STI Desk"
    for sheet, columns, rows in sheets:
        _write_sheet(wb, sheet, [as_column(c) for c in columns], [list(r) for r in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _write_sheet(wb: Workbook, title: str, cols: list[ExportColumn], data: list[list[object]]) -> None:
    ws = wb.create_sheet(sheet_title(title))
    for i, width in enumerate(column_widths(cols, data), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    print_wide(ws)
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(data) + 1}"
    ws.append([header_cell(ws, c.header) for c in cols])
    kinds = [c.kind for c in cols]
    for row in data:
        ws.append([safe_cell(ws, v, k) for v, k in zip(row, kinds)])


def csv_value(value: object, kind: str = "text") -> str:
    """A CSV field: money in 万元 (exact, at least two decimals), ISO dates, injection-safe text."""
    if value is None:
        return ""
    if kind == "money_wan" and not isinstance(value, str):
        d = money_wan(value)
        d2 = d.quantize(Decimal("0.01"))
        return f"{d2 if d2 == d else d.normalize():f}"
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and kind in ("int", "decimal"):
        return str(value)
    text = text_of(value)
    return "'" + text if is_dangerous(text) else text


def export_csv(path: str | Path, columns: Sequence[ColumnLike], rows: Iterable[Sequence[object]]) -> Path:
    """The same table as CSV in UTF-8 with BOM (what Chinese Excel opens without garbling)."""
    path = Path(path)
    cols = [as_column(c) for c in columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([csv_value(c.header) for c in cols])
        kinds = [c.kind for c in cols]
        for row in rows:
            writer.writerow([csv_value(v, k) for v, k in zip(row, kinds)])
    return path
