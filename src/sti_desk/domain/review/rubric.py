"""The review rubric of a call (评审指标/评分标准) and the checks on one expert's score sheet.

Marks are exact: int or Decimal (or numeric text from an import), 0..max of the criterion, at most one
decimal place. The total is weighted:

    total = Σ wᵢ·mᵢ × (Σ maxᵢ) / (Σ wᵢ·maxᵢ)

i.e. the weights are normalised so the total runs from 0 to Σ maxᵢ (100 for the default rubric)
whatever the weights are; with all weights equal the total is simply Σ mᵢ. The result is an exact
Decimal whenever it is a terminating decimal (always when the weights are equal); otherwise it is
rounded half up to 10 decimal places. Rounding to 2 places happens only in aggregation.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..errors import ValidationError
from ._util import fmt_exact, fmt_points, fraction_to_decimal, to_decimal

ONE_PLACE = Decimal("0.1")
DEFAULT_RECOMMENDATIONS = ("优先资助", "资助", "不资助")


@dataclass(frozen=True)
class Criterion:
    """评分项: ``code`` is the stable key of the mark, ``name`` what the expert reads."""

    code: str
    name: str
    max_points: int
    weight: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if not self.code or not self.name:
            raise ValidationError("评分项须有代码和名称")
        if not isinstance(self.max_points, int) or isinstance(self.max_points, bool) or self.max_points <= 0:
            raise ValidationError(f"评分项“{self.name}”的满分必须为正整数")
        weight = to_decimal(self.weight, f"评分项“{self.name}”的权重")
        if weight <= 0:
            raise ValidationError(f"评分项“{self.name}”的权重必须大于 0")
        object.__setattr__(self, "weight", weight)


@dataclass(frozen=True)
class Rubric:
    """评分标准 of a call: criteria in display order (the first is the tie-break criterion,
    创新性 by default), the total under which a comment is mandatory, and the recommendation options.
    ``comment_required_for`` lists recommendations that always need a comment (不资助 by default)."""

    criteria: tuple[Criterion, ...]
    comment_required_below: Decimal = Decimal(60)
    recommendations: tuple[str, ...] = DEFAULT_RECOMMENDATIONS
    comment_required_for: tuple[str, ...] = ("不资助",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "criteria", tuple(self.criteria))
        object.__setattr__(self, "recommendations", tuple(self.recommendations))
        object.__setattr__(self, "comment_required_for", tuple(self.comment_required_for))
        if not self.criteria:
            raise ValidationError("评分标准至少需要一个评分项")
        codes = [c.code for c in self.criteria]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValidationError(f"评分项代码重复：{'、'.join(dup)}")
        if not self.recommendations:
            raise ValidationError("评分标准至少需要一个推荐意见选项")
        object.__setattr__(self, "comment_required_below",
                           to_decimal(self.comment_required_below, "须填写意见的分数线"))

    @property
    def max_total(self) -> int:
        """The highest possible total (Σ max points; 100 for the default rubric)."""
        return sum(c.max_points for c in self.criteria)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)

    def criterion(self, code: str) -> Criterion:
        for c in self.criteria:
            if c.code == code:
                return c
        raise ValidationError(f"未知评分项“{code}”")


def default_rubric() -> Rubric:
    """创新性 30, 技术方案 25, 团队基础 15, 经济社会效益 20, 预算合理性 10 (total 100)."""
    return Rubric((
        Criterion("innovation", "创新性", 30),
        Criterion("technical", "技术方案", 25),
        Criterion("team", "团队基础", 15),
        Criterion("benefit", "经济社会效益", 20),
        Criterion("budget", "预算合理性", 10),
    ))


def _check_mark(c: Criterion, raw: object) -> tuple[Decimal | None, str | None]:
    try:
        value = to_decimal(raw, f"“{c.name}”得分")
    except ValidationError as exc:
        return None, exc.message
    if value < 0 or value > c.max_points:
        return None, f"“{c.name}”得分 {fmt_exact(value)} 超出范围（0–{c.max_points} 分）"
    if value != value.quantize(ONE_PLACE):
        return None, f"“{c.name}”得分 {fmt_exact(value)} 最多保留一位小数"
    return value, None


def validate_marks(rubric: Rubric, marks: Mapping[str, object], comment: str | None,
                   recommendation: str | None, *, complete: bool) -> list[str]:
    """Problems with one expert's sheet, in Chinese; empty = acceptable.

    ``complete=False`` checks a draft (暂存): only the marks and recommendation given. ``complete=True``
    checks a submission (提交): every criterion marked, a recommendation chosen, and a comment when the
    total is below ``comment_required_below`` or the recommendation needs one.
    """
    problems: list[str] = []
    known = set(rubric.codes)
    for code in marks:
        if code not in known:
            problems.append(f"未知评分项“{code}”")
    values: dict[str, Decimal] = {}
    for c in rubric.criteria:
        if code_missing(marks, c.code):
            if complete:
                problems.append(f"“{c.name}”尚未打分")
            continue
        value, problem = _check_mark(c, marks[c.code])
        if problem:
            problems.append(problem)
        else:
            values[c.code] = value  # type: ignore[assignment]
    rec = (recommendation or "").strip()
    if rec and rec not in rubric.recommendations:
        problems.append(f"推荐意见“{rec}”不在可选项（{'、'.join(rubric.recommendations)}）中")
    if complete:
        if not rec:
            problems.append("请选择推荐意见")
        has_comment = bool((comment or "").strip())
        if not has_comment and len(values) == len(rubric.criteria):
            score = total(rubric, values)
            if score < rubric.comment_required_below:
                problems.append(f"总分 {fmt_points(score)} 低于 {fmt_points(rubric.comment_required_below)} 分，"
                                "须填写评审意见")
            elif rec in rubric.comment_required_for:
                problems.append(f"推荐意见为“{rec}”时须填写评审意见")
        elif not has_comment and rec in rubric.comment_required_for:
            problems.append(f"推荐意见为“{rec}”时须填写评审意见")
    return problems


def nothing_marked_problem(marks: Mapping[str, object], *, submit: bool) -> str | None:
    """Why a sheet with no criterion marked at all is neither saved as a draft nor submitted (None: at
    least one mark is given). A draft of some marks is fine; a comment or recommendation alone is no draft."""
    if any(not code_missing(marks, code) for code in marks):
        return None                # (a mark of an unknown criterion is named by validate_marks)
    if submit:
        return "还没有填写任何评分，不能提交：请逐项打分后再提交"
    return "还没有填写任何评分，无需保存草稿"


def code_missing(marks: Mapping[str, object], code: str) -> bool:
    """A criterion counts as not marked when absent, None or blank text."""
    if code not in marks:
        return True
    raw = marks[code]
    return raw is None or (isinstance(raw, str) and not raw.strip())


def total(rubric: Rubric, marks: Mapping[str, object]) -> Decimal:
    """Weighted total out of :attr:`Rubric.max_total` (see the module docstring for the scale).

    Every criterion must be marked; raises :class:`ValidationError` otherwise or on a bad mark."""
    num = Fraction(0)
    den = Fraction(0)
    for c in rubric.criteria:
        if code_missing(marks, c.code):
            raise ValidationError(f"“{c.name}”尚未打分，无法计算总分")
        value, problem = _check_mark(c, marks[c.code])
        if problem:
            raise ValidationError(problem)
        w = Fraction(c.weight)
        num += w * Fraction(value)  # type: ignore[arg-type]
        den += w * c.max_points
    return fraction_to_decimal(num * rubric.max_total / den)
