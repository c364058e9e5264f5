"""Checking parsed rows against the database and deciding what to write (导入计划).

The parser (``sti_desk.io``) has already typed every cell and reported bad cells. Here each row is matched
to the stored record by its natural key and classified as new / changed / unchanged, and the problems
only the database can reveal are reported on the cell they concern (unknown call, amount over the call's
cap, a name that differs from the stored person with the same ID number …).

Rule for existing records: a column present in the file is authoritative (its value, blank included,
replaces the stored one); a column absent from the file leaves the stored value alone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain.entities import UNIT_TYPE_LABELS, UnitType
from ..domain.phone import phone_problem
from ..domain.review import unit_name_key
from ..domain.validation import unit_name_taken
from ..io.excel_specs import spec_for
from ..io.excel_types import CellProblem, ParsedRow, row_ranges
from .intake_load import PersonRef, Reference, UnitRef
from .intake_types import RecordPlan

FieldNorm = Callable[[Any], Any]


@dataclass
class Item:
    """One data row and what to do with it."""

    row: ParsedRow
    key: str
    label: str
    status: str = "new"                 # new | changed | unchanged | invalid
    changes: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)
    existing: Any = None


@dataclass(frozen=True)
class Remark:
    """A remark many rows may share, said once for all of them (a file of 60 experts from universities
    would otherwise bring 60 identical lines): ``one`` for a single row (``{row}``, ``{detail}``), ``many``
    for several (``{n}``, ``{rows}``, ``{details}``); ``{extra}`` is a single row's reason (the phone
    number's doubt)."""

    one: str
    many: str


@dataclass
class Plan:
    kind: str
    items: list[Item] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_rows: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    renamed: set[str] = field(default_factory=set)     # unit codes already noted as named differently
    remarks: dict[Remark, list[tuple[ParsedRow, str, str]]] = field(default_factory=dict)

    def remark(self, remark: Remark, row: ParsedRow, detail: str, extra: str = "") -> None:
        """Note ``detail`` of ``row``; said in :meth:`finish`, only for the rows that will be written."""
        self.remarks.setdefault(remark, []).append((row, detail, extra))

    def problem(self, row: ParsedRow, field_name: str, message: str, value: object = None) -> None:
        p = row.problem(field_name, message, value)
        self.problems.append(p)
        self.bad_rows.setdefault((row.sheet, row.row_number), []).append(message)

    def mark_parse_problems(self, problems: list[CellProblem]) -> None:
        for p in problems:
            if p.row:
                self.bad_rows.setdefault((p.sheet, p.row), []).append(p.message)

    def is_bad(self, item: Item) -> bool:
        return not item.row.ok or (item.row.sheet, item.row.row_number) in self.bad_rows

    def finish(self) -> None:
        for item in self.items:
            if self.is_bad(item):
                item.status = "invalid"
        for remark, found in self.remarks.items():
            # a row with a problem is skipped (or nothing is written): what would be saved for it is not said
            kept = [f for f in found if (f[0].sheet, f[0].row_number) not in self.bad_rows and f[0].ok]
            if len(kept) == 1:
                row, detail, extra = kept[0]
                self.notes.append(remark.one.format(row=row.row_number, detail=detail, extra=extra))
            elif kept:
                details = list(dict.fromkeys(d for _, d, _ in kept))
                shown = "、".join(details[:5]) + (f" 等 {len(details)} 个" if len(details) > 5 else "")
                self.notes.append(remark.many.format(n=len(kept), rows=row_ranges([r.row_number for r, _, _ in kept]),
                                                     details=shown))

    def records(self) -> list[RecordPlan]:
        return [RecordPlan(i.row.sheet, i.row.row_number, i.key, i.label, i.status, i.changes) for i in self.items]

    def reasons(self, item: Item) -> tuple[str, ...]:
        found = self.bad_rows.get((item.row.sheet, item.row.row_number))
        return tuple(found) if found else ("该行关联的预算明细有问题（见“预算明细”工作表）",)

    def writable(self, partial: bool) -> list[Item]:
        """The items to write: every item when nothing is wrong, else (partial) the valid ones."""
        if self.problems and not partial:
            return []
        return [i for i in self.items if i.status in ("new", "changed")]


#: a unit named but neither in 单位库 nor given a credit code (applications: the row has no unit then)
UNLINKED = Remark("第 {row} 行：单位“{detail}”不在单位库中且未填写统一社会信用代码，未关联单位",
                  "{n} 行的单位不在单位库中且未填写统一社会信用代码，未关联单位（{details}）：{rows}")
#: an expert's 工作单位 outside 单位库: the name is kept as the 工作单位 text (persons.workplace)
EXPERT_UNLINKED = Remark(
    "第 {row} 行：工作单位“{detail}”不在单位库中，已按填写的名称保存为工作单位文字（抽取回避时按单位名称比对）",
    "{n} 行的工作单位不在单位库中，已按填写的名称保存为工作单位文字（{details}；抽取回避时按单位名称比对）：{rows}")
