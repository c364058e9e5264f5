"""Migrations: up/down/up, models match migrations, and no data loss when a parent table is rebuilt."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sti_desk.db import migrate
from sti_desk.db.engine import make_engine
from sti_desk.db.tables import Base
from sti_desk.paths import migrations_dir


def _tables(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    finally:
        con.close()


def test_upgrade_downgrade_upgrade(tmp_path):
    db = tmp_path / "m.db"
    migrate.upgrade(db)
    assert "projects" in _tables(db)
    migrate.downgrade(db, "base")
    assert _tables(db) <= {"alembic_version"}
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.head_revision()


def test_models_and_migrations_agree(tmp_path):
    db = tmp_path / "m.db"
    migrate.upgrade(db)
    engine = make_engine(db)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_backs_up_an_existing_database_first(tmp_path, monkeypatch):
    db = tmp_path / "m.db"
    migrate.upgrade(db)
    migrate.downgrade(db, "base")
    result = migrate.upgrade(db)
    assert result.backup is not None and result.backup.exists()


REBUILD = '''
from alembic import op
import sqlalchemy as sa

revision = "9999_rebuild_projects"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("projects", recreate="always") as batch:
        batch.add_column(sa.Column("extra_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("projects", recreate="always") as batch:
        batch.drop_column("extra_note")
'''


@pytest.fixture
def scripts_with_rebuild(tmp_path, monkeypatch):
    """A copy of the real migrations plus a revision that rebuilds the ``projects`` parent table."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), folder)
    head = migrate.head_revision()
    (folder / "versions" / "9999_rebuild_projects.py").write_text(REBUILD.format(head=head), encoding="utf-8")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: folder)
    return head


def _seed(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    con.executescript("""
        insert into units (id, name, credit_code, unit_type, above_scale_industrial, has_rd_institution,
            rd_intensity, address, contact, phone, credit_level, version)
            values (1, '甲', '91350100M000100Y43', 'enterprise', 0, 0, '', '', '', '', '良好', 1);
        insert into persons (id, name, id_number, title, phone, credit_level, version)
            values (1, '张', '11010519491231002X', '', '', '良好', 1);
        insert into calls (id, code, name, year, category, funding_mode, organisation_mode, budget_scheme,
            cap_fen, total_budget_fen, self_funding_ratio, experts_per_group, aggregation, disbursement_plan,
            rubric_json, version)
            values (1, 'C', '批次', 2026, 'key_rd', 'budget', 'competitive', 'simplified', 0, 0, '0', 5,
            'trimmed_mean', '0.7,0.3', '', 1);
        insert into projects (id, code, call_id, unit_id, leader_id, title, field, requested_fen,
            self_raised_fen, approved_fen, lump_sum_pledge, summary, state, state_changed_at, created_at, version)
            values (1, 'C-0001', 1, 1, 1, '项目', '新材料', 100, 0, 0, 0, '', 'applied', '2026-01-01', '2026-01-01', 1);
        insert into budget_lines (project_id, subject, fiscal_fen, self_raised_fen, basis)
            values (1, '设备费', 50, 0, ''), (1, '业务费', 50, 0, '');
        insert into project_events (project_id, at, from_state, to_state, action, reason, username)
            values (1, '2026-01-01', '', 'applied', '登记申报', '', 'clerk');
    """)
    con.commit()
    con.close()


def _count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def test_rebuilding_a_parent_table_keeps_cascade_children(tmp_path, scripts_with_rebuild):
    db = tmp_path / "m.db"
    migrate.upgrade(db, scripts_with_rebuild)
    _seed(db)
    migrate.upgrade(db)  # runs the rebuild with the app's procedure
    assert migrate.current_revision(db) == "9999_rebuild_projects"
    assert _count(db, "budget_lines") == 2
    assert _count(db, "project_events") == 1


def test_the_trap_is_real_with_foreign_keys_on(tmp_path, scripts_with_rebuild, monkeypatch):
    """Control: the same migration with foreign keys ON loses the children — so the test above can fail."""
    db = tmp_path / "m.db"
    migrate.upgrade(db, scripts_with_rebuild)
    _seed(db)
    real = migrate.make_engine
    monkeypatch.setattr(migrate, "make_engine", lambda path, **kw: real(path, foreign_keys=True))
    migrate.upgrade(db)
    assert _count(db, "budget_lines") == 0
