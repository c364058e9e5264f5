"""The database opened behind the first window (后台打开数据库).

:class:`PendingBackend` runs an *opener* on a worker thread — in the app, ``cli.gui`` hands one that imports
the services (SQLAlchemy) and calls ``bootstrap.open_app`` (network-share refusal, integrity check,
migration when needed, daily backup) — while the UI thread already shows the login dialog. ``ready`` and
``failed`` arrive on the UI thread. :class:`WaitsForBackend` is the part of the login and first-run dialogs
that waits: their button shows “正在打开数据库…” and goes on by itself once the database is open; an error
(corrupt file, network share refused …) is shown in Chinese in the dialog and in a message box, because a
windowed Windows build has no console.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from . import messages, theme
from .forms.fields import ErrorLabel
from .tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

log = logging.getLogger(__name__)

OPENING_TEXT = "正在打开数据库…"

#: Imported on the worker after the database is open, so the main window is built without import pauses.
WINDOW_MODULES = ("sti_desk.ui.main_window", "sti_desk.ui.pages.dashboard", "sti_desk.ui.pages.projects")


@dataclass
class OpenedBackend:
    """What the opener returns: the context (``.services``, ``.db_path``, ``.close()``; an AppContext in
    the app) and whether the database has users yet (none → the first-run dialog)."""

    context: Any
    has_users: bool


def preload_window_modules() -> None:
    """Import the main window's modules now (a failure here is left for the UI thread to report)."""
    try:
        for name in WINDOW_MODULES:
            importlib.import_module(name)
        from .pages import load_page_modules

        load_page_modules()
    except Exception:  # noqa: BLE001 - the database is open; the window's own import shows the error
        log.exception("预先导入主窗口模块失败")


class PendingBackend(QObject):
    """The backend being opened on a worker thread. ``value``/``error`` are set when it is done."""

    ready = Signal(object)   # OpenedBackend
    failed = Signal(object)  # BaseException

    def __init__(self, opener: Callable[[], OpenedBackend], parent: QObject | None = None, *,
                 preload: bool = True, start: bool = True):
        super().__init__(parent)
        self.value: OpenedBackend | None = None
        self.error: BaseException | None = None
        self.handle: TaskHandle | None = None
        self._opener, self._preload = opener, preload
        self._box: dict[str, OpenedBackend] = {}  # (filled on the worker: closed even if never delivered)
        self._closed = False
        self._runner = TaskRunner(self)
        if start:
            self.start()

    def start(self) -> None:
        """Start opening on a worker thread (once)."""
        if self.handle is not None:
            return
        opener, preload, box = self._opener, self._preload, self._box

        def work(progress: ProgressFn, cancel: CancelToken) -> OpenedBackend:
            opened = opener()
            box["value"] = opened
            if preload:
                preload_window_modules()
            return opened

        self.handle = self._runner.run(work, on_success=self._opened, on_failure=self._failed,
                                       progress_delay_ms=-1, cancellable=False)

    @property
    def started(self) -> bool:
        return self.handle is not None

    @property
    def done(self) -> bool:
        return self.value is not None or self.error is not None

    @property
    def services(self) -> Any:
        return self.value.context.services if self.value is not None else None

    def _opened(self, value: OpenedBackend) -> None:
        self.value = value
        self.ready.emit(value)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.failed.emit(exc)

    def wait(self, msecs: int = 60_000) -> bool:
        """Block (processing events) until the backend is open or failed; True when ready."""
        self.start()
        if not self.done:
            self._runner.wait_for_done(msecs)
            QCoreApplication.sendPostedEvents()
            QCoreApplication.processEvents()
        return self.value is not None

    def close(self) -> None:
        """Close the database, waiting for the worker if it is still opening it (e.g. 退出 clicked early)."""
        if self._closed:
            return
        if self.started and not self.done:
            self._runner.wait_for_done(-1)
        self._closed = True
        opened = self.value or self._box.get("value")
        if opened is not None:
            opened.context.close()


def describe_failure(exc: BaseException) -> str:
    return "无法打开数据库：" + messages.describe(exc)


class WaitsForBackend:
    """Mixin for a dialog whose submit button needs the services: waits for a :class:`PendingBackend`.

    The dialog calls :meth:`_init_backend` after building its widgets and implements :meth:`submit`, which
    it starts with ``if not self._services_ready(): return False``.
    """

    services: Any
    backend: PendingBackend | None
    error_label: ErrorLabel
    status_label: QLabel
    submit_button: QPushButton
    _submit_when_ready: bool

    def _init_backend(self, services: Any, backend: PendingBackend | None) -> None:
        self.backend = backend
        self.services = services if services is not None else (backend.services if backend else None)
        self._submit_when_ready = False
        self.status_label = QLabel(OPENING_TEXT)
        self.status_label.setStyleSheet(theme.HINT_STYLE)
        self.status_label.setVisible(self.services is None)
        if backend is not None and self.services is None:
            if backend.error is not None:
                self._backend_failed(backend.error, show_box=False)
            else:
                backend.ready.connect(self._backend_ready)
                backend.failed.connect(self._backend_failed)
        elif backend is not None and backend.value is not None:
            opened = backend.value  # already open: the dialog's hook still runs, once its loop is running
            QTimer.singleShot(0, self, lambda: self.backend_ready(opened))

    @property
    def waiting_for_backend(self) -> bool:
        return self.services is None and (self.backend is None or self.backend.error is None)

    def _services_ready(self) -> bool:
        """True when the services are there; otherwise submit again automatically once they are."""
        if self.services is not None:
            return True
        if self.backend is not None and self.backend.error is not None:
            self.error_label.set_error(describe_failure(self.backend.error))
            return False
        self._submit_when_ready = True
        self.submit_button.setEnabled(False)
        self.status_label.setText(OPENING_TEXT + "打开后将自动继续")
        self.status_label.show()
        return False

    def _backend_ready(self, opened: OpenedBackend) -> None:
        self.services = opened.context.services
        self.status_label.hide()
        self.submit_button.setEnabled(True)
        if isinstance(self, QWidget) and self.isVisible():
            self.adjustSize()  # (give back the status line's height)
        self.backend_ready(opened)
        if self._submit_when_ready and self.services is not None:
            self._submit_when_ready = False
            self.submit()

    def _backend_failed(self, exc: BaseException, show_box: bool = True) -> None:
        text = describe_failure(exc)
        self.status_label.hide()
        self.submit_button.setEnabled(False)
        self.error_label.set_error(text)
        fit = getattr(self, "_fit_wrapped_labels", None)
        if fit is not None:
            fit()
        if show_box:
            messages.error(self if isinstance(self, QWidget) else None, text + "\n\n请点“退出”关闭程序。",
                           "无法打开数据库")

    # -- for the dialog ------------------------------------------------------------------------------
    def backend_ready(self, opened: OpenedBackend) -> None:
        """Hook: the services just arrived (before a pending submit is retried)."""

    def submit(self) -> bool:  # pragma: no cover - implemented by the dialog
        raise NotImplementedError