#: a 联系电话 that does not look like a landline with area code or an 11-digit mobile number (kept as typed)
PHONE_DOUBT = Remark("第 {row} 行：联系电话“{detail}”{extra}，已按填写保存，请核对",
                     "{n} 行的联系电话格式存疑（{details}），已按填写保存，请核对：{rows}")


def check_phone(plan: Plan, row: ParsedRow) -> None:
    """A warning (never a refusal) for a doubtful 联系电话: see :func:`domain.phone.phone_problem`."""
    phone = str(row.values.get("phone") or "") if present(row, "phone") else ""
    problem = phone_problem(phone)
    if problem:
        plan.remark(PHONE_DOUBT, row, phone, problem)


def present(row: ParsedRow, name: str) -> bool:
    return name in row.layout.columns


def diff(stored: dict[str, Any], wanted: dict[str, Any], labels: dict[str, str]) -> tuple[str, ...]:
    """Chinese names of the fields whose wanted value differs from the stored one."""
    return tuple(labels.get(k, k) for k, v in wanted.items() if stored.get(k) != v)


def header_labels(kind: str) -> dict[str, str]:
    return {f.name: f.header for f in spec_for(kind).fields}


def safe(norm: FieldNorm, value: Any) -> Any:
    """A stored value in the form the parser gives (so "12.0%" and "12%" compare equal)."""
    if value in (None, ""):
        return value
    try:
        return norm(value)
    except Exception:  # noqa: BLE001 - stored text the converter refuses compares as it is
        return value


