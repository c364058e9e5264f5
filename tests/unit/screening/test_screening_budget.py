"""Checks on the money: cap, 揭榜挂帅 minimum, self-funding, the itemised budget (P6, P7, P9), 包干制."""
from __future__ import annotations

from decimal import Decimal

import pytest
from screening_builders import make_call, make_project

from sti_desk.domain.entities import BudgetLine
from sti_desk.domain.money import Money
from sti_desk.domain.policy import (
    BudgetScheme,
    CallCategory,
    FundingMode,
    IndirectScheme,
    OrganisationMode,
    PolicyParameters,
)
from sti_desk.domain.screening import Severity, parse_self_funding_ratio, run_screening
from sti_desk.domain.screening_budget import (
    check_budget_subjects,
    check_budget_total,
    check_calc_basis,
    check_cap,
    check_indirect_cost,
    check_labour_ratio,
    check_lump_sum_pledge,
    check_open_competition_min,
    check_self_funding,
)

W = Money.wan
BUDGET_CODES = ("budget_total", "budget_subjects", "indirect_cost", "calc_basis", "labour_ratio")


def budget(*lines: tuple[str, str], basis: str = "按市场询价测算") -> list[BudgetLine]:
    """budget(("设备费", "20"), ("业务费", "50"), ...) with amounts in 万元 (fiscal) and a basis each."""
    return [BudgetLine(subject, W(amount), basis="" if subject == "间接费用" else basis) for subject, amount in lines]


def project_with(lines: list[BudgetLine], **kw):
    """A project whose request equals its budget's fiscal total and whose self-funding meets 1:1."""
    total = sum((b.fiscal for b in lines), Money(0))
    return make_project(budget_lines=lines, requested=total, self_raised=total, **kw)


# -- cap --------------------------------------------------------------------------------------------
def test_cap_pass_at_the_cap(make_input):
    r = check_cap(make_input())
    assert r.passed and r.message == "申请财政资金 50.00 万元，未超过本批次单项资助上限 50.00 万元"


def test_cap_fail_above_the_cap(make_input):
    r = check_cap(make_input(project=make_project(requested=W("60.5"))))
    assert not r.passed and r.severity is Severity.ERROR
    assert r.message == "申请财政资金 60.50 万元，超过本批次单项资助上限 50.00 万元（超出 10.50 万元）"


def test_cap_zero_means_no_cap(make_input):
    r = check_cap(make_input(call=make_call(cap=Money(0)), project=make_project(requested=W(5000))))
    assert r.passed and not r.applicable and r.message == "本批次未设单项资助上限"


# -- P5 揭榜挂帅 minimum ---------------------------------------------------------------------------------
def test_open_competition_below_minimum_fails(make_input):
    call = make_call(category=CallCategory.OPEN_COMPETITION, cap=Money(0))
    r = check_open_competition_min(make_input(call=call, project=make_project(requested=W(80))))
    assert not r.passed and r.rule.startswith("P5")
    assert r.message == "揭榜挂帅项目申请财政资金 80.00 万元，低于最低资助额 100.00 万元"


def test_open_competition_at_minimum_passes(make_input):
    call = make_call(organisation_mode=OrganisationMode.OPEN_COMPETITION, cap=Money(0))
    r = check_open_competition_min(make_input(call=call, project=make_project(requested=W(100))))
    assert r.passed and r.applicable and "100.00 万元" in r.message


def test_open_competition_minimum_not_applicable_elsewhere(make_input):
    r = check_open_competition_min(make_input(project=make_project(requested=W(10))))
    assert r.passed and not r.applicable


# -- self-funding ratio -------------------------------------------------------------------------------
def test_self_funding_below_ratio_fails(make_input):
    r = check_self_funding(make_input(project=make_project(self_raised=W(30))))
    assert not r.passed and "1:1" in r.rule
    assert r.message == "自筹资金 30.00 万元，低于要求的 50.00 万元（申请财政资金 50.00 万元 × 1，差 20.00 万元）"


