"""Plain-text output of ``sti-desk call …`` and ``sti-desk review rubric`` (Chinese, readable in a console)."""
from __future__ import annotations

from ..domain.calls import plan_label, self_funding_label, window_label
from ..domain.entities import Call
from ..domain.money import Money
from ..domain.review import RULES, Rubric, fmt_exact, fmt_points
from ..services.calls import CallDetails, CallOverview
from .common import say


def cap_text(cap: Money) -> str:
    return str(cap) if cap.fen else "不设上限"


def budget_text(budget: Money) -> str:
    return str(budget) if budget.fen else "未设定"


def print_call_list(items: list[CallOverview]) -> None:
    if not items:
        say("还没有申报批次。可用 sti-desk call add 新建。")
        return
    for o in items:
        c = o.call
        say(f"{c.code}  {c.name}  {c.year}年  {c.category.label}  {c.funding_mode.label}  "
            f"申报 {window_label(c.opens, c.closes)}  单项上限 {cap_text(c.cap)}  总预算 {budget_text(c.total_budget)}  "
            f"项目 {o.projects} 个  {o.review_status}")
    say(f"共 {len(items)} 个申报批次")


def print_call(d: CallDetails) -> None:
    c: Call = d.call
    lines = [
        ("批次编号", c.code), ("批次名称", c.name), ("年度", str(c.year)), ("类别", c.category.label),
        ("资金管理方式", c.funding_mode.label), ("组织方式", c.organisation_mode.label),
        ("预算科目", c.budget_scheme.label), ("单项资助上限", cap_text(c.cap)),
        ("批次总预算", budget_text(c.total_budget)), ("申报时间", window_label(c.opens, c.closes)),
        ("自筹比例", self_funding_label(c.self_funding_ratio)), ("拨付计划", plan_label(c.disbursement_plan)),
        ("项目数", f"{d.projects} 个"), ("评审", d.review_status), ("版本", str(c.version)),
    ]
    for label, value in lines:
        say(f"{label}：{value}")
    say("")
    print_rubric(d.rubric, d.rubric_is_default, c.aggregation, c.experts_per_group, d.rubric_locked,
                 d.drop_extremes_min, fmt_points(d.disagreement_spread))


def print_rubric(rubric: Rubric, is_default: bool, aggregation: str, experts_per_group: int, locked: bool,
                 drop_extremes_min: int | None = None, spread: str | None = None) -> None:
    say("评分标准" + ("（默认）" if is_default else "") + f"：满分 {rubric.max_total} 分")
    weighted = any(c.weight != 1 for c in rubric.criteria)
    for c in rubric.criteria:
        weight = f"，权重 {fmt_exact(c.weight)}" if weighted else ""
        say(f"  {c.code}  {c.name}  满分 {c.max_points}{weight}")
    say(f"推荐意见：{'、'.join(rubric.recommendations)}")
    rule = f"总分低于 {fmt_points(rubric.comment_required_below)} 分"
    if rubric.comment_required_for:
        rule += f"或推荐“{'、'.join(rubric.comment_required_for)}”"
    say(f"须填写评审意见：{rule}时")
    trim = ""
    if aggregation == "trimmed_mean" and drop_extremes_min is not None:
        trim = f"（{drop_extremes_min} 个及以上分数时）"
    say(f"汇总规则：{RULES.get(aggregation, aggregation)}{trim}；每组评审专家 {experts_per_group} 人")
    if spread is not None:
        say(f"分歧提示：最高分与最低分相差超过 {spread} 分（政策参数）")
    if locked:
        say("已抽取评审专家：评分标准、汇总规则和每组人数已锁定，不能再修改")
