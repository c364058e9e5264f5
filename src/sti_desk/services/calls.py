"""Calls (申报批次/年度计划): list, overview for the 申报批次 page, details with the rubric, and saving.

A call and its rubric are saved in one unit of work (:meth:`CallService.save_call`), so a refused rubric
leaves the call unchanged too. The rubric, aggregation rule and experts per group are fixed once the first
review round is drawn (see :mod:`sti_desk.services.review_rubric`); the other fields stay editable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ..db.tables import CallRow, ProjectRow, ReviewRoundRow
from ..db.uow import Database
from ..domain.entities import Call
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode
from .actor import Actor

if TYPE_CHECKING:
    from ..domain.review import Rubric

# The review modules (domain.review, review_dto …) are imported inside the methods that need them: the project
# list and the forms only call list_calls, and start-up should not pay ~0.1 s for the review package.

NO_ROUND = "未抽取专家"


def call_from_row(r: CallRow) -> Call:
    return Call(code=r.code, name=r.name, year=r.year, category=CallCategory(r.category),
                funding_mode=FundingMode(r.funding_mode), organisation_mode=OrganisationMode(r.organisation_mode),
                budget_scheme=BudgetScheme(r.budget_scheme), cap=Money(r.cap_fen),
                total_budget=Money(r.total_budget_fen), opens=r.opens, closes=r.closes,
                self_funding_ratio=r.self_funding_ratio, experts_per_group=r.experts_per_group,
                aggregation=r.aggregation, disbursement_plan=r.disbursement_plan, id=r.id, version=r.version)


@dataclass(frozen=True)
class CallOverview:
    """One line of the 申报批次 list."""

    call: Call
    projects: int
    rounds: int
    review_status: str        # 未抽取专家 / 第 1 轮 评分中 …

    @property
    def rubric_locked(self) -> bool:
        return self.rounds > 0


@dataclass(frozen=True)
class CallDetails:
    """What the edit dialog shows: the call, its rubric and why the rubric may be fixed."""

    call: Call
    rubric: Rubric
    rubric_is_default: bool   # nothing stored: the domain's default rubric applies
    projects: int
    rounds: int
    review_status: str
    drop_extremes_min: int    # policy in force today: drop highest and lowest from this many marks
    disagreement_spread: Decimal  # policy in force today: flag when highest − lowest is above this

    @property
    def rubric_locked(self) -> bool:
        return self.rounds > 0


def _status(rounds: int, number: int | None, status: str | None) -> str:
    if not rounds or number is None or status is None:
        return NO_ROUND
    from .review_dto import ROUND_STATUS_LABELS

    return f"第 {number} 轮 {ROUND_STATUS_LABELS.get(status, status)}"


class CallService:
    def __init__(self, db: Database):
        self.db = db

    def list_calls(self, actor: Actor) -> list[Call]:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            rows = uow.session.scalars(select(CallRow).order_by(CallRow.year.desc(), CallRow.code))
            return [call_from_row(r) for r in rows]

    def overview(self, actor: Actor) -> list[CallOverview]:
        """Every call with its number of projects and where its review stands (newest year first)."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            s = uow.session
            projects = dict(s.execute(select(ProjectRow.call_id, func.count()).group_by(ProjectRow.call_id)).all())
            latest: dict[int, tuple[int, int, str]] = {}
            for call_id, number, status in s.execute(select(ReviewRoundRow.call_id, ReviewRoundRow.number,
                                                            ReviewRoundRow.status).order_by(ReviewRoundRow.number)):
                count = latest.get(call_id, (0, 0, ""))[0] + 1
                latest[call_id] = (count, number, status)
            out = []
            for r in s.scalars(select(CallRow).order_by(CallRow.year.desc(), CallRow.code)):
                count, number, status = latest.get(r.id, (0, None, None))  # type: ignore[arg-type]
                out.append(CallOverview(call_from_row(r), projects.get(r.id, 0), count, _status(count, number, status)))
            return out

    def get_by_code(self, actor: Actor, code: str) -> Call:
        from .review_common import call_by_code

        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return call_from_row(call_by_code(uow, code))

    def details(self, actor: Actor, code: str, today: date | None = None) -> CallDetails:
        from .policy import params_on
        from .review_common import call_by_code, call_rubric

        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            row = call_by_code(uow, code)
            s = uow.session
            projects = s.scalar(select(func.count()).select_from(ProjectRow).where(ProjectRow.call_id == row.id)) or 0
            rounds = list(s.execute(select(ReviewRoundRow.number, ReviewRoundRow.status)
                                    .where(ReviewRoundRow.call_id == row.id).order_by(ReviewRoundRow.number)))
            number, status = rounds[-1] if rounds else (None, None)
            params = params_on(uow, today or date.today())
            return CallDetails(call_from_row(row), call_rubric(row), not (row.rubric_json or "").strip(), projects,
                               len(rounds), _status(len(rounds), number, status), params.review_drop_extremes_min,
                               params.review_disagreement_spread)

    def save_call(self, actor: Actor, call: Call, rubric: Rubric | None = None) -> int:
        """Create (``call.id`` None) or update the call, and its rubric when given, in one unit of work.

        Field problems are raised together as :class:`FieldErrors`; the code cannot change after creation;
        a stale ``call.version`` is refused; the rubric, aggregation rule and experts per group are refused
        if they would change after the first review round was drawn."""
        from ..domain.calls import check_call_fields, parse_disbursement_plan, plan_text
        from ..domain.validation import FieldErrors
        from .review_rubric import apply_rubric

        actor.require(Permission.EDIT_CALLS)
        errors = check_call_fields(call, new=call.id is None)
        if errors:
            raise FieldErrors(errors)
        code = call.code.strip()
        with self.db.uow(actor) as uow:
            clash = uow.session.scalar(select(CallRow).where(CallRow.code == code))
            if clash is not None and clash.id != call.id:
                raise FieldErrors({"code": f"批次编号“{code}”已被“{clash.name}”使用"})
            if call.id is None:
                row = CallRow(code=code, rubric_json="")
                uow.session.add(row)
            else:
                row = uow.get(CallRow, call.id, "申报批次")
                uow.check_version(row, call.version, f"申报批次“{row.name}”")
                if row.code != code:
                    raise FieldErrors({"code": f"批次编号创建后不能修改（仍为“{row.code}”）"})
            apply_rubric(uow, row, rubric, call.aggregation, call.experts_per_group)
            row.name, row.year = call.name.strip(), call.year
            row.category, row.funding_mode = call.category.value, call.funding_mode.value
            row.organisation_mode, row.budget_scheme = call.organisation_mode.value, call.budget_scheme.value
            row.cap_fen, row.total_budget_fen = call.cap.fen, call.total_budget.fen
            row.opens, row.closes = call.opens, call.closes
            row.self_funding_ratio = call.self_funding_ratio.strip() or "0"
            row.disbursement_plan = plan_text(parse_disbursement_plan(call.disbursement_plan))
            uow.flush()
            uow.commit()
            return row.id

    def open_calls(self, actor: Actor, today: date | None = None) -> list[Call]:
        today = today or date.today()
        return [c for c in self.list_calls(actor) if not c.closes or c.closes >= today]
