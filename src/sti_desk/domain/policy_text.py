"""Showing and entering policy parameters as text (政策参数的显示与录入), for the GUI and the CLI alike.

Parsing is exact: numbers go through :class:`~decimal.Decimal` and :meth:`Money.wan` (never float), nothing
is rounded silently (a 万元 amount finer than 1 分 is refused, not rounded), and every refusal is a Chinese
message naming the parameter and what it accepts. ``parse_value(spec, value_text(spec, v)) == v`` for
every value, so what the program shows can be typed back.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .errors import ValidationError
from .money import Money
from .policy import PolicyParameters, PolicyVersion
from .policy_params import ADJUSTABLE_SUBJECTS, PARAMETERS, ParamKind, ParamSpec
from .validation import FieldErrors

UNLIMITED = "不限"
_UNLIMITED_WORDS = {"", UNLIMITED, "无限制", "不设", "无上限", "无限", "none"}
_NONE_WORDS = {"无", "（无）", "none", "-"}
_TRUE = {"是", "开", "启用", "允许", "1", "true", "yes", "on", "y"}
_FALSE = {"否", "关", "停用", "不允许", "0", "false", "no", "off", "n"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_SEPARATORS = re.compile(r"[、,;>\s]+")
MONEY_DECIMALS = 6   # 万元 to the 分
POINTS_DECIMALS = 2
MAX_LEVEL_LENGTH = 12


# -- showing ----------------------------------------------------------------------------------------
def _plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros: Decimal('12.50') → '12.5'."""
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(ratio: Decimal) -> str:
    return f"{_plain(ratio * 100)}%"


def _money(value: Money) -> str:
    """'100.00'; keeps every 分 ('0.000001') so the text parses back to the same amount."""
    text = _plain(value.as_wan)
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def edit_text(spec: ParamSpec, value: Any) -> str:
    """The value as a user types it, without the unit the form shows next to the field ('3', '20%',
    '100.00', '不限', '材料费、其他')."""
    kind = spec.kind
    if value is None:
        return UNLIMITED
    if kind is ParamKind.MONEY:
        return _money(value)
    if kind in (ParamKind.RATIO, ParamKind.OPTIONAL_RATIO):
        return _percent(value)
    if kind is ParamKind.POINTS:
        return _plain(value)
    if kind is ParamKind.FLAG:
        return "是" if value else "否"
    if kind is ParamKind.CHOICE:
        return str(value.label)
    if kind is ParamKind.SUBJECTS:
        return "、".join(value) if value else "无"
    if kind is ParamKind.LEVELS:
        return "、".join(value)
    return str(value)


def value_text(spec: ParamSpec, value: Any) -> str:
    """The value as shown in tables and the CLI, with its unit ('3 年', '100.00 万元', '20%')."""
    text = edit_text(spec, value)
    if value is None or not spec.unit:
        return text
    return f"{text} {spec.unit}"


def accepted(spec: ParamSpec) -> str:
    """What the parameter accepts, for messages and tool tips."""
    kind = spec.kind
    if kind in (ParamKind.COUNT, ParamKind.OPTIONAL_COUNT):
        text = f"应为 {spec.minimum}–{spec.maximum} 的整数（单位：{spec.unit}）"
        return text + f"，或“{UNLIMITED}”" if kind is ParamKind.OPTIONAL_COUNT else text
    if kind is ParamKind.MONEY:
        return f"应为不小于 0 的金额，单位万元，最多 {MONEY_DECIMALS} 位小数（精确到分）"
    if kind in (ParamKind.RATIO, ParamKind.OPTIONAL_RATIO):
        lo, hi = spec.minimum, spec.maximum
        assert isinstance(lo, Decimal) and isinstance(hi, Decimal)
        text = (f"应为 {_plain(lo)}–{_plain(hi)} 之间的小数或 {_percent(lo)}–{_percent(hi)} 的百分数"
                f"（如 0.2 或 20%）")
        return text + f"，或“{UNLIMITED}”" if kind is ParamKind.OPTIONAL_RATIO else text
    if kind is ParamKind.POINTS:
        return f"应为大于 {spec.minimum}、不超过 {spec.maximum} 的分值，最多 {POINTS_DECIMALS} 位小数"
    if kind is ParamKind.FLAG:
        return "应为“是”或“否”"
    if kind is ParamKind.CHOICE:
        return "可选：" + "、".join(f"{c.label}（{c.value}）" for c in spec.choices)
    if kind is ParamKind.LEVEL:
        return "应为“信用等级”中的一个"
    if kind is ParamKind.SUBJECTS:
        return "可选科目：" + "、".join(ADJUSTABLE_SUBJECTS) + "；用顿号或逗号分隔，一个都不下放写“无”"
    return f"至少 2 个等级，由好到差，用顿号或逗号分隔，不得重复，每个不超过 {MAX_LEVEL_LENGTH} 个字"


