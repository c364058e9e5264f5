"""When the cyclic collector runs (sti_desk.gc_policy): pauses nest and overlap across threads, the collector
comes back only after the last pause and only if it ran before; once handed over to the UI it never comes
back on its own, and collect_if_due collects what the automatic collector would have, but not during a pause."""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from sti_desk import gc_policy


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def fresh_policy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The module's state as in a fresh process with automatic collection on; restored afterwards."""
    was = gc.isenabled()
    monkeypatch.setattr(gc_policy, "_handed_over", False)
    monkeypatch.setattr(gc_policy, "_pauses", 0)
    monkeypatch.setattr(gc_policy, "_resume", False)
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_nested_pauses_resume_collection_only_after_the_last(fresh_policy: None) -> None:
    with gc_policy.paused():
        assert not gc.isenabled() and gc_policy.is_paused()
        with gc_policy.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the outer import is still running
    assert gc.isenabled() and not gc_policy.is_paused()


def test_overlapping_pauses_from_two_threads(fresh_policy: None) -> None:
    first_in, second_out = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gc_policy.paused():
            first_in.set()
            second_out.wait(5)
            seen.append(gc.isenabled())   # the second import ended first: still paused for this one

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with gc_policy.paused():
        pass
    second_out.set()
    worker.join(5)
    assert seen == [False] and gc.isenabled()


def test_a_pause_does_not_switch_on_a_collector_that_was_off(fresh_policy: None) -> None:
    gc.disable()
    with gc_policy.paused():
        pass
    assert not gc.isenabled()


def test_handed_over_collection_stays_off_and_is_driven_by_collect_if_due(fresh_policy: None) -> None:
    threshold = gc_policy.hand_over()
    assert gc_policy.is_handed_over() and not gc.isenabled()
    with gc_policy.paused():
        pass
    assert not gc.isenabled()              # an import ending never switches automatic collection back on
    gc.collect()
    for _ in range(threshold[0] + 10):
        _Cycle()
    with gc_policy.paused():
        assert gc_policy.collect_if_due(threshold) == 0      # nothing during an import
    assert gc_policy.collect_if_due(threshold) >= threshold[0]
    assert gc_policy.collect_if_due(threshold) == 0          # not due again yet
