"""Scoring (专家打分): a reviewer sees and marks only their own assignments; a submitted sheet is
locked until a clerk reopens it with a reason; the round closes when every sheet is settled.

Confidentiality (评审保密): every method that takes an assignment id checks that it is the acting
reviewer's own (:func:`own_assignment`); nothing here returns another expert's marks. Clerks and
managers see marks only through the results, after the round is closed.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ..db.tables import (CallRow, PersonRow, ProjectRow, ReviewAssignmentRow, ReviewGroupRow,
                         ReviewMarkRow, ReviewReopenRow, ReviewRoundRow, UnitRow)
from ..db.tables.base import now
from ..db.uow import Database, UnitOfWork
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.review import Rubric, nothing_marked_problem, scoring_deadline_note, total, validate_marks
from ..domain.review.rubric import code_missing
from .actor import Actor
from .review_common import (CONFIDENTIAL, assignment_for_staff, call_by_code, call_rubric, expert_refs, marks_of,
                            open_round, own_assignment, to_tenths, today_or)
from .review_dto import (ASSIGNMENT_STATUS_LABELS, MyAssignment, SaveResult, ScoreBudgetLine, ScoreForm,
                         ScoreTeamMember)


def project_parts_for_reviewer(uow: UnitOfWork, p: ProjectRow, unit_name: str,
                               leader: PersonRow | None) -> tuple[tuple[ScoreBudgetLine, ...], tuple[ScoreTeamMember, ...]]:
    """The project's 预算明细 and 项目组 (the leader first) as a reviewer may see them: to judge 预算合理性 and
    团队基础 — names, units and roles, never ID numbers or phone numbers."""
    lines = tuple(ScoreBudgetLine(b.subject, Money(b.fiscal_fen), Money(b.self_raised_fen), b.basis)
                  for b in p.budget_lines)
    people = {r.id: r for r in uow.session.scalars(select(PersonRow).where(
        PersonRow.id.in_([m.person_id for m in p.team])))} if p.team else {}
    unit_ids = {m.unit_id for m in p.team} | {q.unit_id for q in people.values()}
    if leader is not None:
        unit_ids.add(leader.unit_id)
    units = dict(uow.session.execute(select(UnitRow.id, UnitRow.name).where(
        UnitRow.id.in_([u for u in unit_ids if u is not None]))).all())

    def unit_of(person: PersonRow | None, unit_id: int | None) -> str:
        if unit_id is not None and unit_id in units:
            return units[unit_id]
        if person is not None and person.unit_id in units:
            return units[person.unit_id]
        return (person.workplace or "") if person is not None else ""

    team = [ScoreTeamMember(leader.name, unit_of(leader, None) or unit_name, "项目负责人")] if leader else []
    for m in p.team:
        person = people.get(m.person_id)
        if person is not None and (leader is None or person.id != leader.id):
            team.append(ScoreTeamMember(person.name, unit_of(person, m.unit_id), m.role or "成员"))
    return lines, tuple(team)


def clean_marks(rubric: Rubric, marks: Mapping[str, object]) -> dict[str, object]:
    """The marks given (blank ones dropped), keyed by criterion code; unknown codes are kept so that
    the domain's validation names them."""
    return {k: v for k, v in marks.items() if not code_missing(marks, k)}


def store_marks(uow: UnitOfWork, a: ReviewAssignmentRow, rubric: Rubric, marks: Mapping[str, object],
                comment: str, recommendation: str, submit: bool) -> Decimal | None:
    """Validate and write one score sheet (no commit). Raises ValidationError with every problem."""
    given = clean_marks(rubric, marks)
    problems = validate_marks(rubric, given, comment, recommendation, complete=submit)
    if problems:
        raise ValidationError("；".join(problems), rule="评分标准")
    existing = {m.criterion: m for m in uow.session.scalars(select(ReviewMarkRow)
                                                            .where(ReviewMarkRow.assignment_id == a.id))}
    for c in rubric.criteria:
        if c.code in given:
            tenths = to_tenths(Decimal(str(given[c.code]).strip()) if isinstance(given[c.code], str)
                               else Decimal(given[c.code]))  # type: ignore[arg-type]
            row = existing.pop(c.code, None)
            if row is None:
                uow.session.add(ReviewMarkRow(assignment_id=a.id, criterion=c.code, points_tenths=tenths))
            elif row.points_tenths != tenths:
                row.points_tenths = tenths
    for row in existing.values():
        uow.session.delete(row)
    a.comment = (comment or "").strip()
    a.recommendation = (recommendation or "").strip()
    a.saved_at = now()
    result = None
    if submit:
        result = total(rubric, given)
        a.total, a.status, a.locked, a.submitted_at = str(result), "submitted", True, now()
    return result