# -- entering ---------------------------------------------------------------------------------------
def _refuse(spec: ParamSpec, text: str, why: str = "") -> ValidationError:
    what = f"的值“{text}”不可用" if text.strip() else "未填写"
    reason = f"{why}；" if why else ""
    return ValidationError(f"「{spec.title}」{what}：{reason}{accepted(spec)}", field=spec.name)


def _without_unit(spec: ParamSpec, text: str) -> str:
    if spec.unit and text.endswith(spec.unit):
        return text[: -len(spec.unit)].strip()
    return text


def _decimal(spec: ParamSpec, raw: str, text: str) -> Decimal:
    if not _NUMBER.match(text):
        raise _refuse(spec, raw, "不是数字")
    return Decimal(text)


def _count(spec: ParamSpec, raw: str, text: str) -> int:
    number = _decimal(spec, raw, _without_unit(spec, text))
    if number != number.to_integral_value():
        raise _refuse(spec, raw, "须为整数")
    value = int(number)
    assert isinstance(spec.minimum, int) and isinstance(spec.maximum, int)
    if not spec.minimum <= value <= spec.maximum:
        raise _refuse(spec, raw, "超出范围")
    return value


def _ratio(spec: ParamSpec, raw: str, text: str) -> Decimal:
    percent = text.endswith("%")
    number = _decimal(spec, raw, text.rstrip("%").strip() if percent else text)
    value = number / 100 if percent else number
    assert isinstance(spec.minimum, Decimal) and isinstance(spec.maximum, Decimal)
    if not spec.minimum <= value <= spec.maximum:
        raise _refuse(spec, raw, "超出范围" if percent or value < 0 else "不带 % 时按 0–1 的小数理解")
    return value


def _money_value(spec: ParamSpec, raw: str, text: str) -> Money:
    number = _decimal(spec, raw, _without_unit(spec, text).replace(",", ""))
    if number < 0:
        raise _refuse(spec, raw, "不能为负数")
    if -number.as_tuple().exponent > MONEY_DECIMALS:  # type: ignore[operator]
        raise _refuse(spec, raw, "比 1 分还细")
    return Money.wan(number)


def _points(spec: ParamSpec, raw: str, text: str) -> Decimal:
    number = _decimal(spec, raw, _without_unit(spec, text))
    assert isinstance(spec.minimum, Decimal) and isinstance(spec.maximum, Decimal)
    if not spec.minimum < number <= spec.maximum:
        raise _refuse(spec, raw, "超出范围")
    if -number.as_tuple().exponent > POINTS_DECIMALS:  # type: ignore[operator]
        raise _refuse(spec, raw, "小数位太多")
    return number


def split_names(text: str) -> list[str]:
    """'材料费，其他、 业务费' → ['材料费', '其他', '业务费'] (顿号, commas, semicolons, spaces or >)."""
    return [part.strip() for part in _SEPARATORS.split(unicodedata.normalize("NFKC", text)) if part.strip()]


def _subjects(spec: ParamSpec, raw: str, text: str) -> tuple[str, ...]:
    if text.lower() in _NONE_WORDS or not text:
        return ()
    names = split_names(text)
    unknown = [n for n in names if n not in ADJUSTABLE_SUBJECTS]
    if unknown:
        raise _refuse(spec, raw, "没有科目" + "、".join(f"“{n}”" for n in unknown))
    return tuple(dict.fromkeys(names))


def _levels(spec: ParamSpec, raw: str, text: str) -> tuple[str, ...]:
    names = split_names(text)
    if len(names) < 2:
        raise _refuse(spec, raw, "等级太少")
    if len(set(names)) != len(names):
        raise _refuse(spec, raw, "有重复的等级")
    if any(len(n) > MAX_LEVEL_LENGTH for n in names):
        raise _refuse(spec, raw, "等级名称太长")
    return tuple(names)


