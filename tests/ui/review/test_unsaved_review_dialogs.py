"""放弃未保存的修改？ in the review area's edit dialogs: 新增专家, 编辑专家, 添加回避声明 and 审批资助名单."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sti_desk.ui.forms.unsaved import QUESTION
from sti_desk.ui.review.expert_add import ExpertAddDialog
from sti_desk.ui.review.expert_dialogs import ConflictDialog, ExpertEditDialog

from .test_manager_results import _closed, _manager_page


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_expert_dialogs_ask_only_when_something_changed(qtbot, qapp_configured, services, world, clerk_actor,  # type: ignore[no-untyped-def]
                                                        recorder):
    expert = services.review.get_expert(clerk_actor, world.experts[0])
    for make in (lambda: ExpertAddDialog(services, clerk_actor), lambda: ExpertEditDialog(services, clerk_actor, expert),
                 lambda: ConflictDialog(services, clerk_actor, expert)):
        dialog = _shown(qtbot, make())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)               # nothing typed (the edit form is filled): closes
        assert not dialog.isVisible(), type(dialog).__name__
    assert recorder.confirms == []

    add = _shown(qtbot, ExpertAddDialog(services, clerk_actor))
    add.name_edit.setText("陈教授")
    add.unit_field.combo.setEditText("浙江大学")
    edit = _shown(qtbot, ExpertEditDialog(services, clerk_actor, expert))
    edit.specialty_edit.setText("柔性电子材料")
    conflict = _shown(qtbot, ConflictDialog(services, clerk_actor, expert))
    conflict.reason_edit.setPlainText("曾与该单位合作研发")
    recorder.confirm_answer = False                             # 继续编辑
    for dialog, lost in ((add, "姓名、工作单位"), (edit, "专长"), (conflict, "回避理由")):
        dialog.close()
        assert dialog.isVisible() and recorder.confirms[-1].startswith(QUESTION)
        assert recorder.confirms[-1].endswith(f"：{lost}。"), recorder.confirms[-1]
    assert add.name_edit.text() == "陈教授" and edit.specialty_edit.text() == "柔性电子材料"
    recorder.confirm_answer = True                              # 放弃修改
    edit.reject()
    assert not edit.isVisible()
    assert services.review.get_expert(clerk_actor, expert.id).specialty == expert.specialty


def test_expert_saved_closes_without_asking(qtbot, qapp_configured, services, world, clerk_actor, recorder):  # type: ignore[no-untyped-def]
    expert = services.review.get_expert(clerk_actor, world.experts[0])
    dialog = _shown(qtbot, ExpertEditDialog(services, clerk_actor, expert))
    dialog.specialty_edit.setText("柔性电子材料")
    assert dialog.save() and not dialog.isVisible()
    assert recorder.confirms == []


def test_funding_list_asks_before_the_ticks_and_amounts_are_lost(qtbot, make_window, services, app_ctx,  # type: ignore[no-untyped-def]
                                                                 clerk_actor, admin_actor, manager_actor, recorder):
    _closed(services, app_ctx, clerk_actor, admin_actor)
    _, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and recorder.confirms == []   # opened and closed: nothing to lose

    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    dialog.set_checked(0)
    dialog.amounts[0].setText("12.5")
    dialog.note_edit.setPlainText("经党组会研究同意")
    recorder.confirm_answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert recorder.confirms[-1].endswith("：资助名单（勾选与资助额）、审批意见。"), recorder.confirms[-1]
    assert dialog.amounts[0].text() == "12.5" and dialog.items()[0]

    asked = len(recorder.confirms)
    recorder.confirm_answer = True                              # answers 确认审批 as well as 放弃修改
    assert dialog.approve() and not dialog.isVisible()
    assert len(recorder.confirms) == asked + 1 and "确定审批吗" in recorder.confirms[-1]   # no 放弃…？ after it
