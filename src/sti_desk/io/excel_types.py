"""Plain result types of the Excel layer: file errors, cell problems, parsed rows.

Everything here is plain data so that services, the CLI and the GUI wizard can use it without touching
openpyxl or calamine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money

from .excel_values import WAN, to_text


class ExcelFileError(ValidationError):
    """The file as a whole cannot be used (empty, not Excel, corrupt, encrypted, no data).

    ``str(err)`` names the file and the reason in Chinese; ``reason`` is a short machine code
    (``empty``, ``not_excel``, ``html``, ``corrupt``, ``encrypted``, ``no_data``, ``missing``, ``unreadable``).
    """

    def __init__(self, path: str | Path, message: str, *, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"文件“{self.path.name}”{message}", field="file")


#: Column kinds of an export (see :mod:`sti_desk.io.excel_export`).
KINDS = ("text", "money_wan", "date", "int", "decimal")


@dataclass(frozen=True, slots=True)
class ExportColumn:
    """One exported column. ``kind``: text | money_wan | date | int | decimal; ``width`` in characters
    (a CJK character counts two) or None to size it from the content. (Defined here, with the other plain
    types, so that services can describe columns without importing openpyxl.)"""

    header: str
    kind: str = "text"
    width: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; one of {KINDS}")


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One bad cell (or a sheet-level problem when ``row`` is 0 / ``column`` is empty).

    ``row`` is the 1-based Excel row, ``column`` the letter ("D"), ``header`` the header text as written
    in the file, ``field`` the canonical field name, ``value`` the raw value, ``message`` Chinese text.
    """

    sheet: str
    row: int
    column: str
    header: str
    field: str
    value: object
    message: str

    @property
    def cell(self) -> str:
        """'D5', or '' for a sheet-level problem."""
        return f"{self.column}{self.row}" if self.column and self.row else ""

    @property
    def location(self) -> str:
        """'工作表“申报”第 5 行 D 列（负责人）' — where a clerk finds the cell."""
        text = f"工作表“{self.sheet}”"
        if self.row:
            text += f" 第 {self.row} 行"
        if self.column:
            text += f" {self.column} 列"
        return f"{text}（{self.header}）" if self.header else text

    def __str__(self) -> str:
        return f"{self.location}：{self.message}"


@dataclass(frozen=True, slots=True)
class ColumnLayout:
    """Where each field sits in one sheet: field -> (column letter, header text). Shared by its rows.
    ``index``: field -> 0-based column (where the row's raw cell is); ``units``: money field -> the unit
    its column is read in (元 or 万元, from the header, the sheet or the field's default)."""

    sheet: str
    header_row: int
    columns: dict[str, tuple[str, str]]
    index: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)

    def letter(self, field_name: str) -> str:
        return self.columns.get(field_name, ("", ""))[0]

    def header(self, field_name: str) -> str:
        return self.columns.get(field_name, ("", ""))[1]

    def unit(self, field_name: str) -> str:
        """The money unit of ``field_name``'s column ('' when the sheet has no such money column)."""
        return self.units.get(field_name, "")


@dataclass(slots=True)
class ParsedRow:
    """One data row: ``values`` maps every field of the kind to its typed value (defaults for blanks).

    ``ok`` is False when any cell of the row (or a linked budget row) has a problem.
    """

    sheet: str
    row_number: int
    values: dict[str, object]
    layout: ColumnLayout
    ok: bool = True
    bad_fields: tuple[str, ...] = ()     # fields whose cell could not be converted (value is the default)
    cells: list[object] = field(default_factory=list)   # the raw cells of the row, as read

    def problem(self, field_name: str, message: str, value: object = None) -> CellProblem:
        """A CellProblem at this row's cell for ``field_name`` — for checks made later (e.g. against
        the database), so they are reported exactly like parse problems. Without ``value`` the problem
        shows the cell as typed (:meth:`cell_text`), never the converted value without its unit."""
        return CellProblem(self.sheet, self.row_number, self.layout.letter(field_name),
                           self.layout.header(field_name), field_name,
                           self.cell_text(field_name) if value is None else value, message)

    def cell_text(self, field_name: str) -> object:
        """The cell of ``field_name`` as the clerk typed it ("1,200,000"); an amount that reads
        differently in 万元 says so with its unit: "1,200,000（即 120.00 万元）". Falls back to the
        parsed value when the sheet has no such column."""
        j = self.layout.index.get(field_name)
        if j is None or j >= len(self.cells):
            return self.values.get(field_name)
        raw = self.cells[j]
        text = raw.strip() if isinstance(raw, str) else to_text(raw) if raw is not None else ""
        value = self.values.get(field_name)
        if isinstance(value, Money) and field_name not in self.bad_fields and text:
            in_wan = "万" in text or (self.layout.unit(field_name) == WAN and "元" not in text)
            if not in_wan:
                return f"{text}（即 {_wan_text(value)} 万元）"
        return text


def _wan_text(m: Money) -> str:
    """万元 with two decimals, more when needed so nothing is rounded away (0.0123)."""
    text = m.wan_str(6)
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.rstrip('0').ljust(2, '0')}"


def row_ranges(rows: list[int]) -> str:
    """[2, 3, 4, 7, 9, 10] → '第 2–4、7、9–10 行'."""
    spans: list[list[int]] = []
    for n in sorted(set(rows)):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "第 " + "、".join(f"{a}–{b}" if b > a else str(a) for a, b in spans) + " 行"


class TeamEntry(NamedTuple):
    """One team member from a 团队成员 cell ("张三:330102…;李四:…")."""

    name: str
    id_number: str


@dataclass(slots=True)
class ParseResult:
    """What :func:`parse_workbook` found. ``ok`` only when there is no problem at all."""

    kind: str
    path: Path
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    budget_rows: list[ParsedRow] = field(default_factory=list)   # 预算明细 sheet rows (applications)
    notes: list[str] = field(default_factory=list)                # ignored columns/sheets, skipped rows

    @property
    def ok(self) -> bool:
        return not self.problems

    def good_rows(self) -> list[ParsedRow]:
        """Rows without any problem (for an import that skips bad rows instead of all-or-nothing)."""
        return [r for r in self.rows if r.ok]

    def summary(self) -> str:
        """'共 120 行，发现 3 处问题' for a status line."""
        text = f"共 {len(self.rows)} 行数据"
        return text + (f"，发现 {len(self.problems)} 处问题" if self.problems else "，未发现问题")
