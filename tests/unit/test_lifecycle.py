from datetime import date

import pytest

from sti_desk.domain.errors import LifecycleError
from sti_desk.domain.lifecycle import (MAIN_PATH, TRANSITIONS, AcceptanceConclusion, ProjectState,
                                       TransitionFacts, allowed_targets, check_transition)
from sti_desk.domain.money import Money

S = ProjectState
TODAY = date(2026, 11, 23)


def facts(**kw):
    return TransitionFacts(today=TODAY, **kw)


def test_every_state_has_a_chinese_label_and_main_path_is_connected():
    for s in S:
        assert s.label and not s.label.isascii()
    for a, b in zip(MAIN_PATH, MAIN_PATH[1:]):
        assert (a, b) in TRANSITIONS


def test_skipping_a_stage_is_refused_with_the_allowed_targets_named():
    with pytest.raises(LifecycleError) as err:
        check_transition(S.APPLIED, S.APPROVED, facts())
    assert "不能直接转为“立项”" in str(err.value) and "形式审查" in str(err.value)


def test_archived_is_terminal():
    assert allowed_targets(S.ARCHIVED) == []
    assert allowed_targets(S.REJECTED) == []


def test_submit_needs_required_fields():
    with pytest.raises(LifecycleError, match="缺少：项目名称、结束日期"):
        check_transition(S.APPLIED, S.SCREENING, facts(required_fields_missing=("项目名称", "结束日期")))
    assert check_transition(S.APPLIED, S.SCREENING, facts()) == "提交形式审查"


def test_review_needs_screening_passed():
    with pytest.raises(LifecycleError, match="形式审查尚未通过"):
        check_transition(S.SCREENING, S.REVIEW, facts(screening_passed=False))
    check_transition(S.SCREENING, S.REVIEW, facts(screening_passed=True))


@pytest.mark.parametrize("pair", [(S.SCREENING, S.REJECTED), (S.REVIEW, S.REJECTED),
                                  (S.IMPLEMENTATION, S.TERMINATED), (S.PROPOSED, S.REJECTED)])
def test_negative_exits_need_a_reason(pair):
    with pytest.raises(LifecycleError, match="必须填写理由"):
        check_transition(*pair, facts(reason="  "))
    check_transition(*pair, facts(reason="单位申请终止"))


def test_proposal_amount_limits():
    base = dict(review_score=85, requested_amount=Money.wan(50), call_cap=Money.wan(40))
    with pytest.raises(LifecycleError, match="超过申请金额"):
        check_transition(S.REVIEW, S.PROPOSED, facts(approved_amount=Money.wan(60), **base))
    with pytest.raises(LifecycleError, match="单项上限"):
        check_transition(S.REVIEW, S.PROPOSED, facts(approved_amount=Money.wan(45), **base))
    with pytest.raises(LifecycleError, match="尚未汇总评分"):
        check_transition(S.REVIEW, S.PROPOSED, facts(approved_amount=Money.wan(30), requested_amount=Money.wan(50)))
    check_transition(S.REVIEW, S.PROPOSED, facts(approved_amount=Money.wan(40), **base))


def test_approval_waits_for_publicity_and_objections():
    with pytest.raises(LifecycleError, match="公示期满后"):
        check_transition(S.PROPOSED, S.APPROVED, facts(publicity_end=TODAY))
    with pytest.raises(LifecycleError, match="异议尚未处理"):
        check_transition(S.PROPOSED, S.APPROVED, facts(publicity_end=date(2026, 11, 1), unresolved_objections=1))
    check_transition(S.PROPOSED, S.APPROVED, facts(publicity_end=date(2026, 11, 1)))


def test_implementation_needs_contract_and_acceptance_needs_end_date():
    with pytest.raises(LifecycleError, match="任务书尚未签订"):
        check_transition(S.APPROVED, S.IMPLEMENTATION, facts())
    with pytest.raises(LifecycleError, match="提前申请验收须说明理由"):
        check_transition(S.IMPLEMENTATION, S.ACCEPTANCE, facts(end_date=date(2027, 6, 30)))
    check_transition(S.IMPLEMENTATION, S.ACCEPTANCE, facts(end_date=date(2026, 6, 30)))


def test_balance_needs_a_final_conclusion_and_archive_a_settled_balance():
    with pytest.raises(LifecycleError, match="需要复议"):
        check_transition(S.ACCEPTANCE, S.BALANCE, facts(acceptance_conclusion=AcceptanceConclusion.RECONSIDER))
    check_transition(S.ACCEPTANCE, S.BALANCE, facts(acceptance_conclusion=AcceptanceConclusion.CONCLUDED))
    with pytest.raises(LifecycleError, match="P11"):
        check_transition(S.BALANCE, S.ARCHIVED, facts())
    check_transition(S.BALANCE, S.ARCHIVED, facts(balance_settled=True))
