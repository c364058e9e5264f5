"""Names for the record numbers an audit entry stores (审计日志“内容”与“对象”), looked up for one page.

An entry stores foreign keys as numbers (``project_id: 131``, ``unit_id: 22``) and people as usernames; the
log reads better with the project's code, the unit's name, the person's name. :func:`load_names` collects
every number the shown entries mention, then asks the database once per kind of record (one query for
all projects, one for all units …), so a page of 500 entries costs a dozen small queries. A number whose
record no longer exists reads “编号 131（记录已删除）”. The stored entries are never changed (hash chain).

Which column points where comes from the table definitions (every ``ForeignKey``), plus the few references
a table keeps without one (a credit record's 信用主体, an event's ``expert_id``).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ..db.tables import (Base, CallRow, ExpertRow, ImportBatchRow, PersonRow, ProjectRow, PublicityRow,
                         ReviewAssignmentRow, ReviewGroupRow, ReviewRoundRow, UnitRow, UserRow)
from ..domain.errors import DomainError
from ..domain.review import Rubric, default_rubric

#: columns holding a username (the account is kept in the record; people read the name)
USERNAME_COLUMNS = frozenset({"decided_by", "created_by", "closed_by", "finished_by", "recorded_by", "resolved_by",
                              "by", "username"})
#: event keys (``uow.audit`` details) that hold expert numbers
EVENT_EXPERT_KEYS = frozenset({"expert_id", "experts"})
#: the record an event entry is filed under, by its entity
EVENT_TABLES = {"review_round": "review_rounds", "review_sheets": "review_rounds"}
#: a row that is best named by the record it belongs to (a screening by its project …)
PARENT_COLUMNS = {"screenings": "project_id", "funding_decisions": "project_id", "objections": "project_id",
                  "project_events": "project_id", "budget_lines": "project_id", "team_members": "project_id",
                  "expenditures": "project_id", "review_marks": "assignment_id", "review_reopens": "assignment_id",
                  "expert_conflicts": "expert_id", "expert_status_log": "expert_id", "review_replacements": "round_id",
                  "review_draws": "round_id", "review_group_projects": "group_id"}
_CHUNK = 500


@cache
def references() -> dict[tuple[str, str], str]:
    """(table, column) → the table the column's number points to, from every ``ForeignKey``."""
    out = {}
    for t in Base.metadata.sorted_tables:
        for c in t.columns:
            for fk in c.foreign_keys:
                out[(t.name, c.name)] = fk.column.table.name
    return out


def target_of(table: str, column: str, row: Mapping[str, Any]) -> str | None:
    """The table ``row[column]`` points to (a credit record's subject by its ``subject_kind``)."""
    if table == "credit_records" and column == "subject_id":
        return {"unit": "units", "person": "persons"}.get(str(row.get("subject_kind")))
    if table not in Base.metadata.tables and column in EVENT_EXPERT_KEYS:
        return "experts"
    return references().get((table, column))


@dataclass
class Names:
    """What :func:`load_names` found: labels by table and number, names by username, and the criterion
    names of each review assignment's call."""

    labels: dict[str, dict[int, str]] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    criteria: dict[int, dict[str, str]] = field(default_factory=dict)     # assignment id → code → name
    entities: dict[tuple[str, str], str] = field(default_factory=dict)   # (entity, entity_id) → its name

    def ref(self, table: str, number: Any) -> str | None:
        """The label of record ``number`` of ``table``; None when this kind was not looked up."""
        if table not in self.labels or not isinstance(number, int) or isinstance(number, bool):
            return None
        return self.labels[table].get(number) or f"编号 {number}（记录已删除）"

    def user(self, username: str) -> str | None:
        name = self.users.get(username)
        return None if name is None or name == username else f"{name}（{username}）"

    def criterion(self, assignment_id: Any, code: Any) -> str | None:
        return self.criteria.get(assignment_id, {}).get(code) if isinstance(assignment_id, int) else None

    def entity(self, entity: str, entity_id: str) -> str:
        return self.entities.get((entity, entity_id), "")


