"""Background work (后台任务) on QThreadPool with progress and cancel.

The callable runs on a worker thread and receives a progress callback and a cancel token::

    def load(progress, cancel):
        progress(0, 0, "正在读取…")          # total 0 = busy indicator
        rows = services.projects.list_projects(actor)
        cancel.raise_if_cancelled()
        return rows

    runner.run(load, on_success=self.show_rows, title="正在加载项目列表…", parent=self)

Success, failure and cancellation are delivered on the UI thread (queued signals to a QObject that lives
there). The progress dialog appears only when the work takes longer than ``progress_delay_ms`` (600 ms
by default, as in Anki), so quick work never flickers; its 取消 button sets the token. A failure without
its own handler is shown in a message box with the Chinese message of the domain error.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from . import messages

ProgressFn = Callable[[int, int, str], None]
PROGRESS_DELAY_MS = 600
_PROGRESS_INTERVAL_S = 0.05  # at most 20 progress signals a second


class TaskCancelled(Exception):
    """Raised inside a task by :meth:`CancelToken.raise_if_cancelled`."""


class CancelToken:
    """A threading.Event-like flag the task polls; set by the 取消 button or :meth:`TaskHandle.cancel`."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    cancel = set

    def is_set(self) -> bool:
        return self._event.is_set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise TaskCancelled()


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[ProgressFn, CancelToken], Any], token: CancelToken, signals: _Signals):
        super().__init__()
        self.setAutoDelete(False)  # the handle keeps the Python object alive until it reports
        self._fn, self._token, self._signals = fn, token, signals
        self._last = 0.0

    def _progress(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_INTERVAL_S or (total and done >= total):
            self._last = now
            self._signals.progress.emit(int(done), int(total), str(text))

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._token)
        except TaskCancelled:
            self._signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - delivered to the UI thread
            self._signals.failed.emit(exc)
        else:
            if self._token.is_set():
                self._signals.cancelled.emit()
            else:
                self._signals.succeeded.emit(result)


class TaskHandle(QObject):
    """One running task. Lives on the UI thread; ``done`` becomes True after the callbacks ran."""

    progressed = Signal(int, int, str)
    finished = Signal()

    def __init__(self, runner: TaskRunner, fn: Callable[[ProgressFn, CancelToken], Any], *, title: str,
                 parent_widget: QWidget | None, on_success: Callable[[Any], None] | None,
                 on_failure: Callable[[BaseException], None] | None, on_cancel: Callable[[], None] | None,
                 progress_delay_ms: int, cancellable: bool):
        super().__init__(runner)
        self.token = CancelToken()
        self.title = title
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self._runner = runner
        self._parent_widget = parent_widget
        self._on_success, self._on_failure, self._on_cancel = on_success, on_failure, on_cancel
        self._cancellable = cancellable
        self._dialog: QProgressDialog | None = None
        self._last_progress = (0, 0, title)
        self._signals = _Signals()
        self._signals.progress.connect(self._progress)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._signals.cancelled.connect(self._cancelled)
        self._job = _Job(fn, self.token, self._signals)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        if progress_delay_ms >= 0:
            self._timer.start(progress_delay_ms)

    def start(self, pool: QThreadPool) -> None:
        pool.start(self._job)

    def cancel(self) -> None:
        self.token.set()

    @property
    def dialog(self) -> QProgressDialog | None:
        return self._dialog

    # -- UI thread -------------------------------------------------------------------------------
    @Slot()
    def _show_dialog(self) -> None:
        if self.done:
            return
        dlg = QProgressDialog(self._parent_widget)
        dlg.setWindowTitle("请稍候")
        dlg.setLabelText(self.title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(360)
        if self._cancellable:
            dlg.setCancelButtonText("取消")
            dlg.canceled.connect(self._cancel_clicked)
        else:
            dlg.setCancelButton(None)
        self._dialog = dlg
        self._apply_progress(*self._last_progress)
        dlg.show()

    @Slot()
    def _cancel_clicked(self) -> None:
        self.token.set()
        if self._dialog is not None:
            self._dialog.setLabelText("正在取消…")

    def _apply_progress(self, done: int, total: int, text: str) -> None:
        dlg = self._dialog
        if dlg is None:
            return
        if total > 0:
            dlg.setRange(0, total)
            dlg.setValue(min(done, total))
        else:
            dlg.setRange(0, 0)
        if text and not self.token.is_set():
            dlg.setLabelText(text)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        self._last_progress = (done, total, text or self.title)
        self._apply_progress(*self._last_progress)
        self.progressed.emit(done, total, text)

    def _finish(self) -> None:
        self.done = True
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        self._runner._forget(self)

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self.result = result
        self._finish()
        if self._on_success is not None:
            self._on_success(result)
        self.finished.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            messages.show_exception(self._parent_widget, exc)
        self.finished.emit()

    @Slot()
    def _cancelled(self) -> None:
        self.was_cancelled = True
        self._finish()
        if self._on_cancel is not None:
            self._on_cancel()
        self.finished.emit()


class TaskRunner(QObject):
    """Starts tasks on a thread pool (the global one by default) and keeps them alive until done."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._active: set[TaskHandle] = set()

    def run(self, fn: Callable[[ProgressFn, CancelToken], Any], *, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, on_cancel: Callable[[], None] | None = None,
            title: str = "正在处理…", parent: QWidget | None = None,
            progress_delay_ms: int = PROGRESS_DELAY_MS, cancellable: bool = True) -> TaskHandle:
        """Run ``fn(progress, cancel)`` in the background; ``progress_delay_ms < 0`` = never show a dialog."""
        handle = TaskHandle(self, fn, title=title, parent_widget=parent, on_success=on_success,
                            on_failure=on_failure, on_cancel=on_cancel, progress_delay_ms=progress_delay_ms,
                            cancellable=cancellable)
        self._active.add(handle)
        handle.start(self._pool)
        return handle

    @property
    def active(self) -> list[TaskHandle]:
        return list(self._active)

    def cancel_all(self) -> None:
        for handle in list(self._active):
            handle.cancel()

    def wait_for_done(self, msecs: int = 5000) -> bool:
        """Block until the pool's workers are idle (used when closing the window and in tests)."""
        return self._pool.waitForDone(msecs)

    def _forget(self, handle: TaskHandle) -> None:
        self._active.discard(handle)
        handle.deleteLater()
