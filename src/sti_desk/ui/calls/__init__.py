"""申报批次 (calls) page and its edit dialog. Importing this package registers the page ``calls`` under
基础数据, between 单位库 and 专家库 (listed in :data:`sti_desk.ui.pages.PAGE_MODULES`); the page module is
imported only when the page is first shown."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ...domain.permissions import Permission
from ...services.actor import Actor
from ..pages import SECTION_BASE, register_page


def _calls_page(services: Any, actor: Actor) -> QWidget:
    from .page import CallListPage

    return CallListPage(services, actor)


# clerks keep calls; managers (and administrators) may look; reviewers see only their own assignments
register_page("calls", "申报批次", _calls_page, section=SECTION_BASE, order=105, permissions=(Permission.VIEW_PROJECTS,))
