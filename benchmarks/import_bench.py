"""Benchmark: a 50,000-row applications import (parse + check + write to a fresh SQLite file) against the
bare python-calamine read of the same workbook.

    uv run python benchmarks/import_bench.py [--rows 50000] [--repeat 3] [--keep DIR]

The workbook comes from ``excel_parse_bench.write_workbook`` (20 columns: title row, text and real dates,
amounts as numbers and "12.5万元" text, two team members, four budget subject columns), with distinct ID
numbers so that every row is valid. Each import runs in a fresh Python process (a new database file with
its migrations and the call, then ``IntakeService.import_file`` timed alone), which also gives an honest
peak RSS for the import. Reads and imports are interleaved and the best of N is reported, by CPU time,
because wall time on a shared machine includes other people's work. Targets: import ≤ 2.5 × read,
peak RSS ≤ 400 MB.
"""
from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import excel_parse_bench as gen  # noqa: E402 - the io benchmark's workbook generator

from sti_desk.domain.codes import id_number_check_char  # noqa: E402

RATIO_TARGET = 2.5
RSS_TARGET_MB = 400
CALL = ("2025-ZDYF", "2025年度重点研发计划")


def write_workbook(path: Path, rows: int) -> None:
    """The io benchmark's workbook, but every person gets a distinct ID number (the random ones collide,
    and a name differing for the same ID number is a problem that would refuse the whole import)."""
    counter = itertools.count(1)

    def unique_id(_rng: object) -> str:
        n = next(counter)
        born = date(1960, 1, 1) + timedelta(days=n % 14000)
        body = f"330106{born:%Y%m%d}{n // 14000:03d}"
        return body + id_number_check_char(body)
    original, gen.id_number = gen.id_number, unique_id
    try:
        gen.write_workbook(path, rows)
    finally:
        gen.id_number = original


def child(path: Path, db: Path) -> None:
    """One import into a fresh database; prints a JSON line with the timings and the peak RSS."""
    import sti_desk.services.intake_import as intake_import
    from sti_desk.bootstrap import open_app
    from sti_desk.domain.entities import Call
    from sti_desk.domain.money import Money
    from sti_desk.domain.policy import CallCategory

    ctx = open_app(db)
    ctx.services.auth.bootstrap_admin("admin", "bench1234")
    actor = ctx.services.auth.login("admin", "bench1234")
    ctx.services.calls.save_call(actor, Call(CALL[0], CALL[1], 2025, CallCategory.KEY_RD, cap=Money.wan(500)))
    spent: dict[str, float] = {}

    def timed(module: object, name: str, key: str) -> None:
        """Record the wall and CPU time of ``module.name`` under ``key`` (phases of the import)."""
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            w0, c0 = time.perf_counter(), time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                spent[f"{key}_wall"], spent[f"{key}_cpu"] = time.perf_counter() - w0, time.process_time() - c0
        setattr(module, name, wrapper)
    import sti_desk.services.intake as intake_service
    timed(intake_import, "parse_workbook", "parse")        # the Excel layer: read + convert + check cells
    timed(intake_service, "check_file", "check")           # load reference data + plan (after the parse)
    timed(intake_service, "run_import", "write")           # bulk inserts + batch + audit + commit
    w0, c0 = time.perf_counter(), time.process_time()
    summary = ctx.services.intake.import_file(actor, "applications", path)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    ctx.close()
    print(json.dumps({"wall": wall, "cpu": cpu, **spent, "created": summary.created, "written": summary.written,
                      "persons": summary.new_persons, "units": len(summary.new_units),
                      "problems": [str(p) for p in summary.problems[:5]], "db_mb": db.stat().st_size / 1e6,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(path: Path, folder: Path, i: int) -> dict:
    db = folder / f"bench_{i}.db"
    for extra in folder.glob(f"bench_{i}.db*"):
        extra.unlink()
    out = subprocess.run([sys.executable, __file__, "--child", str(path), str(db)], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"import process failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    for extra in folder.glob(f"bench_{i}.db*"):
        extra.unlink()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3, help="interleaved runs of each; the best is reported")
    ap.add_argument("--keep", type=Path, help="keep the workbook in this folder (reused when already there)")
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"applications_import_{args.rows}.xlsx"
        t0 = time.perf_counter()
        reused = args.keep is not None and path.exists()
        if not reused:
            write_workbook(path, args.rows)
        how = "reused" if reused else f"written in {time.perf_counter() - t0:.1f} s"
        print(f"workbook: {args.rows} rows × {len(gen.HEADERS)} columns, {path.stat().st_size / 1e6:.1f} MB, {how}")
        reads, imports = [], []
        for i in range(args.repeat):
            reads.append(gen._timed(lambda: gen.bare_read(path)))
            imports.append(run_child(path, Path(tmp), i))
    wall_read, cpu_read, cells = gen._best(reads)
    best = min(imports, key=lambda r: r["cpu"])
    rss = max(r["rss_mb"] for r in imports)
    ok = best["written"] and best["created"] == args.rows
    ratio_wall, ratio_cpu = best["wall"] / wall_read, best["cpu"] / cpu_read
    print(f"bare calamine read:   {wall_read:.2f} s wall, {cpu_read:.2f} s CPU ({cells} cells)")
    print(f"full import:          {best['wall']:.2f} s wall, {best['cpu']:.2f} s CPU "
          f"({best['created']} projects, {best['persons']} persons, {best['units']} units; "
          f"database {best['db_mb']:.0f} MB)")
    plan_cpu = best["check_cpu"]
    print(f"  parse (io layer):   {best['parse_wall']:.2f} s wall, {best['parse_cpu']:.2f} s CPU "
          f"({best['parse_cpu'] / cpu_read:.2f}× read)")
    print(f"  check against DB:   {best['check_wall']:.2f} s wall, {plan_cpu:.2f} s CPU "
          f"({plan_cpu / cpu_read:.2f}× read)")
    print(f"  write + commit:     {best['write_wall']:.2f} s wall, {best['write_cpu']:.2f} s CPU "
          f"({best['write_cpu'] / cpu_read:.2f}× read)")
    print(f"ratio import / read:  {ratio_wall:.2f}× wall, {ratio_cpu:.2f}× CPU (best of {args.repeat}; "
          f"target ≤ {RATIO_TARGET}×: {'met' if ratio_cpu <= RATIO_TARGET else 'NOT met'})")
    print(f"peak RSS of import:   {rss:.0f} MB (target ≤ {RSS_TARGET_MB} MB: "
          f"{'met' if rss <= RSS_TARGET_MB else 'NOT met'})")
    for p in best["problems"]:
        print("  problem:", p)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
