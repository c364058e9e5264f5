"""The manager after the round is closed: ranked list with the explanation and the marks by expert,
z-scores on request, the funding decision (within limits it moves the projects; over the cap it is
refused with the message; over the budget it needs an explicit acknowledgement)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money

from .chinese import assert_chinese
from .world import build_world, draw, submit_all


def _closed(services, app_ctx, clerk, admin, **kw):  # type: ignore[no-untyped-def]
    w = build_world(app_ctx, **kw)
    draw(services, clerk, w, admin, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk, w.call)
    return w


def _manager_page(qtbot, make_window, manager):  # type: ignore[no-untyped-def]
    window = make_window(manager, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    return window, page


def _state(services, admin, world):  # type: ignore[no-untyped-def]
    return {code: services.projects.get_project(admin, pid).state for code, pid in zip(world.codes, world.projects)}


def test_ranked_list_detail_and_z_scores(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                         manager_actor):
    w = _closed(services, app_ctx, clerk_actor, admin_actor)
    window, page = _manager_page(qtbot, make_window, manager_actor)
    results = page.results
    assert page.tabs.currentWidget() is results  # managers start on the results once closed
    expected = services.review.results(manager_actor, w.call, with_z=True)
    model = results.proxy
    assert model.rowCount() == 4
    ranked = [(model.index(r, 0).data(), model.index(r, 1).data(), model.index(r, 4).data()) for r in range(4)]
    assert ranked == [(str(r.rank), r.project.code, f"{r.score:.2f}") for r in expected.rows]
    assert [model.index(r, 10).data() for r in range(4)] == ["待决定"] * 4
    first = expected.rows[0]
    assert results.explanation.text().startswith(first.explanation)
    assert "去掉最高分" in results.explanation.text()
    assert results.marks_model.rowCount() == first.count == 5
    headers = results.marks_model.headers
    assert "创新性（30）" in headers and "计分" in headers and "标准分" not in headers
    assert results.view.isColumnHidden(8)
    results.z_check.setChecked(True)
    assert not results.view.isColumnHidden(8) and "标准分" in results.marks_model.headers
    assert first.mean_z is not None and model.index(0, 8).data() == f"{first.mean_z:.4f}"
    assert page.results.funding_button.isVisible() and page.results.funding_button.isEnabled()
    assert not page.progress.draw_action.isVisible()  # managers read the progress, never organise
    assert "汇总规则：去掉最高分和最低分后平均（5 个及以上分数时去掉最高分和最低分；不足时全部平均）" in \
        results.rule_label.text()
    assert_chinese(window)


def test_rule_line_of_a_median_call_says_nothing_about_dropping_marks(qtbot, make_window, services, app_ctx,  # type: ignore[no-untyped-def]
                                                                       clerk_actor, admin_actor, manager_actor):
    w = build_world(app_ctx)
    services.review.set_rubric(clerk_actor, w.call, aggregation="median")
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    _, page = _manager_page(qtbot, make_window, manager_actor)
    text = page.results.rule_label.text()
    assert "汇总规则：中位数；" in text and "去掉" not in text


def test_approving_within_limits_moves_projects(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                admin_actor, manager_actor, recorder):
    w = _closed(services, app_ctx, clerk_actor, admin_actor)
    window, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    assert_chinese(dialog)
    codes = [r.project.code for r in dialog.rows]
    dialog.set_checked(0)
    dialog.set_checked(1)
    assert dialog.amounts[0].isEnabled() and not dialog.amounts[2].isEnabled()
    dialog.amounts[1].setText("45")          # below the request: allowed
    assert "合计 95.00 万元" in dialog.total_label.text() and not dialog.over_label.isVisibleTo(dialog)
    dialog.note_edit.setPlainText("按评审排名择优资助")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert recorder.confirms and "将 2 个项目列入拟立项" in recorder.confirms[-1]
    states = _state(services, admin_actor, w)
    assert states[codes[0]] is ProjectState.PROPOSED and states[codes[1]] is ProjectState.PROPOSED
    assert states[codes[2]] is ProjectState.REJECTED and states[codes[3]] is ProjectState.REJECTED
    second = services.projects.get_project(admin_actor, dialog.rows[1].project.id)
    assert second.approved == Money.wan("45")
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.results.proxy.index(1, 10).data().endswith("45.00 万元")
    assert not page.results.funding_button.isEnabled()
    assert any("拟立项" in t for t in recorder.infos)


def test_over_cap_refused_with_the_message(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                           manager_actor, recorder):
    w = _closed(services, app_ctx, clerk_actor, admin_actor, requested=("90", "60", "70", "40"))
    window, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(dialog.rows) if r.requested == Money.wan("90"))
    assert dialog.amounts[row].text() == "80.00"   # default: the request, capped
    dialog.set_checked(row)
    dialog.amounts[row].setText("90")
    assert "超过单项资助上限 80.00 万元" in dialog.problems_label.text()
    code = dialog.rows[row].project.code
    assert f"项目 {code} 拟资助 90.00 万元" in dialog.problems_label.text()     # (a space after the code)
    assert not dialog.ok_button.isEnabled() and "资助名单有误" in dialog.ok_button.toolTip()  # while the error shows
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "" and dialog.isVisible()
    assert not dialog.approve()                                   # and refused if called anyway
    assert "资助名单有误，未审批" in dialog.error_label.text()
    assert "超过单项资助上限 80.00 万元" in dialog.error_label.text()
    assert recorder.confirms == []
    assert set(_state(services, admin_actor, w).values()) == {ProjectState.REVIEW}
    assert dialog.isVisible()
    dialog.amounts[row].setText("80")                             # corrected: 确认审批 is offered again
    assert dialog.ok_button.isEnabled() and dialog.problems_label.text() == ""


def test_over_budget_needs_explicit_acknowledgement(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                    admin_actor, manager_actor, recorder):
    w = _closed(services, app_ctx, clerk_actor, admin_actor)   # 50 + 60 + 70 + 40 = 220 > 200
    window, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    dialog.select_by_rank()
    assert sum(c.checkState() == Qt.CheckState.Checked for c in dialog.checks) == 3   # stops within the budget
    for i in range(4):
        dialog.set_checked(i)
    assert dialog.over_label.isVisibleTo(dialog) and "超过批次总预算 200.00 万元" in dialog.over_label.text()
    assert not dialog.ok_button.isEnabled()
    dialog.ack_check.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert_chinese(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "超过批次总预算" in recorder.confirms[-1]
    assert set(_state(services, admin_actor, w).values()) == {ProjectState.PROPOSED}


def test_nothing_ticked_cannot_be_approved(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                           manager_actor, recorder):
    """An empty list would turn every project of the round into 不予立项, irreversibly: not offered."""
    w = _closed(services, app_ctx, clerk_actor, admin_actor)
    _, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled() and "至少勾选" in dialog.ok_button.toolTip()
    dialog.set_checked(0)
    assert dialog.ok_button.isEnabled()
    dialog.set_checked(0, False)
    assert not dialog.approve() and "资助清单为空" in dialog.error_label.text()
    assert recorder.confirms == [] and set(_state(services, admin_actor, w).values()) == {ProjectState.REVIEW}


def test_an_open_competition_amount_below_the_p5_minimum_is_shown_and_refused(qtbot, make_window, services,  # type: ignore[no-untyped-def]
                                                                             app_ctx, clerk_actor, admin_actor,
                                                                             manager_actor, recorder):
    from sqlalchemy import select

    from sti_desk.db.tables import CallRow

    w = build_world(app_ctx, cap=Money.wan(300), budget=Money.wan(3000), requested=("113", "150", "120", "100"))
    with app_ctx.db.uow("test") as uow:
        uow.session.scalar(select(CallRow).where(CallRow.code == w.call)).category = "open_competition"
        uow.commit()
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    _, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    row = next(i for i, r in enumerate(dialog.rows) if r.requested == Money.wan("113"))
    dialog.set_checked(row)
    dialog.amounts[row].setText("90.4")
    assert "低于揭榜挂帅项目最低资助额 100.00 万元" in dialog.problems_label.text()
    assert not dialog.approve() and "P5" in dialog.error_label.text()
    assert recorder.confirms == [] and set(_state(services, admin_actor, w).values()) == {ProjectState.REVIEW}
    dialog.amounts[row].setText("100")
    assert dialog.problems_label.text() == ""
    assert_chinese(dialog)
