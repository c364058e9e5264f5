"""Screenshots of the intake GUI for docs/screenshots (not a test).

    xvfb-run -a -s "-screen 0 1366x768x24" uv run python -m tests.ui.intake.screenshots

Builds a demo database (``sti-desk demo``) in a temporary folder, logs in as the demo clerk, runs 形式审查
on the current call, selects a project with a failed check, and opens the import wizard on a file with
problems. Writes docs/screenshots/intake-screening.png and docs/screenshots/intake-wizard.png.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "docs" / "screenshots"


def wait(app, predicate, timeout_ms: int = 20000) -> None:  # type: ignore[no-untyped-def]
    """Let the event loop run until ``predicate()`` (few Qt calls: see the report on PySide6 6.12)."""
    from PySide6.QtTest import QTest

    waited = 0
    while not predicate():
        QTest.qWait(50)
        waited += 50
        if waited > timeout_ms:
            raise TimeoutError("等待超时")


def settle(app, ms: int = 400) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="sti-shots-"))
    os.environ["STI_DESK_HOME"] = str(tmp)
    os.environ["STI_DESK_SETTINGS"] = str(tmp / "settings.ini")
    db = tmp / "demo.db"
    subprocess.run([sys.executable, "-c", "import sys; from sti_desk.cli import main; sys.exit(main())",
                    "--db", str(db), "demo"], check=True, stdout=subprocess.DEVNULL)

    from sti_desk.bootstrap import open_app
    from sti_desk.ui import messages
    from sti_desk.ui.app import create_application
    from sti_desk.ui.intake.screening_model import AUTO_FAIL
    from sti_desk.ui.main_window import MainWindow

    from .support import application_rows, write_applications

    ctx = open_app(db, backup_daily=False)
    actor = ctx.services.auth.login("clerk", "clerk1234")
    app = create_application([])
    messages.confirm = lambda *a, **k: True  # type: ignore[assignment]
    window = MainWindow(ctx.services, actor, db_path=db, start_page="intake")
    window.resize(1366, 768)
    window.move(0, 0)
    window.show()
    page = window.current_page()
    wait(app, lambda: page.load_handle.done)
    handle = page.run_screening()
    if handle is not None:
        wait(app, lambda: handle.done)
        wait(app, lambda: page.load_handle.done)
    items = page.model.items
    failing = [i for i in items if i.auto_label == AUTO_FAIL and i.can_decide]
    failing.sort(key=lambda i: -len(i.outcome.failures))
    target = failing[0] if failing else items[0]
    page.select_project(target.project_id)
    settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "intake-screening.png"))

    call = page.current_call()
    rows = application_rows(call.name, 12, seq=300)
    good = str(rows[3][5])
    rows[3][5] = good[:-1] + ("1" if good[-1] != "1" else "2")
    rows[7][4] = None
    rows[9][9] = "三十万"
    path = write_applications(tmp / "2026年成果转化项目申报汇总.xlsx", rows)
    wizard = page.open_import()
    wizard.choose_page.path_edit.setText(str(path))
    wizard.next()
    wait(app, lambda: wizard.preview_page.handle.done)
    settle(app)
    wizard.grab().save(str(OUT / "intake-wizard.png"))
    wizard.preview_page.tabs.setCurrentIndex(1)
    settle(app)
    wizard.grab().save(str(tmp / "intake-wizard-rows.png"))
    print(f"screenshots in {OUT}; extra in {tmp}")
    window.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
