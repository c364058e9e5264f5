"""Work that finished is a success even if 取消 came too late; an abandoned load never reports its result."""
from __future__ import annotations

import threading

from sti_desk.ui.tasks import TaskRunner


def _run_until_returned(qtbot, runner, *, abandon: bool):  # type: ignore[no-untyped-def]
    returned, go_on = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        cancel.raise_if_cancelled()
        seen["committed"] = True  # e.g. an import's commit: nothing can be undone after this point
        go_on.wait(5)
        returned.set()
        return "已写入 12 条"

    handle = runner.run(work, on_success=lambda r: seen.setdefault("success", r),
                        on_cancel=lambda: seen.setdefault("cancelled", True), progress_delay_ms=-1)
    qtbot.waitUntil(lambda: "committed" in seen, timeout=3000)
    handle.abandon() if abandon else handle.cancel()  # the token is set after the work's last check
    go_on.set()
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert returned.is_set() and handle.token.is_set()
    return handle, seen


def test_cancel_after_the_work_committed_reports_success(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    handle, seen = _run_until_returned(qtbot, runner, abandon=False)
    assert seen == {"committed": True, "success": "已写入 12 条"}
    assert handle.result == "已写入 12 条" and not handle.was_cancelled


def test_abandoned_work_reports_cancel_and_drops_the_result(qtbot, qapp):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    handle, seen = _run_until_returned(qtbot, runner, abandon=True)
    assert seen == {"committed": True, "cancelled": True}
    assert handle.result is None and handle.was_cancelled and handle.abandoned


def test_work_that_stops_on_the_token_is_cancelled(qtbot, qapp):  # type: ignore[no-untyped-def]
    started, go_on = threading.Event(), threading.Event()

    def work(progress, cancel):  # type: ignore[no-untyped-def]
        started.set()
        go_on.wait(5)
        cancel.raise_if_cancelled()
        return "不应出现"

    seen: list[str] = []
    runner = TaskRunner()
    handle = runner.run(work, on_success=seen.append, on_cancel=lambda: seen.append("cancelled"),
                              progress_delay_ms=-1)
    assert started.wait(3)
    handle.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: handle.done, timeout=3000)
    assert seen == ["cancelled"] and handle.was_cancelled
