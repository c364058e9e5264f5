"""The table of policy parameters (政策参数一览): one plain description per field of
:class:`~.policy.PolicyParameters` — Chinese label, POLICY.md rule and source, kind, unit and range — so the
GUI and the CLI show, edit and parse every parameter from the same place (:mod:`.policy_text`).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from .errors import ValidationError
from .policy import BUDGET_SUBJECTS, INDIRECT, IndirectScheme


class ParamKind(str, Enum):
    COUNT = "count"                    # whole number in a unit (次, 年, 个工作日 …)
    OPTIONAL_COUNT = "optional_count"  # whole number, or None = 不限
    MONEY = "money"                    # Money, entered and shown in 万元
    RATIO = "ratio"                    # Decimal 0–1, shown as a percentage
    OPTIONAL_RATIO = "optional_ratio"  # ratio, or None = 不限
    POINTS = "points"                  # Decimal number of review points (分)
    FLAG = "flag"                      # bool: 是 / 否
    CHOICE = "choice"                  # an enum member, shown by its Chinese label
    LEVEL = "level"                    # one of the parameters' own credit levels
    SUBJECTS = "subjects"              # a set of budget subjects
    LEVELS = "levels"                  # an ordered list of names (best first)


#: The seed documents POLICY.md cites by number (shown as a tool tip next to the source).
SOURCE_DOCUMENTS = {
    "000": "临沂市“十四五”科技创新发展规划（征求意见稿）",
    "001": "科技创新跃升计划实施方案（四篇）",
    "003": "临沂市科学技术局对市政协十六届三次会议第 293 号建议的答复",
}

#: Every budget subject of both schemes except 间接费用 (a ceiling, never an adjustable line): what P8 may
#: delegate to the unit.
ADJUSTABLE_SUBJECTS: tuple[str, ...] = tuple(dict.fromkeys(
    s for scheme in BUDGET_SUBJECTS.values() for s in scheme if s != INDIRECT))

GROUP_FUNDS = "经费与预算"
GROUP_BALANCE = "结余与信用"
GROUP_SCREENING = "形式审查与评审"
GROUP_SUPERVISION = "检查与验收"
GROUPS = (GROUP_FUNDS, GROUP_BALANCE, GROUP_SCREENING, GROUP_SUPERVISION)


@dataclass(frozen=True)
class ParamSpec:
    """How one parameter is named, justified, shown and entered.

    ``rule`` is the POLICY.md rule id (``P6``) or, for a parameter POLICY.md's table does not number, the
    area it belongs to (``形式审查``); ``minimum``/``maximum`` bound numbers (a ratio's as 0–1 Decimals);
    ``choices`` are the enum members of a CHOICE (each has a Chinese ``label``)."""

    name: str
    label: str
    rule: str
    source: str
    group: str
    kind: ParamKind
    unit: str = ""
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    choices: tuple[Any, ...] = ()
    help: str = ""

    @property
    def numbered(self) -> bool:
        """True for a POLICY.md rule (P1–P17)."""
        return self.rule.startswith("P") and self.rule[1:].isdigit()

    @property
    def title(self) -> str:
        """'P6 间接费用比例上限' (the label alone for an unnumbered rule)."""
        return f"{self.rule} {self.label}" if self.numbered else self.label

    @property
    def basis(self) -> str:
        """'P6 · 001 篇三第 8 项' or '形式审查 · 本地限项规定' (the 依据 column)."""
        return f"{self.rule} · {self.source}"

    @property
    def caption(self) -> str:
        """'P6 间接费用比例上限（来源：001 篇三第 8 项）'."""
        return f"{self.title}（来源：{self.source}）"

    @property
    def source_tip(self) -> str:
        """The source with the cited document's title, for a tool tip."""
        doc = SOURCE_DOCUMENTS.get(self.source[:3])
        text = f"{self.caption}\n{self.help}" if self.help else self.caption
        return f"{text}\n{self.source[:3]}：{doc}" if doc else text


_P = ParamKind
_D = Decimal
#: In the order of PolicyParameters' fields; tests/unit/test_policy_text.py fails when a field is missing here.
PARAMETERS: tuple[ParamSpec, ...] = (
    ParamSpec("max_inspections_per_cycle", "一个项目周期最多检查次数", "P2", "000 §十三.2", GROUP_SUPERVISION,
              _P.COUNT, "次", 1, 10, help="从立项到验收，审计、监督、检查结果互认，“最多查一次”"),
    ParamSpec("open_competition_min", "揭榜挂帅项目最低资助额", "P5", "003 §一 二是", GROUP_FUNDS,
              _P.MONEY, "万元", help="揭榜挂帅类项目每项资助不少于此金额"),
    ParamSpec("indirect_scheme", "间接费用核定方式", "P6", "001 篇三第 8 项", GROUP_FUNDS, _P.CHOICE,
              choices=tuple(IndirectScheme),
              help="统一比例按下一项的上限；分段按直接费用扣除设备费后 500 万元、1000 万元两个分界"),
    ParamSpec("indirect_ceiling", "统一比例时的间接费用上限", "P6", "001 篇三第 8 项", GROUP_FUNDS,
              _P.RATIO, minimum=_D(0), maximum=_D(1), help="间接费用不超过（直接费用 − 设备费）的此比例"),
    ParamSpec("calc_basis_threshold", "免填测算依据的科目比例", "P7", "001 篇三第 7 项", GROUP_FUNDS, _P.RATIO,
              minimum=_D(0), maximum=_D(1), help="低于直接费用此比例的预算科目不需要填写测算依据"),
    ParamSpec("delegated_subjects", "下放单位调剂的预算科目", "P8", "001 篇三第 7 项", GROUP_FUNDS,
              _P.SUBJECTS, help="总额不变时这些科目的调剂由单位自行办理、备案即可，其他科目须审批"),
    ParamSpec("labour_ratio_cap", "劳务费比例参考上限", "P9", "001 篇三第 9 项", GROUP_FUNDS,
              _P.OPTIONAL_RATIO, minimum=_D(0), maximum=_D(1),
              help="默认不限（劳务费不设比例限制）；设定后只提示，不阻止申报"),
    ParamSpec("carry_over", "年度结余结转下年使用", "P10", "001 篇三第 10 项", GROUP_BALANCE, _P.FLAG),
    ParamSpec("retention_years", "结余资金留用年限", "P11", "001 篇三第 10 项", GROUP_BALANCE,
              _P.OPTIONAL_COUNT, "年", 1, 99, help="验收通过且信用良好时结余留用的年限，到期未用完收回；可设为不限"),
    ParamSpec("retention_min_credit", "结余留用所需最低信用等级", "P11", "001 篇三第 10 项", GROUP_BALANCE,
              _P.LEVEL, help="单位信用不低于此等级才可留用结余，否则立即收回"),
    ParamSpec("dishonesty_bar_years", "失信惩戒默认期限", "P12", "000 §十三.2", GROUP_BALANCE, _P.COUNT, "年",
              1, 99, help="失信记录默认的限制申报期限（每个案件可另行设定）"),
    ParamSpec("credit_levels", "由好到差的信用等级", "科研诚信", "各发布机关等级不同",
              GROUP_BALANCE, _P.LEVELS, help="单位和个人信用等级的名称，按由好到差排列"),
    ParamSpec("leader_max_active_projects", "项目负责人在研项目上限", "形式审查", "本地限项规定",
              GROUP_SCREENING, _P.COUNT, "项", 1, 20, help="负责人主持的在研项目达到此数时不能再申报"),
    ParamSpec("title_similarity_threshold", "重复申报名称相似度阈值", "形式审查", "本地重复申报规定",
              GROUP_SCREENING, _P.RATIO, minimum=_D(0), maximum=_D(1),
              help="同一单位或负责人的项目名称相似度达到此比例时提示重复申报"),
    ParamSpec("horizontal_city_level_threshold", "横向项目视同市级项目的金额", "P17", "001 篇二第 9 项",
              GROUP_SUPERVISION, _P.MONEY, "万元", help="超过此金额的横向（委托）项目在评价中视同市级项目"),
    ParamSpec("publicity_working_days", "拟立项公示期", "公示", "本地公示规定", GROUP_SCREENING,
              _P.COUNT, "个工作日", 1, 30, help="开始公示时默认的公示天数（按工作日计）"),
    ParamSpec("rectification_months", "验收复议整改期限", "验收", "重大项目整改惯例",
              GROUP_SUPERVISION, _P.COUNT, "个月", 1, 24, help="重大项目验收需要复议时，一次整改的期限"),
    ParamSpec("reconsider_below_ratio", "任务完成率低于此比例需要复议", "验收", "地市验收模板",
              GROUP_SUPERVISION, _P.RATIO, minimum=_D(0), maximum=_D(1),
              help="考核指标完成不足此比例时验收结论为需要复议"),
    ParamSpec("review_drop_extremes_min", "去掉最高最低分的最少分数个数", "专家评审",
              "本地评审规则", GROUP_SCREENING, _P.COUNT, "个", 3, 99,
              help="分数达到此个数时去掉一个最高分和一个最低分再平均（至少 3 个）"),
    ParamSpec("review_disagreement_spread", "专家评分极差提示阈值", "专家评审",
              "本地评审规则", GROUP_SCREENING, _P.POINTS, "分", _D(0), _D(1000),
              help="同一项目的最高分与最低分相差超过此分值时提示分歧较大"),
)

_BY_NAME = {p.name: p for p in PARAMETERS}


def param(name: str) -> ParamSpec:
    return _BY_NAME[name]


def find_param(key: str) -> ParamSpec:
    """The parameter a user means by ``key``: its field name, its label or title exactly, or the one label
    that contains ``key``. Unknown or ambiguous → ValidationError listing the parameters."""
    key = key.strip()
    if key in _BY_NAME:
        return _BY_NAME[key]
    exact = [p for p in PARAMETERS if key in (p.label, p.title)]
    if len(exact) == 1:
        return exact[0]
    partial = [p for p in PARAMETERS if key and key in p.title]
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        names = "、".join(f"{p.name}（{p.title}）" for p in partial)
        raise ValidationError(f"参数“{key}”有歧义，可能是：{names}；请写参数名")
    raise ValidationError(f"没有名为“{key}”的政策参数。可用的参数名：\n" + known_keys_text())


def known_keys_text() -> str:
    """One line per parameter: 'indirect_ceiling  P6 统一比例时的间接费用上限'."""
    width = max(len(p.name) for p in PARAMETERS)
    return "\n".join(f"  {p.name.ljust(width)}  {p.title}" for p in PARAMETERS)

