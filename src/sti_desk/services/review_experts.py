"""The expert pool (专家库): search, edit (with the 工作单位), activate/suspend with a reason, declared
conflicts (申报声明回避, P13) and each expert's review history. Adding an expert: :mod:`.review_expert_entry`."""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from ..db.tables import (CallRow, ExpertConflictRow, ExpertRow, ExpertStatusRow, PersonRow, ProjectRow,
                         ReviewAssignmentRow, ReviewGroupRow, ReviewRoundRow, UnitRow)
from ..db.tables.base import now
from ..db.uow import Database
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.phone import phone_refusal
from ..domain.review.conflicts import RULE as RECUSAL_RULE
from .actor import Actor
from .review_common import suspended_reasons
from .review_dto import DeclaredConflictInfo, ExpertHistoryRow, ExpertInfo, ExpertStatusEntry, WorkUnit
from .review_expert_entry import ExpertEntryMixin, apply_work_unit, field_problem, work_unit_problem
from .user_names import display_names

#: assignment statuses that count as the expert's review tasks (评审任务): pending or submitted
TASK_STATUSES = ("assigned", "submitted")


def _info(e: ExpertRow, p: PersonRow, unit: str, reasons: dict[int, str], declared: int, tasks: int) -> ExpertInfo:
    """``unit_name`` is the registered unit's name, else the typed 工作单位."""
    return ExpertInfo(e.id, p.id, p.name, p.unit_id, unit or p.workplace or "", e.field, e.specialty, p.title,
                      p.phone, e.active, "" if e.active else reasons.get(e.id, ""), declared, e.version,
                      p.workplace or "", tasks)


def _task_counts(uow, expert_id: int | None = None) -> Counter:  # type: ignore[no-untyped-def]
    stmt = (select(ReviewAssignmentRow.expert_id, func.count()).where(ReviewAssignmentRow.status.in_(TASK_STATUSES))
            .group_by(ReviewAssignmentRow.expert_id))
    if expert_id is not None:
        stmt = stmt.where(ReviewAssignmentRow.expert_id == expert_id)
    return Counter(dict(uow.session.execute(stmt).all()))


