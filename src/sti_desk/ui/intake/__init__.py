"""申报受理/形式审查 (intake) GUI: the screening page, the Excel import wizard and the export helpers.

Importing this package replaces the placeholder page ``"intake"`` (listed in ``pages.PAGE_MODULES``).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.actor import Actor
from ..pages import register_page


def _screening_page(services: Any, actor: Actor) -> QWidget:
    from .screening_page import ScreeningPage

    return ScreeningPage(services, actor)


register_page("intake", "申报受理/形式审查", _screening_page)