NO_NAMES = Names()


def _load(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _ints(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]


@dataclass
class _Wanted:
    ids: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    usernames: set[str] = field(default_factory=set)
    mark_assignments: set[int] = field(default_factory=set)

    def add_row(self, table: str, row: Mapping[str, Any]) -> None:
        for column, value in row.items():
            if column in USERNAME_COLUMNS and isinstance(value, str) and table != "users":
                self.usernames.add(value)
            target = target_of(table, column, row)
            if target:
                self.ids[target].update(_ints(value))
        if table == "review_replacements" and isinstance(row.get("skipped_json"), str):
            for item in _load(row["skipped_json"]) or []:
                if isinstance(item, dict):
                    self.ids["experts"].update(_ints(item.get("expert_id")))
        if table == "review_marks":
            self.mark_assignments.update(_ints(row.get("assignment_id")))


def _rows(before: str, after: str) -> Iterable[Mapping[str, Any]]:
    for text in (before, after):
        data = _load(text)
        if isinstance(data, dict):
            yield data


def load_names(session: Session, entries: Iterable[Any]) -> Names:
    """Names for ``entries`` (anything with ``entity``, ``entity_id``, ``before``, ``after``)."""
    entries = list(entries)
    wanted = _Wanted()
    own: dict[str, set[int]] = defaultdict(set)          # entity table → its own numbers
    for e in entries:
        for row in _rows(e.before, e.after):
            wanted.add_row(e.entity, row)
        table = EVENT_TABLES.get(e.entity, e.entity)
        number, _, expert = e.entity_id.partition("-")
        if number.isdigit():
            own[table].add(int(number))
        if e.entity == "review_sheets" and expert.isdigit():       # 离线评分表 of round 3, expert 120: "3-120"
            wanted.ids["experts"].add(int(expert))
    parents = _parents(session, own)
    for (table, _), (target, parent) in parents.items():
        wanted.ids[target].add(parent)
    for table, ids in own.items():
        if table in LABELS:
            wanted.ids[table].update(ids)
    names = Names(labels={t: _labels(session, t, ids) for t, ids in wanted.ids.items() if t in LABELS},
                  users=_users(session, wanted.usernames), criteria=_criteria(session, wanted.mark_assignments))
    for e in entries:
        table = EVENT_TABLES.get(e.entity, e.entity)
        number, _, expert = e.entity_id.partition("-")
        if not number.isdigit():
            continue
        target, ident = parents.get((table, int(number)), (table, int(number)))
        label = names.labels.get(target, {}).get(ident)
        if label and e.entity == "review_sheets" and expert.isdigit():
            label += f"，{names.labels.get('experts', {}).get(int(expert), '专家 ' + expert)}"
        if label:
            names.entities[(e.entity, e.entity_id)] = label
    return names


def _parents(session: Session, own: Mapping[str, set[int]]) -> dict[tuple[str, int], tuple[str, int]]:
    """(child table, number) → (parent table, parent number) for rows named by their parent."""
    out = {}
    for table, ids in own.items():
        column = PARENT_COLUMNS.get(table)
        t: Table | None = Base.metadata.tables.get(table)
        if column is None or t is None:
            continue
        target = references()[(table, column)]
        for chunk in _chunks(ids):
            for ident, parent in session.execute(select(t.c.id, t.c[column]).where(t.c.id.in_(chunk))):
                if parent is not None:
                    out[(table, ident)] = (target, parent)
    return out


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


def _round_label(code: str, number: int) -> str:
    return f"{code} 第 {number} 轮"


#: one query per kind of record: number → label
LABELS: dict[str, Any] = {
    "projects": (select(ProjectRow.id, ProjectRow.code), ProjectRow.id, lambda r: r[1]),
    "units": (select(UnitRow.id, UnitRow.name), UnitRow.id, lambda r: r[1]),
    "persons": (select(PersonRow.id, PersonRow.name), PersonRow.id, lambda r: r[1]),
    "experts": (select(ExpertRow.id, PersonRow.name).join(PersonRow, PersonRow.id == ExpertRow.person_id),
                ExpertRow.id, lambda r: r[1]),
    "calls": (select(CallRow.id, CallRow.code), CallRow.id, lambda r: r[1]),
    "users": (select(UserRow.id, UserRow.display_name, UserRow.username), UserRow.id, lambda r: f"{r[1]}，{r[2]}"),
    "review_rounds": (select(ReviewRoundRow.id, CallRow.code, ReviewRoundRow.number)
                      .join(CallRow, CallRow.id == ReviewRoundRow.call_id), ReviewRoundRow.id,
                      lambda r: _round_label(r[1], r[2])),
    "review_groups": (select(ReviewGroupRow.id, CallRow.code, ReviewRoundRow.number, ReviewGroupRow.code)
                      .join(ReviewRoundRow, ReviewRoundRow.id == ReviewGroupRow.round_id)
                      .join(CallRow, CallRow.id == ReviewRoundRow.call_id), ReviewGroupRow.id,
                      lambda r: f"{r[3]} 组，{_round_label(r[1], r[2])}"),
    "review_assignments": (select(ReviewAssignmentRow.id, PersonRow.name, ProjectRow.code)
                           .join(ExpertRow, ExpertRow.id == ReviewAssignmentRow.expert_id)
                           .join(PersonRow, PersonRow.id == ExpertRow.person_id)
                           .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id),
                           ReviewAssignmentRow.id, lambda r: f"{r[1]} 评 {r[2]}"),
    "publicities": (select(PublicityRow.id, CallRow.code, PublicityRow.start)
                    .join(CallRow, CallRow.id == PublicityRow.call_id), PublicityRow.id,
                    lambda r: f"{r[1]}，{r[2]:%Y-%m-%d} 起"),
    "import_batches": (select(ImportBatchRow.id, ImportBatchRow.filename), ImportBatchRow.id, lambda r: r[1]),
}


