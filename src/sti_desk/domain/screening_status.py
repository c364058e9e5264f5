"""The words for a 形式审查 result, and its counts: one table for every place that shows them.

The 形式审查 page, the project detail's 形式审查 tab, ``sti-desk screen`` and both screening exports read the
automatic result, the decision and the totals from here, so they never disagree.

The automatic result has three states once the checks have run: 不通过 (an error-severity check failed),
需人工判断 (only warning-severity checks failed, e.g. 相似题目 — the clerk judges) and 通过 (nothing failed);
未检查 when no check has run. The decision is 待决定 until the clerk decides 通过 or 不通过.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class AutoResult(str, Enum):
    """The automatic result of one project's screening."""

    UNCHECKED = "unchecked"
    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"

    @property
    def label(self) -> str:
        return AUTO_LABELS[self]


AUTO_LABELS = {AutoResult.UNCHECKED: "未检查", AutoResult.FAIL: "不通过", AutoResult.WARN: "需人工判断",
               AutoResult.PASS: "通过"}

#: The clerk's decision (ScreeningRow.decision) as every list, tab, command and export shows it.
DECISION_LABELS = {"pending": "待决定", "pass": "通过", "reject": "不通过"}


def auto_result(auto_passed: bool | None, any_failed: bool) -> AutoResult:
    """``auto_passed`` None = not checked; ``any_failed`` = some check (error or warning) did not pass."""
    if auto_passed is None:
        return AutoResult.UNCHECKED
    if not auto_passed:
        return AutoResult.FAIL
    return AutoResult.WARN if any_failed else AutoResult.PASS


def decision_label(decision: str) -> str:
    return DECISION_LABELS.get(decision, decision)


@dataclass(frozen=True)
class AutoCounts:
    """How many projects have each automatic result."""

    failed: int = 0
    warned: int = 0
    passed: int = 0
    unchecked: int = 0

    @property
    def total(self) -> int:
        return self.failed + self.warned + self.passed + self.unchecked

    def text(self) -> str:
        """'不通过 9 个，需人工判断 7 个，通过 14 个' (，未检查 n 个 only when some were not checked)."""
        out = (f"{AutoResult.FAIL.label} {self.failed} 个，{AutoResult.WARN.label} {self.warned} 个，"
               f"{AutoResult.PASS.label} {self.passed} 个")
        return out + (f"，{AutoResult.UNCHECKED.label} {self.unchecked} 个" if self.unchecked else "")


def count_auto(results: Iterable[AutoResult]) -> AutoCounts:
    n = {r: 0 for r in AutoResult}
    for r in results:
        n[r] += 1
    return AutoCounts(n[AutoResult.FAIL], n[AutoResult.WARN], n[AutoResult.PASS], n[AutoResult.UNCHECKED])
