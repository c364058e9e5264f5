"""回避 (P13): every kind of conflict, expiry of declarations, and the fast group index."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_builders import DAY, project, worlds_st

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import (
    ConflictKind, DeclaredConflict, ExpertCandidate, GroupConflictIndex, conflict_reasons, conflicts,
)

P = project(1, unit=100, leader=1000, leader_name="张伟",
            team=[(1001, 100, "李娜"), (1002, 200, "王强"), (1003, None, "赵敏")])


def ex(**kw):
    base = dict(expert_id=7, person_id=7000, unit_id=999, field="电子信息")
    base.update(kw)
    return ExpertCandidate(**base)


def test_no_conflict():
    assert conflict_reasons(ex(), P, DAY) == []


def test_same_unit_as_applicant():
    assert conflict_reasons(ex(unit_id=100), P, DAY) == ["与申报单位同单位"]


def test_same_unit_as_team_member_names_the_member():
    assert conflict_reasons(ex(unit_id=200), P, DAY) == ["与团队成员“王强”同单位"]


def test_member_without_name_is_named_by_person_id():
    p = project(2, unit=100, team=[(1002, 200)])
    assert conflict_reasons(ex(unit_id=200), p, DAY) == ["与团队成员“1002”同单位"]


def test_leader_employed_elsewhere():
    p = project(3, unit=100, leader=1000, leader_name="张伟", leader_unit_id=300)
    assert conflict_reasons(ex(unit_id=300), p, DAY) == ["与项目负责人“张伟”同单位"]


def test_expert_is_team_member_and_leader():
    assert conflict_reasons(ex(person_id=1001), P, DAY) == ["本人为项目团队成员"]
    assert conflict_reasons(ex(person_id=1000), P, DAY) == ["本人为项目负责人"]


def test_member_at_applicant_unit_reported_once():
    # 李娜 works at the applicant unit: one reason, not two
    assert conflict_reasons(ex(unit_id=100), P, DAY) == ["与申报单位同单位"]


def test_declared_project_with_reason_and_expiry():
    d = DeclaredConflict("近亲属在项目组", project_id=1, expires=date(2025, 6, 1))
    assert conflict_reasons(ex(declared=(d,)), P, DAY) == ["申报声明回避（理由：近亲属在项目组）"]
    # the day after expiry it no longer counts
    assert conflict_reasons(ex(declared=(d,)), P, date(2025, 6, 2)) == []


def test_declared_unit_and_person():
    du = DeclaredConflict("曾在该单位任职", unit_id=100)
    dp = DeclaredConflict("", person_id=1002)
    assert conflict_reasons(ex(declared=(du,)), P, DAY) == ["申报声明回避申报单位（理由：曾在该单位任职）"]
    assert conflict_reasons(ex(declared=(dp,)), P, DAY) == ["申报声明回避“王强”（未说明理由）"]
    du2 = DeclaredConflict("竞争关系", unit_id=200)
    assert conflict_reasons(ex(declared=(du2,)), P, DAY) == ["申报声明回避团队成员“王强”所在单位（理由：竞争关系）"]
    elsewhere = project(3, unit=100, leader=1000, leader_name="张伟", leader_unit_id=300)
    du3 = DeclaredConflict("竞争关系", unit_id=300)
    assert conflict_reasons(ex(declared=(du3,)), elsewhere, DAY) == [
        "申报声明回避项目负责人“张伟”所在单位（理由：竞争关系）"]


def test_declared_conflict_with_another_project_does_not_count():
    d = DeclaredConflict("x", project_id=99)
    assert conflict_reasons(ex(declared=(d,)), P, DAY) == []


def test_suspended():
    assert conflict_reasons(ex(active=False), P, DAY) == ["专家已暂停"]
    assert conflict_reasons(ex(active=False, suspended_reason="连续两次无故缺席"), P, DAY) == \
        ["专家已暂停（连续两次无故缺席）"]


def test_several_reasons_are_all_listed_and_typed():
    d = DeclaredConflict("师生关系", person_id=1000)
    kinds = [c.kind for c in conflicts(ex(unit_id=100, person_id=1001, declared=(d,)), P, DAY)]
    assert kinds == [ConflictKind.IS_MEMBER, ConflictKind.SAME_UNIT_APPLICANT, ConflictKind.DECLARED_PERSON]


def test_declaration_must_name_exactly_one_target():
    with pytest.raises(ValidationError):
        DeclaredConflict("x")
    with pytest.raises(ValidationError):
        DeclaredConflict("x", project_id=1, unit_id=2)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_group_index_agrees_with_the_full_check(data):
    """The set-based fast check used by the draw finds a conflict exactly when the full per-project
    check finds one (suspension aside), and its reasons are the full check's reasons."""
    projects, experts = data.draw(worlds_st)
    projects = projects[:6]
    on = data.draw(st.dates(date(2025, 5, 1), date(2025, 7, 1)))
    index = GroupConflictIndex.of(projects)
    for e in experts:
        full = [(p, c) for p in projects for c in conflicts(e, p, on) if c.kind is not ConflictKind.SUSPENDED]
        assert index.may_conflict(e, on) == bool(full)
        assert len(index.reasons(e, on)) == len(full)
