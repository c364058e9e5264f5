"""Import plan for applications (项目申报) and expenditures (支出台账).

Applications are keyed by (申报批次, 单位统一社会信用代码, 项目名称); their unit is found by credit code or
created from the row's unit name and code; leader and team members are persons keyed by ID number.
Expenditures are keyed by 凭证号 and belong to a project found by its code.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from ..domain.lifecycle import ProjectState
from ..domain.money import Money
from ..domain.policy import BUDGET_SUBJECTS, BudgetScheme, FundingMode
from ..io.excel_types import ParsedRow
from ..io.excel_values import YUAN
from .intake_load import CallRef, Reference
from .intake_plan import Item, PersonBook, Plan, Remark, diff, header_labels, present, resolve_unit_code

EDITABLE_STATES = (ProjectState.APPLIED.value, ProjectState.SCREENING.value)
SPENDING_STATES = (ProjectState.IMPLEMENTATION.value, ProjectState.ACCEPTANCE.value, ProjectState.BALANCE.value)
LABELS = header_labels("applications") | {"leader": "项目负责人", "budget_lines": "预算明细"}
APP_COMPARED = ("leader", "field", "start_date", "end_date", "requested", "self_raised", "lump_sum_pledge",
                "summary", "team", "budget_lines")


def resolve_call(plan: Plan, row: ParsedRow, ref: Reference, default: CallRef | None) -> CallRef | None:
    text = str(row.values.get("call") or "").strip() if present(row, "call") else ""
    if not text:
        if default is None:
            where = "call" if present(row, "call") else "title"
            plan.problem(row, where, "未指定申报批次：请在“申报批次”列填写，或导入时指定批次")
        return default
    call = ref.call(text)
    if call is None:
        plan.problem(row, "call", f"申报批次“{text}”不存在；已有批次：{ref.call_names()}")
        return None
    if default is not None and call.id != default.id:
        plan.problem(row, "call", f"申报批次“{text}”与导入时指定的批次“{default.code}”不一致")
        return None
    return call


def _row_key(call: CallRef | None, code: str, title: str, row: ParsedRow) -> str:
    """'2026-CGZH / 9133… / 项目名称' (the preview's 标识): a part the row lacks is left out, a credit code
    refused as invalid says so, never an empty part between two slashes."""
    if not code and "unit_credit_code" in row.bad_fields and row.cell_text("unit_credit_code"):
        code = "（信用代码有误）"        # typed but refused; a blank code is simply left out
    return " / ".join(part for part in (call.code if call else "?", code, title) if part)


def _has_budget_columns(row: ParsedRow, cache: dict[int, bool]) -> bool:
    key = id(row.layout)
    if key not in cache:
        cache[key] = any(k.startswith("budget:") for k in row.layout.columns)
    return cache[key]


def _lines(values: dict[str, Any]) -> tuple:
    return tuple((b.subject, b.fiscal.fen, b.self_raised.fen, b.basis.strip()) for b in values.get("budget_lines") or [])


def plan_applications(rows: list[ParsedRow], ref: Reference, book: PersonBook, default_call: CallRef | None,
                      create_units: bool, parts: Any = None) -> tuple[Plan, dict[str, str]]:
    """``parts(project_ids)`` loads stored budget lines and team of the projects the file matches."""
    plan = Plan("applications")
    new_units: dict[str, str] = {}
    seen: dict[tuple[int, str, str], int] = {}
    budget_columns: dict[int, bool] = {}          # per sheet layout: has budget subject columns
    for row in rows:
        v = row.values
        title = str(v.get("title") or "").strip()
        call = resolve_call(plan, row, ref, default_call)
        _, unit_code = resolve_unit_code(plan, row, ref, new_units, "unit_name", "unit_credit_code", create_units)
        code = v.get("unit_credit_code") or ""
        item = Item(row, _row_key(call, code, title, row), title or "（无项目名称）")
        if call is not None and unit_code and title:
            key = (call.id, unit_code, title)
            first = seen.setdefault(key, row.row_number)
            if first != row.row_number and row.ok:
                plan.problem(row, "title", f"与第 {first} 行重复（申报批次、单位和项目名称相同）")
        leader_no, leader_name = v.get("leader_id_number") or "", v.get("leader_name") or ""
        if leader_no and leader_name:
            msg = book.check(leader_no, leader_name)
            if msg:
                plan.problem(row, "leader_name", msg)
            else:
                book.note(leader_no, leader_name)
        team = [m for m in (v.get("team") or []) if m.id_number != leader_no]
        for m in team:
            msg = book.check(m.id_number, m.name)
            if msg:
                plan.problem(row, "team", f"团队成员“{m.name}”：{msg}")
            else:
                book.note(m.id_number, m.name)
        item.data = {"call": call, "unit_code": unit_code, "title": title, "leader": leader_no,
                     "leader_name": leader_name, "team": tuple(m.id_number for m in team),
                     "team_names": {m.id_number: m.name for m in team}, "field": v.get("field") or "",
                     "start_date": v.get("start_date"), "end_date": v.get("end_date"),
                     "requested": (v.get("requested") or Money(0)).fen,
                     "self_raised": (v.get("self_raised") or Money(0)).fen,
                     "lump_sum_pledge": bool(v.get("lump_sum_pledge")), "summary": str(v.get("summary") or ""),
                     "budget_lines": _lines(v),
                     "has_budget": bool(v.get("budget_lines")) or _has_budget_columns(row, budget_columns),
                     "has_team": present(row, "team")}
        unit = ref.units.get(unit_code) if unit_code else None
        if call is not None and unit is not None:
            item.existing = ref.projects.get((call.id, unit.id, title))
        plan.items.append(item)
    _compare_existing(plan, ref, parts)
    for item in plan.items:
        _check_amounts(plan, item)
    return plan, new_units


#: Amounts above this (in 万元: 1 亿元) are not a county project's: most likely a file in 元 read as 万元.
PLAUSIBLE_MAX = Money.wan(10_000)
#: ... and so is a request above this many times the call's cap.
PLAUSIBLE_CAP_FACTOR = 100
#: An amount below this in a column headed (元) is not a county project's either (the smallest grants are
#: tens of thousands of 元): most likely 万元 typed under a 元 header, "80" meant as 80 万元. Said as a
#: warning, not a refusal — the file may really mean it, and a refusal would block the whole import.
PLAUSIBLE_MIN_YUAN = Money.yuan(1_000)
SMALL_IN_YUAN = Remark(
    f"第 {{row}} 行：{{detail}}，不足 {PLAUSIBLE_MIN_YUAN.as_yuan:,.0f} 元——该列标题注明单位为“元”，将按此金额导入；"
    "如果表中金额实际以万元为单位，请把列标题中的“(元)”改为“(万元)”后重新导入",
    f"{{n}} 行的金额不足 {PLAUSIBLE_MIN_YUAN.as_yuan:,.0f} 元（{{details}}）——所在列标题注明单位为“元”，将按此金额导入；"
    "如果表中金额实际以万元为单位，请把列标题中的“(元)”改为“(万元)”后重新导入：{rows}")


def _check_amounts(plan: Plan, item: Item) -> None:
    """The amounts an import would write: the call's cap and plausibility (a file in 元 read as 万元 is
    10,000× too high). A stored project whose amount the file leaves unchanged is not checked again."""
    row, call = item.row, item.data["call"]
    for name in ("requested", "self_raised"):
        writes = item.existing is None or LABELS[name] in item.changes
        if not writes or name in row.bad_fields or not present(row, name):
            continue
        amount = Money(item.data[name])
        limit = PLAUSIBLE_MAX
        if name == "requested" and call is not None and call.cap_fen > 0:
            limit = min(limit, Money(call.cap_fen * PLAUSIBLE_CAP_FACTOR))
        if amount.fen > limit.fen:
            header = LABELS[name]
            plan.problem(row, name, f"{header} {amount.wan_str()} 万元明显过大（超过 {limit.wan_str()} 万元"
                                    f"{'，即批次单项资助上限的 100 倍' if limit != PLAUSIBLE_MAX else ''}），该列是按万元读取的；"
                                    f"如果表中金额实际以元为单位，请把列标题改为“{header}(元)”后重新导入")
        elif row.layout.unit(name) == YUAN and 0 < amount.fen < PLAUSIBLE_MIN_YUAN.fen:
            plan.remark(SMALL_IN_YUAN, row, f"{LABELS[name]} ¥{amount.yuan_str()}")
        elif name == "requested" and call is not None and 0 < call.cap_fen < amount.fen:
            over = Money(amount.fen - call.cap_fen)
            plan.problem(row, name, f"申请财政资金 {amount.wan_str()} 万元超过批次“{call.code}”的单项资助上限 "
                                    f"{Money(call.cap_fen).wan_str()} 万元（超出 {over.wan_str()} 万元）")


def _compare_existing(plan: Plan, ref: Reference, parts: Any) -> None:
    matched = [i for i in plan.items if i.existing is not None]
    if not matched:
        return
    lines, team = parts([i.existing.id for i in matched]) if parts else ({}, {})
    by_person = {p.id: p.id_number for p in ref.persons.values()}
    labels = LABELS
    for item in matched:
        p, d = item.existing, item.data
        leader_no = by_person.get(p.leader_id, "")
        stored = {"leader": leader_no, "field": p.field, "start_date": p.start_date, "end_date": p.end_date,
                  "requested": p.requested_fen, "self_raised": p.self_raised_fen,
                  "lump_sum_pledge": bool(p.lump_sum_pledge), "summary": p.summary or "",
                  "team": tuple(by_person.get(pid, "") for pid in team.get(p.id, []) if by_person.get(pid) != leader_no),
                  "budget_lines": tuple((s, f, o, (b or "").strip()) for s, f, o, b in lines.get(p.id, []))}
        wanted = {k: d[k] for k in APP_COMPARED}
        row = item.row
        for name in ("self_raised", "lump_sum_pledge", "summary"):
            if not present(row, name):
                wanted.pop(name)
        if not d["has_team"]:
            wanted.pop("team")
        if not d["has_budget"]:
            wanted.pop("budget_lines")
        item.changes = diff(stored, wanted, labels)
        item.status = "changed" if item.changes else "unchanged"
        if item.changes and p.state not in EDITABLE_STATES:
            plan.problem(row, "title", f"项目 {p.code} 已进入“{ProjectState(p.state).label}”阶段，申报信息不能再通过导入修改"
                                       f"（与库中不同的字段：{'、'.join(item.changes)}）")


def late_call_notes(plan: Plan, today: date) -> None:
    """A note (not a problem: late paper applications happen) per call whose application window closed
    before ``today`` and that the file adds or changes applications for."""
    late: dict[int, list[Item]] = {}
    for item in plan.items:
        call: CallRef | None = item.data.get("call")
        if call is not None and call.closes is not None and call.closes < today and item.status in ("new", "changed"):
            late.setdefault(call.id, []).append(item)
    for items in late.values():
        call = items[0].data["call"]
        new = sum(1 for i in items if i.status == "new")
        rows = "、".join(str(i.row.row_number) for i in items[:10]) + ("等" if len(items) > 10 else "")
        plan.notes.append(f"申报批次“{call.name}”（{call.code}）已于 {call.closes:%Y-%m-%d} 截止受理，本文件仍为其新增 {new} 个、"
                          f"修改 {len(items) - new} 个申报（第 {rows} 行），将照常导入；如不是逾期补交的申报，请核对是否选错了批次")


# -- expenditures -------------------------------------------------------------------------------------
EXP_FIELDS = ("project", "date", "subject", "amount", "summary")


def plan_expenditures(rows: list[ParsedRow], ref: Reference, today: date) -> Plan:
    plan = Plan("expenditures")
    labels = header_labels("expenditures") | {"project": "项目编号"}
    for row in rows:
        v = row.values
        voucher = str(v.get("voucher_no") or "")
        code = str(v.get("project_code") or "")
        item = Item(row, voucher, f"凭证 {voucher}")
        project = ref.projects_by_code.get(code) if code else None
        if code and project is None:
            plan.problem(row, "project_code", f"项目编号“{code}”不存在")
        elif project is not None:
            pid, state, call_id = project
            if state not in SPENDING_STATES:
                plan.problem(row, "project_code", f"项目 {code} 处于“{ProjectState(state).label}”阶段，"
                                                  "只有实施、验收、结余处理阶段的项目可以登记支出")
            call = ref.calls_by_id.get(call_id)
            subject = v.get("subject")
            if call is not None and subject and call.funding_mode == FundingMode.BUDGET.value:
                allowed = BUDGET_SUBJECTS[BudgetScheme(call.budget_scheme)]
                if subject not in allowed:
                    plan.problem(row, "subject", f"科目“{subject}”不属于项目所在批次的预算科目（{BudgetScheme(call.budget_scheme).label}："
                                                 f"{'、'.join(allowed)}）")
        amount: Money = v.get("amount") or Money(0)
        if "amount" not in row.bad_fields and present(row, "amount") and amount.fen <= 0:
            plan.problem(row, "amount", "支出金额应大于 0")
        spent = v.get("date")
        if isinstance(spent, date) and spent > today:
            plan.problem(row, "date", f"支出日期 {spent:%Y-%m-%d} 晚于今天")
        wanted = {"project": project[0] if project else None, "date": spent, "subject": v.get("subject") or "",
                  "amount": amount.fen, "summary": str(v.get("summary") or "")}
        if not present(row, "summary"):
            wanted.pop("summary")
        item.data = wanted
        known = ref.vouchers.get(voucher)
        if known is not None:
            _, pid_, spent_, subject_, fen_, summary_ = known
            item.existing = known
            item.changes = diff({"project": pid_, "date": spent_, "subject": subject_, "amount": fen_,
                                 "summary": summary_ or ""}, wanted, labels)
            item.status = "changed" if item.changes else "unchanged"
        plan.items.append(item)
    return plan
