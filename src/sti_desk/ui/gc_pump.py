"""Cyclic garbage collection driven from the UI thread (see :mod:`sti_desk.gc_policy` for why)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from .. import gc_policy

INTERVAL_MS = 500


class GarbageCollector(QObject):
    """A timer on the UI thread that collects when the automatic collector would have (never elsewhere)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.threshold = gc_policy.hand_over()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        return gc_policy.collect_if_due(self.threshold)


def install(app: QCoreApplication) -> GarbageCollector:
    """Once per application (idempotent): the collector is the application's child and lives as long."""
    existing = app.findChild(GarbageCollector)
    return existing if isinstance(existing, GarbageCollector) else GarbageCollector(app)
