"""Project detail (项目详情): header, lifecycle timeline, event list, a tab per stage, stage buttons.

Stage tabs are registered like pages; a later feature replaces its placeholder by key::

    from sti_desk.ui.detail import register_detail_tab
    register_detail_tab("review", "专家评审", lambda services, actor, detail: ReviewTab(...))

The factory gets the services, the actor and the :class:`ProjectDetail` and returns a QWidget. A tab may
expose ``changed = Signal()`` to make the dialog reload the project (and the list refresh its row).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.actor import Actor
from ...services.dto import ProjectDetail

DetailTabFactory = Callable[[Any, Actor, ProjectDetail], QWidget]


@dataclass(frozen=True)
class DetailTabSpec:
    key: str
    title: str
    factory: DetailTabFactory
    order: int = 500
    placeholder: bool = False


_TABS: dict[str, DetailTabSpec] = {}


def register_detail_tab(key: str, title: str, factory: DetailTabFactory, *, order: int | None = None) -> None:
    old = _TABS.get(key)
    _TABS[key] = DetailTabSpec(key, title, factory, order if order is not None else (old.order if old else 500))


def detail_tabs() -> list[DetailTabSpec]:
    return sorted(_TABS.values(), key=lambda t: t.order)


def _basic(services: Any, actor: Actor, detail: ProjectDetail) -> QWidget:
    from .basic_tab import BasicInfoTab

    return BasicInfoTab(detail)


def _review(services: Any, actor: Actor, detail: ProjectDetail) -> QWidget:
    from .review_tab import ReviewTab

    return ReviewTab(services, actor, detail)


def _screening(services: Any, actor: Actor, detail: ProjectDetail) -> QWidget:
    from .screening_tab import ScreeningTab

    return ScreeningTab(services, actor, detail)


def _placeholder(key: str, title: str, order: int, text: str) -> None:
    def factory(services: Any, actor: Actor, detail: ProjectDetail) -> QWidget:
        from .basic_tab import PlaceholderTab

        return PlaceholderTab(f"{title}功能在后续版本提供", text)
    _TABS[key] = DetailTabSpec(key, title, factory, order, placeholder=True)


_TABS["basic"] = DetailTabSpec("basic", "基本信息", _basic, 10)
_TABS["screening"] = DetailTabSpec("screening", "形式审查", _screening, 20)
_TABS["review"] = DetailTabSpec("review", "专家评审", _review, 30)
_placeholder("contract", "立项/任务书", 40, "立项金额、公示与异议、任务书考核指标和拨付计划将显示在这里。")
_placeholder("implementation", "实施与中期", 50, "拨款、支出、结转、预算调剂、变更和中期自评将显示在这里。")
_placeholder("inspection", "检查", 60, "本项目周期内的检查记录（最多查一次）和结果互认将显示在这里。")
_placeholder("acceptance", "验收", 70, "验收申请、专家组、考核指标完成情况和验收结论将显示在这里。")
_placeholder("balance", "结余资金", 80, "结余金额、留用期限、使用情况和收回记录将显示在这里。")
