"""放弃未保存的修改？ in 新建政策参数版本: a changed parameter, date or 说明 asks before Esc, 取消 or × throws it
away (naming the fields); the untouched, prefilled form closes at once; a save closes without a question."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from sti_desk.ui.admin.policy_dialog import PolicyVersionDialog
from sti_desk.ui.forms.unsaved import QUESTION


def _shown(qtbot, services, admin_actor):  # type: ignore[no-untyped-def]
    dialog = PolicyVersionDialog(services, admin_actor, services.policy.history(admin_actor)[0], [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_untouched_policy_form_closes_at_once(qtbot, qapp_configured, services, admin_actor, recorder):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, services, admin_actor)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and recorder.confirms == []


def test_changed_policy_form_asks_naming_the_fields(qtbot, qapp_configured, services, admin_actor, recorder):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, services, admin_actor)
    dialog.note_edit.setText("县科发〔2026〕12号")
    dialog.edits["indirect_ceiling"].setText("25%")
    dialog.edits["carry_over"].setChecked(not dialog.edits["carry_over"].isChecked())
    recorder.confirm_answer = False                                     # 继续编辑
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.findChild(QDialogButtonBox)
    next(b for b in box.buttons() if b.text() == "取消").click()
    dialog.close()
    assert len(recorder.confirms) == 3 and dialog.isVisible()
    assert recorder.confirms[-1].startswith(QUESTION)
    assert "说明" in recorder.confirms[-1] and "P6 统一比例时的间接费用上限" in recorder.confirms[-1]
    assert "P10 年度结余结转下年使用" in recorder.confirms[-1]
    assert dialog.edits["indirect_ceiling"].text() == "25%"
    recorder.confirm_answer = True                                      # 放弃修改
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert len(services.policy.history(admin_actor)) == 1               # nothing saved


def test_only_a_changed_date_asks_too(qtbot, qapp_configured, services, admin_actor, recorder):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, services, admin_actor)
    dialog.date_edit.set_value(date.today() + timedelta(days=30))
    recorder.confirm_answer = False
    dialog.close()
    assert dialog.isVisible() and recorder.confirms[-1].endswith("：生效日期。"), recorder.confirms


def test_saved_policy_version_closes_without_asking(qtbot, qapp_configured, services, admin_actor, recorder):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, services, admin_actor)
    dialog.note_edit.setText("县科发〔2026〕12号")
    dialog.edits["publicity_working_days"].setText("7")
    assert dialog.save()
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert recorder.confirms == [] and dialog.saved_id is not None
