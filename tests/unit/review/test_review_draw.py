"""专家随机抽取: grouping, shortages, audit record, neighbour fields, replacements."""
from datetime import date

import pytest
from review_builders import DAY, expert, pool, project

from sti_desk.domain.errors import DomainError, ValidationError
from sti_desk.domain.review import (
    DeclaredConflict, draw_experts, group_projects, inputs_digest, new_seed, replace_expert,
)


def test_large_field_is_split_into_balanced_groups():
    projects = [project(i) for i in range(1, 32)] + [project(100 + i, "新材料") for i in range(3)]
    groups = group_projects(projects, 15)
    # fields in code-point order (新 U+65B0 < 电 U+7535), groups of 11/10/10 rather than 15/15/1
    assert [(g, len(ps)) for g, _, ps in groups] == [
        ("新材料-1", 3), ("电子信息-1", 11), ("电子信息-2", 10), ("电子信息-3", 10)]
    # contiguous in project-id order
    first = [p.project_id for g, _, ps in groups if g == "电子信息-1" for p in ps]
    assert first == list(range(1, 12))


def test_basic_draw_has_panel_reserves_seed_and_record():
    projects = [project(1, unit=100), project(2, unit=200)]
    experts = pool(10) + [expert(50, unit=100), expert(51, "新材料")]
    r = draw_experts(projects, experts, per_group=5, reserves=2, seed="2025-第一批", on=DAY)
    assert r.seed == "2025-第一批"
    (g,) = r.groups
    assert g.group_id == "电子信息-1" and g.project_ids == (1, 2)
    assert len(g.expert_ids) == 5 and len(g.reserve_ids) == 2
    assert not set(g.expert_ids) & set(g.reserve_ids)
    assert 50 not in g.expert_ids + g.reserve_ids
    (a,) = r.audit
    assert a.pool_size == 12 and a.other_field_count == 1
    assert [x.expert_id for x in a.conflicted] == [50]
    assert a.conflicted[0].reasons == ("项目 1：与申报单位同单位",)
    assert len(a.lots) == 10
    assert len(r.inputs_digest) == 64


def test_panel_is_the_smallest_lots_of_the_record():
    """Anyone can re-derive the panel from the audit record: smallest (load, lot, id)."""
    r = draw_experts([project(1)], pool(12), per_group=5, reserves=3, seed=7, on=DAY)
    lots = sorted(r.audit[0].lots, key=lambda t: (t.tier, t.panel_load, t.lot, t.expert_id))
    assert tuple(t.expert_id for t in lots[:5]) == r.groups[0].expert_ids
    assert tuple(t.expert_id for t in lots[5:8]) == r.groups[0].reserve_ids


def test_suspended_experts_are_recorded_not_drawn():
    experts = pool(6) + [expert(40, active=False, suspended_reason="健康原因")]
    r = draw_experts([project(1)], experts, per_group=5, reserves=1, seed=1, on=DAY)
    assert 40 not in r.groups[0].expert_ids + r.groups[0].reserve_ids
    assert r.audit[0].suspended[0].expert_id == 40
    assert r.audit[0].suspended[0].reasons == ("专家已暂停", "健康原因")


def test_too_few_experts_names_every_short_group_and_counts():
    projects = [project(1, unit=1), project(2, "新材料", unit=2)]
    experts = pool(4) + [expert(20, unit=1)] + pool(3, "新材料", start=30)
    with pytest.raises(DomainError) as err:
        draw_experts(projects, experts, per_group=5, reserves=0, seed=1, on=DAY)
    msg = str(err.value)
    assert "评审组“电子信息-1”（1 个项目）需要 5 位专家，电子信息领域共 5 位专家，其中回避 1 位、暂停 0 位，仅 4 位可抽取" in msg
    assert "评审组“新材料-1”" in msg and "仅 3 位可抽取" in msg


def test_too_few_reserves_is_a_warning():
    r = draw_experts([project(1)], pool(6), per_group=5, reserves=3, seed=1, on=DAY)
    assert len(r.groups[0].reserve_ids) == 1
    assert r.warnings == ("评审组“电子信息-1”备选专家仅 1 位（要求 3 位）",)


def test_neighbour_field_fallback_used_only_when_needed():
    experts = pool(4) + pool(5, "通信", start=10) + pool(5, "新材料", start=20)
    neighbours = {"电子信息": ("通信", "新材料")}
    r = draw_experts([project(1)], experts, 5, 2, seed=3, on=DAY, neighbour_fields=neighbours)
    g = r.groups[0]
    assert set(range(1, 5)) <= set(g.expert_ids)          # the whole own field sits first
    assert all(10 <= e < 15 for e in set(g.expert_ids + g.reserve_ids) - set(range(1, 5)))
    assert r.audit[0].neighbour_fields_used == ("通信",)
    assert any("相邻领域（通信）" in w for w in r.warnings)
    # enough experts in the own field: the neighbours are not even looked at
    r2 = draw_experts([project(1)], pool(7) + pool(5, "通信", start=10), 5, 2, seed=3, on=DAY,
                      neighbour_fields=neighbours)
    assert r2.audit[0].neighbour_fields_used == ()


def test_a_neighbour_listed_twice_or_the_own_field_is_looked_at_once():
    experts = pool(4) + pool(3, "通信", start=10)
    r = draw_experts([project(1)], experts, 5, 2, seed=3, on=DAY,
                     neighbour_fields={"电子信息": ("电子信息", "通信", "通信")})
    assert r.audit[0].neighbour_fields_used == ("通信",)
    assert len(r.audit[0].lots) == 7


def test_seed_helper_gives_fresh_text_seeds():
    a, b = new_seed(), new_seed()
    assert a != b and len(a) == 16