class ExpertPoolMixin(ExpertEntryMixin):      # add_expert (新增专家) comes from ExpertEntryMixin
    db: Database

    def list_experts(self, actor: Actor, search: str = "", field: str | None = None,
                     active: bool | None = None) -> list[ExpertInfo]:
        """Experts whose name, work unit, field or specialty contains ``search`` (专家库查询), each with
        the number of review tasks they were given (one query for all, not one per expert)."""
        actor.require(Permission.EDIT_EXPERTS)
        stmt = (select(ExpertRow, PersonRow, UnitRow.name).join(PersonRow, PersonRow.id == ExpertRow.person_id)
                .outerjoin(UnitRow, UnitRow.id == PersonRow.unit_id).order_by(ExpertRow.id))
        if search.strip():
            like = f"%{search.strip()}%"
            stmt = stmt.where(or_(PersonRow.name.like(like), UnitRow.name.like(like), PersonRow.workplace.like(like),
                                  ExpertRow.field.like(like), ExpertRow.specialty.like(like)))
        if field:
            stmt = stmt.where(ExpertRow.field == field)
        if active is not None:
            stmt = stmt.where(ExpertRow.active == active)
        with self.db.reader(actor.username) as uow:
            reasons = suspended_reasons(uow)
            counts = Counter(uow.session.scalars(select(ExpertConflictRow.expert_id)))
            tasks = _task_counts(uow)
            return [_info(e, p, unit or "", reasons, counts.get(e.id, 0), tasks.get(e.id, 0))
                    for e, p, unit in uow.session.execute(stmt)]

    def get_expert(self, actor: Actor, expert_id: int) -> ExpertInfo:
        actor.require(Permission.EDIT_EXPERTS)
        with self.db.reader(actor.username) as uow:
            e: ExpertRow = uow.get(ExpertRow, expert_id, "专家")
            p = uow.get(PersonRow, e.person_id, "人员")
            unit = uow.session.get(UnitRow, p.unit_id) if p.unit_id else None
            n = len(list(uow.session.scalars(select(ExpertConflictRow.id)
                                             .where(ExpertConflictRow.expert_id == e.id))))
            return _info(e, p, unit.name if unit else "", suspended_reasons(uow), n,
                         _task_counts(uow, e.id).get(e.id, 0))

    def save_expert(self, actor: Actor, expert_id: int, *, field: str, specialty: str = "", title: str | None = None,
                    phone: str | None = None, expected_version: int | None = None,
                    work_unit: WorkUnit | None = None) -> None:
        """Edit an expert's field and specialty (and the person's title, phone and, when ``work_unit`` is
        given, 工作单位: a unit of 单位库 or the typed name). A doubtful phone number is kept as typed (the
        dialog remarks on it, :mod:`domain.phone`); one without any digit is refused."""
        actor.require(Permission.EDIT_EXPERTS)
        if problem := field_problem(field):
            raise ValidationError(problem, field="field")
        if phone is not None and (problem := phone_refusal(phone)):
            raise ValidationError(problem, field="phone")
        if work_unit is not None and (problem := work_unit_problem(work_unit)):
            raise ValidationError(problem, field="work_unit")
        with self.db.uow(actor) as uow:
            e: ExpertRow = uow.get(ExpertRow, expert_id, "专家")
            p = uow.get(PersonRow, e.person_id, "人员")
            uow.check_version(e, expected_version, f"专家“{p.name}”")
            e.field, e.specialty = field, specialty.strip()
            if title is not None:
                p.title = title.strip()
            if phone is not None:
                p.phone = phone.strip()
            if work_unit is not None:
                apply_work_unit(uow, p, work_unit)
            uow.commit()

    def set_expert_active(self, actor: Actor, expert_id: int, active: bool, reason: str,
                          expected_version: int | None = None) -> None:
        """Suspend (暂停) or re-activate an expert; the reason is required and kept in the status log."""
        actor.require(Permission.EDIT_EXPERTS)
        if not reason.strip():
            raise ValidationError("启用或暂停专家须填写理由", field="reason")
        with self.db.uow(actor) as uow:
            e: ExpertRow = uow.get(ExpertRow, expert_id, "专家")
            uow.check_version(e, expected_version, "专家")
            if e.active == active:
                raise ValidationError("该专家已处于" + ("启用" if active else "暂停") + "状态")
            e.active = active
            uow.session.add(ExpertStatusRow(expert_id=e.id, active=active, reason=reason.strip(),
                                            by=actor.username, at=now()))
            uow.commit()

    def status_history(self, actor: Actor, expert_id: int) -> list[ExpertStatusEntry]:
        """The 启用/暂停 log, oldest first; ``by`` is the account's name (王丽), as on every other screen."""
        actor.require(Permission.EDIT_EXPERTS)
        with self.db.reader(actor.username) as uow:
            rows = list(uow.session.scalars(select(ExpertStatusRow).where(ExpertStatusRow.expert_id == expert_id)
                                            .order_by(ExpertStatusRow.id)))
            who = display_names(uow, (r.by for r in rows))
            return [ExpertStatusEntry(r.active, r.reason, who.get(r.by, r.by), r.at) for r in rows]

    # -- declared conflicts ---------------------------------------------------------------------
    def add_conflict(self, actor: Actor, expert_id: int, *, reason: str, project_id: int | None = None,
                     unit_id: int | None = None, person_id: int | None = None,
                     expires: date | None = None) -> int:
        """Record a declared conflict with exactly one project, unit or person (申报声明回避)."""
        actor.require(Permission.EDIT_EXPERTS)
        targets = [t for t in (project_id, unit_id, person_id) if t is not None]
        if len(targets) != 1:
            raise ValidationError("声明回避须且只能指定一个对象：项目、单位或人员", rule=RECUSAL_RULE)
        if not reason.strip():
            raise ValidationError("请填写回避理由", field="reason")
        with self.db.uow(actor) as uow:
            uow.get(ExpertRow, expert_id, "专家")
            if project_id is not None:
                uow.get(ProjectRow, project_id, "项目")
            if unit_id is not None:
                uow.get(UnitRow, unit_id, "单位")
            if person_id is not None:
                uow.get(PersonRow, person_id, "人员")
            row = ExpertConflictRow(expert_id=expert_id, project_id=project_id, unit_id=unit_id,
                                    person_id=person_id, reason=reason.strip(), expires=expires,
                                    created_by=actor.username, created_at=now())
            uow.session.add(row)
            uow.flush()
            uow.commit()
            return row.id

    def remove_conflict(self, actor: Actor, conflict_id: int) -> None:
        """Delete a declaration (the audit log keeps what it was and who removed it)."""
        actor.require(Permission.EDIT_EXPERTS)
        with self.db.uow(actor) as uow:
            uow.session.delete(uow.get(ExpertConflictRow, conflict_id, "回避声明"))
            uow.commit()

    def conflicts_of(self, actor: Actor, expert_id: int, on: date | None = None) -> list[DeclaredConflictInfo]:
        actor.require(Permission.EDIT_EXPERTS)
        day = on or date.today()
        with self.db.reader(actor.username) as uow:
            out = []
            rows = list(uow.session.scalars(select(ExpertConflictRow).where(ExpertConflictRow.expert_id == expert_id)
                                            .order_by(ExpertConflictRow.id)))
            who = display_names(uow, (c.created_by for c in rows))
            for c in rows:
                if c.project_id is not None:
                    p = uow.session.get(ProjectRow, c.project_id)
                    kind, target, label = "project", c.project_id, f"项目 {p.code}《{p.title}》" if p else "项目"
                elif c.unit_id is not None:
                    u = uow.session.get(UnitRow, c.unit_id)
                    kind, target, label = "unit", c.unit_id, f"单位 {u.name if u else c.unit_id}"
                else:
                    pr = uow.session.get(PersonRow, c.person_id)
                    kind, target, label = "person", c.person_id, f"人员 {pr.name if pr else c.person_id}"
                out.append(DeclaredConflictInfo(c.id, c.expert_id, kind, target, label, c.reason, c.expires,
                                                c.expires is None or day <= c.expires,
                                                who.get(c.created_by, c.created_by),
                                                c.created_at))
            return out

    # -- history --------------------------------------------------------------------------------
    def review_history(self, actor: Actor, expert_id: int) -> list[ExpertHistoryRow]:
        """Every assignment the expert had (评审经历); totals only for closed rounds (评审保密)."""
        actor.require(Permission.EDIT_EXPERTS)
        stmt = (select(ReviewAssignmentRow, ReviewRoundRow, CallRow.code, CallRow.name, ReviewGroupRow.code,
                       ProjectRow.code, ProjectRow.title)
                .join(ReviewRoundRow, ReviewRoundRow.id == ReviewAssignmentRow.round_id)
                .join(CallRow, CallRow.id == ReviewRoundRow.call_id)
                .join(ReviewGroupRow, ReviewGroupRow.id == ReviewAssignmentRow.group_id)
                .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                .where(ReviewAssignmentRow.expert_id == expert_id).order_by(ReviewAssignmentRow.id))
        with self.db.reader(actor.username) as uow:
            uow.get(ExpertRow, expert_id, "专家")
            out = []
            for a, r, ccode, cname, gcode, pcode, title in uow.session.execute(stmt):
                visible = r.status == "closed" and a.status == "submitted" and a.total
                out.append(ExpertHistoryRow(r.id, ccode, cname, r.number, r.status, gcode, pcode, title, a.status,
                                            a.assigned_at, a.submitted_at,
                                            Decimal(a.total) if visible else None))
            return out
