"""拟立项资助清单 checks and the publicity period (公示期)."""
from datetime import date

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.domain.review import FundingItem, check_funding_list, committed_funding, parse_days, publicity_end

W = Money.wan


def test_a_good_list_has_no_errors_or_warnings():
    items = [FundingItem(1, W(50), W(40)), (2, W(30), W(30))]
    assert check_funding_list(items, W(50), W(100)) == ([], [])


def test_errors_above_request_above_cap_zero_and_duplicates():
    items = [(1, W(50), W(60)), (2, W(80), W(70)), (3, W(10), W(0)), (1, W(50), W(40))]
    errors, warnings = check_funding_list(items, W(60), W(0))
    assert errors == [
        "项目 1 拟资助 60.00 万元，超过申请金额 50.00 万元",
        "项目 2 拟资助 70.00 万元，超过单项资助上限 60.00 万元",
        "项目 3 拟资助金额须大于 0（当前 0.00 万元）",
        "项目 1 在资助清单中重复出现",
    ]
    assert warnings == []   # budget 0 = not set


def test_cap_zero_means_no_cap():
    assert check_funding_list([(1, W(500), W(500))], Money(0), Money(0)) == ([], [])


def test_over_budget_is_a_warning_not_an_error():
    errors, warnings = check_funding_list([(1, W(60), W(60)), (2, W(50), W("45.5"))], W(100), W(100))
    assert errors == []
    assert warnings == ["拟资助总额 105.50 万元 超过批次总预算 100.00 万元，超出 5.50 万元"]


def test_what_was_decided_before_counts_towards_the_budget():
    projects = [(1, "approved", W(40)), (2, "rejected", W(30)), (3, "review", W(0)), (4, "proposed", W(20)),
                (5, "implementation", W(10))]
    assert committed_funding(projects, listed={4}) == W(50)           # 1 and 5; 2 ended 不予立项; 4 is listed
    errors, warnings = check_funding_list([(3, W(60), W(45)), (4, W(20), W(20))], W(60), W(100), W(50))
    assert errors == [] and warnings == [
        "此前已决定资助 50.00 万元，本次拟资助 65.00 万元，合计 115.00 万元 超过批次总预算 100.00 万元，超出 15.00 万元"]
    assert check_funding_list([(3, W(60), W(45))], W(60), W(100), W(50)) == ([], [])


def test_publicity_over_a_weekend():
    # Thursday 12 June 2025: Thu, Fri, (Sat, Sun), Mon, Tue, Wed
    assert publicity_end(date(2025, 6, 12)) == date(2025, 6, 18)


def test_publicity_starting_on_a_weekend_starts_counting_on_monday():
    assert publicity_end(date(2025, 6, 14)) == date(2025, 6, 20)
    assert publicity_end(date(2025, 6, 16), working_days=1) == date(2025, 6, 16)


def test_publicity_skips_holidays_and_counts_make_up_days():
    # National Day 2025: 1–8 October off, Sunday 28 Sept and Saturday 11 Oct are working days
    holidays = {date(2025, 10, d) for d in range(1, 9)}
    extra = {date(2025, 9, 28), date(2025, 10, 11)}
    # Fri 26 Sept, Sun 28 (补班), Mon 29, Tue 30, then Thu 9 Oct
    assert publicity_end(date(2025, 9, 26), 5, holidays, extra) == date(2025, 10, 9)
    assert publicity_end(date(2025, 9, 26), 5, holidays) == date(2025, 10, 10)


def test_publicity_needs_a_positive_length():
    with pytest.raises(ValidationError):
        publicity_end(date(2025, 6, 12), 0)


def test_days_typed_by_a_clerk():
    assert parse_days("") == []
    assert parse_days("2026-10-01~2026-10-03，2026/10/11、 2026-10-02；2026.9.27 至 2026.9.27") == [
        date(2026, 9, 27), date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3), date(2026, 10, 11)]
    for bad, why in (("2026-13-01", "不是有效的日期"), ("下周一", "不是有效的日期"),
                     ("2026-10-05~2026-10-01", "结束日期早于开始日期"), ("2026-01-01~2026-12-31", "超过 60 天")):
        with pytest.raises(ValidationError, match=why):
            parse_days(bad)


def test_below_the_p5_minimum_is_an_error_naming_the_rule():
    errors, _ = check_funding_list([("A", W(113), W("90.4")), ("B", W(150), W(100)), ("C", W(120), W(0))],
                                   W(300), W(0), minimum=W(100))
    assert errors == ["项目 A 拟资助 90.40 万元，低于揭榜挂帅项目最低资助额 100.00 万元（依据：P5 揭榜挂帅项目最低资助额）",
                      "项目 C 拟资助金额须大于 0（当前 0.00 万元）"]
    assert check_funding_list([("A", W(113), W("90.4"))], W(300), W(0))[0] == []   # no minimum given


def test_funding_minimum_is_p5_for_open_competition_calls_only():
    from sti_desk.domain.policy import CallCategory, OrganisationMode, PolicyParameters

    p = PolicyParameters()
    assert p.funding_minimum(CallCategory.OPEN_COMPETITION, OrganisationMode.OPEN_COMPETITION) == W(100)
    assert p.funding_minimum("key_rd", "open_competition") == W(100)      # 揭榜制 organisation, other category
    assert p.funding_minimum("open_competition", "competitive") == W(100)
    assert p.funding_minimum("transfer", "competitive") == W(0)