def test_expired_declaration_does_not_exclude():
    d = DeclaredConflict("曾合作", project_id=1, expires=date(2025, 5, 31))
    experts = pool(4) + [expert(9, declared=(d,))]
    r = draw_experts([project(1)], experts, 5, 0, seed=1, on=DAY)
    assert 9 in r.groups[0].expert_ids


def test_bad_parameters():
    with pytest.raises(ValidationError):
        draw_experts([project(1)], pool(5), 0, 0, 1, DAY)
    with pytest.raises(ValidationError):
        draw_experts([project(1)], pool(5), 5, -1, 1, DAY)
    with pytest.raises(ValidationError):
        draw_experts([project(1), project(1)], pool(5), 5, 0, 1, DAY)
    with pytest.raises(ValidationError):
        draw_experts([project(1)], pool(5) + pool(1), 5, 0, 1, DAY)


def test_digest_ignores_order_but_not_content():
    ps, es = [project(1), project(2)], pool(6)
    d1 = inputs_digest(ps, es, 5, 1, 15, DAY, None)
    assert d1 == inputs_digest(ps[::-1], es[::-1], 5, 1, 15, DAY, None)
    assert d1 != inputs_digest(ps, es[:-1], 5, 1, 15, DAY, None)


# --- replacements (替补) ----------------------------------------------------------------------------
def _draw(n_experts=9, reserves=3):
    return draw_experts([project(1, unit=100)], pool(n_experts), 5, reserves, seed=11, on=DAY)


def test_replace_takes_the_next_reserve_and_logs_it():
    r = _draw()
    g = r.groups[0]
    declined = g.expert_ids[2]
    new, entry = replace_expert(r, g.group_id, declined, "出差无法参会")
    assert new == g.reserve_ids[0]
    assert entry.source == "reserve" and entry.reason == "出差无法参会" and entry.seed == 11
    assert r.panel(g.group_id)[2] == new and declined not in r.panel(g.group_id)
    assert r.remaining_reserves(g.group_id) == g.reserve_ids[1:]
    assert r.groups[0].expert_ids == g.expert_ids   # the draw itself is never rewritten


def test_replace_skips_a_reserve_that_is_now_conflicted():
    r = _draw()
    g = r.groups[0]
    first = g.reserve_ids[0]
    changed = [e if e.expert_id != first else expert(first, unit=100) for e in r.experts]
    new, entry = replace_expert(r, g.group_id, g.expert_ids[0], "身体原因", experts=changed)
    assert new == g.reserve_ids[1]
    assert entry.skipped[0].expert_id == first
    assert entry.skipped[0].reasons == ("项目 1：与申报单位同单位",)


def test_replace_raises_when_reserves_run_out_unless_pool_fallback():
    r = _draw(n_experts=7, reserves=1)
    g = r.groups[0]
    replace_expert(r, g.group_id, g.expert_ids[0], "回避")
    with pytest.raises(DomainError, match="已无可用的备选专家"):
        replace_expert(r, g.group_id, g.expert_ids[1], "回避")
    new, entry = replace_expert(r, g.group_id, g.expert_ids[1], "回避", seed=5, from_pool=True)
    assert entry.source == "pool" and entry.seed == 5
    assert new not in g.expert_ids and new not in g.reserve_ids
    with pytest.raises(DomainError, match="专家库中也没有可补抽的专家"):
        replace_expert(r, g.group_id, g.expert_ids[2], "回避", from_pool=True)


def test_replace_needs_a_reason_and_a_sitting_expert():
    r = _draw()
    g = r.groups[0]
    with pytest.raises(ValidationError):
        replace_expert(r, g.group_id, g.expert_ids[0], "  ")
    with pytest.raises(DomainError, match="不是评审组"):
        replace_expert(r, g.group_id, g.reserve_ids[0], "x")
    with pytest.raises(DomainError, match="没有评审组"):
        replace_expert(r, "不存在", g.expert_ids[0], "x")


def test_a_shortage_says_what_to_do_and_draws_nothing():
    """专家不足: the refusal names the experts to add per field (the largest need of its groups), the group
    size every group could fill when it is allowed, and that nothing was drawn — never a smaller panel."""
    from sti_desk.domain.review import ExpertShortage

    projects = [project(1, unit=1), project(2, "新材料", unit=2)]
    experts = pool(4) + [expert(20, unit=1)] + pool(3, "新材料", start=30) + [expert(40, "新材料", active=False)]
    with pytest.raises(ExpertShortage) as err:
        draw_experts(projects, experts, per_group=5, reserves=2, seed=1, on=DAY, min_per_group=3)
    msg = str(err.value)
    assert "“电子信息”领域新增至少 1 位专家" in msg and "“新材料”领域新增至少 2 位专家" in msg
    assert "或重新启用暂停的专家" in msg
    assert "将每组评审专家人数降至 3 人后重新抽取（每组不少于 3 人）" in msg
    assert "不会少抽专家；本次未抽取任何评审组" in msg
    assert [(s.group_id, s.eligible) for s in err.value.shortages] == [("新材料-1", 3), ("电子信息-1", 4)]
    # the smaller size it offers does draw
    r = draw_experts(projects, experts, per_group=3, reserves=0, seed=1, on=DAY, min_per_group=3)
    assert all(len(g.expert_ids) == 3 for g in r.groups)
    # below the smallest allowed panel the only way is more experts
    with pytest.raises(ExpertShortage) as err:
        draw_experts(projects, pool(2) + pool(3, "新材料", start=30), per_group=5, reserves=0, seed=1, on=DAY,
                     min_per_group=3)
    assert "降至" not in str(err.value) and "“电子信息”领域新增至少 3 位专家" in str(err.value)
