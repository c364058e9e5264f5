"""Fixtures of the intake GUI tests."""
from __future__ import annotations

from datetime import date

import pytest

from sti_desk.domain.entities import BudgetLine, Unit
from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectInput

from ..helpers import credit_code, id_number
from .support import record_saves


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Answers the save dialog with a file in tmp_path and records the success messages."""
    return record_saves(monkeypatch, tmp_path)


def _project(services, actor, call_id, unit_id, title, seq, wan="30"):  # type: ignore[no-untyped-def]
    return services.projects.create_project(actor, ProjectInput(
        call_id=call_id, unit_id=unit_id, title=title, field="现代农业", leader_name=f"张{seq}",
        leader_id_number=id_number(seq), start_date=date(2026, 9, 1), end_date=date(2028, 8, 31),
        requested=Money.wan(wan), self_raised=Money.wan(wan),
        budget_lines=[BudgetLine("设备费", Money.wan(wan) - Money.wan("10"), Money(0), "采购检测设备"),
                      BudgetLine("业务费", Money.wan("10"), Money(0), "材料与测试")]))


@pytest.fixture
def applications(services, admin_actor, seeded):  # type: ignore[no-untyped-def]
    """Demo-like: one clean application, one over the call's cap (50 万), two similar titles of two units."""
    other = services.units.save_unit(admin_actor, Unit("青溪县林业技术推广中心", credit_code(9)))
    ids = {
        "ok": _project(services, admin_actor, seeded["call"], seeded["unit_a"], "高效节水灌溉控制器研制", 1),
        "cap": _project(services, admin_actor, seeded["call"], seeded["unit_b"], "竹纤维复合板材制备工艺研究", 2, "60"),
        "similar_a": _project(services, admin_actor, seeded["call"], seeded["unit_a"], "县域慢病早筛标志物研究", 3),
        "similar_b": _project(services, admin_actor, seeded["call"], other, "县域常见慢病早筛标志物研究", 4),
    }
    return ids
