"""Registers the 系统管理 page (listed in :data:`sti_desk.ui.pages.PAGE_MODULES`); its modules are imported
only when the page is first shown."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.actor import Actor
from ..pages import register_page


def _admin_page(services: Any, actor: Actor) -> QWidget:
    from .page import AdminPage

    return AdminPage(services, actor)


register_page("admin", "系统管理", _admin_page)