# -- persons (shared by experts and applications) ---------------------------------------------------
class PersonBook:
    """Persons by ID number: the stored ones and those this file introduces (first name written wins)."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.new: dict[str, str] = {}      # ID number → name, in first-seen order

    def check(self, id_number: str, name: str) -> str | None:
        """The Chinese message when ``name`` contradicts the person already known by ``id_number``."""
        known: PersonRef | None = self.ref.persons.get(id_number)
        if known is not None:
            if known.name != name:
                return f"身份证号 {id_number} 已登记为“{known.name}”，与填写的姓名“{name}”不一致"
            return None
        first = self.new.get(id_number)
        if first is not None and first != name:
            return f"身份证号 {id_number} 在本文件中已填写为“{first}”，与此处的姓名“{name}”不一致"
        return None

    def note(self, id_number: str, name: str) -> None:
        if id_number not in self.ref.persons:
            self.new.setdefault(id_number, name)


# -- units -------------------------------------------------------------------------------------------
UNIT_FIELDS = ("name", "unit_type", "above_scale_industrial", "has_rd_institution", "rd_intensity", "address",
               "contact", "phone")


def _unit_type_value(v: object) -> str | None:
    if isinstance(v, UnitType):
        return v.value
    if isinstance(v, str) and v:
        by_label = {label: t.value for t, label in UNIT_TYPE_LABELS.items()}
        return by_label.get(v, v)
    return None


def unit_stored(u: UnitRef, norms: dict[str, FieldNorm]) -> dict[str, Any]:
    return {"name": u.name, "unit_type": u.unit_type, "above_scale_industrial": u.above_scale_industrial,
            "has_rd_institution": u.has_rd_institution,
            "rd_intensity": safe(norms["rd_intensity"], u.rd_intensity),
            "address": u.address, "contact": safe(norms["contact"], u.contact),
            "phone": safe(norms["phone"], u.phone)}


def check_unit_name(plan: Plan, row: ParsedRow, code: str, units: dict[str, UnitRef], by_name: dict[str, UnitRef],
                    in_file: dict[str, tuple[int, str]]) -> None:
    """A name another unit already has (in 单位库 or on an earlier row of the file) is a problem of the row,
    as in 新建/编辑单位: compared with spaces, full-width/half-width forms and case ignored."""
    name = str(row.values.get("name") or "").strip()
    if not name or not code:
        return
    key = unit_name_key(name)
    other = by_name.get(key)
    known = units.get(code)
    renamed = known is None or unit_name_key(known.name) != key    # (a name clash already stored stays)
    if other is not None and other.credit_code != code and renamed:
        plan.problem(row, "name", unit_name_taken(other.name, other.credit_code))
        return
    first = in_file.setdefault(key, (row.row_number, code))
    if first[1] != code:
        plan.problem(row, "name", f"单位名称与第 {first[0]} 行相同（统一社会信用代码 {first[1]}），同一单位只登记一次")


def plan_units(rows: list[ParsedRow], ref: Reference, norms: dict[str, FieldNorm]) -> Plan:
    plan = Plan("units")
    labels = header_labels("units")
    by_name: dict[str, UnitRef] = {}
    for u in ref.units_by_id.values():
        by_name.setdefault(unit_name_key(u.name), u)
    in_file: dict[str, tuple[int, str]] = {}
    for row in rows:
        v = row.values
        code = v.get("credit_code") or ""
        wanted: dict[str, Any] = {}
        for f in UNIT_FIELDS:
            if not present(row, f):
                continue
            value = v.get(f)
            if f == "unit_type":
                value = _unit_type_value(value)
                if value is None:
                    continue                      # blank type: keep the stored one (企业 for a new unit)
            elif isinstance(value, str):
                value = value.strip()
            wanted[f] = value
        item = Item(row, code, str(v.get("name") or code), data=wanted)
        check_phone(plan, row)
        check_unit_name(plan, row, code, ref.units, by_name, in_file)
        known = ref.units.get(code)
        if known is not None:
            item.existing = known
            item.changes = diff(unit_stored(known, norms), wanted, labels)
            item.status = "changed" if item.changes else "unchanged"
        plan.items.append(item)
    return plan


# -- experts -----------------------------------------------------------------------------------------
def resolve_unit_code(plan: Plan, row: ParsedRow, ref: Reference, new_units: dict[str, str],
                      name_field: str, code_field: str, create: bool,
                      unlinked: Remark = UNLINKED, unknown_code_as_text: bool = False) -> tuple[bool, str | None]:
    """(known, credit code) of the unit a row names: a stored unit, or one this file will create.

    ``known`` is False when the row's unit columns are absent (leave the stored link alone); ``unlinked``
    is the remark on a name that is neither in 单位库 nor given a credit code. With ``unknown_code_as_text``
    (an expert's 工作单位) a credit code outside 单位库, when new units are not to be registered, makes the
    row's unit the typed name like a name without a code, instead of a problem."""
    if not present(row, name_field) and not present(row, code_field):
        return False, None
    name = str(row.values.get(name_field) or "").strip()
    code = row.values.get(code_field) or ""
    if code:
        known = ref.units.get(code)
        if known is not None:
            if name and name != known.name and code not in plan.renamed:
                plan.renamed.add(code)
                plan.notes.append(f"第 {row.row_number} 行：单位名称“{name}”与单位库中的“{known.name}”"
                                  f"（{code}）不一致，以单位库为准；如单位已更名，请导入单位表更新")
            return True, code
        if not name:
            plan.problem(row, code_field, f"统一社会信用代码 {code} 不在单位库中；请同时填写单位名称，以便自动登记该单位")
            return True, None
        first = new_units.get(code)
        if first is not None and first != name:
            plan.problem(row, name_field, f"统一社会信用代码 {code} 在本文件中已对应“{first}”，与此处的“{name}”不一致")
            return True, None
        if not create and unknown_code_as_text:
            plan.remark(unlinked, row, name)
            return True, None
        if not create:
            plan.problem(row, code_field, f"单位库中没有统一社会信用代码为 {code} 的单位（{name}），本文件中也没有；"
                                          "请先导入单位表，或允许从本表自动登记新单位")
            return True, None
        new_units.setdefault(code, name)
        return True, code
    if name:
        matches = ref.units_by_name.get(name, [])
        if len(matches) == 1:
            return True, matches[0].credit_code
        plan.remark(unlinked, row, name)
    return True, None


EXPERT_PERSON_FIELDS = ("title", "phone")
EXPERT_FIELDS = ("field", "specialty")


def plan_experts(rows: list[ParsedRow], ref: Reference, book: PersonBook, norms: dict[str, FieldNorm],
                 create_units: bool) -> tuple[Plan, dict[str, str]]:
    plan = Plan("experts")
    labels = header_labels("experts") | {"unit": "工作单位", "workplace": "工作单位"}
    new_units: dict[str, str] = {}
    for row in rows:
        v = row.values
        idno, name = v.get("id_number") or "", v.get("name") or ""
        item = Item(row, idno, str(name or idno))
        if idno and name:
            msg = book.check(idno, name)
            if msg:
                plan.problem(row, "name", msg)
            else:
                book.note(idno, name)
        has_unit, unit_code = resolve_unit_code(plan, row, ref, new_units, "unit_name", "unit_credit_code",
                                                create_units, EXPERT_UNLINKED, unknown_code_as_text=True)
        check_phone(plan, row)
        wanted = {f: v.get(f) for f in EXPERT_PERSON_FIELDS + EXPERT_FIELDS if present(row, f)}
        if has_unit:
            # a linked unit, or else the name as typed (an expert from outside the county): never both
            wanted["unit"] = unit_code
            wanted["workplace"] = None if unit_code else (str(v.get("unit_name") or "").strip() or None)
        item.data = {"name": name, **wanted}
        person = ref.persons.get(idno)
        if person is not None:
            expert = ref.experts.get(person.id)
            unit = ref.units_by_id.get(person.unit_id) if person.unit_id else None
            stored = {"title": person.title, "phone": safe(norms["phone"], person.phone),
                      "unit": unit.credit_code if unit else None, "workplace": person.workplace}
            if expert is not None:
                stored |= {"field": expert[1], "specialty": expert[2]}
                item.changes = tuple(dict.fromkeys(diff(stored, wanted, labels)))   # 工作单位 once
                item.status = "changed" if item.changes else "unchanged"
            item.existing = (person, expert)
        plan.items.append(item)
    return plan, new_units
