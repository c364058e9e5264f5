"""Policy parameters (政策参数) with the defaults of POLICY.md, versioned by effective date.

A change applies from its ``effective_from`` date and never rewrites a settled project: services look up
the version in force on the date that matters (the call's opening date, the acceptance date …).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from enum import Enum

from .errors import ValidationError
from .money import Money


class FundingMode(str, Enum):
    BUDGET = "budget"      # 预算制: itemised budget
    LUMP_SUM = "lump_sum"  # 包干制: total + integrity pledge

    @property
    def label(self) -> str:
        return {"budget": "预算制", "lump_sum": "包干制"}[self.value]


class CallCategory(str, Enum):
    KEY_RD = "key_rd"
    TRANSFER = "transfer"
    OPEN_COMPETITION = "open_competition"
    POST_SUBSIDY = "post_subsidy"
    SOFT_SCIENCE = "soft_science"

    @property
    def label(self) -> str:
        return {"key_rd": "重点研发", "transfer": "成果转化", "open_competition": "揭榜挂帅",
                "post_subsidy": "后补助", "soft_science": "软科学"}[self.value]


class OrganisationMode(str, Enum):
    """P4: how the call organises its projects."""

    COMPETITIVE = "competitive"
    OPEN_COMPETITION = "open_competition"
    CABINET = "cabinet"
    BIG_PROJECT = "big_project"
    HORSE_RACE = "horse_race"
    DIRECTED = "directed"
    POST_SUBSIDY = "post_subsidy"

    @property
    def label(self) -> str:
        return {"competitive": "竞争性评审", "open_competition": "揭榜制", "cabinet": "组阁制",
                "big_project": "大专项+任务清单", "horse_race": "赛马制", "directed": "定向委托",
                "post_subsidy": "后补助"}[self.value]


class BudgetScheme(str, Enum):
    SIMPLIFIED = "simplified"    # 2021 起：设备费、业务费、劳务费 + 间接费用
    TRADITIONAL = "traditional"  # 旧科目：九项直接费用 + 间接费用

    @property
    def label(self) -> str:
        return {"simplified": "三类直接费用（2021）", "traditional": "九项科目（旧）"}[self.value]


INDIRECT = "间接费用"
EQUIPMENT = "设备费"
LABOUR = "劳务费"

BUDGET_SUBJECTS: dict[BudgetScheme, tuple[str, ...]] = {
    BudgetScheme.SIMPLIFIED: (EQUIPMENT, "业务费", LABOUR, INDIRECT),
    BudgetScheme.TRADITIONAL: (
        EQUIPMENT, "材料费", "测试化验加工费", "燃料动力费", "出版/文献/信息传播/知识产权事务费",
        "会议/差旅/国际合作交流费", LABOUR, "专家咨询费", "其他", INDIRECT),
}


class IndirectScheme(str, Enum):
    FLAT = "flat"            # P6: 20 % of (direct − equipment)
    TIERED_OLD = "tiered_old"  # 20 / 15 / 13 % for ≤5 M, 5–10 M, >10 M
    TIERED_2021 = "tiered_2021"  # 30 / 25 / 20 %

    @property
    def label(self) -> str:
        return {"flat": "统一比例", "tiered_old": "分段 20/15/13%", "tiered_2021": "分段 30/25/20%"}[self.value]


_TIERS = {
    IndirectScheme.TIERED_OLD: (Decimal("0.20"), Decimal("0.15"), Decimal("0.13")),
    IndirectScheme.TIERED_2021: (Decimal("0.30"), Decimal("0.25"), Decimal("0.20")),
}
_TIER_LIMITS = (Money.yuan(5_000_000), Money.yuan(10_000_000))


DEFAULT_CREDIT_LEVELS = ("良好", "一般", "较差", "严重失信")


@dataclass(frozen=True)
class PolicyParameters:
    """Every number of POLICY.md, named as the rule it implements."""

    max_inspections_per_cycle: int = 1                       # P2 最多查一次
    open_competition_min: Money = Money.wan(100)             # P5 揭榜挂帅 ≥ 100 万元
    indirect_scheme: IndirectScheme = IndirectScheme.FLAT    # P6
    indirect_ceiling: Decimal = Decimal("0.20")              # P6
    calc_basis_threshold: Decimal = Decimal("0.10")          # P7 items < 10 % need no basis
    delegated_subjects: tuple[str, ...] = (                  # P8 adjustment delegated to the unit
        "材料费", "测试化验加工费", "燃料动力费", "出版/文献/信息传播/知识产权事务费", "其他", "业务费")
    labour_ratio_cap: Decimal | None = None                  # P9 no cap
    carry_over: bool = True                                  # P10
    retention_years: int | None = 3                          # P11; None = no limit
    retention_min_credit: str = "良好"                        # P11
    dishonesty_bar_years: int = 3                            # P12 (set per case)
    credit_levels: tuple[str, ...] = DEFAULT_CREDIT_LEVELS   # 科研诚信 levels, best first
    leader_max_active_projects: int = 2                      # screening: leader limit
    title_similarity_threshold: Decimal = Decimal("0.85")    # screening: 重复申报
    horizontal_city_level_threshold: Money = Money.wan(30)   # P17
    publicity_working_days: int = 5                          # 公示期
    rectification_months: int = 3                            # 验收复议整改期
    reconsider_below_ratio: Decimal = Decimal("0.90")        # 需要复议 when < 90 % of tasks done
    review_drop_extremes_min: int = 5                        # drop highest & lowest from 5 marks
    review_disagreement_spread: Decimal = Decimal("20")      # flag when max − min above this

    def credit_is_good(self, level: str) -> bool:
        """True when ``level`` is at least :attr:`retention_min_credit` in :attr:`credit_levels`."""
        try:
            return self.credit_levels.index(level) <= self.credit_levels.index(self.retention_min_credit)
        except ValueError:
            return False

    def funding_minimum(self, category: CallCategory | str, organisation_mode: OrganisationMode | str) -> Money:
        """P5: the least one project of such a call may be given — :attr:`open_competition_min` for 揭榜挂帅
        (by category or organisation mode, as the screening check decides), Money(0) (none) otherwise."""
        if (CallCategory(category) is CallCategory.OPEN_COMPETITION
                or OrganisationMode(organisation_mode) is OrganisationMode.OPEN_COMPETITION):
            return self.open_competition_min
        return Money(0)

    def indirect_cost_ceiling(self, direct_total: Money, equipment: Money) -> Money:
        """P6: the most a budget may ask as 间接费用 for these direct costs."""
        base = direct_total - equipment
        if base.fen <= 0:
            return Money(0)
        if self.indirect_scheme is IndirectScheme.FLAT:
            return base.times(self.indirect_ceiling)
        rates = _TIERS[self.indirect_scheme]
        low, high = _TIER_LIMITS
        parts = [min(base, low), max(Money(0), min(base, high) - low), max(Money(0), base - high)]
        return sum((p.times(r) for p, r in zip(parts, rates)), Money(0))

    def to_plain(self) -> dict[str, object]:
        """JSON-ready dict (Money as 分, Decimal as string, enums as value)."""
        out: dict[str, object] = {}
        for k, v in asdict(self).items():
            if isinstance(v, Money):
                out[k] = {"fen": v.fen}
            elif isinstance(v, Decimal):
                out[k] = str(v)
            elif isinstance(v, Enum):
                out[k] = v.value
            elif isinstance(v, tuple):
                out[k] = list(v)
            else:
                out[k] = v
        return out

    @classmethod
    def from_plain(cls, data: dict[str, object]) -> PolicyParameters:
        base = cls()
        kw: dict[str, object] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            cur = getattr(base, f.name)
            if isinstance(cur, Money):
                kw[f.name] = Money(int(raw["fen"])) if isinstance(raw, dict) else Money.wan(raw)
            elif isinstance(cur, Decimal) or f.name == "labour_ratio_cap":
                kw[f.name] = None if raw is None else Decimal(str(raw))
            elif isinstance(cur, Enum):
                kw[f.name] = type(cur)(raw)
            elif isinstance(cur, tuple):
                kw[f.name] = tuple(raw)  # type: ignore[arg-type]
            else:
                kw[f.name] = raw
        return replace(base, **kw)


@dataclass(frozen=True)
class PolicyVersion:
    effective_from: date
    params: PolicyParameters = field(default_factory=PolicyParameters)
    note: str = ""


#: the 说明 of the first version, which a new database starts with (the defaults above)
DEFAULT_VERSION_NOTE = "系统默认参数（依据政策文件汇编）"
#: what earlier databases stored as that 说明 (a developer's file name), shown as DEFAULT_VERSION_NOTE
_OLD_DEFAULT_NOTES = frozenset({"POLICY.md 默认参数"})


def shown_note(note: str) -> str:
    """A version's 说明 as shown: the first version's old seed text in words a clerk can read."""
    return DEFAULT_VERSION_NOTE if note in _OLD_DEFAULT_NOTES else note


def policy_in_force(versions: list[PolicyVersion], on: date) -> PolicyParameters:
    """The parameters in force on ``on``: the latest version effective on or before that date."""
    eligible = [v for v in versions if v.effective_from <= on]
    if not eligible:
        if versions:
            raise ValidationError(f"{on:%Y-%m-%d} 之前没有生效的政策参数版本")
        return PolicyParameters()
    return max(eligible, key=lambda v: v.effective_from).params
