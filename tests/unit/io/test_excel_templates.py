"""Import templates: drop-downs, text-formatted code columns, protection, instructions; filled -> parses."""
from __future__ import annotations

import re
from datetime import date

import openpyxl
import pytest

from sti_desk.domain.entities import FIELDS, UnitType
from sti_desk.domain.money import Money
from sti_desk.io import parse_workbook, spec_for, write_template

LONG_CALLS = [f"2025 年度第 {i} 批科技计划项目（{c}）" for i in range(1, 13) for c in ("重点研发", "成果转化")]


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_applications_template_structure(tmp_path):
    path = write_template(tmp_path / "申报模板.xlsx", "applications", {"call": LONG_CALLS})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["项目申报", "预算明细", "填写说明", "代码表"]
    assert wb["代码表"].sheet_state == "veryHidden"          # not offered by 取消隐藏
    assert wb.security is not None and wb.security.lockStructure   # no renaming, deleting, unhiding sheets
    ws = wb["项目申报"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["申报批次", "项目名称*", "申报单位*"] and "申请财政资金(万元)*" in headers
    assert "自筹资金(万元)" in headers and "团队成员" in headers
    col = {h.rstrip("*"): i + 1 for i, h in enumerate(headers)}
    dvs = _validations(ws)
    assert dvs["A2:A1048576"].type == "list" and dvs["A2:A1048576"].formula1 == "'代码表'!$A$2:$A$25"
    assert [wb["代码表"].cell(r, 1).value for r in range(2, 26)] == LONG_CALLS
    field_letter = openpyxl.utils.get_column_letter(col["技术领域"])
    assert dvs[f"{field_letter}2:{field_letter}1048576"].formula1 == '"' + ",".join(FIELDS) + '"'
    id_letter = openpyxl.utils.get_column_letter(col["负责人身份证号"])
    assert dvs[f"{id_letter}2:{id_letter}1048576"].type == "textLength"
    assert ws.cell(2, col["负责人身份证号"]).number_format == "@"
    assert ws.cell(2, col["单位统一社会信用代码"]).number_format == "@"
    assert ws.cell(2, col["开始日期"]).number_format == "yyyy-mm-dd"
    assert ws.protection.sheet and not ws.protection.sort and not ws.protection.insertRows
    assert ws.cell(1, 1).protection.locked and not ws.cell(2, 1).protection.locked
    assert not ws.cell(1001, len(headers)).protection.locked
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].number_format == "@" and not ws.column_dimensions["B"].protection.locked
    # The drop-downs cover exactly the unlocked input area: every row below the header, whole columns.
    for dv in dvs.values():
        for rng in dv.sqref.ranges:
            assert (rng.min_row, rng.max_row, rng.min_col) == (2, 1048576, rng.max_col)
            assert not ws.column_dimensions[openpyxl.utils.get_column_letter(rng.min_col)].protection.locked
    detail = [c.value for c in wb["预算明细"][1]]
    assert detail == ["项目名称*", "单位统一社会信用代码*", "预算科目*", "财政资金(万元)", "自筹资金(万元)", "测算依据"]


