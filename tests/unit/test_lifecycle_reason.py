"""requires_reason: the transitions whose guard refuses an empty reason, asked for up front by the GUI."""
from __future__ import annotations

from datetime import date

import pytest

from sti_desk.domain.errors import LifecycleError
from sti_desk.domain.lifecycle import TRANSITIONS, ProjectState, TransitionFacts, check_transition, requires_reason

S = ProjectState


@pytest.mark.parametrize(("current", "target"), [
    (S.SCREENING, S.REJECTED), (S.SCREENING, S.APPLIED), (S.REVIEW, S.REJECTED), (S.PROPOSED, S.REJECTED),
    (S.APPROVED, S.TERMINATED), (S.IMPLEMENTATION, S.TERMINATED)])
def test_reason_transitions(current, target):  # type: ignore[no-untyped-def]
    assert requires_reason(current, target)


@pytest.mark.parametrize(("current", "target"), [
    (S.APPLIED, S.SCREENING), (S.SCREENING, S.REVIEW), (S.REVIEW, S.PROPOSED), (S.PROPOSED, S.APPROVED),
    (S.APPROVED, S.IMPLEMENTATION), (S.ACCEPTANCE, S.BALANCE), (S.TERMINATED, S.BALANCE),
    (S.BALANCE, S.ARCHIVED), (S.APPLIED, S.ARCHIVED)])  # (the last is not a transition at all)
def test_no_reason_needed(current, target):  # type: ignore[no-untyped-def]
    assert not requires_reason(current, target)


def test_early_acceptance_needs_a_reason_only_before_the_end_date():  # type: ignore[no-untyped-def]
    end = date(2026, 6, 30)
    assert requires_reason(S.IMPLEMENTATION, S.ACCEPTANCE, today=date(2026, 6, 29), end_date=end)
    assert not requires_reason(S.IMPLEMENTATION, S.ACCEPTANCE, today=end, end_date=end)
    assert not requires_reason(S.IMPLEMENTATION, S.ACCEPTANCE, today=date(2026, 7, 1), end_date=end)
    assert not requires_reason(S.IMPLEMENTATION, S.ACCEPTANCE, end_date=None)  # refused for another rule


def test_agrees_with_the_guards():  # type: ignore[no-untyped-def]
    """A transition needs a reason iff its guard refuses "no reason" but accepts the same facts with one."""
    today, end = date(2026, 1, 10), date(2026, 6, 30)
    for current, target in TRANSITIONS:
        base = dict(today=today, end_date=end, screening_passed=True, contract_signed=True,
                    balance_settled=True)

        def ok(reason: str) -> bool:
            try:
                check_transition(current, target, TransitionFacts(reason=reason, **base))  # type: ignore[arg-type]
            except LifecycleError:
                return False
            return True

        needs = not ok("") and ok("理由")
        assert requires_reason(current, target, today=today, end_date=end) is needs, (current, target)
