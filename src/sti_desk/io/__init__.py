"""Excel and file I/O from plain data: no database, no Qt (see docs/excel-formats.md).

Import: :func:`parse_workbook` -> :class:`ParseResult` (typed rows + every bad cell as :class:`CellProblem`);
:func:`write_annotated_copy` marks the bad cells in a copy. Export: :func:`export_table`, :func:`export_csv`.
Templates: :func:`write_template`. Unusable files raise :class:`ExcelFileError` (a ValidationError).
"""
from .excel_errors import PROBLEM_SHEET, write_annotated_copy
from .excel_export import ExportColumn, export_csv, export_table
from .excel_parse import parse_sheets, parse_workbook
from .excel_read import SheetData, WorkbookData, read_workbook, sniff_format
from .excel_specs import CHOICE_KEYS, DEFAULT_CHOICES, KIND_LABELS, SPECS, FieldSpec, SheetSpec, spec_for
from .excel_templates import write_template
from .excel_types import CellProblem, ColumnLayout, ExcelFileError, ParsedRow, ParseResult, TeamEntry

__all__ = [
    "CHOICE_KEYS", "DEFAULT_CHOICES", "KIND_LABELS", "PROBLEM_SHEET", "SPECS",
    "CellProblem", "ColumnLayout", "ExcelFileError", "ExportColumn", "FieldSpec", "ParseResult", "ParsedRow",
    "SheetData", "SheetSpec", "TeamEntry", "WorkbookData",
    "export_csv", "export_table", "parse_sheets", "parse_workbook", "read_workbook", "sniff_format", "spec_for",
    "write_annotated_copy", "write_template",
]
