"""Small exact-arithmetic and ordering helpers shared by the review modules (评审公用工具)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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


def to_decimal(value: object, what: str = "分数") -> Decimal:
    """int, Decimal or numeric text → Decimal. Floats and bools are refused (they are not exact)."""
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


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value half up (四舍五入) to ``places`` decimals, without any float or
    intermediate rounding: a Fraction is rounded exactly, so 253.005/3 = 84.335 → 84.34."""
    frac = Fraction(value) if not isinstance(value, Fraction) else value
    scale = 10 ** places
    scaled = frac * scale
    # half up on the magnitude ("away from zero at .5"), as in Decimal's ROUND_HALF_UP
    sign = -1 if scaled < 0 else 1
    mag = abs(scaled)
    whole = (mag.numerator * 2 + mag.denominator) // (2 * mag.denominator)
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


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


def fmt_points(value: Decimal | int) -> str:
    """Show a mark as people write it: 92, 84.5, 84.33 — no trailing zeros, never exponent form."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    text = format(d.normalize(), "f")
    return text


def fmt_fixed(value: Decimal, places: int = 2) -> str:
    """Show a result with a fixed number of decimals (84.30, 81.50)."""
    return format(value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f")
