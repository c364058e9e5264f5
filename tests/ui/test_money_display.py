"""1 分 is never shown (or exported) as 0.00 万元: lists, money boxes and the project list export."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sti_desk.domain.money import Money
from sti_desk.io.excel_export import MONEY_FORMAT
from sti_desk.ui.forms.fields import MoneyEdit, money_edit_text
from sti_desk.ui.models.project_table import COL_APPROVED, COL_REQUESTED
from sti_desk.ui.pages.project_columns import EXPORT_VALUES

from .rows import make_rows


def test_money_box_and_lists_show_one_fen(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    assert money_edit_text(Money(1)) == "0.000001" == Money(1).wan_str()
    assert money_edit_text(Money(1_234_000_000)) == "1234.00" and Money(1_234_000_000).wan_str() == "1,234.00"
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.setText("0.000001")
    edit.editingFinished.emit()
    assert edit.text() == "0.000001" and edit.money() == Money(1)


def test_project_list_export_keeps_every_fen_as_a_number():
    row = replace(make_rows(1)[0], requested=Money(1), approved=Money(12_345_678))
    assert EXPORT_VALUES[COL_REQUESTED](row) == Decimal("0.000001")
    assert EXPORT_VALUES[COL_APPROVED](row) == Decimal("12.345678")
    assert MONEY_FORMAT == "#,##0.00####"      # Excel shows 0.000001 and 12.50, never 0.00 for 1 分
