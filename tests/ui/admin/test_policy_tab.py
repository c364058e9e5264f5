"""系统管理 → 政策参数 with pytest-qt: the parameters in force, the versions and their changes, a new version
through the dialog (a past date and a wrong value refused inline, then saved and shown as 待生效), and who
may see and change what."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QDialog

from sti_desk.domain.policy_params import PARAMETERS
from sti_desk.ui.admin import policy_dialog, policy_subjects
from sti_desk.ui.admin.policy_dialog import PolicyVersionDialog
from sti_desk.ui.admin.policy_tab import PolicyTab
from sti_desk.ui.review.common import select_key

from ..test_chinese_strings import assert_chinese

TOMORROW = date.today() + timedelta(days=1)


def _policy_tab(qtbot, make_window, admin_actor):  # type: ignore[no-untyped-def]
    window = make_window(admin_actor, "admin")
    page = window.pages["admin"]
    page.tabs.setCurrentWidget(page.policy)
    tab = page.policy
    qtbot.waitUntil(lambda: tab.load_handle is not None and tab.load_handle.done)
    return window, tab


def test_tab_shows_the_parameters_in_force_and_their_basis(qtbot, make_window, admin_actor):  # type: ignore[no-untyped-def]
    window, tab = _policy_tab(qtbot, make_window, admin_actor)
    assert tab.current_model.headers == ["参数", "当前值", "依据", "生效日期"]
    rows = {r.key: r.cells for r in tab.current_model.rows}
    assert len(rows) == len(PARAMETERS)
    assert rows["indirect_ceiling"] == ("P6 统一比例时的间接费用上限", "20%", "P6 · 001 篇三第 8 项", "2000-01-01")
    assert rows["retention_years"][1] == "3 年" and rows["open_competition_min"][1] == "100.00 万元"
    assert [r.cells[:2] for r in tab.versions_model.rows] == [("2000-01-01", "现行")]
    assert "最早的版本" in tab.detail_label.text()                       # the version in force is selected
    assert "现行版本：2000-01-01 起生效（系统默认参数（依据政策文件汇编））" in tab.summary_label.text()
    assert tab.new_button.isEnabled()
    assert_chinese(window)


def _fill_and_save(qtbot, shown):  # type: ignore[no-untyped-def]
    def fill(parent, services, actor, base, pending):  # type: ignore[no-untyped-def]
        dialog = PolicyVersionDialog(services, actor, base, pending, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        assert dialog.date_edit.value() == TOMORROW                       # default: tomorrow
        assert dialog.edits["indirect_ceiling"].text() == "20%"            # prefilled with the values in force
        assert dialog.edits["retention_years"].text() == "3"
        dialog.date_edit.set_value(date.today() - timedelta(days=3))
        dialog.edits["indirect_ceiling"].setText("25")                    # a percentage without %
        dialog.edits["indirect_ceiling"].editingFinished.emit()
        assert "不带 % 时按 0–1 的小数理解" in dialog._grid_of("indirect_ceiling").error_text("indirect_ceiling")
        assert not dialog.save()
        grid = dialog.head
        assert "请填写说明" in grid.error_text("note")
        assert "早于今天" in grid.error_text("effective_from")
        assert "「P6 统一比例时的间接费用上限」" in dialog._grid_of("indirect_ceiling").error_text("indirect_ceiling")
        assert_chinese(dialog)
        dialog.note_edit.setText("县科发〔2026〕12号")
        dialog.date_edit.set_value(TOMORROW)
        dialog.edits["indirect_ceiling"].setText("25%")
        dialog.edits["retention_years"].setText("")                      # empty = 不限
        carry = dialog.edits["carry_over"]
        assert isinstance(carry, QCheckBox) and carry.isChecked()
        carry.setChecked(False)
        assert dialog.save()
        return dialog.saved_id
    return fill


def test_a_new_version_is_saved_through_the_dialog_and_shown_as_pending(qtbot, make_window, services,  # type: ignore[no-untyped-def]
                                                                        admin_actor, monkeypatch):
    window, tab = _policy_tab(qtbot, make_window, admin_actor)
    shown: list[PolicyVersionDialog] = []
    monkeypatch.setattr(policy_dialog, "ask_new_version", _fill_and_save(qtbot, shown))
    assert tab.new_version()
    qtbot.waitUntil(lambda: tab.load_handle.done)
    assert [r.cells[:3] for r in tab.versions_model.rows] == [
        (f"{TOMORROW:%Y-%m-%d}", "待生效", "县科发〔2026〕12号"), ("2000-01-01", "现行", "系统默认参数（依据政策文件汇编）")]
    assert tab.versions_model.rows[0].cells[3] == "系统管理员"
    assert tab.selected().pending                                         # the new version is selected
    assert "改动 3 项" in tab.detail_label.text()
    changed = {r.key: r.cells for r in tab.detail_model.rows if r.bold}
    assert changed == {"indirect_ceiling": ("P6 统一比例时的间接费用上限", "25%", "20%"),
                       "carry_over": ("P10 年度结余结转下年使用", "否", "是"),
                       "retention_years": ("P11 结余资金留用年限", "不限", "3 年")}
    assert {r.key: r.cells[1] for r in tab.current_model.rows}["indirect_ceiling"] == "20%"   # not yet in force
    assert f"待生效：{TOMORROW:%Y-%m-%d}（县科发〔2026〕12号）" in tab.summary_label.text()
    assert services.policy.in_force(admin_actor, TOMORROW).indirect_ceiling == Decimal("0.25")
    assert select_key(tab.versions_view, tab.versions_model.rows[1].key)
    assert "最早的版本" in tab.detail_label.text() and not any(r.bold for r in tab.detail_model.rows)


def test_same_date_and_no_change_are_refused_in_the_dialog(qtbot, services, admin_actor):  # type: ignore[no-untyped-def]
    base = services.policy.history(admin_actor)[0]
    dialog = PolicyVersionDialog(services, admin_actor, base, [])
    qtbot.addWidget(dialog)
    dialog.note_edit.setText("无改动")
    assert not dialog.save() and "没有任何改动" in dialog.error.text()        # shown at the top of the form
    dialog.edits["publicity_working_days"].setText("7 个工作日")
    assert dialog.save() and dialog.result() == QDialog.DialogCode.Accepted
    again = PolicyVersionDialog(services, admin_actor, base, [])
    qtbot.addWidget(again)
    again.note_edit.setText("同日再建")
    again.edits["publicity_working_days"].setText("9")
    assert not again.save() and "已有一个政策参数版本" in again.head.error_text("effective_from")


def test_credit_levels_feed_the_minimum_level_and_subjects_can_be_ticked(qtbot, services, admin_actor,  # type: ignore[no-untyped-def]
                                                                        monkeypatch):
    base = services.policy.history(admin_actor)[0]
    dialog = PolicyVersionDialog(services, admin_actor, base, [])
    qtbot.addWidget(dialog)
    levels, minimum = dialog.edits["credit_levels"], dialog.edits["retention_min_credit"]
    levels.setText("优、良、中、差")
    levels.editingFinished.emit()
    assert [minimum.itemText(i) for i in range(minimum.count())] == ["优", "良", "中", "差"]
    assert minimum.value() is None                                       # 良好 is gone: nothing chosen
    dialog.note_edit.setText("信用等级调整")
    assert not dialog.save()
    assert dialog._grid_of("retention_min_credit").error_text("retention_min_credit") == (
        "「P11 结余留用所需最低信用等级」未填写：应为“信用等级”中的一个")
    minimum.select("良")

    def tick(self):  # type: ignore[no-untyped-def]
        for box in self.boxes:
            box.setChecked(box.text() in ("其他", "设备费"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(policy_subjects.SubjectsDialog, "exec", tick)
    button = dialog.findChild(policy_subjects.SubjectsButton)
    assert button.choose()
    assert dialog.edits["delegated_subjects"].text() == "其他、设备费"          # kept order, then new ones
    assert dialog.save()
    saved = services.policy.in_force(admin_actor, TOMORROW)
    assert saved.credit_levels == ("优", "良", "中", "差") and saved.retention_min_credit == "良"
    assert saved.delegated_subjects == ("其他", "设备费")
    assert policy_subjects.merged(["其他", "材料费"], ["材料费", "设备费", "其他"]) == ["其他", "材料费", "设备费"]


def test_who_sees_the_page_and_who_may_change_parameters(qtbot, make_window, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                         manager_actor, reviewer_actor):
    for actor in (clerk_actor, manager_actor, reviewer_actor):              # 系统管理 is for administrators
        window = make_window(actor)
        assert "admin" not in window.specs and window.navigate("admin") is None
    tab = PolicyTab(services, clerk_actor)                                   # reading is allowed, writing not
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.load_handle.done)
    assert len(tab.current_model.rows) == len(PARAMETERS)
    assert not tab.new_button.isEnabled() and "无权修改政策参数" in tab.new_button.toolTip()
