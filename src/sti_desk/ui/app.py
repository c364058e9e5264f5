"""Start the GUI: Chinese Qt setup, login, main window.

``sti-desk`` without a subcommand goes through :func:`sti_desk.ui.startup.start_gui` (login window first,
database opened behind it). ``run_gui(ctx)`` runs the GUI over an already opened context. Two keyword-only
hooks serve tests and benchmarks: ``actor`` skips the login dialog (log in programmatically with
``ctx.services.auth.login``), ``start_page`` opens a given page (e.g. ``"projects"``).

恢复备份 (:func:`request_restore`, from 系统管理 › 备份) ends the main window like 切换用户; the loop then closes
the database, replaces the file (:func:`run_restore`, on a worker behind a busy dialog), opens it again,
audits the restore and shows the login window with what was restored — or the error, the data unchanged.
"""
from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QWidget

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


def show_notice(dialog: LoginDialog, notice: str | None) -> None:
    """Put what just happened (a restore, or why it failed) in the login dialog's hint box."""
    if notice:
        dialog.hint_label.setText(notice)
        dialog.hint_label.setVisible(True)


# -- 恢复备份 -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreRequest:
    """Restore ``backup`` (made at ``made_at``, shown as text) into the open database, for ``actor``."""

    backup: Path
    made_at: str
    actor: Actor


@dataclass
class RestoreOutcome:
    context: Any                       # the database opened again (None: it could not be opened at all)
    safety: Path | None = None         # the copy of the database as it was before
    error: BaseException | None = None  # why nothing was restored (the database is as it was)

    def notice(self, request: RestoreRequest) -> str:
        if self.error is not None:
            return f"未能恢复备份：{messages.describe(self.error)}\n数据库保持原样，请重新登录。"
        safety = f"恢复前的数据库已另存为：{self.safety}。" if self.safety else ""
        return (f"已用 {request.made_at} 的备份恢复数据库（{request.backup.name}）。{safety}"
                "请重新登录。")


def request_restore(widget: QWidget, request: RestoreRequest) -> None:
    """Ask the main window holding ``widget`` to close for a restore (the run loop does the rest)."""
    window = widget.window()
    window.restore_request = request  # type: ignore[attr-defined]
    logout = getattr(window, "logout", None)
    (logout or window.close)()


def run_restore(request: RestoreRequest, db_path: Path, close: Callable[[], None],
                reopen: Callable[[], Any]) -> RestoreOutcome:
    """``close()`` the open database, replace it with the backup, ``reopen()`` it and audit the restore.

    Runs on a worker thread behind a busy dialog (a large file takes a while); the UI thread waits in an
    event loop. A refused or failed restore leaves the file as it was and opens it again — on the worker
    too (opening checks the whole file's integrity)."""
    from ..services.restore import restore_backup
    from .tasks import CancelToken, ProgressFn, TaskRunner

    def reopened(error: BaseException) -> RestoreOutcome:
        try:
            return RestoreOutcome(reopen(), error=error)
        except Exception:  # noqa: BLE001 - nothing can be opened: the caller ends the program
            return RestoreOutcome(None, error=error)

    def attempt(progress: ProgressFn) -> RestoreOutcome:
        progress(0, 0, "正在关闭数据库…")
        close()
        try:
            progress(0, 0, f"正在恢复备份 {request.backup.name}…")
            safety = restore_backup(request.actor, request.backup, db_path)
        except Exception as exc:  # noqa: BLE001 - shown in the login window; the file is unchanged
            return reopened(exc)
        progress(0, 0, "正在重新打开数据库…")
        try:
            context = reopen()
        except Exception as exc:  # noqa: BLE001 - the restored file does not open: put the data back
            if safety is None:
                return RestoreOutcome(None, error=exc)
            restore_backup(request.actor, safety, db_path)
            return reopened(exc)
        context.services.backups.record_restore(request.actor, request.backup, safety)
        return RestoreOutcome(context, safety)

    def work(progress: ProgressFn, cancel: CancelToken) -> RestoreOutcome:
        try:
            return attempt(progress)
        except Exception as exc:  # noqa: BLE001 - closing or putting the data back failed: open what is there
            return reopened(exc)

    runner = TaskRunner()
    handle = runner.run(work, title="正在恢复备份，请勿关闭程序…", cancellable=False, progress_delay_ms=300,
                        on_failure=lambda exc: None)
    if not handle.done:
        loop = QEventLoop()
        handle.finished.connect(loop.quit)
        loop.exec()
    if handle.error is not None:  # (not an Exception: nothing is opened again)
        return RestoreOutcome(None, error=handle.error)
    outcome: RestoreOutcome = handle.result
    return outcome


#: ``observer(stage, widget)``: told "login" / "first_run" / "main" just before that window is shown.
Observer = Callable[[str, Any], None]
#: ``relogin(services, notice)``: the login window over ``services``, ``notice`` shown in it (or None).
Relogin = Callable[[Any, "str | None"], "Actor | None"]
#: ``restore(request)``: close, restore, reopen; returns the services opened again (None: could not) and
#: the notice for the login window.
Restorer = Callable[[RestoreRequest], "tuple[Any, str]"]

RESTORE_UNAVAILABLE = "此窗口不支持恢复备份，请关闭程序后在命令行运行 sti-desk --db 数据库文件 restore 备份文件。"


def run_windows(app: QApplication, services: Any, db_path: Path | None, actor: Actor | None,
                start_page: str | None, relogin: Relogin, observer: Observer | None = None,
                restore: Restorer | None = None) -> int:
    """The main window for ``actor`` (``relogin()`` first when None); 切换用户 loops back to ``relogin``,
    恢复备份 to ``restore`` and then ``relogin``."""
    from .main_window import MainWindow  # (imported after the login is shown; preloaded by the backend)

    notice: str | None = None
    while True:
        app.setQuitOnLastWindowClosed(False)
        if actor is None:
            actor = relogin(services, notice)
            notice = None
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
        request: RestoreRequest | None = getattr(window, "restore_request", None)
        window.deleteLater()
        actor, start_page = None, None
        if request is not None:
            if restore is None:
                notice = RESTORE_UNAVAILABLE
                continue
            services, notice = restore(request)
            if services is None:
                messages.error(None, notice + "\n\n程序将退出。", "无法打开数据库")
                return 1


def run_gui(ctx: AppContext, *, demo_hint: str | None = None, actor: Actor | None = None,
            start_page: str | None = None) -> int:
    """Show the login dialog, then the main window; returns the exit code. 切换用户 loops back to login."""
    app = create_application()
    sys.excepthook = _excepthook

    def relogin(services: Any, notice: str | None) -> Actor | None:  # (no restore here: services never change)
        if notice:
            messages.info(None, notice, "恢复备份")
        return login(ctx, demo_hint)

    return run_windows(app, ctx.services, ctx.db_path, actor, start_page, relogin)
