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
from ..domain.lifecycle import ProjectState
from ..domain.money import Money
from ..domain.permissions import Permission, has_permission
from ..domain.review import RULES, funding_wait
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


RESULTS_TAB = "“专家评审 → 评审结果与拟立项”"
PUBLICITY_TAB = "“专家评审 → 拟立项公示”"


def stage_blocks(uow: UnitOfWork, project: ProjectRow, today: date) -> dict[ProjectState, str]:
    """The stage changes of the review that are made by the review's own steps, never by a bare stage
    change (it lacks the score or the publicity, so it is always refused): target → why, and where it is
    done. 拟立项 is the manager's funding list of a closed round; 立项 is 公示期满，确认立项."""
    state = ProjectState(project.state)
    if state is ProjectState.REVIEW:
        rnd = uow.session.scalars(
            select(ReviewRoundRow).join(ReviewGroupRow, ReviewGroupRow.round_id == ReviewRoundRow.id)
            .join(ReviewGroupProjectRow, ReviewGroupProjectRow.group_id == ReviewGroupRow.id)
            .where(ReviewGroupProjectRow.project_id == project.id).order_by(ReviewRoundRow.number.desc())).first()
        list_step = f"由分管领导在{RESULTS_TAB}审批资助名单，列入名单的项目即拟立项"
        if rnd is None:
            why = f"尚未抽取评审专家：评审结束后{list_step}"
        elif rnd.status != "closed":   # the same words as review approve and the results tab
            why = f"{funding_wait(rnd.number, rnd.status, rnd.deadline)}：{list_step}"
        else:
            why = f"拟立项须按评审结果确定资助金额：{list_step}"
        return {ProjectState.PROPOSED: why}
    if state is ProjectState.PROPOSED:
        pub_id = uow.session.scalar(select(FundingDecisionRow.publicity_id)
                                    .where(FundingDecisionRow.project_id == project.id))
        pub = uow.session.get(PublicityRow, pub_id) if pub_id else None
        if pub is None:
            why = f"尚未公示：请在{PUBLICITY_TAB}开始公示，期满后确认立项"
        elif today <= pub.end:
            why = f"公示期至 {pub.end:%Y-%m-%d} 结束：期满后在{PUBLICITY_TAB}点击“公示期满，确认立项”"
        else:
            why = f"公示期已满：请在{PUBLICITY_TAB}点击“公示期满，确认立项”（异议均已处理的项目转为立项）"
        return {ProjectState.APPROVED: why}
    return {}


class ProjectReviewMixin:
    db: Database

    def stage_blocks(self, actor: Actor, project_id: int, *, today: date | None = None) -> dict[ProjectState, str]:
        """Stage changes of the project that only the review's own steps make (see :func:`stage_blocks`):
        the project window disables them and says why and where instead."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return stage_blocks(uow, uow.get(ProjectRow, project_id, "项目"), today_or(today))

    def project_review(self, actor: Actor, project_id: int, *, today: date | None = None) -> ProjectReview:
        """专家评审 of one project for its dossier; the score only after the round is closed and only for
        roles that may see marks (clerks, managers, administrators — never reviewers)."""
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return project_review(uow, actor, uow.get(ProjectRow, project_id, "项目"), today_or(today))
