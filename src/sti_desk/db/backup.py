"""Backups (备份) with SQLite's online backup API, rotation, restore and the start-up integrity check."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import DomainError
from ..paths import backup_dir_for

DAILY_KEEP = 14
OTHER_KEEP = 10

#: SQLite's primary result codes that say what is wrong with a file.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_NOTADB = 5, 6, 11, 14, 26
#: How long a restore waits for the exclusive lock before saying the database is in use.
RESTORE_LOCK_TIMEOUT_S = 2.0

IN_USE_MESSAGE = "数据库正在被使用（STI Desk 或其他程序打开着它），请先关闭后再恢复"


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens exactly ``path`` read-only.

    A hand-built ``file:{path}`` would cut the name at ``?`` or ``#`` and decode ``%xx`` — a folder named
    ``项目#2026`` would open (and back up) a new empty file instead; ``as_uri()`` percent-encodes them."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def _tech(text: str) -> str:
    """SQLite's own words, only as a short tail after the Chinese explanation."""
    text = " ".join(str(text).split())
    return f"（技术信息：{text[:157] + '…' if len(text) > 160 else text}）" if text else ""


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _problem_of(exc: sqlite3.Error) -> str:
    """damaged | busy | unopenable (permissions, a read-only folder, a folder, …) for an SQLite error."""
    code = _primary_code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return "damaged"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return "busy"
    if code is None:
        lower = str(exc).lower()
        if "malformed" in lower or "not a database" in lower:
            return "damaged"
        if "locked" in lower:
            return "busy"
    return "unopenable"


