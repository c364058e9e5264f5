"""Backups (备份) with SQLite's online backup API, rotation, restore and the start-up integrity check."""
from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import DomainError
from ..paths import backup_dir_for

DAILY_KEEP = 14
OTHER_KEEP = 10


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens exactly ``path`` read-only.

    A hand-built ``file:{path}`` would cut the name at ``?`` or ``#`` and decode ``%xx`` — a folder named
    ``项目#2026`` would open (and back up) a new empty file instead; ``as_uri()`` percent-encodes them."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def _copy(src: Path, dst: Path, *, as_backup: bool = True) -> None:
    s = sqlite3.connect(read_only_uri(src), uri=True)
    d = sqlite3.connect(dst)
    try:
        s.backup(d)
        # A copy of a WAL database is a WAL database: reading it later (restore, integrity check) would
        # leave -wal/-shm files beside it that rotation never removes. The app sets WAL again on open.
        if as_backup:
            d.execute("PRAGMA journal_mode=DELETE")
    finally:
        d.close()
        s.close()


def backup_database(db_path: Path, reason: str = "manual", target: Path | None = None,
                    when: datetime | None = None) -> Path:
    """Copy the live database (safe while open) to the backups folder or to ``target``.

    ``when`` names the backup (default: now); the daily backup passes its day so that the file it
    writes is the one the next start-up finds for that day."""
    if not db_path.exists():
        raise DomainError(f"数据库文件 {db_path} 不存在，无法备份")
    if target is None:
        folder = backup_dir_for(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(db_path, target)
    if target.parent == backup_dir_for(db_path):
        rotate(db_path)
    return target


def list_backups(db_path: Path) -> list[Path]:
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"), reverse=True)


def rotate(db_path: Path) -> None:
    """Keep the newest DAILY_KEEP daily backups and OTHER_KEEP of every other kind."""
    daily = [p for p in list_backups(db_path) if p.stem.endswith("-daily")]
    other = [p for p in list_backups(db_path) if not p.stem.endswith("-daily")]
    for old in daily[DAILY_KEEP:] + other[OTHER_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def daily_backup(db_path: Path, today: date | None = None) -> Path | None:
    """Make today's backup unless there is one already (called at start-up)."""
    today = today or date.today()
    prefix = f"{db_path.stem}-{today:%Y%m%d}-"
    if any(p.name.startswith(prefix) and p.stem.endswith("-daily") for p in list_backups(db_path)):
        return None
    now = datetime.now()
    return backup_database(db_path, reason="daily", when=datetime.combine(today, now.time()))


def audit_anchor(backup: Path) -> tuple[int, str] | None:
    """(id, hash) of the newest audit entry in a backup file, or None when it has none or is unreadable.

    A backup is a witness: every entry it holds must still be in the live chain with the same hash, so
    deleting the newest entries (which the chain alone cannot show) is caught by the next backup."""
    try:
        con = sqlite3.connect(f"{read_only_uri(backup)}&immutable=1", uri=True)
        try:
            row = con.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return (int(row[0]), str(row[1])) if row else None


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    detail: str

    @property
    def message(self) -> str:
        if self.ok:
            return "数据库完整性检查通过"
        return f"数据库文件已损坏（{self.detail}）。请用“恢复备份”从备份文件恢复。"


def check_integrity(db_path: Path) -> IntegrityReport:
    """``PRAGMA quick_check`` plus a check that the file is an SQLite database at all."""
    try:
        con = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return IntegrityReport(False, f"不是有效的数据库文件：{exc}")
    result = "; ".join(r[0] for r in rows[:5])
    return IntegrityReport(result == "ok", result)


def restore_database(backup: Path, db_path: Path) -> Path | None:
    """Replace the database with a backup; the current file is backed up first (returned)."""
    report = check_integrity(backup)
    if not report.ok:
        raise DomainError(f"备份文件 {backup.name} 无法使用：{report.detail}")
    con = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        has_version = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
    finally:
        con.close()
    if not has_version:
        raise DomainError(f"{backup.name} 不是 STI Desk 的数据库备份")
    safety = None
    if db_path.exists() and check_integrity(db_path).ok:
        safety = backup_database(db_path, reason="pre-restore")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, db_path, as_backup=False)
    return safety
