"""Backup/restore, audit chain, optimistic locking, integrity and location checks on real files."""
from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import date

import pytest

from sti_desk.bootstrap import open_app
from sti_desk.db.backup import backup_database, check_integrity, daily_backup, list_backups, restore_database
from sti_desk.domain.errors import ConcurrencyError, DomainError
from sti_desk.domain.validation import FieldErrors
from sti_desk.paths import is_network_path
from sti_desk.services.actor import SYSTEM

from .conftest import project_input


def test_backup_then_restore_round_trip(ctx, clerk, sample, tmp_path):
    backup = backup_database(ctx.db_path, reason="test")
    ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], "后来新增的项目"))
    assert len(ctx.services.projects.list_projects(clerk)) == 2
    ctx.close()
    safety = restore_database(backup, ctx.db_path)
    assert safety is not None and safety.exists()
    again = open_app(ctx.db_path)
    try:
        titles = [p.title for p in again.services.projects.list_projects(again.services.auth.login("clerk", "clerk1234"))]
        assert titles == ["基于深度学习的茶叶病害识别系统研发"]
    finally:
        again.close()


def test_restore_refuses_a_file_that_is_not_a_backup(ctx, tmp_path):
    bogus = tmp_path / "not-a-db.db"
    bogus.write_bytes(b"hello, this is not sqlite" * 100)
    with pytest.raises(DomainError, match="无法使用"):
        restore_database(bogus, ctx.db_path)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table t(x)").connection.commit()
    with pytest.raises(DomainError, match="不是 STI Desk"):
        restore_database(other, ctx.db_path)


def test_daily_backup_once_a_day_and_rotation(ctx):
    first = daily_backup(ctx.db_path, date(2026, 11, 23))
    assert first is not None
    assert daily_backup(ctx.db_path, date(2026, 11, 23)) is None
    for _ in range(12):
        backup_database(ctx.db_path, reason="manual")
    kinds = [p for p in list_backups(ctx.db_path) if p.stem.endswith("-manual")]
    assert len(kinds) == 10


def test_audit_records_who_what_before_after(ctx, clerk, sample):
    entries = ctx.services.audit.recent(SYSTEM, entity="projects", entity_id=str(sample["project"]))
    assert entries and entries[-1].action == "create" and entries[-1].username == "clerk"
    detail = ctx.services.projects.get_project(clerk, sample["project"])
    data = project_input(sample["call"], sample["unit"], "茶叶病害智能识别系统研发")
    ctx.services.projects.update_project(clerk, sample["project"], data, detail.version)
    update = ctx.services.audit.recent(SYSTEM, entity="projects", entity_id=str(sample["project"]))[0]
    assert update.action == "update"
    assert "基于深度学习的茶叶病害识别系统研发" in update.before and "茶叶病害智能识别系统研发" in update.after


@pytest.mark.edits_database_by_hand
def test_a_tampered_audit_row_is_detected(ctx, clerk, sample):
    assert ctx.services.audit.verify(SYSTEM).ok
    con = sqlite3.connect(ctx.db_path)
    con.execute("update audit_log set after_json = replace(after_json, '张伟', '李四') where id = "
                "(select min(id) from audit_log where after_json like '%张伟%')")
    con.commit()
    broken_id = con.execute("select min(id) from audit_log where after_json like '%李四%'").fetchone()[0]
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and report.first_broken_id == broken_id
    assert f"第 {broken_id} 条" in report.message


@pytest.mark.edits_database_by_hand
def test_a_deleted_audit_row_is_detected(ctx, clerk, sample):
    con = sqlite3.connect(ctx.db_path)
    con.execute("delete from audit_log where id = 3")
    con.commit()
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and report.first_broken_id == 3


def test_a_stale_save_is_refused_and_nothing_is_overwritten(ctx, clerk, sample):
    loaded = ctx.services.projects.get_project(clerk, sample["project"])
    first = project_input(sample["call"], sample["unit"], "甲同事修改的名称")
    ctx.services.projects.update_project(clerk, sample["project"], first, loaded.version)
    second = project_input(sample["call"], sample["unit"], "乙同事修改的名称")
    with pytest.raises(ConcurrencyError, match="已被其他人修改"):
        ctx.services.projects.update_project(clerk, sample["project"], second, loaded.version)
    assert ctx.services.projects.get_project(clerk, sample["project"]).title == "甲同事修改的名称"