def test_self_funding_meets_ratio(make_input):
    inp = make_input(call=make_call(self_funding_ratio="0.5"), project=make_project(self_raised=W(25)))
    r = check_self_funding(inp)
    assert r.passed and r.message == "自筹资金 25.00 万元，不低于要求的 25.00 万元（申请财政资金 50.00 万元 × 0.5）"


def test_self_funding_ratio_zero_and_invalid(make_input):
    inp = make_input(call=make_call(self_funding_ratio="0"), project=make_project(self_raised=Money(0)))
    r = check_self_funding(inp)
    assert r.passed and not r.applicable
    r = check_self_funding(make_input(call=make_call(self_funding_ratio="一比一")))
    assert not r.passed and "“一比一”无法识别" in r.message


@pytest.mark.parametrize("text,value", [
    ("1", "1"), ("1.5", "1.5"), ("1:1", "1"), ("2：1", "2"), ("", "0"), (" 0 ", "0")])
def test_parse_self_funding_ratio(text, value):
    assert parse_self_funding_ratio(text) == Decimal(value)


@pytest.mark.parametrize("text", ["-1", "abc", "1:0", "Infinity"])
def test_parse_self_funding_ratio_rejects(text):
    with pytest.raises(ValueError):
        parse_self_funding_ratio(text)


# -- budget total / subjects ---------------------------------------------------------------------------
def test_budget_total_pass(make_input):
    r = check_budget_total(make_input())
    assert r.passed and r.message == "预算明细财政资金合计 50.00 万元，与申请财政资金一致"


def test_budget_total_mismatch(make_input):
    lines = budget(("设备费", "10"), ("业务费", "22"), ("劳务费", "7"), ("间接费用", "6"))
    r = check_budget_total(make_input(project=make_project(budget_lines=lines)))
    assert not r.passed
    assert r.message == "预算明细财政资金合计 45.00 万元，与申请财政资金 50.00 万元不一致（相差 5.00 万元）"


def test_budget_total_self_raised_columns_must_add_up_when_filled(make_input):
    lines = budget(("设备费", "10"), ("业务费", "22"), ("劳务费", "12"), ("间接费用", "6"))
    lines[1].self_raised = W(40)
    r = check_budget_total(make_input(project=make_project(budget_lines=lines)))
    assert not r.passed and r.message == "预算明细自筹资金合计 40.00 万元，与自筹资金 50.00 万元不一致（相差 10.00 万元）"


def test_budget_total_without_lines(make_input):
    r = check_budget_total(make_input(project=make_project(budget_lines=[])))
    assert not r.passed and r.message == "预算制项目未填写预算明细"


def test_budget_subjects_outside_the_scheme(make_input):
    lines = budget(("设备费", "10"), ("材料费", "22"), ("劳务费", "6"), ("劳务费", "6"), ("间接费用", "6"))
    r = check_budget_subjects(make_input(project=make_project(budget_lines=lines)))
    assert not r.passed
    assert r.message == ("科目“材料费”不属于本批次预算科目（三类直接费用（2021）：设备费、业务费、劳务费、间接费用）；"
                         "科目“劳务费”重复填写")


def test_budget_subjects_of_the_traditional_scheme(make_input):
    lines = budget(("设备费", "10"), ("材料费", "12"), ("会议/差旅/国际合作交流费", "10"), ("劳务费", "12"),
                   ("间接费用", "6"))
    r = check_budget_subjects(make_input(call=make_call(budget_scheme=BudgetScheme.TRADITIONAL),
                                         project=make_project(budget_lines=lines)))
    assert r.passed and r.message == "预算科目均属于九项科目（旧）"


# -- P6 indirect-cost ceiling ----------------------------------------------------------------------------
P6_FLAT_DIRECT = (("设备费", "20"), ("业务费", "50"), ("劳务费", "30"))   # direct 100 万, equipment 20 万


