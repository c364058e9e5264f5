"""Benchmark of the review domain (专家评审): draw and aggregation at county-bureau scale × 10.

Builds 1,000 applications in the 9 fields with teams of 2–8 people from 300 units, and a pool of 500
experts (10 % of them with declared conflicts, 3 % suspended); then times
  1. draw_experts: 5 experts + 2 reserves per group of ≤ 15 projects;
  2. aggregation: 5 marks per project (ExpertMark built from the criteria), aggregate with the
     default trimmed mean, rank, and the z-score panel view;
and prints the seconds with PASS/FAIL against a 1 s target for (1) + (2). A benchmark, not a test:
the exit code is 0 whatever the result.

    uv run python benchmarks/review_bench.py [--seed N]
"""
from __future__ import annotations

import argparse
import random
import time
from datetime import date
from decimal import Decimal

from sti_desk.domain.entities import FIELDS
from sti_desk.domain.review import (
    DeclaredConflict, ExpertCandidate, ExpertMark, ProjectForReview, TeamMemberRef, TieBreak,
    aggregate, default_rubric, draw_experts, normalised_scores, rank,
)

TARGET_SECONDS = 1.0
N_PROJECTS, N_EXPERTS, N_UNITS, N_PERSONS = 1000, 500, 300, 6000
DAY = date(2025, 6, 1)


def build(seed: int) -> tuple[list[ProjectForReview], list[ExpertCandidate]]:
    rnd = random.Random(seed)
    projects = []
    for pid in range(1, N_PROJECTS + 1):
        unit = rnd.randint(1, N_UNITS)
        team = tuple(TeamMemberRef(rnd.randint(1, N_PERSONS), rnd.choice([unit, unit, rnd.randint(1, N_UNITS)]),
                                   f"成员{pid}-{k}") for k in range(rnd.randint(2, 8)))
        projects.append(ProjectForReview(pid, rnd.choice(FIELDS), unit, rnd.randint(1, N_PERSONS), team,
                                         title=f"项目{pid}"))
    experts = []
    for eid in range(1, N_EXPERTS + 1):
        declared: tuple[DeclaredConflict, ...] = ()
        if rnd.random() < 0.10:
            declared = (
                DeclaredConflict("近亲属", project_id=rnd.randint(1, N_PROJECTS)),
                DeclaredConflict("曾任职", unit_id=rnd.randint(1, N_UNITS), expires=date(2026, 1, 1)),
                DeclaredConflict("已过期", person_id=rnd.randint(1, N_PERSONS), expires=date(2024, 1, 1)),
            )
        experts.append(ExpertCandidate(
            eid, N_PERSONS + eid if rnd.random() > 0.02 else rnd.randint(1, N_PERSONS),
            rnd.choice([rnd.randint(1, N_UNITS), 1000 + eid, 1000 + eid]),
            FIELDS[eid % len(FIELDS)], active=rnd.random() > 0.03, declared=declared, name=f"专家{eid}"))
    return projects, experts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    projects, experts = build(args.seed)
    rubric = default_rubric()

    t0 = time.perf_counter()
    result = draw_experts(projects, experts, per_group=5, reserves=2, seed=f"bench-{args.seed}", on=DAY)
    t_draw = time.perf_counter() - t0

    rnd = random.Random(args.seed + 1)
    sheets = []  # (project, expert, criteria) as they would come from the score sheets
    for g in result.groups:
        for pid in g.project_ids:
            for eid in g.expert_ids:
                sheets.append((pid, eid, {c.code: Decimal(rnd.randint(c.max_points // 2, c.max_points))
                                          for c in rubric.criteria}))

    t1 = time.perf_counter()
    marks_by_project: dict[int, list[ExpertMark]] = {}
    for pid, eid, crit in sheets:
        marks_by_project.setdefault(pid, []).append(
            ExpertMark(pid, eid, sum(crit.values(), Decimal(0)), crit))
    scores = [aggregate(ms) for ms in marks_by_project.values()]
    ranked = rank(scores, TieBreak.for_rubric(rubric))
    t_aggregate = time.perf_counter() - t1

    t2 = time.perf_counter()
    panel = normalised_scores(m for ms in marks_by_project.values() for m in ms)
    t_z = time.perf_counter() - t2

    excluded = sum(len(a.conflicted) for a in result.audit)
    loads = result.panel_loads()
    print(f"projects {len(projects)}, experts {len(experts)}, groups {len(result.groups)}, "
          f"recusals recorded {excluded}, warnings {len(result.warnings)}")
    print(f"panel loads: min {min(loads.values())}, max {max(loads.values())}, experts used {len(loads)}")
    print(f"draw_experts        {t_draw:8.3f} s")
    print(f"aggregate+rank      {t_aggregate:8.3f} s  ({len(sheets)} marks, {len(ranked)} ranked, "
          f"{sum(s.disagreement for s in scores)} flagged)")
    print(f"z-scores (optional) {t_z:8.3f} s  ({len(panel.z)} z values)")
    total = t_draw + t_aggregate
    verdict = "PASS" if total <= TARGET_SECONDS else "FAIL"
    print(f"draw + aggregation  {total:8.3f} s  target {TARGET_SECONDS:.1f} s  {verdict}")


if __name__ == "__main__":
    main()