def test_a_stale_budget_only_save_is_refused(ctx, clerk, sample):
    """Two clerks open the same project; 甲 changes only the budget lines, 乙 then saves from the old version:
    refused — 甲's budget is not silently replaced."""
    from sti_desk.domain.entities import BudgetLine
    from sti_desk.domain.money import Money

    loaded = ctx.services.projects.get_project(clerk, sample["project"])
    first = project_input(sample["call"], sample["unit"])
    first.budget_lines = [BudgetLine("设备费", Money.wan(10)), BudgetLine("业务费", Money.wan(20))]
    ctx.services.projects.update_project(clerk, sample["project"], first, loaded.version)
    after_first = ctx.services.projects.get_project(clerk, sample["project"])
    assert after_first.version == loaded.version + 1
    second = project_input(sample["call"], sample["unit"])
    with pytest.raises(ConcurrencyError, match="已被其他人修改"):
        ctx.services.projects.update_project(clerk, sample["project"], second, loaded.version)
    kept = ctx.services.projects.get_project(clerk, sample["project"]).budget_lines
    assert [(b.subject, b.fiscal) for b in kept] == [("设备费", Money.wan(10)), ("业务费", Money.wan(20))]
    # saving the very same content again is not a change: no new version, nothing re-written or audited
    entries = len(ctx.services.audit.recent(SYSTEM, limit=1000))
    ctx.services.projects.update_project(clerk, sample["project"], first, after_first.version)
    assert ctx.services.projects.get_project(clerk, sample["project"]).version == after_first.version
    assert len(ctx.services.audit.recent(SYSTEM, limit=1000)) == entries


def test_replaced_budget_lines_are_audited_as_deleted(ctx, clerk, sample):
    """全过程留痕: lines removed on save appear in the audit log as deletions with their old values."""
    from sqlalchemy import select

    from sti_desk.db.tables import AuditRow
    from sti_desk.domain.entities import BudgetLine
    from sti_desk.domain.money import Money

    data = project_input(sample["call"], sample["unit"])
    data.budget_lines = [BudgetLine("设备费", Money.wan(10))]
    version = ctx.services.projects.get_project(clerk, sample["project"]).version
    ctx.services.projects.update_project(clerk, sample["project"], data, version)
    data.budget_lines = [BudgetLine("业务费", Money.wan(12))]
    version = ctx.services.projects.get_project(clerk, sample["project"]).version
    ctx.services.projects.update_project(clerk, sample["project"], data, version)
    with ctx.db.reader("test") as uow:
        rows = uow.session.scalars(select(AuditRow).where(AuditRow.entity == "budget_lines")
                                   .order_by(AuditRow.id)).all()
        actions = [(r.action, json.loads(r.after_json or r.before_json)["subject"]) for r in rows]
    assert actions == [("create", "设备费"), ("delete", "设备费"), ("create", "业务费")]
    assert ctx.services.audit.verify(SYSTEM).ok


def test_form_errors_name_each_field(ctx, clerk, sample):
    bad = project_input(sample["call"], sample["unit"], "")
    bad.leader_id_number = "110105194912310021"
    bad.end_date = date(2026, 1, 1)
    with pytest.raises(FieldErrors) as err:
        ctx.services.projects.create_project(clerk, bad)
    assert set(err.value.errors) == {"title", "leader_id_number", "end"}
    assert "校验位错误" in err.value.errors["leader_id_number"]


def test_duplicate_title_in_the_same_call_is_refused(ctx, clerk, sample):
    with pytest.raises(FieldErrors, match="已申报同名项目"):
        ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"]))


def test_a_corrupt_database_is_refused_at_start(tmp_path):
    db = tmp_path / "bad.db"
    app = open_app(db)
    app.close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    db.write_bytes(bytes(data))
    assert not check_integrity(db).ok
    with pytest.raises(DomainError, match="损坏|不是有效"):
        open_app(db)