def test_instructions_sheet_explains_every_column_in_chinese(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", "applications", rows=20))
    text = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    for f in spec_for("applications").fields:
        if f.in_template:
            assert f.template_header in text
    for words in ("必填", "文本格式", "2024年6月18日", "万元", "预算明细", "3.30102E+17"):
        assert words in text


def test_budget_instructions_ask_only_for_what_the_protection_allows(tmp_path):
    """The 项目申报 sheet forbids inserting columns and locks its header, so the 填写说明 must not tell the
    clerk to add budget-subject columns there; it sends the budget to the 预算明细 sheet, whose input area
    is unlocked and has the subject drop-down."""
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", "applications", rows=20))
    apps = wb["项目申报"]
    assert apps.protection.sheet and apps.protection.insertColumns and apps.cell(1, 1).protection.locked
    notes = [str(c.value) for c in wb["填写说明"]["A"] if c.value and str(c.value)[:1].isdigit()]
    asked = [n for n in notes if re.search(r"(?<!不能)增加[^。；]*列(?!表)", n)]
    assert not asked, asked
    budget = next(n for n in notes if "预算明细" in n and "每个预算科目填一行" in n)
    assert "方式二" not in budget and any("不能增加或删除列" in n for n in notes)
    detail = wb["预算明细"]
    subject = [c.value for c in detail[1]].index("预算科目*") + 1
    assert not detail.cell(2, subject).protection.locked
    letter = openpyxl.utils.get_column_letter(subject)
    assert any(dv.type == "list" and f"{letter}2" in str(dv.sqref).split(":")[0]
               for dv in detail.data_validations.dataValidation)


def test_expenditures_template_names_the_money_unit(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", "expenditures", rows=20))
    assert [c.value for c in wb["支出台账"][1]] == ["项目编号*", "凭证号*", "支出日期*", "预算科目*", "金额(元)*", "摘要"]


def _fill(ws, rows):
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)


def test_filled_applications_template_parses_back(tmp_path, mf):
    choices = {"call": LONG_CALLS, "field": list(FIELDS)}
    path = write_template(tmp_path / "t.xlsx", "applications", choices, rows=20)
    wb = openpyxl.load_workbook(path)
    _fill(wb["项目申报"], [
        [LONG_CALLS[3], "智能传感器", "杭州某某科技有限公司", mf.UNIT_A, "张三", mf.ID_1, "电子信息",
         date(2025, 1, 1), "2026-12-31", 30, "12", "否", "简介", f"李四:{mf.ID_2}"],
        [LONG_CALLS[3], "绿色防控", "县农业科学研究所", mf.UNIT_B, "李四", mf.ID_2, "现代农业",
         "2025/1/1", "2026年12月31日", "20万元", None, "是", None, None],
    ])
    _fill(wb["预算明细"], [["智能传感器", mf.UNIT_A, "设备费", 10, 6, "测试台"],
                         ["智能传感器", mf.UNIT_A, "业务费", 20, 6, ""]])
    wb.save(path)
    result = parse_workbook(path, "applications", choices=choices)
    assert result.ok, [str(p) for p in result.problems]
    first, second = (r.values for r in result.rows)
    assert first["call"] == LONG_CALLS[3] and first["requested"] == Money.wan(30)
    assert first["self_raised"] == Money.wan(12) and len(first["budget_lines"]) == 2
    assert second["requested"] == Money.wan(20) and second["lump_sum_pledge"] is True
    assert second["end_date"] == date(2026, 12, 31) and second["budget_lines"] == []


@pytest.mark.parametrize("kind, row, check", [
    ("units", lambda mf: ["某公司", mf.UNIT_A, "企业", "是", "否", "3.5%", "地址", "周七", "0571-88888888"],
     lambda v, mf: v["unit_type"] is UnitType.ENTERPRISE and v["credit_code"] == mf.UNIT_A),
    ("experts", lambda mf: ["孙九", mf.ID_4, "县人民医院", mf.UNIT_C, "主任医师", "生物医药", "影像", "13900000000"],
     lambda v, mf: v["id_number"] == mf.ID_4 and v["field"] == "生物医药"),
    ("expenditures", lambda mf: ["KJ2025-001", "记-0001", "2025-03-05", "材料费", "1,234.50", "试剂"],
     lambda v, mf: v["amount"] == Money.yuan("1234.50") and v["date"] == date(2025, 3, 5)),
])
def test_other_templates_round_trip(tmp_path, mf, kind, row, check):
    path = write_template(tmp_path / f"{kind}.xlsx", kind, {}, rows=20)
    wb = openpyxl.load_workbook(path)
    _fill(wb.worksheets[0], [row(mf)])
    wb.save(path)
    result = parse_workbook(path, kind)
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.rows) == 1 and check(result.rows[0].values, mf)


def test_empty_template_parses_to_no_rows_with_a_clear_message(tmp_path):
    result = parse_workbook(write_template(tmp_path / "t.xlsx", "units", rows=20), "units")
    assert result.rows == [] and [p.message for p in result.problems] == ["表头（第 1 行）下面没有数据行"]
