"""放弃未保存的修改？ (forms.unsaved): Esc, 取消 and the close button ask before typed input is lost; nothing
changed closes at once; a save closes without asking."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from sti_desk.domain.permissions import Role
from sti_desk.ui.admin.user_dialogs import PasswordDialog, UserDialog
from sti_desk.ui.calls.dialog import CallEditDialog
from sti_desk.ui.forms.project_edit import ProjectEditDialog
from sti_desk.ui.forms.unit_edit import UnitEditDialog
from sti_desk.ui.forms.unsaved import QUESTION

from .helpers import create_project, type_into


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _cancel_button(dialog):  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    return next(b for b in box.buttons() if b.text() == "取消")


def test_changed_project_asks_and_keep_editing_keeps_the_input(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                               seeded, recorder):
    pid = create_project(services, clerk_actor, seeded)
    dialog = _shown(qtbot, ProjectEditDialog(services, clerk_actor, pid))
    dialog.title_edit.clear()
    type_into(dialog.title_edit, "改过的项目名称")
    dialog.budget.add_row(["设备费", "1", "0", "购置"])
    recorder.confirm_answer = False                                   # 继续编辑

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(recorder.confirms) == 1
    assert recorder.confirms[0].startswith(QUESTION)
    assert "项目名称、预算明细" in recorder.confirms[0]                 # says what would be lost
    assert dialog.isVisible() and dialog.title_edit.text() == "改过的项目名称"
    assert dialog.budget.rows() == [["设备费", "1", "0", "购置"]]

    qtbot.mouseClick(_cancel_button(dialog), Qt.MouseButton.LeftButton)  # 取消
    dialog.close()                                                      # the window's close button
    assert len(recorder.confirms) == 3 and dialog.isVisible()

    recorder.confirm_answer = True                                     # 放弃修改
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert services.projects.get_project(clerk_actor, pid).title == "智能灌溉控制系统研发"


def test_unchanged_edit_closes_without_asking(qtbot, qapp_configured, services, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                              seeded, recorder):
    pid = create_project(services, clerk_actor, seeded)
    users = services.auth.list_users(admin_actor)
    clerk = next(u for u in users if u.username == "clerk")
    for dialog in (ProjectEditDialog(services, clerk_actor, pid), ProjectEditDialog(services, clerk_actor),
                   UnitEditDialog(services, clerk_actor, seeded["unit_a"]), CallEditDialog(services, clerk_actor, "2025-ZD"),
                   UserDialog(services, admin_actor, [], clerk), UserDialog(services, admin_actor, []),
                   PasswordDialog("clerk", lambda _p: None)):
        _shown(qtbot, dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), type(dialog).__name__
    assert recorder.confirms == []


def test_typing_back_the_stored_value_is_no_change(qtbot, qapp_configured, services, clerk_actor, seeded,  # type: ignore[no-untyped-def]
                                                   recorder):
    dialog = _shown(qtbot, UnitEditDialog(services, clerk_actor, seeded["unit_a"]))
    dialog.phone_edit.setText("0571-1234")
    dialog.phone_edit.setText("")
    dialog.close()
    assert not dialog.isVisible() and recorder.confirms == []


def test_each_edit_dialog_asks_naming_the_field(qtbot, qapp_configured, services, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                seeded, recorder):
    users = services.auth.list_users(admin_actor)
    clerk = next(u for u in users if u.username == "clerk")
    unit = UnitEditDialog(services, clerk_actor, seeded["unit_a"])
    call = CallEditDialog(services, clerk_actor, "2025-ZD")
    new_call = CallEditDialog(services, clerk_actor)
    user = UserDialog(services, admin_actor, [], clerk)
    new_user = UserDialog(services, admin_actor, [])
    password = PasswordDialog("clerk", lambda _p: None)
    cases = ((unit, lambda: unit.above_scale_check.setChecked(True), "企业规模"),
             (call, lambda: call.cap_edit.setText("20"), "单项资助上限"),
             (call, lambda: call.rubric_tab.recommendations_edit.setText("建议资助"), "单项资助上限、推荐意见选项"),
             (new_call, lambda: new_call.year_spin.setValue(2030), "年度"),
             (user, lambda: user.role_combo.select(Role.MANAGER.value), "角色"),
             (new_user, lambda: new_user.name_edit.setText("赵会计"), "姓名"),
             (password, lambda: password.password_edit.setText("abc12345"), "新密码"))
    recorder.confirm_answer = False
    for dialog, change, name in cases:
        _shown(qtbot, dialog)
        before = len(recorder.confirms)
        change()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert len(recorder.confirms) == before + 1, name
        assert recorder.confirms[-1].endswith(f"：{name}。") and dialog.isVisible(), recorder.confirms[-1]
        assert "abc12345" not in recorder.confirms[-1]                  # names the field, never the value


def test_a_save_closes_without_asking(qtbot, qapp_configured, services, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, UnitEditDialog(services, clerk_actor, seeded["unit_a"]))
    dialog.contact_edit.setText("李主任")
    assert dialog.save() is True
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted
    assert recorder.confirms == []
    assert services.units.get_unit(clerk_actor, seeded["unit_a"]).contact == "李主任"


def test_reload_after_a_stale_save_is_the_new_starting_point(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                            seeded, recorder):
    dialog = _shown(qtbot, UnitEditDialog(services, clerk_actor, seeded["unit_a"]))
    other = services.units.get_unit(clerk_actor, seeded["unit_a"])
    services.units.save_unit(clerk_actor, type(other)(**{**other.__dict__, "address": "同事改的地址"}))
    dialog.contact_edit.setText("我填的联系人")
    assert dialog.save() is False                    # refused: stale; recorder answers 重新加载
    assert "已被其他人修改" in recorder.confirms[-1] and dialog.address_edit.text() == "同事改的地址"
    asked = len(recorder.confirms)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)        # the reloaded form is unchanged: no question
    assert not dialog.isVisible() and len(recorder.confirms) == asked


def test_user_dialog_closed_after_a_stale_save_does_not_ask_again(qtbot, qapp_configured, services, admin_actor,  # type: ignore[no-untyped-def]
                                                                 recorder):
    clerk = next(u for u in services.auth.list_users(admin_actor) if u.username == "clerk")
    dialog = _shown(qtbot, UserDialog(services, admin_actor, [], clerk))
    services.auth.update_user(admin_actor, clerk.id, display_name="同事改的姓名", role=Role.CLERK, active=True,
                              expert_id=None, expected_version=clerk.version)
    dialog.name_edit.setText("我改的姓名")
    assert dialog.save() is False                     # stale: "本窗口中未保存的修改将丢失" — answered 重新加载
    assert not dialog.isVisible() and len(recorder.confirms) == 1
    assert not recorder.confirms[0].startswith(QUESTION)


def test_enter_in_the_real_question_keeps_editing(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    """The question box itself (not a recorder): 继续编辑 is the default, so a reflexive Enter loses nothing."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sti_desk.ui import messages
    from sti_desk.ui.forms.unsaved import DISCARD, KEEP_EDITING

    seen: list[str] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.defaultButton().text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(100, press_enter)
    assert not messages.confirm(None, "以下内容已修改但尚未保存", title=QUESTION, yes=DISCARD, no=KEEP_EDITING,
                                safe_default=True)
    assert seen == [KEEP_EDITING]
