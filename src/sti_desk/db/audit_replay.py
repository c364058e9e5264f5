"""Replaying the audit log against the data (审计日志与数据核对).

The hash chain proves the *log* was not edited; it says nothing about a data row changed behind the
application's back (a hand edit of the SQLite file with another tool). Every change the application makes
is in the log — a create records every column, an update the changed ones, a delete the row — so the value
the log last recorded for a column must be the value in the table now. :func:`reconcile` replays the log
and names the first rows where that is not so.

What it cannot see: rows written in bulk by an import or a draw (one summary entry, no per-row values)
until the application changes them; columns the log never shows (password hashes, confidential review
content: see ``audit.CONFIDENTIAL_COLUMNS``); and rows deleted by the database's own ``ON DELETE`` rules.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from .audit import CONFIDENTIAL_MARK, _shown
from .tables import AuditRow
from .tables.base import Base

CHUNK = 500
#: Columns the log does not follow exactly: the optimistic-lock counter (updates leave it out),
#: bookkeeping that changes on every login, and the score-sheet signing key (set outside the log on
#: purpose: it must never be readable there).
_IGNORED = {"version", "failed_attempts", "locked_until", "sheet_secret"}
_UNSHOWN = {CONFIDENTIAL_MARK, "***"}


@dataclass(frozen=True)
class Mismatch:
    entity: str          # table name
    entity_id: str
    column: str          # "" when the row itself is missing or should not exist
    recorded: Any        # the value the log last recorded (None for a missing row)
    actual: Any


@dataclass(frozen=True)
class ReconcileReport:
    rows_checked: int
    mismatches: tuple[Mismatch, ...]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _models() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers
            if len(m.primary_key) == 1 and m.local_table.name != AuditRow.__tablename__}


def _replayed(session: Session, models: dict[str, type]) -> dict[tuple[str, str], dict[str, Any] | None]:
    """(table, id) → the columns the log last recorded, or None when the log deleted the row."""
    state: dict[tuple[str, str], dict[str, Any] | None] = {}
    rows = session.execute(select(AuditRow.entity, AuditRow.entity_id, AuditRow.action, AuditRow.after_json)
                           .where(AuditRow.action.in_(("create", "update", "delete")))
                           .order_by(AuditRow.id))
    for entity, entity_id, action, after in rows:
        if entity not in models:
            continue
        key = (entity, entity_id)
        if action == "delete":
            state[key] = None
            continue
        values = json.loads(after) if after else {}
        if action == "create" or state.get(key) is None:
            state[key] = values      # an update of a bulk-written row: only the columns it changed
        else:
            state[key].update(values)  # type: ignore[union-attr]
    return state


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def reconcile(session: Session, limit: int = 20) -> ReconcileReport:
    """Compare the replayed log with the tables; at most ``limit`` mismatches are collected."""
    models = _models()
    state = _replayed(session, models)
    by_table: dict[str, dict[str, dict[str, Any] | None]] = {}
    for (entity, entity_id), values in state.items():
        by_table.setdefault(entity, {})[entity_id] = values
    found: list[Mismatch] = []
    checked = 0
    for entity, recorded in sorted(by_table.items()):
        model = models[entity]
        pk = inspect(model).primary_key[0]
        ids = [i for i in recorded if i.isdigit()]
        for chunk in _chunks(ids):
            actual = {str(getattr(o, pk.key)): o
                      for o in session.scalars(select(model).where(pk.in_([int(i) for i in chunk])))}
            for entity_id in chunk:
                checked += 1
                found.extend(_compare(entity, entity_id, recorded[entity_id], actual.get(entity_id)))
                if len(found) >= limit:
                    return ReconcileReport(checked, tuple(found[:limit]))
    return ReconcileReport(checked, tuple(found))


def _compare(entity: str, entity_id: str, recorded: dict[str, Any] | None, obj: Any) -> list[Mismatch]:
    if recorded is None:
        return [] if obj is None else [Mismatch(entity, entity_id, "", None, "存在")]
    if obj is None:
        return [Mismatch(entity, entity_id, "", "存在", None)]
    out = []
    for column, value in recorded.items():
        if column in _IGNORED or value in _UNSHOWN or not hasattr(obj, column):
            continue
        now = json.loads(json.dumps(_shown(entity, column, getattr(obj, column)), ensure_ascii=False))
        if now != value:
            out.append(Mismatch(entity, entity_id, column, value, now))
    return out
