"""备份 for the 系统管理 page: list the backups of the open database, make one now (audited) and audit a
restore (the restore itself — closing the database and replacing the file — is :mod:`services.restore`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..db.backup import DAILY_KEEP, OTHER_KEEP, backup_database, list_backups
from ..db.uow import Database
from ..domain.errors import AuthenticationError, DomainError
from ..domain.permissions import Permission
from .actor import SYSTEM, Actor

KIND_LABELS = {"daily": "每日自动", "manual": "手动", "pre-migrate": "升级前", "pre-downgrade": "降级前",
               "pre-restore": "恢复前"}


def kind_label(kind: str) -> str:
    """``pre-migrate-0001`` → 升级前 …; an unknown kind is shown as it is."""
    return next((label for k, label in KIND_LABELS.items() if kind == k or kind.startswith(k + "-")), kind)


RETENTION_HELP = (f"每天第一次打开时自动备份，升级数据库结构前也会备份；每日备份保留最近 {DAILY_KEEP} 份，"
                  f"其他备份各保留最近 {OTHER_KEEP} 份。")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    kind: str          # daily | manual | pre-migrate | …
    kind_label: str
    size_bytes: int


class BackupService:
    def __init__(self, db: Database):
        self.db = db

    def _path(self) -> Path:
        if self.db.path is None:
            raise DomainError("当前数据库没有文件路径，无法备份")
        return Path(self.db.path)

    def list_backups(self, actor: Actor) -> list[BackupInfo]:
        """Newest first."""
        actor.require(Permission.BACKUP)
        return [_info(p, self._path().stem) for p in list_backups(self._path())]

    def backup_now(self, actor: Actor) -> BackupInfo:
        actor.require(Permission.BACKUP)
        path = self._path()
        target = backup_database(path, reason="manual")
        with self.db.uow(actor) as uow:
            uow.audit("backup", "database", path.name, {"file": target.name, "bytes": target.stat().st_size})
            uow.commit()
        return _info(target, path.stem)


    def witnesses(self, db_path: Path, after: datetime | None) -> list[BackupInfo]:
        """The backups made after ``after`` (all when None), newest first, for the audit check."""
        infos = [_info(p, db_path.stem) for p in list_backups(db_path)]
        return [i for i in infos if after is None or i.made_at > after]

    def record_restore(self, actor: Actor, backup: Path, safety: Path | None) -> None:
        """Audit a restore in the restored database (``sti-desk restore`` and the 备份 tab call this after the
        copy). The restoring account may be missing from the backup, inactive or another role there: the
        restore is then recorded as 系统 — it has happened, and the log must say so."""
        actor.require(Permission.BACKUP)
        detail = {"from": Path(backup).name, "safety_copy": safety.name if safety else ""}
        try:
            self._audit_restore(actor, detail)
        except AuthenticationError:
            self._audit_restore(SYSTEM, detail)

    def _audit_restore(self, actor: Actor, detail: dict[str, str]) -> None:
        with self.db.uow(actor) as uow:
            uow.audit("restore", "database", Path(self._path()).name, detail)
            uow.commit()


def _info(path: Path, stem: str) -> BackupInfo:
    # <stem>-YYYYmmdd-HHMMSS-ffffff-<kind>.db (the name is made by db.backup.backup_database)
    rest = path.stem[len(stem) + 1:]
    stamp, _, kind = rest[:22], rest[22:23], rest[23:]
    try:
        made = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f")
    except ValueError:
        made = datetime.fromtimestamp(path.stat().st_mtime)
        kind = rest.rsplit("-", 1)[-1]
    return BackupInfo(path, made, kind, kind_label(kind), path.stat().st_size)
