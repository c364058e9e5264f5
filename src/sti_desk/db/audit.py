"""Audit log (审计日志): every create, update, delete and state change, hash-chained.

A session listener turns each flush's new, changed and deleted rows into audit entries in the same
transaction. Each entry's hash covers the previous entry's hash, so editing or deleting any stored entry
breaks the chain from there on, which :func:`verify_chain` reports.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from .tables import AuditRow
from .tables.base import now

GENESIS = "0" * 64
_INSERT = AuditRow.__table__.insert()
_SECRET_COLUMNS = {"password_hash"}
_SKIP_TABLES = {"audit_log"}
#: 评审保密 (P13, docs/review.md): clerks and managers see marks only once the round is closed, but managers and
#: administrators can read the audit log at any time and an entry can never be rewritten (hash chain). So an
#: entry records THAT one of these columns changed — who, which score sheet, when — never its value.
CONFIDENTIAL_MARK = "（评分内容保密）"
CONFIDENTIAL_COLUMNS: dict[str, frozenset[str]] = {
    "review_marks": frozenset({"points_tenths"}),
    "review_assignments": frozenset({"comment", "recommendation", "total"}),
}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _shown(table: str, key: str, value: Any) -> Any:
    """What the audit entry stores for ``value`` of column ``key``: secrets and confidential review
    content are replaced by a marker (the chain hashes what is stored, so it stays verifiable)."""
    if key in _SECRET_COLUMNS:
        return "***"
    if key in CONFIDENTIAL_COLUMNS.get(table, ()):
        return CONFIDENTIAL_MARK
    return _plain(value)


def _row_dict(obj: Any, *, only: set[str] | None = None) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    table = obj.__table__.name
    out = {}
    for col in mapper.column_attrs:
        key = col.key
        if only is not None and key not in only:
            continue
        out[key] = _shown(table, key, getattr(obj, key))
    return out


def redact_stored(entity: str, stored_json: str) -> str:
    """An entry's stored before/after JSON as it may be shown: confidential review content written by a
    version without the redaction (the stored entry itself stays untouched, so the chain still verifies)."""
    hidden = CONFIDENTIAL_COLUMNS.get(entity)
    if not hidden or not stored_json:
        return stored_json
    try:
        data = json.loads(stored_json)
    except ValueError:
        return stored_json
    if not isinstance(data, dict) or not hidden & data.keys():
        return stored_json
    return canonical({k: CONFIDENTIAL_MARK if k in hidden else v for k, v in data.items()})


def canonical(entry: dict[str, Any]) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, at: str, username: str, action: str, entity: str, entity_id: str,
               before: str, after: str) -> str:
    body = canonical({"prev": prev_hash, "at": at, "user": username, "action": action, "entity": entity,
                      "id": entity_id, "before": before, "after": after})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append_entry(session: Session, username: str, action: str, entity: str, entity_id: str,
                 before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    """Append one entry to the chain (used by the flush listener and for non-row events like imports)."""
    chain = session.info.setdefault("audit_last_hash", None)
    if chain is None:
        conn = session.connection()
        chain = conn.execute(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1)).scalar()
        chain = chain or GENESIS
    at = now()
    b = canonical(before) if before is not None else ""
    a = canonical(after) if after is not None else ""
    h = entry_hash(chain, at.isoformat(), username, action, entity, entity_id, b, a)
    # A parameterised statement is compiled once and cached (``.values(...)`` would recompile per entry).
    session.connection().execute(_INSERT, {
        "at": at, "username": username, "action": action, "entity": entity, "entity_id": entity_id,
        "before_json": b, "after_json": a, "prev_hash": chain, "hash": h})
    session.info["audit_last_hash"] = h


def _changed(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    table = obj.__table__.name
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if attr.key == "version" or old == new:
                continue
            before[attr.key] = _shown(table, attr.key, old)
            after[attr.key] = _shown(table, attr.key, new)
    return before, after


def _identity(obj: Any) -> str:
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(v) for v in ident if v is not None)


def _orphans(sess: Session) -> list[Any]:
    """Children removed from a ``delete-orphan`` collection (e.g. a project's budget lines replaced on save):
    the flush deletes them, but they are not in ``session.deleted`` beforehand."""
    found: list[Any] = []
    for obj in sess.dirty:
        state = inspect(obj)
        for rel in state.mapper.relationships:
            if not rel.cascade.delete_orphan:
                continue
            hist = state.attrs[rel.key].history
            kept = {id(c) for c in hist.added} | {id(c) for c in hist.unchanged}
            found.extend(c for c in hist.deleted
                         if id(c) not in kept and inspect(c).persistent and c not in sess.deleted)
    return found


def install_audit(session: Session) -> None:
    """Record every row change of this session in the audit log (called by the unit of work)."""

    pending: list[tuple[str, Any, dict[str, Any] | None]] = []

    @event.listens_for(session, "before_flush")
    def _before(sess: Session, _ctx: Any, _inst: Any) -> None:
        for obj in sess.dirty:
            if obj.__table__.name in _SKIP_TABLES or not sess.is_modified(obj, include_collections=False):
                continue
            before, after = _changed(obj)
            if before or after:
                pending.append(("update", obj, {"before": before, "after": after}))
        for obj in [*sess.deleted, *_orphans(sess)]:
            if obj.__table__.name not in _SKIP_TABLES:
                pending.append(("delete", obj, {"before": _row_dict(obj), "after": None,
                                                "id": _identity(obj)}))
        for obj in sess.new:
            if obj.__table__.name not in _SKIP_TABLES:
                pending.append(("create", obj, None))

    @event.listens_for(session, "after_flush")
    def _after(sess: Session, _ctx: Any) -> None:
        user = sess.info.get("actor", "system")
        items = list(pending)
        pending.clear()
        for action, obj, data in items:
            table = obj.__table__.name
            if action == "create":
                append_entry(sess, user, "create", table, _identity(obj), None, _row_dict(obj))
            elif action == "update":
                assert data is not None
                append_entry(sess, user, "update", table, _identity(obj), data["before"], data["after"])
            else:
                assert data is not None
                append_entry(sess, user, "delete", table, data["id"], data["before"], None)

    @event.listens_for(session, "after_rollback")
    def _rolled_back(sess: Session) -> None:
        pending.clear()
        sess.info.pop("audit_last_hash", None)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_broken_id: int | None = None
    problem: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：共 {self.entries} 条记录，哈希链校验通过。"
        return f"审计日志被篡改：第 {self.first_broken_id} 条记录{self.problem}。"


def verify_chain(session: Session) -> ChainReport:
    """Walk the chain in order; the first entry whose stored hashes do not match is reported."""
    prev = GENESIS
    count = 0
    expected_id = None
    rows = session.execute(select(AuditRow).order_by(AuditRow.id)).scalars()
    for row in rows:
        count += 1
        if expected_id is not None and row.id != expected_id:
            return ChainReport(False, count, expected_id, "缺失（已被删除）")
        expected_id = row.id + 1
        if row.prev_hash != prev:
            return ChainReport(False, count, row.id, "的前序哈希与上一条不符（其前的记录被删除或改动）")
        at = row.at.isoformat()
        h = entry_hash(prev, at, row.username, row.action, row.entity, row.entity_id,
                       row.before_json, row.after_json)
        if h != row.hash:
            return ChainReport(False, count, row.id, "的内容与其哈希不符（内容被改动）")
        prev = row.hash
    return ChainReport(True, count)


def witness_hashes(backup: Any, upto: int) -> dict[int, str] | None:
    """id → hash of a backup file's audit entries up to ``upto`` (read only), or None when unreadable."""
    import sqlite3

    from .backup import read_only_uri

    try:
        con = sqlite3.connect(f"{read_only_uri(backup)}&immutable=1", uri=True)
        try:
            rows = con.execute("SELECT id, hash FROM audit_log WHERE id <= ? ORDER BY id", (upto,)).fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return {int(i): str(h) for i, h in rows}


def first_difference(session: Session, witness: dict[int, str]) -> int | None:
    """The lowest id whose live hash differs from (or is missing against) the witness's, None when all agree.
    The hashes are chained, so this is the first entry that was changed, inserted or removed."""
    if not witness:
        return None
    stmt = select(AuditRow.id, AuditRow.hash).where(AuditRow.id <= max(witness))
    live = {int(i): str(h) for i, h in session.execute(stmt)}
    return next((i for i in sorted(witness) if live.get(i) != witness[i]), None)
