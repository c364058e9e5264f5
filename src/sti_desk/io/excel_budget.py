"""Budget lines of an application, from either layout:

1. one column per budget subject on the application row (设备费、业务费 … in 万元, fiscal funds only);
2. a second sheet "预算明细" with one row per (项目名称, 单位统一社会信用代码, 预算科目, 财政资金, 自筹资金, 测算依据),
   keyed to the application by unit code + title.

Both end up in ``row.values["budget_lines"]`` as :class:`BudgetLine`. Checks: one layout per application,
one budget scheme per application, fiscal lines add up to the requested amount (and self-raised lines to
自筹资金 when given).
"""
from __future__ import annotations

import re

from sti_desk.domain.entities import BudgetLine
from sti_desk.domain.money import Money
from sti_desk.domain.policy import BUDGET_SUBJECTS, BudgetScheme

from .excel_types import CellProblem, ParsedRow
from .excel_values import half_width_num, to_text

PREFIX = "budget:"
_SIMPLE = set(BUDGET_SUBJECTS[BudgetScheme.SIMPLIFIED])
_TRADITIONAL = set(BUDGET_SUBJECTS[BudgetScheme.TRADITIONAL])
SIMPLIFIED_ONLY = _SIMPLE - _TRADITIONAL
TRADITIONAL_ONLY = _TRADITIONAL - _SIMPLE
_FROM_COLUMNS = "_budget_from_columns"
_SPACE = re.compile(r"\s+")


def title_key(value: object) -> str:
    """Title as compared between the two sheets: no spaces, half-width, lower case."""
    return _SPACE.sub("", half_width_num(to_text(value))).lower()


def column_budget_lines(rows: list[ParsedRow]) -> None:
    """Move the subject columns' amounts into ``values["budget_lines"]`` (zero amounts are no line)."""
    if not rows:
        return
    keys = [(k, k[len(PREFIX):]) for k in rows[0].values if k.startswith(PREFIX)]
    for row in rows:
        v = row.values
        lines = [BudgetLine(subject, amount) for k, subject in keys if (amount := v.pop(k)).fen]
        v["budget_lines"] = lines
        if lines:
            v[_FROM_COLUMNS] = True


def attach_budget_lines(apps: list[ParsedRow], detail: list[ParsedRow], problems: list[CellProblem]) -> None:
    """Give each 预算明细 row to its application (same unit code and title), reporting orphans."""
    by_key: dict[tuple[str, str], ParsedRow] = {}
    for app in apps:
        code = app.values.get("unit_credit_code")
        if code:
            by_key.setdefault((code, title_key(app.values.get("title"))), app)
    for d in detail:
        v = d.values
        if not v.get("unit_credit_code") or not v.get("title") or not v.get("subject"):
            continue   # already reported as a bad or empty cell
        app = by_key.get((v["unit_credit_code"], title_key(v["title"])))
        if app is None:
            problems.append(d.problem("title", f"预算明细中的项目“{v['title']}”（单位代码 {v['unit_credit_code']}）"
                                               "在申报表中找不到，请检查项目名称和信用代码是否与申报表一致"))
            d.ok = False
            continue
        if app.values.get(_FROM_COLUMNS):
            problems.append(d.problem("subject", f"项目“{v['title']}”已在申报表中按科目列填写了预算，"
                                                 "预算明细表不能重复填写，请只保留一种方式"))
            d.ok = app.ok = False
            continue
        app.values["budget_lines"].append(
            BudgetLine(v["subject"], fiscal=v["fiscal"], self_raised=v["self_raised"], basis=v["basis"]))
        if not d.ok:
            app.ok = False


def check_budgets(apps: list[ParsedRow], problems: list[CellProblem]) -> None:
    """One scheme per application; line totals equal the amounts on the application row."""
    for app in apps:
        v = app.values
        v.pop(_FROM_COLUMNS, None)
        lines: list[BudgetLine] = v.get("budget_lines") or []
        if not lines:
            continue
        subjects = {line.subject for line in lines}
        if not subjects.isdisjoint(SIMPLIFIED_ONLY) and not subjects.isdisjoint(TRADITIONAL_ONLY):
            mixed = "、".join(sorted(subjects & (SIMPLIFIED_ONLY | TRADITIONAL_ONLY)))
            problems.append(app.problem("title", f"预算科目混用了两套科目体系（{mixed}）：三类直接费用（2021）"
                                                 "与九项科目（旧）只能选一套"))
            app.ok = False
        fiscal = Money(sum([line.fiscal.fen for line in lines]))
        if "requested" not in app.bad_fields and fiscal != v["requested"]:
            problems.append(app.problem("requested", f"预算科目财政资金合计 {_wan(fiscal)} 万元，"
                                                     f"与申请财政资金 {_wan(v['requested'])} 万元不一致"))
            app.ok = False
        own = Money(sum([line.self_raised.fen for line in lines]))
        if own and "self_raised" not in app.bad_fields and own != v["self_raised"]:
            problems.append(app.problem("self_raised", f"预算科目自筹资金合计 {_wan(own)} 万元，"
                                                       f"与自筹资金 {_wan(v['self_raised'])} 万元不一致"))
            app.ok = False


def _wan(m: Money) -> str:
    """万元 with as many decimals as needed (12.5, 0.000123), never rounded away."""
    return m.wan_str(6).replace(",", "").rstrip("0").rstrip(".")
