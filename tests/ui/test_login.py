"""登录对话框: wrong password and locked account messages inline; success returns the actor."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sti_desk.domain.permissions import Role
from sti_desk.ui.login import LoginDialog


def _dialog(qtbot, services, **kw):  # type: ignore[no-untyped-def]
    dialog = LoginDialog(services, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_wrong_password_shows_chinese_message(qtbot, qapp_configured, services):  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, services)
    qtbot.keyClicks(dialog.username_edit, "clerk")
    qtbot.keyClicks(dialog.password_edit, "wrong-password")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is None
    assert dialog.error_label.isVisible()
    assert "用户名或密码错误" in dialog.error_label.text()
    assert "连续输错 5 次账号将锁定 15 分钟" in dialog.error_label.text()
    assert dialog.isVisible()


def test_locked_account_message(qtbot, qapp_configured, services):  # type: ignore[no-untyped-def]
    for _ in range(5):
        try:
            services.auth.login("manager", "nope")
        except Exception:  # noqa: BLE001
            pass
    dialog = _dialog(qtbot, services)
    dialog.username_edit.setText("manager")
    dialog.password_edit.setText("manager123")  # right password, but the account is locked
    assert dialog.try_login() is False
    assert "锁定" in dialog.error_label.text()
    assert "分钟后再试" in dialog.error_label.text()


def test_successful_login_and_demo_hint(qtbot, qapp_configured, services, app_ctx):  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, services, db_path=app_ctx.db_path, demo_hint="演示账号：clerk / clerk1234")
    assert dialog.hint_label.isVisible() and "演示账号" in dialog.hint_label.text()
    assert str(app_ctx.db_path) in dialog.db_label.text()
    dialog.username_edit.setText("clerk")
    dialog.password_edit.setText("clerk1234")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role is Role.CLERK
    # the next login dialog remembers the user name
    again = _dialog(qtbot, services)
    assert again.username_edit.text() == "clerk"


def test_empty_username(qtbot, qapp_configured, services):  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, services)
    assert dialog.try_login() is False
    assert dialog.error_label.text() == "请输入用户名"
