"""The funding decision (拟立项) and the publicity (公示) with objections, then 立项.

approve_funding: the manager's list is checked by the domain (:func:`check_funding_list`): errors
refuse, a total over the call's budget must be acknowledged. Listed projects go 专家评审 → 拟立项 with
the review score as a fact; the other reviewed projects → 不予立项 with the stated reason.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, select

from ..db.tables import (CallRow, FundingDecisionRow, ObjectionRow, ProjectEventRow, ProjectRow, PublicityRow,
                         ReviewGroupProjectRow, ReviewGroupRow)
from ..db.tables.base import now
from ..db.uow import Database, UnitOfWork
from ..domain.errors import ValidationError
from ..domain.lifecycle import ProjectState, TransitionFacts, check_transition
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.review import (EMPTY_FUNDING_LIST, all_decided, check_funding_list, committed_funding, funding_wait,
                             objection_date_problem, publicity_end)
from .actor import Actor
from .lifecycle import apply_transition
from .policy import params_on
from .review_common import call_by_code, closed_round, rounds_of, today_or, unit_names
from .review_dto import ConfirmationNeeded, FinishOutcome, FundingOutcome, ObjectionInfo, ProjectRef, PublicityInfo
from .review_results import compute_results
from .user_names import display_names

S = ProjectState
DEFAULT_REJECTION = "评审未入选"


def find_project(uow: UnitOfWork, ref: int | str, call: CallRow | None = None) -> ProjectRow:
    if isinstance(ref, int):
        row = uow.session.get(ProjectRow, ref)
    else:
        row = uow.session.scalar(select(ProjectRow).where(ProjectRow.code == ref.strip()))
    if row is None or (call is not None and row.call_id != call.id):
        where = f"申报批次“{call.code}”中" if call is not None else ""
        raise ValidationError(f"{where}没有项目“{ref}”")
    return row


def objection_infos(uow: UnitOfWork, rows: Sequence[ObjectionRow],
                    projects: dict[int, ProjectRow] | None = None) -> list[ObjectionInfo]:
    """The objections as plain data, who recorded and resolved them by name."""
    names = display_names(uow, [u for o in rows for u in (o.recorded_by, o.resolved_by)])
    known = projects or {}
    out = []
    for o in rows:
        p = known.get(o.project_id) or uow.get(ProjectRow, o.project_id)
        out.append(ObjectionInfo(o.id, p.code, p.title, o.received_on, o.objector, o.content, o.resolution,
                                 o.upheld, names.get(o.resolved_by, ""), o.resolved_at, o.version,
                                 names.get(o.recorded_by, ""), o.recorded_by, o.resolved_by))
    return out


def objection_event(project: ProjectRow, action: str, reason: str, username: str) -> ProjectEventRow:
    """A step of the 办理记录 within the stage (from == to: the timeline does not count it as a stage)."""
    return ProjectEventRow(project_id=project.id, at=now(), from_state=project.state, to_state=project.state,
                           action=action, reason=reason, username=username)


def publicity_info(uow: UnitOfWork, call: CallRow, pub: PublicityRow) -> PublicityInfo:
    ids = list(uow.session.scalars(select(FundingDecisionRow.project_id)
                                   .where(FundingDecisionRow.publicity_id == pub.id)))
    projects = {p.id: p for p in uow.session.scalars(select(ProjectRow).where(ProjectRow.id.in_(ids)))}
    objections = objection_infos(uow, list(uow.session.scalars(
        select(ObjectionRow).where(ObjectionRow.publicity_id == pub.id).order_by(ObjectionRow.id))), projects)
    units = unit_names(uow, [p.unit_id for p in projects.values()])
    refs = [ProjectRef(p.id, p.code, p.title, units.get(p.unit_id, ""))
            for p in sorted(projects.values(), key=lambda p: p.code)]
    return PublicityInfo(pub.id, call.code, pub.start, pub.end, pub.working_days, refs, objections, pub.finished_at)


class DecisionMixin:
    db: Database

    def approve_funding(self, actor: Actor, call_code: str, items: Sequence[tuple[int | str, Money]], note: str = "",
                        *, rejection_reason: str = DEFAULT_REJECTION, acknowledge_over_budget: bool = False,
                        today: date | None = None) -> FundingOutcome:
        """Decide the funding list of the call's closed round: ``items`` are (project id or code,
        approved amount). Raises :class:`ConfirmationNeeded` when the total is over the call's budget
        and ``acknowledge_over_budget`` is not set."""
        actor.require(Permission.APPROVE_FUNDING)
        day = today_or(today)
        if not rejection_reason.strip():
            raise ValidationError("请填写未入选项目的理由", field="rejection_reason")
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            rounds = rounds_of(uow, call.id)
            still_open = rounds[-1] if rounds and rounds[-1].status != "closed" else None
            waiting = (f"申报批次“{call.code}”"
                       + funding_wait(still_open.number, still_open.status, still_open.deadline)) if still_open else ""
            if not any(r.status == "closed" for r in rounds) and still_open:
                raise ValidationError(waiting)
            rnd = closed_round(uow, call)
            res = compute_results(uow, call, rnd)
            pending = {r.project.id: r for r in res.rows
                       if uow.get(ProjectRow, r.project.id).state == S.REVIEW.value}
            if not pending:   # name the round that holds things up, not the one already decided
                raise ValidationError(waiting or f"申报批次“{call.code}”{all_decided(rnd.number)}")
            if not items:     # it would turn every project of the round into 不予立项, irreversibly
                raise ValidationError(EMPTY_FUNDING_LIST, field="items", rule="拟立项")
            in_open = set(uow.session.scalars(
                select(ReviewGroupProjectRow.project_id)
                .join(ReviewGroupRow, ReviewGroupRow.id == ReviewGroupProjectRow.group_id)
                .where(ReviewGroupRow.round_id == still_open.id))) if still_open else set()
            chosen: list[tuple[ProjectRow, Money]] = []
            for ref, amount in items:
                row = find_project(uow, ref, call)
                if row.id in in_open:
                    raise ValidationError(f"项目 {row.code}：{waiting}")
                if row.id not in pending:
                    raise ValidationError(f"项目 {row.code} 不在第 {rnd.number} 轮评审结果中，或已不处于“专家评审”阶段")
                chosen.append((row, amount))
            committed = committed_funding(
                ((pid, state, Money(fen)) for pid, state, fen in uow.session.execute(
                    select(ProjectRow.id, ProjectRow.state, ProjectRow.approved_fen)
                    .where(ProjectRow.call_id == call.id, ProjectRow.approved_fen > 0))), pending)
            minimum = params_on(uow, call.opens or day).funding_minimum(call.category, call.organisation_mode)
            errors, warnings = check_funding_list([(r.code, Money(r.requested_fen), m) for r, m in chosen],
                                                  Money(call.cap_fen), Money(call.total_budget_fen), committed,
                                                  minimum)
            if errors:
                raise ValidationError("资助清单有误：" + "；".join(errors), rule="拟立项")
            if warnings and not acknowledge_over_budget:
                raise ConfirmationNeeded("；".join(warnings) + "。如确认仍按此清单决定，请明确确认超出预算。", warnings)
            stamp = now()
            proposed, chosen_ids = [], set()
            for row, amount in chosen:
                r = pending[row.id]
                row.approved_fen = amount.fen
                apply_transition(uow, row, S.PROPOSED, TransitionFacts(
                    today=day, reason=note.strip(), review_score=r.score, approved_amount=amount,
                    requested_amount=Money(row.requested_fen), call_cap=Money(call.cap_fen)))
                uow.session.add(FundingDecisionRow(project_id=row.id, call_id=call.id, round_id=rnd.id, funded=True,
                                                   approved_fen=amount.fen, review_score=str(r.score), rank=r.rank,
                                                   note=note.strip(), warnings="；".join(warnings),
                                                   decided_by=actor.username, decided_at=stamp))
                proposed.append((row.code, amount))
                chosen_ids.add(row.id)
            rejected = []
            for pid, r in sorted(pending.items(), key=lambda kv: kv[1].rank):
                if pid in chosen_ids:
                    continue
                row = uow.get(ProjectRow, pid)
                apply_transition(uow, row, S.REJECTED, TransitionFacts(today=day, reason=rejection_reason.strip()))
                uow.session.add(FundingDecisionRow(project_id=pid, call_id=call.id, round_id=rnd.id, funded=False,
                                                   approved_fen=0, review_score=str(r.score), rank=r.rank,
                                                   note=rejection_reason.strip(), decided_by=actor.username,
                                                   decided_at=stamp))
                rejected.append(row.code)
            total = sum((m for _, m in proposed), Money(0))
            uow.audit("approve", "funding_list", call.code,
                      {"round": rnd.number, "proposed": {c: m.fen for c, m in proposed}, "rejected": rejected,
                       "total_fen": total.fen, "warnings_acknowledged": warnings, "note": note.strip()})
            uow.commit()
            return FundingOutcome(proposed, rejected, total, warnings)

    def start_publicity(self, actor: Actor, call_code: str, start: date, working_days: int | None = None, *,
                        holidays: Iterable[date] = (), extra_workdays: Iterable[date] = (),
                        note: str = "") -> PublicityInfo:
        """公示 of every 拟立项 project of the call not yet publicised: ``working_days`` (default: the
        policy's 公示期, 5) counted from ``start``, weekends and ``holidays`` skipped."""
        actor.require(Permission.ORGANISE_REVIEW)
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            decisions = list(uow.session.scalars(
                select(FundingDecisionRow).join(ProjectRow, ProjectRow.id == FundingDecisionRow.project_id)
                .where(FundingDecisionRow.call_id == call.id, FundingDecisionRow.funded.is_(True),
                       FundingDecisionRow.publicity_id.is_(None), ProjectRow.state == S.PROPOSED.value)))
            if not decisions:
                raise ValidationError(f"申报批次“{call.code}”没有待公示的拟立项项目")
            days = working_days or params_on(uow, start).publicity_working_days
            end = publicity_end(start, days, holidays, extra_workdays)
            pub = PublicityRow(call_id=call.id, start=start, end=end, working_days=days, note=note.strip(),
                               created_by=actor.username, created_at=now())
            uow.session.add(pub)
            uow.flush()
            for d in decisions:
                d.publicity_id = pub.id
            uow.flush()
            info = publicity_info(uow, call, pub)
            uow.commit()
            return info

    def publicities(self, actor: Actor, call_code: str) -> list[PublicityInfo]:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            return [publicity_info(uow, call, p) for p in uow.session.scalars(
                select(PublicityRow).where(PublicityRow.call_id == call.id).order_by(PublicityRow.id))]

    def record_objection(self, actor: Actor, project: int | str, received_on: date, content: str,
                         objector: str = "", *, today: date | None = None) -> int:
        """登记公示异议 against a publicised 拟立项 project, received within the publicity period and not
        after today (:func:`objection_date_problem`, the rule the dialog checks too)."""
        actor.require(Permission.ORGANISE_REVIEW)
        day = today_or(today)
        if not content.strip():
            raise ValidationError("请填写异议内容", field="content")
        with self.db.uow(actor) as uow:
            row = find_project(uow, project)
            pub_id = uow.session.scalar(select(FundingDecisionRow.publicity_id)
                                        .where(FundingDecisionRow.project_id == row.id))
            if row.state != S.PROPOSED.value or pub_id is None:
                raise ValidationError(f"项目 {row.code} 不在公示中，不能登记公示异议")
            pub = uow.get(PublicityRow, pub_id, "公示")
            problem = objection_date_problem(received_on, pub.start, pub.end, day)
            if problem:
                raise ValidationError(problem, field="received", rule="拟立项公示")
            o = ObjectionRow(publicity_id=pub.id, project_id=row.id, received_on=received_on, objector=objector.strip(),
                             content=content.strip(), recorded_by=actor.username)
            uow.session.add(o)
            who = f"（异议人：{o.objector}）" if o.objector else ""
            uow.session.add(objection_event(row, "登记公示异议",
                                            f"{received_on:%Y-%m-%d} 收到异议{who}：{o.content}", actor.username))
            uow.flush()
            uow.commit()
            return o.id

    def resolve_objection(self, actor: Actor, objection_id: int, resolution: str, upheld: bool, *,
                          reason: str | None = None, today: date | None = None,
                          expected_version: int | None = None) -> None:
        """处理异议: upheld (成立) → the project 拟立项 → 不予立项 with the reason; dismissed → it stays."""
        actor.require(Permission.CHANGE_STATE)
        if not resolution.strip():
            raise ValidationError("请填写异议处理结果", field="resolution")
        with self.db.uow(actor) as uow:
            o: ObjectionRow = uow.get(ObjectionRow, objection_id, "公示异议")
            uow.check_version(o, expected_version, "公示异议")
            if o.resolved_at is not None:
                raise ValidationError("该异议已处理")
            o.resolution, o.upheld, o.resolved_by, o.resolved_at = resolution.strip(), upheld, actor.username, now()
            row = uow.get(ProjectRow, o.project_id, "项目")
            uow.session.add(objection_event(
                row, "处理公示异议", f"{o.received_on:%Y-%m-%d} 收到的异议{'成立' if upheld else '不成立'}："
                f"{o.resolution}", actor.username))
            if upheld:
                why = (reason or "").strip() or f"公示异议成立：{resolution.strip()}"
                apply_transition(uow, row, S.REJECTED, TransitionFacts(today=today_or(today), reason=why))
                row.approved_fen = 0
                decision = uow.session.scalar(select(FundingDecisionRow)
                                              .where(FundingDecisionRow.project_id == row.id))
                if decision is not None:   # keep the amount decided; the outcome is now 不予立项
                    decision.funded = False
                    decision.note = (decision.note + "；" if decision.note else "") + why
            uow.commit()

    def finish_publicity(self, actor: Actor, call_code: str, today: date | None = None) -> FinishOutcome:
        """公示期满: every publicised 拟立项 project without open objections → 立项 (only after the end
        date: the lifecycle guard refuses earlier). Projects with open objections wait."""
        actor.require(Permission.ORGANISE_REVIEW)
        day = today_or(today)
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            pubs = list(uow.session.scalars(select(PublicityRow).where(PublicityRow.call_id == call.id,
                                                                        PublicityRow.finished_at.is_(None))
                                            .order_by(PublicityRow.id)))
            if not pubs:
                raise ValidationError(f"申报批次“{call.code}”没有进行中的公示")
            approved, held = [], []
            finished = True
            for pub in pubs:
                check_transition(S.PROPOSED, S.APPROVED, TransitionFacts(today=day, publicity_end=pub.end))
                rows = list(uow.session.scalars(
                    select(ProjectRow).join(FundingDecisionRow, FundingDecisionRow.project_id == ProjectRow.id)
                    .where(FundingDecisionRow.publicity_id == pub.id, ProjectRow.state == S.PROPOSED.value)
                    .order_by(ProjectRow.code)))
                left = 0
                for row in rows:
                    open_objections = uow.session.scalar(
                        select(func.count(ObjectionRow.id)).where(ObjectionRow.project_id == row.id,
                                                                  ObjectionRow.resolved_at.is_(None))) or 0
                    if open_objections:
                        held.append((row.code, f"有 {open_objections} 项公示异议尚未处理"))
                        left += 1
                        continue
                    apply_transition(uow, row, S.APPROVED, TransitionFacts(
                        today=day, publicity_end=pub.end, unresolved_objections=0))
                    approved.append(row.code)
                if left:
                    finished = False
                else:
                    pub.finished_by, pub.finished_at = actor.username, now()
            uow.commit()
            return FinishOutcome(approved, held, finished)
