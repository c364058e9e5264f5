"""Navigation pages and their registry (导航页面).

A page is any QWidget made by ``factory(services, actor)``. Register one (or replace a built-in
placeholder by using its key) with::

    from sti_desk.ui.pages import register_page
    register_page("review", "专家评审", ReviewPage)          # keeps the placeholder's place and roles

and list your module in :data:`PAGE_MODULES` so the main window imports it (and the PyInstaller analysis
sees it). A page may optionally provide (duck-typed, all optional):

- ``navigate_requested = Signal(str, dict)`` — ask the main window to show another page with arguments;
- ``data_changed = Signal(str)`` — tell the other pages something changed (e.g. ``"projects"``);
- ``on_data_changed(kind: str)`` — called when another page emitted ``data_changed``;
- ``on_shown()`` — called each time the page becomes the current one;
- ``open_with(args: dict)`` — navigation arguments (e.g. ``{"state": ProjectState.REVIEW}``);
- ``refresh()`` — the 刷新 action (F5);
- ``shutdown()`` — the window is closing (cancel background work).

Pages are built lazily, the first time they are shown. What a page may show is decided by its
``permissions`` (any of) or ``roles``; the real checks stay in the services.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtWidgets import QWidget

from ...domain.permissions import Permission, Role, has_permission
from ...services.actor import Actor

PageFactory = Callable[[Any, Actor], QWidget]

#: Modules imported by :func:`load_page_modules`; each may call :func:`register_page` at import time.
PAGE_MODULES: tuple[str, ...] = ("sti_desk.ui.intake", "sti_desk.ui.review.pages", "sti_desk.ui.admin.pages",
                                 "sti_desk.ui.calls")

SECTION_MAIN = ""
SECTION_LIFECYCLE = "项目全过程"
SECTION_BASE = "基础数据"
SECTION_SYSTEM = "系统"


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: PageFactory
    section: str = SECTION_MAIN
    order: int = 500
    permissions: tuple[Permission, ...] = ()
    roles: tuple[Role, ...] = ()
    placeholder: bool = False

    def visible_to(self, actor: Actor) -> bool:
        if self.roles and actor.role not in self.roles:
            return False
        if self.permissions and not any(has_permission(actor.role, p) for p in self.permissions):
            return False
        return True


_REGISTRY: dict[str, PageSpec] = {}


def register_page(key: str, title: str, factory: PageFactory, *, section: str | None = None,
                  order: int | None = None, permissions: tuple[Permission, ...] | None = None,
                  roles: tuple[Role, ...] | None = None) -> PageSpec:
    """Add a page, or replace the page with the same key (keeping its place and visibility unless given)."""
    old = _REGISTRY.get(key)
    base = old or PageSpec(key, title, factory)
    spec = replace(base, title=title, factory=factory, placeholder=False,
                   section=base.section if section is None else section,
                   order=base.order if order is None else order,
                   permissions=base.permissions if permissions is None else tuple(permissions),
                   roles=base.roles if roles is None else tuple(roles))
    _REGISTRY[key] = spec
    return spec


def page_spec(key: str) -> PageSpec | None:
    return _REGISTRY.get(key)


def all_pages() -> list[PageSpec]:
    return sorted(_REGISTRY.values(), key=lambda s: s.order)


def pages_for(actor: Actor) -> list[PageSpec]:
    return [s for s in all_pages() if s.visible_to(actor)]


_loaded = False


def load_page_modules() -> None:
    """Import the modules of :data:`PAGE_MODULES` once (their import registers their pages)."""
    global _loaded
    if _loaded:
        return
    for name in PAGE_MODULES:
        importlib.import_module(name if "." in name else f"{__name__}.{name}")
    _loaded = True


# -- built-in pages --------------------------------------------------------------------------------
def _lazy(module: str, attr: str) -> PageFactory:
    def factory(services: Any, actor: Actor) -> QWidget:
        page_class = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return page_class(services, actor)  # type: ignore[no-any-return]
    return factory


def _placeholder(key: str, title: str, headline: str, details: str, **kw: Any) -> None:
    def factory(services: Any, actor: Actor) -> QWidget:
        from .placeholder import PlaceholderPage

        return PlaceholderPage(title, headline, details)
    _REGISTRY[key] = PageSpec(key, title, factory, placeholder=True, **kw)


P = Permission
_VIEW = (P.VIEW_PROJECTS,)
_REGISTRY["my_reviews"] = PageSpec("my_reviews", "我的评审任务", _lazy("placeholder", "MyReviewsPage"),
                                   order=5, roles=(Role.REVIEWER,), placeholder=True)
_REGISTRY["dashboard"] = PageSpec("dashboard", "工作台", _lazy("dashboard", "DashboardPage"), order=10,
                                  permissions=_VIEW)
_REGISTRY["projects"] = PageSpec("projects", "项目库", _lazy("projects", "ProjectListPage"),
                                 section=SECTION_LIFECYCLE, order=20, permissions=_VIEW)
_placeholder("intake", "申报受理/形式审查", "申报受理与形式审查功能在后续版本提供",
             "将包括：Excel 批量导入申报书；自动形式审查（失信名单、负责人限项、重复申报、预算规则、"
             "规上工业企业研发机构、必填项），逐条显示不通过的原因；经办人给出审查结论。",
             section=SECTION_LIFECYCLE, order=30, permissions=(P.SCREEN,))
_placeholder("review", "专家评审", "专家评审功能在后续版本提供",
             "将包括：按技术领域从专家库随机抽取专家并自动回避（同单位、项目组成员、申报的利益冲突），"
             "记录随机种子以便复核；评分表逐项打分；去掉最高分和最低分后平均；分歧较大时提示；排名。",
             section=SECTION_LIFECYCLE, order=40, permissions=(P.ORGANISE_REVIEW, P.VIEW_ALL_SCORES))
_placeholder("approval", "立项/任务书", "立项与任务书功能在后续版本提供",
             "将包括：立项通知书；任务书的考核指标、进度节点和拨付计划。"
             "（拟立项名单审批、公示与异议处理已在“专家评审”页办理。）",
             section=SECTION_LIFECYCLE, order=50, permissions=_VIEW)
_placeholder("implementation", "实施与中期", "实施与中期检查功能在后续版本提供",
             "将包括：拨款、按科目登记支出、年度结转、预算调剂、变更申请（延期、更换负责人、终止）；"
             "中期自评报告（两头严、中间松，不是现场检查）。",
             section=SECTION_LIFECYCLE, order=60, permissions=_VIEW)
_placeholder("inspection", "检查", "检查功能在后续版本提供",
             "将包括：一个项目周期内“最多查一次”，再次安排检查时提示结果互认；问题线索核查须写明理由并经"
             "分管领导批准；双随机抽查自动跳过本周期已检查的项目。",
             section=SECTION_LIFECYCLE, order=70, permissions=_VIEW)
_placeholder("acceptance", "验收", "验收功能在后续版本提供",
             "将包括：执行期满后的验收申请、材料清单、验收专家组（同样回避）、考核指标完成情况、财务审计"
             "结果；结论为通过、结题或不通过，允许一次复议；绩效等级与验收意见书。",
             section=SECTION_LIFECYCLE, order=80, permissions=_VIEW)
_placeholder("balance", "结余资金", "结余资金功能在后续版本提供",
             "将包括：结余资金台账（已拨财政资金减已支出）；验收通过且信用良好的留用并跟踪使用，"
             "到期未用完的收回；不通过、终止或信用不良的立即收回；即将到期提醒。",
             section=SECTION_LIFECYCLE, order=90, permissions=_VIEW)
_REGISTRY["units"] = PageSpec("units", "单位库", _lazy("units", "UnitListPage"), section=SECTION_BASE,
                              order=100, permissions=_VIEW)
_placeholder("experts", "专家库", "专家库功能在后续版本提供",
             "将包括：专家信息、技术领域与专长、在库状态，以及声明的利益冲突（回避关系）。",
             section=SECTION_BASE, order=110, permissions=(P.EDIT_EXPERTS,))
_placeholder("admin", "系统管理", "系统管理功能在后续版本提供",
             "将包括：用户与角色、解锁账号、政策参数（按生效日期分版本）、备份与恢复、审计日志校验。",
             section=SECTION_SYSTEM, order=120, permissions=(P.MANAGE_USERS,))
