"""Properties of the draw, checked with hypothesis over small worlds where conflicts are frequent.

What is proved (for every generated input):
1. Recusal: no expert on a panel or reserve list is suspended or conflicts (P13) with any project of
   their group on the draw day; and when the draw refuses (DomainError) some group really has fewer
   than ``per_group`` eligible experts of its field.
2. Balance: for every field F, if every expert of F is active and free of conflicts with every project
   of F (and no neighbour fields are used), the panel loads (number of panels sat on) of F's experts
   differ by at most 1.
2b. Least-loaded first, with conflicts (the rule of domain/review/draw.py step 3, without neighbour
   fields): groups are drawn in order; for each group, let load(e) be the number of panels of earlier
   groups that expert e sits on, and the eligible experts those of the group's field who are active and
   conflict with no project of the group. Then for every panel member m and every eligible expert x not
   on the panel, load(m) <= load(x). Likewise for reserves, with (reserve load, panel load) compared in
   that order: every reserve is <= every eligible expert who is neither on the panel nor a reserve.
3. Reproducibility: the same inputs and seed give the same result; permuting the input lists (and the
   team lists and declarations inside them) gives the same groups, record and digest.
4. Replacements keep property 1.
"""
import random
from collections import Counter, defaultdict

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from review_builders import DAY, FIELDS, pool, project, worlds_st

from sti_desk.domain.errors import DomainError
from sti_desk.domain.review import (
    ExpertCandidate, ProjectForReview, conflict_reasons, draw_experts, group_projects, replace_expert,
)

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.one_of(st.integers(0, 2**64), st.text(max_size=12))


def _world(data):
    projects, experts = data.draw(worlds_st)
    per_group = data.draw(st.integers(1, 4))
    reserves = data.draw(st.integers(0, 3))
    group_size = data.draw(st.integers(1, 8))
    return projects, experts, per_group, reserves, group_size


NEIGHBOURS = {FIELDS[0]: (FIELDS[1], FIELDS[2]), FIELDS[1]: (FIELDS[0],)}


@SETTINGS
@given(st.data(), seeds, st.booleans())
def test_no_drawn_expert_conflicts_with_any_project_of_the_group(data, seed, with_neighbours):
    projects, experts, per_group, reserves, group_size = _world(data)
    neighbours = NEIGHBOURS if with_neighbours else {}
    by_id = {p.project_id: p for p in projects}
    experts_by_id = {e.expert_id: e for e in experts}
    try:
        r = draw_experts(projects, experts, per_group, reserves, seed, DAY, max_group_size=group_size,
                         neighbour_fields=neighbours)
    except DomainError:
        event("refused: too few experts")
        short = False
        for _, fld, members in group_projects(projects, group_size):
            eligible = [e for e in experts if e.field in (fld, *neighbours.get(fld, ()))
                        and not any(conflict_reasons(e, p, DAY) for p in members)]
            short = short or len(eligible) < per_group
        assert short
        return
    event("drawn")
    assert sorted(p for g in r.groups for p in g.project_ids) == sorted(by_id)
    for g in r.groups:
        drawn = g.expert_ids + g.reserve_ids
        assert len(g.expert_ids) == per_group and len(set(drawn)) == len(drawn)
        for eid in drawn:
            e = experts_by_id[eid]
            assert e.field == g.field or e.field in neighbours.get(g.field, ())
            for pid in g.project_ids:
                assert conflict_reasons(e, by_id[pid], DAY) == []
        # the record accounts for every expert of the field
        a = next(a for a in r.audit if a.group_id == g.group_id)
        assert len(a.lots) + len(a.suspended) + len(a.conflicted) + a.other_field_count == len(experts)
        # a neighbouring field's expert is drawn only when the own field has no eligible expert left
        own_eligible = {t.expert_id for t in a.lots if t.tier == 0}
        if any(experts_by_id[eid].field != g.field for eid in g.expert_ids):
            assert own_eligible <= set(g.expert_ids)


@st.composite
def conflict_free_world(draw, per_group):
    """Experts whose units and persons never meet the projects'; all active, no declarations; at least
    ``per_group`` experts in every field that has projects."""
    project_fields = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=60))
    expert_fields = [f for f in FIELDS for _ in range(draw(st.integers(per_group, per_group + 12)))]
    projects = [ProjectForReview(i, f, i % 50, 500 + i) for i, f in enumerate(project_fields)]
    experts = [ExpertCandidate(i, 10_000 + i, 1000 + i % 7, f) for i, f in enumerate(expert_fields)]
    return projects, experts


@SETTINGS
@given(st.data(), st.integers(0, 3), st.integers(1, 10), seeds)
def test_loads_are_balanced_when_everyone_is_eligible(data, reserves, group_size, seed):
    per_group = data.draw(st.integers(1, 6))
    projects, experts = data.draw(conflict_free_world(per_group))
    fields_used = {p.field for p in projects}
    r = draw_experts(projects, experts, per_group, reserves, seed, DAY, max_group_size=group_size)
    loads = r.panel_loads()
    by_field = defaultdict(list)
    for e in experts:
        by_field[e.field].append(loads.get(e.expert_id, 0))
    for f in fields_used:
        assert max(by_field[f]) - min(by_field[f]) <= 1, (f, by_field[f])


