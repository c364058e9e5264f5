"""Hook for exporting the list the user sees (导出 Excel).

The Excel engineer registers one function; until then the 导出 buttons stay disabled with a tooltip::

    from sti_desk.ui.exports import set_table_exporter
    set_table_exporter(lambda path, title, headers, rows: write_xlsx(path, title, headers, rows))

``rows`` hold display values: ``str`` for text, ``Decimal`` for amounts in 万元, ``date`` for dates.
The exporter must write values safely (no formula injection).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

TableExporter = Callable[[Path, str, Sequence[str], Sequence[Sequence[object]]], None]

_exporter: TableExporter | None = None


def set_table_exporter(fn: TableExporter | None) -> None:
    global _exporter
    _exporter = fn


def table_exporter() -> TableExporter | None:
    return _exporter
