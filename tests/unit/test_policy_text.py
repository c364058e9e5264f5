"""The policy parameter table and its text form: every kind shown, typed back, and refused with a message
that names the parameter and what it accepts."""
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.policy import IndirectScheme, PolicyParameters, PolicyVersion
from sti_desk.domain.policy_params import ADJUSTABLE_SUBJECTS, PARAMETERS, ParamKind, find_param, param
from sti_desk.domain.policy_text import (accepted, changes, check_parameters, edit_text, in_force_since, parse_texts,
                                         parse_value, value_text)
from sti_desk.domain.validation import FieldErrors

ODD = replace(PolicyParameters(), retention_years=None, labour_ratio_cap=Decimal("0.125"), carry_over=False,
              indirect_scheme=IndirectScheme.TIERED_2021, open_competition_min=Money(123_456_789),
              delegated_subjects=(), review_disagreement_spread=Decimal("17.5"),
              credit_levels=("优", "良", "中", "差"), retention_min_credit="良")


def test_the_table_describes_every_parameter_in_field_order():
    assert [p.name for p in PARAMETERS] == [f.name for f in fields(PolicyParameters)]
    assert {p.kind for p in PARAMETERS} == set(ParamKind)
    assert all(p.label and p.rule and p.source for p in PARAMETERS)


def test_captions_name_the_policy_rule_and_source():
    assert param("indirect_ceiling").caption == "P6 统一比例时的间接费用上限（来源：001 篇三第 8 项）"
    assert param("indirect_ceiling").basis == "P6 · 001 篇三第 8 项"
    assert param("leader_max_active_projects").title == "项目负责人在研项目上限"   # not a numbered rule
    assert "临沂市" in param("max_inspections_per_cycle").source_tip


@pytest.mark.parametrize("params", [PolicyParameters(), ODD], ids=["defaults", "unusual"])
def test_what_is_shown_parses_back_to_the_same_value(params):
    for spec in PARAMETERS:
        value = getattr(params, spec.name)
        assert parse_value(spec, value_text(spec, value)) == value, spec.name
        assert parse_value(spec, edit_text(spec, value)) == value, spec.name


def test_values_are_shown_in_the_bureaus_units():
    p = PolicyParameters()
    shown = {s.name: value_text(s, getattr(p, s.name)) for s in PARAMETERS}
    assert shown["open_competition_min"] == "100.00 万元"
    assert shown["indirect_ceiling"] == "20%" and shown["title_similarity_threshold"] == "85%"
    assert shown["labour_ratio_cap"] == "不限" and shown["retention_years"] == "3 年"
    assert shown["carry_over"] == "是" and shown["indirect_scheme"] == "统一比例"
    assert shown["publicity_working_days"] == "5 个工作日" and shown["review_disagreement_spread"] == "20 分"
    assert shown["credit_levels"] == "良好、一般、较差、严重失信"
    assert value_text(param("open_competition_min"), Money(123_456_789)) == "123.456789 万元"  # every 分 kept
    assert value_text(param("delegated_subjects"), ()) == "无"


