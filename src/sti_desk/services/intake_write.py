"""Writing an import plan in one transaction (导入写入).

New records are inserted in bulk (``session.execute(insert(table), rows)``, ids assigned up front while
the unit of work holds SQLite's write lock) — they are covered by one summary audit entry per import.
Changed records go through the ORM, so the audit hook records each changed column before and after.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select

from ..db.tables import (BudgetLineRow, ExpenditureRow, ExpertRow, PersonRow, ProjectEventRow, ProjectRow,
                         TeamMemberRow, UnitRow)
from ..db.tables.base import now
from ..db.uow import UnitOfWork
from ..domain.lifecycle import ProjectState
from .intake_load import Reference
from .intake_plan import Item
from .intake_types import Progress, is_cancelled

CHUNK = 5000


class Cancelled(Exception):
    """Raised inside the transaction when the cancel token is set (the unit of work rolls back)."""


class Writer:
    def __init__(self, uow: UnitOfWork, ref: Reference, progress: Progress, cancel: object | None):
        self.uow, self.ref = uow, ref
        self.progress, self.cancel = progress, cancel
        self.created: dict[str, list[int]] = {}      # table → [first id, last id]
        self.new_units: list[tuple[str, str]] = []
        self.new_persons = 0
        self.unit_ids = {code: u.id for code, u in ref.units.items()}
        self.person_ids = {no: p.id for no, p in ref.persons.items()}
        self.done, self.total = 0, 0

    # -- helpers ------------------------------------------------------------------------------------
    def check(self) -> None:
        if is_cancelled(self.cancel):
            raise Cancelled()

    def next_id(self, table: Table) -> int:
        return int(self.uow.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))) + 1

    def bulk(self, table: Table, rows: list[dict[str, Any]], *, count: bool = False) -> None:
        if not rows:
            return
        span = self.created.setdefault(table.name, [rows[0]["id"], rows[-1]["id"]])
        span[1] = rows[-1]["id"]
        for i in range(0, len(rows), CHUNK):
            self.check()
            part = rows[i:i + CHUNK]
            self.uow.session.execute(insert(table), part)
            if count:
                self.done += len(part)
                self.progress(self.done, self.total, f"正在写入数据库… {self.done}/{self.total}")

    def ensure_units(self, codes: Iterable[str | None], names: dict[str, str]) -> None:
        """Create the units this file introduces (by credit code, in first-seen order)."""
        table = UnitRow.__table__
        start, rows = self.next_id(table), []
        for code in dict.fromkeys(c for c in codes if c):
            if code in self.unit_ids:
                continue
            uid = start + len(rows)
            self.unit_ids[code] = uid
            self.new_units.append((names[code], code))
            rows.append(dict(id=uid, name=names[code], credit_code=code, unit_type="enterprise",
                             above_scale_industrial=False, has_rd_institution=False, rd_intensity="", address="",
                             contact="", phone="", credit_level="良好", version=1))
        self.bulk(table, rows)

    def ensure_persons(self, people: Iterable[tuple[str, str, int | None, str, str]]) -> None:
        """(ID number, name, unit id, title, phone) of persons to create when not known yet."""
        table = PersonRow.__table__
        start, rows = self.next_id(table), []
        for no, name, unit_id, title, phone in people:
            if no in self.person_ids:
                continue
            pid = start + len(rows)
            self.person_ids[no] = pid
            rows.append(dict(id=pid, name=name, id_number=no, unit_id=unit_id, title=title or "", phone=phone or "",
                             credit_level="良好", version=1))
        self.new_persons += len(rows)
        self.bulk(table, rows)

    def update(self, model: type, ident: int, values: dict[str, Any]) -> Any:
        """An audited ORM update of the given columns."""
        row = self.uow.session.get(model, ident)
        for k, v in values.items():
            if getattr(row, k) != v:
                setattr(row, k, v)
        return row


# -- units ---------------------------------------------------------------------------------------------
def write_units(w: Writer, items: list[Item]) -> None:
    table = UnitRow.__table__
    start, rows = w.next_id(table), []
    for item in items:
        d = item.data
        if item.status == "new":
            uid = start + len(rows)
            w.unit_ids[item.key] = uid
            rows.append(dict(id=uid, name=d.get("name", ""), credit_code=item.key,
                             unit_type=d.get("unit_type") or "enterprise",
                             above_scale_industrial=bool(d.get("above_scale_industrial")),
                             has_rd_institution=bool(d.get("has_rd_institution")),
                             rd_intensity=d.get("rd_intensity") or "", address=d.get("address") or "",
                             contact=d.get("contact") or "", phone=d.get("phone") or "", credit_level="良好",
                             version=1))
        else:
            w.update(UnitRow, item.existing.id, {k: ("" if v is None else v) for k, v in d.items()})
    w.bulk(table, rows, count=True)


# -- experts -------------------------------------------------------------------------------------------
def write_experts(w: Writer, items: list[Item], unit_names: dict[str, str]) -> None:
    w.ensure_units((i.data.get("unit") for i in items), unit_names)
    w.ensure_persons((i.key, i.data["name"], w.unit_ids.get(i.data.get("unit") or ""), i.data.get("title", ""),
                      i.data.get("phone", "")) for i in items if i.existing is None)
    table = ExpertRow.__table__
    start, rows = w.next_id(table), []
    for item in items:
        d = item.data
        person, expert = item.existing or (None, None)
        if person is not None:
            values = {k: d[k] for k in ("title", "phone") if k in d}
            if "unit" in d:
                values["unit_id"] = w.unit_ids.get(d["unit"] or "")
            w.update(PersonRow, person.id, values)
        if expert is None:
            rows.append(dict(id=start + len(rows), person_id=w.person_ids[item.key], field=d.get("field") or "",
                             specialty=d.get("specialty") or "", active=True, version=1))
        else:
            w.update(ExpertRow, expert[0], {k: d[k] or "" for k in ("field", "specialty") if k in d})
    w.bulk(table, rows, count=True)


# -- applications -------------------------------------------------------------------------------------
def _next_codes(w: Writer, call_codes: Iterable[str]) -> dict[str, int]:
    out = {}
    for code in set(call_codes):
        prefix = f"{code}-"
        last = w.uow.session.scalar(select(func.max(ProjectRow.code)).where(ProjectRow.code.like(prefix + "%")))
        out[code] = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return out


def write_applications(w: Writer, items: list[Item], unit_names: dict[str, str], file_note: str) -> None:
    w.ensure_units((i.data["unit_code"] for i in items), unit_names)

    def people() -> Iterable[tuple[str, str, int | None, str, str]]:
        for i in items:
            d = i.data
            uid = w.unit_ids[d["unit_code"]]
            yield d["leader"], d["leader_name"], uid, "", ""
            for no in d["team"]:
                yield no, d["team_names"][no], uid, "", ""
    w.ensure_persons(people())
    person_unit = {p.id_number: p.unit_id for p in w.ref.persons.values()}
    new = [i for i in items if i.status == "new"]
    seq = _next_codes(w, (i.data["call"].code for i in new))
    at, user = now(), w.uow.actor
    pid = w.next_id(ProjectRow.__table__)
    bid, tid, eid = (w.next_id(t.__table__) for t in (BudgetLineRow, TeamMemberRow, ProjectEventRow))
    projects, lines, team, events = [], [], [], []
    for item in new:
        d, call = item.data, item.data["call"]
        uid = w.unit_ids[d["unit_code"]]
        code = f"{call.code}-{seq[call.code]:04d}"
        seq[call.code] += 1
        projects.append(dict(id=pid, code=code, call_id=call.id, unit_id=uid, leader_id=w.person_ids[d["leader"]],
                             title=d["title"], field=d["field"], start_date=d["start_date"], end_date=d["end_date"],
                             requested_fen=d["requested"], self_raised_fen=d["self_raised"], approved_fen=0,
                             lump_sum_pledge=d["lump_sum_pledge"], summary=d["summary"],
                             state=ProjectState.APPLIED.value, state_changed_at=at, created_at=at, version=1))
        for subject, fiscal, own, basis in d["budget_lines"]:
            lines.append(dict(id=bid, project_id=pid, subject=subject, fiscal_fen=fiscal, self_raised_fen=own,
                              basis=basis))
            bid += 1
        for no in d["team"]:
            team.append(dict(id=tid, project_id=pid, person_id=w.person_ids[no],
                             unit_id=person_unit.get(no) or uid, role="成员"))
            tid += 1
        events.append(dict(id=eid, project_id=pid, at=at, from_state="", to_state=ProjectState.APPLIED.value,
                           action="Excel 导入", reason=file_note, username=user))
        pid, eid = pid + 1, eid + 1
    w.bulk(ProjectRow.__table__, projects, count=True)
    w.bulk(BudgetLineRow.__table__, lines)
    w.bulk(TeamMemberRow.__table__, team)
    w.bulk(ProjectEventRow.__table__, events)
    for item in items:
        if item.status == "changed":
            _update_project(w, item)


def _update_project(w: Writer, item: Item) -> None:
    d = item.data
    row: ProjectRow = w.update(ProjectRow, item.existing.id, {
        "leader_id": w.person_ids[d["leader"]], "field": d["field"], "start_date": d["start_date"],
        "end_date": d["end_date"], "requested_fen": d["requested"],
        **{k: d[k] for k in ("summary", "lump_sum_pledge") if k in item.row.layout.columns},
        **({"self_raised_fen": d["self_raised"]} if "self_raised" in item.row.layout.columns else {})})
    if d["has_budget"]:
        row.budget_lines = [BudgetLineRow(subject=s, fiscal_fen=f, self_raised_fen=o, basis=b)
                            for s, f, o, b in d["budget_lines"]]
    if d["has_team"]:
        row.team = [TeamMemberRow(person_id=w.person_ids[no], unit_id=row.unit_id, role="成员") for no in d["team"]]
    w.check()


# -- expenditures -------------------------------------------------------------------------------------
def write_expenditures(w: Writer, items: list[Item]) -> None:
    table = ExpenditureRow.__table__
    start, rows = w.next_id(table), []
    for item in items:
        d = item.data
        values = {"project_id": d["project"], "spent_on": d["date"], "subject": d["subject"],
                  "amount_fen": d["amount"]}
        if "summary" in d:
            values["summary"] = d["summary"]
        if item.status == "new":
            rows.append(dict(id=start + len(rows), voucher_no=item.key, summary="", version=1) | values)
        else:
            w.update(ExpenditureRow, item.existing[0], values)
    w.bulk(table, rows, count=True)


def stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M")
