"""回避 (P13): every kind of conflict, expiry of declarations, and the fast group index."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from review_builders import DAY, project, typed_variant, worlds_st

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import (
    ConflictKind, DeclaredConflict, ExpertCandidate, GroupConflictIndex, ProjectForReview, TeamMemberRef,
    conflict_reasons, conflicts, draw_experts, unit_name_key,
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


# -- a typed work unit (工作单位 not in 单位库) ------------------------------------------------------
NAMED = project(4, unit=100, leader=1000, leader_name="张伟", leader_unit_id=300,
                team=[(1002, 200, "王强")], unit_names={100: "浙江大学", 200: "青溪县人民医院", 300: "ABC 研究院"})


def test_unit_name_key_ignores_spaces_full_width_and_case():
    assert unit_name_key(" 浙江　大学（紫金港） ") == unit_name_key("浙江大学(紫金港)")
    assert unit_name_key("ＡＢＣ研究院") == unit_name_key("abc 研究院")
    assert unit_name_key("") == unit_name_key(None) == ""
    assert unit_name_key("浙江大学") != unit_name_key("浙江工业大学")


def test_typed_work_unit_equal_to_a_unit_name_is_the_same_unit():
    def typed(text: str) -> list[str]:
        return conflict_reasons(ex(unit_id=None, workplace=text), NAMED, DAY)

    assert typed("浙江 大学") == ["与申报单位同单位"]
    assert typed("青溪县人民医院\u3000") == ["与团队成员“王强”同单位"]
    assert typed("ａｂｃ研究院") == ["与项目负责人“张伟”同单位"]
    assert typed("浙江工业大学") == [] and typed("") == []
    # a project without unit names is compared by id only
    assert conflict_reasons(ex(unit_id=None, workplace="浙江大学"), P, DAY) == []


def test_typed_work_unit_matches_only_the_projects_own_units():
    p = ProjectForReview(5, "电子信息", 100, 1000, unit_names={100: "甲公司", 999: "浙江大学"})
    assert conflict_reasons(ex(unit_id=None, workplace="浙江大学"), p, DAY) == []
    assert GroupConflictIndex.of([p]).may_conflict(ex(unit_id=None, workplace="浙江大学"), DAY) is False


names_st = st.text(st.characters(codec="utf-8", categories=("Lo", "Lu", "Ll", "Nd")), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(names_st, names_st, st.integers(0, 2**32), st.sampled_from(["applicant", "leader", "member"]))
def test_typed_variant_of_a_project_unit_is_always_recused(name, other, seed, whose):
    """Whatever the unit's name and however it is typed (spaces, full width, case), an expert whose typed
    work unit is that name conflicts with the project, is never drawn for its group, and the fast index agrees;
    a different name never conflicts."""
    import random

    rnd = random.Random(seed)
    unit = {"applicant": 100, "leader": 300, "member": 200}[whose]
    names = {100: "申报单位甲", 200: "成员单位乙", 300: "负责人单位丙", unit: name}
    p = ProjectForReview(1, "电子信息", 100, 1000, (TeamMemberRef(1002, 200, "王强"),), leader_unit_id=300,
                         unit_names=names)
    expert = ex(expert_id=1, unit_id=None, workplace=typed_variant(name, rnd))
    kinds = {c.kind for c in conflicts(expert, p, DAY)}
    expected = {"applicant": ConflictKind.SAME_UNIT_APPLICANT, "leader": ConflictKind.SAME_UNIT_LEADER,
                "member": ConflictKind.SAME_UNIT_MEMBER}[whose]
    assert expected in kinds
    assert GroupConflictIndex.of([p]).may_conflict(expert, DAY)
    others = [ex(expert_id=i, person_id=7000 + i, unit_id=None) for i in range(2, 6)]
    r = draw_experts([p], [expert, *others], 3, 1, seed, DAY)
    assert 1 not in r.groups[0].expert_ids + r.groups[0].reserve_ids
    stranger = ex(unit_id=None, workplace=other)
    if unit_name_key(other) not in {unit_name_key(n) for n in names.values()}:
        assert conflicts(stranger, p, DAY) == []
