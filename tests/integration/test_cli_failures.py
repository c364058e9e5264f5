"""When the computer stops a command (a file in the way, a locked database, a read-only disk) the CLI says
so in Chinese and exits 1 — no Python traceback unless STI_DESK_DEBUG=1 asks for one."""
from __future__ import annotations

import errno
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from sti_desk.bootstrap import open_app
from sti_desk.cli import main
from sti_desk.cli.failures import explain_failure
from sti_desk.domain.errors import DomainError


def test_a_file_where_a_folder_should_be_is_explained_not_a_traceback(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STI_DESK_DEBUG", raising=False)
    (tmp_path / "项目").write_text("不是文件夹")
    assert main(["--db", str(tmp_path / "项目" / "x.db"), "init", "--admin-password", "abc12345x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "不是文件夹" in err and "请检查路径" in err
    assert "Traceback" not in err and "技术信息：FileExistsError" in err


def test_sti_desk_debug_shows_the_traceback(tmp_path, monkeypatch):
    (tmp_path / "项目").write_text("")
    monkeypatch.setenv("STI_DESK_DEBUG", "1")
    with pytest.raises(FileExistsError):
        main(["--db", str(tmp_path / "项目" / "x.db"), "init", "--admin-password", "abc12345x"])


def test_a_locked_database_from_sqlalchemy_is_explained(tmp_path, capsys, monkeypatch):
    import sti_desk.bootstrap as bootstrap

    def locked(_path):  # what alembic raises when another program holds the write lock
        raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    open_app(tmp_path / "x.db").close()
    monkeypatch.setattr(bootstrap, "upgrade", locked)
    assert main(["--db", str(tmp_path / "x.db"), "migrate"]) == 1
    err = capsys.readouterr().err
    assert "另一个程序使用（已锁定）" in err and "稍后重试" in err
    assert "（技术信息：OperationalError: database is locked）" in err and "sqlalche.me" not in err


def test_a_bug_is_not_disguised(tmp_path, monkeypatch):
    import sti_desk.bootstrap as bootstrap

    def bug(_path):
        raise KeyError("bug")

    open_app(tmp_path / "x.db").close()
    monkeypatch.setattr(bootstrap, "upgrade", bug)
    with pytest.raises(KeyError):
        main(["--db", str(tmp_path / "x.db"), "migrate"])


@pytest.mark.parametrize(("exc", "words"), [
    (OSError(errno.EROFS, "Read-only file system", "/mnt/u/backups"), ["“/mnt/u/backups”", "只读", "可写的文件夹"]),
    (OSError(errno.ENOSPC, "No space left on device", "/d/x.db"), ["磁盘空间已满", "清理磁盘"]),
    (OSError(errno.EISDIR, "Is a directory", "/d"), ["是文件夹", "完整路径"]),
    (OSError(errno.EACCES, "Permission denied", "/d/x.db"), ["没有权限", "权限"]),
    (sqlite3.OperationalError("unable to open database file"), ["无法打开数据库文件", "只读"]),
    (sqlite3.OperationalError("attempt to write a readonly database"), ["只读", "可写的文件夹"]),
    (sqlite3.OperationalError("database or disk is full"), ["磁盘空间已满"]),
    (OperationalError("x", {}, sqlite3.OperationalError("disk I/O error")), ["磁盘出错"]),
])
def test_each_failure_says_what_failed_and_what_to_do(exc, words):
    text = explain_failure(exc)
    first, tail = text.split("\n")
    assert first.startswith("错误：") and all(w in first for w in words), first
    assert tail.startswith("（技术信息：") and len(tail) < 200


def test_read_only_commands_do_not_wait_for_another_programs_write(ctx, monkeypatch, capsys):
    """Opening the database used to take the write lock (seeding the policy) on every start."""
    import sti_desk.db.engine as engine

    path = ctx.db_path
    ctx.close()
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 3000)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET id = id WHERE 0")
    try:
        started = time.monotonic()
        opened = open_app(path, create=False, backup_daily=False)
        opened.close()
        assert main(["--db", str(path), "audit", "verify"]) == 0
        assert time.monotonic() - started < 2.5
    finally:
        other.rollback()
        other.close()
    assert "哈希链校验通过" in capsys.readouterr().out


def _policy_versions(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT COUNT(*) FROM policy_versions").fetchone()[0]


def test_a_new_database_gets_its_first_policy_version_once(tmp_path):
    for _ in range(2):
        open_app(tmp_path / "new.db").close()
    assert _policy_versions(tmp_path / "new.db") == 1


def test_a_unc_path_is_refused_before_it_is_resolved(tmp_path):
    """On POSIX ``resolve()`` turns //server/share into /server/share: the check must see the path as typed."""
    with pytest.raises(DomainError) as refused:
        open_app(Path("//fileserver/科技局/项目.db"), create=False)
    message = str(refused.value)
    assert "网络共享" in message and "复制到本机磁盘" in message and "备份文件" in message
    assert "PostgreSQL" not in message


def test_a_folder_given_as_the_database_is_named(tmp_path, capsys):
    (tmp_path / "项目.db").mkdir()
    assert main(["--db", str(tmp_path / "项目.db"), "audit", "verify"]) == 2
    assert "是文件夹，不是数据库文件" in capsys.readouterr().err
