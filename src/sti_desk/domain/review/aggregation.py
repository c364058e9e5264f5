"""Aggregating the experts' totals of one project into its review score (评审得分汇总).

Rules (the call picks one; :data:`RULES`):
- ``trimmed_mean`` (default, 去掉一个最高分和一个最低分后取平均): with ``min_for_trim`` (5) or more marks
  drop one highest and one lowest, then average the rest; with fewer marks average them all.
- ``mean`` (算术平均) and ``median`` (中位数; an even count averages the two middle marks).

Arithmetic is exact (Decimal sums that never round, means as integer ratios); the score is rounded
half up (四舍五入) to two decimals only at the end, so a mean of exactly 84.335 is 84.34. Among equal
marks, the expert with the smallest id is the one dropped as lowest and the one with the largest id
as highest (same value either way; this only fixes whose name the explanation shows).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

from ..errors import ValidationError
from ._util import (
    Id, exact_sum, fmt_fixed, fmt_points, id_key, mean_half_up, round_half_up, to_decimal,
)

RULES: dict[str, str] = {"trimmed_mean": "去掉最高分和最低分后平均", "mean": "算术平均", "median": "中位数"}
DEFAULT_RULE = "trimmed_mean"
DEFAULT_MIN_FOR_TRIM = 5
DEFAULT_SPREAD_THRESHOLD = Decimal(20)


def rule_text(rule: str, min_for_trim: int = DEFAULT_MIN_FOR_TRIM) -> str:
    """The rule as the results show it: its name, and for ``trimmed_mean`` when marks are dropped
    (“去掉最高分和最低分后平均（5 个及以上分数时；不足时全部平均）”)."""
    label = RULES.get(rule, rule)
    if rule == "trimmed_mean":
        return f"{label}（{min_for_trim} 个及以上分数时去掉最高分和最低分；不足时全部平均）"
    return label


@dataclass(frozen=True)
class ExpertMark:
    """One expert's submitted total for one project, with the per-criterion marks behind it."""

    project_id: Id
    expert_id: Id
    score: Decimal
    criteria: Mapping[str, Decimal] = field(default_factory=dict)
    expert_name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "score", to_decimal(self.score, "专家总分"))
        object.__setattr__(self, "criteria",
                           {k: to_decimal(v, f"评分项“{k}”得分") for k, v in dict(self.criteria).items()})

    @property
    def label(self) -> str:
        return f"专家 {self.expert_name or self.expert_id}"


@dataclass(frozen=True)
class DroppedMark:
    """A mark left out by the trimmed mean."""

    expert_id: Id
    expert_name: str
    value: Decimal
    which: str          # "highest" (最高分) | "lowest" (最低分)

    @property
    def label(self) -> str:
        return f"专家 {self.expert_name or self.expert_id}"


@dataclass(frozen=True)
class ProjectScore:
    """The aggregated review result of one project (项目评审得分)."""

    project_id: Id
    rule: str                              # the rule applied (a key of RULES)
    score: Decimal                         # the result, 2 decimals, half up
    count: int                             # number of marks
    marks: tuple[ExpertMark, ...]          # every mark, highest first (expert id breaks ties)
    used: tuple[ExpertMark, ...]           # the marks that entered the score
    dropped: tuple[DroppedMark, ...]       # the marks the trimmed mean left out (highest, lowest)
    spread: Decimal                        # highest − lowest mark (极差)
    disagreement: bool                     # spread > spread_threshold: the experts disagree widely
    spread_threshold: Decimal
    mean: Decimal                          # plain mean of every mark, 2 decimals (panel view)
    median: Decimal                        # median of every mark, 2 decimals (tie-break key)
    criterion_means: Mapping[str, Decimal]  # mean of every mark per criterion code, 2 decimals
    min_for_trim: int = DEFAULT_MIN_FOR_TRIM

    @property
    def trimmed(self) -> bool:
        return bool(self.dropped)