def _choice(spec: ParamSpec, raw: str, text: str) -> Any:
    squeezed = text.replace(" ", "")
    for choice in spec.choices:
        if squeezed in (choice.value, choice.label.replace(" ", "")):
            return choice
    raise _refuse(spec, raw)


def parse_value(spec: ParamSpec, raw: str) -> Any:
    """The value ``raw`` (what a user typed) means for ``spec``; ValidationError (``field`` = the
    parameter's name) when it cannot be used. Full-width digits and signs (２０％) are accepted."""
    text = unicodedata.normalize("NFKC", raw).strip()
    kind = spec.kind
    if kind in (ParamKind.OPTIONAL_COUNT, ParamKind.OPTIONAL_RATIO) and text.lower() in _UNLIMITED_WORDS:
        return None
    if kind in (ParamKind.COUNT, ParamKind.OPTIONAL_COUNT):
        return _count(spec, raw, text)
    if kind in (ParamKind.RATIO, ParamKind.OPTIONAL_RATIO):
        return _ratio(spec, raw, text)
    if kind is ParamKind.MONEY:
        return _money_value(spec, raw, text)
    if kind is ParamKind.POINTS:
        return _points(spec, raw, text)
    if kind is ParamKind.FLAG:
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise _refuse(spec, raw)
    if kind is ParamKind.CHOICE:
        return _choice(spec, raw, text)
    if kind is ParamKind.SUBJECTS:
        return _subjects(spec, raw, text)
    if kind is ParamKind.LEVELS:
        return _levels(spec, raw, text)
    if not text:  # LEVEL: checked against the levels by check_parameters
        raise _refuse(spec, raw)
    return text


def check_parameters(params: PolicyParameters) -> dict[str, str]:
    """Rules between parameters (one message per parameter): the minimum credit for retention must be one
    of the credit levels."""
    errors: dict[str, str] = {}
    if params.retention_min_credit not in params.credit_levels:
        spec = next(p for p in PARAMETERS if p.name == "retention_min_credit")
        errors[spec.name] = (f"「{spec.title}」“{params.retention_min_credit}”不在信用等级中"
                             f"（{'、'.join(params.credit_levels)}）")
    return errors


def parse_texts(base: PolicyParameters, texts: Mapping[str, str]) -> PolicyParameters:
    """``base`` with the parameters named in ``texts`` (field name → typed text) replaced. Every problem
    at once: FieldErrors maps each refused parameter to its message; nothing is half applied."""
    by_name = {p.name: p for p in PARAMETERS}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, text in texts.items():
        try:
            values[name] = parse_value(by_name[name], text)
        except ValidationError as exc:
            errors[name] = exc.message
    if errors:
        raise FieldErrors(errors)
    params = replace(base, **values)
    errors = check_parameters(params)
    if errors:
        raise FieldErrors(errors)
    return params


# -- comparing --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParamChange:
    """One parameter that differs between two versions, as text."""

    spec: ParamSpec
    before: str
    after: str

    @property
    def text(self) -> str:
        return f"{self.spec.title}：{self.before} → {self.after}"


def changes(before: PolicyParameters | None, after: PolicyParameters) -> list[ParamChange]:
    """What ``after`` changes against ``before`` (nothing against no earlier version), in table order."""
    if before is None:
        return []
    out = []
    for spec in PARAMETERS:
        old, new = getattr(before, spec.name), getattr(after, spec.name)
        if old != new:
            out.append(ParamChange(spec, value_text(spec, old), value_text(spec, new)))
    return out


def in_force_since(versions: list[PolicyVersion], on: date) -> dict[str, date]:
    """For each parameter, the date from which the value in force on ``on`` has applied without a break
    (the effective date of the version that last changed it)."""
    ordered = sorted((v for v in versions if v.effective_from <= on), key=lambda v: v.effective_from)
    since: dict[str, date] = {}
    previous: PolicyParameters | None = None
    for version in ordered:
        for spec in PARAMETERS:
            if previous is None or getattr(previous, spec.name) != getattr(version.params, spec.name):
                since[spec.name] = version.effective_from
        previous = version.params
    return since
