"""Plain data of the review services (专家评审): what the GUI, the CLI and reports receive.

Never ORM objects. Marks and scores are exact ``Decimal``; money is :class:`Money`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.review import Rubric
from .review_dto_experts import ExpertInput, ScoreBudgetLine, ScoreTeamMember, WorkUnit

ROUND_STATUS_LABELS = {"drawing": "抽取完成待开评", "scoring": "评分中", "closed": "已结束"}
ASSIGNMENT_STATUS_LABELS = {"assigned": "待评", "submitted": "已提交", "declined": "已回避/退出",
                            "replaced": "已替补"}


class ConfirmationNeeded(ValidationError):
    """A rule only warns (e.g. the funding list is over the call's budget): repeat the call with the
    confirming parameter set to go ahead. ``warnings`` lists what must be acknowledged."""

    def __init__(self, message: str, warnings: list[str]):
        super().__init__(message, rule="需确认")
        self.warnings = warnings


class SheetRejected(ValidationError):
    """An offline score sheet was refused as a whole; ``problems`` names every bad cell or check."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


# -- expert pool ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExpertInfo:
    id: int
    person_id: int
    name: str
    unit_id: int | None
    unit_name: str
    field: str
    specialty: str
    title: str
    phone: str
    active: bool
    suspended_reason: str
    declared_conflicts: int
    version: int
    workplace: str = ""       # 工作单位 as typed when not in 单位库 (``unit_name`` then shows it)
    tasks: int = 0            # review tasks given to the expert, pending or submitted (评审任务)


@dataclass(frozen=True)
class DeclaredConflictInfo:
    id: int
    expert_id: int
    target_kind: str          # project | unit | person
    target_id: int
    target_label: str         # "项目 2026-CGZH-0003《…》" / "单位 青溪…" / "人员 张伟"
    reason: str
    expires: date | None
    in_force: bool            # on the day asked for
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class ExpertStatusEntry:
    active: bool
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class ExpertHistoryRow:
    """One assignment of an expert (评审经历). ``total`` only once the round is closed."""

    round_id: int
    call_code: str
    call_name: str
    round_number: int
    round_status: str
    group_code: str
    project_code: str
    project_title: str
    status: str
    assigned_at: datetime
    submitted_at: datetime | None
    total: Decimal | None


@dataclass(frozen=True)
class RubricInfo:
    call_code: str
    rubric: Rubric
    is_default: bool          # no rubric stored on the call: the domain default applies
    aggregation: str
    aggregation_label: str
    experts_per_group: int
    locked: bool              # a review round exists: rubric and rule can no longer change
    version: int              # the call's version (optimistic lock for set_rubric)


# -- draw -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExpertRef:
    id: int
    name: str
    unit_name: str = ""


@dataclass(frozen=True)
class ProjectRef:
    id: int
    code: str
    title: str
    unit_name: str = ""


@dataclass(frozen=True)
class GroupSummary:
    code: str
    field: str
    projects: list[ProjectRef]
    panel: list[ExpertRef]
    reserves: list[ExpertRef]


@dataclass(frozen=True)
class DrawSummary:
    round_id: int
    call_code: str
    number: int
    status: str
    seed: str
    inputs_digest: str
    groups: list[GroupSummary]
    assignments: int
    warnings: list[str]


@dataclass(frozen=True)
class ExclusionView:
    expert: ExpertRef
    kind: str                 # suspended | conflict | declined | on_panel | missing
    kind_label: str
    reasons: list[str]


@dataclass(frozen=True)
class LotView:
    expert: ExpertRef
    field: str
    tier: int
    panel_load: int
    reserve_load: int
    lot: int
    outcome: str              # 评审专家 | 备选专家 | 未抽中


@dataclass(frozen=True)
class ReplacementView:
    group_code: str
    declined: ExpertRef
    new: ExpertRef
    reason: str
    source: str               # reserve | pool
    skipped: list[ExclusionView]
    by: str                   # who registered it, by name
    at: datetime
    by_username: str = ""     # their account, for a tooltip


@dataclass(frozen=True)
class DrawGroupRecord:
    code: str
    field: str
    projects: list[ProjectRef]
    panel_as_drawn: list[ExpertRef]
    panel_now: list[ExpertRef]
    reserves: list[ExpertRef]
    pool_size: int
    other_field_count: int
    excluded: list[ExclusionView]
    lots: list[LotView]
    neighbour_fields_used: list[str]
    notes: list[str]


@dataclass(frozen=True)
class DrawRecordView:
    """抽取记录: who was drawn, who was excluded and why; enough to re-run the draw (clerks, managers)."""

    round_id: int
    call_code: str
    call_name: str
    number: int
    status: str
    seed: str
    draw_on: date
    per_group: int
    reserves: int
    max_group_size: int
    inputs_digest: str
    created_by: str           # 抽取人 by name (王丽)
    created_at: datetime
    groups: list[DrawGroupRecord]
    replacements: list[ReplacementView]
    warnings: list[str]
    created_by_username: str = ""   # the account (wangli), for a tooltip


@dataclass(frozen=True)
class DrawVerification:
    ok: bool
    message: str
    recorded_digest: str
    recomputed_digest: str


@dataclass(frozen=True)
class ReplacementResult:
    assignment_ids: list[int]  # the new expert's assignments
    group_code: str
    declined: ExpertRef
    new: ExpertRef
    source: str
    skipped: list[ExclusionView]


# -- scoring ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MyAssignment:
    id: int
    round_id: int
    round_status: str
    call_code: str
    call_name: str
    group_code: str
    project_code: str
    project_title: str
    unit_name: str
    field: str
    status: str
    status_label: str
    locked: bool
    has_draft: bool
    deadline: date | None
    submitted_at: datetime | None
    deadline_note: str = ""      # 评分截止 as of today, for a sheet still to submit (domain scoring_deadline_note)
    overdue: bool = False        # still to submit and the deadline has passed


def pending_deadlines(rows: list[MyAssignment]) -> list[tuple[str, bool]]:
    """评分截止 of each round with sheets still to submit: (“批次（n 个项目未提交）：note”, overdue), one per round."""
    rounds: dict[int, list[MyAssignment]] = {}
    for a in rows:
        if a.deadline_note:
            rounds.setdefault(a.round_id, []).append(a)
    return [(f"{p[0].call_name}（{len(p)} 个项目未提交）：{p[0].deadline_note}", p[0].overdue) for p in rounds.values()]


@dataclass(frozen=True)
class ScoreForm:
    """What an expert needs to judge one project, and their own marks so far (never anyone else's)."""

    assignment_id: int
    version: int
    call_code: str
    call_name: str
    project_code: str
    title: str
    unit_name: str
    field: str
    leader_name: str
    summary: str
    start_date: date | None
    end_date: date | None
    requested: Money
    self_raised: Money
    budget_total: Money
    rubric: Rubric
    marks: dict[str, Decimal]
    comment: str
    recommendation: str
    status: str
    locked: bool
    total: Decimal | None
    deadline: date | None
    budget_lines: tuple[ScoreBudgetLine, ...] = ()   # 预算明细, read-only
    team: tuple[ScoreTeamMember, ...] = ()           # 项目组成员 (the leader first), without ID numbers
    deadline_note: str = ""                          # as MyAssignment: only while the sheet is to be submitted
    overdue: bool = False


@dataclass(frozen=True)
class SaveResult:
    assignment_id: int
    version: int
    submitted: bool
    total: Decimal | None


@dataclass(frozen=True)
class PendingItem:
    assignment_id: int
    expert: ExpertRef
    project_code: str
    project_title: str
    has_draft: bool
    status: str = "assigned"


@dataclass(frozen=True)
class ExpertProgress:
    expert: ExpertRef
    phone: str
    assigned: int
    submitted: int
    drafts: int
    pending: int
    declined: int
    late: bool                # pending work and the round's deadline has passed (no deadline: never late)


@dataclass(frozen=True)
class RoundStatus:
    round_id: int
    call_code: str
    number: int
    status: str
    status_label: str
    deadline: date | None
    total: int
    submitted: int
    pending: int
    experts: list[ExpertProgress]
    pending_items: list[PendingItem]
    can_close: bool
    per_group: int            # 每组评审专家 the round was drawn with (review_rounds.per_group)


@dataclass(frozen=True)
class SheetImportResult:
    expert: ExpertRef
    round_id: int
    submitted: list[str]        # project codes saved and submitted
    drafts: list[str]           # partly filled rows saved as drafts
    missing: list[str]          # "2026-CGZH-0003《…》" left empty
    already_submitted: list[str]
    not_saved: list[str] = field(default_factory=list)  # why a row with only a comment/recommendation was not saved
    draft_gaps: list[str] = field(default_factory=list)  # “第 6 行（2026-CGZH-0002）尚缺：团队基础、预算合理性”
    #: drafts the expert had saved in the system that the sheet changed: “2026-CGZH-0002（暂存于 2026-05-06 10:00）”
    overwritten_drafts: list[str] = field(default_factory=list)


# results, summary, decision and publicity live in their own module (file size); import them from here
from .review_dto_outcomes import (  # noqa: E402
    FinishOutcome, FundingOutcome, MarkLine, ObjectionInfo, PublicityInfo, ResultRow, ReviewResults, ReviewSummary,
    SummaryGroup, SummaryRow,
)

__all__ = [
    "ASSIGNMENT_STATUS_LABELS", "ROUND_STATUS_LABELS", "ConfirmationNeeded", "DeclaredConflictInfo",
    "DrawGroupRecord", "DrawRecordView", "DrawSummary", "DrawVerification", "ExclusionView", "ExpertHistoryRow",
    "ExpertInfo", "ExpertInput", "ExpertProgress", "ExpertRef", "ExpertStatusEntry", "FinishOutcome", "FundingOutcome",
    "GroupSummary", "LotView", "MarkLine", "MyAssignment", "ObjectionInfo", "PendingItem", "ProjectRef",
    "PublicityInfo", "ReplacementResult", "ReplacementView", "ResultRow", "ReviewResults", "ReviewSummary",
    "RoundStatus", "RubricInfo", "SaveResult", "ScoreBudgetLine", "ScoreForm", "ScoreTeamMember", "SheetImportResult",
    "SheetRejected", "SummaryGroup", "SummaryRow", "WorkUnit",
]
