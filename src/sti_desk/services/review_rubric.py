"""The review rubric of a call (评分标准), its aggregation rule and experts per group.

The rubric is stored as JSON in ``calls.rubric_json`` (empty = the domain's default rubric). It is fixed
once the call's first review round is drawn: marks already given must keep their meaning.
"""
from __future__ import annotations

from sqlalchemy import select

from ..db.tables import ReviewRoundRow
from ..db.uow import Database
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.review import RULES, Rubric
from .actor import Actor
from .review_common import call_by_code, call_rubric, rubric_to_json
from .review_dto import RubricInfo

MIN_EXPERTS_PER_GROUP = 3


class RubricMixin:
    db: Database

    def get_rubric(self, actor: Actor, call_code: str) -> RubricInfo:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            locked = uow.session.scalar(select(ReviewRoundRow.id).where(ReviewRoundRow.call_id == call.id)
                                        .limit(1)) is not None
            return RubricInfo(call.code, call_rubric(call), not (call.rubric_json or "").strip(), call.aggregation,
                              RULES.get(call.aggregation, call.aggregation), call.experts_per_group, locked,
                              call.version)

    def set_rubric(self, actor: Actor, call_code: str, rubric: Rubric | None = None, *,
                   aggregation: str | None = None, experts_per_group: int | None = None,
                   expected_version: int | None = None) -> None:
        """Change the call's rubric, aggregation rule (trimmed_mean | mean | median) and experts per
        group. Refused once a review round of the call exists."""
        actor.require(Permission.EDIT_CALLS)
        if aggregation is not None and aggregation not in RULES:
            raise ValidationError(f"未知的汇总规则“{aggregation}”（可选：" +
                                  "、".join(f"{k} {v}" for k, v in RULES.items()) + "）", field="aggregation")
        if experts_per_group is not None and experts_per_group < MIN_EXPERTS_PER_GROUP:
            raise ValidationError(f"每组评审专家不少于 {MIN_EXPERTS_PER_GROUP} 人", field="experts_per_group")
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            uow.check_version(call, expected_version, f"申报批次“{call.name}”")
            if uow.session.scalar(select(ReviewRoundRow.id).where(ReviewRoundRow.call_id == call.id).limit(1)):
                raise ValidationError(f"申报批次“{call.code}”已抽取评审专家，评分标准、汇总规则和每组人数不能再修改",
                                      rule="评审公平")
            if rubric is not None:
                call.rubric_json = rubric_to_json(rubric)
            if aggregation is not None:
                call.aggregation = aggregation
            if experts_per_group is not None:
                call.experts_per_group = experts_per_group
            uow.commit()
