"""Main window: navigation by role, placeholders, the page registry, status bar, remembered state."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.ui import pages
from sti_desk.ui.main_window import MainWindow

from .helpers import create_project

ALL = ["工作台", "项目库", "申报受理/形式审查", "专家评审", "立项/任务书", "实施与中期", "检查", "验收", "结余资金",
       "单位库", "申报批次", "专家库", "系统管理"]


def nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text().strip() for i in range(window.nav.count())
            if window.nav.item(i).flags() & Qt.ItemFlag.ItemIsSelectable]


def test_pages_by_role(make_window, admin_actor, clerk_actor, manager_actor, reviewer_actor):  # type: ignore[no-untyped-def]
    assert nav_titles(make_window(admin_actor)) == ALL
    assert nav_titles(make_window(clerk_actor)) == [t for t in ALL if t != "系统管理"]
    assert nav_titles(make_window(manager_actor)) == [t for t in ALL if t not in
                                                      ("申报受理/形式审查", "专家库", "系统管理")]
    reviewer = make_window(reviewer_actor)
    assert nav_titles(reviewer) == ["我的评审任务"]
    assert reviewer.current_key() == "my_reviews" and not reviewer.specs["my_reviews"].placeholder
    assert reviewer.navigate("projects") is None  # not reachable even by key


def test_every_page_opens_and_placeholders_say_what_is_coming(qtbot, make_window, admin_actor):  # type: ignore[no-untyped-def]
    window = make_window(admin_actor)
    for key in list(window.specs):
        page = window.navigate(key)
        assert window.current_page() is page and window.current_key() == key
    assert window.pages["approval"].headline.text() == "立项与任务书功能在后续版本提供"
    assert window.pages["balance"].headline.text() == "结余资金功能在后续版本提供"
    qtbot.waitUntil(lambda: window.pages["projects"].load_handle.done)


def test_status_bar_shows_user_role_and_database(make_window, clerk_actor, app_ctx):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor)
    texts = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert any("李经办" in t and "经办人" in t for t in texts)
    assert any(t == f"数据库：{app_ctx.db_path}" for t in texts)
    assert "李经办" in window.windowTitle()


def test_register_page_replaces_placeholder(monkeypatch, make_window, clerk_actor):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "_REGISTRY", dict(pages._REGISTRY))
    made = []

    class ReviewPage(QWidget):
        def __init__(self, services, actor):  # type: ignore[no-untyped-def]
            super().__init__()
            made.append(actor.username)

    spec = pages.register_page("review", "专家评审", ReviewPage)
    assert spec.order == 40 and not spec.placeholder and spec.permissions  # place and roles kept
    pages.register_page("funds_report", "资金报表", ReviewPage, section=pages.SECTION_LIFECYCLE, order=95)
    window = make_window(clerk_actor)
    assert isinstance(window.navigate("review"), ReviewPage) and made == ["clerk"]
    assert nav_titles(window).index("资金报表") == nav_titles(window).index("结余资金") + 1


def test_dashboard_counts_and_tile_navigation(qtbot, make_window, clerk_actor, services, admin_actor, seeded):  # type: ignore[no-untyped-def]
    create_project(services, admin_actor, seeded, "甲项目", seq=1)
    pid = create_project(services, admin_actor, seeded, "乙项目", seq=2)
    services.projects.change_state(admin_actor, pid, ProjectState.SCREENING)
    window = make_window(clerk_actor, start_page="dashboard")
    dash = window.current_page()
    qtbot.waitUntil(lambda: dash.load_handle.done)
    assert dash.total_tile.value.text() == "2"
    assert dash.stage_tiles[ProjectState.SCREENING].value.text() == "1"
    assert dash.requested_tile.value.text() == "60.00"
    qtbot.mouseClick(dash.stage_tiles[ProjectState.SCREENING], Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert window.current_key() == "projects"
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert [r.id for r in page.model.visible_rows()] == [pid]


def test_dashboard_todo_list_opens_the_work(qtbot, make_window, clerk_actor, services, admin_actor, seeded):  # type: ignore[no-untyped-def]
    """待办事项: the clerk sees the waiting screening and registration; double-click opens the right page."""
    create_project(services, admin_actor, seeded, "甲项目", seq=1)
    pid = create_project(services, admin_actor, seeded, "乙项目", seq=2)
    services.projects.change_state(admin_actor, pid, ProjectState.SCREENING)
    window = make_window(clerk_actor, start_page="dashboard")
    dash = window.current_page()
    qtbot.waitUntil(lambda: dash.load_handle.done)
    texts = [dash.todo_list.item(i).text() for i in range(dash.todo_list.count())]
    assert any(t.endswith("有 1 个申报尚未提交形式审查") for t in texts)
    assert any(t.endswith("有 1 个项目待形式审查") for t in texts)
    row = next(i for i, t in enumerate(texts) if t.endswith("尚未提交形式审查"))
    dash.todo_list.itemActivated.emit(dash.todo_list.item(row))
    page = window.current_page()
    assert window.current_key() == "projects"
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert [r.title for r in page.model.visible_rows()] == ["甲项目"]


def test_dashboard_says_when_nothing_waits(qtbot, make_window, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="dashboard")
    dash = window.current_page()
    qtbot.waitUntil(lambda: dash.load_handle.done)
    assert [dash.todo_list.item(i).text() for i in range(dash.todo_list.count())] == ["目前没有需要您处理的事项。"]


def test_menu_new_project_opens_dialog(qtbot, make_window, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    from sti_desk.ui.forms.project_edit import ProjectEditDialog

    window = make_window(clerk_actor, start_page="units")
    window.new_project_action.trigger()
    assert window.current_key() == "projects"
    dialogs = [w for w in window.pages["projects"].findChildren(ProjectEditDialog)]
    assert dialogs and dialogs[0].windowTitle() == "新建项目"
    dialogs[0].reject()


def test_geometry_splitter_and_last_page_are_remembered(qtbot, qapp_configured, services, clerk_actor, app_ctx):  # type: ignore[no-untyped-def]
    first = MainWindow(services, clerk_actor, db_path=app_ctx.db_path)
    qtbot.addWidget(first)
    first.resize(1000, 720)
    first.show()
    first.splitter.setSizes([230, 970])
    first.navigate("units")
    qtbot.waitUntil(lambda: first.pages["units"].load_handle.done)
    first.close()

    second = MainWindow(services, clerk_actor, db_path=app_ctx.db_path)
    qtbot.addWidget(second)
    assert second.has_saved_geometry
    second.show_initial()
    assert second.height() == 720  # (the 800×800 offscreen screen clamps the width to the minimum)
    assert second.current_key() == "units"
    assert abs(second.splitter.sizes()[0] - 230) <= 2
    second.close()


def test_navigation_is_never_narrower_than_its_longest_item(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                             reviewer_actor, app_ctx):
    reviewer = MainWindow(services, reviewer_actor, db_path=app_ctx.db_path)       # one short entry
    qtbot.addWidget(reviewer)
    reviewer.resize(1366, 768)
    reviewer.show()
    reviewer.splitter.setSizes([60, 1300])                                          # dragged narrow
    reviewer.close()

    clerk = MainWindow(services, clerk_actor, db_path=app_ctx.db_path)            # same remembered divider
    qtbot.addWidget(clerk)
    clerk.resize(1366, 768)
    clerk.show()
    qtbot.wait(50)
    item = next(clerk.nav.item(i) for i in range(clerk.nav.count()) if "申报受理" in clerk.nav.item(i).text())
    needed = clerk.nav.fontMetrics().horizontalAdvance(item.text()) + 28             # text + the item's padding
    assert clerk.nav.viewport().width() >= needed
    assert clerk.nav.visualItemRect(item).width() >= needed
    clerk.close()


def test_unit_page_lists_and_edits(qtbot, make_window, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="units")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.model.total_count == 2
    page.search_edit.setText("农业")
    assert page.model.rowCount() == 1 and page.count_label.text() == "共 2 个单位（筛选后 1 个）"
    page.view.setCurrentIndex(page.model.index(0, 0))
    dialog = page.edit_current()
    assert dialog.name_edit.text() == "浙江省农业科学研究院"
    dialog.phone_edit.setText("0571-88888888")
    assert dialog.save() is True
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.model.unit_at(0).phone == "0571-88888888"


def test_column_menu_hides_and_restores_columns(qtbot, make_window, clerk_actor):  # type: ignore[no-untyped-def]
    from sti_desk.ui.models.project_table import COL_FIELD, HEADERS

    window = make_window(clerk_actor, start_page="projects")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    menu = page.column_menu()
    actions = [a for a in menu.actions() if a.isCheckable()]
    assert [a.text() for a in actions] == list(HEADERS)
    assert not actions[0].isEnabled() and not actions[1].isEnabled()  # 项目编号、项目名称 always shown
    actions[COL_FIELD].setChecked(False)
    assert page.view.horizontalHeader().isSectionHidden(COL_FIELD)
    page.reset_columns()
    assert not page.view.horizontalHeader().isSectionHidden(COL_FIELD)


def test_run_gui_with_actor_hook_and_cancelled_login(qtbot, qapp_configured, app_ctx, clerk_actor, monkeypatch):  # type: ignore[no-untyped-def]
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sti_desk.ui import app as app_module

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own; restored afterwards
    seen = []

    def close_main_window():  # type: ignore[no-untyped-def]
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                seen.append(w.current_key())
                w.close()

    QTimer.singleShot(300, close_main_window)
    assert app_module.run_gui(app_ctx, actor=clerk_actor, start_page="units") == 0
    assert seen == ["units"]

    monkeypatch.setattr(app_module, "login", lambda ctx, hint=None: None)  # 退出 on the login dialog
    assert app_module.run_gui(app_ctx, demo_hint="演示账号") == 0
