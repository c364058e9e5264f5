"""parse_workbook on messy real-world sheets and on bad ones: typed rows, every bad cell located."""
from __future__ import annotations

from datetime import date

import pytest

from sti_desk.domain.entities import BudgetLine, UnitType
from sti_desk.domain.money import Money
from sti_desk.io import CellProblem, ParseResult, SheetData, parse_sheets, parse_workbook


def by_row(result: ParseResult) -> dict[int, dict]:
    return {r.row_number: r.values for r in result.rows}


def problems_at(result: ParseResult) -> dict[tuple[int, str], str]:
    return {(p.row, p.column): p.message for p in result.problems}


def sheet(rows, name="Sheet1") -> list[SheetData]:
    return [SheetData(name, [list(r) for r in rows])]


# -- messy applications ----------------------------------------------------------------------------------
def test_messy_applications_parse_cleanly(fx, mf):
    result = parse_workbook(fx["messy"], "applications")
    assert result.ok, [str(p) for p in result.problems]
    rows = by_row(result)
    assert sorted(rows) == [4, 5, 6, 8]                       # blank row 7 and 合计 row 9 skipped
    assert any("第 9 行是合计" in n for n in result.notes)
    first = rows[4]
    assert first["title"] == "智能传感器关键技术研究" and first["unit_credit_code"] == mf.UNIT_A
    assert first["requested"] == Money.wan(50)
    assert first["self_raised"] == Money.wan(100)              # 1,000,000 in the 自筹经费(元) column
    assert [(m.name, m.id_number) for m in first["team"]] == [("李四", mf.ID_2), ("王五", mf.ID_3)]
    assert first["budget_lines"] == [BudgetLine("设备费", Money.wan(10)), BudgetLine("业务费", Money.wan(20)),
                                     BudgetLine("劳务费", Money.wan(10)), BudgetLine("间接费用", Money.wan(10))]


def test_messy_values_units_and_dates(fx):
    rows = by_row(parse_workbook(fx["messy"], "applications"))
    second, third, fourth = rows[5], rows[6], rows[8]
    assert second["title"] == "茶园病虫害绿色防控示范" and second["leader_name"] == "李四"
    assert second["requested"] == Money.wan("12.5")              # "１２.５万元" (full-width digits)
    assert second["self_raised"] == Money.wan("12.5")            # "125，000元" in a 元 column
    assert (second["start_date"], second["end_date"]) == (date(2025, 3, 1), date(2027, 2, 28))
    assert third["requested"] == Money.wan(30)                   # "￥300,000.00元" in a 万元 column
    assert third["start_date"] == date(2025, 6, 18) and third["end_date"] == date(2025, 12, 9)  # serial 46000
    assert fourth["start_date"] == date(2025, 7, 1) and fourth["end_date"] == date(2026, 6, 30)
    assert fourth["self_raised"] == Money.wan(20) and fourth["budget_lines"] == []
    assert all(r["call"] == "" and r["lump_sum_pledge"] is False for r in rows.values())


def test_problem_rows_keep_the_excel_row_and_the_header_as_written(fx):
    result = parse_workbook(fx["experts"], "experts")
    assert problems_at(result) == {
        (3, "B"): "身份证号已被 Excel 存为数字，末几位已丢失，请把该列设为文本后重新填写",
        (4, "F"): "“农业”不是可选的专业领域；可选：电子信息、先进制造、新材料、生物医药、现代农业、资源环境、新能源、社会发展、软科学",
    }
    p = result.problems[0]
    assert (p.sheet, p.header, p.field) == ("专家库", "身份证号", "id_number")
    assert str(p) == "工作表“专家库” 第 3 行 B 列（身份证号）：" + p.message
    assert [r.ok for r in result.rows] == [True, False, False]
    assert result.rows[0].values["phone"] == "13900000000"
    assert result.good_rows()[0].values["name"] == "孙九"


def test_units_from_a_legacy_xls(fx, mf):
    result = parse_workbook(fx["units_xls"], "units")
    rows = by_row(result)
    assert rows[4] == {"name": "杭州某某科技有限公司", "credit_code": mf.UNIT_A, "unit_type": UnitType.ENTERPRISE,
                       "above_scale_industrial": True, "has_rd_institution": True, "rd_intensity": "3.2%",
                       "address": "县科技园 1 号", "contact": "周七", "phone": "13800000000"}
    assert rows[5]["unit_type"] is UnitType.INSTITUTE and rows[5]["has_rd_institution"] is True
    assert rows[6]["unit_type"] is UnitType.HOSPITAL and rows[6]["above_scale_industrial"] is False
    assert problems_at(result) == {(6, "B"): "统一社会信用代码已被 Excel 存为数字，末几位已丢失，请把该列设为文本后重新填写"}