def deadline_fields(round_status: str, status: str, deadline: date | None, today: date) -> tuple[str, bool]:
    """(deadline_note, overdue) of a sheet: told only while it is still to be submitted in a round being scored."""
    note = scoring_deadline_note(deadline, today) if round_status == "scoring" and status == "assigned" else None
    return (note.text, note.overdue) if note is not None else ("", False)


class ScoringMixin:
    db: Database

    def my_assignments(self, actor: Actor, *, today: date | None = None) -> list[MyAssignment]:
        """The acting reviewer's own assignments of rounds open for scoring or closed (never others'), each
        still to be submitted with its 评分截止 as of ``today`` (days left, or 逾期)."""
        actor.require(Permission.SCORE)
        day = today_or(today)
        if actor.expert_id is None:
            return []
        stmt = (select(ReviewAssignmentRow, ReviewRoundRow.status, ReviewRoundRow.deadline, CallRow.code,
                       CallRow.name, ReviewGroupRow.code, ProjectRow.code, ProjectRow.title, UnitRow.name,
                       ProjectRow.field)
                .join(ReviewRoundRow, ReviewRoundRow.id == ReviewAssignmentRow.round_id)
                .join(CallRow, CallRow.id == ReviewRoundRow.call_id)
                .join(ReviewGroupRow, ReviewGroupRow.id == ReviewAssignmentRow.group_id)
                .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                .join(UnitRow, UnitRow.id == ProjectRow.unit_id)
                .where(ReviewAssignmentRow.expert_id == actor.expert_id,
                       ReviewRoundRow.status.in_(("scoring", "closed")),
                       ReviewAssignmentRow.status.in_(("assigned", "submitted")))
                .order_by(ReviewRoundRow.id.desc(), ProjectRow.code))
        with self.db.reader(actor.username) as uow:
            return [MyAssignment(a.id, a.round_id, rstatus, ccode, cname, gcode, pcode, title, unit, fld, a.status,
                                 ASSIGNMENT_STATUS_LABELS[a.status], a.locked, a.saved_at is not None, deadline,
                                 a.submitted_at, *deadline_fields(rstatus, a.status, deadline, day))
                    for a, rstatus, deadline, ccode, cname, gcode, pcode, title, unit, fld in uow.session.execute(stmt)]

    def get_score_form(self, actor: Actor, assignment_id: int, *, today: date | None = None) -> ScoreForm:
        """The project as the expert needs it and their own marks — never other experts' marks — and, while
        the sheet is to be submitted, the 评分截止 as of ``today``."""
        day = today_or(today)
        with self.db.reader(actor.username) as uow:
            a = own_assignment(uow, actor, assignment_id)
            rnd = uow.get(ReviewRoundRow, a.round_id, "评审轮次")
            if rnd.status == "drawing":
                raise ValidationError("评审尚未开始，请等待经办人通知")
            if a.status in ("replaced", "declined"):
                raise ValidationError(f"该评审任务{ASSIGNMENT_STATUS_LABELS[a.status]}，无需评分")
            call = uow.get(CallRow, rnd.call_id, "申报批次")
            p = uow.get(ProjectRow, a.project_id, "项目")
            unit = uow.session.get(UnitRow, p.unit_id)
            leader = uow.session.get(PersonRow, p.leader_id)
            total_fen = p.requested_fen + p.self_raised_fen      # 项目总预算 = 申请财政资金 + 自筹资金
            lines, team = project_parts_for_reviewer(uow, p, unit.name if unit else "", leader)
            return ScoreForm(a.id, a.version, call.code, call.name, p.code, p.title, unit.name if unit else "", p.field,
                             leader.name if leader else "", p.summary, p.start_date, p.end_date,
                             Money(p.requested_fen), Money(p.self_raised_fen), Money(total_fen), call_rubric(call),
                             marks_of(uow, [a.id]).get(a.id, {}), a.comment, a.recommendation, a.status, a.locked,
                             Decimal(a.total) if a.total else None, rnd.deadline, lines, team,
                             *deadline_fields(rnd.status, a.status, rnd.deadline, day))

    def save_marks(self, actor: Actor, assignment_id: int, marks: Mapping[str, object], comment: str = "",
                   recommendation: str = "", submit: bool = False,
                   expected_version: int | None = None) -> SaveResult:
        """Save a draft (暂存; partial marks allowed, ranges checked, but not none at all) or submit (提交;
        every criterion, a recommendation, a comment when the total is below the threshold or the
        recommendation needs one). A submitted sheet is locked."""
        with self.db.uow(actor) as uow:
            a = own_assignment(uow, actor, assignment_id)
            rnd = uow.get(ReviewRoundRow, a.round_id, "评审轮次")
            if rnd.status != "scoring":
                raise ValidationError("评审已结束，不能再修改评分" if rnd.status == "closed" else "评审尚未开始")
            if a.status in ("replaced", "declined"):
                raise ValidationError(f"该评审任务{ASSIGNMENT_STATUS_LABELS[a.status]}，不能评分")
            if a.locked:
                raise ValidationError("评分已提交并锁定；如需修改，请联系经办人退回", rule=CONFIDENTIAL)
            uow.check_version(a, expected_version, "评分表")
            call = uow.get(CallRow, rnd.call_id, "申报批次")
            rubric = call_rubric(call)
            if problem := nothing_marked_problem(marks, submit=submit):
                raise ValidationError(problem, rule="评分标准")
            result = store_marks(uow, a, rubric, marks, comment, recommendation, submit)
            uow.flush()
            version = a.version
            uow.commit()
            return SaveResult(a.id, version, submit, result)

    def reopen(self, actor: Actor, assignment_id: int, reason: str) -> None:
        """退回修改: a clerk unlocks a submitted sheet, with a reason (logged and audited)."""
        actor.require(Permission.ORGANISE_REVIEW)
        if not reason or not reason.strip():
            raise ValidationError("退回评分须填写理由", field="reason")
        with self.db.uow(actor) as uow:
            a = assignment_for_staff(uow, actor, assignment_id)
            rnd = uow.get(ReviewRoundRow, a.round_id, "评审轮次")
            if rnd.status != "scoring":
                raise ValidationError(f"第 {rnd.number} 轮评审不在评分中，不能退回")
            if a.status != "submitted":
                raise ValidationError("只有已提交的评分可以退回")
            a.status, a.locked, a.submitted_at, a.total = "assigned", False, None, ""
            uow.session.add(ReviewReopenRow(assignment_id=a.id, reason=reason.strip(), by=actor.username, at=now()))
            uow.audit("reopen", "review_assignments", str(a.id), {"reason": reason.strip(), "expert_id": a.expert_id})
            uow.commit()

    def close_round(self, actor: Actor, call_code: str, *, today: date | None = None) -> None:
        """结束评审: every assignment submitted, declined or replaced, and every project has at least one
        submitted sheet. Afterwards clerks and managers may see the marks and results."""
        actor.require(Permission.ORGANISE_REVIEW)
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            rnd = open_round(uow, call)
            if rnd.status != "scoring":
                raise ValidationError("评审尚未开始评分，不能结束")
            rows = list(uow.session.execute(select(ReviewAssignmentRow.expert_id, ReviewAssignmentRow.status,
                                                   ProjectRow.code)
                                            .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                                            .where(ReviewAssignmentRow.round_id == rnd.id)))
            pending: dict[int, int] = {}
            scored: set[str] = set()
            codes: set[str] = set()
            for eid, status, code in rows:
                codes.add(code)
                if status == "assigned":
                    pending[eid] = pending.get(eid, 0) + 1
                elif status == "submitted":
                    scored.add(code)
            if pending:
                refs = expert_refs(uow, pending)
                who = "、".join(f"{refs[e][0]}（{n} 份）" for e, n in sorted(pending.items(), key=lambda kv: -kv[1]))
                raise ValidationError(f"尚有 {sum(pending.values())} 份评分未提交：{who}。"
                                      "请催交，或登记回避/替补后再结束评审")
            unscored = sorted(codes - scored)
            if unscored:
                raise ValidationError("以下项目没有任何已提交的评分，不能结束评审：" + "、".join(unscored))
            rnd.status, rnd.closed_by, rnd.closed_at = "closed", actor.username, now()
            uow.commit()
