from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money


def test_wan_and_yuan_are_exact_fen():
    assert Money.wan("12.5").fen == 12_500_000
    assert Money.yuan("1,234.56").fen == 123_456
    assert Money.wan(Decimal("0.000001")).fen == 1  # 0.01 元


def test_rounding_is_half_up_to_the_fen():
    assert Money.yuan("0.005").fen == 1
    assert Money.yuan("0.004").fen == 0
    assert Money.yuan("-0.005").fen == -1
    assert Money(12_345_678).wan_str(2) == "12.35"      # fixed decimals round half up
    assert Money(12_344_999).wan_str(2) == "12.34"


@pytest.mark.parametrize("fen, shown", [
    (0, "0.00"), (1, "0.000001"), (100, "0.0001"), (5_000, "0.005"), (10_000, "0.01"), (12_345_678, "12.345678"),
    (12_340_000, "12.34"), (25_500_000, "25.50"), (1_234_000_000, "1,234.00"), (-150, "-0.00015")])
def test_wan_str_never_hides_a_fen(fen, shown):
    """At least two decimals, more (up to six: 1 分 = 0.000001 万元) when the amount has them — a request of
    1 分 is not shown as 0.00 万元."""
    assert Money(fen).wan_str() == shown
    assert Money(fen).wan_str(grouping=False) == shown.replace(",", "")
    assert str(Money(fen)) == f"{shown} 万元"


def test_float_is_refused():
    with pytest.raises(TypeError):
        Money.wan(1.1)
    with pytest.raises(TypeError):
        Money(1.0)  # type: ignore[arg-type]


def test_garbage_text_is_a_validation_error_in_chinese():
    with pytest.raises(ValidationError, match="不是有效数字"):
        Money.wan("十万")


def test_arithmetic_and_sum():
    a, b = Money.wan(1), Money.wan("0.5")
    assert a + b == Money.wan("1.5")
    assert a - b == Money.wan("0.5")
    assert sum([a, b, b]) == Money.wan(2)
    assert a > b and -a < b
    assert a.times("0.7") == Money.wan("0.7")
    assert Money.wan(3).ratio_to(Money.wan(4)) == Decimal("0.75")
    assert Money.wan(3).ratio_to(Money(0)) == 0


@given(st.integers(min_value=0, max_value=10**12),
       st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=6))
def test_split_parts_always_add_up_to_the_whole(fen, weights):
    total = sum(weights)
    ratios = [Decimal(w) / total for w in weights[:-1]]
    ratios.append(1 - sum(ratios, Decimal(0)))
    parts = Money(fen).split(ratios)
    assert sum(parts, Money(0)) == Money(fen)
    assert len(parts) == len(weights)


def test_split_refuses_ratios_not_summing_to_one():
    with pytest.raises(ValidationError, match="100%"):
        Money.wan(10).split([Decimal("0.7"), Decimal("0.2")])


@given(st.integers(min_value=-10**14, max_value=10**14))
def test_wan_round_trip(fen):
    m = Money(fen)
    assert Money.wan(m.as_wan) == m
    assert Money.yuan(m.as_yuan) == m
