"""When Python's cyclic garbage collector may run (垃圾回收时机). Plain Python, no Qt.

Two needs meet here:

* **The GUI** wants collections only on the UI thread, from a clean point of its event loop. Left alone, the
  collector runs wherever an allocation trips its threshold — on a worker thread of the task pool, or on the
  UI thread while Qt is half-way through delivering an event or destroying a widget — and a collection there
  can delete the Qt wrappers of objects Qt is still using. The test suite crashed that way on CI (a
  segmentation fault in ``Garbage-collecting`` while a worker verified the audit chain). As pyqtgraph and
  calibre do, :func:`hand_over` switches automatic collection off and the UI calls :func:`collect_if_due` from
  a timer (``sti_desk.ui.gc_pump``).
* **Imports** want no collections at all while a million cells become objects: a full collection rescans
  every parsed row again and again (a third of the parse time was measured in GC) and the parser makes no
  cycles worth collecting. :func:`paused` is safe to nest and to use from several threads at once: the
  collector comes back only when the last pause ends, and only if it was running before the first.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False      # re-enable automatic collection when the last pause ends
_handed_over = False  # the UI drives collections (automatic collection stays off for good)


@contextmanager
def paused() -> Iterator[None]:
    """No collections (automatic or :func:`collect_if_due`) while the block runs."""
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled() and not _handed_over
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def is_paused() -> bool:
    return _pauses > 0


def hand_over() -> tuple[int, int, int]:
    """Switch automatic collection off for good; the caller collects with :func:`collect_if_due`.
    Returns the thresholds the automatic collector used, which :func:`collect_if_due` keeps to."""
    global _handed_over, _resume
    with _lock:
        _handed_over = True
        _resume = False
        gc.disable()
    return gc.get_threshold()


def is_handed_over() -> bool:
    return _handed_over


def collect_if_due(threshold: tuple[int, int, int] | None = None) -> int:
    """Collect the generations whose allocation counts passed their thresholds, as the automatic collector
    would have; nothing while an import pauses collection. Returns the number of objects collected."""
    if _pauses:
        return 0
    t0, t1, t2 = threshold or gc.get_threshold()
    c0, c1, c2 = gc.get_count()
    found = 0
    if c0 > t0:
        found += gc.collect(0)
        if c1 > t1:
            found += gc.collect(1)
            if c2 > t2:
                found += gc.collect(2)
    return found