@SETTINGS
@given(st.data(), seeds)
def test_the_least_loaded_eligible_experts_are_drawn_first_even_with_conflicts(data, seed):
    """Property 2b, checked from the inputs (eligibility by conflict_reasons, loads by replaying the
    groups), not from the record's lots."""
    projects, experts, per_group, reserves, group_size = _world(data)
    try:
        r = draw_experts(projects, experts, per_group, reserves, seed, DAY, max_group_size=group_size)
    except DomainError:
        return
    by_id = {p.project_id: p for p in projects}
    panel_load: Counter = Counter()
    reserve_load: Counter = Counter()
    contested = 0
    for g in r.groups:
        members = [by_id[pid] for pid in g.project_ids]
        eligible = {e.expert_id for e in experts if e.field == g.field and e.active
                    and not any(conflict_reasons(e, p, DAY) for p in members)}
        panel, reserve = set(g.expert_ids), set(g.reserve_ids)
        assert panel | reserve <= eligible
        left_out = eligible - panel
        for m in panel:
            for x in left_out:
                assert panel_load[m] <= panel_load[x], (g.group_id, m, x, panel_load[m], panel_load[x])
        for m in reserve:
            for x in left_out - reserve:
                assert (reserve_load[m], panel_load[m]) <= (reserve_load[x], panel_load[x]), (g.group_id, m, x)
        contested += bool(left_out) and len(eligible) < sum(1 for e in experts if e.field == g.field)
        panel_load.update(panel)
        reserve_load.update(reserve)
    event("a group with conflicts and experts left out" if contested else "no contested group")


def _shuffled(items, rnd):
    items = list(items)
    rnd.shuffle(items)
    return items


@SETTINGS
@given(st.data(), seeds, st.integers(0, 2**32))
def test_same_seed_same_draw_whatever_the_input_order(data, seed, shuffle_seed):
    rnd = random.Random(shuffle_seed)
    projects, experts, per_group, reserves, group_size = _world(data)
    try:
        r1 = draw_experts(projects, experts, per_group, reserves, seed, DAY, max_group_size=group_size)
    except DomainError as exc:
        r1 = str(exc)
    shuffled_projects = [ProjectForReview(p.project_id, p.field, p.unit_id, p.leader_id,
                                          tuple(_shuffled(p.team, rnd)), leader_unit_id=p.leader_unit_id,
                                          unit_names=tuple(_shuffled(p.unit_names, rnd)))
                         for p in _shuffled(projects, rnd)]
    shuffled_experts = [ExpertCandidate(e.expert_id, e.person_id, e.unit_id, e.field, e.active,
                                        tuple(_shuffled(e.declared, rnd)), workplace=e.workplace)
                        for e in _shuffled(experts, rnd)]
    for ps, es in ((projects, experts), (shuffled_projects, shuffled_experts)):
        try:
            r2 = draw_experts(ps, es, per_group, reserves, seed, DAY, max_group_size=group_size)
        except DomainError as exc:
            assert str(exc) == r1
            continue
        assert not isinstance(r1, str)
        assert r2.groups == r1.groups
        assert r2.audit == r1.audit
        assert r2.inputs_digest == r1.inputs_digest


@SETTINGS
@given(st.data(), seeds)
def test_replacements_never_seat_a_conflicted_expert(data, seed):
    projects, experts, per_group, reserves, group_size = _world(data)
    try:
        r = draw_experts(projects, experts, per_group, reserves, seed, DAY, max_group_size=group_size)
    except DomainError:
        return
    by_id = {p.project_id: p for p in projects}
    experts_by_id = {e.expert_id: e for e in experts}
    g = data.draw(st.sampled_from(r.groups))
    for _ in range(data.draw(st.integers(1, 4))):
        declined = data.draw(st.sampled_from(r.panel(g.group_id)))
        try:
            replace_expert(r, g.group_id, declined, "无法参会",
                           from_pool=data.draw(st.booleans()))
        except DomainError:
            break
    panel = r.panel(g.group_id)
    assert len(set(panel)) == per_group
    for eid in panel:
        assert experts_by_id[eid].field == g.field
        assert all(conflict_reasons(experts_by_id[eid], by_id[pid], DAY) == [] for pid in g.project_ids)


def test_different_seeds_give_different_draws():
    panels = {draw_experts([project(1)], pool(30), 5, 2, seed, DAY).groups[0].expert_ids
              for seed in range(20)}
    assert len(panels) >= 19   # C(30,5) = 142,506 possible panels


def test_every_expert_has_the_same_chance():
    """Over 400 seeds each of 10 experts should sit on a 5-seat panel about half the time."""
    counts = Counter()
    for seed in range(400):
        counts.update(draw_experts([project(1)], pool(10), 5, 0, f"s{seed}", DAY).groups[0].expert_ids)
    assert sorted(counts) == list(range(1, 11))
    assert all(150 <= c <= 250 for c in counts.values()), counts


def test_an_expert_drawn_elsewhere_is_used_only_when_needed():
    """Three groups of one field, 12 experts, 4 per panel: every expert sits exactly once."""
    projects = [project(i) for i in range(1, 4)]
    r = draw_experts(projects, pool(12), 4, 0, "x", DAY, max_group_size=1)
    assert sorted(r.panel_loads().values()) == [1] * 12
