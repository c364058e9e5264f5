"""Normalising one raw cell value into a typed value, or raising ValidationError with a Chinese message.

Every function takes what the reader gives (``str``, ``float``, ``int``, ``bool``, ``date``, ``datetime``)
and never does float arithmetic on money: a float is turned into ``Decimal(repr(x))`` first. Blank cells
are handled by the caller (:func:`is_blank`), so the converters only see non-blank values.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import FEN_PER_WAN, FEN_PER_YUAN, Money
from sti_desk.domain.phone import phone_refusal
from sti_desk.domain.validation import normalise_percent

WAN = "万元"
YUAN = "元"
FEN_PER_UNIT = {WAN: FEN_PER_WAN, YUAN: FEN_PER_YUAN}

# Full-width digits and letters, the ideographic space, no-break space -> half-width; zero-width dropped.
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
HALF_WIDTH = {ord(c) + 0xFEE0: c for c in _ALNUM} | {0x3000: " ", 0xA0: " ", 0x200B: None, 0xFEFF: None}
# For numbers and codes also the full-width punctuation that appears in them.
_NUM_PUNCT = {0xFF0C: ",", 0xFF0E: ".", 0xFF0D: "-", 0xFF0B: "+", 0xFF1A: ":", 0xFF0F: "/", 0x3002: ".",
              0x3001: ","}
HALF_WIDTH_NUM = HALF_WIDTH | _NUM_PUNCT


_NEEDS_HALF = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000\xa0\u200b\ufeff]")
_NEEDS_HALF_NUM = re.compile("[\uff01-\uff5e\u3000\u3001\u3002\xa0\u200b\ufeff]")


def half_width(text: str) -> str:
    """Full-width digits/letters/spaces to half-width, zero-width characters removed, stripped.
    (``str.translate`` is slow on CJK text, so it only runs when such a character is present.)"""
    return (text.translate(HALF_WIDTH) if _NEEDS_HALF.search(text) else text).strip()


def half_width_num(text: str) -> str:
    """:func:`half_width` plus full-width ，．－＋：／ and 、。 as in numbers and codes."""
    return (text.translate(HALF_WIDTH_NUM) if _NEEDS_HALF_NUM.search(text) else text).strip()


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not half_width(value))


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


# -- text ---------------------------------------------------------------------------------------------
def to_text(value: object) -> str:
    """Any cell as text: whole-number floats lose their '.0', dates become yyyy-mm-dd."""
    if isinstance(value, str):
        return half_width(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _show(value) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time() else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_SPACES = re.compile(r"\s+")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·•\s]+$")


def to_person_name(value: object) -> str:
    """A person's name; spaces typed for alignment inside a Chinese name ("张  三") are removed."""
    text = to_text(value)
    if (" " in text or "•" in text or "\t" in text) and _CJK_NAME.match(text):
        text = _SPACES.sub("", text).replace("•", "·")
    if len(text) > 50:
        raise ValidationError(f"姓名“{text[:20]}…”过长")
    return text


def to_code(value: object) -> str:
    """A short code or number kept as text (项目编号, 凭证号). A long number stored as a number is refused,
    because Excel keeps only 15 significant digits."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            raise ValidationError(f"编号“{value}”已被 Excel 存为数字，可能已丢失数字，请把该列设为文本后重新填写")
        return str(int(value))
    return half_width_num(to_text(value)).replace(" ", "")


def to_phone(value: object) -> str:
    """联系电话: digits with - + ( ) and separators for several numbers; at least 7 digits (domain.phone)."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(f"联系电话“{value}”不是有效的电话号码")
        return str(int(value))
    text = half_width_num(to_text(value))
    if problem := phone_refusal(text):
        raise ValidationError(problem)
    return text


# -- money --------------------------------------------------------------------------------------------
_AMOUNT = re.compile(
    r"^(?:人民币|RMB|CNY|[￥¥])?\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)\s*(万元|万|元整|元)?$",
    re.IGNORECASE)
NONE_MARKS = frozenset({"-", "—", "——", "/", "无", "－"})
_ONE = Decimal(1)
_ZERO = Money(0)


def _fen(amount: Decimal, fen_per_unit: int) -> int:
    return int((amount * fen_per_unit).quantize(_ONE, ROUND_HALF_UP))


