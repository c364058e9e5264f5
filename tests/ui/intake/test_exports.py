"""导出 on the project and unit lists and the 形式审查 page (what the clerk sees: filtered, searched, sorted rows,
the columns on screen), the full screening report, and the templates."""
from __future__ import annotations

from datetime import date, datetime

import openpyxl

from sti_desk.ui.intake import files as intake_files
from sti_desk.ui.models.project_table import COL_LEADER, COL_START, HEADERS
from sti_desk.ui.models.unit_table import HEADERS as UNIT_HEADERS

from ..helpers import create_project
from .support import run_screening
from .support import sheet_rows as rows_of


def test_dated_chinese_default_name():
    assert intake_files.dated_name("项目列表", date(2026, 11, 23)) == "项目列表_2026-11-23.xlsx"
    assert intake_files.dated_name("结果/批次:1", date(2026, 1, 2)) == "结果_批次_1_2026-01-02.xlsx"


def test_project_list_exports_the_filtered_rows(qtbot, make_window, clerk_actor, services, admin_actor, seeded,  # type: ignore[no-untyped-def]
                                                saved):
    for seq, title in enumerate(("智能灌溉控制系统研发", "茶叶病害识别系统研发", "竹材加工工艺研究"), start=1):
        create_project(services, admin_actor, seeded, title, seq=seq)
    window = make_window(clerk_actor, start_page="projects")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    page.search_edit.setText("系统研发")
    assert page.export_action.isEnabled()
    handle = page.export()
    qtbot.waitUntil(lambda: handle.done)
    name = saved["names"][0]
    assert name.startswith("项目列表_") and name.endswith(f"{date.today().isoformat()}.xlsx")
    assert saved["texts"] == ["已导出 2 个项目。"]
    rows = rows_of(saved["paths"][0])
    titles = [r[1] for r in rows]
    assert "智能灌溉控制系统研发" in titles and "茶叶病害识别系统研发" in titles and "竹材加工工艺研究" not in titles
    assert rows[1][HEADERS.index("申请金额(万元)")] == 30       # a number in 万元, not text


def test_project_list_export_leaves_out_hidden_columns_and_follows_moved_ones(qtbot, make_window, clerk_actor,  # type: ignore[no-untyped-def]
                                                                             services, admin_actor, seeded, saved):
    create_project(services, admin_actor, seeded, "智能灌溉控制系统研发", seq=1)
    page = make_window(clerk_actor, start_page="projects").current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    hh = page.view.horizontalHeader()
    for col in range(len(HEADERS)):
        hh.setSectionHidden(col, False)
    hh.setSectionHidden(COL_LEADER, True)                   # 负责人 hidden through the header's menu
    hh.moveSection(hh.visualIndex(COL_START), 0)            # 开始 dragged to the front
    handle = page.export()
    qtbot.waitUntil(lambda: handle.done)
    header, row = rows_of(saved["paths"][0])
    expected = ["开始", *(h for h in HEADERS if h not in ("开始", "负责人"))]
    assert header == expected and "张1" not in row
    assert row[0] == datetime(2025, 7, 1) and row[header.index("结束")] == datetime(2027, 6, 30)
    assert row[header.index("立项金额(万元)")] is None         # none approved yet: blank, as on screen
    assert saved["texts"] == ["已导出 1 个项目。"]


def test_unit_list_exports_what_is_shown(qtbot, make_window, clerk_actor, seeded, saved):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="units")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    page.search_edit.setText("农业")
    handle = page.export()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][0].startswith("单位列表_") and saved["texts"] == ["已导出 1 家单位。"]
    rows = rows_of(saved["paths"][0])
    text = "\n".join(str(c) for r in rows for c in r if c)
    assert "浙江省农业科学研究院" in text and "杭州云芯电子科技有限公司" not in text
    assert rows[0] == list(UNIT_HEADERS) and rows[1][-1] == 0   # 项目数 as a number


def test_manager_may_export_but_not_import(qtbot, make_window, manager_actor):  # type: ignore[no-untyped-def]
    window = make_window(manager_actor, start_page="units")
    assert window.current_page().export_action.isEnabled()


def test_templates_and_screening_results(qtbot, make_window, clerk_actor, services, admin_actor, seeded, saved,  # type: ignore[no-untyped-def]
                                         recorder):
    create_project(services, admin_actor, seeded, "智能灌溉控制系统研发", seq=1)
    page = make_window(clerk_actor, start_page="intake").current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    handle = page.download_template("applications")
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"] == ["项目申报导入模板.xlsx"] and saved["titles"] == ["模板已生成"]   # not 导出完成
    assert "项目申报" in openpyxl.load_workbook(saved["paths"][0]).sheetnames
    run = page.run_screening()
    qtbot.waitUntil(lambda: run.done and page.load_handle.done)
    handle = page.export_results()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][1].startswith("形式审查结果_2025年度重点研发计划_")
    assert saved["texts"][1] == "已导出 1 个项目的形式审查结果。" and saved["titles"][1] == "导出完成"
    assert any("智能灌溉控制系统研发" in [str(c) for c in r] for r in rows_of(saved["paths"][1]))


def test_screening_toolbar_export_writes_the_rows_filtered_on_screen(qtbot, make_window, clerk_actor, applications,  # type: ignore[no-untyped-def]
                                                                      saved, recorder):
    page = make_window(clerk_actor, start_page="intake").current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    run_screening(qtbot, page)
    assert page.export_button.defaultAction() is page.list_export.action and page.list_export.action.isEnabled()
    assert [a.text() for a in page.export_button.menu().actions()] == ["导出当前列表（按筛选和搜索）…",
                                                                       "导出全部审查结果（含检查明细）…"]
    page.status_combo.select("auto_warn")                    # the two similar titles
    page.search_edit.setText("常见")                          # … of which one says 常见
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(saved["texts"]))
    assert saved["names"][0].startswith("形式审查列表_2025年度重点研发计划_") and saved["texts"] == ["已导出 1 个项目。"]
    header, *rows = rows_of(saved["paths"][0])
    assert header == ["项目编号", "项目名称", "申报单位", "负责人", "申请金额(万元)", "阶段", "自动检查", "审查决定"]
    assert [(r[1], r[4], r[6]) for r in rows] == [("县域常见慢病早筛标志物研究", 30, "需人工判断")]

    page.export_button.menu().actions()[1].trigger()       # the whole call's report stays on offer
    qtbot.waitUntil(lambda: len(saved["texts"]) == 2)
    assert saved["names"][1].startswith("形式审查结果_") and saved["texts"][1] == "已导出 4 个项目的形式审查结果。"


def test_template_button_arrow_has_room_and_a_click_opens_the_menu(qtbot, make_window, clerk_actor):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QToolButton

    page = make_window(clerk_actor, start_page="intake").current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    button = page.template_button
    assert button.popupMode() is QToolButton.ToolButtonPopupMode.MenuButtonPopup   # the arrow in its own section
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()) + 20
    shown: list[bool] = []
    page.template_menu.aboutToShow.connect(lambda: (shown.append(True), QTimer.singleShot(0, page.template_menu.close)))
    button.click()
    assert shown == [True]
