"""形式审查 (screening) data: what the automatic checks read and what they report.

Plain dataclasses only. The service layer fills a :class:`ScreeningInput` from the store; the checks in
``screening_eligibility`` and ``screening_budget`` turn it into one :class:`CheckResult` per check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from .entities import Call, Person, Project, Unit
from .lifecycle import ProjectState
from .money import Money
from .policy import CallCategory, OrganisationMode, PolicyParameters

#: Longest project period (执行期) accepted at screening, in years.
MAX_PERIOD_YEARS = 5


class Severity(str, Enum):
    """How a failed check counts: ``error`` blocks the screening, ``warning`` is for the clerk to judge."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "不通过", "warning": "需人工判断"}[self.value]


@dataclass(frozen=True)
class CreditBar:
    """失信惩戒: one active dishonesty-list entry barring a unit or a person from applying."""

    subject_kind: str          # "unit" | "person"
    subject_id: int
    name: str
    reason: str
    bar_until: date | None     # None = no end date set (barred until lifted)
    effective: date | None = None

    def is_active(self, on: date) -> bool:
        """True when ``on`` lies within the bar period (both ends inclusive)."""
        if self.effective is not None and on < self.effective:
            return False
        return self.bar_until is None or on <= self.bar_until


@dataclass(frozen=True)
class OtherApplication:
    """Another application in an open call (or this project's own row, which the checks skip)."""

    project_id: int | None
    call_code: str
    call_name: str
    unit_id: int | None
    leader_id: int | None
    title: str
    state: ProjectState = ProjectState.APPLIED
    unit_name: str = ""
    leader_name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.state, ProjectState):
            object.__setattr__(self, "state", ProjectState(self.state))


@dataclass
class ScreeningInput:
    """Everything the automatic checks need, loaded by the service layer.

    ``unit`` and ``leader`` may be None when the application does not name them; the required-fields
    check then fails and the checks that need them say they could not run.
    """

    project: Project
    call: Call
    unit: Unit | None
    leader: Person | None
    policy: PolicyParameters
    today: date
    #: active dishonesty-list entries of the unit, the leader and the team members
    bars: list[CreditBar] = field(default_factory=list)
    #: (code, title) of the projects the leader already leads in an active state, excluding this one
    leader_active_projects: list[tuple[str, str]] = field(default_factory=list)
    #: applications in every open call (this project's own row is skipped by ``project_id`` when the
    #: project has an id; rejected/terminated/archived rows are skipped)
    other_open_applications: list[OtherApplication] = field(default_factory=list)

    @property
    def is_open_competition(self) -> bool:
        """揭榜挂帅: by the call's category or its organisation mode (P4/P5)."""
        return (self.call.category is CallCategory.OPEN_COMPETITION
                or self.call.organisation_mode is OrganisationMode.OPEN_COMPETITION)

    @property
    def is_post_subsidy(self) -> bool:
        """后补助: by the call's category or its organisation mode (P4/P15)."""
        return (self.call.category is CallCategory.POST_SUBSIDY
                or self.call.organisation_mode is OrganisationMode.POST_SUBSIDY)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one automatic check, passed or not, with the reason in Chinese."""

    code: str          # stable id, e.g. "indirect_cost"
    name: str          # Chinese name shown in the list
    passed: bool
    message: str       # Chinese, with the numbers (万元) and names that decided it
    rule: str          # source of the rule, e.g. "P6 …" or "申报指南·…"
    severity: Severity = Severity.ERROR
    applicable: bool = True   # False when the check does not apply to this call (it then passes)

    @property
    def blocks(self) -> bool:
        """True when this result makes the screening fail."""
        return not self.passed and self.severity is Severity.ERROR

    @property
    def status_label(self) -> str:
        if self.passed:
            return "通过" if self.applicable else "不适用"
        return self.severity.label


@dataclass(frozen=True)
class ScreeningReport:
    """All results of one screening run, in check order."""

    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        """True when no error-severity check failed (warnings are for the clerk's judgement)."""
        return not any(r.blocks for r in self.results)

    @property
    def errors(self) -> list[CheckResult]:
        return [r for r in self.results if r.blocks]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed and r.severity is Severity.WARNING]

    def by_code(self, code: str) -> CheckResult:
        for r in self.results:
            if r.code == code:
                return r
        raise KeyError(code)

    def summary(self) -> str:
        """'形式审查 17 项：通过 15 项，不通过 1 项，需人工判断 1 项'."""
        ok = sum(1 for r in self.results if r.passed)
        return (f"形式审查 {len(self.results)} 项：通过 {ok} 项，不通过 {len(self.errors)} 项，"
                f"需人工判断 {len(self.warnings)} 项")


# -- message helpers shared by the check modules ------------------------------------------------
def wan(m: Money) -> str:
    """'16.00 万元'."""
    return f"{m.wan_str()} 万元"


def pct(ratio: Decimal, places: int = 1) -> str:
    """A ratio as a percentage for messages: Decimal('0.2') → '20%', Decimal('0.3333') → '33.3%'."""
    value = ratio * 100
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}%"


def plain_decimal(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros: Decimal('1.50') → '1.5', Decimal('10') → '10'."""
    return format(d.normalize(), "f")
