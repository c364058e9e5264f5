"""形式审查 page: run the automatic checks, read every check, decide (a 不通过 needs a note), stale versions."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sti_desk.domain.lifecycle import ProjectState

from .support import run_screening


@pytest.fixture
def page(qtbot, make_window, clerk_actor, applications):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="intake")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    return page


def test_screening_shows_every_check_and_colours_failures(qtbot, page, recorder, applications):  # type: ignore[no-untyped-def]
    assert [i.auto_label for i in page.model.items] == ["未检查"] * 4
    assert "待处理 4 个" in page.count_label.text()
    assert not page.detail.pass_button.isEnabled()
    run_screening(qtbot, page)
    assert recorder.confirms and "4 个项目" in recorder.confirms[0]
    labels = {i.project_id: i.auto_label for i in page.model.items}
    assert labels[applications["ok"]] == "通过"
    assert labels[applications["cap"]] == "不通过"
    assert labels[applications["similar_a"]] == labels[applications["similar_b"]] == "需人工判断"
    assert "不通过 1 个" in page.banner.text() and "需人工判断 2 个" in page.banner.text()

    assert page.select_project(applications["cap"])
    checks = page.detail.check_texts()
    assert len(checks) == len(page.current_item().outcome.checks) >= 15
    name, status, message, rule = checks[0]  # failures first
    assert (name, status) == ("单项资助上限", "不通过") and "超过本批次单项资助上限" in message and rule
    model = page.detail.check_model
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert page.detail.pass_button.isEnabled() and page.detail.reject_button.isEnabled()

    assert page.select_project(applications["similar_a"])
    assert page.detail.check_texts()[0][1] == "需人工判断"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).name() == "#b26a00"

    page.status_combo.select("auto_fail")
    assert page.model.visible_count == 1 and "筛选后 1 个" in page.count_label.text()
    page.status_combo.select(None)
    assert page.current_item() is None  # the selected project was filtered out
    page.select_project(applications["similar_a"])
    page.view.sortByColumn(6, Qt.SortOrder.AscendingOrder)  # 自动检查: failures first, selection kept
    assert page.model.item_at(0).project_id == applications["cap"]
    assert page.current_item().project_id == applications["similar_a"]
    page.search_edit.setText("慢病")
    assert page.model.visible_count == 2 and page.current_item().project_id == applications["similar_a"]


def test_reject_without_note_is_refused_with_the_message(qtbot, page, recorder, services, admin_actor,  # type: ignore[no-untyped-def]
                                                         applications):
    run_screening(qtbot, page)
    page.select_project(applications["cap"])
    dialog = page.decide("reject")
    assert dialog is not None and dialog.isVisible()
    assert dialog.try_accept() is False
    assert dialog.refused and dialog.requirement.text() == "形式审查不通过必须填写理由。"
    assert dialog.requirement.isVisible()
    assert dialog.isVisible() and page.decide_handle is None
    assert services.projects.get_project(admin_actor, applications["cap"]).state is ProjectState.APPLIED

    dialog.note_edit.setPlainText("申请财政资金超过单项资助上限")
    assert dialog.try_accept()
    qtbot.waitUntil(lambda: page.decide_handle is not None and page.decide_handle.done)
    item = page.current_item()
    assert item.decision_label == "不通过" and item.state is ProjectState.REJECTED
    assert not page.detail.reject_button.isEnabled() and "已作出审查决定" in page.detail.why_label.text()
    assert "申请财政资金超过单项资助上限" in page.detail.decision_label.text()
    assert services.projects.get_project(admin_actor, applications["cap"]).state is ProjectState.REJECTED


def test_passing_over_failed_checks_needs_a_note_but_a_clean_pass_does_not(qtbot, page, recorder,  # type: ignore[no-untyped-def]
                                                                            services, admin_actor, applications):
    run_screening(qtbot, page)
    page.select_project(applications["cap"])
    dialog = page.decide("pass")
    assert not dialog.try_accept() and dialog.refused and "须填写说明" in dialog.requirement.text()
    dialog.reject()
    assert page.call_combo.currentText().endswith("（待审查 4 项）")
    page.select_project(applications["ok"])
    dialog = page.decide("pass")
    assert dialog.try_accept()
    qtbot.waitUntil(lambda: page.decide_handle is not None and page.decide_handle.done)
    assert services.projects.get_project(admin_actor, applications["ok"]).state is ProjectState.REVIEW
    assert "已转入“专家评审”阶段" in page.banner.text()
    assert page.call_combo.currentText().endswith("（待审查 3 项）")     # not the count before the decision


def test_stale_version_is_refused_and_reloaded(qtbot, page, recorder, services, admin_actor, applications):  # type: ignore[no-untyped-def]
    run_screening(qtbot, page)
    page.select_project(applications["ok"])
    services.projects.change_state(admin_actor, applications["ok"], ProjectState.SCREENING)  # a colleague
    dialog = page.decide("pass")
    assert dialog.try_accept()
    qtbot.waitUntil(lambda: page.decide_handle is not None and page.decide_handle.done)
    assert recorder.errors and "已被其他人修改" in recorder.errors[0] and "重新加载" in recorder.errors[0]
    qtbot.waitUntil(lambda: page.load_handle.done and page.current_item() is not None
                    and page.current_item().state is ProjectState.SCREENING)
    dialog = page.decide("pass")  # the reloaded version is accepted
    assert dialog.try_accept()
    qtbot.waitUntil(lambda: page.decide_handle.done)
    assert services.projects.get_project(admin_actor, applications["ok"]).state is ProjectState.REVIEW


def test_manager_sees_no_intake_page_and_empty_database_is_explained(qtbot, make_window, clerk_actor,  # type: ignore[no-untyped-def]
                                                                      manager_actor):
    assert make_window(manager_actor).navigate("intake") is None
    page = make_window(clerk_actor).navigate("intake")
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.count_label.text() == "尚无申报批次"
    assert not page.screen_action.isEnabled() and not page.export_action.isEnabled()
    assert page.import_action.isEnabled()



def test_double_click_and_detail_button_open_the_project_over_the_page(qtbot, page, applications):  # type: ignore[no-untyped-def]
    window = page.window()
    page.status_combo.select("todo")
    page.search_edit.setText("竹纤维")
    row = page.model.row_of(applications["cap"])
    page.view.activated.emit(page.model.index(row, 1))
    assert window.current_key() == "intake" and window.current_page() is page   # the clerk's place is kept
    detail = page.details.open_windows[applications["cap"]]
    assert detail.isVisible() and detail.parent() is page and detail.title_label.text() == "竹纤维复合板材制备工艺研究"
    assert page.search_edit.text() == "竹纤维"
    page.select_project(applications["cap"])
    page.detail.open_button.click()                        # 查看项目详情: the same window, raised
    assert page.details.open_windows == {applications["cap"]: detail}
    detail.close()
    assert page.details.open_windows == {}


def test_page_words_and_totals_are_the_shared_ones(qtbot, page, recorder, services, clerk_actor, applications):  # type: ignore[no-untyped-def]
    """待决定 (not 待定) in the table, the detail pane and the status filter; the banner's totals are
    screening_counts — the sentence ``sti-desk screen`` prints."""
    from sti_desk.services.intake_types import screening_counts
    from sti_desk.ui.intake.screening_model import COL_DECISION, display

    run_screening(qtbot, page)
    counts = screening_counts(services.intake.screening_results(clerk_actor, page.current_call().code))
    assert (counts.failed, counts.warned, counts.passed) == (1, 2, 1)
    assert f"已对 4 个项目完成自动检查：{counts.text()}。" in page.banner.text()
    page.select_project(applications["ok"])
    assert display(page.current_item(), COL_DECISION) == "待决定"
    assert page.detail.decision_label.text() == "审查决定：待决定"
    assert "审查决定：待决定" in [page.status_combo.itemText(i) for i in range(page.status_combo.count())]
