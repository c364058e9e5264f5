"""The review rubric of a call (评分标准), its aggregation rule and experts per group.

The rubric is stored as JSON in ``calls.rubric_json`` (empty = the domain's default rubric). It is fixed
once the call's first review round is drawn: marks already given must keep their meaning. The same lock
applies whether the change comes through :meth:`RubricMixin.set_rubric` or through the call's edit
(:meth:`sti_desk.services.calls.CallService.save_call`): both go through :func:`apply_rubric`.
"""
from __future__ import annotations

from sqlalchemy import select

from ..db.tables import CallRow, ReviewRoundRow
from ..db.uow import Database, UnitOfWork
from ..domain.calls import aggregation_problem, group_size_problem
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.review import RULES, Rubric
from .actor import Actor
from .review_common import call_by_code, call_rubric, rubric_to_json
from .review_dto import RubricInfo

LOCK_RULE = "评审公平"


def round_drawn(uow: UnitOfWork, call_id: int) -> bool:
    """True once any review round of the call exists (the rubric is then fixed)."""
    return uow.session.scalar(select(ReviewRoundRow.id).where(ReviewRoundRow.call_id == call_id).limit(1)) is not None


def check_rule_and_group(aggregation: str | None, experts_per_group: int | None) -> None:
    for field, problem in (("aggregation", aggregation_problem(aggregation)),
                           ("experts_per_group", group_size_problem(experts_per_group))):
        if problem:
            raise ValidationError(problem, field=field)


def apply_rubric(uow: UnitOfWork, call: CallRow, rubric: Rubric | None, aggregation: str | None,
                 experts_per_group: int | None) -> bool:
    """Write what differs from the stored values (None = keep). Refused, before anything is written, when
    something would change and a review round exists. Returns whether anything changed."""
    new_rubric = rubric is not None and rubric != call_rubric(call)
    new_rule = aggregation is not None and aggregation != call.aggregation
    new_size = experts_per_group is not None and experts_per_group != call.experts_per_group
    if not (new_rubric or new_rule or new_size):
        return False
    if call.id is not None and round_drawn(uow, call.id):
        raise ValidationError(f"申报批次“{call.code}”已抽取评审专家，评分标准、汇总规则和每组人数不能再修改",
                              rule=LOCK_RULE)
    if new_rubric:
        call.rubric_json = rubric_to_json(rubric)  # type: ignore[arg-type]
    if new_rule:
        call.aggregation = aggregation  # type: ignore[assignment]
    if new_size:
        call.experts_per_group = experts_per_group  # type: ignore[assignment]
    return True


class RubricMixin:
    db: Database

    def get_rubric(self, actor: Actor, call_code: str) -> RubricInfo:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            return rubric_info(uow, call)

    def set_rubric(self, actor: Actor, call_code: str, rubric: Rubric | None = None, *,
                   aggregation: str | None = None, experts_per_group: int | None = None,
                   expected_version: int | None = None) -> None:
        """Change the call's rubric, aggregation rule (trimmed_mean | mean | median) and experts per
        group. Refused once a review round of the call exists."""
        actor.require(Permission.EDIT_CALLS)
        check_rule_and_group(aggregation, experts_per_group)
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            uow.check_version(call, expected_version, f"申报批次“{call.name}”")
            if apply_rubric(uow, call, rubric, aggregation, experts_per_group):
                uow.commit()


def rubric_info(uow: UnitOfWork, call: CallRow) -> RubricInfo:
    return RubricInfo(call.code, call_rubric(call), not (call.rubric_json or "").strip(), call.aggregation,
                      RULES.get(call.aggregation, call.aggregation), call.experts_per_group,
                      round_drawn(uow, call.id), call.version)
