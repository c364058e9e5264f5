"""Fixtures for integration tests: a real SQLite file per test."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sti_desk.bootstrap import AppContext, open_app
from sti_desk.domain.codes import credit_code_check_char, id_number_check_char
from sti_desk.domain.entities import Call, Unit
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role
from sti_desk.domain.policy import CallCategory
from sti_desk.services.dto import ProjectInput
from tests.audit_check import assert_log_matches_data


def make_credit_code(n: int) -> str:
    first = f"91331099MA{n:07d}"
    return first + credit_code_check_char(first)


def make_id_number(n: int) -> str:
    first = f"33109919800101{n:03d}"
    return first + id_number_check_char(first)


@pytest.fixture
def ctx(tmp_path: Path, request: pytest.FixtureRequest) -> AppContext:
    c = open_app(tmp_path / "sti.db")
    c.services.auth.bootstrap_admin("admin", "admin123")
    yield c
    try:
        assert_log_matches_data(c, request)
    finally:
        c.close()


@pytest.fixture
def admin(ctx):
    return ctx.services.auth.login("admin", "admin123")


@pytest.fixture
def clerk(ctx, admin):
    ctx.services.auth.create_user(admin, "clerk", "王晓梅", Role.CLERK, "clerk1234")
    return ctx.services.auth.login("clerk", "clerk1234")


@pytest.fixture
def reviewer(ctx, admin):
    ctx.services.auth.create_user(admin, "expert", "专家", Role.REVIEWER, "expert123")
    return ctx.services.auth.login("expert", "expert123")


@pytest.fixture
def sample(ctx, clerk):
    """One unit, one call and one project; returns their ids."""
    s = ctx.services
    unit_id = s.units.save_unit(clerk, Unit("青溪华睿电子科技有限公司", make_credit_code(1)))
    call_id = s.calls.save_call(clerk, Call("2026-ZDYF", "2026年度重点研发计划", 2026, CallCategory.KEY_RD,
                                            cap=Money.wan(50)))
    project_id = s.projects.create_project(clerk, project_input(call_id, unit_id))
    return {"unit": unit_id, "call": call_id, "project": project_id}


def project_input(call_id: int, unit_id: int, title: str = "基于深度学习的茶叶病害识别系统研发") -> ProjectInput:
    return ProjectInput(call_id=call_id, unit_id=unit_id, title=title, field="现代农业", leader_name="张伟",
                        leader_id_number=make_id_number(1), start_date=date(2027, 1, 1),
                        end_date=date(2028, 12, 31), requested=Money.wan(30), self_raised=Money.wan(20))