def test_expenditures_in_yuan_with_duplicate_voucher_and_negative_amount(fx):
    result = parse_workbook(fx["expenditures"], "expenditures")
    rows = by_row(result)
    assert rows[2]["amount"] == Money.yuan("12345.67") and rows[2]["date"] == date(2025, 3, 5)
    assert rows[3]["voucher_no"] == "2" and rows[3]["amount"] == Money.yuan("1200.50")
    assert rows[4]["amount"] == Money.yuan(3000) and rows[4]["date"] == date(2025, 3, 15)
    assert problems_at(result) == {
        (2, "B"): "与第 5 行重复（凭证号相同）",
        (5, "B"): "与第 2 行重复（凭证号相同）",
        (5, "E"): "金额“-50”不能为负数",
    }


# -- budget lines from the 预算明细 sheet ---------------------------------------------------------------
def test_budget_detail_sheet_is_attached_by_unit_code_and_title(fx, mf):
    result = parse_workbook(fx["detail"], "applications")
    assert result.ok, [str(p) for p in result.problems]
    first, second = result.rows
    assert first.values["budget_lines"] == [
        BudgetLine("设备费", Money.wan(10), Money.wan(6), "传感器测试台 1 套"),
        BudgetLine("业务费", Money.wan(15), Money.wan(6), ""),          # "智能 传感器": spaces ignored
        BudgetLine("间接费用", Money.wan(5), Money(0), ""),             # "间接费" synonym
    ]
    assert second.values["budget_lines"] == [BudgetLine("业务费", Money.wan(20), Money(0), "田间试验")]
    assert [r.row_number for r in result.budget_rows] == [2, 3, 4, 5]


APP_HEADER = ["项目名称", "申报单位", "单位统一社会信用代码", "项目负责人", "负责人身份证号", "技术领域", "开始日期",
              "结束日期", "申请财政资金(万元)"]


def _app(mf, title="智能传感器", requested=30, **over):
    row = [title, "某公司", mf.UNIT_A, "张三", mf.ID_1, "电子信息", "2025-01-01", "2026-12-31", requested]
    for i, v in over.items():
        row[int(i[1:])] = v
    return row


def test_budget_problems_orphans_mismatched_totals_mixed_schemes(mf):
    sheets = sheet([APP_HEADER + ["设备费", "材料费", "业务费"], _app(mf, requested=30) + [10, 5, 10]], "项目申报")
    sheets += sheet([["项目名称", "单位统一社会信用代码", "预算科目", "财政资金(万元)"],
                     ["不存在的项目", mf.UNIT_A, "设备费", 1],
                     ["智能传感器", mf.UNIT_A, "劳务费", 1],
                     ["智能传感器", mf.UNIT_A, "差旅费", 1]], "预算明细")
    result = parse_sheets(sheets, "applications")
    messages = [(p.sheet, p.row, p.column, p.message) for p in result.problems]
    assert ("项目申报", 2, "A", "预算科目混用了两套科目体系（业务费、材料费）：三类直接费用（2021）与九项科目（旧）只能选一套") in messages
    assert ("项目申报", 2, "I", "预算科目财政资金合计 25 万元，与申请财政资金 30 万元不一致") in messages
    assert any(s == "预算明细" and r == 2 and "在申报表中找不到" in m for s, r, _, m in messages)
    assert any(s == "预算明细" and r == 3 and "预算明细表不能重复填写" in m for s, r, _, m in messages)
    assert any(s == "预算明细" and r == 4 and c == "C" and "“差旅费”不是可选的预算科目" in m for s, r, c, m in messages)
    assert not result.rows[0].ok


