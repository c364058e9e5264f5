"""Backup, restore and init on real SQLite files when things are not fine: a broken live database, a backup
from a newer program, a database in use, a damaged source, a read-only folder, an existing --out file,
a foreign SQLite file given to init."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sti_desk.bootstrap import open_app
from sti_desk.cli import main
from sti_desk.db.backup import backup_database, check_integrity, list_backups, restore_database
from sti_desk.domain.errors import DomainError
from sti_desk.services.actor import SYSTEM

from .conftest import project_input

SQLITE_ENGLISH = ("malformed", "not a database", "unable to open", "disk image")


def _titles(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("select title from projects order by id")]
    finally:
        con.close()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _chinese_only(text: str) -> None:
    """SQLite's English may appear only inside the 技术信息 tail."""
    head = text.split("技术信息")[0].lower()
    assert not any(w in head for w in SQLITE_ENGLISH), text


@pytest.fixture
def good_backup(ctx, clerk, sample):
    backup = backup_database(ctx.db_path, reason="manual")
    ctx.services.projects.create_project(clerk, project_input(sample["call"], sample["unit"], "备份后新增的项目"))
    return backup


@pytest.mark.parametrize("breakage", ["truncated", "garbage"])
def test_restore_repairs_a_broken_live_database_and_keeps_it_for_salvage(ctx, good_backup, capsys, breakage):
    db = ctx.db_path
    ctx.close()
    if breakage == "truncated":
        with open(db, "r+b") as f:
            f.truncate(db.stat().st_size // 3)
    else:
        db.write_bytes(os.urandom(60_000))
    broken = db.read_bytes()
    assert not check_integrity(db).ok
    code, out, err = _run(capsys, "--db", str(db), "restore", str(good_backup), "--yes")
    assert code == 0, err
    assert check_integrity(db).ok and _titles(db) == ["基于深度学习的茶叶病害识别系统研发"]
    kept = sorted(db.parent.glob(f"{db.name}.damaged-*"))
    assert kept and kept[0].read_bytes() == broken  # moved aside as it was
    assert "原数据库文件已损坏" in out and str(kept[0]) in out and "抢救" in out
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]
    again = open_app(db)
    try:
        assert again.services.audit.verify(SYSTEM).ok
    finally:
        again.close()


def test_restore_of_a_healthy_database_keeps_a_pre_restore_backup(ctx, good_backup, capsys):
    db = ctx.db_path
    ctx.close()
    code, out, _ = _run(capsys, "--db", str(db), "restore", str(good_backup), "--yes")
    assert code == 0
    safety = [p for p in list_backups(db) if p.stem.endswith("-pre-restore")]
    assert len(safety) == 1 and "备份后新增的项目" in _titles(safety[0])
    assert f"恢复前的数据库已备份到：{safety[0]}" in out
    assert _titles(db) == ["基于深度学习的茶叶病害识别系统研发"]
    assert not list(db.parent.glob("*.damaged-*"))


def test_a_newer_backup_is_refused_before_anything_is_touched(ctx, good_backup, capsys, tmp_path):
    db = ctx.db_path
    ctx.close()
    future = tmp_path / "future.db"
    shutil.copy(good_backup, future)
    con = sqlite3.connect(future)
    con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()
    before = db.read_bytes()
    backups_before = list_backups(db)
    code, _, err = _run(capsys, "--db", str(db), "restore", str(future), "--yes")
    assert code == 2 and "比本程序新" in err and "未恢复" in err
    assert db.read_bytes() == before and list_backups(db) == backups_before


def test_restore_to_a_network_share_is_refused_before_writing(ctx, good_backup, monkeypatch):
    import sti_desk.bootstrap as bootstrap

    db = ctx.db_path
    ctx.close()
    before = db.read_bytes()
    monkeypatch.setattr(bootstrap, "is_network_path", lambda p: True)
    with pytest.raises(DomainError, match="网络共享"):
        restore_database(good_backup, db)
    assert db.read_bytes() == before and not [p for p in list_backups(db) if "pre-restore" in p.name]


