"""Benchmark of the expert review THROUGH THE SERVICES on a temporary SQLite file (专家评审·服务层).

Builds 1,000 applications in 专家评审 (8 fields, teams of 2–6 from 300 units) and a pool of 500 experts
(10 % with a declared conflict, 3 % suspended), then times
  1. ``services.review.draw``: load the pool and the applications, draw 5 + 2 reserves per group of
     ≤ 15 projects, write the round, groups, ~5,000 assignments (each audited) and the draw record;
  2. filling every score sheet (bulk SQL, not timed: the experts' work) and ``close_round``;
  3. ``services.review.results``: read every sheet and mark, aggregate (trimmed mean), rank, explain;
     and the same with the z-score view; and ``review_summary``.
Prints the seconds against a ~1 s target each and, with ``--write-docs``, writes them into
docs/performance.md under “## 专家评审（review_bench）”. A benchmark, not a test: exit code 0.

    uv run python benchmarks/review_db_bench.py [--seed N] [--write-docs]
"""
from __future__ import annotations

import argparse
import platform
import random
import re
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update

from sti_desk.bootstrap import open_app
from sti_desk.db.tables import (CallRow, ExpertConflictRow, ExpertRow, PersonRow, ProjectRow, ReviewAssignmentRow,
                                ReviewMarkRow, TeamMemberRow, UnitRow)
from sti_desk.domain.entities import FIELDS
from sti_desk.domain.review import default_rubric, total

TARGET = 1.0
N_PROJECTS, N_EXPERTS, N_UNITS = 1000, 500, 300
DAY = date(2026, 9, 1)
DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
SECTION = "## 专家评审（review_bench）"
SUB = "### 通过服务层与 SQLite（review_db_bench）"


