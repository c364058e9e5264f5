"""Exact money: an integer number of 分 (fen). Never float.

The bureau reads amounts in 万元 with two decimals (more when the amount has them: 1 分 is 0.000001 万元);
storage and arithmetic stay in 分.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import total_ordering

from .errors import ValidationError

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 元 = 1,000,000 分

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, float):
        raise TypeError("金额不接受浮点数，请用字符串、整数或 Decimal")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if not _NUMBER.match(text):
        raise ValidationError(f"金额“{value}”不是有效数字")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - regex guards this
        raise ValidationError(f"金额“{value}”不是有效数字") from exc


@total_ordering
@dataclass(frozen=True, slots=True)
class Money:
    """An amount in 分. Create with :meth:`yuan`, :meth:`wan` or ``Money(fen)``."""

    fen: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.fen, int) or isinstance(self.fen, bool):
            raise TypeError("Money 只接受整数分")

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def yuan(cls, value: object) -> Money:
        """From 元; more than two decimals rounds half up to the 分."""
        return cls(int((_to_decimal(value) * FEN_PER_YUAN).quantize(Decimal(1), ROUND_HALF_UP)))

    @classmethod
    def wan(cls, value: object) -> Money:
        """From 万元 (the unit of every form and report); rounds half up to the 分."""
        return cls(int((_to_decimal(value) * FEN_PER_WAN).quantize(Decimal(1), ROUND_HALF_UP)))

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    # -- views ------------------------------------------------------------------------------
    @property
    def as_yuan(self) -> Decimal:
        return Decimal(self.fen) / FEN_PER_YUAN

    @property
    def as_wan(self) -> Decimal:
        return Decimal(self.fen) / FEN_PER_WAN

    def wan_str(self, places: int | None = None, *, grouping: bool = True) -> str:
        """万元 for display: '12.35', '1,234.50' — at least two decimals, and as many more (up to six, the 分)
        as the amount has, so that a non-zero amount never shows as 0.00 ('0.000001' is 1 分). ``places``
        fixes the number of decimals instead (rounded half up); ``grouping=False`` leaves out the commas."""
        wan = self.as_wan
        if places is None:
            places = min(6, max(2, -wan.normalize().as_tuple().exponent))  # type: ignore[operator]
        else:
            wan = wan.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return f"{wan:{',' if grouping else ''}.{places}f}"

    def yuan_str(self) -> str:
        return f"{self.as_yuan:,.2f}"

    # -- arithmetic -------------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen + other.fen)

    def __radd__(self, other: object) -> Money:  # so that sum() works
        if other == 0:
            return self
        if isinstance(other, Money):
            return Money(self.fen + other.fen)
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.fen - other.fen)

    def __neg__(self) -> Money:
        return Money(-self.fen)

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.fen < other.fen

    def __bool__(self) -> bool:
        return self.fen != 0

    def times(self, ratio: Decimal | int | str) -> Money:
        """Multiply by an exact ratio (e.g. Decimal('0.7') for a 70 % tranche), half up to the 分."""
        return Money(int((Decimal(self.fen) * _to_decimal(ratio)).quantize(Decimal(1), ROUND_HALF_UP)))

    def ratio_to(self, other: Money) -> Decimal:
        """self / other as an exact Decimal (0 when other is zero)."""
        if other.fen == 0:
            return Decimal(0)
        return Decimal(self.fen) / Decimal(other.fen)

    def split(self, ratios: list[Decimal]) -> list[Money]:
        """Split into parts by ratios that sum to 1; the last part takes the rounding remainder,
        so the parts always add up to the whole (used for disbursement tranches)."""
        if sum(ratios, Decimal(0)) != Decimal(1):
            raise ValidationError("拨付比例之和必须为 100%")
        parts = [self.times(r) for r in ratios[:-1]]
        parts.append(self - sum(parts, Money(0)))
        return parts

    def __str__(self) -> str:
        return f"{self.wan_str()} 万元"
