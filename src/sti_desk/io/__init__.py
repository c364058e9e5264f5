"""Excel and file I/O from plain data: no database, no Qt (see docs/excel-formats.md).

Import: :func:`parse_workbook` -> :class:`ParseResult` (typed rows + every bad cell as :class:`CellProblem`);
:func:`write_annotated_copy` marks the bad cells in a copy. Export: :func:`export_table`, :func:`export_csv`.
Templates: :func:`write_template`. Unusable files raise :class:`ExcelFileError` (a ValidationError).

The names below are loaded on first use (PEP 562): importing a light submodule such as
``sti_desk.io.excel_types`` must not import openpyxl or python-calamine (start-up time).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "PROBLEM_SHEET": "excel_errors", "write_annotated_copy": "excel_errors",
    "export_csv": "excel_export", "export_table": "excel_export",
    "parse_sheets": "excel_parse", "parse_workbook": "excel_parse",
    "SheetData": "excel_read", "WorkbookData": "excel_read", "read_workbook": "excel_read",
    "sniff_format": "excel_read",
    "CHOICE_KEYS": "excel_specs", "DEFAULT_CHOICES": "excel_specs", "KIND_LABELS": "excel_specs",
    "SPECS": "excel_specs", "FieldSpec": "excel_specs", "SheetSpec": "excel_specs", "spec_for": "excel_specs",
    "write_template": "excel_templates",
    "CellProblem": "excel_types", "ColumnLayout": "excel_types", "ExcelFileError": "excel_types",
    "ExportColumn": "excel_types", "ParsedRow": "excel_types", "ParseResult": "excel_types",
    "TeamEntry": "excel_types",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from .excel_errors import PROBLEM_SHEET, write_annotated_copy
    from .excel_export import export_csv, export_table
    from .excel_parse import parse_sheets, parse_workbook
    from .excel_read import SheetData, WorkbookData, read_workbook, sniff_format
    from .excel_specs import CHOICE_KEYS, DEFAULT_CHOICES, KIND_LABELS, SPECS, FieldSpec, SheetSpec, spec_for
    from .excel_templates import write_template
    from .excel_types import (CellProblem, ColumnLayout, ExcelFileError, ExportColumn, ParsedRow, ParseResult,
                              TeamEntry)
