"""The GUI hands cyclic garbage collection to a timer on the UI thread (sti_desk.ui.gc_pump): automatic
collection is off, and garbage in reference cycles is still collected while the event loop runs."""
from __future__ import annotations

import gc
import weakref

from sti_desk import gc_policy
from sti_desk.ui.gc_pump import GarbageCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_application_collects_cycles_from_its_event_loop(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    collectors = qapp_configured.findChildren(GarbageCollector)
    assert len(collectors) == 1 and collectors[0].timer.isActive()
    assert gc_policy.is_handed_over() and not gc.isenabled()
    probe = _Cycle()
    alive = weakref.ref(probe)
    del probe
    for _ in range(gc.get_threshold()[0] + 10):   # enough new objects that generation 0 is due
        _Cycle()
    assert alive() is not None                    # nothing collects outside the event loop

    def collected() -> bool:
        # (the event loop also frees objects — earlier tests' widgets — which lowers the allocation count,
        # so keep allocating as a running program does until the collector is due)
        for _ in range(gc.get_threshold()[0]):
            _Cycle()
        return alive() is None

    qtbot.waitUntil(collected, timeout=5_000)
