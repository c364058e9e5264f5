"""Plain data handed to the UI and to renderers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.entities import BudgetLine, Unit
from ..domain.lifecycle import ProjectState
from ..domain.money import Money


@dataclass(frozen=True, slots=True)
class ProjectListRow:
    id: int
    code: str
    title: str
    call_id: int
    call_name: str
    year: int
    unit_id: int
    unit_name: str
    leader_name: str
    field: str
    state: ProjectState
    requested: Money
    approved: Money
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    from_state: ProjectState | None
    to_state: ProjectState
    action: str
    reason: str
    username: str


@dataclass(frozen=True)
class TeamMemberInfo:
    name: str
    id_number: str
    unit_name: str
    role: str


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    code: str
    title: str
    field: str
    call_id: int
    call_name: str
    call_code: str
    unit_id: int
    unit_name: str
    leader_id: int
    leader_name: str
    leader_id_number: str
    start_date: date | None
    end_date: date | None
    requested: Money
    self_raised: Money
    approved: Money
    lump_sum_pledge: bool
    summary: str
    state: ProjectState
    version: int
    budget_lines: list[BudgetLine]
    team: list[TeamMemberInfo]
    timeline: list[TimelineEvent]
    next_states: list[ProjectState]


@dataclass
class TeamMemberInput:
    name: str
    id_number: str
    unit_id: int | None = None
    role: str = "成员"


@dataclass
class ProjectInput:
    """What the create/edit form (or an import) provides."""

    call_id: int | None
    unit_id: int | None
    title: str
    field: str
    leader_name: str
    leader_id_number: str
    start_date: date | None
    end_date: date | None
    requested: Money
    self_raised: Money = Money(0)
    summary: str = ""
    lump_sum_pledge: bool = False
    budget_lines: list[BudgetLine] = field(default_factory=list)
    team: list[TeamMemberInput] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """An (id, label) pair for drop-downs."""

    id: int
    label: str


UnitInfo = Unit
