"""Audit log verification and browsing (审计日志)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.audit import ChainReport, redact_stored, verify_chain
from ..db.audit_replay import Mismatch, reconcile
from ..db.backup import audit_anchor
from ..db.tables import AuditRow
from ..db.uow import Database
from ..domain.permissions import Permission
from .actor import Actor
from .audit_labels import column_label, table_label, value_text


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


@dataclass(frozen=True)
class AuditCheck(ChainReport):
    """What ``sti-desk audit verify`` and 校验审计链 report: the chain, then the data against it."""

    mismatches: tuple[Mismatch, ...] = ()
    rows_checked: int = 0

    @property
    def message(self) -> str:
        if not self.mismatches:
            text = super().message
            return text + (f"数据核对：{self.rows_checked} 条记录与审计日志一致。" if self.ok else "")
        more = f"（另有 {len(self.mismatches) - 1} 处）" if len(self.mismatches) > 1 else ""
        return (f"审计日志哈希链完整（{self.entries} 条），但数据库中有记录被绕过本程序修改："
                f"{mismatch_text(self.mismatches[0])}{more}。请从备份恢复或核实后处理。")

    def mismatch_lines(self) -> list[str]:
        return [mismatch_text(m) for m in self.mismatches]


def mismatch_text(m: Mismatch) -> str:
    """'项目（编号 12）的“立项金额”现为 191.00 万元，审计日志最后记录的是 190.00 万元' and the like."""
    where = f"{table_label(m.entity)}（编号 {m.entity_id}）"
    if not m.column:
        return f"{where}{'已被删除，审计日志中没有删除记录' if m.actual is None else '在审计日志中已删除，却仍在数据库中'}"
    return (f"{where}的“{column_label(m.column, m.entity)}”现为 {value_text(m.column, m.actual, m.entity)}，"
            f"审计日志最后记录的是 {value_text(m.column, m.recorded, m.entity)}")


class AuditService:
    def __init__(self, db: Database):
        self.db = db

    def verify(self, actor: Actor) -> AuditCheck:
        """The hash chain, then the backups as witnesses (see :func:`db.backup.audit_anchor`), then the
        data against the log (:func:`db.audit_replay.reconcile`: a row edited behind the program's back).

        Backups made before the latest restore (恢复) belong to the chain the restore replaced and are
        not compared."""
        actor.require(Permission.VERIFY_AUDIT)
        with self.db.reader(actor.username) as uow:
            report = self._chain_and_witnesses(uow.session)
            if not report.ok:
                return AuditCheck(False, report.entries, report.first_broken_id, report.problem)
            data = reconcile(uow.session)
            return AuditCheck(data.ok, report.entries, None, "", data.mismatches, data.rows_checked)

    def _chain_and_witnesses(self, session: Session) -> ChainReport:
        report = verify_chain(session)
        if not report.ok or self.db.path is None:
            return report
        restored_at = session.scalar(select(AuditRow.at).where(AuditRow.action == "restore")
                                     .order_by(AuditRow.id.desc()).limit(1))
        if restored_at is not None:  # (entries keep whole seconds; the safety copy is of that second)
            restored_at += timedelta(seconds=1)
        for backup in self._backups_service().witnesses(Path(self.db.path), restored_at):
            anchor = audit_anchor(backup.path)
            if anchor is None:
                continue
            live = session.scalar(select(AuditRow.hash).where(AuditRow.id == anchor[0]))
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
