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
    mean_z: Decimal | None = None


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
