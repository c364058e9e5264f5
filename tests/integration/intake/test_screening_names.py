"""形式审查 处理人 by name: the outcome carries the clerk's name (王晓梅) and keeps the account (clerk)."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.entities import BudgetLine, Call, Unit
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory
from tests.integration.conftest import make_credit_code, project_input

from .conftest import CALL, CALL_NAME

TODAY = date(2026, 11, 20)


def test_the_screening_decision_names_the_clerk(ctx, clerk, admin):
    s = ctx.services
    call = s.calls.save_call(clerk, Call(CALL, CALL_NAME, 2026, CallCategory.KEY_RD, cap=Money.wan(50),
                                         opens=date(2026, 3, 1), closes=date(2026, 12, 31)))
    unit = s.units.save_unit(clerk, Unit("青溪测试科技有限公司", make_credit_code(1)))
    data = project_input(call, unit)
    data.budget_lines = [BudgetLine("设备费", Money.wan(30), Money.wan(20), "按市场询价测算")]
    pid = s.projects.create_project(clerk, data)
    (pending,) = s.intake.screen(clerk, CALL, TODAY)
    assert (pending.decided_by, pending.decided_by_username) == ("", "")
    decided = s.intake.decide(clerk, pid, "pass", "材料齐全", today=TODAY)
    assert (decided.decided_by, decided.decided_by_username) == ("王晓梅", "clerk")
    (listed,) = s.intake.screening_results(admin, CALL)
    assert (listed.decided_by, listed.decided_by_username) == ("王晓梅", "clerk")
    # the detail's 办理记录 names the clerk too
    events = s.projects.get_project(admin, pid).timeline
    assert {(e.username, e.by) for e in events} == {("clerk", "王晓梅")}
