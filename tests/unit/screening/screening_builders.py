"""Builders for the screening tests (used by the test modules and conftest.py): one valid 预算制
application that passes every check; each test changes only what it is about."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sti_desk.domain.entities import BudgetLine, Call, Person, Project, TeamMember, Unit
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory, FundingMode

TODAY = date(2025, 4, 15)
UNIT_ID, LEADER_ID, MEMBER_ID = 1, 11, 12
TITLE = "基于深度学习的茶叶病害识别系统研发"


def make_call(**kw) -> Call:
    base = Call(code="2025-ZDYF", name="2025年度青山县重点研发计划", year=2025, category=CallCategory.KEY_RD,
                funding_mode=FundingMode.BUDGET, cap=Money.wan(50), self_funding_ratio="1", id=100)
    return replace(base, **kw)


def make_lines() -> list[BudgetLine]:
    return [
        BudgetLine("设备费", Money.wan(10), basis="茶园高清摄像头 20 台 × 0.5 万元"),
        BudgetLine("业务费", Money.wan(22), basis="样本采集、测试与差旅"),
        BudgetLine("劳务费", Money.wan(12), basis="研究生 4 人 × 3 万元"),
        BudgetLine("间接费用", Money.wan(6)),
    ]


def make_project(**kw) -> Project:
    base = Project(call_id=100, unit_id=UNIT_ID, leader_id=LEADER_ID, title=TITLE, field="现代农业",
                   start_date=date(2025, 7, 1), end_date=date(2027, 6, 30), requested=Money.wan(50),
                   self_raised=Money.wan(50), budget_lines=make_lines(),
                   team=[TeamMember(LEADER_ID, "负责人", UNIT_ID), TeamMember(MEMBER_ID, "成员", UNIT_ID)], id=500)
    return replace(base, **kw)


def make_unit(**kw) -> Unit:
    return replace(Unit(name="青山县茶业科技有限公司", credit_code="91330000MA0000000X", id=UNIT_ID), **kw)


def make_leader(**kw) -> Person:
    return replace(Person(name="王建国", id_number="330102198001010011", unit_id=UNIT_ID, id=LEADER_ID), **kw)
