"""The docs' screenshots of the real application window, taken from the X screen (not widget.grab()).

    xvfb-run -a -s "-screen 0 1366x768x24" uv run python scripts/screenshot_main_window.py

Builds the demo database in a temporary folder, starts ``sti-desk --db <demo>`` through the real entry
point (login window, database opened in the background, the clerk logged in through the documented
``login_as`` hook), shows the window maximised on the 1366×768 virtual screen and grabs the whole screen
once the page has loaded: docs/screenshots/main-window.png (项目库) and docs/screenshots/dashboard.png
(工作台). Needs a real X display (Xvfb): on the offscreen platform there is no screen to grab.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PAGES = {"projects": "main-window.png", "dashboard": "dashboard.png"}


def shoot(db: Path, page: str, target: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from sti_desk.cli import main

    def observer(stage: str, widget: object) -> None:
        if stage != "main":
            return
        # The app shows itself maximised on a 1366×768 screen; Xvfb has no window manager to do the
        # maximising, so the script gives the window the whole screen as one would.
        widget.setGeometry(QGuiApplication.primaryScreen().availableGeometry())  # type: ignore[attr-defined]

        def grab_when_loaded(tries: int = 0) -> None:
            current = widget.current_page()  # type: ignore[attr-defined]
            handle = getattr(current, "load_handle", None)
            if tries < 100 and handle is not None and not handle.done:
                QTimer.singleShot(100, lambda: grab_when_loaded(tries + 1))
                return
            QTimer.singleShot(500, lambda: (QGuiApplication.primaryScreen().grabWindow(0).save(str(target)),
                                            widget.close()))  # type: ignore[attr-defined]
        grab_when_loaded()

    return main(["--db", str(db)], login_as=("clerk", "clerk1234"), start_page=page, observer=observer)


def main() -> int:
    if os.environ.get("QT_QPA_PLATFORM", "xcb") == "offscreen" or not os.environ.get("DISPLAY"):
        raise SystemExit("需要 X 显示（请用 xvfb-run 运行本脚本）")
    if len(sys.argv) == 4:  # child: one page per process, as a clerk starts the program
        return shoot(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        env = {**os.environ, "STI_DESK_HOME": tmp, "STI_DESK_SETTINGS": str(Path(tmp) / "settings.ini")}
        run = [sys.executable, "-c", "import sys; from sti_desk.cli import main; sys.exit(main())", "--db", str(db)]
        subprocess.run([*run, "init", "--admin-password", "admin123"], check=True, env=env)
        subprocess.run([*run, "demo"], check=True, env=env)
        for page, name in PAGES.items():
            subprocess.run([sys.executable, __file__, str(db), page, str(OUT / name)], check=True, env=env)
            print(f"已保存 {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
