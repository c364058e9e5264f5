"""0003_expert_workplace: persons.workplace is added without touching existing rows, keeps what is typed into it,
and the downgrade (which rebuilds ``persons``) keeps every row that refers to a person."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from sti_desk.db import migrate

from .test_migrations import _count, _seed

BEFORE = "0002_review"


def _columns(db: Path, table: str) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[1] for r in con.execute(f"pragma table_info({table})")]
    finally:
        con.close()


def _seed_expert(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    con.executescript("""
        insert into experts (id, person_id, field, specialty, active, version) values (1, 1, '新材料', '', 1, 1);
        insert into expert_conflicts (expert_id, unit_id, reason, created_by, created_at)
            values (1, 1, '曾任职', 'clerk', '2026-01-01');
        insert into team_members (project_id, person_id, unit_id, role) values (1, 1, 1, '成员');
    """)
    con.commit()
    con.close()


def test_upgrade_adds_the_column_and_keeps_rows(tmp_path):
    db = tmp_path / "m.db"
    migrate.upgrade(db, BEFORE)
    _seed(db)
    _seed_expert(db)
    assert "workplace" not in _columns(db, "persons")
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()
    assert "workplace" in _columns(db, "persons")
    con = sqlite3.connect(db)
    try:
        assert con.execute("select name, workplace from persons").fetchall() == [("张", None)]
        con.execute("update persons set workplace = '浙江大学'")
        con.commit()
    finally:
        con.close()
    migrate.downgrade(db, BEFORE)            # rebuilds persons: children must survive
    assert "workplace" not in _columns(db, "persons")
    for table, n in (("persons", 1), ("experts", 1), ("expert_conflicts", 1), ("team_members", 1),
                     ("projects", 1), ("budget_lines", 2)):
        assert _count(db, table) == n, table
    migrate.upgrade(db)
    assert "workplace" in _columns(db, "persons") and _count(db, "experts") == 1