@pytest.mark.parametrize("name, text, value", [
    ("max_inspections_per_cycle", "2", 2), ("max_inspections_per_cycle", "２ 次", 2),
    ("retention_years", "5年", 5), ("retention_years", "不限", None), ("retention_years", "", None),
    ("open_competition_min", "150", Money.wan(150)), ("open_competition_min", "1,000.5 万元", Money.wan("1000.5")),
    ("open_competition_min", "0.000001", Money(1)),
    ("indirect_ceiling", "25%", Decimal("0.25")), ("indirect_ceiling", "0.25", Decimal("0.25")),
    ("indirect_ceiling", "１２.５％", Decimal("0.125")), ("indirect_ceiling", "100%", Decimal(1)),
    ("labour_ratio_cap", "无限制", None), ("labour_ratio_cap", "50%", Decimal("0.5")),
    ("review_disagreement_spread", "15.5", Decimal("15.5")), ("review_disagreement_spread", "15 分", Decimal(15)),
    ("carry_over", "否", False), ("carry_over", "yes", True),
    ("indirect_scheme", "tiered_old", IndirectScheme.TIERED_OLD),
    ("indirect_scheme", "分段 30/25/20%", IndirectScheme.TIERED_2021),
    ("indirect_scheme", "分段30/25/20%", IndirectScheme.TIERED_2021),
    ("delegated_subjects", "材料费，其他、材料费", ("材料费", "其他")), ("delegated_subjects", "无", ()),
    ("credit_levels", "优秀、良好 > 一般", ("优秀", "良好", "一般")),
    ("retention_min_credit", " 一般 ", "一般"),
])
def test_typed_values_are_parsed_exactly(name, text, value):
    parsed = parse_value(param(name), text)
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize("name, text, why", [
    ("max_inspections_per_cycle", "0", "超出范围"), ("max_inspections_per_cycle", "1.5", "须为整数"),
    ("max_inspections_per_cycle", "一次", "不是数字"), ("max_inspections_per_cycle", "", "」未填写："),
    ("retention_years", "0", "1–99 的整数（单位：年），或“不限”"),
    ("open_competition_min", "-5", "不能为负数"), ("open_competition_min", "0.0000001", "比 1 分还细"),
    ("open_competition_min", "1e3", "不是数字"), ("open_competition_min", "NaN", "不是数字"),
    ("indirect_ceiling", "25", "不带 % 时按 0–1 的小数理解"), ("indirect_ceiling", "120%", "超出范围"),
    ("indirect_ceiling", "-1%", "0%–100% 的百分数"), ("labour_ratio_cap", "很多", "或“不限”"),
    ("review_disagreement_spread", "0", "大于 0"), ("review_disagreement_spread", "10.125", "小数位太多"),
    ("carry_over", "也许", "应为“是”或“否”"), ("indirect_scheme", "分段", "统一比例（flat）"),
    ("delegated_subjects", "材料费、差旅费", "没有科目“差旅费”"), ("credit_levels", "良好", "等级太少"),
    ("credit_levels", "良、良", "有重复的等级"), ("retention_min_credit", " ", "信用等级"),
])
def test_bad_values_are_refused_naming_the_parameter_and_the_range(name, text, why):
    spec = param(name)
    with pytest.raises(ValidationError) as caught:
        parse_value(spec, text)
    assert caught.value.field == name
    assert f"「{spec.title}」" in caught.value.message and why in caught.value.message
    assert accepted(spec) in caught.value.message


def test_subjects_offered_are_both_schemes_without_indirect_costs():
    assert "业务费" in ADJUSTABLE_SUBJECTS and "材料费" in ADJUSTABLE_SUBJECTS
    assert "间接费用" not in ADJUSTABLE_SUBJECTS and len(ADJUSTABLE_SUBJECTS) == 10


def test_parse_texts_reports_every_problem_and_checks_the_credit_level():
    base = PolicyParameters()
    with pytest.raises(FieldErrors) as caught:
        parse_texts(base, {"indirect_ceiling": "2", "retention_years": "x", "carry_over": "否"})
    assert set(caught.value.errors) == {"indirect_ceiling", "retention_years"}
    changed = parse_texts(base, {"credit_levels": "优、良、中、差", "retention_min_credit": "良"})
    assert changed.credit_levels == ("优", "良", "中", "差") and changed.carry_over is True
    with pytest.raises(FieldErrors) as caught:
        parse_texts(base, {"credit_levels": "优、良、中、差"})         # 良好 is no longer a level
    assert "“良好”不在信用等级中（优、良、中、差）" in caught.value.errors["retention_min_credit"]
    assert check_parameters(base) == {}


def test_find_param_by_name_label_or_unique_part():
    assert find_param("indirect_ceiling").name == "indirect_ceiling"
    assert find_param("结余资金留用年限").name == "retention_years"
    assert find_param("P17 横向项目视同市级项目的金额").name == "horizontal_city_level_threshold"
    assert find_param("公示期").name == "publicity_working_days"
    with pytest.raises(ValidationError, match="有歧义.*indirect_scheme.*indirect_ceiling"):
        find_param("P6")
    with pytest.raises(ValidationError, match="(?s)没有名为“nope”的政策参数。可用的参数名：.*retention_years"):
        find_param("nope")


def test_changes_and_the_date_each_value_applies_from():
    v1 = PolicyVersion(date(2000, 1, 1), PolicyParameters())
    v2 = PolicyVersion(date(2026, 7, 1), replace(PolicyParameters(), retention_years=None))
    v3 = PolicyVersion(date(2027, 1, 1), replace(v2.params, indirect_ceiling=Decimal("0.3")))
    diff = changes(v1.params, v2.params)
    assert [c.text for c in diff] == ["P11 结余资金留用年限：3 年 → 不限"]
    assert changes(None, v2.params) == [] and changes(v2.params, v2.params) == []
    assert changes(v1.params, replace(v1.params, indirect_ceiling=Decimal("0.2"))) == []  # 0.20 == 0.2
    since = in_force_since([v3, v1, v2], date(2026, 12, 31))
    assert since["retention_years"] == date(2026, 7, 1) and since["indirect_ceiling"] == date(2000, 1, 1)
    assert in_force_since([v1, v2, v3], date(2027, 1, 1))["indirect_ceiling"] == date(2027, 1, 1)
