"""Every visible string of the intake page, its menus, the decision dialog and every wizard step is Chinese
(the walker of tests/ui/test_chinese_strings.py, applied to the widgets this package adds)."""
from __future__ import annotations

from PySide6.QtWidgets import QWizard

from sti_desk.ui.intake.wizard import ImportWizard

from ..test_chinese_strings import _actions, assert_chinese, offending
from .support import bad_file, good_file, run_screening

CALL = "2025年度重点研发计划"


def test_intake_page_and_decision_dialog(qtbot, make_window, clerk_actor, recorder, applications):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, start_page="intake")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    checked = assert_chinese(page)
    run_screening(qtbot, page)
    page.select_project(applications["cap"])
    checked += assert_chinese(page)
    menu_strings: list[tuple[str, str]] = []
    _actions(page.template_menu.actions(), "模板菜单", menu_strings, set())
    assert [t for _, t in menu_strings if offending(t)] == []
    for decision in ("pass", "reject"):
        dialog = page.decide(decision)
        dialog.try_accept()  # shows the inline message
        checked += assert_chinese(dialog)
        dialog.reject()
    assert checked > 100


def test_every_wizard_step(qtbot, qapp_configured, services, clerk_actor, admin_actor, seeded, tmp_path):  # type: ignore[no-untyped-def]
    wizard = ImportWizard(services, clerk_actor, services.calls.list_calls(admin_actor), call_id=seeded["call"])
    qtbot.addWidget(wizard)
    wizard.show()
    for button in (QWizard.WizardButton.HelpButton, QWizard.WizardButton.CustomButton1):
        wizard.button(button)  # created on demand: make sure their default texts are checked too
    assert_chinese(wizard)
    wizard.choose_page.path_edit.setText(str(tmp_path / "不存在.xlsx"))
    assert not wizard.choose_page.validatePage()
    assert_chinese(wizard)
    wizard.choose_page.path_edit.setText(str(bad_file(tmp_path / "有问题.xlsx", CALL)))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.handle.done, timeout=10000)
    assert_chinese(wizard)
    wizard.preview_page.tabs.setCurrentIndex(1)
    assert_chinese(wizard)
    wizard.back()
    wizard.choose_page.path_edit.setText(str(good_file(tmp_path / "正确.xlsx", CALL, 2)))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.handle.done, timeout=10000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=15000)
    assert_chinese(wizard)
