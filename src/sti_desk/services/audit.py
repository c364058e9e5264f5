"""Audit log verification and browsing (审计日志)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db.audit import ChainReport, first_difference, redact_stored, verify_chain, witness_hashes
from ..db.audit_replay import UNLOGGED, Mismatch, reconcile
from ..db.backup import audit_anchor, list_backups
from ..db.tables import AuditRow
from ..db.uow import Database
from ..domain.permissions import Permission
from ..io.excel_types import ExportColumn
from .actor import Actor
from .audit_labels import ACTIONS, column_label, entity_label, table_label, value_text
from .audit_refs import load_names
from .audit_text import entry_lines
from .intake_types import ExportResult, Progress, is_cancelled, no_progress

#: the columns of the 审计日志 tab and of its export
COLUMNS = ("编号", "时间", "用户", "操作", "对象", "对象编号", "内容")
EXPORT_CHUNK = 2000


@dataclass(frozen=True)
class AuditEntry:
    """One entry as stored (``before``/``after`` JSON, redacted) and in words: ``lines`` is the 内容 one item
    a line, ``object_name`` the record's code or name (项目 2026-CGZH-0016 …) where it could be looked up."""

    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str
    lines: tuple[str, ...] = ()
    object_name: str = ""

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def object_label(self) -> str:
        """'形式审查（2026-CGZH-0016）': the kind of record and, when known, which one."""
        label = entity_label(self.entity)
        return f"{label}（{self.object_name}）" if self.object_name else label

    def content(self, separator: str = "；") -> str:
        return separator.join(self.lines)

    def cells(self) -> list[object]:
        """The entry as a row of the tab and of the export (:data:`COLUMNS`)."""
        return [self.id, self.at, self.username, self.action_label, self.object_label, self.entity_id,
                self.content()]


