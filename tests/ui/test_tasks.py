"""Background task runner: results on the UI thread, failures, cancel, delayed progress dialog."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QPushButton

from sti_desk.domain.errors import ValidationError
from sti_desk.ui.tasks import TaskRunner


def test_success_is_delivered_on_the_ui_thread(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen = {}

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        seen["worker"] = threading.get_ident()
        progress(1, 2, "一半")
        return 42

    def done(result):  # type: ignore[no-untyped-def]
        seen["result"] = result
        seen["ui_thread"] = QThread.currentThread() is qapp.thread()

    handle = runner.run(work, on_success=done)
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert seen["result"] == 42 and seen["ui_thread"]
    assert seen["worker"] != threading.get_ident()
    assert handle.dialog is None  # quick work: no progress dialog


def test_failure_reaches_handler_with_chinese_message(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors = []

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        raise ValidationError("导入文件第 3 行缺少项目名称")

    handle = runner.run(work, on_failure=errors.append)
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert str(errors[0]) == "导入文件第 3 行缺少项目名称"


def test_default_failure_shows_message(qtbot, qapp, recorder):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    handle = runner.run(lambda p, c: 1 / 0)
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert recorder.errors and recorder.errors[0].startswith("发生意外错误")


def test_slow_work_shows_dialog_and_cancel_sets_token(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    cancelled = []
    started = threading.Event()

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        started.set()
        for i in range(200):
            cancel.raise_if_cancelled()
            progress(i, 200, f"第 {i} 条")
            time.sleep(0.01)
        return "完成"

    handle = runner.run(work, on_cancel=lambda: cancelled.append(True), progress_delay_ms=50, title="正在导入…")
    qtbot.waitUntil(lambda: handle.dialog is not None, timeout=3000)
    assert handle.dialog.windowTitle() == "请稍候"
    button = next(b for b in handle.dialog.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert handle.was_cancelled and cancelled == [True] and handle.token.cancelled
    assert handle.result is None


def test_progress_dialog_waits_600ms_by_default(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    release = threading.Event()
    handle = runner.run(lambda p, c: release.wait(5))
    qtbot.wait(300)
    assert handle.dialog is None
    qtbot.waitUntil(lambda: handle.dialog is not None, timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert handle.dialog is None


def test_a_page_destroyed_by_its_own_result_handler_raises_nothing(qtbot, qapp):  # type: ignore[no-untyped-def]
    """The handler may close the page whose runner owns the task (e.g. a dialog that closes when its
    load reports it is gone); the handle is deleted with it and must not emit afterwards."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    page = QWidget()
    runner = TaskRunner(page)
    seen = []

    def done(result):  # type: ignore[no-untyped-def]
        seen.append(result)
        shiboken6.delete(page)   # the page, its runner and the handle are gone at once

    handle = runner.run(lambda progress, cancel: (progress(1, 1, "完成"), 7)[1], on_success=done)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    qapp.processEvents()
    assert seen == [7] and not shiboken6.isValid(handle)