def _median(values: Sequence[Decimal]) -> Decimal:
    """Exact median (an even count averages the two middle values; halving a Decimal is exact)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    with localcontext() as ctx:
        ctx.prec = 200
        return exact_sum((ordered[mid - 1], ordered[mid])) / 2


def aggregate(marks: Sequence[ExpertMark], rule: str = DEFAULT_RULE,
              min_for_trim: int = DEFAULT_MIN_FOR_TRIM,
              spread_threshold: Decimal = DEFAULT_SPREAD_THRESHOLD) -> ProjectScore:
    """Aggregate the marks of ONE project by ``rule``; raises ValidationError on no marks, marks of
    several projects, an expert marking twice or an unknown rule."""
    if rule not in RULES:
        raise ValidationError(f"未知的汇总规则“{rule}”（可选：{'、'.join(RULES)}）")
    if not marks:
        raise ValidationError("尚无专家打分，无法汇总")
    if min_for_trim < 3:
        raise ValidationError("去掉最高分和最低分至少需要 3 个分数")
    projects = {m.project_id for m in marks}
    if len(projects) != 1:
        raise ValidationError("汇总只能针对一个项目的分数")
    experts = [m.expert_id for m in marks]
    if len(set(experts)) != len(experts):
        raise ValidationError(f"项目 {marks[0].project_id} 有专家重复打分")
    ordered = sorted(marks, key=lambda m: (m.score, id_key(m.expert_id)))
    dropped: tuple[DroppedMark, ...] = ()
    used = ordered
    if rule == "trimmed_mean" and len(ordered) >= min_for_trim:
        low, high = ordered[0], ordered[-1]
        dropped = (DroppedMark(high.expert_id, high.expert_name, high.score, "highest"),
                   DroppedMark(low.expert_id, low.expert_name, low.score, "lowest"))
        used = ordered[1:-1]
    values = [m.score for m in used]
    score = round_half_up(_median(values)) if rule == "median" else mean_half_up(values)
    all_values = [m.score for m in ordered]
    spread = ordered[-1].score - ordered[0].score
    codes: list[str] = []
    for m in marks:
        codes.extend(c for c in m.criteria if c not in codes)
    criterion_means = {
        c: mean_half_up([m.criteria[c] for m in marks if c in m.criteria]) for c in codes}
    threshold = to_decimal(spread_threshold, "分歧阈值")
    by_high = sorted(marks, key=lambda m: (-m.score, id_key(m.expert_id)))
    return ProjectScore(
        project_id=marks[0].project_id, rule=rule, score=score, count=len(marks),
        marks=tuple(by_high), used=tuple(sorted(used, key=lambda m: (-m.score, id_key(m.expert_id)))),
        dropped=dropped, spread=spread, disagreement=spread > threshold, spread_threshold=threshold,
        mean=mean_half_up(all_values), median=round_half_up(_median(all_values)),
        criterion_means=criterion_means, min_for_trim=min_for_trim)


def explain(project_score: ProjectScore) -> str:
    """One Chinese sentence saying how the score came about, e.g.
    "共 5 位专家打分：92（专家 A）、…；去掉最高分 92（专家 A）和最低分 70（专家 E），其余 3 个分数平均为 84.33"."""
    s = project_score
    listed = "、".join(f"{fmt_points(m.score)}（{m.label}）" for m in s.marks)
    head = f"共 {s.count} 位专家打分：{listed}"
    result = fmt_fixed(s.score)
    if s.rule == "median":
        if s.count % 2:
            tail = f"取中位数 {result}"
        else:
            ordered = sorted(m.score for m in s.marks)
            a, b = ordered[s.count // 2 - 1], ordered[s.count // 2]
            tail = f"中间两个分数 {fmt_points(a)} 和 {fmt_points(b)} 的平均数 {result} 为中位数"
    elif s.dropped:
        high = next(d for d in s.dropped if d.which == "highest")
        low = next(d for d in s.dropped if d.which == "lowest")
        tail = (f"去掉最高分 {fmt_points(high.value)}（{high.label}）和最低分 {fmt_points(low.value)}"
                f"（{low.label}），其余 {len(s.used)} 个分数平均为 {result}")
    elif s.count == 1:
        tail = f"得分为 {result}"
    else:
        why = (f"不足 {s.min_for_trim} 位专家，不去掉最高分和最低分，"
               if s.rule == "trimmed_mean" else "")
        tail = f"{why}{s.count} 个分数平均为 {result}"
    text = f"{head}；{tail}"
    if s.disagreement:
        text += (f"；最高分与最低分相差 {fmt_points(s.spread)}，超过 {fmt_points(s.spread_threshold)}，"
                 "专家意见分歧较大")
    return text
