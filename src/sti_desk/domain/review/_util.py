"""Small exact-arithmetic and ordering helpers shared by the review modules (评审公用工具)."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, localcontext
from fractions import Fraction
from typing import Union

from ..errors import ValidationError

#: Identifiers of projects, experts, units and persons: database ids (int) or codes (str).
Id = Union[int, str]

TWO_PLACES = Decimal("0.01")


def id_key(value: Id) -> tuple[int, int | str]:
    """A total, stable order over ids that may be int or str (ints first, numerically)."""
    if isinstance(value, bool):  # bool is an int; keep it out of the numeric branch's surprises
        return (1, str(value))
    if isinstance(value, int):
        return (0, value)
    return (1, str(value))


def unit_name_key(name: str | None) -> str:
    """The form in which two unit names are compared: NFKC (full-width letters, digits, brackets and the
    ideographic space become their ordinary forms), every space removed, letters case-folded.
    “浙江 大学（紫金港）” and “浙江大学(紫金港)” have the same key; an empty name has the key ""."""
    return "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


def to_decimal(value: object, what: str = "分数") -> Decimal:
    """int, Decimal or numeric text → Decimal. Floats and bools are refused (they are not exact)."""
    if type(value) is Decimal and value.is_finite():
        return value
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError(f"{what}“{value}”必须为整数或精确小数，不接受浮点数")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValidationError(f"{what}“{value}”不是有效数字") from exc
    if not result.is_finite():
        raise ValidationError(f"{what}“{value}”不是有效数字")
    return result


def round_ratio(numerator: int, denominator: int, places: int = 2) -> Decimal:
    """Round the exact rational numerator/denominator half up (四舍五入, away from zero at .5) to
    ``places`` decimals, in integer arithmetic: no float, no intermediate rounding."""
    if denominator == 0:
        raise ZeroDivisionError("round_ratio: denominator is 0")
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    scaled = abs(numerator) * 10 ** places
    whole = (2 * scaled + denominator) // (2 * denominator)
    return Decimal(-whole if numerator < 0 else whole).scaleb(-places)


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value half up to ``places`` decimals: 253.005/3 = 84.335 → 84.34."""
    p, q = value.as_integer_ratio()
    return round_ratio(p, q, places)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Σ of Decimals with no rounding at all (raises if the sum would need more than 200 digits)."""
    with localcontext() as ctx:
        ctx.prec = 200
        ctx.traps[Inexact] = True
        return sum(values, Decimal(0))


def mean_half_up(values: Sequence[Decimal], places: int = 2) -> Decimal:
    """The mean of exact Decimals, rounded half up once, at the end."""
    p, q = exact_sum(values).as_integer_ratio()
    return round_ratio(p, q * len(values), places)


def fraction_to_decimal(value: Fraction, places_if_inexact: int = 10) -> Decimal:
    """Exact Decimal when ``value`` is a terminating decimal, else rounded half up to the given places."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return round_half_up(value, places_if_inexact)
    digits = max(twos, fives)
    numerator = value.numerator * (10 ** digits // value.denominator)
    return Decimal(numerator).scaleb(-digits)


def fmt_exact(value: Decimal | int) -> str:
    """A number exactly as given, written as people write it: 92, 84.5, 1.125 — no trailing zeros, never
    exponent form. For what someone typed (a refused mark is named as typed) and for weights."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def fmt_points(value: Decimal | int) -> str:
    """A mark, an expert's total or a difference of marks as every table, explanation, export and command
    shows it: rounded half up to 2 decimals, no trailing zeros (92, 84.5, 87.14). A weighted total is
    exact to 10 places (87.1428571429); computation keeps that, only showing rounds."""
    return fmt_exact(round_half_up(Decimal(value)))


def fmt_fixed(value: Decimal, places: int = 2) -> str:
    """Show a result with a fixed number of decimals (84.30, 81.50)."""
    return format(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f")
