"""Plain data of the review results, the 评审结果汇总表, the funding decision and the publicity
(re-exported by :mod:`.review_dto`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.money import Money
from ..domain.review import Rubric

if TYPE_CHECKING:  # only annotations: review_dto re-exports this module
    from .review_dto import ExpertRef, ProjectRef


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowDecision:
    """The funding decision (资助决定) on a reviewed project — what was decided, not the stage it is in now."""

    funded: bool
    approved: Money           # the amount decided; kept when an upheld objection overturned it
    note: str                 # funded: the decision's note; not funded: the reason (and the objection's)
    decided_at: datetime

    @property
    def overturned(self) -> bool:
        """Funded, then a publicity objection was upheld (公示异议成立 → 不予立项)."""
        return not self.funded and self.approved.fen > 0

    @property
    def text(self) -> str:
        """资助 166.40 万元 | 不予资助（评审未入选） | 不予资助（公示异议成立）."""
        if self.funded:
            return f"资助 {self.approved.wan_str()} 万元"
        if self.overturned:
            return "不予资助（公示异议成立）"
        return f"不予资助（{self.note}）" if self.note else "不予资助"


#: the 资助决定 of a project of a closed round without one yet
UNDECIDED = "待决定"


@dataclass(frozen=True)
class MarkLine:
    expert: ExpertRef
    total: Decimal
    criteria: dict[str, Decimal]
    dropped: str | None       # highest | lowest | None (entered the score)
    recommendation: str
    comment: str
    z: Decimal | None = None


@dataclass(frozen=True)
class ResultRow:
    rank: int
    project: ProjectRef
    requested: Money
    score: Decimal
    median: Decimal
    mean: Decimal
    count: int
    marks: list[MarkLine]
    spread: Decimal
    disagreement: bool
    explanation: str
    criterion_means: dict[str, Decimal]
    tie_note: str
    recommendations: dict[str, int]
    mean_z: Decimal | None = None   # mean of the defined z (with_z); None also when no expert has one
    z_count: int = 0                # how many experts' z the mean is over (the others had no spread)
    decision: RowDecision | None = None   # the funding decision, None: 待决定

    @property
    def decision_text(self) -> str:
        """资助决定 as the CLI and the 评审结果 table say it: :attr:`RowDecision.text`, or 待决定."""
        return self.decision.text if self.decision else UNDECIDED


@dataclass(frozen=True)
class ReviewResults:
    round_id: int
    call_code: str
    call_name: str
    number: int
    rule: str
    rule_label: str
    min_for_trim: int
    spread_threshold: Decimal
    tie_break: str
    rubric: Rubric
    rows: list[ResultRow]
    per_group: int            # 每组评审专家 the round was drawn with (review_rounds.per_group)
    with_z: bool = False      # the z-score view was computed (ResultRow.mean_z, MarkLine.z)
    no_spread: list[ExpertRef] = field(default_factory=list)  # with_z: experts with no z (marks all equal)


@dataclass(frozen=True)
class SummaryGroup:
    code: str
    field: str
    experts: list[ExpertRef]
    project_codes: list[str]


@dataclass(frozen=True)
class SummaryRow:
    rank: int
    project: ProjectRef
    score: Decimal
    count: int
    spread: Decimal
    disagreement: bool
    note: str
    requested: Money
    funded: bool | None        # None: not decided yet
    approved: Money


@dataclass(frozen=True)
class ReviewSummary:
    """评审结果汇总表 data for a PDF renderer."""

    call_code: str
    call_name: str
    year: int
    category_label: str
    round_number: int
    rubric_lines: list[tuple[str, int]]
    rule_label: str
    min_for_trim: int
    spread_threshold: Decimal
    seed: str
    inputs_digest: str
    draw_on: date
    drawn_by: str
    closed_at: datetime | None
    closed_by: str
    groups: list[SummaryGroup]
    rows: list[SummaryRow]
    decided_at: datetime | None
    publicity: tuple[date, date] | None
    generated_at: datetime = field(default_factory=datetime.now)


# -- decision and publicity -------------------------------------------------------------------
@dataclass(frozen=True)
class FundingOutcome:
    proposed: list[tuple[str, Money]]
    rejected: list[str]
    total: Money
    warnings: list[str]


@dataclass(frozen=True)
class ObjectionInfo:
    id: int
    project_code: str
    project_title: str
    received_on: date
    objector: str
    content: str
    resolution: str
    upheld: bool | None
    resolved_by: str              # by name (王丽)
    resolved_at: datetime | None
    version: int
    recorded_by: str = ""         # who registered it, by name
    recorded_by_username: str = ""
    resolved_by_username: str = ""


@dataclass(frozen=True)
class PublicityInfo:
    id: int
    call_code: str
    start: date
    end: date
    working_days: int
    projects: list[ProjectRef]
    objections: list[ObjectionInfo]
    finished_at: datetime | None


@dataclass(frozen=True)
class FinishOutcome:
    approved: list[str]
    held: list[tuple[str, str]]   # (project code, why it was not approved yet)
    finished: bool