def test_network_share_is_detected(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/export {tmp_path} nfs4 rw 0 0\n/dev/vda1 / ext4 rw 0 0\n")
    assert is_network_path(tmp_path / "x.db", mounts_file=str(mounts))
    assert not is_network_path(tmp_path / "x.db", mounts_file="/nonexistent")
    assert is_network_path(__import__("pathlib").Path("//server/share/x.db"))


def test_open_refuses_a_network_share(tmp_path, monkeypatch):
    import sti_desk.bootstrap as bootstrap

    monkeypatch.setattr(bootstrap, "is_network_path", lambda p: True)
    with pytest.raises(DomainError, match="网络共享"):
        open_app(tmp_path / "x.db")


@pytest.mark.parametrize("folder", ["科技局?备份", "预算%20资料", "项目#2026"])
def test_a_folder_name_with_url_characters_opens_that_very_file(tmp_path, folder):
    """``?``, ``%`` and ``#`` are legal in Windows folder names; the database must land where the clerk chose."""
    target = tmp_path / folder / "sti.db"
    target.parent.mkdir()
    ctx = open_app(target)
    try:
        ctx.services.auth.bootstrap_admin("admin", "admin123")
    finally:
        ctx.close()
    again = open_app(target)  # second start: integrity check and daily backup read the file by URI
    again.close()
    manual = backup_database(target, reason="manual")
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    def users_in(path):  # (closed at once: a connection left open makes restore say the file is in use)
        with contextlib.closing(sqlite3.connect(path)) as con:
            return con.execute("select username from users").fetchall()

    assert users_in(target) == [("admin",)]
    for backup in list_backups(target):  # every backup is a copy of this database, not of an empty file
        assert users_in(backup) == [("admin",)]
    assert any(p.stem.endswith("-daily") for p in list_backups(target))
    assert restore_database(manual, target) is not None
    assert check_integrity(target).ok
    assert not [p.name for p in manual.parent.iterdir() if p.suffix != ".db"]  # no -wal/-shm left over


def test_a_database_from_a_newer_version_is_refused_in_chinese(ctx):
    ctx.close()
    con = sqlite3.connect(ctx.db_path)
    con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(DomainError, match="比本程序新"):
        open_app(ctx.db_path)


@pytest.mark.edits_database_by_hand
def test_deleting_the_newest_audit_entries_is_caught_by_a_backup(ctx, clerk, sample):
    """The chain alone cannot show a cut-off tail; every backup still holds it."""
    backup_database(ctx.db_path, reason="manual")
    assert ctx.services.audit.verify(SYSTEM).ok
    con = sqlite3.connect(ctx.db_path)
    last = con.execute("select max(id) from audit_log").fetchone()[0]
    con.execute("delete from audit_log where id >= ?", (last - 1,))
    con.commit()
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and report.first_broken_id == last - 1
    assert "最新的记录被删除" in report.message and "备份" in report.message


@pytest.mark.edits_database_by_hand
def test_a_rewritten_chain_is_caught_by_a_backup(ctx, clerk, sample):
    """Recomputing every hash after an edit keeps the chain valid, but not equal to the backup's."""
    from sti_desk.db.audit import GENESIS, entry_hash

    backup_database(ctx.db_path, reason="manual")
    con = sqlite3.connect(ctx.db_path)
    rows = con.execute("select id, at, username, action, entity, entity_id, before_json, after_json "
                       "from audit_log order by id").fetchall()
    prev, edited = GENESIS, False
    for rid, at, *rest in rows:
        if not edited and "张伟" in rest[-1]:
            rest[-1], edited = rest[-1].replace("张伟", "李四"), True
        stamp = __import__("datetime").datetime.fromisoformat(at).isoformat()
        h = entry_hash(prev, stamp, *rest)
        con.execute("update audit_log set after_json=?, prev_hash=?, hash=? where id=?", (rest[-1], prev, h, rid))
        prev = h
    con.commit()
    con.close()
    assert edited
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and "审计链被改写" in report.message


def test_a_restore_is_audited_and_older_backups_no_longer_witness(ctx, clerk, sample, tmp_path, monkeypatch):
    from sti_desk.cli import main

    old = backup_database(ctx.db_path, reason="manual")
    ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], "恢复前新增的项目"))
    backup_database(ctx.db_path, reason="manual")          # holds a longer chain than the restored one
    ctx.close()
    assert main(["--db", str(ctx.db_path), "restore", str(old), "--yes"]) == 0
    again = open_app(ctx.db_path)
    try:
        report = again.services.audit.verify(SYSTEM)
        assert report.ok, report.message
        entries = again.services.audit.recent(SYSTEM, entity="database")
        assert entries[0].action == "restore" and old.name in entries[0].after
    finally:
        again.close()


@pytest.mark.edits_database_by_hand
def test_a_data_row_edited_behind_the_programs_back_is_found(ctx, clerk, sample):
    """The chain stays intact when someone edits a project with another SQLite tool, but the data no longer
    replays from the log: audit verify names the record, the field and both values in Chinese."""
    assert ctx.services.audit.verify(SYSTEM).ok
    con = sqlite3.connect(ctx.db_path)
    con.execute("update projects set requested_fen = requested_fen + 10000000 where id = ?", (sample["project"],))
    con.commit()
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok
    assert f"项目（编号 {sample['project']}）的“申请财政资金”现为 40.00 万元，审计日志最后记录的是 30.00 万元" in report.message
