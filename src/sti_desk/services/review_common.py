"""Shared helpers of the review services: call and round look-ups, the rubric stored on the call,
pool and project data in the shape the review domain reads, and the reviewer's ownership check."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ..db.tables import (CallRow, ExpertConflictRow, ExpertRow, ExpertStatusRow, PersonRow, ProjectRow,
                         ReviewAssignmentRow, ReviewMarkRow, ReviewRoundRow, TeamMemberRow, UnitRow)
from ..db.uow import UnitOfWork
from ..domain.errors import PermissionDenied, ValidationError
from ..domain.permissions import Permission
from ..domain.review import (Criterion, DeclaredConflict, ExpertCandidate, ProjectForReview, Rubric,
                             TeamMemberRef, default_rubric)
from .actor import Actor

OPEN_STATUSES = ("drawing", "scoring")
CONFIDENTIAL = "评审保密"


# -- calls, rounds --------------------------------------------------------------------------
def call_by_code(uow: UnitOfWork, code: str) -> CallRow:
    row = uow.session.scalar(select(CallRow).where(CallRow.code == code.strip()))
    if row is None:
        raise ValidationError(f"申报批次“{code}”不存在")
    return row


def rounds_of(uow: UnitOfWork, call_id: int) -> list[ReviewRoundRow]:
    return list(uow.session.scalars(select(ReviewRoundRow).where(ReviewRoundRow.call_id == call_id)
                                    .order_by(ReviewRoundRow.number)))


def current_round(uow: UnitOfWork, call: CallRow, number: int | None = None) -> ReviewRoundRow:
    """The round asked for, else the latest round of the call."""
    rounds = rounds_of(uow, call.id)
    if number is not None:
        rounds = [r for r in rounds if r.number == number]
    if not rounds:
        which = f"第 {number} 轮" if number is not None else ""
        raise ValidationError(f"申报批次“{call.code}”尚未抽取{which}评审专家")
    return rounds[-1]


def open_round(uow: UnitOfWork, call: CallRow) -> ReviewRoundRow:
    r = current_round(uow, call)
    if r.status not in OPEN_STATUSES:
        raise ValidationError(f"申报批次“{call.code}”第 {r.number} 轮评审已结束，没有进行中的评审")
    return r


def closed_round(uow: UnitOfWork, call: CallRow, number: int | None = None) -> ReviewRoundRow:
    """The latest closed round (or the one asked for, which must be closed): scores are visible."""
    rounds = [r for r in rounds_of(uow, call.id) if number is None or r.number == number]
    closed = [r for r in rounds if r.status == "closed"]
    if not closed:
        if rounds:
            raise ValidationError(f"申报批次“{call.code}”第 {rounds[-1].number} 轮评审尚未结束；"
                                  "评审结束（全部专家提交）后方可查看评分", rule=CONFIDENTIAL)
        raise ValidationError(f"申报批次“{call.code}”尚未组织专家评审")
    return closed[-1]


# -- rubric ---------------------------------------------------------------------------------
def rubric_to_json(rubric: Rubric) -> str:
    return json.dumps({
        "criteria": [{"code": c.code, "name": c.name, "max_points": c.max_points, "weight": str(c.weight)}
                     for c in rubric.criteria],
        "comment_required_below": str(rubric.comment_required_below),
        "recommendations": list(rubric.recommendations),
        "comment_required_for": list(rubric.comment_required_for),
    }, ensure_ascii=False)


def rubric_from_json(text: str) -> Rubric:
    data = json.loads(text)
    return Rubric(tuple(Criterion(c["code"], c["name"], int(c["max_points"]), Decimal(str(c.get("weight", 1))))
                        for c in data["criteria"]),
                  comment_required_below=Decimal(str(data.get("comment_required_below", 60))),
                  recommendations=tuple(data.get("recommendations") or ("优先资助", "资助", "不资助")),
                  comment_required_for=tuple(data.get("comment_required_for", ("不资助",))))


def call_rubric(call: CallRow) -> Rubric:
    return rubric_from_json(call.rubric_json) if (call.rubric_json or "").strip() else default_rubric()


# -- marks ----------------------------------------------------------------------------------
def to_tenths(value: Decimal) -> int:
    scaled = value * 10
    if scaled != scaled.to_integral_value():
        raise ValidationError(f"分数 {value} 最多保留一位小数")
    return int(scaled)


def from_tenths(tenths: int) -> Decimal:
    return Decimal(tenths) / 10


def marks_of(uow: UnitOfWork, assignment_ids: Iterable[int]) -> dict[int, dict[str, Decimal]]:
    ids = list(assignment_ids)
    out: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for aid, code, tenths in uow.session.execute(
                select(ReviewMarkRow.assignment_id, ReviewMarkRow.criterion, ReviewMarkRow.points_tenths)
                .where(ReviewMarkRow.assignment_id.in_(chunk))):
            out[aid][code] = from_tenths(tenths)
    return out


# -- who may see an assignment ----------------------------------------------------------------
def own_assignment(uow: UnitOfWork, actor: Actor, assignment_id: int) -> ReviewAssignmentRow:
    """The reviewer's own assignment. Anything else — another expert's, or one that does not exist —
    is refused the same way, so that ids cannot be probed (评审保密)."""
    actor.require(Permission.SCORE)
    if actor.expert_id is None:
        raise PermissionDenied("当前账号未关联专家库中的专家，不能查看或填写评分", rule=CONFIDENTIAL)
    row = uow.session.get(ReviewAssignmentRow, assignment_id)
    if row is None or row.expert_id != actor.expert_id:
        raise PermissionDenied("无权查看或填写其他专家的评审任务", rule=CONFIDENTIAL)
    return row


def assignment_for_staff(uow: UnitOfWork, actor: Actor, assignment_id: int,
                         permission: Permission = Permission.ORGANISE_REVIEW) -> ReviewAssignmentRow:
    actor.require(permission)
    return uow.get(ReviewAssignmentRow, assignment_id, "评审任务")


# -- names ----------------------------------------------------------------------------------
def expert_refs(uow: UnitOfWork, expert_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """expert id → (name, work unit, phone); the work unit is the registered unit's name, else the typed text."""
    ids = sorted(set(expert_ids))
    out: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows = uow.session.execute(
            select(ExpertRow.id, PersonRow.name, func.coalesce(UnitRow.name, PersonRow.workplace), PersonRow.phone)
            .join(PersonRow, PersonRow.id == ExpertRow.person_id)
            .outerjoin(UnitRow, UnitRow.id == PersonRow.unit_id).where(ExpertRow.id.in_(chunk)))
        for eid, name, unit, phone in rows:
            out[eid] = (name, unit or "", phone or "")
    return out


