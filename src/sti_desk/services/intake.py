"""Intake (申报受理): Excel templates, imports, 形式审查 and list exports — the service a GUI wizard and the
CLI share.

Every method takes the acting user, checks the permission, and returns plain dataclasses
(:mod:`sti_desk.services.intake_types`). Long methods take ``progress(done, total, message)`` and a cancel
token (anything with ``is_set()``), so the GUI can run them on a background thread. The parts live in
``intake_load`` / ``intake_plan*`` / ``intake_write`` / ``intake_import`` (imports), ``intake_screen``
(形式审查) and ``intake_export`` (templates and exports).
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from .. import gc_policy
from ..db.tables import ProjectRow, ScreeningRow
from ..db.tables.base import now
from ..db.uow import Database
from ..domain.errors import NotFound, ValidationError
from ..domain.lifecycle import ProjectState, TransitionFacts
from ..domain.permissions import Permission
from . import intake_export as X
from .actor import Actor
from .intake_import import ReadFile, check_file, read_file, run_import, to_preview
from .intake_load import file_digest, load_fields, previous_imports
from .intake_screen import SCREENABLE, call_by_code, outcomes, run_call_screening
from .intake_types import (PROBLEM_COLUMNS, CellProblem, ExportResult, ImportPreview, ImportSummary, Progress,
                           ScreeningOutcome, no_progress, problem_cells)
from .lifecycle import apply_transition
from .projects import ProjectService

DECISIONS = ("pass", "reject")


class IntakeService:
    def __init__(self, db: Database):
        self.db = db

    # -- templates ---------------------------------------------------------------------------------
    def template(self, actor: Actor, kind: str, out_path: Path, today: date | None = None) -> Path:
        """Write the import template of ``kind`` with drop-downs filled from the database (the call list:
        calls not closed on ``today``)."""
        actor.require(Permission.IMPORT_DATA)
        with self.db.reader(actor.username) as uow:
            return X.write_kind_template(uow, kind, Path(out_path), today or date.today())

    # -- imports -----------------------------------------------------------------------------------
    def preview(self, actor: Actor, kind: str, path: Path, call_code: str | None = None, *,
                create_units: bool = True, progress: Progress | None = None,
                today: date | None = None) -> ImportPreview:
        """Parse and check ``path`` against the database; write nothing."""
        actor.require(Permission.IMPORT_DATA)
        progress = progress or no_progress
        read = self._read(actor, kind, path, progress)
        with gc_policy.paused(), self.db.reader(actor.username) as uow:
            checked = check_file(uow, read, call_code, create_units, progress, today or date.today())
            return to_preview(checked, previous_imports(uow, checked.sha256) if checked.sha256 else [])

    def import_file(self, actor: Actor, kind: str, path: Path, call_code: str | None = None, *,
                    partial: bool = False, dry_run: bool = False, errors_out: Path | None = None,
                    progress: Progress | None = None, cancel: object | None = None, create_units: bool = True,
                    today: date | None = None) -> ImportSummary:
        """Import ``path`` in one transaction.

        All-or-nothing by default: any problem and nothing is written. ``partial=True`` writes the valid
        rows and lists the skipped ones. ``dry_run`` does everything and rolls back. Re-importing the same
        file changes nothing. ``errors_out`` receives a copy of the file with the bad cells marked.
        A set ``cancel`` token ends the run with ``summary.cancelled`` and the database unchanged."""
        actor.require(Permission.IMPORT_DATA)
        started = time.perf_counter()
        progress = progress or no_progress
        read = self._read(actor, kind, path, progress)       # parsed before the write lock is taken
        with gc_policy.paused(), self.db.uow(actor) as uow:
            checked = check_file(uow, read, call_code, create_units, progress, today or date.today())
            summary = run_import(uow, checked, partial=partial, dry_run=dry_run, progress=progress, cancel=cancel,
                                 started=started)
        if errors_out is not None and summary.problems:
            annotated = self._write_problems(Path(path), summary.problems, Path(errors_out),
                                             annotate=checked.parsed is not None)
            summary = replace(summary, errors_file=Path(errors_out), errors_annotated=annotated)
        return summary

    def write_problems(self, actor: Actor, path: Path, summary: ImportSummary, out: Path) -> ImportSummary:
        """After an import: write what ``errors_out`` would have received (``--partial --errors``) for
        ``summary``'s problems — the annotated copy of ``path``, or the plain problem list when the file
        could not be read as a workbook — and return the summary with ``errors_file`` set.

        Refused when ``path`` changed since the import (its rows would no longer match the problems)."""
        actor.require(Permission.IMPORT_DATA)
        if not summary.problems:
            raise ValidationError("这次导入没有发现问题，没有需要导出的行。")
        try:
            digest = file_digest(Path(path))
        except OSError:
            raise ValidationError(f"找不到导入的文件：{path}") from None
        if summary.sha256 and digest != summary.sha256:
            raise ValidationError(f"文件“{Path(path).name}”在导入后已被修改，问题所在的行号可能已经对不上；"
                                  "请重新导入该文件后再导出。")
        # problems with a row number come from a parsed sheet; only file-level ones: the file may be unreadable
        annotated = self._write_problems(Path(path), summary.problems, Path(out),
                                         annotate=any(p.row for p in summary.problems))
        return replace(summary, errors_file=Path(out), errors_annotated=annotated)

    @staticmethod
    def _write_problems(path: Path, problems: list[CellProblem], out: Path, *, annotate: bool) -> bool:
        if annotate:
            X.annotate(path, problems, out)
        else:  # not a readable workbook (encrypted, corrupt, not Excel): nothing to mark, so a plain list
            X.export_table(out, "导入问题清单", list(PROBLEM_COLUMNS), [problem_cells(p) for p in problems])
        return annotate

    def _read(self, actor: Actor, kind: str, path: Path, progress: Progress) -> ReadFile:
        with self.db.reader(actor.username) as uow:
            fields = load_fields(uow)
        return read_file(kind, Path(path), fields, progress)

    # -- 形式审查 -----------------------------------------------------------------------------------
    def screen(self, actor: Actor, call_code: str, today: date | None = None) -> list[ScreeningOutcome]:
        """Run the automatic checks for every project of the call in 申报/形式审查 and store the results."""
        actor.require(Permission.SCREEN)
        today = today or date.today()
        with self.db.uow(actor) as uow:
            ids = run_call_screening(uow, call_code, today)
            result = outcomes(uow, project_ids=ids) if ids else []
            uow.commit()
            return result

    def screening_results(self, actor: Actor, call_code: str) -> list[ScreeningOutcome]:
        """The latest screening of every project of the call (any state), for a page or an export."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return outcomes(uow, call_id=call_by_code(uow, call_code).id)

    def project_screenings(self, actor: Actor, project_id: int) -> list[ScreeningOutcome]:
        """Every screening of one project, newest first: the run whose result counts, then earlier runs
        (a run the clerk has decided on is kept when the checks are run again)."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            uow.get(ProjectRow, project_id, "项目")
            return outcomes(uow, project_ids=[project_id], every_run=True)

    def find_project(self, actor: Actor, code: str) -> tuple[int, int]:
        """(id, version) of the project with this code (for the CLI and search boxes)."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            row = uow.session.execute(select(ProjectRow.id, ProjectRow.version)
                                      .where(ProjectRow.code == code.strip())).first()
            if row is None:
                raise NotFound(f"项目编号“{code}”不存在")
            return int(row[0]), int(row[1])

    def decide(self, actor: Actor, project_id: int, decision: str, note: str = "",
               expected_version: int | None = None, today: date | None = None) -> ScreeningOutcome:
        """The clerk's 形式审查 decision: ``pass`` → 专家评审, ``reject`` → 不予立项 (a note is required).

        Passing over failed automatic checks also needs a note. A project still in 申报 is first moved
        to 形式审查."""
        actor.require(Permission.SCREEN)
        if decision not in DECISIONS:
            raise ValidationError(f"审查决定只能是 pass（通过）或 reject（不通过），而不是“{decision}”")
        note = (note or "").strip()
        today = today or date.today()
        with self.db.uow(actor) as uow:
            row: ProjectRow = uow.get(ProjectRow, project_id, "项目")
            uow.check_version(row, expected_version, f"项目“{row.title}”")
            if row.state not in SCREENABLE:
                raise ValidationError(f"项目 {row.code} 处于“{ProjectState(row.state).label}”阶段，不在形式审查中")
            screening = uow.session.scalar(select(ScreeningRow).where(ScreeningRow.project_id == row.id)
                                           .order_by(ScreeningRow.id.desc()).limit(1))
            if screening is None or screening.decision != "pending":
                raise ValidationError(f"项目 {row.code} 尚未运行本轮形式审查，请先运行自动检查")
            if decision == "reject" and not note:
                raise ValidationError("形式审查不通过必须填写理由", field="note")
            if decision == "pass" and not screening.auto_passed and not note:
                raise ValidationError("自动检查有未通过的项目，仍决定通过须填写说明", field="note")
            if row.state == ProjectState.APPLIED.value:
                apply_transition(uow, row, ProjectState.SCREENING, ProjectService.facts(uow, row, today, note))
            screening.decision, screening.decision_note = decision, note
            screening.decided_by, screening.decided_at = actor.username, now()
            if decision == "pass":
                facts = TransitionFacts(today=today, reason=note, screening_passed=True)
                apply_transition(uow, row, ProjectState.REVIEW, facts)
            else:
                apply_transition(uow, row, ProjectState.REJECTED, TransitionFacts(today=today, reason=note))
            uow.flush()
            result = outcomes(uow, project_ids=[row.id])
            uow.commit()
            return result[0]

    # -- exports -----------------------------------------------------------------------------------
    def export_projects(self, actor: Actor, out_path: Path, call_code: str | None = None) -> ExportResult:
        actor.require(Permission.EXPORT_DATA)
        with self.db.reader(actor.username) as uow:
            return X.export_projects(uow, Path(out_path), call_code)

    def export_units(self, actor: Actor, out_path: Path) -> ExportResult:
        actor.require(Permission.EXPORT_DATA)
        with self.db.reader(actor.username) as uow:
            return X.export_units(uow, Path(out_path))

    def export_experts(self, actor: Actor, out_path: Path) -> ExportResult:
        actor.require(Permission.EXPORT_DATA)
        with self.db.reader(actor.username) as uow:
            return X.export_experts(uow, Path(out_path))

    def export_screening(self, actor: Actor, call_code: str, out_path: Path) -> ExportResult:
        rows = self.screening_results(actor, call_code)
        actor.require(Permission.EXPORT_DATA)
        return X.export_screening(rows, call_code, Path(out_path))

    def export_rows(self, actor: Actor, title: str, columns: Sequence[str], rows: Sequence[Sequence[object]],
                    out_path: Path) -> ExportResult:
        """Any list a page shows: ``rows`` of display values (str, Decimal 万元, Money, date, int)."""
        actor.require(Permission.EXPORT_DATA)
        return X.export_table(Path(out_path), title, list(columns), rows)