def _labels(session: Session, table: str, ids: set[int]) -> dict[int, str]:
    stmt, key, label = LABELS[table]
    out: dict[int, str] = {}
    for chunk in _chunks(ids):
        out.update((r[0], label(r)) for r in session.execute(stmt.where(key.in_(chunk))))
    return out


def _users(session: Session, usernames: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    wanted = sorted(u for u in usernames if u)
    for start in range(0, len(wanted), _CHUNK):
        stmt = select(UserRow.username, UserRow.display_name).where(UserRow.username.in_(wanted[start:start + _CHUNK]))
        out.update((username, name) for username, name in session.execute(stmt))
    return out


def _criteria(session: Session, assignment_ids: set[int]) -> dict[int, dict[str, str]]:
    """assignment → criterion code → name, from the rubric of the assignment's call (its default when the
    call keeps none)."""
    from .review_common import rubric_from_json

    parsed: dict[str, Rubric | None] = {}
    out: dict[int, dict[str, str]] = {}
    for chunk in _chunks(assignment_ids):
        stmt = (select(ReviewAssignmentRow.id, CallRow.rubric_json)
                .join(ReviewRoundRow, ReviewRoundRow.id == ReviewAssignmentRow.round_id)
                .join(CallRow, CallRow.id == ReviewRoundRow.call_id).where(ReviewAssignmentRow.id.in_(chunk)))
        for ident, text in session.execute(stmt):
            text = (text or "").strip()
            if text not in parsed:
                try:
                    parsed[text] = rubric_from_json(text) if text else default_rubric()
                except (ValueError, KeyError, TypeError, DomainError):
                    parsed[text] = None
            rubric = parsed[text]
            if rubric is not None:
                out[ident] = {c.code: c.name for c in rubric.criteria}
    return out
