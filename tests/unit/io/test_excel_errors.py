"""The annotated copy: bad cells red with the Chinese message as a comment, plus a 问题清单 sheet."""
from __future__ import annotations

from datetime import datetime

import openpyxl

from sti_desk.io import PROBLEM_SHEET, CellProblem, parse_workbook, write_annotated_copy


def _red(cell) -> bool:
    return cell.fill is not None and cell.fill.fgColor.rgb.endswith("FFC7CE")


def test_xlsx_copy_marks_the_exact_cells(fx, tmp_path):
    result = parse_workbook(fx["expenditures"], "expenditures")
    out = write_annotated_copy(fx["expenditures"], result.problems, tmp_path / "标注.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == PROBLEM_SHEET and wb.active.title == PROBLEM_SHEET
    ws = wb["支出台账"]
    assert ws["E5"].comment.text == "金额“-50”不能为负数" and _red(ws["E5"])
    assert "与第 5 行重复" in ws["B2"].comment.text and "与第 2 行重复" in ws["B5"].comment.text
    assert ws["A2"].comment is None and not _red(ws["A2"])
    assert ws["A2"].value == "KJ2025-001" and ws["C2"].value == datetime(2025, 3, 5)   # the data is untouched
    listing = wb[PROBLEM_SHEET]
    header = [c.value for c in listing[1]]
    assert header == ["序号", "工作表", "行", "列", "列标题", "单元格内容", "问题说明"]
    lines = [[c.value for c in row] for row in listing.iter_rows(min_row=2)]
    assert lines[2] == [3, "支出台账", 5, "E", "金额（元）", "-50", "金额“-50”不能为负数"]
    assert listing["F4"].data_type == "s" and listing["F4"].quotePrefix
    assert len(lines) == len(result.problems) == 3
    assert listing["B2"].hyperlink.location or listing["B2"].hyperlink.target


def test_xls_input_is_rebuilt_as_xlsx_with_the_comments(fx, tmp_path):
    result = parse_workbook(fx["units_xls"], "units")
    out = write_annotated_copy(fx["units_xls"], result.problems, tmp_path / "units.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["单位名录"]
    assert ws["A1"].value == "县科技型单位名录（2025）" and "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].value == "杭州某某科技有限公司"
    assert "存为数字" in ws["B6"].comment.text and _red(ws["B6"])
    assert wb[PROBLEM_SHEET]["G2"].value.startswith("统一社会信用代码已被 Excel 存为数字")


def test_several_messages_on_one_cell_merged_cell_and_sheet_level_problem(fx, tmp_path):
    problems = [
        CellProblem("申报汇总", 4, "B", "项目 名称", "title", "x", "第一条"),
        CellProblem("申报汇总", 4, "B", "项目 名称", "title", "x", "第二条"),
        CellProblem("申报汇总", 1, "C", "", "", None, "标题行里的问题"),          # C1 is inside merged A1:Q1
        CellProblem("申报汇总", 3, "", "负责人身份证号", "leader_id_number", None, "缺少必填列“负责人身份证号”"),
        CellProblem("不存在的表", 2, "A", "", "", "=1+1", "表不存在也要列出"),
    ]
    out = write_annotated_copy(fx["messy"], problems, tmp_path / "messy.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["申报汇总"]
    assert ws["B4"].comment.text == "第一条\n第二条"
    assert ws["A1"].comment.text == "标题行里的问题"
    listing = wb[PROBLEM_SHEET]
    assert listing.max_row == 6
    assert listing["F6"].value == "=1+1" and listing["F6"].data_type == "s"   # user text never a formula


def test_annotated_copy_reimports_with_the_same_problems(fx, tmp_path):
    first = parse_workbook(fx["expenditures"], "expenditures")
    copy = write_annotated_copy(fx["expenditures"], first.problems, tmp_path / "copy.xlsx")
    again = parse_workbook(copy, "expenditures")                 # 问题清单 is skipped, comments are harmless
    assert [(p.sheet, p.row, p.column, p.message) for p in again.problems] == \
           [(p.sheet, p.row, p.column, p.message) for p in first.problems]
