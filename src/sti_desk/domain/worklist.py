"""工作台待办 (the work list): what is waiting, for whom, and since or until when.

Plain facts about each call (counts, review rounds, publicity periods) go in; an ordered list of to-do
items in Chinese comes out. Each item names the permission of the person who can act on it (the service
shows an item only to users holding it) and the page that opens the work. Order: overdue items first,
then those with the nearest date, then the lifecycle order (screening before review before publicity).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum

from .permissions import Permission


class Stage(IntEnum):
    """Lifecycle order of the work (the tie-breaker of the list)."""

    SUBMIT = 10
    SCREEN = 20
    DRAW = 30
    OPEN_SCORING = 40
    SCORING = 50
    CLOSE = 60
    DECIDE = 70
    PUBLICISE = 80
    OBJECTION = 90
    FINISH = 100


@dataclass(frozen=True)
class RoundFacts:
    """One review round (评审轮次) of a call."""

    number: int
    status: str                 # drawing | scoring | closed
    deadline: date | None = None
    assignments: int = 0        # score sheets due (not declined or replaced)
    pending: int = 0            # … not yet submitted
    experts_pending: int = 0    # experts with at least one pending sheet
    undecided: int = 0          # projects of a closed round still waiting for the funding decision


@dataclass(frozen=True)
class PublicityFacts:
    """One publicity period (公示) of a call."""

    start: date
    end: date
    finished: bool = False
    open_objections: int = 0


@dataclass(frozen=True)
class CallFacts:
    code: str
    name: str
    call_id: int | None = None
    applied: int = 0               # 申报, not yet submitted to 形式审查
    screening: int = 0             # 形式审查, waiting for the clerk's decision
    awaiting_draw: int = 0         # 专家评审 stage but in no review round yet
    awaiting_publicity: int = 0    # 拟立项 without a publicity period
    rounds: tuple[RoundFacts, ...] = ()
    publicities: tuple[PublicityFacts, ...] = ()


@dataclass(frozen=True)
class TodoItem:
    text: str
    permission: Permission
    page: str                               # page key of the main window
    args: dict[str, object] = field(default_factory=dict)
    due: date | None = None
    overdue: bool = False
    stage: Stage = Stage.SUBMIT
    call_code: str = ""

    def sort_key(self) -> tuple[int, date, int, str]:
        return (0 if self.overdue else 1, self.due or date.max, int(self.stage), self.call_code)


def _days(today: date, day: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "今天"
    if delta == 1:
        return "明天"
    return f"还有 {delta} 天" if delta > 0 else f"已过 {-delta} 天"


def _round_items(call: CallFacts, r: RoundFacts, today: date) -> list[TodoItem]:
    who = f"“{call.name}”第 {r.number} 轮评审"
    review = {"call": call.code}
    P = Permission
    if r.status == "drawing":
        return [TodoItem(f"{who}已抽取专家，尚未开放评分", P.ORGANISE_REVIEW, "review", review,
                         stage=Stage.OPEN_SCORING, call_code=call.code)]
    if r.status == "scoring" and r.pending:
        done = f"已提交 {r.assignments - r.pending}/{r.assignments} 份"
        if r.deadline is None:
            return [TodoItem(f"{who}评分中（{done}，未设截止日期）", P.ORGANISE_REVIEW, "review", review,
                             stage=Stage.SCORING, call_code=call.code)]
        if today > r.deadline:
            return [TodoItem(f"{who}已过截止日期 {r.deadline:%Y-%m-%d}（{_days(today, r.deadline)}），"
                             f"{r.experts_pending} 位专家还有 {r.pending} 份评分表未提交", P.ORGANISE_REVIEW,
                             "review", review, due=r.deadline, overdue=True, stage=Stage.SCORING,
                             call_code=call.code)]
        return [TodoItem(f"{who}评分中，{done}，{r.deadline:%Y-%m-%d} 截止（{_days(today, r.deadline)}）",
                         P.ORGANISE_REVIEW, "review", review, due=r.deadline, stage=Stage.SCORING,
                         call_code=call.code)]
    if r.status == "scoring":
        return [TodoItem(f"{who}的 {r.assignments} 份评分表已全部提交，可以结束评审、汇总排序", P.ORGANISE_REVIEW,
                         "review", review, stage=Stage.CLOSE, call_code=call.code)]
    if r.status == "closed" and r.undecided:
        return [TodoItem(f"{who}已结束，{r.undecided} 个项目待审批资助清单", P.APPROVE_FUNDING, "review", review,
                         stage=Stage.DECIDE, call_code=call.code)]
    return []


def _publicity_items(call: CallFacts, p: PublicityFacts, today: date) -> list[TodoItem]:
    if p.finished:
        return []
    review = {"call": call.code}
    P = Permission
    items = []
    if p.open_objections:
        items.append(TodoItem(f"“{call.name}”公示收到 {p.open_objections} 条异议，尚未处理", P.ORGANISE_REVIEW,
                              "review", review, due=p.end, overdue=today > p.end, stage=Stage.OBJECTION,
                              call_code=call.code))
    if today > p.end:
        tail = "处理完异议后确认立项" if p.open_objections else "请确认公示结果，项目转为立项"
        items.append(TodoItem(f"“{call.name}”公示已于 {p.end:%Y-%m-%d} 期满，{tail}", P.ORGANISE_REVIEW, "review",
                              review, due=p.end, overdue=True, stage=Stage.FINISH, call_code=call.code))
    else:
        items.append(TodoItem(f"“{call.name}”公示中：{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}（{_days(today, p.end)}期满）",
                              P.ORGANISE_REVIEW, "review", review, due=p.end, stage=Stage.FINISH,
                              call_code=call.code))
    return items


def build_todos(calls: list[CallFacts], today: date) -> list[TodoItem]:
    """Every to-do item of these calls, most urgent first."""
    P = Permission
    items: list[TodoItem] = []
    for c in calls:
        if c.applied:
            items.append(TodoItem(f"“{c.name}”有 {c.applied} 个申报尚未提交形式审查", P.SCREEN, "projects",
                                  {"state": "applied", "call_id": c.call_id}, stage=Stage.SUBMIT, call_code=c.code))
        if c.screening:
            items.append(TodoItem(f"“{c.name}”有 {c.screening} 个项目待形式审查", P.SCREEN, "intake",
                                  {"call_id": c.call_id}, stage=Stage.SCREEN, call_code=c.code))
        if c.awaiting_draw:
            items.append(TodoItem(f"“{c.name}”有 {c.awaiting_draw} 个项目已通过形式审查，待抽取评审专家",
                                  P.ORGANISE_REVIEW, "review", {"call": c.code}, stage=Stage.DRAW, call_code=c.code))
        for r in c.rounds:
            items.extend(_round_items(c, r, today))
        if c.awaiting_publicity:
            items.append(TodoItem(f"“{c.name}”有 {c.awaiting_publicity} 个拟立项项目待公示", P.ORGANISE_REVIEW,
                                  "review", {"call": c.code}, stage=Stage.PUBLICISE, call_code=c.code))
        for p in c.publicities:
            items.extend(_publicity_items(c, p, today))
    return sorted(items, key=TodoItem.sort_key)