def _in_words(session: Session, rows: Sequence[AuditRow]) -> list[AuditEntry]:
    """Entries of ``rows`` with their text; the numbers they mention looked up once per kind for all of them."""
    # entries written before review content was redacted are shown redacted too (评审保密)
    raw = [AuditEntry(r.id, r.at, r.username, r.action, r.entity, r.entity_id,
                      redact_stored(r.entity, r.before_json), redact_stored(r.entity, r.after_json)) for r in rows]
    names = load_names(session, raw)
    return [replace(e, lines=tuple(entry_lines(e.entity, e.action, e.before, e.after, names)),
                    object_name=names.entity(e.entity, e.entity_id)) for e in raw]


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
    """'项目（编号 12）的“立项金额”现为 191.00 万元，审计日志最后记录的是 190.00 万元',
    '用户（编号 5）在审计日志中没有创建记录（可能被直接写入数据库）' and the like."""
    where = f"{table_label(m.entity)}（编号 {m.entity_id}）"
    if m.column == UNLOGGED:
        return f"{where}在审计日志中没有创建记录（可能被直接写入数据库）"
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
        not compared — but only when the restore entry is borne out by the backup it names (still in the
        backups folder, its newest entry in the live chain just before the restore). A restore entry the
        backups do not bear out (forged to switch the comparison off, or its backup since removed) is
        reported when an older backup disagrees with the entries before it."""
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
        db_path = Path(self.db.path)
        restore = session.scalars(select(AuditRow).where(AuditRow.action == "restore")
                                  .order_by(AuditRow.id.desc()).limit(1)).first()
        restored_at, unconfirmed = None, ""
        if restore is not None:
            # (entries keep whole seconds; the safety copy is of that second)
            restored_at = restore.at + timedelta(seconds=1)
            earlier = session.scalar(select(func.min(AuditRow.at)).where(AuditRow.id > restore.id))
            if earlier is not None and earlier < restore.at - timedelta(seconds=1):
                return ChainReport(False, report.entries, restore.id,
                                   "（恢复备份）晚于其后的记录（恢复记录的时间或位置被伪造）")
            unconfirmed = _restore_unconfirmed(session, restore, db_path)
        for backup in self._backups_service().witnesses(db_path, None):
            anchor = audit_anchor(backup.path)
            if anchor is None:
                continue
            upto = anchor[0]
            replaced = restore is not None and restored_at is not None and backup.made_at <= restored_at
            if restore is not None and replaced:
                if not unconfirmed:
                    continue       # the chain the restore replaced
                upto = min(upto, restore.id - 1)   # the entries before the restore must still be the same
            witness = witness_hashes(backup.path, upto) or {anchor[0]: anchor[1]}
            changed = first_difference(session, witness)
            if changed is None:
                continue
            if changed > report.entries:
                return ChainReport(False, report.entries, report.entries + 1,
                                   f"及之后的记录缺失：备份“{backup.path.name}”中已有第 {anchor[0]} 条，"
                                   f"当前数据库只到第 {report.entries} 条（最新的记录被删除）")
            note = (f"；第 {restore.id} 条“恢复备份”记录无法与其备份核对（{unconfirmed}），不能据此跳过核对"
                    if restore is not None and replaced else "")
            return ChainReport(False, report.entries, changed,
                               f"与备份“{backup.path.name}”中的同一条记录不符（审计链被改写，备份最新一条为第 "
                               f"{anchor[0]} 条）{note}")
        return report

    def _backups_service(self):  # type: ignore[no-untyped-def]
        from .backups import BackupService

        return BackupService(self.db)

    def recent(self, actor: Actor, entity: str | None = None, entity_id: str | None = None,
               limit: int = 200) -> list[AuditEntry]:
        """The newest ``limit`` entries (of one kind of record, of one record), newest first, in words."""
        actor.require(Permission.VERIFY_AUDIT)
        stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if entity:
            stmt = stmt.where(AuditRow.entity == entity)
        if entity_id:
            stmt = stmt.where(AuditRow.entity_id == entity_id)
        with self.db.reader(actor.username) as uow:
            return _in_words(uow.session, list(uow.session.scalars(stmt)))

    def export(self, actor: Actor, out_path: Path, entity: str | None = None, *,
               progress: Progress = no_progress, cancel: object | None = None) -> ExportResult | None:
        """Every entry (of one kind of record), newest first, to an Excel file with the tab's columns and the
        same words; read and put into words 2,000 at a time. None when ``cancel`` was set (nothing written)."""
        actor.require(Permission.VERIFY_AUDIT)
        actor.require(Permission.EXPORT_DATA)
        from .intake_export import export_table

        rows: list[list[object]] = []
        with self.db.reader(actor.username) as uow:
            count = select(func.count()).select_from(AuditRow)
            total = uow.session.scalar(count.where(AuditRow.entity == entity) if entity else count) or 0
            last_id: int | None = None
            while True:
                if is_cancelled(cancel):
                    return None
                stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(EXPORT_CHUNK)
                if entity:
                    stmt = stmt.where(AuditRow.entity == entity)
                if last_id is not None:
                    stmt = stmt.where(AuditRow.id < last_id)
                chunk = list(uow.session.scalars(stmt))
                if not chunk:
                    break
                rows += [e.cells() for e in _in_words(uow.session, chunk)]
                last_id = chunk[-1].id
                uow.session.expunge_all()
                progress(len(rows), total, f"正在整理审计日志（{len(rows)} / {total} 条）…")
        if is_cancelled(cancel):
            return None
        progress(len(rows), total, "正在写入 Excel 文件…")
        return export_table(Path(out_path), "审计日志", [ExportColumn("编号", "int"), ExportColumn("时间", "date"),
                                                        *map(ExportColumn, COLUMNS[2:])], rows)


def _restore_unconfirmed(session: Session, restore: AuditRow, db_path: Path) -> str:
    """Why the backups do not bear ``restore`` out ("" when they do): the backup it names must still be in
    the backups folder, and that backup's newest entry must be in the live chain unchanged, followed by
    nothing but backup entries up to the restore."""
    try:
        name = json.loads(restore.after_json).get("from", "")
    except (ValueError, AttributeError):
        name = ""
    found = next((p for p in list_backups(db_path) if p.name == name), None) if name else None
    if found is None:
        return f"所恢复的备份“{name or '（未记录）'}”不在备份文件夹中"
    anchor = audit_anchor(found)
    if anchor is None or anchor[0] >= restore.id:
        return f"备份“{name}”中没有早于恢复的审计记录"
    live = session.scalar(select(AuditRow.hash).where(AuditRow.id == anchor[0]))
    between = session.scalar(select(func.count()).select_from(AuditRow).where(
        AuditRow.id > anchor[0], AuditRow.id < restore.id, AuditRow.action != "backup"))
    if live != anchor[1] or between:
        return f"备份“{name}”的最新记录（第 {anchor[0]} 条）与恢复前的记录不符"
    return ""
