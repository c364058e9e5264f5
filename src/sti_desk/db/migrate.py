"""Schema migrations run in code at start-up (Alembic, batch mode for SQLite).

Procedure (TECH_NOTES: a batch rebuild of a parent table with foreign keys ON deletes every
ON DELETE CASCADE child row): back up the file, migrate on a fresh connection with
``PRAGMA foreign_keys=OFF`` set before BEGIN, run ``PRAGMA foreign_key_check`` before committing,
then dispose the engine so the app reconnects with foreign keys ON.

Start-up cost: Alembic is imported only when a migration really runs. "Is the database at head?" is
answered without it: the head comes from a small scan of ``migrations/versions/*.py`` for the
``revision`` / ``down_revision`` assignments (:func:`scan_revisions`, checked against Alembic's own
``ScriptDirectory`` by tests/unit/test_migration_heads.py and again whenever a migration runs), and the
database's revision is read from ``alembic_version`` with plain sqlite3.
"""
from __future__ import annotations

import ast
import io
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import DomainError
from ..paths import migrations_dir
from .backup import backup_database
from .engine import BUSY_TIMEOUT_MS, make_engine

if TYPE_CHECKING:
    from alembic.config import Config

# ``revision = "x"`` / ``revision: str = "x"`` and ``down_revision[: annotation] = <literal>`` at the start
# of a line (module level), as Alembic's script template writes them.
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*(?:#.*)?$", re.MULTILINE)


def alembic_config(stdout: io.StringIO | None = None) -> Config:
    from alembic.config import Config

    cfg = Config(stdout=stdout or io.StringIO())
    cfg.set_main_option("script_location", str(migrations_dir()).replace("%", "%%"))  # configparser escape
    return cfg


def _revision_assignments(text: str) -> dict[str, object]:
    values: dict[str, object] = {}
    try:
        for name, literal in _ASSIGNMENT.findall(text):
            values.setdefault(name, ast.literal_eval(literal))
        return values
    except (ValueError, SyntaxError):  # e.g. a tuple spread over lines: read the module properly
        values = {}
    for node in ast.parse(text).body:
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else (
            node.target if isinstance(node, ast.AnnAssign) else None)
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value is not None:
            values.setdefault(target.id, ast.literal_eval(node.value))
    return values


def scan_revisions(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """``{revision: (down revisions…)}`` of the migration scripts, read without importing Alembic."""
    versions = (folder or migrations_dir()) / "versions"
    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted(versions.glob("*.py")):
        if script.name == "__init__.py" or script.name.startswith(".#"):
            continue  # (Alembic skips these too)
        values = _revision_assignments(script.read_text(encoding="utf-8"))
        revision = values.get("revision")
        if not isinstance(revision, str):
            raise RuntimeError(f"{script.name} declares no revision (Alembic refuses it too)")
        down = values.get("down_revision")
        if down is None:
            downs: tuple[str, ...] = ()
        elif isinstance(down, str):
            downs = (down,)
        elif isinstance(down, (tuple, list)) and all(isinstance(d, str) for d in down):
            downs = tuple(down)
        else:
            raise RuntimeError(f"{script.name}: down_revision {down!r} is not a revision id")
        if revision in graph:
            raise RuntimeError(f"revision {revision} is defined twice (in {script.name})")
        graph[revision] = downs
    return graph


def head_revision() -> str:
    """The single head of the migration scripts (cheap: no Alembic import)."""
    graph = scan_revisions()
    referenced = {down for downs in graph.values() for down in downs}
    heads = sorted(rev for rev in graph if rev not in referenced)
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def alembic_head_revision() -> str:
    """The head as Alembic's ScriptDirectory sees it (imports Alembic)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(db_path: Path) -> str | None:
    """The revision stamped in ``alembic_version`` (None for a new or unstamped file), via plain sqlite3."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    con = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=rw", uri=True,
                          timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        if con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone() is None:
            return None
        rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"无法读取数据库 {db_path} 的结构版本：{exc}") from exc
    finally:
        con.close()
    if len(rows) > 1:
        raise DomainError(f"数据库 {db_path} 记录了多个结构版本（{', '.join(rows)}），请联系技术支持")
    return rows[0] if rows else None


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _run(db_path: Path, action: str, target: str) -> None:
    from alembic import command  # only here: importing Alembic costs more than opening the database

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
    if before == head:
        return MigrationResult(before, head, None)  # the usual start-up: no Alembic import at all
    if before is not None and before not in scan_revisions():
        raise DomainError(
            f"数据库 {db_path.name} 的结构版本（{before}）比本程序新，可能由更新版本的 STI Desk 创建。"
            "为免损坏数据，已拒绝打开；请安装最新版本后再打开此数据库。", rule="数据安全")
    if target == "head" and alembic_head_revision() != head:  # (the scan must agree with Alembic)
        raise RuntimeError(f"migration scan found head {head}, Alembic {alembic_head_revision()}")
    backup = None
    if db_path.exists() and db_path.stat().st_size > 0:
        backup = backup_database(db_path, reason=f"pre-migrate-{before or 'none'}")
    _run(db_path, "upgrade", target)
    return MigrationResult(before, head, backup)


def downgrade(db_path: Path, target: str) -> None:
    backup_database(db_path, reason="pre-downgrade")
    _run(db_path, "downgrade", target)