def test_restore_while_the_program_has_the_database_open_is_refused_quickly(ctx, good_backup):
    ctx.services.projects.list_projects(ctx.services.auth.login("clerk", "clerk1234"))  # an idle open app
    before = ctx.db_path.read_bytes()
    started = time.monotonic()
    with pytest.raises(DomainError, match="数据库正在被使用（STI Desk 或其他程序打开着它），请先关闭后再恢复"):
        restore_database(good_backup, ctx.db_path)
    assert time.monotonic() - started < 8
    assert ctx.db_path.read_bytes() == before
    assert not [p for p in list_backups(ctx.db_path) if "pre-restore" in p.name]


def test_restore_while_another_process_holds_a_transaction_is_refused_quickly(ctx, good_backup, capsys):
    db = ctx.db_path
    ctx.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE'); c.execute('delete from alembic_version where 0')\n"
         "print('ready', flush=True); time.sleep(60)\n"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        code, _, err = _run(capsys, "--db", str(db), "restore", str(good_backup), "--yes")
        assert time.monotonic() - started < 8
        assert code == 2 and "数据库正在被使用" in err and "请先关闭后再恢复" in err
    finally:
        holder.kill()
        holder.wait()
    assert "备份后新增的项目" in _titles(db)


def test_restore_of_a_missing_file_says_so(ctx, capsys, tmp_path):
    ctx.close()
    code, _, err = _run(capsys, "--db", str(ctx.db_path), "restore", str(tmp_path / "nonexist.db"), "--yes")
    assert code == 2 and "备份文件不存在" in err


@pytest.mark.edits_database_by_hand
def test_backup_of_a_damaged_database_leaves_no_file_and_says_it_is_damaged(ctx, capsys):
    db = ctx.db_path
    ctx.close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    db.write_bytes(bytes(data))
    before = list_backups(db)
    code, _, err = _run(capsys, "--db", str(db), "backup")
    assert code == 2 and "已损坏" in err
    _chinese_only(err)
    assert list_backups(db) == before
    assert not [p for p in (db.parent / "backups").iterdir() if p.name not in {b.name for b in before}]
    with open(db, "r+b") as f:  # a truncated file: the online backup copies what is there without error
        f.truncate(200_000)
    code, _, err = _run(capsys, "--db", str(db), "backup", "--out", str(db.parent / "copy.db"))
    assert code == 2 and "已损坏" in err and not (db.parent / "copy.db").exists()


def test_backup_out_refuses_an_existing_file_unless_forced(ctx, capsys, tmp_path):
    other = tmp_path / "other-office.db"
    other.write_bytes(b"another office's data")
    ctx.close()
    code, _, err = _run(capsys, "--db", str(ctx.db_path), "backup", "--out", str(other))
    assert code == 2 and "已存在" in err and "--force" in err
    assert other.read_bytes() == b"another office's data"
    code, out, _ = _run(capsys, "--db", str(ctx.db_path), "backup", "--out", str(other), "--force")
    assert code == 0 and check_integrity(other).ok


