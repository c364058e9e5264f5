"""Engine with the pragmas SQLite needs, and explicit transaction control.

pysqlite's own implicit transactions are switched off (``isolation_level = None``) so that SQLAlchemy's
``begin`` emits ``BEGIN IMMEDIATE`` for writing units of work (the write lock is taken at the start, so the
audit chain's "read last hash, append" is atomic) and a plain deferred ``BEGIN`` for read-only ones.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import NullPool

BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path) -> URL:
    """A URL object, not a string: a folder or file name with ``?``, ``%`` or ``#`` (legal on Windows and
    Linux) would otherwise be parsed as a query string or escape and open a different file."""
    return URL.create("sqlite", database=str(Path(path).resolve()))


def make_engine(path: Path, *, foreign_keys: bool = True, wal: bool = True) -> Engine:
    engine = create_engine(sqlite_url(path), poolclass=NullPool if not foreign_keys else None)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        readonly = conn.get_execution_options().get("sti_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
