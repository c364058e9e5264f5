"""The cheap migration-head scan (no Alembic import at start-up) agrees with Alembic's ScriptDirectory."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sti_desk.db import migrate


def test_scan_agrees_with_alembic():  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head() == migrate.alembic_head_revision()
    graph = migrate.scan_revisions()
    assert set(graph) == {rev.revision for rev in script.walk_revisions()}
    for rev in script.walk_revisions():
        assert graph[rev.revision] == tuple(rev._normalized_down_revisions)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    (folder / "versions" / name).write_text(text, encoding="utf-8")


HEADER = '"""a revision\n\nRevision ID: x\nRevises: y\n"""\nfrom typing import Union\n\nfrom alembic import op\n\n'


def test_parser_reads_the_forms_alembic_writes(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _write(tmp_path, "a.py", HEADER + "revision = 'a'\ndown_revision = None\n")
    _write(tmp_path, "b.py", HEADER + 'revision: str = "b"\ndown_revision: Union[str, None] = "a"  # parent\n')
    _write(tmp_path, "c.py", HEADER + 'revision = "c"\ndown_revision = "a"\n')
    _write(tmp_path, "d.py", HEADER + 'revision = "d"\ndown_revision = (\n    "b",\n    "c",\n)\n')  # a merge
    _write(tmp_path, "__init__.py", "")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: tmp_path)
    assert migrate.scan_revisions() == {"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c")}
    assert migrate.head_revision() == "d"
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(migrate.alembic_config()).get_heads() == ["d"]


def test_a_script_without_revision_is_refused(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _write(tmp_path, "a.py", "revision = 'a'\ndown_revision = None\n")
    _write(tmp_path, "helper.py", "VALUE = 1\n")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: tmp_path)
    with pytest.raises(RuntimeError, match="helper.py"):
        migrate.head_revision()


def test_two_heads_are_refused(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _write(tmp_path, "a.py", "revision = 'a'\ndown_revision = None\n")
    _write(tmp_path, "b.py", "revision = 'b'\ndown_revision = 'a'\n")
    _write(tmp_path, "c.py", "revision = 'c'\ndown_revision = 'a'\n")
    monkeypatch.setattr(migrate, "migrations_dir", lambda: tmp_path)
    with pytest.raises(RuntimeError, match="2 heads"):
        migrate.head_revision()


def test_current_revision_with_plain_sqlite(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "x.db"
    assert migrate.current_revision(db) is None and not db.exists()  # (not created by asking)
    con = sqlite3.connect(db)
    con.execute("create table t (x)")
    con.commit()
    assert migrate.current_revision(db) is None  # not stamped
    con.execute("create table alembic_version (version_num varchar(32) not null primary key)")
    con.execute("insert into alembic_version values ('0002_review')")
    con.commit()
    con.close()
    assert migrate.current_revision(db) == "0002_review"


def test_opening_an_up_to_date_database_imports_no_alembic_nor_excel_libraries(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "up.db"
    migrate.upgrade(db)
    code = ("import sys\nfrom sti_desk.bootstrap import open_app\n"
            f"ctx = open_app({str(db)!r}, backup_daily=False)\nctx.services.auth.has_users()\n"
            "ctx.services.projects\nctx.close()\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'alembic', 'mako', 'openpyxl', 'python_calamine', 'reportlab'}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_services_import_excel_libraries_only_when_used():  # type: ignore[no-untyped-def]
    code = ("import sys\nimport sti_desk.bootstrap, sti_desk.services.intake, sti_desk.services.review, "
            "sti_desk.services.intake_export, sti_desk.io\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'python_calamine', 'reportlab'}))\n"
            "from sti_desk.io import export_table\n"
            "print('openpyxl' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "True"], out.stdout + out.stderr
