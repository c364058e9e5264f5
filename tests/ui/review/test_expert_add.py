"""专家库: 新增专家 (inline checks, typed work unit), 导入… (the wizard set to experts), the work unit in the
edit dialog, and the list loaded by one service call."""
from __future__ import annotations

from sti_desk.ui.intake.wizard import ImportWizard
from sti_desk.ui.review import common
from sti_desk.ui.review.expert_add import TYPED_NOTE, ExpertAddDialog

from ..helpers import id_number
from .chinese import assert_chinese


def _page(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    window = make_window(actor, "experts")
    page = window.pages["experts"]
    qtbot.waitUntil(lambda: page.load_handle.done)
    return window, page


def test_add_expert_checks_inline_and_shows_the_typed_work_unit(qtbot, make_window, services, world,  # type: ignore[no-untyped-def]
                                                                clerk_actor, recorder):
    window, page = _page(qtbot, make_window, clerk_actor)
    assert page.add_action in page.toolbar.actions() and page.add_action.isEnabled()
    dialog = page.add_expert()
    assert isinstance(dialog, ExpertAddDialog)
    qtbot.addWidget(dialog)
    assert_chinese(dialog)
    good = id_number(777, "19700101")
    dialog.id_edit.setText(good[:-1] + ("0" if good[-1] != "0" else "1"))
    dialog.id_edit.textEdited.emit(dialog.id_edit.text())            # as typed: the check digit is checked at once
    assert "校验位错误" in dialog.grid.error_text("id_number")
    assert not dialog.save()                                         # nothing else filled: every field says why
    assert dialog.grid.error_text("name") == "请填写姓名" and dialog.grid.error_text("field") == "请选择技术领域"
    assert services.review.list_experts(clerk_actor) and len(services.review.list_experts(clerk_actor)) == 10

    dialog.name_edit.setText("陈教授")
    dialog.id_edit.setText(good)
    dialog.id_edit.textEdited.emit(good)
    assert dialog.grid.error_text("id_number") == ""
    dialog.field_combo.select("新材料")
    dialog.title_edit.setText("教授")
    dialog.unit_field.combo.setEditText("浙江大学")
    assert dialog.unit_field.note.text() == TYPED_NOTE
    dialog.unit_field.combo.setEditText("青溪县测试单位 03")                 # a registered unit, typed loosely
    assert dialog.unit_field.note.text() == "即单位库中的“青溪县测试单位03”，保存时关联该单位。"
    dialog.unit_field.combo.setEditText("浙江大学")
    assert dialog.save()
    qtbot.waitUntil(lambda: page.load_handle.done and page.proxy.rowCount() == 11)
    added = next(e for e in page.data.experts if e.name == "陈教授")
    assert (added.unit_id, added.unit_name, added.field) == (None, "浙江大学", "新材料")
    row = page.proxy.row_of_key(added.id)
    assert page.proxy.index(row, 1).data() == "浙江大学" and "不在单位库" in page.proxy.index(row, 1).data(3)
    assert common.selected_key(page.view) == added.id and "浙江大学（不在单位库）" in page.heading.text()

    # the edit dialog shows the typed unit and can link a registered one
    edit = page.edit_current()
    qtbot.addWidget(edit)
    assert edit.unit_field.combo.currentText() == "浙江大学"
    unit = services.units.list_units(clerk_actor)[3]
    edit.unit_field.combo.select(unit.id)
    assert edit.unit_field.note.text() == "单位库中的单位。"
    assert edit.save()
    qtbot.waitUntil(lambda: page.load_handle.done)
    again = services.review.get_expert(clerk_actor, added.id)
    assert (again.unit_id, again.unit_name, again.workplace) == (unit.id, unit.name, "")


def test_import_opens_the_wizard_for_experts(qtbot, make_window, world, clerk_actor):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, clerk_actor)
    assert page.import_action in page.toolbar.actions() and page.import_action.isEnabled()
    wizard = page.open_import()
    assert isinstance(wizard, ImportWizard)
    qtbot.addWidget(wizard)
    assert wizard.choose_page.kind_combo.value() == "experts"
    wizard.close()


