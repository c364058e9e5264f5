"""Replaying the audit log against the data (审计日志与数据核对).

The hash chain proves the *log* was not edited; it says nothing about a data row changed behind the
application's back (a hand edit of the SQLite file with another tool). Every change the application makes
is in the log — a create records every column, an update the changed ones, a delete the row — so the value
the log last recorded for a column must be the value in the table now. :func:`reconcile` replays the log
and names the first rows where that is not so.

It also names rows the log never created (:data:`UNLOGGED`): a row inserted with another tool (a hidden
administrator account copying a password hash), or rows whose create entries were cut off the end of the
log. A row counts as created by its own ``create`` entry, by an import's summary entry (``created_ids``:
table → [first, last] record number written in bulk) or by a draw's entry (``draw``: the round's record,
its group–project rows and its assignments, at most as many as the entry counts). No table gets rows
without an audit entry: the migrations seed no rows, and the first administrator is created through the
unit of work.

What it cannot see: the values of rows written in bulk by an import or a draw (one summary entry, no
per-row values) until the application changes them; columns the log never shows (password hashes,
confidential review content: see ``audit.CONFIDENTIAL_COLUMNS``); and rows deleted by the database's own
``ON DELETE`` rules.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from .audit import CONFIDENTIAL_MARK, _shown
from .tables import AuditRow, ReviewAssignmentRow, ReviewDrawRow, ReviewGroupProjectRow, ReviewGroupRow
from .tables.base import Base

CHUNK = 500
#: Columns the log does not follow exactly: the optimistic-lock counter (updates leave it out),
#: bookkeeping that changes on every login, and the score-sheet signing key (set outside the log on
#: purpose: it must never be readable there).
_IGNORED = {"version", "failed_attempts", "locked_until", "sheet_secret"}
_UNSHOWN = {CONFIDENTIAL_MARK, "***"}
#: Mismatch.column of a row present in a table that the log never created
UNLOGGED = "（无创建记录）"
#: tables a draw writes in bulk → the draw entry's count of their rows (None: one per round)
_DRAW_COUNTS = {"review_draws": None, "review_group_projects": "projects", "review_assignments": "assignments"}


@dataclass(frozen=True)
class Mismatch:
    entity: str          # table name
    entity_id: str
    column: str          # "" when the row itself is missing or should not exist, UNLOGGED when never created
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


@dataclass
class _Replay:
    state: dict[tuple[str, str], dict[str, Any] | None]       # (table, id) → last recorded columns / None
    created: dict[str, set[int]]                              # table → ids with their own create entry
    spans: dict[str, list[tuple[int, int]]]                   # table → [first, last] written by imports
    draws: dict[int, dict[str, Any]]                          # round id → its draw entry


def _replayed(session: Session, models: dict[str, type]) -> _Replay:
    """The log replayed: what it last recorded for each row, and which rows it created."""
    out = _Replay({}, {}, {}, {})
    state = out.state
    rows = session.execute(select(AuditRow.entity, AuditRow.entity_id, AuditRow.action, AuditRow.after_json)
                           .where(AuditRow.action.in_(("create", "update", "delete", "import", "draw")))
                           .order_by(AuditRow.id))
    for entity, entity_id, action, after in rows:
        if action in ("import", "draw"):
            _bulk(out, action, entity_id, after)
            continue
        if entity not in models:
            continue
        key = (entity, entity_id)
        if action == "delete":
            state[key] = None
            continue
        values = json.loads(after) if after else {}
        if action == "create":
            if entity_id.isdigit():
                out.created.setdefault(entity, set()).add(int(entity_id))
            state[key] = values
        elif state.get(key) is None:
            state[key] = values      # an update of a bulk-written row: only the columns it changed
        else:
            state[key].update(values)  # type: ignore[union-attr]
    return out


def _bulk(out: _Replay, action: str, entity_id: str, after: str) -> None:
    try:
        detail = json.loads(after) if after else {}
    except ValueError:
        return
    if not isinstance(detail, dict):
        return
    if action == "draw":
        if entity_id.isdigit():
            out.draws[int(entity_id)] = detail
        return
    spans = detail.get("created_ids")
    if not isinstance(spans, dict):
        return
    for table, span in spans.items():
        numbers = [n for n in span if isinstance(n, int)] if isinstance(span, list) else []
        if numbers:
            out.spans.setdefault(str(table), []).append((min(numbers), max(numbers)))


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def reconcile(session: Session, limit: int = 20) -> ReconcileReport:
    """Compare the replayed log with the tables; at most ``limit`` mismatches are collected."""
    models = _models()
    replay = _replayed(session, models)
    by_table: dict[str, dict[str, dict[str, Any] | None]] = {}
    for (entity, entity_id), values in replay.state.items():
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
    found.extend(_unlogged(session, models, replay, limit - len(found)))
    return ReconcileReport(checked, tuple(found[:limit]))


def _unlogged(session: Session, models: dict[str, type], replay: _Replay, limit: int) -> list[Mismatch]:
    """Rows in the tables that no create entry, import span or draw entry accounts for, lowest id first."""
    found: list[Mismatch] = []
    for entity, model in sorted(models.items()):
        pk = inspect(model).primary_key[0]
        created = replay.created.get(entity, set())
        spans = replay.spans.get(entity, [])
        stray = [i for i in session.scalars(select(pk).order_by(pk))
                 if isinstance(i, int) and i not in created and not any(a <= i <= b for a, b in spans)]
        if stray and entity in _DRAW_COUNTS:
            stray = _not_drawn(session, entity, stray, replay.draws)
        found.extend(Mismatch(entity, str(i), UNLOGGED, None, "存在") for i in stray[:max(limit - len(found), 0)])
        if len(found) >= limit:
            break
    return found


def _not_drawn(session: Session, entity: str, ids: list[int], draws: dict[int, dict[str, Any]]) -> list[int]:
    """Of ``ids`` (rows of a table a draw writes in bulk, without their own create entry), those no draw
    accounts for: the round has no draw entry, or it has more such rows than the entry counts (the
    newest ones are named)."""
    if entity == "review_group_projects":
        stmt = (select(ReviewGroupProjectRow.id, ReviewGroupRow.round_id)
                .join(ReviewGroupRow, ReviewGroupRow.id == ReviewGroupProjectRow.group_id))
        table_id = ReviewGroupProjectRow.id
    else:
        model = ReviewDrawRow if entity == "review_draws" else ReviewAssignmentRow
        stmt = select(model.id, model.round_id)
        table_id = model.id
    round_of: dict[int, int | None] = {i: None for i in ids}
    for chunk in _chunks([str(i) for i in ids]):
        round_of.update((i, r) for i, r in session.execute(stmt.where(table_id.in_([int(i) for i in chunk]))))
    by_round: dict[int | None, list[int]] = {}
    for i in ids:
        by_round.setdefault(round_of[i], []).append(i)
    out: list[int] = []
    key = _DRAW_COUNTS[entity]
    for rnd, members in by_round.items():
        draw = draws.get(rnd) if rnd is not None else None
        if draw is None:
            out += members
            continue
        allowed = 1 if key is None else draw.get(key)
        allowed = allowed if isinstance(allowed, int) else 0
        out += sorted(members)[allowed:]
    return sorted(out)


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
