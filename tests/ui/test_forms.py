"""Inline validation in the edit dialogs and the refused stale edit (乐观锁)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sti_desk.domain.money import Money
from sti_desk.ui.forms.fields import MoneyEdit, money_edit_text
from sti_desk.ui.forms.project_edit import ProjectEditDialog
from sti_desk.ui.forms.unit_edit import UnitEditDialog

from .helpers import create_project, id_number, type_into


def _new_dialog(qtbot, services, actor, project_id=None):  # type: ignore[no-untyped-def]
    dialog = ProjectEditDialog(services, actor, project_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_bad_id_number_and_missing_fields_shown_inline(qtbot, qapp_configured, services, clerk_actor, seeded,  # type: ignore[no-untyped-def]
                                                       recorder):
    dialog = _new_dialog(qtbot, services, clerk_actor)
    dialog.call_combo.select(seeded["call"])
    dialog.unit_combo.select(seeded["unit_a"])
    type_into(dialog.leader_edit, "陈明")
    qtbot.keyClicks(dialog.leader_id_edit, "330102198001011234")  # wrong check digit
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    errors = dialog.grid.errors
    assert errors["leader_id_number"].isVisible()
    assert "校验位错误" in errors["leader_id_number"].text()
    assert errors["title"].text() == "请填写项目名称"
    assert errors["field"].text() == "请选择技术领域"
    assert errors["requested"].text() == "请填写申请财政资金（须大于 0）"
    assert not errors["leader_name"].isVisible()
    assert dialog.general_error.text() == "请按红色提示修改后再保存"

    # fixing the fields clears the messages on the next save and creates the project
    dialog.leader_id_edit.setText(id_number(3))
    type_into(dialog.title_edit, "新型储能材料")
    dialog.field_combo.setCurrentIndex(dialog.field_combo.findData("新材料"))
    qtbot.keyClicks(dialog.requested_edit, "12.3456789")  # the validator stops at 6 decimals (1 分)
    assert dialog.requested_edit.text() == "12.345678"
    assert dialog.save() is True
    detail = services.projects.get_project(clerk_actor, dialog.project_id)
    assert detail.requested == Money.wan("12.345678")
    assert not any(e.isVisible() for e in errors.values())


def test_end_before_start_and_budget_row_errors(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    from datetime import date

    dialog = _new_dialog(qtbot, services, clerk_actor)
    dialog.start_edit.set_value(date(2026, 1, 1))
    dialog.end_edit.set_value(date(2025, 1, 1))
    dialog.team.add_row(["王五", "123", "成员"])
    assert dialog.save() is False
    assert "项目组成员第 1 行" in dialog.team.error.text()
    dialog.team.set_rows([])
    assert dialog.save() is False
    assert dialog.grid.errors["end"].text() == "结束日期须晚于开始日期"


def test_money_edit_is_exact():  # type: ignore[no-untyped-def]
    assert money_edit_text(Money.wan("12.5")) == "12.50"
    assert money_edit_text(Money(1)) == "0.000001"
    assert money_edit_text(Money.wan("3")) == "3.00"


def test_money_edit_validator(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "1a2.3-4")
    assert edit.text() == "12.34"
    assert edit.money() == Money.wan("12.34")
    edit.clear()
    assert edit.money() == Money(0)


def test_stale_edit_is_refused_and_reload_offered(qtbot, qapp_configured, services, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                  seeded, recorder):
    pid = create_project(services, admin_actor, seeded, "城市内涝预警模型")
    first = _new_dialog(qtbot, services, clerk_actor, pid)
    second = _new_dialog(qtbot, services, clerk_actor, pid)
    assert first.version == second.version == 1
    first.title_edit.setText("城市内涝智能预警模型")
    assert first.save() is True

    recorder.confirm_answer = True  # "重新加载"
    second.title_edit.setText("城市内涝预警模型（第二人修改）")
    assert second.save() is False
    assert recorder.confirms and "已被其他人修改" in recorder.confirms[0]
    assert "重新加载" in recorder.confirms[0] or "重新打开" in recorder.confirms[0]
    # reloaded: the other clerk's title and the new version are in the form now
    assert second.title_edit.text() == "城市内涝智能预警模型"
    assert second.version == 2
    assert services.projects.get_project(clerk_actor, pid).title == "城市内涝智能预警模型"
    second.title_edit.setText("城市内涝智能预警模型（修订）")
    assert second.save() is True


def test_edit_keeps_budget_and_team(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    dialog = _new_dialog(qtbot, services, clerk_actor)
    dialog.call_combo.select(seeded["call"])
    dialog.unit_combo.select(seeded["unit_a"])
    dialog.title_edit.setText("芯片散热新材料")
    dialog.field_combo.setCurrentIndex(dialog.field_combo.findData("新材料"))
    dialog.leader_edit.setText("周宁")
    dialog.leader_id_edit.setText(id_number(11))
    dialog.requested_edit.setText("20")
    dialog.budget.add_row(["业务费", "15", "5", ""])
    dialog.team.add_row(["吴涛", id_number(12), "成员"])
    assert dialog.save() is True
    pid = dialog.project_id

    edit = _new_dialog(qtbot, services, clerk_actor, pid)
    assert edit.budget.rows() == [["业务费", "15.00", "5.00", ""]]
    assert not edit.call_combo.isEnabled()
    edit.summary_edit.setPlainText("只改摘要")
    assert edit.save() is True
    detail = services.projects.get_project(clerk_actor, pid)
    assert detail.summary == "只改摘要"
    assert [b.subject for b in detail.budget_lines] == ["业务费"]
    assert [m.name for m in detail.team] == ["吴涛"]


def test_unit_dialog_inline_errors_and_save(qtbot, qapp_configured, services, clerk_actor, recorder):  # type: ignore[no-untyped-def]
    from .helpers import credit_code

    dialog = UnitEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code_edit.setText("91330100ABC")
    assert dialog.save() is False
    assert dialog.grid.errors["name"].text() == "请填写单位名称"
    assert "应为 18 位" in dialog.grid.errors["credit_code"].text()
    dialog.name_edit.setText("宁波海智装备有限公司")
    dialog.code_edit.setText(credit_code(9))
    assert dialog.save() is True
    unit = services.units.get_unit(clerk_actor, dialog.unit_id)
    assert unit.name == "宁波海智装备有限公司"

    # a second unit with the same credit code: the service's message lands under the field
    again = UnitEditDialog(services, clerk_actor)
    qtbot.addWidget(again)
    again.name_edit.setText("另一家公司")
    again.code_edit.setText(credit_code(9))
    assert again.save() is False
    assert "已登记为" in again.grid.errors["credit_code"].text()
