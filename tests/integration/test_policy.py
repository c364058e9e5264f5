"""政策参数 through the service on a real file: versions, permissions, refusals, the audit entry."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from sti_desk.domain.errors import PermissionDenied, ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.policy import PolicyParameters, PolicyVersion
from sti_desk.domain.validation import FieldErrors

TODAY = date(2026, 11, 23)


def test_a_new_version_applies_from_its_date_and_is_audited(ctx, admin, clerk):
    policy = ctx.services.policy
    info = policy.add_from_texts(admin, date(2027, 1, 1), " 县科发〔2026〕12号 ",
                                 {"indirect_ceiling": "25%", "open_competition_min": "150"}, today=TODAY)
    assert info.note == "县科发〔2026〕12号" and info.status == "待生效" and info.pending
    assert [c.text for c in info.changes] == ["P5 揭榜挂帅项目最低资助额：100.00 万元 → 150.00 万元",
                                              "P6 统一比例时的间接费用上限：20% → 25%"]
    assert info.previous_from == date(2000, 1, 1) and info.created_by == "系统管理员"
    assert policy.in_force(clerk, date(2026, 12, 31)).indirect_ceiling == Decimal("0.20")   # anyone may read
    assert policy.in_force(clerk, date(2027, 1, 1)).open_competition_min == Money.wan(150)
    history = policy.history(clerk, today=TODAY)
    assert [(v.effective_from, v.status) for v in history] == [(date(2027, 1, 1), "待生效"),
                                                               (date(2000, 1, 1), "现行")]
    assert history[1].created_by == "系统" and history[1].changes == ()
    assert [v.status for v in policy.history(clerk, today=date(2027, 1, 1))] == ["现行", "已被取代"]

    entry = next(e for e in ctx.services.audit.recent(admin, entity="policy_versions")
                 if e.entity_id == str(info.id))
    stored = json.loads(entry.after)
    assert entry.action == "create" and entry.username == "admin"
    assert stored["effective_from"] == "2027-01-01" and stored["note"] == "县科发〔2026〕12号"
    assert json.loads(stored["params_json"])["indirect_ceiling"] == "0.25"
    assert ctx.services.audit.verify(admin).ok


def test_refusals_explain_and_write_nothing(ctx, admin, clerk):
    policy = ctx.services.policy
    params = replace(PolicyParameters(), carry_over=False)
    with pytest.raises(PermissionDenied, match="无权修改政策参数"):
        policy.add_version(clerk, PolicyVersion(TODAY, params, "试图修改"), today=TODAY)
    with pytest.raises(FieldErrors) as caught:
        policy.add_version(admin, PolicyVersion(TODAY - timedelta(days=1), params, "  "), today=TODAY)
    assert "早于今天" in caught.value.errors["effective_from"] and "请填写说明" in caught.value.errors["note"]
    with pytest.raises(FieldErrors) as caught:
        policy.add_version(admin, PolicyVersion(TODAY, replace(params, retention_min_credit="优秀"), "文件"),
                           today=TODAY)
    assert "不在信用等级中" in caught.value.errors["retention_min_credit"]
    with pytest.raises(ValidationError, match="没有任何改动"):
        policy.add_version(admin, PolicyVersion(TODAY, PolicyParameters(), "重复"), today=TODAY)
    policy.add_version(admin, PolicyVersion(TODAY, params, "县科发〔2026〕1号"), today=TODAY)  # today is allowed
    with pytest.raises(ValidationError, match="已有一个政策参数版本"):
        policy.add_version(admin, PolicyVersion(TODAY, replace(params, carry_over=True), "再来"), today=TODAY)
    with pytest.raises(FieldErrors) as caught:           # bad values, past date and no note: all at once
        policy.add_from_texts(admin, date(2020, 1, 1), "", {"retention_years": "零", "carry_over": "否"},
                              today=TODAY)
    assert set(caught.value.errors) == {"retention_years", "effective_from", "note"}
    assert len(policy.versions(admin)) == 2


def test_a_version_between_two_others_changes_only_its_own_period(ctx, admin):
    policy = ctx.services.policy
    policy.add_from_texts(admin, date(2027, 7, 1), "后", {"publicity_working_days": "7"}, today=TODAY)
    middle = policy.add_from_texts(admin, date(2027, 1, 1), "中", {"carry_over": "否"}, today=TODAY)
    assert [c.spec.name for c in middle.changes] == ["carry_over"]
    assert policy.in_force(admin, date(2027, 3, 1)).publicity_working_days == 5
    later = policy.in_force(admin, date(2027, 7, 1))
    assert later.publicity_working_days == 7 and later.carry_over is True   # the later version keeps its values
    newest = policy.history(admin, today=TODAY)[0]
    assert newest.previous_from == date(2027, 1, 1)
    assert {c.spec.name for c in newest.changes} == {"publicity_working_days", "carry_over"}
