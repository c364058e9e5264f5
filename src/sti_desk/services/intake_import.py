"""Excel import use cases: preview (nothing written) and import (one transaction, all-or-nothing by default).

Steps: hash the file → parse it with the Excel layer (typed values + every bad cell) → load the reference
data once → plan (match natural keys, database checks) → write new rows in bulk and changed rows through
the ORM → an :class:`ImportBatchRow` and one ``import`` audit entry with the file's SHA-256 → commit.
A cancel, a dry run, or any problem in an all-or-nothing import leaves the database untouched.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..db.tables import ImportBatchRow
from ..db.uow import UnitOfWork
from ..domain.entities import UNIT_TYPE_LABELS
from ..io import excel_values as V
from ..io.excel_specs import ALL_SUBJECTS
from ..io.excel_types import CellProblem, ExcelFileError, ParseResult
from . import intake_load as L
from .intake_plan import PersonBook, Plan, plan_experts, plan_units
from .intake_plan_apps import late_call_notes, plan_applications, plan_expenditures
from .intake_types import KIND_LABELS, ImportPreview, ImportSummary, Progress, SkippedRow, is_cancelled, no_progress
from .intake_write import Cancelled, Writer, write_applications, write_experts, write_expenditures, write_units

KINDS = ("units", "experts", "applications", "expenditures")
NORMS = {"rd_intensity": V.to_percent, "phone": V.to_phone, "contact": V.to_person_name}


def parse_workbook(path: Path, kind: str, **kw: Any) -> ParseResult:
    """The Excel layer's parser, imported when a file is first read (calamine and openpyxl stay off the
    start-up path)."""
    from ..io.excel_parse import parse_workbook as parse

    return parse(path, kind, **kw)


def file_problem(message: str, field: str = "file", value: object = None) -> CellProblem:
    return CellProblem("", 0, "", "", field, value, message)


@dataclass
class Checked:
    """A parsed file checked against the database."""

    kind: str
    path: Path
    sha256: str
    parsed: ParseResult | None
    plan: Plan | None
    problems: list[CellProblem]
    new_units: dict[str, str]
    book: PersonBook | None
    call_code: str | None
    ref: L.Reference | None = None

    @property
    def notes(self) -> list[str]:
        return (self.parsed.notes if self.parsed else []) + (self.plan.notes if self.plan else [])


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"未知的导入类型“{kind}”，可选：{'、'.join(KINDS)}")


def choices(fields: list[str]) -> dict[str, list[str]]:
    return {"field": fields, "unit_type": list(UNIT_TYPE_LABELS.values()), "budget_subject": list(ALL_SUBJECTS)}


@dataclass
class ReadFile:
    """A file hashed and parsed (before any write transaction is opened, so no lock is held meanwhile)."""

    kind: str
    path: Path
    sha256: str
    parsed: ParseResult | None
    problem: CellProblem | None = None


def read_file(kind: str, path: Path, fields: list[str], progress: Progress) -> ReadFile:
    """Hash and parse ``path``; a file that cannot be used at all becomes one file-level problem."""
    check_kind(kind)
    path = Path(path)
    try:
        sha = L.file_digest(path)
    except OSError:
        sha = ""
    progress(0, 0, f"正在读取 {path.name}…")
    try:
        return ReadFile(kind, path, sha, parse_workbook(path, kind, choices=choices(fields)))
    except ExcelFileError as exc:
        return ReadFile(kind, path, sha, None, file_problem(str(exc)))


def check_file(uow: UnitOfWork, read: ReadFile, call_code: str | None, create_units: bool,
               progress: Progress, today: date) -> Checked:
    """Plan the import of a parsed file against the database of ``uow`` (nothing is written)."""
    kind, path, sha, parsed = read.kind, read.path, read.sha256, read.parsed
    if parsed is None:
        return Checked(kind, path, sha, None, None, [read.problem] if read.problem else [], {}, None, call_code)
    if not parsed.rows and not parsed.problems:
        empty = file_problem(f"文件“{path.name}”的{KIND_LABELS[kind]}表表头下面没有数据行，没有可导入的内容")
        return Checked(kind, path, sha, parsed, None, [empty], {}, None, call_code)
    if blocking_sheet_problems(parsed):
        # A missing, doubled or unit-less column (or an unreadable 预算明细 header): the rows' values are
        # defaults, so checking them against the database would only add false problems. Report the file's
        # own problems once and plan nothing.
        return Checked(kind, path, sha, parsed, None, sorted_problems(parsed, parsed.problems), {}, None, call_code)
    ref = L.Reference()
    L.load_calls(uow, ref)
    default = None
    if call_code:
        default = ref.call(call_code)
        if default is None:
            problem = file_problem(f"导入时指定的申报批次“{call_code}”不存在；已有批次：{ref.call_names()}", "call",
                                   call_code)
            return Checked(kind, path, sha, parsed, None, parsed.problems + [problem], {}, None, call_code)
    progress(0, len(parsed.rows), "正在与数据库核对…")
    L.load_units(uow, ref)
    book = None
    new_units: dict[str, str] = {}
    if kind == "units":
        plan = plan_units(parsed.rows, ref, NORMS)
    elif kind == "experts":
        L.load_persons(uow, ref)
        L.load_experts(uow, ref)
        book = PersonBook(ref)
        plan, new_units = plan_experts(parsed.rows, ref, book, NORMS, create_units)
    elif kind == "applications":
        L.load_persons(uow, ref)
        texts = {r.values.get("call") for r in parsed.rows}
        call_ids = {c.id for t in texts if (c := ref.call(t))}
        if default is not None:
            call_ids.add(default.id)
        L.load_projects(uow, ref, call_ids)
        book = PersonBook(ref)
        plan, new_units = plan_applications(parsed.rows, ref, book, default, create_units,
                                            parts=lambda ids: L.project_parts(uow, ids))
    else:
        L.load_project_codes(uow, ref)
        L.load_vouchers(uow, ref)
        plan = plan_expenditures(parsed.rows, ref, today)
    plan.mark_parse_problems(parsed.problems)
    plan.finish()
    if kind == "applications":
        late_call_notes(plan, today)
    return Checked(kind, path, sha, parsed, plan, sorted_problems(parsed, parsed.problems + plan.problems), new_units,
                   book, call_code, ref)


def blocking_sheet_problems(parsed: ParseResult) -> list[CellProblem]:
    """Problems of a whole sheet or column: on a data sheet's header row (the parser reports missing,
    doubled and unit-less columns there, and each of them makes every row unusable) or without a row
    (a sheet whose header was not found)."""
    headers = {(r.sheet, r.layout.header_row) for r in parsed.rows[:1] + parsed.budget_rows[:1]}
    return [p for p in parsed.problems if p.sheet and (p.row == 0 or (p.sheet, p.row) in headers)]


def sorted_problems(parsed: ParseResult, problems: list[CellProblem]) -> list[CellProblem]:
    """Every problem, the parser's and the database check's together, by (sheet, row, column): file-level
    problems first, then the data sheet, then 预算明细 (stable, so a cell's own problems keep their order)."""
    sheets = [""] + [r.sheet for r in parsed.rows[:1] + parsed.budget_rows[:1]] + [p.sheet for p in problems]
    order = {name: i for i, name in enumerate(dict.fromkeys(sheets))}
    return sorted(problems, key=lambda p: (order[p.sheet], p.row, len(p.column), p.column))


def to_preview(c: Checked, previous: list[str]) -> ImportPreview:
    records = c.plan.records() if c.plan else []
    valid = [i for i in c.plan.items if i.status in ("new", "changed")] if c.plan else []
    units = _units_needed(c, valid)
    persons = _persons_needed(c, valid)
    return ImportPreview(c.kind, c.path.name, c.sha256, c.call_code, records, c.problems,
                         [(c.new_units[u], u) for u in units], persons, c.notes, previous)


def _units_needed(c: Checked, items: list[Any]) -> list[str]:
    if c.kind not in ("experts", "applications") or c.plan is None:
        return []
    field = "unit" if c.kind == "experts" else "unit_code"
    known = c.ref.units if c.ref else {}
    return list(dict.fromkeys(u for i in items if (u := i.data.get(field)) and u not in known))


def _persons_needed(c: Checked, items: list[Any]) -> int:
    if c.book is None:
        return 0
    known = c.book.ref.persons
    wanted: set[str] = set()
    for i in items:
        if c.kind == "experts":
            wanted.add(i.key)
        else:
            wanted.add(i.data["leader"])
            wanted.update(i.data["team"])
    return len({w for w in wanted if w and w not in known})


def run_import(uow: UnitOfWork, c: Checked, *, partial: bool, dry_run: bool, progress: Progress | None,
               cancel: object | None, started: float) -> ImportSummary:
    """Write the checked file inside ``uow`` (commits unless dry run, cancel or blocking problems)."""
    progress = progress or no_progress
    base = dict(kind=c.kind, file_name=c.path.name, sha256=c.sha256, problems=c.problems, notes=c.notes,
                dry_run=dry_run, partial=partial)
    if c.plan is None:
        return ImportSummary(written=False, seconds=time.perf_counter() - started, **base)
    plan = c.plan
    skipped = [SkippedRow(i.row.sheet, i.row.row_number, i.label, plan.reasons(i))
               for i in plan.items if i.status == "invalid"]
    counts = {"created": sum(1 for i in plan.items if i.status == "new"),
              "updated": sum(1 for i in plan.items if i.status == "changed"),
              "unchanged": sum(1 for i in plan.items if i.status == "unchanged")}
    if c.problems and not partial:
        return ImportSummary(written=False, skipped=skipped, seconds=time.perf_counter() - started, **base)
    if is_cancelled(cancel):
        return ImportSummary(written=False, cancelled=True, **base)
    items = plan.writable(partial)
    assert c.ref is not None
    w = Writer(uow, c.ref, progress, cancel)
    w.total = sum(1 for i in items if i.status == "new")
    note = f"文件 {c.path.name}（SHA-256 {c.sha256[:12]}…）"
    try:
        if c.kind == "units":
            write_units(w, items)
        elif c.kind == "experts":
            write_experts(w, items, c.new_units)
        elif c.kind == "applications":
            write_applications(w, items, c.new_units, note)
        else:
            write_expenditures(w, items)
        w.check()
        detail = {"file": c.path.name, "sha256": c.sha256, "kind": c.kind, **counts, "skipped": len(skipped),
                  "partial": partial, "new_units": len(w.new_units), "new_persons": w.new_persons,
                  "created_ids": w.created, "skipped_rows": [s.row for s in skipped[:500]]}
        batch = ImportBatchRow(kind=c.kind, filename=c.path.name, sha256=c.sha256, username=uow.actor,
                               counts_json=json.dumps(detail, ensure_ascii=False))
        uow.session.add(batch)
        uow.flush()
        uow.audit("import", "import_batches", str(batch.id), detail)
        w.check()
    except Cancelled:
        return ImportSummary(written=False, cancelled=True, **base)
    finally:
        w.close()
    if not dry_run:
        uow.commit()
    return ImportSummary(written=not dry_run, skipped=skipped, new_units=w.new_units, new_persons=w.new_persons,
                         batch_id=None if dry_run else batch.id, seconds=time.perf_counter() - started,
                         **counts, **base)
