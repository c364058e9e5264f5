"""Background work (后台任务) on QThreadPool with progress and cancel.

The callable runs on a worker thread and receives a progress callback and a cancel token::

    def load(progress, cancel):
        progress(0, 0, "正在读取…")          # total 0 = busy indicator
        rows = services.projects.list_projects(actor)
        cancel.raise_if_cancelled()
        return rows

    runner.run(load, on_success=self.show_rows, title="正在加载项目列表…", parent=self)

Success, failure and cancellation are delivered on the UI thread (queued signals to a QObject that lives
there). Cancelling only *asks* the work to stop: it is reported as cancelled when the work stopped by raising
:class:`TaskCancelled`; work that returned is reported as a success even if the token was set meanwhile
(e.g. an import that committed just before the 取消 click — its result says what was written). A caller
that no longer wants the result at all (a list reload superseding the previous load) uses
:meth:`TaskHandle.abandon`: the result, if any, is dropped and ``on_cancel`` is called instead. The progress dialog appears only when the work takes longer than ``progress_delay_ms`` (600 ms
by default, as in Anki), so quick work never flickers; its 取消 button sets the token. A failure without
its own handler is shown in a message box with the Chinese message of the domain error.

The callable runs off the UI thread: it must not touch widgets, and should capture plain values
(services, actor, ids) rather than ``self`` of a widget (its last reference must not die on a worker).
"""
from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThread, QThreadPool, QTimer, Signal, Slot
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


class _Bus(QObject):
    """One long-lived QObject on the UI thread through which every worker reports.

    Workers never emit on an object the UI thread might delete meanwhile (a per-task signal object
    destroyed on the worker thread while the UI thread tore down its connections crashed Qt); results are
    queued to this bus, which lives until the process ends, and routed to the task's handle by number.
    """

    progress = Signal(int, int, int, str)
    succeeded = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.handles: dict[int, TaskHandle] = {}
        self.progress.connect(self._progress)
        self.succeeded.connect(self._succeeded)
        self.failed.connect(self._failed)
        self.cancelled.connect(self._cancelled)

    def _handle(self, task_id: int, final: bool) -> TaskHandle | None:
        handle = self.handles.pop(task_id, None) if final else self.handles.get(task_id)
        return handle if handle is not None and shiboken6.isValid(handle) else None

    @Slot(int, int, int, str)
    def _progress(self, task_id: int, done: int, total: int, text: str) -> None:
        handle = self._handle(task_id, False)
        if handle is not None:
            handle._progress(done, total, text)

    @Slot(int, object)
    def _succeeded(self, task_id: int, result: Any) -> None:
        handle = self._handle(task_id, True)
        if handle is not None:
            handle._succeeded(result)

    @Slot(int, object)
    def _failed(self, task_id: int, exc: BaseException) -> None:
        handle = self._handle(task_id, True)
        if handle is not None:
            handle._failed(exc)

    @Slot(int)
    def _cancelled(self, task_id: int) -> None:
        handle = self._handle(task_id, True)
        if handle is not None:
            handle._cancelled()


_bus: _Bus | None = None
_next_id = itertools.count(1)


def _get_bus() -> _Bus:
    global _bus
    if _bus is None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("TaskRunner must be created on the UI thread after the QApplication")
        _bus = _Bus()
    return _bus


class _Job(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[ProgressFn, CancelToken], Any], token: CancelToken, bus: _Bus):
        super().__init__()
        # Qt owns the runnable and deletes it after run() returns (the pool still touches it then).
        self.setAutoDelete(True)
        self._id, self._fn, self._token, self._bus = task_id, fn, token, bus
        self._last = 0.0

    def _progress(self, done: int, total: int, text: str = "") -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_INTERVAL_S or (total and done >= total):
            self._last = now
            self._bus.progress.emit(self._id, int(done), int(total), str(text))

    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._token)
        except TaskCancelled:
            self._bus.cancelled.emit(self._id)
        except BaseException as exc:  # noqa: BLE001 - delivered to the UI thread
            self._bus.failed.emit(self._id, exc)
        else:
            # Work that returned has finished (and may have committed): a token set after its last check is
            # too late to undo anything, so this is a success and the result says what happened.
            self._bus.succeeded.emit(self._id, result)


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
        self.abandoned = False
        # No strong reference to the runner: the handle is the runner's Qt child, and a child whose Python
        # wrapper holds the last reference to its parent would delete the parent while being deleted.
        self._parent_widget = parent_widget
        self._on_success, self._on_failure, self._on_cancel = on_success, on_failure, on_cancel
        self._cancellable = cancellable
        self._dialog: QProgressDialog | None = None
        self._last_progress = (0, 0, title)
        self.task_id = next(_next_id)
        self._fn = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        if progress_delay_ms >= 0:
            self._timer.start(progress_delay_ms)

    def start(self, pool: QThreadPool) -> None:
        bus = _get_bus()
        bus.handles[self.task_id] = self
        pool.start(_Job(self.task_id, self._fn, self.token, bus))
        self._fn = None  # type: ignore[assignment]

    def cancel(self) -> None:
        """Ask the work to stop (it is still reported as a success if it finishes anyway)."""
        self.token.set()

    def abandon(self) -> None:
        """Ask the work to stop and drop its result: report it as cancelled even if it finishes."""
        self.abandoned = True
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

    def _progress(self, done: int, total: int, text: str) -> None:
        self._last_progress = (done, total, text or self.title)
        self._apply_progress(*self._last_progress)
        self._emit(self.progressed, done, total, text)

    def _emit(self, signal: Any, *args: Any) -> None:
        """Emit unless a callback just destroyed this handle (its page, the runner's parent, was deleted:
        Qt deleted the handle with it, and emitting on a deleted source raises)."""
        if shiboken6.isValid(self):
            signal.emit(*args)

    def _finish(self) -> None:
        self.done = True
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        runner = self.parent()
        if isinstance(runner, TaskRunner):
            runner._forget(self)

    def _release(self) -> None:
        """Drop the callbacks and the parent widget (bound methods keep pages alive) once reported."""
        self._on_success = self._on_failure = self._on_cancel = None
        self._parent_widget = None

    def _succeeded(self, result: Any) -> None:
        if self.abandoned:
            self._cancelled()
            return
        self.result = result
        self._finish()
        try:
            if self._on_success is not None:
                self._on_success(result)
        finally:
            self._release()
        self._emit(self.finished)

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self._finish()
        try:
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                messages.show_exception(self._parent_widget, exc)
        finally:
            self._release()
        self._emit(self.finished)

    def _cancelled(self) -> None:
        self.was_cancelled = True
        self._finish()
        try:
            if self._on_cancel is not None:
                self._on_cancel()
        finally:
            self._release()
        self._emit(self.finished)


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
