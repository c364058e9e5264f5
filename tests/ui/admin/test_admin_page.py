"""系统管理 page with pytest-qt: create a user through the dialog, reset a password, back up, verify the
audit chain — and the page is Chinese and hidden from clerks."""
from __future__ import annotations

from sti_desk.domain.permissions import Role
from sti_desk.ui.admin import dialogs_api
from sti_desk.ui.admin.user_dialogs import PasswordDialog, UserDialog
from sti_desk.ui.review.common import select_key

from ..test_chinese_strings import assert_chinese


def _page(qtbot, make_window, admin_actor):  # type: ignore[no-untyped-def]
    window = make_window(admin_actor, "admin")
    page = window.pages["admin"]
    qtbot.waitUntil(lambda: all(t.load_handle is not None and t.load_handle.done for t in page.tabs_list()))
    return window, page


def test_admin_page_lists_accounts_and_creates_one(qtbot, make_window, services, admin_actor, monkeypatch):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, admin_actor)
    users = page.users
    assert sorted(r.cells[0] for r in users.model.rows) == ["admin", "clerk", "manager", "reviewer"]
    assert not users.edit_button.isEnabled()
    shown = []

    def fill_in(parent, services_, actor, experts, user):  # type: ignore[no-untyped-def]
        dialog = UserDialog(services_, actor, experts, user, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        dialog.username_edit.setText("clerk")                     # taken
        dialog.name_edit.setText("赵会计")
        dialog.password_edit.setText("abc12345")
        dialog.password2_edit.setText("abc1234")
        assert not dialog.save() and dialog.grid.error_text("password2") == "两次输入的密码不一致"
        dialog.password2_edit.setText("abc12345")
        assert not dialog.save() and "已存在" in dialog.grid.error_text("username")
        dialog.username_edit.setText("kuaiji")
        dialog.role_combo.select(Role.MANAGER.value)
        assert dialog.save()
        return True

    monkeypatch.setattr(dialogs_api, "ask_user", fill_in)
    assert users.new_user()
    qtbot.waitUntil(lambda: users.load_handle.done)
    row = next(r for r in users.model.rows if r.cells[0] == "kuaiji")
    assert row.cells[1:4] == ("赵会计", "分管领导", "正常")
    assert services.auth.login("kuaiji", "abc12345").role is Role.MANAGER
    assert_chinese(window, shown[0])


def test_reset_password_and_disable(qtbot, make_window, services, admin_actor, recorder, monkeypatch):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, admin_actor)
    users = page.users
    clerk = next(u for u in users.users if u.username == "clerk")
    assert select_key(users.view, clerk.id) and users.password_button.isEnabled()

    def new_password(parent, username, save):  # type: ignore[no-untyped-def]
        dialog = PasswordDialog(username, save, parent)
        qtbot.addWidget(dialog)
        dialog.password_edit.setText("short")
        dialog.password2_edit.setText("short")
        assert not dialog.save() and "至少" in dialog.grid.error_text("password")
        dialog.password_edit.setText("clerk-2027")
        dialog.password2_edit.setText("clerk-2027")
        assert dialog.save()
        assert_chinese(dialog)
        return True

    monkeypatch.setattr(dialogs_api, "ask_password", new_password)
    assert users.reset_password() and "已为“clerk”重置密码" in recorder.infos[-1]
    assert services.auth.login("clerk", "clerk-2027").username == "clerk"

    def disable(parent, services_, actor, experts, user):  # type: ignore[no-untyped-def]
        dialog = UserDialog(services_, actor, experts, user, parent)
        qtbot.addWidget(dialog)
        dialog.active_check.setChecked(False)
        assert dialog.save()
        return True

    qtbot.waitUntil(lambda: users.load_handle.done)
    assert select_key(users.view, clerk.id)
    monkeypatch.setattr(dialogs_api, "ask_user", disable)
    assert users.edit_user()
    qtbot.waitUntil(lambda: users.load_handle.done)
    assert next(r for r in users.model.rows if r.cells[0] == "clerk").cells[3] == "已停用"


def test_backup_now_and_verify_the_audit_chain(qtbot, make_window, admin_actor, recorder):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, admin_actor)
    before = page.backups.model.rowCount()
    handle = page.backups.backup_now()
    qtbot.waitUntil(lambda: handle.done and page.backups.load_handle.done, timeout=10_000)
    assert page.backups.model.rowCount() == before + 1 and "已备份到" in recorder.infos[-1]
    assert page.backups.model.rows[0].cells[1] == "手动"
    handle = page.audit.verify()
    qtbot.waitUntil(lambda: handle.done, timeout=10_000)
    assert "哈希链校验通过" in page.audit.result_label.text()
    page.audit.refresh()
    qtbot.waitUntil(lambda: page.audit.load_handle.done)
    assert page.audit.model.rows[0].cells[3] == "备份" and page.audit.model.rows[0].cells[4] == "数据库"
    assert_chinese(window)


def test_clerks_do_not_see_the_page(qtbot, make_window, clerk_actor):  # type: ignore[no-untyped-def]
    window = make_window(clerk_actor, "dashboard")
    assert "admin" not in window.specs and window.navigate("admin") is None
