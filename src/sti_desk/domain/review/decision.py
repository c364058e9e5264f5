"""Checks on the proposed funding list (拟立项资助清单) and the publicity period (公示期).

- Every approved amount must be above zero, not above the amount requested (the bureau may give less,
  never more), not above the call's cap per project (单项资助上限; a cap of 0 means none) and not below
  the call's minimum per project (P5: 揭榜挂帅 projects get at least 100 万元; a minimum of 0 means none).
  A project listed twice is an error.
- An empty list is refused (:data:`EMPTY_FUNDING_LIST`): deciding it would turn every reviewed project of
  the round into 不予立项, which cannot be undone.
- A list whose total exceeds the call's budget (批次总预算) is only a warning: the manager may still
  decide, but must see it (a budget of 0 means none was set). What was already decided for the call
  (earlier rounds or lists: approved amounts of its projects outside this list, except those that ended
  不予立项) counts towards the budget (:func:`committed_funding`).
- The list is decided on a closed round. While the call's latest round is still open (抽取完成 or 评分中)
  and nothing of a closed round waits, :func:`funding_wait` names that round and why; when everything
  is decided, :func:`all_decided` says so.
- Publicity (公示) lasts ``working_days`` working days counted from its first day: weekends and the given
  public holidays are skipped, and weekend days the State Council made working days (调休补班) count.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from ..errors import ValidationError
from ..lifecycle import ProjectState
from ..money import Money
from ._util import Id


EMPTY_FUNDING_LIST = ("资助清单为空，未作决定：请至少列入一个拟资助项目。不列入任何项目会把本轮全部评审项目转为"
                      "“不予立项”，且不能撤销")
P5_RULE = "P5 揭榜挂帅项目最低资助额"


def funding_wait(number: int, status: str, deadline: date | None = None) -> str:
    """Why the funding list of round ``number`` cannot be approved yet (``status``: drawing | scoring).

    >>> funding_wait(2, "scoring", date(2026, 12, 3))
    '第 2 轮评审尚在评分中（截止 2026-12-03），结束评审后方可审批资助名单'
    >>> funding_wait(3, "drawing")
    '第 3 轮评审已抽取专家、尚未开始评分，评分并结束评审后方可审批资助名单'
    """
    if status == "drawing":
        return f"第 {number} 轮评审已抽取专家、尚未开始评分，评分并结束评审后方可审批资助名单"
    due = f"（截止 {deadline:%Y-%m-%d}）" if deadline else ""
    return f"第 {number} 轮评审尚在评分中{due}，结束评审后方可审批资助名单"


def all_decided(number: int) -> str:
    """Nothing of the latest round (closed) waits for the funding decision."""
    return f"第 {number} 轮评审的项目均已作出资助决定"


class FundingItem(NamedTuple):
    """One line of the funding list; a plain (project_id, requested, approved) tuple works as well."""

    project_id: Id
    requested: Money
    approved: Money


def committed_funding(projects: Iterable[tuple[Id, str, Money]], listed: Iterable[Id]) -> Money:
    """Funding already decided for a call: the approved amounts of its ``projects`` (id, state, approved)
    that are not on the list being decided (``listed``), leaving out projects that became 不予立项."""
    skip = set(listed)
    return sum((approved for pid, state, approved in projects
                if pid not in skip and approved.fen > 0 and state != ProjectState.REJECTED.value), Money(0))


def check_funding_list(items: Iterable[tuple[Id, Money, Money]], call_cap: Money,
                       call_budget: Money, committed: Money = Money(0),
                       minimum: Money = Money(0)) -> tuple[list[str], list[str]]:
    """(errors, warnings) in Chinese for the funding list; no errors = the list may be approved.
    ``committed``: funding already decided for the call outside this list (see :func:`committed_funding`);
    ``minimum``: the least one project may get (P5, :meth:`PolicyParameters.funding_minimum`).
    An empty list is not checked here (a dialog starts empty): the decision refuses it."""
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[Id] = set()
    total = Money(0)
    for project_id, requested, approved in items:
        label = f"项目 {project_id} "
        if project_id in seen:
            errors.append(f"{label}在资助清单中重复出现")
            continue
        seen.add(project_id)
        if approved.fen <= 0:
            errors.append(f"{label}拟资助金额须大于 0（当前 {approved}）")
        if approved > requested:
            errors.append(f"{label}拟资助 {approved}，超过申请金额 {requested}")
        if call_cap.fen > 0 and approved > call_cap:
            errors.append(f"{label}拟资助 {approved}，超过单项资助上限 {call_cap}")
        if minimum.fen > 0 and 0 < approved.fen < minimum.fen:
            errors.append(f"{label}拟资助 {approved}，低于揭榜挂帅项目最低资助额 {minimum}（依据：{P5_RULE}）")
        total = total + approved
    if call_budget.fen > 0 and total + committed > call_budget:
        over = total + committed - call_budget
        if committed.fen:
            warnings.append(f"此前已决定资助 {committed}，本次拟资助 {total}，合计 {total + committed} "
                            f"超过批次总预算 {call_budget}，超出 {over}")
        else:
            warnings.append(f"拟资助总额 {total} 超过批次总预算 {call_budget}，超出 {over}")
    return errors, warnings


def is_working_day(day: date, holidays: Iterable[date] = frozenset(),
                   extra_workdays: Iterable[date] = frozenset()) -> bool:
    """Monday–Friday and not a holiday, or a make-up working day (补班)."""
    if day in set(extra_workdays):
        return True
    return day.weekday() < 5 and day not in set(holidays)


def publicity_end(start: date, working_days: int = 5, holidays: Iterable[date] = frozenset(),
                  extra_workdays: Iterable[date] = frozenset()) -> date:
    """The last day of a publicity of ``working_days`` working days beginning on ``start``.

    ``start`` counts as the first day when it is a working day; otherwise counting begins on the next
    working day. E.g. from Thursday 2025-06-12 five working days end on Wednesday 2025-06-18."""
    if working_days < 1:
        raise ValidationError("公示期至少为 1 个工作日")
    off = frozenset(holidays)
    extra = frozenset(extra_workdays)
    day = start
    counted = 0
    for _ in range(working_days * 7 + 400):  # bounded: holidays cannot stop the calendar forever
        if is_working_day(day, off, extra):
            counted += 1
            if counted == working_days:
                return day
        day += timedelta(days=1)
    raise ValidationError("节假日设置有误：一年多内找不到足够的工作日")


def objection_date_problem(received: date, start: date, end: date, today: date) -> str | None:
    """Why an objection cannot be recorded as received on ``received`` (None = it can): it must be a day
    of the publicity (``start``–``end``) and not after ``today`` (an objection is recorded once received)."""
    period = f"异议须在公示期（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}）内提出"
    if received < start:
        return f"收到日期 {received:%Y-%m-%d} 早于公示开始日期 {start:%Y-%m-%d}：{period}"
    if received > end:
        return f"收到日期 {received:%Y-%m-%d} 晚于公示截止日期 {end:%Y-%m-%d}：{period}"
    if received > today:
        return f"收到日期 {received:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）：请填写实际收到异议的日期"
    return None


def parse_days(text: str) -> list[date]:
    """Days typed by a clerk (节假日 or 调休上班日): ``2026-10-01~2026-10-08，2026-10-11`` — dates as
    YYYY-MM-DD (or YYYY/M/D), single or as ranges with ``~``, ``～``, ``至`` or ``到``, separated by commas,
    顿号, semicolons or spaces. A wrong entry raises :class:`ValidationError` naming it."""
    days: list[date] = []
    text = re.sub(r"\s*(~|～|至|到)\s*", r"\1", text.strip())   # “2026-10-01 至 2026-10-08” is one range
    for part in (p for p in re.split(r"[,，、;；\s]+", text) if p):
        ends = re.split(r"~|～|至|到", part)
        if len(ends) > 2:
            raise ValidationError(f"“{part}”不是有效的日期或日期范围", field="days")
        first, last = (_one_day(e, part) for e in (ends[0], ends[-1]))
        if last < first:
            raise ValidationError(f"日期范围“{part}”的结束日期早于开始日期", field="days")
        if (last - first).days > 60:
            raise ValidationError(f"日期范围“{part}”超过 60 天，请检查", field="days")
        days.extend(first + timedelta(n) for n in range((last - first).days + 1))
    return sorted(set(days))


def _one_day(text: str, part: str) -> date:
    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", text)
    try:
        if m is None:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(f"“{part}”不是有效的日期（应写成 2026-10-01，或范围 2026-10-01~2026-10-08）",
                              field="days") from None
