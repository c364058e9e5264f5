"""domain.screening_status: the one table of 形式审查 words and totals."""
from __future__ import annotations

from sti_desk.domain.screening_status import AutoResult, auto_result, count_auto, decision_label


def test_three_automatic_results_and_unchecked():
    assert auto_result(False, True) is AutoResult.FAIL and AutoResult.FAIL.label == "不通过"
    assert auto_result(True, True) is AutoResult.WARN and AutoResult.WARN.label == "需人工判断"
    assert auto_result(True, False) is AutoResult.PASS and AutoResult.PASS.label == "通过"
    assert auto_result(None, False) is AutoResult.UNCHECKED and AutoResult.UNCHECKED.label == "未检查"


def test_decision_words():
    assert [decision_label(d) for d in ("pending", "pass", "reject")] == ["待决定", "通过", "不通过"]


def test_counts_sentence():
    counts = count_auto([AutoResult.FAIL] * 9 + [AutoResult.WARN] * 7 + [AutoResult.PASS] * 14)
    assert counts.total == 30 and counts.text() == "不通过 9 个，需人工判断 7 个，通过 14 个"
    assert count_auto([AutoResult.UNCHECKED]).text() == "不通过 0 个，需人工判断 0 个，通过 0 个，未检查 1 个"