def build(ctx, seed: int) -> str:
    rnd = random.Random(seed)
    with ctx.db.uow("bench") as uow:
        s = uow.session
        s.execute(insert(UnitRow), [{"name": f"单位{i:03d}", "credit_code": f"BENCH{i:013d}"} for i in range(N_UNITS)])
        units = list(s.scalars(select(UnitRow.id)))
        call = CallRow(code="2026-BENCH", name="基准测试批次", year=2026, category="key_rd", experts_per_group=5)
        s.add(call)
        s.flush()
        people = [{"name": f"人员{i}", "id_number": f"P{i:017d}", "unit_id": rnd.choice(units)}
                  for i in range(N_PROJECTS * 5 + N_EXPERTS)]
        s.execute(insert(PersonRow), people)
        pids = list(s.scalars(select(PersonRow.id).order_by(PersonRow.id)))
        unit_of = dict(s.execute(select(PersonRow.id, PersonRow.unit_id)).all())
        s.execute(insert(ProjectRow), [{
            "code": f"2026-BENCH-{i + 1:04d}", "call_id": call.id, "unit_id": unit_of[pids[i]], "leader_id": pids[i],
            "title": f"项目{i + 1}", "field": FIELDS[i % 8], "requested_fen": 50_000_000, "state": "review"}
            for i in range(N_PROJECTS)])
        projects = list(s.scalars(select(ProjectRow.id).order_by(ProjectRow.id)))
        team, nxt = [], N_PROJECTS
        for p in projects:
            for _ in range(rnd.randint(1, 5)):
                person = pids[nxt % (N_PROJECTS * 5)]
                nxt += 1
                team.append({"project_id": p, "person_id": person, "unit_id": unit_of[person], "role": "成员"})
        s.execute(insert(TeamMemberRow), team)
        experts = [{"person_id": pids[N_PROJECTS * 5 + i], "field": FIELDS[i % 9], "active": rnd.random() > 0.03}
                   for i in range(N_EXPERTS)]
        s.execute(insert(ExpertRow), experts)
        eids = list(s.scalars(select(ExpertRow.id)))
        s.execute(insert(ExpertConflictRow), [{"expert_id": e, "unit_id": rnd.choice(units), "reason": "合作"}
                                              for e in rnd.sample(eids, N_EXPERTS // 10)])
        uow.commit()
    return "2026-BENCH"


def fill(ctx, seed: int) -> int:
    """Every assignment submitted with random marks (what 500 experts would do), in bulk."""
    rnd = random.Random(seed)
    rubric = default_rubric()
    with ctx.db.uow("bench") as uow:
        ids = list(uow.session.scalars(select(ReviewAssignmentRow.id)))
        marks, totals = [], []
        for a in ids:
            m = {c.code: rnd.randint(c.max_points // 2, c.max_points) for c in rubric.criteria}
            marks += [{"assignment_id": a, "criterion": k, "points_tenths": v * 10} for k, v in m.items()]
            totals.append({"id_": a, "total": str(total(rubric, m))})
        uow.session.execute(insert(ReviewMarkRow), marks)
        conn = uow.session.connection()
        from sqlalchemy import bindparam

        conn.execute(update(ReviewAssignmentRow.__table__).where(ReviewAssignmentRow.__table__.c.id == bindparam("id_"))
                     .values(total=bindparam("total"), status="submitted", locked=True, submitted_at=DAY), totals)
        uow.commit()
    return len(ids)


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def write_docs(lines: list[str]) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# 性能 Performance\n"
    block = SUB + "\n\n" + "\n".join(lines) + "\n"
    if SECTION not in text:
        text = text.rstrip() + f"\n\n{SECTION}\n\n{block}"
    elif SUB in text:
        start = text.index(SUB)
        nxt = re.search(r"\n#{2,3} ", text[start + len(SUB):])
        end = start + len(SUB) + nxt.start() + 1 if nxt else len(text)
        text = text[:start] + block + ("\n" + text[end:] if nxt else "")
    else:
        start = text.index(SECTION) + len(SECTION)
        nxt = re.search(r"\n## ", text[start:])
        end = start + nxt.start() + 1 if nxt else len(text)
        text = text[:end].rstrip() + "\n\n" + block + ("\n" + text[end:] if nxt else "")
    DOC.write_text(text.rstrip() + "\n", encoding="utf-8")


def run_once(seed: int) -> dict:
    """One full pass on a fresh temporary database; the timings in seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_app(Path(tmp) / "bench.db")
        try:
            ctx.services.auth.bootstrap_admin("admin", "admin123")
            admin = ctx.services.auth.login("admin", "admin123")
            call, t_build = timed(lambda: build(ctx, seed))
            review = ctx.services.review
            drawn, t_draw = timed(lambda: review.draw(admin, call, seed=seed, today=DAY))
            n, t_fill = timed(lambda: fill(ctx, seed))
            _, t_close = timed(lambda: review.close_round(admin, call))
            res, t_results = timed(lambda: review.results(admin, call))
            _, t_z = timed(lambda: review.results(admin, call, with_z=True))
            _, t_summary = timed(lambda: review.review_summary(admin, call))
            _, t_record = timed(lambda: review.draw_record(admin, call))
        finally:
            ctx.close()
    return {"build": t_build, "draw": t_draw, "fill": t_fill, "close": t_close, "results": t_results, "z": t_z,
            "summary": t_summary, "record": t_record, "drawn": drawn, "n": n, "res": res}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="full passes on fresh databases; the best time is shown")
    args = ap.parse_args()
    runs = [run_once(args.seed) for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], float)}
    t_build, t_fill = best["build"], best["fill"]
    t_draw, t_close, t_results, t_z, t_summary, t_record = (best[k] for k in ("draw", "close", "results", "z",
                                                                               "summary", "record"))
    drawn, n, res = runs[0]["drawn"], runs[0]["n"], runs[0]["res"]
    verdict = lambda t: "PASS" if t <= TARGET * 1.5 else "SLOW"  # noqa: E731 - "about a second"
    rows = [
        ("抽取 draw（读取专家库与申报、抽取、写入评审组/任务/抽取记录，含审计）", t_draw, verdict(t_draw)),
        ("结束评审 close_round", t_close, verdict(t_close)),
        ("汇总排序 results（读取全部评分、去高去低平均、排序、说明）", t_results, verdict(t_results)),
        ("汇总排序 + z 分数 results(with_z=True)", t_z, verdict(t_z)),
        ("汇总表数据 review_summary", t_summary, verdict(t_summary)),
        ("抽取记录 draw_record", t_record, verdict(t_record)),
    ]
    print(f"（{args.repeat} 次运行取最短）数据：{N_PROJECTS} 个申报、{N_EXPERTS} 位专家、{len(drawn.groups)} 个评审组、{n} 份评分表；"
          f"准备数据 {t_build:.2f} s，批量填分 {t_fill:.2f} s（不计入）")
    for label, t, v in rows:
        print(f"{label}：{t:.2f} s  {v}")
    print(f"排名第一：{res.rows[0].project.code} {res.rows[0].score}")
    if args.write_docs:
        lines = [f"`uv run python benchmarks/review_db_bench.py --write-docs`（{platform.python_implementation()} "
                 f"{platform.python_version()}，{platform.machine()}，临时 SQLite 文件，WAL）。"
                 f"{N_PROJECTS} 个处于专家评审阶段的申报（8 个领域、团队 2–6 人、300 家单位），{N_EXPERTS} 位专家"
                 f"（10% 有声明回避、3% 暂停）；每组 5 位评审专家 + 2 位备选，{len(drawn.groups)} 个评审组、"
                 f"{n} 份评分表。每项取 {args.repeat} 次完整运行（各用新数据库）中的最短时间。目标：各约 1 秒。", "", "| 操作 | 秒 | 结论 |", "|---|---:|---|"]
        lines += [f"| {label} | {t:.2f} | {v} |" for label, t, v in rows]
        write_docs(lines)
        print(f"已写入 {DOC}")


if __name__ == "__main__":
    main()
