"""The expert pool and the rubric of a call through the services."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sti_desk.domain.errors import ConcurrencyError, PermissionDenied, ValidationError
from sti_desk.domain.review import Criterion, Rubric

from .world import DAY, GOOD, reviewer_actor


def test_search_edit_suspend_and_history(review, clerk, boss, world):
    assert len(review.list_experts(clerk)) == 10
    hits = review.list_experts(clerk, search="专家03")
    assert [e.name for e in hits] == ["专家03"]
    e = hits[0]
    review.save_expert(clerk, e.id, field="新材料", specialty="复合材料", phone="13900000000",
                       expected_version=e.version)
    with pytest.raises(ConcurrencyError):
        review.save_expert(clerk, e.id, field="新材料", expected_version=e.version)
    with pytest.raises(ValidationError, match="技术领域"):
        review.save_expert(clerk, e.id, field="玄学")
    with pytest.raises(ValidationError, match="不是有效的电话号码") as refused:   # clearly no phone number: refused
        review.save_expert(clerk, e.id, field="新材料", phone="不详")
    assert refused.value.field == "phone"
    review.set_expert_active(clerk, e.id, False, "本人申请暂停")
    got = review.get_expert(clerk, e.id)
    assert (got.field, got.specialty, got.phone, got.active, got.suspended_reason) == (
        "新材料", "复合材料", "13900000000", False, "本人申请暂停")
    with pytest.raises(ValidationError, match="理由"):
        review.set_expert_active(clerk, e.id, True, "")
    review.set_expert_active(clerk, e.id, True, "恢复")
    assert [(h.active, h.reason) for h in review.status_history(clerk, e.id)] == [(False, "本人申请暂停"),
                                                                                  (True, "恢复")]
    # 操作人 by name, as on every other screen (the records keep the username)
    assert {h.by for h in review.status_history(clerk, e.id)} == {clerk.display_name} != {clerk.username}
    assert [x.name for x in review.list_experts(clerk, field="新材料")] == ["专家03"]
    with pytest.raises(PermissionDenied):
        review.list_experts(boss)
    with pytest.raises(PermissionDenied):
        review.save_expert(reviewer_actor(e.id), e.id, field="新材料")


def test_declared_conflicts(review, clerk, world):
    eid = world.experts[0]
    a = review.add_conflict(clerk, eid, reason="配偶在该单位", unit_id=world.units[3], expires=date(2026, 12, 31))
    b = review.add_conflict(clerk, eid, reason="师生关系", person_id=world.persons["leader2"])
    with pytest.raises(ValidationError, match="只能指定一个"):
        review.add_conflict(clerk, eid, reason="x", unit_id=world.units[1], project_id=world.projects[0])
    listed = review.conflicts_of(clerk, eid, on=date(2027, 1, 1))
    assert [(c.target_kind, c.in_force) for c in listed] == [("unit", False), ("person", True)]
    assert listed[1].target_label == "人员 负责人2"
    assert {c.created_by for c in listed} == {clerk.display_name} != {clerk.username}   # 登记人 by name
    review.remove_conflict(clerk, a)
    assert [c.id for c in review.conflicts_of(clerk, eid)] == [b]
    assert review.get_expert(clerk, eid).declared_conflicts == 1


def test_review_history_shows_totals_only_after_closing(review, clerk, drawn, panel, world):
    eid = drawn.groups[0].panel[0].id
    for a in review.my_assignments(panel[eid]):
        review.save_marks(panel[eid], a.id, GOOD, "意见", "资助", submit=True)
    hist = review.review_history(clerk, eid)
    assert len(hist) == 4 and all(h.status == "submitted" and h.total is None for h in hist)
    for other, actor in panel.items():
        if other != eid:
            for a in review.my_assignments(actor):
                review.save_marks(actor, a.id, GOOD, "意见", "资助", submit=True)
    review.close_round(clerk, world.call)
    assert {h.total for h in review.review_history(clerk, eid)} == {Decimal(81)}


def test_rubric_get_set_and_locked_after_the_draw(review, clerk, boss, world):
    info = review.get_rubric(boss, world.call)
    assert info.is_default and info.rubric.max_total == 100 and info.aggregation == "trimmed_mean"
    custom = Rubric((Criterion("novelty", "创新性", 40), Criterion("feasibility", "可行性", 40),
                     Criterion("benefit", "效益", 20, Decimal(2))), comment_required_below=Decimal(70))
    review.set_rubric(clerk, world.call, custom, aggregation="mean", experts_per_group=3,
                      expected_version=info.version)
    got = review.get_rubric(clerk, world.call)
    assert got.rubric == custom and not got.is_default and got.aggregation_label == "算术平均"
    assert got.experts_per_group == 3
    with pytest.raises(ValidationError, match="不少于 3"):
        review.set_rubric(clerk, world.call, experts_per_group=2)
    with pytest.raises(ValidationError, match="未知的汇总规则"):
        review.set_rubric(clerk, world.call, aggregation="max")
    with pytest.raises(PermissionDenied):
        review.set_rubric(boss, world.call, custom)
    drawn = review.draw(clerk, world.call, seed=1, today=DAY)
    assert len(drawn.groups[0].panel) == 3
    assert review.get_rubric(clerk, world.call).locked
    with pytest.raises(ValidationError, match="不能再修改"):
        review.set_rubric(clerk, world.call, aggregation="median")
    actor = reviewer_actor(drawn.groups[0].panel[0].id)
    a = review.my_assignments(actor)[0]
    done = review.save_marks(actor, a.id, {"novelty": 30, "feasibility": 30, "benefit": 10}, "尚可", "资助",
                             submit=True)
    assert done.total == Decimal("66.6666666667")   # (30 + 30 + 2·10)·100 / (40 + 40 + 2·20), 10 places
