"""Schema migrations run in code at start-up (Alembic, batch mode for SQLite).

Procedure (TECH_NOTES: a batch rebuild of a parent table with foreign keys ON deletes every
ON DELETE CASCADE child row): back up the file, migrate on a fresh connection with
``PRAGMA foreign_keys=OFF`` set before BEGIN, run ``PRAGMA foreign_key_check`` before committing,
then dispose the engine so the app reconnects with foreign keys ON.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..domain.errors import DomainError
from ..paths import migrations_dir
from .backup import backup_database
from .engine import make_engine


def alembic_config(stdout: io.StringIO | None = None) -> Config:
    cfg = Config(stdout=stdout or io.StringIO())
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    engine = make_engine(db_path, foreign_keys=False, wal=False)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _run(db_path: Path, action: str, target: str) -> None:
    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            # foreign_keys is OFF from the connect hook, i.e. before BEGIN (a no-op inside a transaction).
            with conn.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                getattr(command, action)(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DomainError(f"迁移后外键检查发现 {len(broken)} 处不一致（如表 {broken[0][0]}），已回滚迁移")
    finally:
        engine.dispose()


def upgrade(db_path: Path, target: str = "head") -> MigrationResult:
    """Create or upgrade the database; an existing file is backed up first."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    before = current_revision(db_path)
    head = head_revision() if target == "head" else target
    backup = None
    if before != head and db_path.exists() and db_path.stat().st_size > 0:
        backup = backup_database(db_path, reason=f"pre-migrate-{before or 'none'}")
    if before != head:
        _run(db_path, "upgrade", target)
    return MigrationResult(before, head, backup)


def downgrade(db_path: Path, target: str) -> None:
    backup_database(db_path, reason="pre-downgrade")
    _run(db_path, "downgrade", target)
