"""恢复备份 from the window: the permission check, then :func:`db.backup.restore_database`.

Making a backup is open to clerks (``Permission.BACKUP``); replacing the whole database is for
administrators only. The caller must have closed the database first (the file is replaced); afterwards it
opens the database again and audits the restore with ``BackupService.record_restore``, as
``sti-desk restore`` does.
"""
from __future__ import annotations

from pathlib import Path

from ..db.backup import restore_database
from ..domain.errors import PermissionDenied
from ..domain.permissions import Permission, Role
from .actor import Actor


def require_restore(actor: Actor) -> None:
    """Administrators only (they also hold ``Permission.BACKUP``)."""
    actor.require(Permission.BACKUP)
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"当前角色“{actor.role.label}”无权恢复备份（仅管理员可以恢复）", rule="角色权限")


def restore_backup(actor: Actor, backup: Path, db_path: Path) -> Path | None:
    """Replace ``db_path`` with ``backup``; returns the safety copy of the replaced file (None: none made)."""
    require_restore(actor)
    return restore_database(Path(backup), Path(db_path))