# -- domain inputs --------------------------------------------------------------------------
def suspended_reasons(uow: UnitOfWork) -> dict[int, str]:
    """expert id → the reason of the latest status change (only meaningful when suspended)."""
    out: dict[int, str] = {}
    for eid, reason in uow.session.execute(select(ExpertStatusRow.expert_id, ExpertStatusRow.reason)
                                           .order_by(ExpertStatusRow.id)):
        out[eid] = reason
    return out


def expert_candidates(uow: UnitOfWork, project_codes: dict[int, str]) -> list[ExpertCandidate]:
    """Every expert of the pool as the draw sees them. Declared conflicts with projects use the project
    code as id (the draw works on codes, so the record is readable); ``project_codes`` maps id → code
    for the projects concerned (declarations about other projects cannot matter and are left out)."""
    declared: dict[int, list[DeclaredConflict]] = defaultdict(list)
    for c in uow.session.scalars(select(ExpertConflictRow).order_by(ExpertConflictRow.id)):
        if c.project_id is not None:
            if c.project_id not in project_codes:
                continue
            d = DeclaredConflict(c.reason, project_id=project_codes[c.project_id], expires=c.expires)
        elif c.unit_id is not None:
            d = DeclaredConflict(c.reason, unit_id=c.unit_id, expires=c.expires)
        else:
            d = DeclaredConflict(c.reason, person_id=c.person_id, expires=c.expires)
        declared[c.expert_id].append(d)
    reasons = suspended_reasons(uow)
    rows = uow.session.execute(select(ExpertRow.id, ExpertRow.person_id, PersonRow.unit_id, ExpertRow.field,
                                      ExpertRow.active, PersonRow.name, PersonRow.workplace)
                               .join(PersonRow, PersonRow.id == ExpertRow.person_id).order_by(ExpertRow.id))
    return [ExpertCandidate(eid, pid, unit, fld, bool(active), tuple(declared.get(eid, ())), name,
                            "" if active else reasons.get(eid, ""), "" if unit is not None else workplace or "")
            for eid, pid, unit, fld, active, name, workplace in rows]


def projects_for_review(uow: UnitOfWork, projects: list[ProjectRow]) -> list[ProjectForReview]:
    """The applications in the shape the draw reads, with the project code as id."""
    ids = [p.id for p in projects]
    team: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    person_ids: set[int] = {p.leader_id for p in projects}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for pid, person, unit in uow.session.execute(
                select(TeamMemberRow.project_id, TeamMemberRow.person_id, TeamMemberRow.unit_id)
                .where(TeamMemberRow.project_id.in_(chunk)).order_by(TeamMemberRow.id)):
            team[pid].append((person, unit))
            person_ids.add(person)
    people: dict[int, tuple[str, int | None]] = {}
    plist = sorted(person_ids)
    for start in range(0, len(plist), 500):
        chunk = plist[start:start + 500]
        for pid, name, unit in uow.session.execute(select(PersonRow.id, PersonRow.name, PersonRow.unit_id)
                                                   .where(PersonRow.id.in_(chunk))):
            people[pid] = (name, unit)
    out = []
    for p in projects:
        leader_name, leader_unit = people.get(p.leader_id, ("", None))
        members = tuple(TeamMemberRef(person, unit if unit is not None else people.get(person, ("", None))[1],
                                      people.get(person, ("", None))[0]) for person, unit in team[p.id])
        out.append(ProjectForReview(p.code, p.field, p.unit_id, p.leader_id, members, p.title, leader_name,
                                    leader_unit if leader_unit not in (None, p.unit_id) else None))
    # the names of the projects' units: an expert known only by a typed work unit is recused by name
    names = unit_names(uow, {u for p in out for u in p.unit_ids()})
    return [replace(p, unit_names=tuple((u, names[u]) for u in sorted(p.unit_ids()) if u in names)) for p in out]


def project_map(uow: UnitOfWork, project_ids: Iterable[int]) -> dict[int, ProjectRow]:
    ids = sorted(set(project_ids))
    out: dict[int, ProjectRow] = {}
    for start in range(0, len(ids), 500):
        for p in uow.session.scalars(select(ProjectRow).where(ProjectRow.id.in_(ids[start:start + 500]))):
            out[p.id] = p
    return out


def unit_names(uow: UnitOfWork, unit_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(unit_ids))
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        for uid, name in uow.session.execute(select(UnitRow.id, UnitRow.name)
                                             .where(UnitRow.id.in_(ids[start:start + 500]))):
            out[uid] = name
    return out


def today_or(today: date | None) -> date:
    return today or date.today()
