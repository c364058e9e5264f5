"""Audit log verification and browsing (审计日志)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..db.audit import ChainReport, verify_chain
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
        actor.require(Permission.VERIFY_AUDIT)
        with self.db.reader(actor.username) as uow:
            return verify_chain(uow.session)

    def recent(self, actor: Actor, entity: str | None = None, entity_id: str | None = None,
               limit: int = 200) -> list[AuditEntry]:
        actor.require(Permission.VERIFY_AUDIT)
        stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if entity:
            stmt = stmt.where(AuditRow.entity == entity)
        if entity_id:
            stmt = stmt.where(AuditRow.entity_id == entity_id)
        with self.db.reader(actor.username) as uow:
            return [AuditEntry(r.id, r.at, r.username, r.action, r.entity, r.entity_id, r.before_json,
                               r.after_json) for r in uow.session.scalars(stmt)]