def to_money(value: object, unit: str = WAN) -> Money:
    """An amount ≥ 0 in ``unit`` (万元 or 元, from the column header); a unit written in the cell itself
    ("125,000元", "12.5万元") wins over the column's. Rounds half up to the 分."""
    per = FEN_PER_UNIT[unit]
    if value.__class__ is float:
        if not math.isfinite(value):
            raise ValidationError(f"金额“{value}”不是有效数字")
        fen = int(value) * per if value.is_integer() and abs(value) < 2**53 else _fen(Decimal(repr(value)), per)
    elif isinstance(value, bool):
        raise ValidationError(f"金额“{value}”不是数字")
    elif isinstance(value, int):
        fen = value * per
    elif isinstance(value, Decimal):
        fen = _fen(value, per)
    elif isinstance(value, str):
        text = half_width_num(value).replace(" ", "")
        m = _AMOUNT.match(text)
        if not m:
            raise ValidationError(f"金额“{value.strip()}”不是有效数字（可写 12.5、12.5万元、125,000元）")
        suffix = m.group(2)
        if suffix:
            per = FEN_PER_WAN if suffix.startswith("万") else FEN_PER_YUAN
        try:
            fen = _fen(Decimal(m.group(1).replace(",", "")), per)
        except InvalidOperation:  # pragma: no cover - the regex guards this
            raise ValidationError(f"金额“{value.strip()}”不是有效数字") from None
    else:
        raise ValidationError(f"金额“{value}”不是数字")
    if fen < 0:
        raise ValidationError(f"金额“{_show(value)}”不能为负数")
    return Money(fen)


def to_optional_money(value: object, unit: str = WAN) -> Money:
    """:func:`to_money` where '-', '—', '/', '无' mean zero (an optional amount left out)."""
    if value.__class__ is str and value.strip() in NONE_MARKS:
        return _ZERO
    return to_money(value, unit)


def is_none_mark(value: object) -> bool:
    """'-', '—', '/', '无' in an optional amount cell mean "nothing"."""
    return isinstance(value, str) and value.strip() in NONE_MARKS


# -- dates --------------------------------------------------------------------------------------------
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE8 = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 18264, 73050          # 1950-01-01 .. 2099-12-31


def _ymd(y: int, m: int, d: int, shown: object) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise ValidationError(f"日期“{_show(shown)}”不存在（{y} 年 {m} 月 {d} 日）") from None


def to_date(value: object) -> date:
    """2024-06-18, 2024/6/18, 2024.6.18, 2024年6月18日, 20240618, a date cell, or an Excel serial number
    (45461) within 1950–2099."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationError(f"日期“{value}”无效")
        whole = int(value)
        if 19000101 <= whole <= 21001231 and whole == value:
            return _ymd(whole // 10000, whole // 100 % 100, whole % 100, value)
        if _SERIAL_MIN <= value <= _SERIAL_MAX + 1:
            return EXCEL_EPOCH + timedelta(days=whole)
        raise ValidationError(f"日期“{_show(value)}”不是有效日期（请写成 2024-06-18）")
    if isinstance(value, str):
        text = half_width_num(value)
        m = _DATE.match(text) or _DATE8.match(text)
        if m:
            return _ymd(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
        if text.isdigit() and len(text) == 5:
            return to_date(int(text))
        raise ValidationError(f"日期“{value.strip()}”无法识别（请写成 2024-06-18 或 2024年6月18日）")
    if isinstance(value, time):
        raise ValidationError(f"“{value}”只有时间没有日期")
    raise ValidationError(f"日期“{value}”无法识别")


# -- booleans, percentages ------------------------------------------------------------------------------
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "无", "不是", "没有"})


def to_bool(value: object) -> bool:
    """是/否, Y/N, √/×, 有/无, TRUE/FALSE, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = to_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError(f"“{_show(value)}”不是“是”或“否”（可填 是/否、Y/N、√/×）")


def to_percent(value: object) -> str:
    """研发投入强度 as text like '3.2%'. A number below 1 is a fraction (what an Excel % cell stores); text is
    read by :func:`domain.validation.normalise_percent`, as in 编辑单位."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if d < 0:
            raise ValidationError(f"比例“{_show(value)}”不能为负数")
        if d < 1:
            d *= 100
        if d > 100:
            raise ValidationError(f"比例“{_show(value)}”超过 100%")
        return f"{d.normalize():f}%"
    return normalise_percent(to_text(value))
