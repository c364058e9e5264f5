"""工作台待办: gathers the facts of every call in one read-only unit of work and lets the domain
(:mod:`sti_desk.domain.worklist`) turn them into the ordered to-do list; the user sees only the items their
role can act on."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import case, distinct, func, select

from ..db.tables import (CallRow, FundingDecisionRow, ObjectionRow, ProjectRow, PublicityRow, ReviewAssignmentRow,
                         ReviewGroupProjectRow, ReviewGroupRow, ReviewRoundRow)
from ..db.uow import Database, UnitOfWork
from ..domain.lifecycle import ProjectState as S
from ..domain.permissions import Permission, has_permission
from ..domain.worklist import CallFacts, PublicityFacts, RoundFacts, TodoItem, build_todos
from .actor import Actor

#: assignment states that still count as a score sheet due (declined/replaced ones do not)
_DUE = ("assigned", "submitted")


class WorklistService:
    def __init__(self, db: Database):
        self.db = db

    def todos(self, actor: Actor, today: date | None = None) -> list[TodoItem]:
        """The to-do items ``actor`` can act on, most urgent first."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            facts = _call_facts(uow)
        return [t for t in build_todos(facts, today or date.today()) if has_permission(actor.role, t.permission)]


def _call_facts(uow: UnitOfWork) -> list[CallFacts]:
    s = uow.session
    by_state: dict[int, dict[str, int]] = defaultdict(dict)
    for call_id, state, n in s.execute(select(ProjectRow.call_id, ProjectRow.state, func.count())
                                       .group_by(ProjectRow.call_id, ProjectRow.state)):
        by_state[call_id][state] = n
    in_a_round = select(ReviewGroupProjectRow.project_id)
    awaiting_draw = dict(s.execute(
        select(ProjectRow.call_id, func.count()).where(ProjectRow.state == S.REVIEW.value,
                                                       ProjectRow.id.not_in(in_a_round))
        .group_by(ProjectRow.call_id)).all())
    awaiting_publicity = dict(s.execute(
        select(ProjectRow.call_id, func.count()).join(FundingDecisionRow, FundingDecisionRow.project_id == ProjectRow.id)
        .where(ProjectRow.state == S.PROPOSED.value, FundingDecisionRow.publicity_id.is_(None))
        .group_by(ProjectRow.call_id)).all())
    rounds = _rounds(uow)
    publicities = _publicities(uow)
    return [CallFacts(code, name, call_id, applied=by_state[call_id].get(S.APPLIED.value, 0),
                      screening=by_state[call_id].get(S.SCREENING.value, 0),
                      awaiting_draw=awaiting_draw.get(call_id, 0), awaiting_publicity=awaiting_publicity.get(call_id, 0),
                      rounds=tuple(rounds.get(call_id, ())), publicities=tuple(publicities.get(call_id, ())))
            for call_id, code, name in s.execute(select(CallRow.id, CallRow.code, CallRow.name).order_by(CallRow.code))]


def _rounds(uow: UnitOfWork) -> dict[int, list[RoundFacts]]:
    s = uow.session
    a = ReviewAssignmentRow
    counts = {rid: (due, int(pending or 0)) for rid, due, pending in s.execute(
        select(a.round_id, func.count(), func.sum(case((a.status == "assigned", 1), else_=0)))
        .where(a.status.in_(_DUE)).group_by(a.round_id))}
    experts = dict(s.execute(select(a.round_id, func.count(distinct(a.expert_id)))
                             .where(a.status == "assigned").group_by(a.round_id)).all())
    undecided = dict(s.execute(
        select(ReviewGroupRow.round_id, func.count(distinct(ProjectRow.id)))
        .join(ReviewGroupProjectRow, ReviewGroupProjectRow.group_id == ReviewGroupRow.id)
        .join(ProjectRow, ProjectRow.id == ReviewGroupProjectRow.project_id)
        .where(ProjectRow.state == S.REVIEW.value).group_by(ReviewGroupRow.round_id)).all())
    out: dict[int, list[RoundFacts]] = defaultdict(list)
    for r in s.scalars(select(ReviewRoundRow).order_by(ReviewRoundRow.call_id, ReviewRoundRow.number)):
        due, pending = counts.get(r.id, (0, 0))
        out[r.call_id].append(RoundFacts(r.number, r.status, r.deadline, due, pending, experts.get(r.id, 0),
                                         undecided.get(r.id, 0) if r.status == "closed" else 0))
    return out


def _publicities(uow: UnitOfWork) -> dict[int, list[PublicityFacts]]:
    s = uow.session
    open_objections = dict(s.execute(select(ObjectionRow.publicity_id, func.count())
                                     .where(ObjectionRow.resolved_at.is_(None))
                                     .group_by(ObjectionRow.publicity_id)).all())
    out: dict[int, list[PublicityFacts]] = defaultdict(list)
    for p in s.scalars(select(PublicityRow).order_by(PublicityRow.call_id, PublicityRow.start)):
        out[p.call_id].append(PublicityFacts(p.start, p.end, p.finished_at is not None, open_objections.get(p.id, 0)))
    return out
