"""导出 on the project and unit lists (what the clerk sees), the screening results, and the templates."""
from __future__ import annotations

from datetime import date

import openpyxl

from sti_desk.ui.intake import files as intake_files

from ..helpers import create_project
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


def test_unit_list_exports_what_is_shown(qtbot, make_window, clerk_actor, seeded, saved):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="units")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    page.search_edit.setText("农业")
    handle = page.export()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][0].startswith("单位列表_") and saved["texts"] == ["已导出 1 家单位。"]
    text = "\n".join(str(c) for r in rows_of(saved["paths"][0]) for c in r if c)
    assert "浙江省农业科学研究院" in text and "杭州云芯电子科技有限公司" not in text


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
    assert saved["names"] == ["项目申报导入模板.xlsx"]
    assert "项目申报" in openpyxl.load_workbook(saved["paths"][0]).sheetnames
    run = page.run_screening()
    qtbot.waitUntil(lambda: run.done and page.load_handle.done)
    handle = page.export_results()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][1].startswith("形式审查结果_2025年度重点研发计划_")
    assert saved["texts"][1] == "已导出 1 个项目的形式审查结果。"
    assert any("智能灌溉控制系统研发" in [str(c) for c in r] for r in rows_of(saved["paths"][1]))
