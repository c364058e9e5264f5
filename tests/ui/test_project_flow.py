"""Create a project through the dialog, find it by typing, open its detail, move it through stages."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.ui.login import LoginDialog

from .helpers import create_project, id_number, type_into


def _projects_page(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    window = make_window(actor, start_page="projects")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    return window, page


def _log_in(qtbot, services, username: str, password: str):  # type: ignore[no-untyped-def]
    """Through the login dialog, as the clerk does: type, press 登录."""
    dialog = LoginDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    return dialog.actor


def test_log_in_create_find_and_open_detail(qtbot, make_window, seeded, services, admin_actor,  # type: ignore[no-untyped-def]
                                            recorder):
    create_project(services, admin_actor, seeded, "工业互联网平台安全监测", seq=1)
    clerk_actor = _log_in(qtbot, services, "clerk", "clerk1234")
    window, page = _projects_page(qtbot, make_window, clerk_actor)
    assert page.model.total_count == 1
    assert page.count_label.text() == "共 1 个项目"

    dialog = page.new_project()
    dialog.call_combo.select(seeded["call"])
    dialog.unit_combo.select(seeded["unit_b"])
    type_into(dialog.title_edit, "水稻病虫害智能监测与预警")
    dialog.field_combo.setCurrentIndex(dialog.field_combo.findData("现代农业"))
    type_into(dialog.leader_edit, "陈明")
    qtbot.keyClicks(dialog.leader_id_edit, id_number(7))
    dialog.start_edit.set_value(date(2025, 7, 1))
    dialog.end_edit.set_value(date(2027, 6, 30))
    qtbot.keyClicks(dialog.requested_edit, "35.5")
    qtbot.keyClicks(dialog.self_raised_edit, "40")
    dialog.budget.add_row(["设备费", "20", "10", "监测终端 40 台"])
    dialog.team.add_row(["刘洋", id_number(8), "骨干成员"])
    with qtbot.waitSignal(dialog.saved, timeout=3000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    project_id = saved.args[0]
    assert recorder.errors == []
    assert page.model.total_count == 2

    # instant search: code, title, unit and leader, case-insensitive, as you type
    type_into(page.search_edit, "病虫")
    assert page.model.visible_count == 1
    assert page.model.row_at(0).id == project_id
    assert page.count_label.text() == "共 2 个项目（筛选后 1 个）"
    page.search_edit.setText("农业科学")          # unit name
    assert [r.id for r in page.model.visible_rows()] == [project_id]
    page.search_edit.setText("2025-zd-0002")      # code, lower case
    assert [r.id for r in page.model.visible_rows()] == [project_id]
    page.search_edit.setText("陈明")               # leader
    assert page.model.visible_count == 1
    page.search_edit.setText("不存在的项目")
    assert page.model.visible_count == 0
    page.search_edit.clear()
    assert page.model.visible_count == 2

    # filters through the combos (values stay enum members / ids)
    page.state_combo.select(ProjectState.SCREENING)
    assert page.state_combo.value() is ProjectState.SCREENING
    assert page.model.visible_count == 0
    page.state_combo.select(ProjectState.APPLIED)
    assert page.model.visible_count == 2
    page.unit_combo.select(seeded["unit_b"])
    assert [r.id for r in page.model.visible_rows()] == [project_id]
    assert page.count_label.text() == "共 2 个项目（筛选后 1 个）"
    page.clear_filters()
    assert page.model.visible_count == 2

    # Enter opens the detail with the timeline
    row = page.model.view_row_of(project_id)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, 1))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    detail = page.details.open_windows[project_id]
    qtbot.addWidget(detail)
    assert detail.isVisible()
    assert detail.title_label.text() == "水稻病虫害智能监测与预警"
    statuses = detail.timeline.statuses()
    assert statuses["申报"] == "current"
    assert statuses["形式审查"] == "todo" and statuses["归档"] == "todo"
    assert detail.events.rowCount() == 1 and detail.events.item(0, 1).text() == "登记申报"
    assert set(detail.transition_buttons) == {ProjectState.SCREENING}
    assert detail.transition_buttons[ProjectState.SCREENING].text() == "提交形式审查"
    basic = detail.tabs.widget(0)
    assert basic.budget_table.item(0, 0).text() == "设备费"
    assert basic.team_table.item(0, 0).text() == "刘洋"
    assert detail.tabs.tabText(1) == "形式审查"

    # stage change: submitted for screening; the list row follows at once
    qtbot.mouseClick(detail.transition_buttons[ProjectState.SCREENING], Qt.MouseButton.LeftButton)
    assert detail.detail.state is ProjectState.SCREENING
    assert detail.timeline.statuses()["申报"] == "done"
    assert detail.timeline.statuses()["形式审查"] == "current"
    assert page.model.row_by_id(project_id).state is ProjectState.SCREENING

    # refused by the lifecycle guard: the Chinese message is shown
    assert detail.change_state(ProjectState.REVIEW) is False
    assert recorder.errors and "形式审查尚未通过" in recorder.errors[-1]

    # a side exit with its reason
    recorder.reason = "申报单位不在本区注册"
    assert detail.change_state(ProjectState.REJECTED) is True
    statuses = detail.timeline.statuses()
    assert statuses["不予立项"] == "current" and statuses["形式审查"] == "done"
    assert statuses["专家评审"] == "skipped"
    assert detail.events.item(0, 4).text() == "申报单位不在本区注册"
    assert not detail.transition_buttons
    detail.close()


def test_manager_cannot_create_or_edit(qtbot, make_window, manager_actor, seeded, services, admin_actor):  # type: ignore[no-untyped-def]
    create_project(services, admin_actor, seeded)
    _, page = _projects_page(qtbot, make_window, manager_actor)
    assert not page.new_action.isEnabled()
    assert "无权新建项目" in page.new_action.toolTip()
    detail = page.open_detail(page.model.row_at(0).id)
    qtbot.addWidget(detail)
    assert not detail.edit_button.isEnabled()
    detail.close()
