"""Reading workbooks: real .xls and .xlsx, and a clear Chinese message for every unusable file."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.io import ExcelFileError, read_workbook, sniff_format
from sti_desk.io.excel_read import SheetData, _cfb_stream_names, fill_merged

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "excel"


def test_legacy_xls_is_read_with_merged_title_and_numbers(fx, mf):
    wb = read_workbook(fx["units_xls"])
    assert wb.format == "xls"
    sheet = wb.sheets[0]
    assert sheet.name == "单位名录"
    assert sheet.rows[0][0] == "县科技型单位名录（2025）"
    assert ((0, 0), (0, 8)) in sheet.merged
    assert sheet.rows[2][:2] == ["单位全称", "统一社会信用代码"]
    assert sheet.rows[3][1] == mf.UNIT_A
    assert sheet.rows[3][5] == pytest.approx(0.032)
    assert isinstance(sheet.rows[5][1], float)          # the code typed as a number stays a number


def test_committed_xls_fixture_is_a_real_biff_file_and_matches_the_script(fx):
    committed = FIXTURES_DIR / "units_legacy.xls"
    assert committed.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    assert sniff_format(committed) == "xls"
    assert read_workbook(committed).sheets[0].rows == read_workbook(fx["units_xls"]).sheets[0].rows


def test_xlsx_rows_start_at_a1_and_keep_dates(fx):
    wb = read_workbook(fx["messy"])
    assert wb.format == "xlsx"
    rows = wb.sheets[0].rows
    assert rows[0][0].startswith("2025 年度")
    assert rows[2][1] == "项目 名称"                    # header is Excel row 3
    assert rows[3][7] == date(2025, 1, 1)
    assert rows[3][0] == 1.0                            # calamine gives whole numbers as float


@pytest.mark.parametrize("key, reason, words", [
    ("empty", "empty", ["empty.xlsx", "空文件", "0 字节"]),
    ("text", "not_excel", ["renamed_csv.xlsx", "不是 Excel", "CSV"]),
    ("html", "html", ["web_export.xls", "网页", "另存为"]),
    ("truncated", "corrupt", ["truncated.xlsx", "损坏", "不完整"]),
    ("bad_member", "corrupt", ["bad_member.xlsx", "损坏"]),
    ("encrypted", "encrypted", ["password.xlsx", "密码", "加密"]),
    ("encrypted_raw", "encrypted", ["password_raw.xlsx", "密码"]),
    ("no_data", "no_data", ["no_data.xlsx", "没有任何数据"]),
])
def test_unusable_files_raise_a_chinese_message_naming_file_and_reason(fx, key, reason, words):
    with pytest.raises(ExcelFileError) as err:
        read_workbook(fx[key])
    assert err.value.reason == reason
    assert isinstance(err.value, ValidationError)
    for word in words:
        assert word in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ExcelFileError) as err:
        read_workbook(tmp_path / "nowhere.xlsx")
    assert err.value.reason == "missing" and "不存在" in str(err.value)


def test_encrypted_container_directory_is_parsed_not_guessed(mf):
    names = _cfb_stream_names(mf.encrypted_cfb())
    assert names == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]


def test_real_xls_directory_has_a_workbook_stream(fx):
    names = _cfb_stream_names(fx["units_xls"].read_bytes())
    assert names is not None and "Workbook" in names and "EncryptedPackage" not in names


def test_word_document_zip_is_named(tmp_path):
    import zipfile
    path = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ExcelFileError, match="Word"):
        sniff_format(path)


def test_fill_merged_copies_the_top_left_value():
    sheet = SheetData("s", [["单位", "", ""], ["", "x", ""]], merged=[((0, 0), (1, 0)), ((0, 1), (0, 2))])
    fill_merged(sheet)
    assert sheet.rows == [["单位", "", ""], ["单位", "x", ""]]  # empty top-left of B1:C1 fills nothing


def test_chart_sheets_and_hidden_sheets(tmp_path):
    import openpyxl
    from openpyxl.chart import BarChart, Reference
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称", "统一社会信用代码"])
    ws.append(["某公司", "x"])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=2))
    wb.create_chartsheet("图表").add_chart(chart)
    wb.create_sheet("代码表").sheet_state = "hidden"
    wb["代码表"]["A1"] = "企业"
    wb.save(tmp_path / "c.xlsx")
    assert [s.name for s in read_workbook(tmp_path / "c.xlsx").sheets] == ["Sheet"]
    assert [(s.name, s.visible) for s in read_workbook(tmp_path / "c.xlsx", include_hidden=True).sheets] == [
        ("Sheet", True), ("代码表", False)]


def test_a_damaged_workbook_says_what_to_do_without_a_class_name(tmp_path, monkeypatch):
    """An .xls whose container cannot be read (e.g. cut short): the message says to re-save it, and never
    shows the reader's exception class (“CalamineError”)."""
    broken = tmp_path / "旧格式.xls"
    broken.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    with pytest.raises(ExcelFileError) as err:
        read_workbook(broken)
    text = str(err.value)
    assert err.value.reason == "corrupt" and "已损坏" in text and "另存为" in text and ".xlsx" in text
    assert "Error" not in text and "（）" not in text

    class CalamineError(Exception):
        pass

    import sti_desk.io.excel_read as excel_read

    class Sheetless:
        def __init__(self, real):
            self.real, self.sheets_metadata = real, real.sheets_metadata

        def get_sheet_by_name(self, name):
            raise CalamineError("bad sheet xml")

        def close(self):
            self.real.close()

    good = tmp_path / "good.xlsx"
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "申报"
    wb.active["A1"] = "x"
    wb.save(good)
    real_open = excel_read._open
    monkeypatch.setattr(excel_read, "_open", lambda path: Sheetless(real_open(path)))
    with pytest.raises(ExcelFileError) as err:
        read_workbook(good)
    text = str(err.value)
    assert "工作表“申报”已损坏" in text and "另存为" in text and "CalamineError" not in text
