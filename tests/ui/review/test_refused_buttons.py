"""Buttons the service would refuse are not offered: disabled, with a tool tip saying why (and where the step
is done instead). 公示期满，确认立项 during the publicity; 审批资助名单 while the round is open; in the project
window 拟立项并公示 and 公示期满立项, which only the review's own steps make (a bare stage change has neither
the score nor the publicity, so it was always refused after asking)."""
from __future__ import annotations

from datetime import date, timedelta

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.ui.detail.dialog import ProjectDetailDialog

from .helpers_rev import open_review_page
from .world import build_world, draw, submit_all


def _page(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    return open_review_page(qtbot, make_window, actor)[1]


def _detail(qtbot, services, actor, project_id):  # type: ignore[no-untyped-def]
    dialog = ProjectDetailDialog(services, actor, project_id)
    qtbot.addWidget(dialog)
    return dialog


def test_while_the_round_is_open_nothing_offers_the_funding_step(qtbot, make_window, services, app_ctx,  # type: ignore[no-untyped-def]
                                                                 clerk_actor, admin_actor, manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    page = _page(qtbot, make_window, manager_actor)
    button = page.results.funding_button
    assert not button.isEnabled() and button.toolTip() == "第 1 轮评审尚在评分中，结束评审后方可审批资助名单"
    dialog = _detail(qtbot, services, clerk_actor, w.projects[0])
    propose = dialog.transition_buttons[ProjectState.PROPOSED]
    assert propose.text() == "拟立项并公示" and not propose.isEnabled()
    assert propose.toolTip().startswith(f"{button.toolTip()}：由分管领导在“专家评审 → 评审结果与拟立项”")  # the same words
    reject = dialog.transition_buttons[ProjectState.REJECTED]
    assert reject.isEnabled()                            # 评审未入选 (with a reason) is a stage change of its own


def test_during_the_publicity_confirming_is_not_offered(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                        admin_actor, manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    top = services.review.results(manager_actor, w.call).rows[0].project
    services.review.approve_funding(manager_actor, w.call, [(top.code, Money.wan("40"))])
    page = _page(qtbot, make_window, clerk_actor)
    panel = page.publicity
    assert not panel.finish_button.isEnabled() and "没有进行中的公示" in panel.finish_button.toolTip()
    pub = services.review.start_publicity(clerk_actor, w.call, date.today())
    page.reload()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert panel.objection_button.isEnabled()
    assert not panel.start_button.isEnabled() and "没有待公示" in panel.start_button.toolTip()
    assert not panel.finish_button.isEnabled()
    assert panel.finish_button.toolTip() == (f"公示期至 {pub.end:%Y-%m-%d} 结束，期满后（"
                                             f"{pub.end + timedelta(days=1):%Y-%m-%d} 起）方可确认立项")
    dialog = _detail(qtbot, services, clerk_actor, top.id)
    approve = dialog.transition_buttons[ProjectState.APPROVED]
    assert not approve.isEnabled() and approve.toolTip().startswith(f"公示期至 {pub.end:%Y-%m-%d} 结束")
    assert dialog.transition_buttons[ProjectState.REJECTED].isEnabled()
