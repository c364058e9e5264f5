"""CallService: overview, details, saving a call with its rubric in one unit of work."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from sti_desk.domain.entities import Call
from sti_desk.domain.errors import ConcurrencyError, PermissionDenied
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role
from sti_desk.domain.policy import CallCategory, FundingMode
from sti_desk.domain.review import Criterion, Rubric, default_rubric
from sti_desk.domain.validation import FieldErrors

NEW = Call("2026-CGZH", "2026年度成果转化项目", 2026, CallCategory.TRANSFER, funding_mode=FundingMode.LUMP_SUM,
           cap=Money.wan("80.5"), total_budget=Money.wan(400), opens=date(2026, 3, 1), closes=date(2026, 4, 30),
           self_funding_ratio="0.5", disbursement_plan="60%/40%")


def test_create_list_and_details(ctx, clerk, admin, sample):
    calls = ctx.services.calls
    cid = calls.save_call(clerk, NEW)
    by_code = {o.call.code: o for o in calls.overview(clerk)}
    assert set(by_code) == {"2026-ZDYF", "2026-CGZH"}
    assert by_code["2026-ZDYF"].projects == 1 and by_code["2026-CGZH"].projects == 0
    assert by_code["2026-CGZH"].review_status == "未抽取专家" and not by_code["2026-CGZH"].rubric_locked
    d = calls.details(clerk, "2026-CGZH")
    assert d.call.id == cid and d.call.cap == Money.wan("80.5") and d.call.funding_mode is FundingMode.LUMP_SUM
    assert d.call.disbursement_plan == "0.6,0.4"          # stored as ratios whatever was typed
    assert d.rubric == default_rubric() and d.rubric_is_default
    assert d.drop_extremes_min == 5 and d.disagreement_spread == 20


def test_field_problems_code_clash_and_code_fixed(ctx, clerk, sample):
    calls = ctx.services.calls
    with pytest.raises(FieldErrors) as err:
        calls.save_call(clerk, replace(NEW, name="", closes=date(2026, 1, 1), disbursement_plan="0.7,0.2"))
    assert set(err.value.errors) == {"name", "closes", "disbursement_plan"}
    with pytest.raises(FieldErrors) as err:
        calls.save_call(clerk, replace(NEW, code="2026-ZDYF"))
    assert err.value.errors == {"code": "批次编号“2026-ZDYF”已被“2026年度重点研发计划”使用"}
    current = calls.get_by_code(clerk, "2026-ZDYF")
    with pytest.raises(FieldErrors, match="创建后不能修改"):
        calls.save_call(clerk, replace(current, code="2026-ZDYF2"))
    assert [c.code for c in calls.list_calls(clerk)] == ["2026-ZDYF"]


def test_stale_save_is_refused_and_nothing_written(ctx, clerk, sample):
    calls = ctx.services.calls
    mine = calls.get_by_code(clerk, "2026-ZDYF")
    theirs = replace(mine, name="同事改过的名称")
    calls.save_call(clerk, theirs)
    with pytest.raises(ConcurrencyError, match="已被其他人修改"):
        calls.save_call(clerk, replace(mine, name="我的名称", cap=Money.wan(10)))
    now = calls.get_by_code(clerk, "2026-ZDYF")
    assert now.name == "同事改过的名称" and now.cap == Money.wan(50) and now.version == mine.version + 1


def test_call_and_rubric_saved_together(ctx, clerk, sample):
    calls = ctx.services.calls
    rubric = Rubric((Criterion("innovation", "创新性", 60), Criterion("c1", "示范带动", 40)),
                    recommendations=("资助", "不予资助"), comment_required_for=("不予资助",))
    cid = calls.save_call(clerk, replace(NEW, aggregation="median", experts_per_group=7), rubric)
    d = calls.details(clerk, NEW.code)
    assert d.call.id == cid and d.rubric == rubric and not d.rubric_is_default
    assert d.call.aggregation == "median" and d.call.experts_per_group == 7
    assert ctx.services.review.get_rubric(clerk, NEW.code).rubric == rubric
    # an unchanged rubric given again is not a change (the version moves for the name only)
    calls.save_call(clerk, replace(d.call, name="改名"), rubric)
    assert calls.get_by_code(clerk, NEW.code).version == d.call.version + 1


def test_who_may_keep_and_view_calls(ctx, admin, clerk, sample):
    ctx.services.auth.create_user(admin, "boss", "李建国", Role.MANAGER, "manager123")
    boss = ctx.services.auth.login("boss", "manager123")
    calls = ctx.services.calls
    assert [o.call.code for o in calls.overview(boss)] == ["2026-ZDYF"]
    assert calls.details(boss, "2026-ZDYF").projects == 1
    with pytest.raises(PermissionDenied, match="无权管理申报批次"):
        calls.save_call(boss, NEW)


def test_an_older_call_with_a_code_new_calls_may_not_have_stays_editable(ctx, clerk):
    from sti_desk.db.tables import CallRow

    with ctx.db.uow("test") as uow:
        uow.session.add(CallRow(code="2019 科技计划", name="2019年度科技计划", year=2019, category="key_rd"))
        uow.commit()
    calls = ctx.services.calls
    old = calls.get_by_code(clerk, "2019 科技计划")
    calls.save_call(clerk, replace(old, name="2019年度科技计划（归档）"))
    assert calls.get_by_code(clerk, "2019 科技计划").name == "2019年度科技计划（归档）"
    with pytest.raises(FieldErrors, match="只能由字母、数字"):
        calls.save_call(clerk, replace(NEW, code="2026 新批次"))
