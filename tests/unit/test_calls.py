"""Rules of a call: field checks and the disbursement plan (domain.calls)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sti_desk.domain.calls import (check_call_fields, parse_disbursement_plan, plan_label, plan_text,
                                   self_funding_label, window_label)
from sti_desk.domain.entities import Call
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory

GOOD = Call("2026-ZDYF", "2026年度重点研发计划", 2026, CallCategory.KEY_RD, cap=Money.wan(50),
            total_budget=Money.wan(500), opens=date(2026, 3, 1), closes=date(2026, 4, 30), self_funding_ratio="1")


def test_a_good_call_has_no_problems():
    assert check_call_fields(GOOD) == {}
    assert check_call_fields(replace(GOOD, total_budget=Money(0), cap=Money.wan(80))) == {}  # no budget: no cap check


@pytest.mark.parametrize(("text", "ratios"), [
    ("0.7,0.3", ("0.7", "0.3")), ("70%,30%", ("0.7", "0.3")), ("70%/30%", ("0.7", "0.3")),
    ("1", ("1",)), ("33.3%，66.7%", ("0.333", "0.667")), ("0.5, 0.3, 20%", ("0.5", "0.3", "0.2")),
])
def test_plans_people_type(text, ratios):
    assert parse_disbursement_plan(text) == tuple(Decimal(r) for r in ratios)


@pytest.mark.parametrize(("text", "message"), [
    ("0.7,0.2", "各笔之和须为 100%，现为 70%+20% = 90%"),
    ("33%,66%", "现为 33%+66% = 99%"),
    ("70,30", "第 1 笔“70”须大于 0 且不超过 100%（百分比请加 %，如 70%）"),
    ("0.7,abc", "第 2 笔“abc”不是有效的比例"),
    ("0.7,,0.3", "第 2 笔为空"),
    ("", "请填写拨付计划"),
    ("0,1", "第 1 笔“0”须大于 0"),
])
def test_wrong_plans_say_which_tranche_and_why(text, message):
    with pytest.raises(ValidationError, match=message.replace("+", r"\+").replace("(", r"\(")) as err:
        parse_disbursement_plan(text)
    assert err.value.field == "disbursement_plan"


def test_plan_is_stored_as_ratios_and_shown_as_percentages():
    assert plan_text(parse_disbursement_plan("70%/30%")) == "0.7,0.3"
    assert plan_label("0.7,0.3") == "70% / 30%"
    assert plan_label("乱写") == "乱写"


def test_every_field_problem_at_once():
    bad = replace(GOOD, code="2026 ZD", name=" ", year=1999, closes=date(2026, 2, 1), cap=Money.wan(600),
                  self_funding_ratio="一比一", experts_per_group=2, aggregation="max", disbursement_plan="0.5")
    errors = check_call_fields(bad)
    assert set(errors) == {"code", "name", "year", "closes", "cap", "self_funding_ratio", "experts_per_group",
                           "aggregation", "disbursement_plan"}
    assert errors["closes"] == "申报截止日期不能早于开始日期"
    assert errors["cap"] == "单项资助上限 600.00 万元 超过批次总预算 500.00 万元"
    assert errors["experts_per_group"] == "每组评审专家不少于 3 人"
    assert "trimmed_mean" in errors["aggregation"]
    assert check_call_fields(replace(GOOD, code="X" * 25))["code"].startswith("批次编号不超过 24 个字符")
    assert "code" not in check_call_fields(replace(GOOD, code="2026 重点"), new=False)  # an older call keeps its code
    assert check_call_fields(replace(GOOD, experts_per_group=26))["experts_per_group"] == "每组评审专家不多于 25 人"
    assert check_call_fields(replace(GOOD, cap=Money(-1)))["cap"] == "单项资助上限不能为负数"


def test_labels():
    assert window_label(None, None) == "未设定"
    assert window_label(date(2026, 3, 1), None) == "2026-03-01 至 不限"
    assert self_funding_label("0") == "不要求自筹"
    assert self_funding_label("1") == "自筹:财政 不低于 1:1"
    assert self_funding_label("2:1") == "自筹:财政 不低于 2:1"
