"""Start the GUI: Chinese Qt setup, login, main window.

``sti-desk`` without a subcommand goes through :func:`sti_desk.ui.startup.start_gui` (login window first,
database opened behind it). ``run_gui(ctx)`` runs the GUI over an already opened context. Two keyword-only
hooks serve tests and benchmarks: ``actor`` skips the login dialog (log in programmatically with
``ctx.services.auth.login``), ``start_page`` opens a given page (e.g. ``"projects"``).
"""
from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from ..services.actor import Actor
from . import gc_pump, messages
from .login import APP_TITLE, LoginDialog
from .settings import ORGANIZATION

if TYPE_CHECKING:
    from ..bootstrap import AppContext

#: CJK-capable UI fonts, best first (Windows, macOS, Linux); the first installed ones are used.
CJK_FONT_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
                     "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", "SimSun")


def install_chinese_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own zh_CN catalogue so standard dialogs and context menus read in Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(translator)
            break  # qt_zh_CN is a meta catalogue that includes qtbase
    return loaded


def apply_chinese_font(app: QApplication) -> list[str]:
    installed = set(QFontDatabase.families())
    families = [f for f in CJK_FONT_FAMILIES if f in installed]
    if families:
        font = app.font()
        font.setFamilies([*families, font.family()])
        app.setFont(font)
    return families


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with name, organisation, Chinese translations, font and style (idempotent)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    if not app.property("stiConfigured"):
        app.setApplicationName(APP_TITLE)
        app.setOrganizationName(ORGANIZATION)
        app.setProperty("stiTranslators", len(install_chinese_translations(app)))
        apply_chinese_font(app)  # (no app-wide style sheet: see sti_desk.ui.theme)
        app.setProperty("stiConfigured", True)
    gc_pump.install(app)  # collections only on this thread, from the event loop
    return app


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    traceback.print_exception(kind, exc, tb)
    try:
        messages.show_exception(QApplication.activeWindow(), exc, "发生意外错误")
    except Exception:  # noqa: BLE001 - never fail inside the hook
        pass


def login(ctx: AppContext, demo_hint: str | None = None) -> Actor | None:
    dialog = LoginDialog(ctx.services, db_path=ctx.db_path, demo_hint=demo_hint)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


#: ``observer(stage, widget)``: told "login" / "first_run" / "main" just before that window is shown.
Observer = Callable[[str, Any], None]


def run_windows(app: QApplication, services: Any, db_path: Path | None, actor: Actor | None,
                start_page: str | None, relogin: Callable[[], Actor | None],
                observer: Observer | None = None) -> int:
    """The main window for ``actor`` (``relogin()`` first when None); 切换用户 loops back to ``relogin``."""
    from .main_window import MainWindow  # (imported after the login is shown; preloaded by the backend)

    while True:
        app.setQuitOnLastWindowClosed(False)
        if actor is None:
            actor = relogin()
            if actor is None:
                return 0
        window = MainWindow(services, actor, db_path=db_path, start_page=start_page)
        if observer is not None:
            observer("main", window)
        window.show_initial()
        app.setQuitOnLastWindowClosed(True)
        code = app.exec()
        if not window.logout_requested:
            return code
        window.deleteLater()
        actor, start_page = None, None


def run_gui(ctx: AppContext, *, demo_hint: str | None = None, actor: Actor | None = None,
            start_page: str | None = None) -> int:
    """Show the login dialog, then the main window; returns the exit code. 切换用户 loops back to login."""
    app = create_application()
    sys.excepthook = _excepthook
    return run_windows(app, ctx.services, ctx.db_path, actor, start_page, lambda: login(ctx, demo_hint))
