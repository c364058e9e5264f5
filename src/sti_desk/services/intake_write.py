"""Writing an import plan in one transaction (导入写入).

New records are inserted in bulk (``session.execute(insert(table), rows)``, ids assigned up front while
the unit of work holds SQLite's write lock) — they are covered by one summary audit entry per import.
Changed records go through the ORM, so the audit hook records each changed column before and after.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Date, DateTime, Table, func, select

from ..db.tables import (BudgetLineRow, ExpenditureRow, ExpertRow, PersonRow, ProjectEventRow, ProjectRow,
                         TeamMemberRow, UnitRow)
from ..db.tables.base import now
from ..db.uow import UnitOfWork
from ..domain.errors import ConcurrencyError, DomainError
from ..domain.lifecycle import ProjectState
from .intake_load import Reference
from .intake_plan import Item
from .intake_types import Progress, is_cancelled
from .projects import bump_version_if_children_changed, last_project_number, project_children

CHUNK = 5000
IMPORT_CACHE_KIB = 65536     # SQLite page cache while an import writes (default is 2 MB)


def _storage(sqltype: object) -> Callable[[Any], Any] | None:
    """How SQLAlchemy's SQLite dialect stores this column type (dates as ISO text), or None."""
    if isinstance(sqltype, DateTime):
        return lambda v: stored_datetime(v) if isinstance(v, datetime) else v
    if isinstance(sqltype, Date):
        return lambda v: v.isoformat() if isinstance(v, date) else v
    return None


