from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.policy import (BUDGET_SUBJECTS, BudgetScheme, IndirectScheme, PolicyParameters,
                                    PolicyVersion, policy_in_force)


def test_defaults_follow_policy_md():
    p = PolicyParameters()
    assert p.max_inspections_per_cycle == 1                 # P2
    assert p.open_competition_min == Money.wan(100)         # P5
    assert p.indirect_ceiling == Decimal("0.20")            # P6
    assert p.calc_basis_threshold == Decimal("0.10")        # P7
    assert "材料费" in p.delegated_subjects                  # P8
    assert p.labour_ratio_cap is None                       # P9
    assert p.carry_over is True                             # P10
    assert p.retention_years == 3 and p.retention_min_credit == "良好"  # P11
    assert p.dishonesty_bar_years == 3                      # P12
    assert p.horizontal_city_level_threshold == Money.wan(30)  # P17
    assert p.credit_levels == ("良好", "一般", "较差", "严重失信")


def test_both_subject_schemes_are_offered():
    assert BUDGET_SUBJECTS[BudgetScheme.SIMPLIFIED][:3] == ("设备费", "业务费", "劳务费")
    assert len(BUDGET_SUBJECTS[BudgetScheme.TRADITIONAL]) == 10


def test_flat_indirect_ceiling_is_20_percent_of_direct_minus_equipment():
    p = PolicyParameters()
    assert p.indirect_cost_ceiling(Money.wan(100), Money.wan(20)) == Money.wan(16)
    assert p.indirect_cost_ceiling(Money.wan(10), Money.wan(10)) == Money(0)


def test_tiered_indirect_ceilings():
    old = replace(PolicyParameters(), indirect_scheme=IndirectScheme.TIERED_OLD)
    # 1,200 万 base: 500×20% + 500×15% + 200×13% = 100 + 75 + 26 = 201 万
    assert old.indirect_cost_ceiling(Money.wan(1300), Money.wan(100)) == Money.wan(201)
    new = replace(PolicyParameters(), indirect_scheme=IndirectScheme.TIERED_2021)
    assert new.indirect_cost_ceiling(Money.wan(300), Money(0)) == Money.wan(90)


def test_credit_is_good_uses_the_level_order():
    p = PolicyParameters()
    assert p.credit_is_good("良好")
    assert not p.credit_is_good("一般")
    assert not p.credit_is_good("未知等级")
    lenient = replace(p, retention_min_credit="一般")
    assert lenient.credit_is_good("一般")


def test_plain_round_trip_keeps_every_parameter():
    p = replace(PolicyParameters(), retention_years=None, indirect_scheme=IndirectScheme.TIERED_2021,
                labour_ratio_cap=Decimal("0.5"), open_competition_min=Money.wan(150))
    assert PolicyParameters.from_plain(p.to_plain()) == p


def test_version_in_force_is_the_latest_effective_on_the_date():
    v1 = PolicyVersion(date(2000, 1, 1), PolicyParameters())
    v2 = PolicyVersion(date(2026, 7, 1), replace(PolicyParameters(), retention_years=None))
    assert policy_in_force([v2, v1], date(2026, 6, 30)).retention_years == 3
    assert policy_in_force([v1, v2], date(2026, 7, 1)).retention_years is None
    with pytest.raises(ValidationError):
        policy_in_force([v2], date(2020, 1, 1))