def test_p6_flat_ceiling_exactly_reached_passes(make_input):
    inp = make_input(project=project_with(budget(*P6_FLAT_DIRECT, ("间接费用", "16"))), call=make_call(cap=Money(0)))
    r = check_indirect_cost(inp)
    assert r.passed and r.rule == "P6 间接费用不超过（直接费用−设备费）×20%"
    assert r.message == ("间接费用 16.00 万元，未超过上限 16.00 万元（直接费用 100.00 万元，其中设备费 20.00 万元，"
                         "上限 =（100.00 − 20.00）× 20% = 16.00 万元）")
    assert run_screening(inp).passed


def test_p6_flat_ceiling_exceeded_by_one_hundred_yuan_fails(make_input):
    inp = make_input(project=project_with(budget(*P6_FLAT_DIRECT, ("间接费用", "16.01"))), call=make_call(cap=Money(0)))
    r = check_indirect_cost(inp)
    assert not r.passed and r.severity is Severity.ERROR
    assert r.message.startswith("间接费用 16.01 万元，超过上限 16.00 万元（超出 0.01 万元；直接费用 100.00 万元，其中设备费 20.00 万元")
    report = run_screening(inp)
    assert not report.passed and [e.code for e in report.errors] == ["indirect_cost"]


def test_p6_flat_ceiling_follows_the_policy_rate(make_input):
    policy = PolicyParameters(indirect_ceiling=Decimal("0.25"))
    r = check_indirect_cost(make_input(policy=policy, project=project_with(budget(*P6_FLAT_DIRECT, ("间接费用", "20")))))
    assert r.passed and "× 25% = 20.00 万元" in r.message and r.rule.endswith("×25%")


@pytest.mark.parametrize("scheme,direct,equipment,ceiling", [
    (IndirectScheme.TIERED_2021, "100", "20", "24"),      # 80 万 × 30 %
    (IndirectScheme.TIERED_2021, "1200", "200", "275"),   # 500 × 30 % + 500 × 25 %
    (IndirectScheme.TIERED_2021, "1700", "200", "375"),   # 150 + 125 + 500 × 20 %
    (IndirectScheme.TIERED_OLD, "1700", "200", "240"),    # 100 + 75 + 500 × 13 %
    (IndirectScheme.TIERED_OLD, "620", "20", "115"),      # 100 + 100 × 15 %
])
def test_p6_tiered_ceilings(make_input, scheme, direct, equipment, ceiling):
    policy = PolicyParameters(indirect_scheme=scheme)
    business = str(Decimal(direct) - Decimal(equipment))
    at = budget(("设备费", equipment), ("业务费", business), ("间接费用", ceiling))
    r = check_indirect_cost(make_input(policy=policy, project=project_with(at)))
    assert r.passed and f"上限 {Decimal(ceiling):.2f} 万元" in r.message and scheme.label in r.rule
    over = budget(("设备费", equipment), ("业务费", business), ("间接费用", str(Decimal(ceiling) + Decimal("0.01"))))
    r = check_indirect_cost(make_input(policy=policy, project=project_with(over)))
    assert not r.passed and f"超过上限 {Decimal(ceiling):.2f} 万元" in r.message


# -- P7 calculation basis ---------------------------------------------------------------------------------
def test_calc_basis_missing_for_a_large_line_is_a_warning(make_input):
    lines = budget(("设备费", "10"), ("业务费", "22"), ("劳务费", "12"), ("间接费用", "6"))
    lines[1].basis = "  "
    inp = make_input(project=make_project(budget_lines=lines))
    r = check_calc_basis(inp)
    assert not r.passed and r.severity is Severity.WARNING and r.rule.startswith("P7")
    assert r.message == "以下科目占直接费用 10% 及以上，未填写测算依据：“业务费”22.00 万元（占直接费用 50%）"
    assert run_screening(inp).passed   # the clerk judges; it does not block


