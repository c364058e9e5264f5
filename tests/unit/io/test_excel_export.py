"""Safe export: formula injection stays text (read back by openpyxl and by calamine), real numbers and dates."""
from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sti_desk.domain.entities import UnitType
from sti_desk.domain.money import Money
from sti_desk.io import ExportColumn, export_csv, export_table
from sti_desk.io.excel_export import as_column, csv_value, display_width, sheet_title

EVIL = ['=HYPERLINK("http://x")', "+1", "-2", "@x", "\tcmd", "=1+1", "-", "\r=2"]
COLUMNS = [ExportColumn("单位名称", "text"), ("申请财政资金（万元）", "money_wan"), {"header": "开始日期", "kind": "date"},
           ExportColumn("成员数", "int", 8), ExportColumn("得分", "decimal")]


def _rows():
    return [
        ["杭州某某科技有限公司", Money.wan("12.5"), date(2025, 1, 1), 3, Decimal("85.5")],
        ["县农业科学研究所", Money(1), datetime(2025, 6, 18, 9, 30), 0, Decimal("90")],
        [None, Money(0), None, None, None],
    ] + [[text, Money.yuan(100), "待定", "五", "高"] for text in EVIL]


def test_injection_strings_stay_plain_strings_in_openpyxl_and_calamine(tmp_path):
    path = export_table(tmp_path / "list.xlsx", "申报项目一览", COLUMNS, _rows())
    ws = openpyxl.load_workbook(path)["申报项目一览"]
    for r, text in enumerate(EVIL, start=5):
        cell = ws.cell(r, 1)
        assert cell.value == text.replace("\r", "\n") or cell.value == text
        assert cell.data_type == "s" and cell.quotePrefix, text
    got = [row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[4:]]
    assert got[:4] == ['=HYPERLINK("http://x")', "+1", "-2", "@x"]
    assert all(isinstance(v, str) for v in got)
    import zipfile
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml                                       # no formula anywhere in the sheet


def test_money_dates_and_numbers_are_real_typed_cells(tmp_path):
    path = export_table(tmp_path / "list.xlsx", "申报项目一览", COLUMNS, _rows())
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[1]] == ["单位名称", "申请财政资金（万元）", "开始日期", "成员数", "得分"]
    assert ws["B2"].value == 12.5 and ws["B2"].number_format == "#,##0.00####" and ws["B2"].data_type == "n"
    assert ws["B3"].value == pytest.approx(0.000001)                # 1 分 kept, not rounded away
    assert ws["C2"].value == datetime(2025, 1, 1) and ws["C2"].number_format == "yyyy-mm-dd"
    assert ws["C3"].number_format == "yyyy-mm-dd hh:mm"
    assert ws["D2"].value == 3 and ws["E2"].value == 85.5
    assert ws["A4"].value is None and ws["B4"].value == 0
    assert ws["C5"].value == "待定" and ws["C5"].data_type == "s"  # a non-date in a date column stays text
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == 12.5 and rows[1][2] == date(2025, 1, 1)


def test_header_style_freeze_filter_and_cjk_widths(tmp_path):
    long_name = "浙江省某某县现代农业科技示范园区管理委员会"
    path = export_table(tmp_path / "x.xlsx", "单位/名录:2025", [ExportColumn("单位名称"), ExportColumn("代码")],
                        [[long_name, "ABC"]])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.title == "单位_名录_2025" and wb.properties.title == "单位/名录:2025"
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B2"
    assert ws.column_dimensions["A"].width >= display_width(long_name) == 2 * len(long_name)
    assert ws.column_dimensions["B"].width < 12


def test_domain_values_in_text_columns(tmp_path):
    path = export_table(tmp_path / "x.xlsx", "t", [("类型", "text"), ("金额", "text"), ("规上", "text")],
                        [[UnitType.HOSPITAL, Money.wan(3), True]])
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[2]] == ["医疗卫生机构", "3.00", "是"]


def test_csv_is_utf8_with_bom_and_injection_safe(tmp_path):
    path = export_csv(tmp_path / "list.csv", COLUMNS, _rows())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["单位名称", "申请财政资金（万元）", "开始日期", "成员数", "得分"]
    assert rows[1] == ["杭州某某科技有限公司", "12.50", "2025-01-01", "3", "85.5"]
    assert rows[2][1] == "0.000001" and rows[2][2] == "2025-06-18 09:30"
    assert [r[0] for r in rows[4:8]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@x"]
    assert all(not r[0] or r[0][0] not in "=+-@\t\r" for r in rows[1:])


def test_helpers():
    assert csv_value(Money.wan("1.5"), "money_wan") == "1.50" and csv_value(-3, "int") == "-3"
    assert sheet_title("a" * 40) == "a" * 31 and sheet_title("[x]") == "_x_"
    assert as_column("名称") == ExportColumn("名称")
    with pytest.raises(ValueError):
        ExportColumn("x", "percent")


def test_a_text_longer_than_an_excel_cell_is_cut_and_says_so(tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.io.excel_export import CELL_LIMIT, CUT_NOTE

    path = export_table(tmp_path / "long.xlsx", "审计日志", [ExportColumn("内容")], [["审" * 40_000], ["短"]])
    ws = openpyxl.load_workbook(path).active
    assert len(ws.cell(2, 1).value) == CELL_LIMIT and ws.cell(2, 1).value.endswith(CUT_NOTE)
    assert ws.cell(3, 1).value == "短"
