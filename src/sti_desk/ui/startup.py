"""Fast start (快速启动): the login window first, the database behind it.

``sti-desk`` without a subcommand (``cli.gui.launch_gui``) calls :func:`start_gui` with an *opener*: a
function that imports the services, opens the database (``bootstrap.open_app``: network-share refusal,
integrity check, migration when needed, daily backup) and returns an :class:`OpenedBackend`.

1. UI thread: the QApplication and the login dialog — only Qt and small ui modules are imported, so the
   window appears about as fast as an empty PySide6 window.
2. Once the dialog has painted, a worker thread runs the opener (SQLAlchemy and the services are imported
   there) and imports the main window's modules. The user types meanwhile; 登录 waits (“正在打开数据库…”)
   and logs in by itself when the database is open. Errors (corrupt file, network share, locked file …)
   are shown in Chinese in the dialog and a message box — a windowed Windows build has no console.
3. A new database, or one without users, gets the first-run dialog “首次使用：创建管理员账号” instead.

Test hooks (used by tests/ui/test_startup.py and benchmarks/startup_bench.py): ``login_as=(user, password)``
fills in the login dialog and presses 登录 programmatically — it goes through the same wait as a click, so
the login happens as soon as the backend is ready; ``start_page`` opens a given page; ``observer(stage,
widget)`` is told ``"login"``, ``"first_run"`` and ``"main"`` just before each window is shown.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from ..services.actor import Actor
from .app import Observer, _excepthook, create_application, run_windows
from .backend import OpenedBackend, PendingBackend
from .first_run import NEEDS_LOGIN, FirstRunDialog
from .login import NEEDS_FIRST_RUN, LoginDialog

__all__ = ["OpenedBackend", "PendingBackend", "first_login", "start_gui"]

#: Start opening the database at the latest this long after the first window was asked to show.
START_FALLBACK_MS = 300


class _StartWhenPainted(QObject):
    """Starts the backend once the first window has painted: the worker's imports would otherwise compete
    with the window for the interpreter (GIL) and delay it; the opening itself is not delayed noticeably."""

    def __init__(self, widget: QWidget, backend: PendingBackend):
        super().__init__(widget)
        self.backend = backend
        widget.installEventFilter(self)
        QTimer.singleShot(START_FALLBACK_MS, self, backend.start)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self.backend.started:
            QTimer.singleShot(0, self.backend.start)  # (after this paint has reached the screen)
        return False


def first_login(backend: PendingBackend, *, db_path: Path | None, fresh: bool = False,
                demo_hint: str | None = None, login_as: tuple[str, str] | None = None,
                observer: Observer | None = None) -> Actor | None:
    """The login dialog (or the first-run dialog for a new database) while the backend opens."""
    first_run = fresh
    switched = False
    while True:
        dialog: LoginDialog | FirstRunDialog
        if first_run:
            dialog = FirstRunDialog(backend=backend, db_path=db_path)
        else:
            dialog = LoginDialog(backend=backend, db_path=db_path, demo_hint=demo_hint)
            if login_as is not None:
                dialog.username_edit.setText(login_as[0])
                dialog.password_edit.setText(login_as[1])
                QTimer.singleShot(0, dialog, dialog.try_login)
        if not backend.started:
            _StartWhenPainted(dialog, backend)
        if observer is not None:
            observer("first_run" if first_run else "login", dialog)
        code = dialog.exec()
        actor = dialog.actor
        dialog.deleteLater()
        if code == QDialog.DialogCode.Accepted:
            return actor
        if code in (NEEDS_FIRST_RUN, NEEDS_LOGIN) and not switched:
            first_run, switched = code == NEEDS_FIRST_RUN, True
            continue
        return None


def start_gui(opener: Callable[[], OpenedBackend], *, db_path: Path | None, fresh: bool = False,
              demo_hint: str | None = None, login_as: tuple[str, str] | None = None,
              start_page: str | None = None, observer: Observer | None = None) -> int:
    """Login window first, database opened behind it, then the main window; returns the exit code."""
    app = create_application()
    sys.excepthook = _excepthook
    backend = PendingBackend(opener, start=False)
    try:
        actor = first_login(backend, db_path=db_path, fresh=fresh, demo_hint=demo_hint, login_as=login_as,
                            observer=observer)
        if actor is None:
            return 0
        services = backend.services

        def relogin() -> Actor | None:  # 切换用户
            dialog = LoginDialog(services, db_path=db_path, demo_hint=demo_hint)
            if observer is not None:
                observer("login", dialog)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            actor = dialog.actor if accepted else None
            dialog.deleteLater()
            return actor

        return run_windows(app, services, db_path, actor, start_page, relogin, observer)
    finally:
        backend.close()
