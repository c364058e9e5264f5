"""Plain data of one project's 专家评审 for its dossier (项目详情 → 专家评审): the round(s) it was reviewed
in, its score once the round is closed (and only for roles that may see marks), the funding decision and
the publicity with the objections against it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..domain.money import Money
from .review_dto_outcomes import ObjectionInfo, ResultRow


@dataclass(frozen=True)
class ProjectRoundInfo:
    """The project in one review round. ``submitted`` is progress (who handed in, never what): shown to
    roles that follow the review; ``result`` only after the round is closed, to roles that may see marks."""

    round_id: int
    call_code: str
    number: int
    status: str                      # drawing | scoring | closed
    status_label: str                # 抽取完成待开评 | 评分中 | 已结束
    group_code: str
    group_field: str
    experts: int                     # experts with a score sheet for this project (not 已回避/已替补)
    declined: int                    # experts who withdrew from this project without a replacement
    submitted: int | None            # sheets handed in; None when the role may not follow the progress
    draw_on: date
    deadline: date | None
    closed_at: datetime | None
    result: ResultRow | None         # score, marks used and dropped, recommendations, rank
    ranked: int                      # how many projects the round ranked (0 while the result is hidden)
    rule_label: str                  # 汇总规则, e.g. 去掉最高分和最低分后平均
    spread_threshold: Decimal | None
    criteria: list[tuple[str, str]]  # (code, name) of the call's rubric, the columns of the marks
    hidden_reason: str               # why ``result`` is None ("" when it is shown)


@dataclass(frozen=True)
class ProjectFundingInfo:
    """资助决定 of the project (the manager's list): funded with an amount, or not, and why."""

    funded: bool
    approved: Money                  # 拟资助金额 (kept when an upheld objection later reversed the decision)
    requested: Money
    note: str                        # 决定依据 when funded; the reason when not (incl. 公示异议成立：…)
    warnings: str                    # warnings the manager acknowledged (e.g. over the call's budget)
    decided_by: str                  # by name
    decided_by_username: str
    decided_at: datetime


@dataclass(frozen=True)
class ProjectPublicityInfo:
    start: date
    end: date
    working_days: int
    note: str
    status_label: str                # 未开始 | 公示中 | 公示期满，待办理立项 | 已结束
    finished_at: datetime | None
    objections: list[ObjectionInfo]  # against this project only


@dataclass(frozen=True)
class ProjectReview:
    project_id: int
    project_code: str
    rounds: list[ProjectRoundInfo]
    decision: ProjectFundingInfo | None
    publicity: ProjectPublicityInfo | None