def test_the_list_is_one_service_call(qtbot, make_window, services, drawn, clerk_actor, monkeypatch):  # type: ignore[no-untyped-def]
    calls = {"list": 0, "history": 0}
    real_list, real_history = services.review.list_experts, services.review.review_history

    def list_experts(*a, **k):  # type: ignore[no-untyped-def]
        calls["list"] += 1
        return real_list(*a, **k)

    def review_history(*a, **k):  # type: ignore[no-untyped-def]
        calls["history"] += 1
        return real_history(*a, **k)

    monkeypatch.setattr(services.review, "list_experts", list_experts)
    monkeypatch.setattr(services.review, "review_history", review_history)
    window, page = _page(qtbot, make_window, clerk_actor)
    assert calls == {"list": 1, "history": 0}                   # was one history per expert
    panel_expert = sorted(drawn.reviewers)[0]
    assert page.proxy.index(page.proxy.row_of_key(panel_expert), 7).data() == "4"
    assert common.select_key(page.view, panel_expert)
    assert calls["history"] == 1                                 # the selected expert's tab, once


def test_a_doubtful_phone_is_remarked_but_may_be_saved(qtbot, make_window, services, world, clerk_actor,  # type: ignore[no-untyped-def]
                                                       recorder):
    window, page = _page(qtbot, make_window, clerk_actor)
    dialog = page.add_expert()
    qtbot.addWidget(dialog)
    dialog.phone_edit.setText("1234567")
    dialog.phone_edit.editingFinished.emit()
    assert dialog.grid.error_text("phone").startswith("请核对：只有 7 位数字：固定电话缺少区号")
    dialog.phone_edit.setText("0571-88886666")
    dialog.phone_edit.editingFinished.emit()
    assert dialog.grid.error_text("phone") == ""
    dialog.phone_edit.setText("1234567")
    dialog.name_edit.setText("钱教授")
    dialog.id_edit.setText(id_number(778, "19700101"))
    dialog.field_combo.select("新材料")
    assert not dialog.save()                      # the first 添加 stops with the remark on screen …
    assert "只有 7 位数字" in dialog.grid.error_text("phone") and "再次点击“添加”" in dialog.grid.error_text("phone")
    assert len(services.review.list_experts(clerk_actor)) == 10
    assert dialog.save()                                             # … a remark, not a refusal
    assert any(e.phone == "1234567" for e in services.review.list_experts(clerk_actor))


def test_editing_an_expert_remarks_on_a_doubtful_phone(qtbot, make_window, services, world, clerk_actor,  # type: ignore[no-untyped-def]
                                                       recorder):
    """编辑专家 used to save a doubtful number at once: the remark was cleared by 保存 and the dialog closed."""
    window, page = _page(qtbot, make_window, clerk_actor)
    eid = world.experts[0]
    assert common.select_key(page.view, eid)
    dialog = page.edit_current()
    qtbot.addWidget(dialog)
    assert dialog.grid.error_text("phone") == ""
    dialog.phone_edit.setText("1234567")
    dialog.phone_edit.textEdited.emit("1234567")
    dialog.phone_edit.editingFinished.emit()                        # clicking 保存 leaves the field first
    assert "请核对" in dialog.grid.error_text("phone")
    assert not dialog.save() and dialog.isVisible()
    assert "再次点击“保存”" in dialog.grid.error_text("phone")
    assert services.review.get_expert(clerk_actor, eid).phone != "1234567"
    dialog.phone_edit.setText("88886666")                           # a changed number is checked again
    dialog.phone_edit.textEdited.emit("88886666")
    assert not dialog.save()
    dialog.phone_edit.setText("0571-8888666")
    dialog.phone_edit.textEdited.emit("0571-8888666")               # the remark follows the typing
    assert dialog.grid.error_text("phone") == ""
    dialog.phone_edit.setText("1234567")
    assert not dialog.save() and dialog.save()                      # 保存 twice: kept as typed
    assert services.review.get_expert(clerk_actor, eid).phone == "1234567"
    qtbot.waitUntil(lambda: page.load_handle.done)

    again = page.edit_current()                 # a stored doubtful number is remarked on, but does not stop 保存
    qtbot.addWidget(again)
    assert "请核对" in again.grid.error_text("phone")
    again.specialty_edit.setText("柔性电子")
    assert again.save()
    qtbot.waitUntil(lambda: page.load_handle.done)
    third = page.edit_current()
    qtbot.addWidget(third)
    third.phone_edit.setText("12345")                              # no phone number at all (as the import says)
    third.phone_edit.editingFinished.emit()
    assert "不是有效的电话号码" in third.grid.error_text("phone") and "再次点击" not in third.grid.error_text("phone")
    assert not third.save() and not third.save()                    # refused by the service, every time
    assert "不是有效的电话号码" in third.grid.error_text("phone")
    assert services.review.get_expert(clerk_actor, eid).phone == "1234567"
