"""Rules of a call (申报批次/年度计划): which field values are acceptable, and the disbursement plan.

``check_call_fields`` returns one Chinese message per field (shown next to the field in the edit dialog,
or as ``错误：…`` on the command line); an empty dict means the call may be saved.

The disbursement plan (拨付计划) is stored as ratios, ``"0.7,0.3"`` (on signing, after acceptance); people
may type it as ratios or percentages (``70%,30%`` or ``70%/30%``). The tranches must add up to exactly
100 % — checked in Decimal, so 33.3 % + 66.7 % passes and 33 % + 66 % does not.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from .entities import Call
from .errors import ValidationError
from .review.aggregation import RULES
from .screening_budget import parse_self_funding_ratio

#: a project code is ``<call code>-0001`` and must fit the projects' 30-character column
MAX_CODE_LENGTH = 24
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MIN_YEAR, MAX_YEAR = 2000, 2099
MIN_EXPERTS_PER_GROUP = 3
MAX_EXPERTS_PER_GROUP = 25
MAX_TRANCHES = 6
_SEPARATORS = re.compile(r"[,，/／;；、]")
ONE = Decimal(1)
HUNDRED = Decimal(100)


def parse_disbursement_plan(text: str) -> tuple[Decimal, ...]:
    """'0.7,0.3' / '70%,30%' / '70%/30%' → (Decimal('0.7'), Decimal('0.3')). Raises ValidationError
    (field ``disbursement_plan``) naming the tranche that is wrong."""
    parts = [p.strip() for p in _SEPARATORS.split(text or "")]
    if not any(parts):
        raise ValidationError("请填写拨付计划，如 70%,30%（签订任务书时拨付 70%，验收后拨付 30%）",
                              field="disbursement_plan")
    if len(parts) > MAX_TRANCHES:
        raise ValidationError(f"拨付计划最多 {MAX_TRANCHES} 笔", field="disbursement_plan")
    ratios: list[Decimal] = []
    for i, part in enumerate(parts, 1):
        ratios.append(_tranche(part, i))
    total = sum(ratios, Decimal(0))
    if total != ONE:
        shown = "+".join(percent_text(r) for r in ratios)
        raise ValidationError(f"拨付计划各笔之和须为 100%，现为 {shown} = {percent_text(total)}",
                              field="disbursement_plan")
    return tuple(ratios)


def _tranche(part: str, number: int) -> Decimal:
    where = f"拨付计划第 {number} 笔"
    if not part:
        raise ValidationError(f"{where}为空", field="disbursement_plan")
    is_percent = part.endswith(("%", "％"))
    digits = part.rstrip("%％").strip()
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise ValidationError(f"{where}“{part}”不是有效的比例，应写成 70% 或 0.7",
                              field="disbursement_plan") from None
    if not value.is_finite():
        raise ValidationError(f"{where}“{part}”不是有效的比例", field="disbursement_plan")
    ratio = value / HUNDRED if is_percent else value
    if ratio <= 0 or ratio > ONE:
        hint = "（百分比请加 %，如 70%）" if not is_percent and value > ONE else ""
        raise ValidationError(f"{where}“{part}”须大于 0 且不超过 100%{hint}", field="disbursement_plan")
    return ratio


def plan_text(ratios: tuple[Decimal, ...]) -> str:
    """The stored form: '0.7,0.3'."""
    return ",".join(_plain(r) for r in ratios)


def percent_text(ratio: Decimal) -> str:
    """Decimal('0.7') → '70%'; Decimal('0.333') → '33.3%'."""
    return f"{_plain(ratio * HUNDRED)}%"


def plan_label(text: str) -> str:
    """'0.7,0.3' → '70% / 30%' for lists and dialogs (the stored text itself when it is not a valid plan)."""
    try:
        return " / ".join(percent_text(r) for r in parse_disbursement_plan(text))
    except ValidationError:
        return text


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(value.quantize(ONE))
    return format(value.normalize(), "f")


def aggregation_problem(rule: str | None) -> str | None:
    """Why ``rule`` is not an aggregation rule (None = acceptable or not given)."""
    if rule is None or rule in RULES:
        return None
    return f"未知的汇总规则“{rule}”（可选：" + "、".join(f"{k} {v}" for k, v in RULES.items()) + "）"


def group_size_problem(experts_per_group: int | None) -> str | None:
    """Why the number of experts per review group is not acceptable (None = acceptable or not given)."""
    if experts_per_group is None:
        return None
    if experts_per_group < MIN_EXPERTS_PER_GROUP:
        return f"每组评审专家不少于 {MIN_EXPERTS_PER_GROUP} 人"
    if experts_per_group > MAX_EXPERTS_PER_GROUP:
        return f"每组评审专家不多于 {MAX_EXPERTS_PER_GROUP} 人"
    return None


def check_call_fields(call: Call, *, new: bool = True) -> dict[str, str]:
    """Every problem with the fields of ``call``, by field name (empty = acceptable). The form of the code is
    checked only for a ``new`` call: an older call keeps the code it has (it cannot change anyway)."""
    errors: dict[str, str] = {}
    code = call.code.strip()
    if not code:
        errors["code"] = "请填写批次编号，如 2026-ZDYF"
    elif not new:
        pass
    elif len(code) > MAX_CODE_LENGTH:
        errors["code"] = f"批次编号不超过 {MAX_CODE_LENGTH} 个字符（项目编号在其后加“-0001”）"
    elif not CODE_PATTERN.match(code):
        errors["code"] = "批次编号只能由字母、数字、“-”和“_”组成，如 2026-ZDYF"
    name = call.name.strip()
    if not name:
        errors["name"] = "请填写批次名称，如 2026年度重点研发计划"
    elif len(name) > 200:
        errors["name"] = "批次名称不超过 200 个字"
    if not isinstance(call.year, int) or not MIN_YEAR <= call.year <= MAX_YEAR:
        errors["year"] = f"年度须在 {MIN_YEAR}–{MAX_YEAR} 之间"
    if call.opens and call.closes and call.closes < call.opens:
        errors["closes"] = "申报截止日期不能早于开始日期"
    if call.cap.fen < 0:
        errors["cap"] = "单项资助上限不能为负数"
    if call.total_budget.fen < 0:
        errors["total_budget"] = "批次总预算不能为负数"
    elif call.total_budget.fen > 0 and call.cap > call.total_budget:
        errors["cap"] = f"单项资助上限 {call.cap} 超过批次总预算 {call.total_budget}"
    try:
        parse_self_funding_ratio(call.self_funding_ratio)
    except ValueError:
        errors["self_funding_ratio"] = (f"自筹比例“{call.self_funding_ratio}”无法识别：填自筹与财政资金之比，"
                                        "如 1（即 1:1）、0.5 或 2:1；不要求自筹填 0")
    problem = group_size_problem(call.experts_per_group)
    if problem:
        errors["experts_per_group"] = problem
    problem = aggregation_problem(call.aggregation)
    if problem:
        errors["aggregation"] = problem
    try:
        parse_disbursement_plan(call.disbursement_plan)
    except ValidationError as exc:
        errors["disbursement_plan"] = exc.message
    return errors


def window_label(opens: date | None, closes: date | None) -> str:
    """The application window as people read it: '2026-03-01 至 2026-04-30' ('未设定' when neither is set)."""
    if not opens and not closes:
        return "未设定"
    start = f"{opens:%Y-%m-%d}" if opens else "不限"
    end = f"{closes:%Y-%m-%d}" if closes else "不限"
    return f"{start} 至 {end}"


def self_funding_label(ratio: str) -> str:
    """'1' → '自筹:财政 不低于 1:1'; '0' → '不要求自筹'."""
    text = (ratio or "").strip() or "0"
    try:
        if parse_self_funding_ratio(text) == 0:
            return "不要求自筹"
    except ValueError:
        return text
    return f"自筹:财政 不低于 {text}" + ("" if ":" in text.replace("：", ":") else ":1")
