"""The project lifecycle as an explicit state machine (项目全生命周期).

申报 → 形式审查 → 专家评审 → 拟立项/公示 → 立项 → 实施 → 验收 → 结余处理 → 归档,
with 不予立项 (rejected) and 终止 (terminated) as side exits. Every transition has a guard that checks
the facts the step needs (given as a :class:`TransitionFacts`) and raises :class:`LifecycleError`
with a Chinese message naming the rule when they are missing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from .errors import LifecycleError
from .money import Money


class ProjectState(str, Enum):
    APPLIED = "applied"
    SCREENING = "screening"
    REVIEW = "review"
    PROPOSED = "proposed"
    APPROVED = "approved"
    IMPLEMENTATION = "implementation"
    ACCEPTANCE = "acceptance"
    BALANCE = "balance"
    ARCHIVED = "archived"
    REJECTED = "rejected"
    TERMINATED = "terminated"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[ProjectState, str] = {
    ProjectState.APPLIED: "申报",
    ProjectState.SCREENING: "形式审查",
    ProjectState.REVIEW: "专家评审",
    ProjectState.PROPOSED: "拟立项/公示",
    ProjectState.APPROVED: "立项",
    ProjectState.IMPLEMENTATION: "实施",
    ProjectState.ACCEPTANCE: "验收",
    ProjectState.BALANCE: "结余处理",
    ProjectState.ARCHIVED: "归档",
    ProjectState.REJECTED: "不予立项",
    ProjectState.TERMINATED: "终止",
}

#: The main path in order (for timelines and dashboards).
MAIN_PATH: tuple[ProjectState, ...] = (
    ProjectState.APPLIED, ProjectState.SCREENING, ProjectState.REVIEW, ProjectState.PROPOSED,
    ProjectState.APPROVED, ProjectState.IMPLEMENTATION, ProjectState.ACCEPTANCE,
    ProjectState.BALANCE, ProjectState.ARCHIVED,
)

#: States in which a project is "active" for the leader's project limit and duplicate checks.
ACTIVE_STATES = frozenset({
    ProjectState.APPROVED, ProjectState.IMPLEMENTATION, ProjectState.ACCEPTANCE,
})
#: States in which an application is still open in its call (重复申报 check).
OPEN_APPLICATION_STATES = frozenset({
    ProjectState.APPLIED, ProjectState.SCREENING, ProjectState.REVIEW, ProjectState.PROPOSED,
})


class AcceptanceConclusion(str, Enum):
    """验收结论. 结题 = finished without reaching the goals after honest effort (尽职免责, P16)."""

    PASSED = "passed"
    CONCLUDED = "concluded"
    FAILED = "failed"
    RECONSIDER = "reconsider"  # 需要复议: one rectification round, then a final conclusion

    @property
    def label(self) -> str:
        return {"passed": "通过", "concluded": "结题", "failed": "不通过", "reconsider": "需要复议"}[self.value]

    @property
    def is_final(self) -> bool:
        return self is not AcceptanceConclusion.RECONSIDER


@dataclass(frozen=True)
class TransitionFacts:
    """What is known about a project when a transition is asked for. Services fill it from the store."""

    today: date
    reason: str = ""
    required_fields_missing: tuple[str, ...] = ()
    screening_passed: bool | None = None
    review_score: object | None = None  # a Decimal when the review is aggregated
    approved_amount: Money | None = None
    requested_amount: Money | None = None
    call_cap: Money | None = None
    publicity_end: date | None = None
    unresolved_objections: int = 0
    contract_signed: bool = False
    end_date: date | None = None
    acceptance_conclusion: AcceptanceConclusion | None = None
    balance_settled: bool = False


Guard = Callable[[TransitionFacts], None]


def _fail(message: str, rule: str) -> None:
    raise LifecycleError(message, rule=rule)


def _guard_submit(f: TransitionFacts) -> None:
    if f.required_fields_missing:
        _fail("申报信息不完整，缺少：" + "、".join(f.required_fields_missing), "形式审查·必填项")


def _guard_screen_pass(f: TransitionFacts) -> None:
    if f.screening_passed is not True:
        _fail("形式审查尚未通过，不能进入专家评审", "形式审查")


def _guard_reason(f: TransitionFacts) -> None:
    if not f.reason.strip():
        _fail("此操作必须填写理由", "全过程留痕")


def _guard_propose(f: TransitionFacts) -> None:
    if f.review_score is None:
        _fail("专家评审尚未汇总评分，不能拟立项", "P1 申报时强化评审")
    if f.approved_amount is None or f.approved_amount.fen <= 0:
        _fail("拟立项须确定资助金额", "拟立项")
    if f.requested_amount is not None and f.approved_amount > f.requested_amount:
        _fail(f"资助金额 {f.approved_amount} 超过申请金额 {f.requested_amount}", "拟立项·不超过申请额")
    if f.call_cap is not None and f.call_cap.fen > 0 and f.approved_amount > f.call_cap:
        _fail(f"资助金额 {f.approved_amount} 超过本批次单项上限 {f.call_cap}", "申报指南·单项资助上限")


def _guard_approve(f: TransitionFacts) -> None:
    if f.publicity_end is None:
        _fail("尚未公示，不能立项", "拟立项公示")
    if f.today <= f.publicity_end:
        _fail(f"公示期至 {f.publicity_end:%Y-%m-%d} 结束，公示期满后方可立项", "拟立项公示")
    if f.unresolved_objections:
        _fail(f"公示期内有 {f.unresolved_objections} 项异议尚未处理", "拟立项公示·异议处理")


def _guard_start(f: TransitionFacts) -> None:
    if not f.contract_signed:
        _fail("任务书尚未签订，不能进入实施", "任务书")


def _guard_acceptance(f: TransitionFacts) -> None:
    if f.end_date is None:
        _fail("任务书未约定执行期结束日期", "任务书")
    if f.today < f.end_date and not f.reason.strip():
        _fail(f"执行期至 {f.end_date:%Y-%m-%d} 结束；提前申请验收须说明理由", "验收·执行期满")


def _guard_balance(f: TransitionFacts) -> None:
    c = f.acceptance_conclusion
    if c is None or not c.is_final:
        _fail("验收尚无最终结论（需要复议的须复议后给出最终结论）", "验收")


def _guard_archive(f: TransitionFacts) -> None:
    if not f.balance_settled:
        _fail("结余资金尚未处理完毕（留用期内或待收回），不能归档", "P11 结余资金管理")


def _no_guard(f: TransitionFacts) -> None:
    return None


S = ProjectState
#: (from, to) → (action label, guard)
TRANSITIONS: dict[tuple[ProjectState, ProjectState], tuple[str, Guard]] = {
    (S.APPLIED, S.SCREENING): ("提交形式审查", _guard_submit),
    (S.SCREENING, S.REVIEW): ("形式审查通过", _guard_screen_pass),
    (S.SCREENING, S.REJECTED): ("形式审查不通过", _guard_reason),
    (S.SCREENING, S.APPLIED): ("退回补正", _guard_reason),
    (S.REVIEW, S.PROPOSED): ("拟立项并公示", _guard_propose),
    (S.REVIEW, S.REJECTED): ("评审未入选", _guard_reason),
    (S.PROPOSED, S.APPROVED): ("公示期满立项", _guard_approve),
    (S.PROPOSED, S.REJECTED): ("公示异议成立", _guard_reason),
    (S.APPROVED, S.IMPLEMENTATION): ("签订任务书", _guard_start),
    (S.APPROVED, S.TERMINATED): ("终止", _guard_reason),
    (S.IMPLEMENTATION, S.ACCEPTANCE): ("申请验收", _guard_acceptance),
    (S.IMPLEMENTATION, S.TERMINATED): ("终止", _guard_reason),
    (S.ACCEPTANCE, S.BALANCE): ("验收结论确定", _guard_balance),
    (S.TERMINATED, S.BALANCE): ("终止项目结余清算", _no_guard),
    (S.BALANCE, S.ARCHIVED): ("归档", _guard_archive),
}


def requires_reason(current: ProjectState, target: ProjectState, *, today: date | None = None,
                    end_date: date | None = None) -> bool:
    """Whether ``current → target`` is refused without a written reason (全过程留痕), so the GUI can ask for
    one up front: every transition guarded by ``_guard_reason`` (不予立项, 退回补正, 终止 …), and 申请验收
    before the agreed end date (``end_date``; ``today`` defaults to the current date)."""
    entry = TRANSITIONS.get((current, target))
    if entry is None:
        return False
    guard = entry[1]
    if guard is _guard_reason:
        return True
    if guard is _guard_acceptance:
        return end_date is not None and (today or date.today()) < end_date
    return False


def allowed_targets(state: ProjectState) -> list[ProjectState]:
    return [t for (s, t) in TRANSITIONS if s is state]


def check_transition(current: ProjectState, target: ProjectState, facts: TransitionFacts) -> str:
    """Raise LifecycleError when ``current → target`` is not allowed now; return the action label."""
    entry = TRANSITIONS.get((current, target))
    if entry is None:
        allowed = "、".join(t.label for t in allowed_targets(current)) or "无"
        raise LifecycleError(
            f"项目处于“{current.label}”阶段，不能直接转为“{target.label}”（可转为：{allowed}）",
            rule="项目生命周期")
    label, guard = entry
    guard(facts)
    return label
