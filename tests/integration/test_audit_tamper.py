"""audit verify against hand edits of the SQLite file: rows the log never created, a cut-off tail with no
backup, a forged restore entry and a consistently rewritten chain (real files, edited with sqlite3)."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from sti_desk.bootstrap import open_app
from sti_desk.db.audit import GENESIS, canonical, entry_hash
from sti_desk.db.backup import backup_database, list_backups
from sti_desk.domain.entities import Unit
from sti_desk.services.actor import SYSTEM

from .conftest import make_credit_code, project_input

pytestmark = pytest.mark.edits_database_by_hand


def _no_backups(ctx) -> None:  # type: ignore[no-untyped-def]
    for p in list_backups(ctx.db_path):
        p.unlink()


def _rechain(con: sqlite3.Connection) -> None:
    """Recompute every hash, as someone who knows the (public) hash rule would after editing entries."""
    prev = GENESIS
    rows = con.execute("select id, at, username, action, entity, entity_id, before_json, after_json "
                       "from audit_log order by id").fetchall()
    for rid, at, *rest in rows:
        h = entry_hash(prev, datetime.fromisoformat(at).isoformat(), *rest)
        con.execute("update audit_log set prev_hash=?, hash=? where id=?", (prev, h, rid))
        prev = h


def test_a_hidden_administrator_inserted_by_hand_is_found(ctx, admin, sample):
    """A users row copied from admin (same password hash) with sqlite3: no create entry for it."""
    _no_backups(ctx)
    assert ctx.services.audit.verify(SYSTEM).ok
    con = sqlite3.connect(ctx.db_path)
    con.execute("insert into users(username, display_name, role, password_hash, failed_attempts, active, created_at,"
                " version) select 'ghost', '系统维护', role, password_hash, 0, 1, created_at, 1 from users"
                " where username = 'admin'")
    ghost = con.execute("select id from users where username = 'ghost'").fetchone()[0]
    con.commit()
    con.close()
    assert ctx.services.auth.login("ghost", "admin123")      # the ghost could log in …
    report = ctx.services.audit.verify(SYSTEM)                # … but verify names it
    assert not report.ok
    assert f"用户（编号 {ghost}）在审计日志中没有创建记录（可能被直接写入数据库）" in report.message


def test_cutting_off_the_create_entries_of_the_newest_rows_is_found_without_a_backup(ctx, clerk, sample):
    second = ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], "第二个项目"))
    _no_backups(ctx)
    con = sqlite3.connect(ctx.db_path)
    first = con.execute("select min(id) from audit_log where entity = 'projects' and entity_id = ? "
                        "and action = 'create'", (str(second),)).fetchone()[0]
    con.execute("delete from audit_log where id >= ?", (first,))
    con.commit()
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and "在审计日志中没有创建记录" in report.message
    assert f"项目（编号 {second}）在审计日志中没有创建记录（可能被直接写入数据库）" in report.mismatch_lines()


def test_rows_an_import_wrote_in_bulk_count_as_created_but_a_row_added_after_does_not(ctx, clerk):
    for n in range(3):
        ctx.services.units.save_unit(clerk, Unit(f"青溪第{n}电子科技有限公司", make_credit_code(n + 10)))
    _no_backups(ctx)
    con = sqlite3.connect(ctx.db_path)
    top = con.execute("select max(id) from units").fetchone()[0]
    # the three units as if one import had written them: their create entries replaced by one summary entry
    con.execute("delete from audit_log where entity = 'units' and action = 'create'")
    con.execute("insert into audit_log(at, username, action, entity, entity_id, before_json, after_json,"
                " prev_hash, hash) values ('2026-01-01 00:00:00.000000', 'clerk', 'import', 'import_batches', ?,"
                " '', ?, '', '')", ("1", canonical({"created_ids": {"units": [top - 2, top]}})))
    _rechain(con)
    con.commit()
    assert ctx.services.audit.verify(SYSTEM).ok, ctx.services.audit.verify(SYSTEM).message
    cols = [r[1] for r in con.execute("pragma table_info(units)") if r[1] not in ("id", "name", "credit_code")]
    con.execute(f"insert into units(name, credit_code, {', '.join(cols)}) select name || '二', "
                f"substr(credit_code, 1, 17) || 'X', {', '.join(cols)} from units where id = ?", (top,))
    con.commit()
    con.close()
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok and f"单位（编号 {top + 1}）在审计日志中没有创建记录" in report.message


def _forge(ctx, fake_restore: bool) -> int:  # type: ignore[no-untyped-def]
    """What tam/rewrite.py does: change an early entry (and the row), recompute the chain, optionally
    append a restore entry naming a backup that does not exist. Returns the changed entry's id."""
    con = sqlite3.connect(ctx.db_path)
    rid, after = con.execute("select id, after_json from audit_log where entity = 'projects' and action = 'create'"
                             " order by id limit 1").fetchone()
    d = json.loads(after)
    d["requested_fen"] += 10_000_000
    con.execute("update audit_log set after_json = ? where id = ?", (canonical(d), rid))
    con.execute("update projects set requested_fen = ? where id = ?", (d["requested_fen"], d["id"]))
    if fake_restore:
        last = con.execute("select max(id), max(at) from audit_log").fetchone()
        con.execute("insert into audit_log(id, at, username, action, entity, entity_id, before_json, after_json,"
                    " prev_hash, hash) values (?, ?, 'system', 'restore', 'database', 'x.db', '', ?, '', '')",
                    (last[0] + 1, last[1], canonical({"from": "x.db", "safety_copy": ""})))
    _rechain(con)
    con.commit()
    con.close()
    return int(rid)


@pytest.mark.parametrize("fake_restore", [False, True])
def test_a_rewritten_chain_names_the_first_changed_entry_even_behind_a_forged_restore(ctx, clerk, sample,
                                                                                     fake_restore):
    for n in range(3):
        ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], f"后续项目{n}"))
    _no_backups(ctx)
    backup_database(ctx.db_path, reason="manual")
    changed = _forge(ctx, fake_restore)
    report = ctx.services.audit.verify(SYSTEM)
    assert not report.ok
    assert report.first_broken_id == changed, report.message
    assert f"第 {changed} 条记录与备份" in report.message and "审计链被改写" in report.message
    if fake_restore:
        assert "“恢复备份”记录无法与其备份核对" in report.message and "x.db" in report.message


def test_a_restore_whose_backup_was_removed_later_still_verifies(ctx, clerk, sample):
    """A genuine restore of an older backup: once that backup is rotated away, the backups made before the
    restore still agree with the entries before it, so nothing is reported."""
    from sti_desk.cli import main

    _no_backups(ctx)
    old = backup_database(ctx.db_path, reason="manual")
    ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], "恢复前新增的项目"))
    backup_database(ctx.db_path, reason="manual")
    ctx.close()
    assert main(["--db", str(ctx.db_path), "restore", str(old), "--yes"]) == 0
    old.unlink()
    again = open_app(ctx.db_path)
    try:
        report = again.services.audit.verify(SYSTEM)
        assert report.ok, report.message
    finally:
        again.close()
