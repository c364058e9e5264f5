"""Registers the review pages (listed in :data:`sti_desk.ui.pages.PAGE_MODULES`).

- ``experts``    专家库 (clerks, admins): the expert pool, declared conflicts, review history;
- ``review``     专家评审 (clerks organise; managers read, decide the funding list): draw, progress,
  replacements, offline sheets, close, results, 拟立项 and 公示;
- ``my_reviews`` 我的评审任务 (reviewers only): their own assignments and score forms.

The page modules are imported only when a page is first shown.
"""
from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.actor import Actor
from ..pages import register_page


def _lazy(module: str, attr: str):  # type: ignore[no-untyped-def]
    def factory(services: Any, actor: Actor) -> QWidget:
        cls = getattr(importlib.import_module(f"{__package__}.{module}"), attr)
        return cls(services, actor)  # type: ignore[no-any-return]
    return factory


register_page("experts", "专家库", _lazy("experts_page", "ExpertPoolPage"))
register_page("review", "专家评审", _lazy("review_page", "ReviewPage"))
register_page("my_reviews", "我的评审任务", _lazy("reviewer_page", "MyReviewsPage"))
