"""申报批次 page and dialog: list and search, create, edit, stale save, rubric editing, rubric locked after
the first draw, read-only for the manager, export, and every visible string in Chinese."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory, FundingMode
from sti_desk.domain.review import default_rubric
from sti_desk.ui.calls.dialog import CallEditDialog
from sti_desk.ui.calls.page import CallListPage

from ..intake.support import record_saves, sheet_rows
from ..review.world import build_world, draw
from ..test_chinese_strings import assert_chinese

SEEDED = "2025-ZD"


def _page(qtbot, services, actor) -> CallListPage:  # type: ignore[no-untyped-def]
    page = CallListPage(services, actor)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitUntil(lambda: page.load_handle.done)
    return page


def _cells(page: CallListPage) -> list[list[str]]:
    p = page.proxy
    return [[p.data(p.index(r, c)) for c in range(p.columnCount())] for r in range(p.rowCount())]


def _fill_new(dialog: CallEditDialog) -> None:
    dialog.code_edit.setText("2026-CGZH")
    dialog.name_edit.setText("2026年度成果转化项目")
    dialog.year_spin.setValue(2026)
    dialog.category_combo.select(CallCategory.TRANSFER)
    dialog.funding_combo.select(FundingMode.LUMP_SUM)
    dialog.opens_edit.set_value(date(2026, 3, 1))
    dialog.closes_edit.set_value(date(2026, 4, 30))
    dialog.cap_edit.setText("12.345678")
    dialog.budget_edit.setText("300")
    dialog.ratio_edit.setText("0.5")
    dialog.plan_edit.edit.setText("60%/40%")


def test_navigation_places_the_page_under_base_data(make_window, clerk_actor, reviewer_actor):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor)
    keys = list(window.specs)
    assert keys.index("units") < keys.index("calls") < keys.index("experts")
    assert window.specs["calls"].section == "基础数据" and window.specs["calls"].title == "申报批次"
    assert "calls" not in make_window(reviewer_actor).specs


def test_list_search_and_create(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, clerk_actor)
    assert _cells(page) == [[SEEDED, "2025年度重点研发计划", "2025", "重点研发", "预算制", "2025-01-01 至 2099-12-31",
                             "50.00", "未设定", "70% / 30%", "0", "未抽取专家"]]
    dialog = page.new_call()
    qtbot.addWidget(dialog)
    _fill_new(dialog)
    assert dialog.plan_edit.meaning.text() == "签订任务书后 60%，验收通过后 40%（合计 100%）"
    dialog.tabs.setCurrentIndex(1)
    dialog.rubric_tab.criteria.table.item(3, 3).setText("1.5")        # 经济社会效益 weighs 1.5
    dialog.rubric_tab.criteria.add_row(["", "示范带动", "10", ""])
    assert dialog.rubric_tab.total_label.text() == "满分合计 110 分"
    dialog.rubric_tab.aggregation_combo.select("median")
    dialog.rubric_tab.per_group_spin.setValue(7)
    with qtbot.waitSignal(page.data_changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == ["calls"] and not dialog.isVisible()
    d = services.calls.details(clerk_actor, "2026-CGZH")
    assert d.call.cap == Money.wan("12.345678") and d.call.total_budget == Money.wan(300)   # exact, to the 分
    assert d.call.funding_mode is FundingMode.LUMP_SUM and d.call.disbursement_plan == "0.6,0.4"
    assert d.call.aggregation == "median" and d.call.experts_per_group == 7
    assert d.rubric.criterion("benefit").weight == Decimal("1.5") and d.rubric.codes[-1] == "c1"
    qtbot.waitUntil(lambda: page.load_handle.done and page.model.rowCount() == 2)
    page.search_edit.setText("成果转化")
    assert [r[0] for r in _cells(page)] == ["2026-CGZH"] and page.count_label.text() == "共 2 个批次（筛选后 1 个）"
    assert _cells(page)[0][6] == "12.345678"      # every 分 shown, as stored


def test_errors_on_both_tabs_and_nothing_saved(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    dialog = CallEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_new(dialog)
    dialog.code_edit.setText(SEEDED)                      # taken
    dialog.closes_edit.set_value(date(2026, 2, 1))         # before the opening
    dialog.plan_edit.edit.setText("70%,20%")
    assert dialog.plan_edit.meaning.text() == "拨付计划各笔之和须为 100%，现为 70%+20% = 90%"
    dialog.rubric_tab.criteria.add_row(["", "示范带动", "十", ""])
    dialog.rubric_tab.comment_for_edit.setText("不予资助")
    assert dialog.save() is False
    g, r = dialog.grid, dialog.rubric_tab.grid
    assert g.error_text("closes") == "申报截止日期不能早于开始日期"
    assert r.error_text("criteria") == "评分项第 6 行：满分“十”须为正整数"
    assert r.error_text("comment_required_for").startswith("“不予资助”不是推荐意见选项")
    assert [dialog.tabs.tabText(i) for i in range(2)] == ["基本信息（待修改）", "评审规则（待修改）"]
    assert dialog.tabs.currentIndex() == 0 and dialog.general_error.text() == "请按红色提示修改后再保存"
    # the form's own problems fixed, the service still refuses the taken code, inline
    dialog.closes_edit.set_value(None)
    dialog.plan_edit.edit.setText("1")
    dialog.rubric_tab.show_rubric(default_rubric())
    assert dialog.save() is False
    assert g.error_text("code") == "批次编号“2025-ZD”已被“2025年度重点研发计划”使用"
    assert [dialog.tabs.tabText(i) for i in range(2)] == ["基本信息（待修改）", "评审规则"]
    assert [c.code for c in services.calls.list_calls(clerk_actor)] == [SEEDED]
    dialog.code_edit.setText("2026-CGZH")
    assert dialog.save() is True


def test_edit_and_stale_save_offers_reload(qtbot, qapp_configured, services, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, clerk_actor)
    page.view.selectRow(0)
    dialog = page.edit_current()
    qtbot.addWidget(dialog)
    assert dialog.code_edit.isReadOnly() and dialog.windowTitle() == "编辑申报批次 — 2025年度重点研发计划"
    assert dialog.cap_edit.text() == "50.00" and dialog.status_label.text() == "0 个项目；未抽取专家"
    theirs = services.calls.get_by_code(clerk_actor, SEEDED)
    services.calls.save_call(clerk_actor, replace(theirs, name="同事改过的名称"))
    dialog.name_edit.setText("我改的名称")
    dialog.budget_edit.setText("800")
    recorder.confirm_answer = False
    assert dialog.save() is False
    assert "已被其他人修改" in recorder.confirms[-1] and dialog.name_edit.text() == "我改的名称"
    recorder.confirm_answer = True
    assert dialog.save() is False                           # reloads the colleague's version
    assert dialog.name_edit.text() == "同事改过的名称" and dialog.budget_edit.text() == "0.00"
    dialog.budget_edit.setText("800")
    assert dialog.save() is True
    now = services.calls.get_by_code(clerk_actor, SEEDED)
    assert now.name == "同事改过的名称" and now.total_budget == Money.wan(800)
    qtbot.waitUntil(lambda: page.load_handle.done)


def test_rubric_locked_after_the_draw(qtbot, qapp_configured, services, app_ctx, clerk_actor, admin_actor):  # type: ignore[no-untyped-def]
    world = build_world(app_ctx)
    draw(services, clerk_actor, world, admin_actor)
    page = _page(qtbot, services, clerk_actor)
    row = next(r for r in _cells(page) if r[0] == world.call)
    assert row[9] == "4" and row[10] == "第 1 轮 评分中"
    dialog = page.edit_call(world.call)
    qtbot.addWidget(dialog)
    tab = dialog.rubric_tab
    assert tab.locked and "已抽取评审专家" in tab.locked_label.text() and "评审公平" in tab.locked_label.text()
    assert not tab.criteria.isEnabled() and not tab.aggregation_combo.isEnabled() and not tab.per_group_spin.isEnabled()
    dialog.name_edit.setText("改名后的成果转化批次")          # the other fields stay editable
    assert dialog.save() is True
    info = services.review.get_rubric(clerk_actor, world.call)
    assert services.calls.get_by_code(clerk_actor, world.call).name == "改名后的成果转化批次"
    assert info.locked and info.aggregation == "trimmed_mean" and info.experts_per_group == 5
    qtbot.waitUntil(lambda: page.load_handle.done)


def test_manager_views_read_only_and_exports(qtbot, qapp_configured, services, manager_actor, seeded, monkeypatch,  # type: ignore[no-untyped-def]
                                             tmp_path):
    saved = record_saves(monkeypatch, tmp_path)
    page = _page(qtbot, services, manager_actor)
    assert not page.new_action.isEnabled() and page.edit_action.text() == "查看" and page.new_call() is None
    dialog = page.edit_call(SEEDED)
    qtbot.addWidget(dialog)
    assert dialog.save_button.isHidden() and not dialog.name_edit.isEnabled() and dialog.rubric_tab.locked
    assert dialog.save() is False
    handle = page.export()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["texts"] == ["已导出 1 个批次。"] and saved["names"][0].startswith("申报批次_")
    header, first = sheet_rows(saved["paths"][0])[:2]
    assert header[8] == "单项资助上限（万元）" and first[0] == SEEDED and Decimal(str(first[8])) == 50
    assert first[6].date() == date(2025, 1, 1)


def test_page_and_dialog_are_chinese(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    page = _page(qtbot, services, clerk_actor)
    new, edit = CallEditDialog(services, clerk_actor), CallEditDialog(services, clerk_actor, SEEDED)
    for dialog in (new, edit):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.tabs.setCurrentIndex(1)
    new.save()                                             # inline messages visible
    assert assert_chinese(page, new, edit) > 50


def test_double_click_opens_and_a_new_call_reaches_the_review_page(qtbot, make_window, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                                    seeded):
    window = make_window(clerk_actor)
    review = window.navigate("review")
    qtbot.waitUntil(lambda: review.load_handle is not None and review.load_handle.done)
    page = window.navigate("calls")
    qtbot.waitUntil(lambda: page.load_handle.done)
    view = page.view
    rect = view.visualRect(page.proxy.index(0, 1))
    qtbot.waitExposed(window)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # (as a person does: the
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # view needs the press first)
    opened = page.findChildren(CallEditDialog)
    assert len(opened) == 1 and opened[0].code_edit.text() == SEEDED
    opened[0].reject()
    dialog = page.new_call()
    _fill_new(dialog)
    assert dialog.save() is True
    qtbot.waitUntil(lambda: page.load_handle.done and review.load_handle.done)
    assert review.call_combo.index_of("2026-CGZH") >= 0