def test_calc_basis_threshold_is_inclusive_and_small_lines_need_none(make_input):
    small = budget(("设备费", "4"), ("业务费", "28"), ("劳务费", "12"), ("间接费用", "6"))
    small[0].basis = ""                                  # 4 / 44 = 9.1 %: no basis needed
    assert check_calc_basis(make_input(project=project_with(small))).passed
    exact = budget(("设备费", "5"), ("业务费", "30"), ("劳务费", "15"), ("间接费用", "8"))
    exact[0].basis = ""                                  # 5 / 50 = 10 %: basis needed
    r = check_calc_basis(make_input(project=project_with(exact)))
    assert not r.passed and "“设备费”5.00 万元（占直接费用 10%）" in r.message


def test_calc_basis_counts_self_raised_money(make_input):
    lines = budget(("设备费", "2"), ("业务费", "30"), ("劳务费", "12"), ("间接费用", "6"))
    lines[0].basis = ""
    lines[0].self_raised = W(8)                          # 10 / 52 = 19.2 % of the direct costs
    r = check_calc_basis(make_input(project=make_project(budget_lines=lines)))
    assert not r.passed and "“设备费”10.00 万元（占直接费用 19.2%）" in r.message


# -- P9 labour costs ----------------------------------------------------------------------------------------
def test_labour_at_ninety_percent_is_never_flagged(make_input):
    lines = budget(("劳务费", "90"), ("业务费", "10"), ("间接费用", "20"))
    inp = make_input(project=project_with(lines), call=make_call(cap=Money(0)))
    report = run_screening(inp)
    assert report.passed and not report.errors and not report.warnings
    r = report.by_code("labour_ratio")
    assert r.passed and r.message == "劳务费 90.00 万元，占直接费用 90%；劳务费不设比例限制"
    assert r.rule == "P9 劳务费不设比例限制"
    assert all("劳务费" not in x.message for x in report.results if not x.passed)


def test_labour_cap_set_by_admin_only_warns(make_input):
    policy = PolicyParameters(labour_ratio_cap=Decimal("0.5"))
    lines = budget(("劳务费", "90"), ("业务费", "10"), ("间接费用", "20"))
    inp = make_input(policy=policy, project=project_with(lines), call=make_call(cap=Money(0)))
    r = check_labour_ratio(inp)
    assert not r.passed and r.severity is Severity.WARNING and "高于参考上限 50%" in r.message
    assert run_screening(inp).passed


# -- 包干制 --------------------------------------------------------------------------------------------------
def test_lump_sum_without_budget_lines_passes_when_pledged(make_input):
    call = make_call(funding_mode=FundingMode.LUMP_SUM)
    inp = make_input(call=call, project=make_project(budget_lines=[], lump_sum_pledge=True))
    report = run_screening(inp)
    assert report.passed, report.errors
    for code in BUDGET_CODES:
        r = report.by_code(code)
        assert r.passed and not r.applicable and "包干制" in r.message
    pledge = report.by_code("lump_sum_pledge")
    assert pledge.passed and pledge.applicable and pledge.message == "包干制项目已签署诚信承诺"


def test_lump_sum_ignores_budget_line_rules(make_input):
    call = make_call(funding_mode=FundingMode.LUMP_SUM)
    lines = budget(("材料费", "10"), ("间接费用", "40"))   # wrong subject, indirect far over: not checked
    assert run_screening(make_input(call=call, project=make_project(budget_lines=lines, lump_sum_pledge=True))).passed


def test_lump_sum_without_pledge_fails(make_input):
    call = make_call(funding_mode=FundingMode.LUMP_SUM)
    r = check_lump_sum_pledge(make_input(call=call, project=make_project(budget_lines=[])))
    assert not r.passed and r.message == "包干制项目未签署诚信承诺" and r.rule.startswith("P4")


def test_pledge_not_needed_for_budget_mode(make_input):
    r = check_lump_sum_pledge(make_input())
    assert r.passed and not r.applicable
