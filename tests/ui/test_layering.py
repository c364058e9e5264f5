"""The GUI talks to services only: no SQLAlchemy, no sti_desk.db anywhere under sti_desk/ui."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import sti_desk.ui

UI_DIR = Path(sti_desk.ui.__file__).parent
FORBIDDEN = re.compile(r"^\s*(from|import)\s+(sqlalchemy|alembic|sti_desk\.db\b|\.\.+db\b)", re.MULTILINE)

SHELL_MODULES = ["sti_desk.ui.app", "sti_desk.ui.main_window", "sti_desk.ui.login", "sti_desk.ui.tasks",
                 "sti_desk.ui.pages.projects", "sti_desk.ui.pages.units", "sti_desk.ui.pages.dashboard",
                 "sti_desk.ui.pages.placeholder", "sti_desk.ui.detail.dialog", "sti_desk.ui.forms.project_edit",
                 "sti_desk.ui.forms.unit_edit"]


def test_no_database_imports_in_ui_sources():  # type: ignore[no-untyped-def]
    offenders = [f"{path.relative_to(UI_DIR)}: {m.group(0).strip()}"
                 for path in sorted(UI_DIR.rglob("*.py")) for m in FORBIDDEN.finditer(path.read_text("utf-8"))]
    assert not offenders, "界面层不得直接访问数据库：\n" + "\n".join(offenders)


def test_shell_imports_without_sqlalchemy():  # type: ignore[no-untyped-def]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in SHELL_MODULES) +
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic') "
            "or m.startswith('sti_desk.db'))\nprint(bad)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
