"""形式审查 (screening) use cases: run the automatic checks for a call, store the results, record the
clerk's decision and move the project on.

Inputs are loaded in a few queries per call: the call's projects in 申报/形式审查 with budget lines and
team, units and persons, the active dishonesty bars (credit records whose ``bar_until`` is today or
later), the leaders' active projects (立项/实施/验收), and every open application (申报 … 拟立项, any call)
for the duplicate and similar-title checks.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from ..db.tables import (BudgetLineRow, CallRow, CreditRecordRow, PersonRow, ProjectRow, ScreeningRow, TeamMemberRow,
                         UnitRow)
from ..db.tables.base import now
from ..db.uow import UnitOfWork
from ..domain.entities import BudgetLine, Person, Project, TeamMember
from ..domain.errors import ValidationError
from ..domain.lifecycle import ACTIVE_STATES, OPEN_APPLICATION_STATES, ProjectState
from ..domain.money import Money
from ..domain.screening import CheckResult, CreditBar, OtherApplication, ScreeningInput, run_screening
from .calls import call_from_row
from .intake_types import CheckLine, ScreeningOutcome
from .policy import params_on
from .units import unit_from_row
from .user_names import display_names

SCREENABLE = (ProjectState.APPLIED.value, ProjectState.SCREENING.value)


def call_by_code(uow: UnitOfWork, code: str) -> CallRow:
    row = uow.session.scalar(select(CallRow).where(CallRow.code == code.strip()))
    if row is None:
        known = "、".join(uow.session.scalars(select(CallRow.code).order_by(CallRow.code))) or "无"
        raise ValidationError(f"申报批次“{code}”不存在（已有批次：{known}）")
    return row


def check_line(r: CheckResult) -> CheckLine:
    return CheckLine(r.code, r.name, r.status_label, r.passed, r.blocks, r.message, r.rule)


def lines_json(results: tuple[CheckResult, ...]) -> str:
    return json.dumps([{"code": r.code, "name": r.name, "status": r.status_label, "passed": r.passed,
                        "blocks": r.blocks, "message": r.message, "rule": r.rule, "severity": r.severity.value,
                        "applicable": r.applicable} for r in results], ensure_ascii=False)


def lines_from_json(text: str) -> tuple[CheckLine, ...]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(CheckLine(d.get("code", ""), d.get("name", ""), d.get("status", ""), bool(d.get("passed")),
                           bool(d.get("blocks")), d.get("message", ""), d.get("rule", "")) for d in data)


def _person(r: PersonRow) -> Person:
    return Person(name=r.name, id_number=r.id_number, unit_id=r.unit_id, title=r.title, phone=r.phone,
                  credit_level=r.credit_level, id=r.id, version=r.version)


def _project(r: ProjectRow, lines: list[BudgetLineRow], team: list[TeamMemberRow]) -> Project:
    return Project(call_id=r.call_id, unit_id=r.unit_id, leader_id=r.leader_id, title=r.title, field=r.field,
                   start_date=r.start_date, end_date=r.end_date, requested=Money(r.requested_fen),
                   self_raised=Money(r.self_raised_fen), approved=Money(r.approved_fen),
                   lump_sum_pledge=r.lump_sum_pledge, summary=r.summary, code=r.code, state=ProjectState(r.state),
                   budget_lines=[BudgetLine(b.subject, Money(b.fiscal_fen), Money(b.self_raised_fen), b.basis)
                                 for b in lines],
                   team=[TeamMember(m.person_id, m.role, m.unit_id) for m in team], id=r.id, version=r.version)


def _bars(uow: UnitOfWork, today: date) -> list[CreditBar]:
    rows = uow.session.execute(select(CreditRecordRow).where(CreditRecordRow.bar_until.is_not(None),
                                                             CreditRecordRow.bar_until >= today)).scalars().all()
    unit_ids = {r.subject_id for r in rows if r.subject_kind == "unit"}
    person_ids = {r.subject_id for r in rows if r.subject_kind == "person"}
    names = {("unit", i): n for i, n in uow.session.execute(select(UnitRow.id, UnitRow.name)
                                                            .where(UnitRow.id.in_(unit_ids)))}
    names |= {("person", i): n for i, n in uow.session.execute(select(PersonRow.id, PersonRow.name)
                                                               .where(PersonRow.id.in_(person_ids)))}
    return [CreditBar(r.subject_kind, r.subject_id, names.get((r.subject_kind, r.subject_id), ""), r.reason,
                      r.bar_until, r.effective) for r in rows]


def _open_applications(uow: UnitOfWork) -> list[OtherApplication]:
    stmt = (select(ProjectRow.id, CallRow.code, CallRow.name, ProjectRow.unit_id, ProjectRow.leader_id,
                   ProjectRow.title, ProjectRow.state, UnitRow.name, PersonRow.name)
            .join(CallRow, CallRow.id == ProjectRow.call_id).join(UnitRow, UnitRow.id == ProjectRow.unit_id)
            .join(PersonRow, PersonRow.id == ProjectRow.leader_id)
            .where(ProjectRow.state.in_([s.value for s in OPEN_APPLICATION_STATES])))
    return [OtherApplication(*r) for r in uow.session.execute(stmt)]


def _active_by_leader(uow: UnitOfWork, leader_ids: set[int]) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    stmt = (select(ProjectRow.leader_id, ProjectRow.code, ProjectRow.title)
            .where(ProjectRow.state.in_([s.value for s in ACTIVE_STATES]), ProjectRow.leader_id.in_(leader_ids))
            .order_by(ProjectRow.code))
    for leader, code, title in uow.session.execute(stmt):
        out[leader].append((code, title))
    return out


def _children(uow: UnitOfWork, model: type, ids: list[int]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for r in uow.session.scalars(select(model).where(model.project_id.in_(ids)).order_by(model.id)):
        out[r.project_id].append(r)
    return out


def run_call_screening(uow: UnitOfWork, call_code: str, today: date,
                       states: tuple[str, ...] = SCREENABLE) -> list[int]:
    """Screen every project of the call in 申报/形式审查 (or ``states``); store one ScreeningRow each (a
    re-run replaces a result still awaiting the clerk's decision). Returns the project ids."""
    call_row = call_by_code(uow, call_code)
    call = call_from_row(call_row)
    policy = params_on(uow, call.opens or today)
    projects = list(uow.session.scalars(select(ProjectRow).where(ProjectRow.call_id == call_row.id,
                                                                 ProjectRow.state.in_(states))
                                        .order_by(ProjectRow.code)))
    if not projects:
        return []
    ids = [p.id for p in projects]
    lines, team = _children(uow, BudgetLineRow, ids), _children(uow, TeamMemberRow, ids)
    units = {u.id: unit_from_row(u) for u in uow.session.scalars(
        select(UnitRow).where(UnitRow.id.in_({p.unit_id for p in projects})))}
    leaders = {r.id: _person(r) for r in uow.session.scalars(
        select(PersonRow).where(PersonRow.id.in_({p.leader_id for p in projects})))}
    bars, others = _bars(uow, today), _open_applications(uow)
    active = _active_by_leader(uow, set(leaders))
    latest = {s.project_id: s for s in uow.session.scalars(
        select(ScreeningRow).where(ScreeningRow.project_id.in_(ids)).order_by(ScreeningRow.id))}
    for row in projects:
        report = run_screening(ScreeningInput(
            project=_project(row, lines[row.id], team[row.id]), call=call, unit=units.get(row.unit_id),
            leader=leaders.get(row.leader_id), policy=policy, today=today, bars=bars,
            leader_active_projects=[a for a in active.get(row.leader_id, []) if a[0] != row.code],
            other_open_applications=others))
        stored = latest.get(row.id)
        if stored is None or stored.decision != "pending":
            stored = ScreeningRow(project_id=row.id)
            uow.session.add(stored)
        stored.results_json = lines_json(report.results)
        stored.auto_passed = report.passed
        stored.run_at = now()
        stored.decision, stored.decision_note, stored.decided_by, stored.decided_at = "pending", "", "", None
    uow.flush()
    return ids


def outcomes(uow: UnitOfWork, *, call_id: int | None = None, project_ids: list[int] | None = None,
             every_run: bool = False) -> list[ScreeningOutcome]:
    """The latest screening of each project (of a call, or of the given projects), in code order; with
    ``every_run`` every stored screening of each project, newest first (the project detail's history)."""
    stmt = (select(ProjectRow.id, ProjectRow.code, ProjectRow.title, UnitRow.name, PersonRow.name,
                   ProjectRow.state, ProjectRow.version, ProjectRow.requested_fen)
            .join(UnitRow, UnitRow.id == ProjectRow.unit_id).join(PersonRow, PersonRow.id == ProjectRow.leader_id)
            .order_by(ProjectRow.code))
    if call_id is not None:
        stmt = stmt.where(ProjectRow.call_id == call_id)
    if project_ids is not None:
        stmt = stmt.where(ProjectRow.id.in_(project_ids))
    projects = {r[0]: r for r in uow.session.execute(stmt)}
    if not projects:
        return []
    runs: dict[int, list[ScreeningRow]] = defaultdict(list)
    for s in uow.session.scalars(select(ScreeningRow).where(ScreeningRow.project_id.in_(list(projects)))
                                 .order_by(ScreeningRow.id.desc())):
        if every_run or not runs[s.project_id]:
            runs[s.project_id].append(s)
    names = display_names(uow, (s.decided_by for rows in runs.values() for s in rows))
    out = []
    for pid, r in projects.items():
        for s in runs.get(pid, ()):
            out.append(ScreeningOutcome(pid, r[1], r[2], r[3], r[4], ProjectState(r[5]), r[6], s.id, s.run_at,
                                        s.auto_passed, lines_from_json(s.results_json), s.decision,
                                        s.decision_note, names.get(s.decided_by, ""), s.decided_at, Money(r[7]),
                                        s.decided_by))
    return out
