"""形式审查 (screening): the automatic checks of step 2, as pure domain code.

Usage (the service layer loads the input from the store)::

    report = run_screening(ScreeningInput(project, call, unit, leader, policy, today,
                                          bars=..., leader_active_projects=..., other_open_applications=...))
    report.passed        # no error-severity check failed → may go to 专家评审
    report.results       # one CheckResult per check, passed or not, in CHECKS order

Every check runs every time so the clerk sees the whole list; a check that does not apply to the call
(e.g. 揭榜挂帅 minimum in a 重点研发 call) passes with ``applicable=False``. The checks live in
``screening_eligibility`` (who may apply) and ``screening_budget`` (the money); see docs/screening.md.
"""
from __future__ import annotations

from collections.abc import Callable

from .screening_budget import (
    check_budget_subjects,
    check_budget_total,
    check_calc_basis,
    check_cap,
    check_indirect_cost,
    check_labour_ratio,
    check_lump_sum_pledge,
    check_open_competition_min,
    check_self_funding,
    parse_self_funding_ratio,
)
from .screening_eligibility import (
    check_above_scale_rd,
    check_dishonesty,
    check_duplicate,
    check_leader_limit,
    check_period,
    check_post_subsidy_rd,
    check_required_fields,
    check_similar_title,
    missing_required_fields,
    parse_rd_intensity,
)
from .screening_model import (
    MAX_PERIOD_YEARS,
    CheckResult,
    CreditBar,
    OtherApplication,
    ScreeningInput,
    ScreeningReport,
    Severity,
)
from .screening_titles import FILLER_WORDS, normalise_title, title_similarity

Check = Callable[[ScreeningInput], CheckResult]

#: Every automatic check in the order the clerk sees them: stable code → function.
CHECKS: dict[str, Check] = {
    "required_fields": check_required_fields,
    "period": check_period,
    "dishonesty": check_dishonesty,
    "leader_limit": check_leader_limit,
    "duplicate": check_duplicate,
    "similar_title": check_similar_title,
    "above_scale_rd": check_above_scale_rd,
    "post_subsidy_rd": check_post_subsidy_rd,
    "cap": check_cap,
    "open_competition_min": check_open_competition_min,
    "self_funding": check_self_funding,
    "budget_total": check_budget_total,
    "budget_subjects": check_budget_subjects,
    "indirect_cost": check_indirect_cost,
    "calc_basis": check_calc_basis,
    "labour_ratio": check_labour_ratio,
    "lump_sum_pledge": check_lump_sum_pledge,
}


def run_screening(inp: ScreeningInput) -> ScreeningReport:
    """Run every check of :data:`CHECKS` on one application and return all results."""
    return ScreeningReport(tuple(check(inp) for check in CHECKS.values()))


__all__ = [
    "CHECKS", "FILLER_WORDS", "MAX_PERIOD_YEARS", "CheckResult", "CreditBar", "OtherApplication",
    "ScreeningInput", "ScreeningReport", "Severity", "missing_required_fields", "normalise_title",
    "parse_rd_intensity", "parse_self_funding_ratio", "run_screening", "title_similarity",
]