def stored_datetime(v: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite dialect stores it."""
    return v.isoformat(" ", "microseconds")


def _convert(row: tuple, conv: list[tuple[int, Callable[[Any], Any]]]) -> tuple:
    out = list(row)
    for i, f in conv:
        out[i] = f(out[i])
    return tuple(out)


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
        raw = uow.session.connection().connection.driver_connection
        self._cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")   # bulk inserts touch many index pages

    def close(self) -> None:
        """Give the connection its normal page cache back."""
        raw = self.uow.session.connection().connection.driver_connection
        raw.execute(f"PRAGMA cache_size={self._cache}")

    # -- helpers ------------------------------------------------------------------------------------
    def check(self) -> None:
        if is_cancelled(self.cancel):
            raise Cancelled()

    def next_id(self, table: Table) -> int:
        return int(self.uow.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))) + 1

    def bulk(self, table: Table, rows: Iterable[tuple], columns: Sequence[str] | None = None, *,
             count: bool = False, convert: bool = True) -> None:
        """INSERT ``rows`` (tuples in ``columns`` order, id first) with the driver's executemany, in chunks,
        checking the cancel token between chunks. Dates are stored as SQLAlchemy stores them (callers that
        pass them already as text say ``convert=False``)."""
        columns = list(columns or [c.name for c in table.columns])
        conv = [(i, _storage(table.c[name].type)) for i, name in enumerate(columns)] if convert else []
        conv = [(i, f) for i, f in conv if f is not None]
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        cursor = self.uow.session.connection().connection.driver_connection.cursor()
        it = iter(rows)
        try:
            while chunk := list(islice(it, CHUNK)):
                self.check()
                if conv:
                    chunk = [_convert(r, conv) for r in chunk]
                try:
                    cursor.executemany(sql, chunk)
                except sqlite3.IntegrityError as exc:     # raw driver errors, translated like the unit of work's
                    raise DomainError(f"写入“{table.name}”时与已有记录冲突，导入未执行（{exc}）") from exc
                except sqlite3.OperationalError as exc:
                    if "locked" in str(exc).lower():
                        raise ConcurrencyError("数据库正被其他程序占用，导入未执行，请稍后重试。") from exc
                    raise
                span = self.created.setdefault(table.name, [chunk[0][0], chunk[-1][0]])
                span[1] = chunk[-1][0]
                if count:
                    self.done += len(chunk)
                    self.progress(self.done, self.total, f"正在写入数据库… {self.done}/{self.total}")
        finally:
            cursor.close()

    def ensure_units(self, codes: Iterable[str | None], names: dict[str, str]) -> None:
        """Create the units this file introduces (by credit code, in first-seen order)."""
        start, rows = self.next_id(UnitRow.__table__), []
        for code in dict.fromkeys(c for c in codes if c):
            if code in self.unit_ids:
                continue
            uid = start + len(rows)
            self.unit_ids[code] = uid
            self.new_units.append((names[code], code))
            rows.append((uid, names[code], code, "enterprise", False, False, "", "", "", "", "良好", 1))
        self.bulk(UnitRow.__table__, rows, UNIT_COLUMNS)

    def ensure_persons(self, people: Iterable[tuple[str, str, int | None, str, str]],
                       workplaces: dict[str, str | None] | None = None) -> None:
        """(ID number, name, unit id, title, phone) of persons to create when not known yet (the first
        mention wins), with ``workplaces`` (ID number → 工作单位 typed for a unit not in 单位库). Inserted
        in ID-number order, which keeps the unique index's inserts local."""
        ids = self.person_ids
        fresh: dict[str, tuple[str, int | None, str, str]] = {}
        for no, name, unit_id, title, phone in people:
            if no not in ids and no not in fresh:
                fresh[no] = (name, unit_id, title or "", phone or "")
        start = self.next_id(PersonRow.__table__)
        order = sorted(fresh)
        for i, no in enumerate(order):
            ids[no] = start + i
        self.new_persons += len(order)
        typed = workplaces or {}
        self.bulk(PersonRow.__table__, ((start + i, fresh[no][0], no, fresh[no][1], fresh[no][2], fresh[no][3],
                                         typed.get(no), "良好", 1) for i, no in enumerate(order)), PERSON_COLUMNS,
                  convert=False)

    def update(self, model: type, ident: int, values: dict[str, Any]) -> Any:
        """An audited ORM update of the given columns."""
        row = self.uow.session.get(model, ident)
        for k, v in values.items():
            if getattr(row, k) != v:
                setattr(row, k, v)
        return row


# -- units ---------------------------------------------------------------------------------------------
UNIT_COLUMNS = ("id", "name", "credit_code", "unit_type", "above_scale_industrial", "has_rd_institution",
                "rd_intensity", "address", "contact", "phone", "credit_level", "version")
PERSON_COLUMNS = ("id", "name", "id_number", "unit_id", "title", "phone", "workplace", "credit_level", "version")


def write_units(w: Writer, items: list[Item]) -> None:
    start, rows = w.next_id(UnitRow.__table__), []
    for item in items:
        d = item.data
        if item.status == "new":
            uid = start + len(rows)
            w.unit_ids[item.key] = uid
            rows.append((uid, d.get("name", ""), item.key, d.get("unit_type") or "enterprise",
                         bool(d.get("above_scale_industrial")), bool(d.get("has_rd_institution")),
                         d.get("rd_intensity") or "", d.get("address") or "", d.get("contact") or "",
                         d.get("phone") or "", "良好", 1))
        else:
            w.update(UnitRow, item.existing.id, {k: ("" if v is None else v) for k, v in d.items()})
    w.bulk(UnitRow.__table__, rows, UNIT_COLUMNS, count=True)


# -- experts -------------------------------------------------------------------------------------------
def write_experts(w: Writer, items: list[Item], unit_names: dict[str, str]) -> None:
    w.ensure_units((i.data.get("unit") for i in items), unit_names)
    w.ensure_persons(((i.key, i.data["name"], w.unit_ids.get(i.data.get("unit") or ""), i.data.get("title", ""),
                       i.data.get("phone", "")) for i in items if i.existing is None),
                     {i.key: i.data.get("workplace") for i in items if i.existing is None})
    start, rows = w.next_id(ExpertRow.__table__), []
    for item in items:
        d = item.data
        person, expert = item.existing or (None, None)
        if person is not None:
            values = {k: d[k] for k in ("title", "phone") if k in d}
            if "unit" in d:
                values["unit_id"] = w.unit_ids.get(d["unit"] or "")
                values["workplace"] = d.get("workplace")
            w.update(PersonRow, person.id, values)
        if expert is None:
            rows.append((start + len(rows), w.person_ids[item.key], d.get("field") or "", d.get("specialty") or "",
                         True, 1))
        else:
            w.update(ExpertRow, expert[0], {k: d[k] or "" for k in ("field", "specialty") if k in d})
    w.bulk(ExpertRow.__table__, rows, ("id", "person_id", "field", "specialty", "active", "version"), count=True)


# -- applications -------------------------------------------------------------------------------------
PROJECT_COLUMNS = ("id", "code", "call_id", "unit_id", "leader_id", "title", "field", "start_date", "end_date",
                   "requested_fen", "self_raised_fen", "approved_fen", "lump_sum_pledge", "summary", "state",
                   "state_changed_at", "created_at", "version")
LINE_COLUMNS = ("id", "project_id", "subject", "fiscal_fen", "self_raised_fen", "basis")
TEAM_COLUMNS = ("id", "project_id", "person_id", "unit_id", "role")
EVENT_COLUMNS = ("id", "project_id", "at", "from_state", "to_state", "action", "reason", "username")


def _next_codes(w: Writer, call_codes: Iterable[str]) -> dict[str, int]:
    return {code: last_project_number(w.uow.session, code) + 1 for code in set(call_codes)}


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
    first = w.next_id(ProjectRow.__table__)
    at, user, applied = stored_datetime(now()), w.uow.actor, ProjectState.APPLIED.value
    units = [w.unit_ids[i.data["unit_code"]] for i in new]

    def projects() -> Iterable[tuple]:
        for pid, item, uid in zip(range(first, first + len(new)), new, units):
            d, call = item.data, item.data["call"]
            code = f"{call.code}-{seq[call.code]:04d}"
            seq[call.code] += 1
            start, end = d["start_date"], d["end_date"]
            yield (pid, code, call.id, uid, w.person_ids[d["leader"]], d["title"], d["field"],
                   start.isoformat() if start else None, end.isoformat() if end else None, d["requested"],
                   d["self_raised"], 0, d["lump_sum_pledge"], d["summary"], applied, at, at, 1)

    def lines() -> Iterable[tuple]:
        bid = w.next_id(BudgetLineRow.__table__)
        for pid, item in zip(range(first, first + len(new)), new):
            for subject, fiscal, own, basis in item.data["budget_lines"]:
                yield bid, pid, subject, fiscal, own, basis
                bid += 1

    def team() -> Iterable[tuple]:
        tid = w.next_id(TeamMemberRow.__table__)
        for pid, item, uid in zip(range(first, first + len(new)), new, units):
            for no in item.data["team"]:
                yield tid, pid, w.person_ids[no], person_unit.get(no) or uid, "成员"
                tid += 1

    def events() -> Iterable[tuple]:
        eid = w.next_id(ProjectEventRow.__table__)
        for i, pid in enumerate(range(first, first + len(new))):
            yield eid + i, pid, at, "", applied, "Excel 导入", file_note, user
    w.bulk(ProjectRow.__table__, projects(), PROJECT_COLUMNS, count=True, convert=False)
    w.bulk(BudgetLineRow.__table__, lines(), LINE_COLUMNS, convert=False)
    w.bulk(TeamMemberRow.__table__, team(), TEAM_COLUMNS, convert=False)
    w.bulk(ProjectEventRow.__table__, events(), EVENT_COLUMNS, convert=False)
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
    children_before = project_children(row)
    if d["has_budget"]:
        row.budget_lines = [BudgetLineRow(subject=s, fiscal_fen=f, self_raised_fen=o, basis=b)
                            for s, f, o, b in d["budget_lines"]]
    if d["has_team"]:
        row.team = [TeamMemberRow(person_id=w.person_ids[no], unit_id=row.unit_id, role="成员") for no in d["team"]]
    bump_version_if_children_changed(w.uow.session, row, children_before)
    w.check()


# -- expenditures -------------------------------------------------------------------------------------
def write_expenditures(w: Writer, items: list[Item]) -> None:
    start, rows = w.next_id(ExpenditureRow.__table__), []
    for item in items:
        d = item.data
        if item.status == "new":
            rows.append((start + len(rows), d["project"], item.key, d["date"], d["subject"], d["amount"],
                         d.get("summary", ""), 1))
        else:
            values = {"project_id": d["project"], "spent_on": d["date"], "subject": d["subject"],
                      "amount_fen": d["amount"]}
            if "summary" in d:
                values["summary"] = d["summary"]
            w.update(ExpenditureRow, item.existing[0], values)
    w.bulk(ExpenditureRow.__table__, rows, ("id", "project_id", "voucher_no", "spent_on", "subject", "amount_fen",
                                            "summary", "version"), count=True)