@pytest.fixture
def shared_folder():
    """A folder the unprivileged user ``nobody`` can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="sti-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _as_unprivileged(code: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("no unprivileged user to run as")
        kwargs = {"user": "nobody", "group": "nogroup" if _has_group("nogroup") else None}
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
    else:
        kwargs = {}
    # (the test's own interpreter may live in root's private home: use the system one on our packages)
    python = sys.executable if not kwargs else shutil.which("python3", path="/usr/bin:/usr/local/bin")
    if python is None:
        pytest.skip("no interpreter the unprivileged user can run")
    root = Path(__file__).resolve().parents[2]
    site = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": os.pathsep.join([str(root / "src"), *site])}
    return subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, **kwargs)


def _has_group(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def test_a_healthy_database_in_a_read_only_folder_is_not_called_damaged(ctx, shared_folder):
    ctx.close()
    db = shared_folder / "sti.db"
    shutil.copy(ctx.db_path, db)  # a WAL database: reading it needs a -shm file beside it
    con = sqlite3.connect(db)
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()
    db.chmod(0o644)
    shared_folder.chmod(0o555)
    r = _as_unprivileged(
        "from pathlib import Path\nfrom sti_desk.db.backup import check_integrity\n"
        f"r = check_integrity(Path({str(db)!r}))\nprint(r.ok, r.problem)\nprint(r.message)\n")
    assert r.returncode == 0, r.stderr
    first, message = r.stdout.splitlines()[:2]
    assert first == "False unopenable"
    assert "无法打开数据库文件" in message and "只读" in message and "损坏" not in message.replace("未必损坏", "")
    _chinese_only(message)
    r = _as_unprivileged(  # a restore into it is refused in Chinese, with nothing changed
        "import sys\nfrom sti_desk.cli import main\n"
        f"sys.exit(main(['--db', {str(db)!r}, 'backup']))\n")
    assert r.returncode != 0 and "Traceback" not in r.stderr and "错误：" in r.stderr
    _chinese_only(r.stderr)


def test_a_folder_or_missing_file_is_not_called_damaged(tmp_path):
    folder_report = check_integrity(tmp_path)
    assert folder_report.problem == "unopenable" and "损坏" not in folder_report.message.replace("未必损坏", "")
    missing = check_integrity(tmp_path / "none.db")
    assert missing.problem == "missing" and "不存在" in missing.message
    garbage = tmp_path / "g.db"
    garbage.write_bytes(b"x" * 5000)
    damaged = check_integrity(garbage)
    assert damaged.problem == "damaged" and "已损坏" in damaged.message
    _chinese_only(damaged.message)


def test_init_checks_every_argument_before_creating_anything(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STI_DESK_ADMIN_PASSWORD", raising=False)
    db = tmp_path / "new.db"
    code, _, err = _run(capsys, "--db", str(db), "init")
    assert code == 2 and "管理员密码" in err and not db.exists()
    code, _, err = _run(capsys, "--db", str(db), "init", "--admin-user", "  ", "--admin-password", "abc12345")
    assert code == 2 and "用户名不能为空" in err and not db.exists()
    code, _, err = _run(capsys, "--db", str(db), "init", "--admin-password", "short")
    assert code == 2 and not db.exists()
    assert not (tmp_path / "backups").exists()


def test_init_refuses_an_sqlite_file_of_another_program(tmp_path, capsys):
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("create table invoices(id integer primary key, amount text)")
    con.execute("insert into invoices(amount) values ('12.30')")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    code, _, err = _run(capsys, "--db", str(foreign), "init", "--admin-password", "abc12345")
    assert code == 2 and "不是 STI Desk 的数据库" in err and "invoices" in err
    assert foreign.read_bytes() == before and not (tmp_path / "backups").exists()


def test_init_with_a_new_admin_on_a_database_with_users_is_refused(tmp_path, capsys):
    db = tmp_path / "sti.db"
    assert _run(capsys, "--db", str(db), "init", "--admin-password", "abc12345")[0] == 0
    before = db.read_bytes()
    code, _, err = _run(capsys, "--db", str(db), "init", "--admin-user", "bob", "--admin-password", "abc12345")
    assert code == 2 and "已有用户" in err and "bob" in err and "user add" in err
    assert db.read_bytes() == before
    code, out, _ = _run(capsys, "--db", str(db), "init")  # re-running init to upgrade stays fine
    assert code == 0 and "已有用户，未创建管理员" in out


def test_a_restore_by_an_account_the_backup_does_not_have_is_recorded_as_system(ctx, admin):
    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor

    newcomer = Actor(9_999, "newadmin", "新管理员", Role.ADMIN)  # created after the backup was made
    backup = backup_database(ctx.db_path, reason="manual")
    ctx.services.backups.record_restore(newcomer, backup, None)
    con = sqlite3.connect(ctx.db_path)
    try:
        rows = con.execute("SELECT username FROM audit_log WHERE action = 'restore'").fetchall()
    finally:
        con.close()
    assert rows == [(SYSTEM.username,)]
    assert ctx.services.audit.verify(admin).ok