# -- bad cells and bad sheets -------------------------------------------------------------------------------
def test_wrong_type_in_cells_and_required_blanks(mf):
    rows = [APP_HEADER,
            _app(mf, c6="下个月", c8="很多"),
            _app(mf, title="", c4=""),
            _app(mf, title="B", c7="2024-01-01")]
    result = parse_sheets(sheet(rows), "applications")
    assert problems_at(result) == {
        (2, "G"): "日期“下个月”无法识别（请写成 2024-06-18 或 2024年6月18日）",
        (2, "I"): "金额“很多”不是有效数字（可写 12.5、12.5万元、125,000元）",
        (3, "A"): "“项目名称”为必填项，不能为空",
        (3, "E"): "“负责人身份证号”为必填项，不能为空",
        (4, "H"): "结束日期 2024-01-01 应晚于开始日期 2025-01-01",
    }
    bad = result.rows[0]
    assert bad.bad_fields == ("start_date", "requested") and bad.values["start_date"] is None
    assert bad.problem("title", "单位库中没有该单位") == CellProblem(
        "Sheet1", 2, "A", "项目名称", "title", "智能传感器", "单位库中没有该单位")


def test_missing_required_column_is_named(mf):
    rows = [[h for h in APP_HEADER if h != "负责人身份证号"], [v for i, v in enumerate(_app(mf)) if i != 4]]
    result = parse_sheets(sheet(rows), "applications")
    assert [p.message for p in result.problems] == [
        "缺少必填列“负责人身份证号”（也可写作：负责人身份证号码、项目负责人身份证号、项目负责人身份证号码）"]
    assert result.problems[0].row == 1 and result.problems[0].column == ""
    assert len(result.rows) == 1 and not result.rows[0].ok


def test_duplicate_rows_report_both_rows(mf):
    rows = [APP_HEADER, _app(mf), _app(mf, title="另一个项目"), _app(mf, title=" 智能传感器 ")]
    result = parse_sheets(sheet(rows), "applications")
    assert problems_at(result) == {
        (2, "A"): "与第 4 行重复（申报批次、单位和项目名称相同）",
        (4, "A"): "与第 2 行重复（申报批次、单位和项目名称相同）",
    }
    assert [r.ok for r in result.rows] == [False, True, False]


def test_doubled_column_and_money_column_without_unit():
    result = parse_sheets(sheet([["项目编号", "凭证号", "凭证编号", "支出日期", "预算科目", "金额"]]), "expenditures")
    messages = [p.message for p in result.problems]
    assert "与 B 列“凭证号”重复，都是“凭证号”，请删除其中一列" in messages
    assert "“金额”列标题没有注明单位，请写成“金额(元)”或“金额(万元)”" in messages


def test_wrong_kind_of_sheet_and_sheet_without_rows(mf):
    result = parse_sheets(sheet([APP_HEADER, _app(mf)]), "expenditures")
    assert len(result.problems) == 1 and "没有找到支出台账表的表头行" in result.problems[0].message
    result = parse_sheets(sheet([["2025 申报汇总"], APP_HEADER, [""] * 9]), "applications")
    assert [p.message for p in result.problems] == ["表头（第 2 行）下面没有数据行"]


def test_choices_restrict_drop_down_fields(mf):
    rows = [["申报批次"] + APP_HEADER, ["2025 重点研发"] + _app(mf), ["2099 不存在"] + _app(mf, title="B")]
    result = parse_sheets(sheet(rows), "applications", choices={"call": ["2025 重点研发"], "field": ["电子信息"]})
    assert problems_at(result) == {(3, "A"): "“2099 不存在”不是可选的申报批次；可选：2025 重点研发"}
    assert result.rows[0].values["call"] == "2025 重点研发"


def test_note_rows_under_the_table_are_skipped(mf):
    rows = [APP_HEADER, _app(mf), ["注：金额单位为万元，负责人须为单位在职人员。"] + [""] * 8]
    result = parse_sheets(sheet(rows), "applications")
    assert result.ok and len(result.rows) == 1 and result.notes


def test_merged_cells_in_the_data_area_count_for_every_row(mf):
    data = [APP_HEADER, _app(mf), _app(mf, title="B", c1="", c2="")]
    sheets = [SheetData("s", data, merged=[((1, 1), (2, 1)), ((1, 2), (2, 2))])]
    result = parse_sheets(sheets, "applications")
    assert result.ok and result.rows[1].values["unit_credit_code"] == mf.UNIT_A


