"""The project-detail windows a page has open (项目详情), one per project: opening it again raises it.

The window opens over the page that asked (项目库, 形式审查 …), so the clerk keeps their place there;
``on_changed(project_id)`` runs after a stage change or an edit in it, for the page to update its row."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.actor import Actor
from .. import messages


class DetailWindows:
    def __init__(self, page: QWidget, services: Any, actor: Actor, on_changed: Callable[[int], None]):
        self.page, self.services, self.actor, self.on_changed = page, services, actor, on_changed
        self.open_windows: dict[int, QWidget] = {}

    def open(self, project_id: int) -> QWidget | None:
        from ..detail.dialog import ProjectDetailDialog

        existing = self.open_windows.get(project_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
        try:
            dialog = ProjectDetailDialog(self.services, self.actor, project_id, parent=self.page)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            messages.show_exception(self.page, exc, "无法打开项目")
            return None
        self.open_windows[project_id] = dialog
        dialog.changed.connect(self.on_changed)
        dialog.finished.connect(lambda _=0, pid=project_id: self.open_windows.pop(pid, None))
        dialog.show()
        return dialog

    def close_all(self) -> None:
        for dialog in list(self.open_windows.values()):
            dialog.close()
