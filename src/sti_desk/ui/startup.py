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

恢复备份 (系统管理 › 备份) closes the open context, restores the file, calls the *opener* again for the new
context and shows the login window with what was restored (:func:`sti_desk.ui.app.run_restore`). A database
found corrupt at start-up is refused with the backup folder and the exact ``sti-desk … restore`` command.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from ..domain.errors import DomainError
from ..paths import backup_dir_for
from ..services.actor import Actor
from .app import Observer, RestoreRequest, _excepthook, create_application, run_restore, run_windows, show_notice
from .backend import OpenedBackend, PendingBackend
from .first_run import NEEDS_LOGIN, FirstRunDialog
from .login import NEEDS_FIRST_RUN, LoginDialog

__all__ = ["OpenedBackend", "PendingBackend", "first_login", "start_gui"]

#: The rule of the start-up integrity check's refusal (bootstrap.open_app).
INTEGRITY_RULE = "启动完整性检查"


def restore_instructions(db_path: Path) -> str:
    """How to restore a database that cannot be opened (the program cannot open it to offer its own tab)."""
    folder = backup_dir_for(db_path)
    return (f"备份文件在：{folder}\n恢复方法：关闭本程序，在命令行运行\n"
            f"sti-desk --db \"{db_path}\" restore \"{folder / '备份文件名.db'}\"\n"
            "（恢复前会自动再备份一次当前数据库）")


def _explain_corruption(opener: Callable[[], OpenedBackend], db_path: Path | None) -> Callable[[], OpenedBackend]:
    def open_or_explain() -> OpenedBackend:
        try:
            return opener()
        except DomainError as exc:
            if db_path is None or exc.rule != INTEGRITY_RULE:
                raise
            raise DomainError(f"{exc.message}\n{restore_instructions(Path(db_path))}", rule=exc.rule) from exc

    return open_or_explain

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
    backend = PendingBackend(_explain_corruption(opener, db_path), start=False)
    opened: dict[str, object] = {}  # "context": the context opened again after a restore
    try:
        actor = first_login(backend, db_path=db_path, fresh=fresh, demo_hint=demo_hint, login_as=login_as,
                            observer=observer)
        if actor is None:
            return 0
        services = backend.services

        def restore(request: RestoreRequest) -> tuple[object, str]:  # 恢复备份
            old = opened.get("context") or backend.value.context  # type: ignore[union-attr]
            outcome = run_restore(request, Path(old.db_path), old.close,  # type: ignore[attr-defined]
                                  lambda: opener().context)
            opened["context"] = outcome.context
            services = outcome.context.services if outcome.context is not None else None
            return services, outcome.notice(request)

        def relogin(services: object, notice: str | None) -> Actor | None:  # 切换用户, after a restore
            dialog = LoginDialog(services, db_path=db_path, demo_hint=demo_hint)
            show_notice(dialog, notice)
            if observer is not None:
                observer("login", dialog)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            actor = dialog.actor if accepted else None
            dialog.deleteLater()
            return actor

        return run_windows(app, services, db_path, actor, start_page, relogin, observer, restore)
    finally:
        backend.close()
        reopened = opened.get("context")
        if reopened is not None:
            reopened.close()  # type: ignore[attr-defined]
