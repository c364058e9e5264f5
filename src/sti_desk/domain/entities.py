"""Entities of the bureau's world as plain dataclasses (no ORM): what services hand to the UI and to
Excel/PDF renderers. Identity is ``id`` (None before the record is stored); ``version`` is the
optimistic-lock counter the store checks on save."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .lifecycle import ProjectState
from .money import Money
from .policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode


class UnitType(str, Enum):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    HOSPITAL = "hospital"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"

    @property
    def label(self) -> str:
        return UNIT_TYPE_LABELS[self]


UNIT_TYPE_LABELS = {
    UnitType.ENTERPRISE: "企业", UnitType.UNIVERSITY: "高等院校", UnitType.INSTITUTE: "科研院所",
    UnitType.HOSPITAL: "医疗卫生机构", UnitType.PUBLIC_INSTITUTION: "事业单位", UnitType.OTHER: "其他",
}

#: Research fields used for projects and the expert pool (学科/技术领域).
FIELDS = ("电子信息", "先进制造", "新材料", "生物医药", "现代农业", "资源环境", "新能源", "社会发展", "软科学")


@dataclass
class Unit:
    """单位: an applicant or employer. ``credit_code`` is the 统一社会信用代码 (natural key)."""

    name: str
    credit_code: str
    unit_type: UnitType = UnitType.ENTERPRISE
    above_scale_industrial: bool = False   # 规上工业企业 (P14)
    has_rd_institution: bool = False       # 有研发机构 (P14)
    rd_intensity: str = ""                 # 研发投入强度, e.g. "3.2%" (P15)
    address: str = ""
    contact: str = ""
    phone: str = ""
    credit_level: str = "良好"
    id: int | None = None
    version: int = 1


@dataclass
class Person:
    """自然人: project leader, team member or expert. ``id_number`` is the natural key."""

    name: str
    id_number: str
    unit_id: int | None = None
    title: str = ""          # 职称
    phone: str = ""
    credit_level: str = "良好"
    id: int | None = None
    version: int = 1


@dataclass
class Expert:
    """评审专家: a person in the bureau's expert pool."""

    person_id: int
    field: str
    specialty: str = ""
    active: bool = True
    id: int | None = None
    version: int = 1


@dataclass
class Call:
    """申报批次 / 年度计划: the rules one round of applications is judged by."""

    code: str
    name: str
    year: int
    category: CallCategory
    funding_mode: FundingMode = FundingMode.BUDGET
    organisation_mode: OrganisationMode = OrganisationMode.COMPETITIVE
    budget_scheme: BudgetScheme = BudgetScheme.SIMPLIFIED
    cap: Money = Money(0)                 # 单项资助上限 (0 = no cap)
    total_budget: Money = Money(0)        # 批次总预算
    opens: date | None = None
    closes: date | None = None
    self_funding_ratio: str = "0"         # 自筹:财政 minimum, e.g. "1" = at least 1:1 (Decimal as text)
    experts_per_group: int = 5
    aggregation: str = "trimmed_mean"     # trimmed_mean | mean | median
    disbursement_plan: str = "0.7,0.3"    # tranche ratios: on signing, after acceptance
    id: int | None = None
    version: int = 1


@dataclass
class BudgetLine:
    subject: str
    fiscal: Money = Money(0)
    self_raised: Money = Money(0)
    basis: str = ""   # 测算依据 (needed when ≥ 10 % of direct costs, P7)


@dataclass
class TeamMember:
    person_id: int
    role: str = "成员"
    unit_id: int | None = None


@dataclass
class Project:
    """科技项目 from application to archive."""

    call_id: int
    unit_id: int
    leader_id: int
    title: str
    field: str
    start_date: date | None = None
    end_date: date | None = None
    requested: Money = Money(0)        # 申请财政资金
    self_raised: Money = Money(0)      # 自筹资金
    approved: Money = Money(0)         # 立项财政资金
    lump_sum_pledge: bool = False      # 包干制诚信承诺
    summary: str = ""
    code: str = ""
    state: ProjectState = ProjectState.APPLIED
    budget_lines: list[BudgetLine] = field(default_factory=list)
    team: list[TeamMember] = field(default_factory=list)
    id: int | None = None
    version: int = 1


@dataclass(frozen=True)
class CreditRecord:
    """科研诚信: one change of a unit's or person's credit level, with its cause."""

    subject_kind: str        # "unit" | "person"
    subject_id: int
    level: str
    reason: str
    effective: date
    bar_until: date | None = None   # 失信惩戒: applications barred until this date
    recorded_at: datetime | None = None
    id: int | None = None