@pytest.mark.parametrize("kind", ["units", "experts", "applications", "expenditures"])
def test_every_row_has_every_field(kind, fx):
    key = {"units": "units_xls", "experts": "experts", "applications": "messy", "expenditures": "expenditures"}[kind]
    from sti_desk.io import spec_for
    names = {f.name for f in spec_for(kind).fields if not f.name.startswith("budget:")}
    if kind == "applications":
        names.add("budget_lines")
    for row in parse_workbook(fx[key], kind).rows:
        assert set(row.values) == names


def test_sheet_unit_note_hidden_and_other_sheets(mf):
    ledger = [["支出台账（金额单位：万元）"], ["项目编号", "凭证号", "支出日期", "预算科目", "金额"],
              ["KJ-1", "记-1", "2025-03-05", "业务费", "1.5"]]
    sheets = [SheetData("封面", [["2025 年度支出台账"], ["县科技局"]]), SheetData("台账", ledger),
              SheetData("隐藏", [["项目编号", "凭证号", "支出日期", "预算科目", "金额(元)"]] * 3, visible=False),
              SheetData("填写说明", [["项目编号", "凭证号", "支出日期", "预算科目", "金额(元)"]])]
    result = parse_sheets(sheets, "expenditures")
    assert result.ok and [r.sheet for r in result.rows] == ["台账"]
    assert result.rows[0].values["amount"] == Money.wan("1.5")
    assert result.notes == ["已忽略工作表“封面”（不是支出台账表或表头不完整）"]
    assert result.summary() == "共 1 行数据，未发现问题"


def test_problem_location_text():
    p = CellProblem("申报", 5, "D", "负责人", "leader_name", "", "必填")
    assert p.cell == "D5" and p.location == "工作表“申报” 第 5 行 D 列（负责人）"
    assert CellProblem("申报", 0, "", "", "", None, "x").location == "工作表“申报”"


def test_a_row_holding_only_the_filled_down_call_is_an_empty_row(mf):
    """Copying the 申报批次 drop-down down the column leaves rows with nothing else: they are empty rows
    (the 填写说明 says 空行会被忽略), skipped with one note, not nine 必填项 problems each."""
    call, pledge = "2026年度成果转化项目", "是"
    rows = [["申报批次"] + APP_HEADER + ["包干制诚信承诺"],
            [call] + _app(mf) + [pledge],
            [call] + [""] * 9 + [""],
            [call] + [""] * 9 + [pledge],
            [call] + _app(mf, title="B") + [pledge],
            [call] + [""] * 10,
            ["合计"] + [""] * 10]
    result = parse_sheets(sheet(rows), "applications")
    assert result.ok, [str(p) for p in result.problems]
    assert [r.row_number for r in result.rows] == [2, 5]
    assert "工作表“Sheet1”第 3–4、6 行只填了“申报批次”“包干制诚信承诺”，其余各列都是空的，已按空行忽略" in result.notes
    assert "工作表“Sheet1”第 7 行是合计或说明行，已跳过" in result.notes
    # a row with one real value besides the call is still a data row, with its blanks reported
    rows.insert(3, [call, "只有名称的项目"] + [""] * 9)
    result = parse_sheets(sheet(rows), "applications")
    assert {p.row for p in result.problems} == {4} and len([p for p in result.problems if p.row == 4]) == 8


def test_a_later_problem_shows_the_cell_as_typed_and_a_converted_amount_with_its_unit(mf):
    """A check made after parsing (the call's cap, the plausibility of an amount) shows what the clerk typed,
    never the parsed amount without its unit ("120.00")."""
    header = [h.replace("(万元)", "(元)") for h in APP_HEADER] + ["自筹资金(元)"]
    rows = [header, _app(mf, requested="1,200,000") + [500000.0], _app(mf, title="B", requested=" 30万元 ") + ["80"]]
    result = parse_sheets(sheet(rows), "applications")
    first, second = result.rows
    assert first.values["requested"] == Money.wan(120) and first.layout.unit("requested") == "元"
    assert first.problem("requested", "超过上限").value == "1,200,000（即 120.00 万元）"
    assert first.problem("self_raised", "x").value == "500000（即 50.00 万元）"
    assert second.problem("requested", "x").value == "30万元"
    assert second.problem("self_raised", "x").value == "80（即 0.008 万元）"
    assert first.problem("title", "x").value == "智能传感器"
    wan = parse_sheets(sheet([APP_HEADER, _app(mf, requested=50.0)]), "applications").rows[0]
    assert wan.layout.unit("requested") == "万元" and wan.problem("requested", "x").value == "50"
