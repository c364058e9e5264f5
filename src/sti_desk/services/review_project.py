"""One project's 专家评审 for its dossier: round(s), score with its explanation, funding, publicity.

评审保密 (docs/review.md): the score, the marks and the experts' comments come from the same
:func:`compute_results` as the ranking, and only for a closed round and a role with “查看全部评分”;
while a round is being scored the dossier shows its group, the number of experts and the status. Who
handed in (progress) is shown only to the roles that may follow the review.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from ..db.tables import (CallRow, FundingDecisionRow, ObjectionRow, ProjectRow, PublicityRow, ReviewAssignmentRow,
                         ReviewGroupProjectRow, ReviewGroupRow, ReviewRoundRow)
from ..db.uow import Database, UnitOfWork
from ..domain.money import Money
from ..domain.permissions import Permission, has_permission
from ..domain.review import RULES
from .actor import Actor
from .review_common import call_rubric, today_or
from .review_decision import objection_infos
from .review_dto import ROUND_STATUS_LABELS
from .review_dto_project import ProjectFundingInfo, ProjectPublicityInfo, ProjectReview, ProjectRoundInfo
from .review_results import compute_results
from .user_names import display_names

HIDDEN_WHILE_SCORING = "评审尚未结束，得分和专家意见保密；全部专家提交、经办人结束评审后在此显示"


def _round_info(uow: UnitOfWork, actor: Actor, project: ProjectRow, call: CallRow, rnd: ReviewRoundRow,
                group: ReviewGroupRow) -> ProjectRoundInfo:
    sheets = Counter(uow.session.scalars(select(ReviewAssignmentRow.status).where(
        ReviewAssignmentRow.round_id == rnd.id, ReviewAssignmentRow.project_id == project.id)))
    may_follow = has_permission(actor.role, Permission.VIEW_ALL_SCORES)
    result, ranked, threshold, hidden = None, 0, None, ""
    if not may_follow:
        hidden = f"当前角色“{actor.role.label}”无权查看评分"
    elif rnd.status != "closed":
        hidden = HIDDEN_WHILE_SCORING
    else:
        res = compute_results(uow, call, rnd)
        result = next((r for r in res.rows if r.project.id == project.id), None)
        ranked, threshold = len(res.rows), res.spread_threshold
        if result is None:
            hidden = "本项目在该轮评审中没有已提交的评分"
    return ProjectRoundInfo(
        rnd.id, call.code, rnd.number, rnd.status, ROUND_STATUS_LABELS.get(rnd.status, rnd.status), group.code,
        group.field, sheets["assigned"] + sheets["submitted"], sheets["declined"],
        sheets["submitted"] if may_follow else None, rnd.draw_on, rnd.deadline, rnd.closed_at, result, ranked,
        RULES.get(call.aggregation, call.aggregation), threshold,
        [(c.code, c.name) for c in call_rubric(call).criteria], hidden)


def _publicity_status(pub: PublicityRow, today: date) -> str:
    if pub.finished_at is not None:
        return "已结束"
    if today < pub.start:
        return "未开始"
    return "公示中" if today <= pub.end else "公示期满，待办理立项"


def project_review(uow: UnitOfWork, actor: Actor, project: ProjectRow, today: date) -> ProjectReview:
    call = uow.get(CallRow, project.call_id, "申报批次")
    placed = uow.session.execute(
        select(ReviewRoundRow, ReviewGroupRow).join(ReviewGroupRow, ReviewGroupRow.round_id == ReviewRoundRow.id)
        .join(ReviewGroupProjectRow, ReviewGroupProjectRow.group_id == ReviewGroupRow.id)
        .where(ReviewGroupProjectRow.project_id == project.id).order_by(ReviewRoundRow.number)).all()
    rounds = [_round_info(uow, actor, project, call, rnd, group) for rnd, group in placed]
    d = uow.session.scalar(select(FundingDecisionRow).where(FundingDecisionRow.project_id == project.id))
    decision = publicity = None
    if d is not None:
        names = display_names(uow, [d.decided_by])
        decision = ProjectFundingInfo(d.funded, Money(d.approved_fen), Money(project.requested_fen), d.note,
                                      d.warnings, names.get(d.decided_by, ""), d.decided_by, d.decided_at)
    # an objection keeps its publicity even when the decision no longer does
    pub_id = d.publicity_id if d is not None and d.publicity_id else uow.session.scalar(
        select(ObjectionRow.publicity_id).where(ObjectionRow.project_id == project.id).limit(1))
    if pub_id is not None:
        pub = uow.get(PublicityRow, pub_id, "公示")
        objections = objection_infos(uow, list(uow.session.scalars(
            select(ObjectionRow).where(ObjectionRow.project_id == project.id).order_by(ObjectionRow.id))),
            {project.id: project})
        publicity = ProjectPublicityInfo(pub.start, pub.end, pub.working_days, pub.note, _publicity_status(pub, today),
                                         pub.finished_at, objections)
    return ProjectReview(project.id, project.code, rounds, decision, publicity)


class ProjectReviewMixin:
    db: Database

    def project_review(self, actor: Actor, project_id: int, *, today: date | None = None) -> ProjectReview:
        """专家评审 of one project for its dossier; the score only after the round is closed and only for
        roles that may see marks (clerks, managers, administrators — never reviewers)."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return project_review(uow, actor, uow.get(ProjectRow, project_id, "项目"), today_or(today))
