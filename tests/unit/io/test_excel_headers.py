"""Header row detection under title rows, synonyms, money units in headers, two-level headers."""
from __future__ import annotations

import pytest

from sti_desk.io.excel_headers import build_index, find_header, header_keys
from sti_desk.io.excel_specs import APPLICATIONS, BUDGET_DETAIL, EXPENDITURES, EXPERTS, SPECS, UNITS, SheetSpec


@pytest.mark.parametrize("text, key, unit", [
    ("申请财政资金(万元)*", "申请财政资金", "万元"),
    ("申请财政资金（万元）", "申请财政资金", "万元"),
    (" 金 额（元） ", "金额", "元"),
    ("金额/万元", "金额", "万元"),
    ("金额（单位：元）", "金额", "元"),
    ("【金额】(万元)", "金额", "万元"),
    ("*项目名称", "项目名称", None),
    ("开始日期(yyyy-mm-dd)", "开始日期", None),
    ("单位统一社会信用代码", "单位统一社会信用代码", None),
])
def test_header_normalisation(text, key, unit):
    keys, found_unit = header_keys(text)
    assert keys[-1] == key and found_unit == unit


@pytest.mark.parametrize("spec", [UNITS, EXPERTS, APPLICATIONS, EXPENDITURES, BUDGET_DETAIL])
def test_no_synonym_is_claimed_by_two_fields(spec: SheetSpec):
    seen: dict[str, str] = {}
    for f in spec.fields:
        for text in (f.header, *f.synonyms):
            key = header_keys(text)[0][0]
            assert seen.setdefault(key, f.name) == f.name, f"{text} -> {seen[key]} and {f.name}"


def test_every_field_header_maps_to_itself():
    for spec in SPECS.values():
        index = build_index(spec)
        for f in spec.fields:
            assert index[header_keys(f.template_header)[0][0]] is f


def test_header_found_below_title_rows_with_synonyms():
    rows = [
        ["2025 年度项目申报汇总表", "", "", "", ""],
        ["填报单位：县科技局", "", "", "", ""],
        ["", "", "", "", ""],
        ["序号", "课题名称", "承担单位", "负责人", "申请资金（万元）"],
        [1, "智能传感器", "某公司", "张三", 12.5],
    ]
    hm = find_header(rows, APPLICATIONS)
    assert hm is not None and hm.row_index == 3
    assert [(c.index, c.field.name, c.unit) for c in hm.columns] == [
        (1, "title", None), (2, "unit_name", None), (3, "leader_name", None), (4, "requested", "万元")]
    assert hm.unknown == []                               # 序号 is known and ignored


def test_sheet_level_unit_note_and_unknown_columns():
    rows = [["支出台账（金额单位：元）", "", "", ""],
            ["凭证号", "金额", "项目编号", "经办人签字"]]
    hm = find_header(rows, EXPENDITURES)
    assert hm.sheet_unit == "元"
    assert hm.unknown == [(3, "经办人签字")]


def test_two_level_header_takes_parent_text_and_unit():
    rows = [
        ["项目名称", "申报单位", "申请资金（万元）", "申请资金（万元）"],   # merged parent, filled across
        ["", "", "财政", "自筹"],
        ["智能传感器", "某公司", 30, 10],
    ]
    hm = find_header(rows, APPLICATIONS)
    assert hm.row_index == 1
    got = {c.field.name: (c.index, c.unit) for c in hm.columns}
    assert got == {"title": (0, None), "unit_name": (1, None), "requested": (2, "万元"), "self_raised": (3, "万元")}


def test_no_header_in_the_first_rows():
    assert find_header([["随便", "写写"], ["1", "2"]], UNITS) is None
