"""Audit log verification and browsing (审计日志)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from ..db.audit import ChainReport, redact_stored, verify_chain
from ..db.backup import audit_anchor
from ..db.tables import AuditRow
from ..db.uow import Database
from ..domain.permissions import Permission
from .actor import Actor


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str


class AuditService:
    def __init__(self, db: Database):
        self.db = db

    def verify(self, actor: Actor) -> ChainReport:
        """The hash chain, then the backups as witnesses (see :func:`db.backup.audit_anchor`).

        Backups made before the latest restore (恢复) belong to the chain the restore replaced and are
        not compared."""
        actor.require(Permission.VERIFY_AUDIT)
        with self.db.reader(actor.username) as uow:
            report = verify_chain(uow.session)
            if not report.ok or self.db.path is None:
                return report
            restored_at = uow.session.scalar(select(AuditRow.at).where(AuditRow.action == "restore")
                                             .order_by(AuditRow.id.desc()).limit(1))
            if restored_at is not None:  # (entries keep whole seconds; the safety copy is of that second)
                restored_at += timedelta(seconds=1)
            for backup in self._backups_service().witnesses(Path(self.db.path), restored_at):
                anchor = audit_anchor(backup.path)
                if anchor is None:
                    continue
                live = uow.session.scalar(select(AuditRow.hash).where(AuditRow.id == anchor[0]))
                if live is None:
                    return ChainReport(False, report.entries, report.entries + 1,
                                       f"及之后的记录缺失：备份“{backup.path.name}”中已有第 {anchor[0]} 条，"
                                       f"当前数据库只到第 {report.entries} 条（最新的记录被删除）")
                if live != anchor[1]:
                    return ChainReport(False, report.entries, anchor[0],
                                       f"与备份“{backup.path.name}”中的同一条记录不符（审计链被改写）")
            return report

    def _backups_service(self):  # type: ignore[no-untyped-def]
        from .backups import BackupService

        return BackupService(self.db)

    def recent(self, actor: Actor, entity: str | None = None, entity_id: str | None = None,
               limit: int = 200) -> list[AuditEntry]:
        actor.require(Permission.VERIFY_AUDIT)
        stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if entity:
            stmt = stmt.where(AuditRow.entity == entity)
        if entity_id:
            stmt = stmt.where(AuditRow.entity_id == entity_id)
        with self.db.reader(actor.username) as uow:
            # entries written before review content was redacted are shown redacted too (评审保密)
            return [AuditEntry(r.id, r.at, r.username, r.action, r.entity, r.entity_id,
                               redact_stored(r.entity, r.before_json), redact_stored(r.entity, r.after_json))
                    for r in uow.session.scalars(stmt)]
