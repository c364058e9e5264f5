"""Builders and hypothesis strategies for the review-domain tests."""
from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from sti_desk.domain.review import DeclaredConflict, ExpertCandidate, ProjectForReview, TeamMemberRef

DAY = date(2025, 6, 1)
FIELDS = ("电子信息", "新材料", "生物医药")


def project(pid, field="电子信息", unit=100, leader=1000, team=(), **kw) -> ProjectForReview:
    return ProjectForReview(pid, field, unit, leader, tuple(TeamMemberRef(*m) for m in team), **kw)


def expert(eid, field="电子信息", unit=None, person=None, **kw) -> ExpertCandidate:
    return ExpertCandidate(eid, person if person is not None else 5000 + eid,
                           unit if unit is not None else 9000 + eid, field, **kw)


def pool(n, field="电子信息", start=1) -> list[ExpertCandidate]:
    return [expert(i, field) for i in range(start, start + n)]


_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def unit_name(unit_id: int) -> str:
    """The registered name of a unit of the generated worlds; two ids share each name (same-named units)."""
    return f"青溪第{(unit_id + 1) // 2}研究所 Lab"


def typed_variant(name: str, rnd) -> str:  # type: ignore[no-untyped-def]
    """``name`` as a clerk might type it: spaces (ASCII or ideographic) around, inside and between
    characters, some characters full-width, ASCII letters in the other case."""
    out = []
    for ch in name:
        if rnd.random() < 0.2:
            out.append(rnd.choice([" ", "\u3000", "  "]))
        if rnd.random() < 0.3:
            ch = ch.translate(_FULL_WIDTH)
        out.append(ch.swapcase() if ch.isascii() and rnd.random() < 0.3 else ch)
    return rnd.choice(["", " ", "\u3000"]) + "".join(out) + rnd.choice(["", " ", "\u3000"])


def make_world(n_projects: int, n_experts: int, n_units: int, n_persons: int, world_seed: int,
               fields=FIELDS) -> tuple[list[ProjectForReview], list[ExpertCandidate]]:
    """A random world built from a few numbers (fast to generate, and hypothesis shrinks the
    numbers): few units and persons so that conflicts of every kind are frequent. Projects carry
    their units' names; some experts have no registered unit but a typed work unit (a variant of a
    unit's name, or a unit outside the world)."""
    import random

    rnd = random.Random(world_seed)
    pids = rnd.sample(range(1, 10_000), n_projects)
    projects = []
    for pid in pids:
        team = tuple(TeamMemberRef(rnd.randint(1, n_persons), rnd.choice([None, rnd.randint(1, n_units)]))
                     for _ in range(rnd.randint(0, 4)))
        p = ProjectForReview(pid, rnd.choice(fields), rnd.randint(1, n_units), rnd.randint(1, n_persons), team,
                             leader_unit_id=rnd.choice([None, None, rnd.randint(1, n_units)]))
        names = {u: unit_name(u) for u in sorted(p.unit_ids())}
        projects.append(ProjectForReview(p.project_id, p.field, p.unit_id, p.leader_id, p.team,
                                         leader_unit_id=p.leader_unit_id, unit_names=names))
    experts = []
    for eid in rnd.sample(range(1, 10_000), n_experts):
        declared = []
        for _ in range(rnd.choice([0, 0, 0, 1, 2])):
            expires = rnd.choice([None, date(2025, 5, rnd.randint(1, 31)), date(2025, 6, rnd.randint(1, 30))])
            kind = rnd.randrange(3)
            if kind == 0:
                declared.append(DeclaredConflict("亲属", project_id=rnd.choice(pids), expires=expires))
            elif kind == 1:
                declared.append(DeclaredConflict("曾任职", unit_id=rnd.randint(1, n_units), expires=expires))
            else:
                declared.append(DeclaredConflict("合作者", person_id=rnd.randint(1, n_persons), expires=expires))
        person = rnd.choice([rnd.randint(1, n_persons), 100_000 + eid])
        unit = rnd.choice([None, rnd.randint(1, n_units), 100_000 + eid])
        workplace = ""
        if unit is None and rnd.random() < 0.6:
            workplace = rnd.choice([typed_variant(unit_name(rnd.randint(1, n_units)), rnd), "外县某某大学"])
        experts.append(ExpertCandidate(eid, person, unit, rnd.choice(fields),
                                       active=rnd.random() > 0.1, declared=tuple(declared), workplace=workplace))
    return projects, experts


worlds_st = st.builds(make_world, st.integers(1, 40), st.integers(1, 90), st.integers(1, 40),
                      st.integers(1, 80), st.integers(0, 2**32))
