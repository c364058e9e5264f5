"""拟立项公示 on the 专家评审 page: start, record and resolve objections, finish → 立项."""
from __future__ import annotations

from datetime import date, timedelta

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.ui.review import common, publicity_panel
from sti_desk.ui.review.publicity_dialogs import ObjectionDialog, ResolveDialog, StartPublicityDialog

from .chinese import assert_chinese
from .world import build_world, draw, submit_all


def refuse(*_args):  # type: ignore[no-untyped-def]
    raise AssertionError("这个测试不应提交")


def test_publicity_objection_and_approval(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                          manager_actor, recorder, monkeypatch):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    res = services.review.results(manager_actor, w.call)
    funded = [r.project.code for r in res.rows[:2]]
    services.review.approve_funding(manager_actor, w.call, [(c, Money.wan("40")) for c in funded])

    window = make_window(clerk_actor, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    panel = page.publicity
    assert panel.project_model.rowCount() == 2 and panel.start_button.isEnabled()
    assert [r.cells[6] for r in panel.project_model.rows] == ["待公示", "待公示"]
    start = date.today() - timedelta(days=21)
    monkeypatch.setattr(publicity_panel, "ask_start",
                        lambda parent, count, days, submit: submit(start, days, "县科技局网站", [], []))
    assert panel.start()
    qtbot.waitUntil(lambda: page.load_handle.done)
    # started three weeks ago: five working days are over, 立项 is the next step
    assert [r.cells[6] for r in panel.project_model.rows] == ["公示期已满，待办理立项"] * 2
    assert panel.objection_button.isEnabled() and "公示期已满" in panel.info.text()
    assert panel.finish_button.isEnabled() and "异议均已处理的项目转为" in panel.finish_button.toolTip()
    assert "确认立项" in panel.info.text()

    monkeypatch.setattr(publicity_panel, "ask_objection", lambda parent, pub, codes, submit:
                        submit(sorted(codes)[1], start, "匿名", "负责人同时承担其他项目") is not None)
    assert panel.record_objection()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert panel.objection_model.rowCount() == 1 and "未处理 1" in panel.objections_title.text()
    assert sorted(r.cells[6] for r in panel.project_model.rows) == ["公示期已满，异议待处理", "公示期已满，待办理立项"]

    assert panel.finish() is not None                        # the objected project waits
    qtbot.waitUntil(lambda: page.load_handle.done)
    states = {c: services.projects.get_project(admin_actor, pid).state for c, pid in zip(w.codes, w.projects)}
    assert states[sorted(funded)[0]] is ProjectState.APPROVED and states[sorted(funded)[1]] is ProjectState.PROPOSED
    assert "暂不立项" in recorder.infos[-1]

    assert common.select_key(panel.objection_view, panel.objection_model.rows[0].key)
    assert panel.resolve_button.isEnabled()
    monkeypatch.setattr(publicity_panel, "ask_resolution",
                        lambda parent, o, submit, on_stale: submit("经核查属实", True) is None)
    assert panel.resolve()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert services.projects.get_project(admin_actor, w.projects[w.codes.index(sorted(funded)[1])]).state \
        is ProjectState.REJECTED
    assert panel.objection_model.rows[0].cells[5] == "成立"
    assert sorted(r.cells[6] for r in panel.project_model.rows) == ["不予立项", "立项"]
    assert_chinese(window)

    pub = page.state.publicities[0]
    dialogs = [StartPublicityDialog(2, 5, refuse), ObjectionDialog(pub.projects, pub.start, pub.end, refuse),
               ResolveDialog(pub.objections[0], refuse)]
    for d in dialogs:
        qtbot.addWidget(d)
    assert_chinese(*dialogs)


def test_start_dialog_counts_holidays_and_make_up_days(qtbot):  # type: ignore[no-untyped-def]
    """National Day 2025: 1–8 October off, Sunday 28 Sept and Saturday 11 Oct are working days."""
    dialog = StartPublicityDialog(3, 5, refuse)
    qtbot.addWidget(dialog)
    dialog.start_edit.set_value(date(2025, 9, 26))
    assert dialog.end_label.text().startswith("2025-10-02") and "只跳过周末" in dialog.end_label.text()
    dialog.holidays_edit.setText("2025-10-01~2025-10-08")
    assert dialog.end_label.text() == "2025-10-10"
    dialog.workdays_edit.setText("2025-09-28，2025-10-11")
    assert dialog.end_label.text() == "2025-10-09"
    assert dialog.days() == ([date(2025, 10, d) for d in range(1, 9)], [date(2025, 9, 28), date(2025, 10, 11)])
    dialog.holidays_edit.setText("国庆")
    assert "不是有效的日期" in dialog.grid.error_text("holidays") and not dialog.ok_button.isEnabled()
    dialog.holidays_edit.setText("")
    assert dialog.grid.error_text("holidays") == "" and dialog.ok_button.isEnabled()