def _fsync(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "nt":  # (Windows cannot open a folder; NTFS journals the rename itself)
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _copy_connection(source: sqlite3.Connection, dst: Path, *, as_backup: bool = True) -> None:
    d = sqlite3.connect(dst)
    try:
        source.backup(d)
        # A copy of a WAL database is a WAL database: reading it later (restore, integrity check) would
        # leave -wal/-shm files beside it that rotation never removes. The app sets WAL again on open.
        if as_backup:
            d.execute("PRAGMA journal_mode=DELETE")
    finally:
        d.close()


def _copy(src: Path, dst: Path, *, as_backup: bool = True) -> None:
    s = sqlite3.connect(read_only_uri(src), uri=True)
    try:
        _copy_connection(s, dst, as_backup=as_backup)
    finally:
        s.close()


def _temp_beside(target: Path, purpose: str) -> Path:
    """A hidden file in ``target``'s folder (same disk, so ``os.replace`` is atomic) that no listing shows."""
    return target.with_name(f".{target.name}.{purpose}-{os.getpid()}.tmp")


def _write_failure(where: Path, exc: OSError) -> DomainError:
    return DomainError(f"无法在文件夹 {where} 中写入文件：文件夹只读、没有写入权限或磁盘已满。"
                       f"请检查该文件夹的权限和磁盘空间后重试。{_tech(exc)}", rule="数据安全")


def _write_backup(db_path: Path, target: Path, *, source: sqlite3.Connection | None = None) -> None:
    """Write the backup to a temp file, check it, fsync it and only then rename it to ``target``: a failed
    backup leaves nothing behind (no 0-byte file that ``list_backups`` would offer for a restore)."""
    tmp = _temp_beside(target, "backup")
    try:
        tmp.unlink(missing_ok=True)
        tmp.touch()
    except OSError as exc:
        raise _write_failure(target.parent, exc) from exc
    try:
        try:
            if source is not None:
                _copy_connection(source, tmp)
            else:
                _copy(db_path, tmp)
        except sqlite3.DatabaseError as exc:
            report = check_integrity(db_path)
            if report.ok:  # the source reads: the failure was on the writing side
                raise DomainError(f"备份失败：无法写入 {target}。请检查备份文件夹的权限和磁盘空间。{_tech(exc)}",
                                  rule="数据安全") from exc
            raise DomainError(f"无法备份：{report.message}", rule="数据安全") from exc
        copy_report = check_integrity(tmp)
        if not copy_report.ok:  # the online backup copies damaged pages as they are
            raise DomainError(f"无法备份：数据库文件 {db_path.name} 已损坏，备份出的副本不完整，已删除该副本、"
                              f"未留下备份。请关闭本程序后从较早的备份恢复（sti-desk restore 备份文件），"
                              f"或把损坏的文件交技术支持抢救。{_tech(copy_report.detail)}", rule="数据安全")
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    except OSError as exc:
        raise _write_failure(target.parent, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _check_source(db_path: Path) -> None:
    if not db_path.exists():
        raise DomainError(f"数据库文件 {db_path} 不存在，无法备份")
    if db_path.is_dir():
        raise DomainError(f"{db_path} 是文件夹，不是数据库文件，无法备份")


def backup_database(db_path: Path, reason: str = "manual", target: Path | None = None,
                    when: datetime | None = None, *, overwrite: bool = True,
                    _source: sqlite3.Connection | None = None) -> Path:
    """Copy the live database (safe while open) to the backups folder or to ``target``.

    ``when`` names the backup (default: now); the daily backup passes its day so that the file it
    writes is the one the next start-up finds for that day. ``overwrite=False`` refuses an existing
    ``target`` (``sti-desk backup --out`` without ``--force``). The copy is written to a temp file and
    renamed into place only when it is complete and passes ``PRAGMA quick_check``."""
    db_path = Path(db_path)
    _check_source(db_path)
    if target is None:
        folder = backup_dir_for(db_path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _write_failure(folder.parent, exc) from exc
        stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
    target = Path(target)
    if target.is_dir():
        raise DomainError(f"备份文件路径 {target} 是文件夹；请给出文件名，如 {target / (db_path.stem + '-备份.db')}")
    if target.exists() and not overwrite:
        raise DomainError(f"文件 {target} 已存在，未覆盖（它可能是另一份数据库）。请换一个文件名，"
                          "或确认要覆盖时加上 --force", rule="数据安全")
    if target.exists() and target.resolve() == db_path.resolve():
        raise DomainError(f"备份文件不能是数据库文件本身（{target}）", rule="数据安全")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failure(target.parent, exc) from exc
    _write_backup(db_path, target, source=_source)
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
    """``ok``, or what is wrong: ``problem`` is ``missing``, ``unopenable`` (permissions, a read-only folder,
    a folder instead of a file — the data may be fine), ``busy`` or ``damaged``; ``detail`` is SQLite's own
    text (shown only as a 技术信息 tail)."""
    ok: bool
    detail: str
    problem: str = "damaged"
    path: Path | None = None

    @property
    def message(self) -> str:
        name = f" {self.path}" if self.path is not None else ""
        if self.ok:
            return "数据库完整性检查通过"
        if self.problem == "missing":
            return f"数据库文件{name} 不存在"
        if self.problem == "unopenable":
            return (f"无法打开数据库文件{name}：没有读取权限、所在文件夹只读（SQLite 需要在数据库旁写入临时文件），"
                    "或该路径是文件夹。文件本身未必损坏：请检查文件和文件夹的权限，"
                    "或把数据库复制到本机可写的文件夹后用 --db 打开。" + _tech(self.detail))
        if self.problem == "busy":
            return f"数据库文件{name} 正被其他程序锁定，暂时无法检查。请关闭其他程序后重试。" + _tech(self.detail)
        return (f"数据库文件{name} 已损坏，无法正常读取。请从备份恢复：关闭本程序后运行 "
                "sti-desk --db 数据库文件 restore 备份文件（备份在数据库旁的 backups 文件夹）。" + _tech(self.detail))


def check_integrity(db_path: Path) -> IntegrityReport:
    """``PRAGMA quick_check`` plus a check that the file is an SQLite database at all — telling a file that
    cannot be opened (permissions, read-only folder) from one that is damaged."""
    path = Path(db_path)
    if not path.exists():
        return IntegrityReport(False, "", "missing", path)
    if path.is_dir():
        return IntegrityReport(False, "is a directory", "unopenable", path)
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return IntegrityReport(False, str(exc), _problem_of(exc), path)
    result = "; ".join(r[0] for r in rows[:5])
    return IntegrityReport(result == "ok", result, "" if result == "ok" else "damaged", path)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: ``safety`` is the pre-restore backup of a healthy database that was replaced;
    ``damaged`` the files of a broken database moved aside (kept for salvage)."""
    backup: Path
    db_path: Path
    safety: Path | None
    damaged: tuple[Path, ...] = ()
    revision: str | None = None

    def lines(self) -> list[str]:
        out = []
        if self.safety is not None:
            out.append(f"恢复前的数据库已备份到：{self.safety}")
        if self.damaged:
            out.append(f"原数据库文件已损坏，未另做备份；已原样移到 {self.damaged[0]}"
                       + (f"（及 {'、'.join(p.name for p in self.damaged[1:])}）" if len(self.damaged) > 1 else "")
                       + "，留作抢救数据，确认不需要后可删除")
        out.append(f"已从 {self.backup} 恢复数据库 {self.db_path}")
        return out


def _backup_revision(backup: Path) -> str | None:
    con = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
            raise DomainError(f"{backup.name} 不是 STI Desk 的数据库备份（没有结构版本记录），未恢复")
        rows = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
    finally:
        con.close()
    return rows[0] if len(rows) == 1 else None


def check_backup(backup: Path) -> str | None:
    """Refuse a backup that is missing, unreadable, damaged, foreign or from a newer program — before
    anything is written. Returns its schema revision."""
    from .migrate import scan_revisions  # (migrate imports this module)

    if not backup.exists():
        raise DomainError(f"备份文件不存在：{backup}（路径错误或已被移动），未恢复")
    if backup.is_dir():
        raise DomainError(f"{backup} 是文件夹，不是备份文件；请给出备份文件（如 backups 文件夹中的 .db 文件），未恢复")
    report = check_integrity(backup)
    if not report.ok:
        raise DomainError(f"备份文件 {backup.name} 无法使用，未恢复。{report.message}")
    revision = _backup_revision(backup)
    if revision is not None and revision not in scan_revisions():
        raise DomainError(
            f"备份文件 {backup.name} 的结构版本（{revision}）比本程序新，可能由更新版本的 STI Desk 制作。"
            "为免损坏数据，未恢复，当前数据库未做任何改动；请安装最新版本后再恢复此备份。", rule="数据安全")
    return revision


def _lock_exclusive(db_path: Path) -> sqlite3.Connection | None:
    """A connection holding the exclusive lock on ``db_path`` (kept until it is closed), or None for a
    file SQLite cannot read as a database. Another connection anywhere — an open STI Desk, a transaction
    in another program — makes this fail within :data:`RESTORE_LOCK_TIMEOUT_S` (not after minutes)."""
    con = sqlite3.connect(db_path, timeout=RESTORE_LOCK_TIMEOUT_S, isolation_level=None)
    try:
        # EXCLUSIVE locking mode: in WAL mode an idle reader (an open program) then blocks the lock too.
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM sqlite_master").fetchall()
        con.execute("COMMIT")  # (the lock stays: EXCLUSIVE locking mode releases it only on close)
    except sqlite3.DatabaseError as exc:
        con.close()
        if _problem_of(exc) == "busy":
            raise DomainError(IN_USE_MESSAGE + "。" + _tech(str(exc)), rule="数据安全") from exc
        return None
    return con


def _aside_name(db_path: Path, stamp: str, suffix: str = "") -> Path:
    return db_path.with_name(f"{db_path.name}.damaged-{stamp}{suffix}")


def restore_from_backup(backup: Path, db_path: Path) -> RestoreResult:
    """Replace the database with a backup, safely even when the current file is broken.

    Order: check the backup (integrity, STI Desk, schema not newer than this program) and the location
    (no network share); refuse when the database is in use; copy the backup to a temp file beside the live
    one and fsync it; back up a healthy live database (pre-restore) or move a broken one with its -wal/-shm
    aside as ``<name>.damaged-<time>``; then ``os.replace`` the temp into place. Nothing is written before
    every check has passed."""
    from ..bootstrap import check_location  # (bootstrap imports this module)

    backup, db_path = Path(backup), Path(db_path)
    revision = check_backup(backup)
    check_location(db_path)
    if db_path.is_dir():
        raise DomainError(f"{db_path} 是文件夹，不是数据库文件，未恢复")
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise DomainError("备份文件就是当前数据库文件本身，无需恢复")
    live = check_integrity(db_path) if db_path.exists() and db_path.stat().st_size > 0 else None
    if live is not None and live.problem == "unopenable":
        raise DomainError(f"无法恢复：{live.message}", rule="数据安全")
    if live is not None and live.problem == "busy":
        raise DomainError(IN_USE_MESSAGE + "。" + _tech(live.detail), rule="数据安全")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _write_failure(db_path.parent, exc) from exc
    lock = _lock_exclusive(db_path) if live is not None else None
    tmp = _temp_beside(db_path, "restore")
    safety: Path | None = None
    damaged: list[Path] = []
    try:
        try:
            tmp.unlink(missing_ok=True)
            tmp.touch()
        except OSError as exc:
            raise _write_failure(db_path.parent, exc) from exc
        _copy(backup, tmp)
        _fsync(tmp)
        if live is not None and live.ok:
            safety = backup_database(db_path, reason="pre-restore", _source=lock)
        if lock is not None:
            lock.close()  # (Windows cannot rename an open file)
            lock = None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            part = db_path.with_name(db_path.name + suffix)
            if not part.exists():
                continue
            if live is not None and not live.ok:
                os.replace(part, _aside_name(db_path, stamp, suffix))
                damaged.append(_aside_name(db_path, stamp, suffix))
            elif suffix:  # a healthy database's leftovers: its content is in the pre-restore backup
                part.unlink()
        os.replace(tmp, db_path)
        _fsync_folder(db_path.parent)
    except OSError as exc:
        raise _write_failure(db_path.parent, exc) from exc
    finally:
        if lock is not None:
            lock.close()
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return RestoreResult(backup, db_path, safety, tuple(damaged), revision)


def restore_database(backup: Path, db_path: Path) -> Path | None:
    """Replace the database with a backup (see :func:`restore_from_backup`); returns the pre-restore
    backup of the replaced database (None when there was no healthy database to back up)."""
    return restore_from_backup(backup, db_path).safety
