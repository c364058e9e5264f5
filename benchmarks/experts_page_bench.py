"""Benchmark of the 专家库 page (ui/review/experts_page.py): from opening the page to the filled list, against
the service call alone (services.review.list_experts).

Builds a temporary database with ``--experts`` experts (9 fields, a third from outside 单位库 with a typed
work unit) and one call whose applications were drawn, so that every expert has review tasks to count;
opens the page offscreen and prints the seconds (best of ``--repeat``). docs/performance.md has the
figures before and after the list stopped reading a history per expert. A benchmark, not a test: exit code 0.

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/experts_page_bench.py --experts 60
    QT_QPA_PLATFORM=offscreen uv run python benchmarks/experts_page_bench.py --experts 1000
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

N_PROJECTS, N_UNITS = 200, 60


def build(ctx, n_experts: int) -> None:  # type: ignore[no-untyped-def]
    from sti_desk.db.tables import CallRow, ExpertRow, PersonRow, ProjectRow, UnitRow
    from sti_desk.domain.entities import FIELDS

    with ctx.db.uow("bench") as uow:
        s = uow.session
        unit_rows = [UnitRow(name=f"县内单位{i:03d}", credit_code=f"POOL{i:014d}") for i in range(N_UNITS)]
        call = CallRow(code="2026-BENCH", name="专家库基准批次", year=2026, category="key_rd")
        s.add_all([*unit_rows, call])
        s.flush()
        units = [u.id for u in unit_rows]
        people = [{"name": f"负责人{i}", "id_number": f"P{i:017d}", "unit_id": units[i % N_UNITS]}
                  for i in range(N_PROJECTS)]
        people += [{"name": f"专家{i}", "id_number": f"E{i:017d}", "title": "教授",
                    "unit_id": None if i % 3 == 0 else units[(i * 7) % N_UNITS],
                    **({"workplace": f"外县大学{i % 20}"} if i % 3 == 0 else {})} for i in range(n_experts)]
        s.execute(insert(PersonRow), people)
        pids = list(s.scalars(select(PersonRow.id).order_by(PersonRow.id)))
        fields = FIELDS[:3] if n_experts < 100 else FIELDS
        s.execute(insert(ProjectRow), [{
            "code": f"2026-BENCH-{i + 1:04d}", "call_id": call.id, "unit_id": units[i % N_UNITS], "leader_id": pids[i],
            "title": f"项目{i + 1}", "field": fields[i % len(fields)], "requested_fen": 50_000_000, "state": "review"}
            for i in range(N_PROJECTS if n_experts >= 100 else 30)])
        s.execute(insert(ExpertRow), [{"person_id": pids[N_PROJECTS + i], "field": fields[i % len(fields)],
                                       "specialty": "方向"} for i in range(n_experts)])
        uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sti-experts-bench-"))
    os.environ["STI_DESK_HOME"] = str(tmp)
    os.environ["STI_DESK_SETTINGS"] = str(tmp / "settings.ini")

    from PySide6.QtCore import QElapsedTimer

    from sti_desk.bootstrap import open_app
    from sti_desk.domain.permissions import Role
    from sti_desk.ui.app import create_application
    from sti_desk.ui.review.experts_page import ExpertPoolPage

    app = create_application([])
    ctx = open_app(tmp / "bench.db", backup_daily=False)
    ctx.services.auth.bootstrap_admin("admin", "admin12345")
    admin = ctx.services.auth.login("admin", "admin12345")
    ctx.services.auth.create_user(admin, "clerk", "测试经办", Role.CLERK, "clerk1234")
    build(ctx, args.experts)
    clerk = ctx.services.auth.login("clerk", "clerk1234")
    ctx.services.review.draw(clerk, "2026-BENCH", per_group=3 if args.experts < 100 else 5, reserves=1, seed=1,
                             today=date(2026, 9, 1))

    service, page_times = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        experts = ctx.services.review.list_experts(clerk)
        service.append(time.perf_counter() - t)
        timer = QElapsedTimer()
        timer.start()
        page = ExpertPoolPage(ctx.services, clerk)
        page.resize(1366, 700)
        page.show()
        while not page.load_handle.done:
            app.processEvents()
        app.processEvents()
        page_times.append(timer.elapsed() / 1000)
        assert page.model.rowCount() == len(experts) == args.experts
        page.shutdown()
        page.deleteLater()
        app.processEvents()
    print(f"{args.experts} 位专家：list_experts {min(service):.3f} s；专家库页面（打开到列表填好）"
          f"{min(page_times):.3f} s（{args.repeat} 次中最快）")


if __name__ == "__main__":
    main()
