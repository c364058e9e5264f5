"""项目库 opened from 工作台 with filters before its first load; the empty-list messages over the table."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from sti_desk.domain.lifecycle import ProjectState

from .helpers import create_project


def _second_call(services, admin) -> int:  # type: ignore[no-untyped-def]
    from sti_desk.domain.entities import Call
    from sti_desk.domain.money import Money
    from sti_desk.domain.policy import CallCategory

    return services.calls.save_call(admin, Call(
        code="2025-CG", name="2025年度成果转化计划", year=2025, category=CallCategory.KEY_RD,
        cap=Money.wan("50"), opens=date(2025, 1, 1), closes=date(2099, 12, 31)))


def test_todo_opens_the_list_filtered_by_its_call(qtbot, make_window, seeded, services, admin_actor,  # type: ignore[no-untyped-def]
                                                 clerk_actor):
    other = _second_call(services, admin_actor)
    mine = [create_project(services, admin_actor, seeded, f"智能灌溉控制系统研发{i}", seq=i) for i in (1, 2)]
    create_project(services, admin_actor, {**seeded, "call": other}, "秸秆综合利用技术示范", seq=3)
    window = make_window(clerk_actor, start_page="dashboard")
    dashboard = window.current_page()
    qtbot.waitUntil(lambda: dashboard.load_handle.done, timeout=5000)
    todo = next(dashboard.todo_list.item(i) for i in range(dashboard.todo_list.count())
                if "2025年度重点研发计划" in dashboard.todo_list.item(i).text()
                and "尚未提交形式审查" in dashboard.todo_list.item(i).text())
    assert "projects" not in window.pages  # the list is built (and starts loading) by this double-click
    dashboard.todo_list.itemActivated.emit(todo)
    page = window.current_page()
    assert page is window.pages["projects"] and not page.load_handle.done
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    assert page.call_combo.value() == seeded["call"]
    assert page.call_combo.currentText() == "2025年度重点研发计划"
    assert page.state_combo.value() is ProjectState.APPLIED
    assert sorted(r.id for r in page.model.visible_rows()) == sorted(mine)
    assert page.count_label.text() == "共 3 个项目（筛选后 2 个）"
    # the user's own choice afterwards is kept across a reload
    page.call_combo.select(other)
    assert page.model.visible_count == 1
    page.refresh()
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    assert page.call_combo.value() == other and page.model.visible_count == 1


def test_navigation_to_a_call_without_projects_shows_it_and_says_nothing_matches(  # type: ignore[no-untyped-def]
        qtbot, make_window, seeded, services, admin_actor, clerk_actor):
    other = _second_call(services, admin_actor)
    create_project(services, admin_actor, seeded, seq=1)
    window = make_window(clerk_actor, start_page="dashboard")
    page = window.navigate("projects", {"call_id": other})
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    # (the name of a call without projects is read in the background, never on the UI thread)
    qtbot.waitUntil(lambda: page.call_combo.currentText() == "2025年度成果转化计划", timeout=5000)
    assert page.call_combo.currentText() == "2025年度成果转化计划" and page.model.visible_count == 0
    assert page.empty_message.isVisible()
    assert page.empty_message.headline.text() == "没有符合筛选条件的项目"


def test_empty_messages_over_the_table(qtbot, make_window, seeded, services, admin_actor, clerk_actor):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="projects")
    page = window.current_page()
    assert not page.empty_message.isVisible()  # (not while loading)
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    message = page.empty_message
    assert message.isVisible() and message.headline.text() == "项目库中还没有项目"
    assert message.button.text() == "新建项目" and message.button.isEnabled()
    assert message.geometry() == page.view.viewport().rect()
    window.grab().save("/tmp/projects_empty_library.png")

    create_project(services, admin_actor, seeded, seq=1)
    page.refresh()
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    assert not message.isVisible()
    page.state_combo.select(ProjectState.REVIEW)
    assert message.isVisible() and message.headline.text() == "没有符合筛选条件的项目"
    assert message.button.text() == "清除筛选"
    window.grab().save("/tmp/projects_nothing_matches.png")
    qtbot.mouseClick(message.button, Qt.MouseButton.LeftButton)
    assert page.state_combo.value() is None and page.model.visible_count == 1 and not message.isVisible()
    page.search_edit.setText("没有这个项目")
    assert message.isVisible() and message.headline.text() == "没有符合筛选条件的项目"
    page.search_edit.clear()
    assert not message.isVisible()
