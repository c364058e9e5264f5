"""恢复备份 from 系统管理 › 备份: the window closes, the file is replaced (a safety copy first), the database is
opened again, the restore is audited and the login window says what was restored."""
from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from sti_desk.domain.permissions import Role
from sti_desk.ui.admin import backups_tab
from sti_desk.ui.admin.backups_tab import BackupsTab, RestoreConfirmDialog
from tests.ui.test_startup import _copy_template


@pytest.fixture
def gui(qapp_configured, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own
    return qapp_configured


def _usernames(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT username FROM users")}
    finally:
        con.close()


def _wait_loaded(qtbot, tab: BackupsTab) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: tab.load_handle is not None and tab.load_handle.done, timeout=10_000)


def _select(tab: BackupsTab, path: Path) -> None:
    from sti_desk.ui.review.common import select_key as select

    assert select(tab.view, str(path))


def _backup_then_a_new_user(template_db, tmp_path):  # type: ignore[no-untyped-def]
    """A copy of the template database, a backup of it, then a user "later" that the backup does not have."""
    from sti_desk.bootstrap import open_app

    db = _copy_template(template_db, tmp_path)
    admin = template_db[1]["admin"]
    ctx = open_app(db, backup_daily=False)
    try:
        backup = ctx.services.backups.backup_now(admin)
        ctx.services.auth.create_user(admin, "later", "后来新增", Role.CLERK, "later12345")
    finally:
        ctx.close()
    return db, admin, backup


def test_restore_through_the_tab_replaces_the_data_and_logs_in_again(qtbot, gui, _template_db, tmp_path,
                                                                     monkeypatch, request):  # type: ignore[no-untyped-def]
    from sti_desk.bootstrap import open_app
    from sti_desk.cli.gui import open_backend
    from sti_desk.ui.startup import start_gui

    db, admin, backup = _backup_then_a_new_user(_template_db, tmp_path)
    assert "later" in _usernames(db)

    monkeypatch.setattr(RestoreConfirmDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    seen: dict[str, object] = {"logins": 0}

    def at_main(window):  # type: ignore[no-untyped-def]
        page = window.navigate("admin")
        tab = page.backups
        _wait_loaded(qtbot, tab)
        _select(tab, backup.path)
        assert tab.restore_button.isEnabled()
        seen["asked"] = tab.restore_selected()

    def at_login(dialog):  # type: ignore[no-untyped-def]
        seen["logins"] = int(seen["logins"]) + 1  # type: ignore[call-overload]
        seen["notice"] = dialog.hint_label.text() if dialog.hint_label.isVisible() else ""
        seen["services"] = dialog.services
        dialog.reject()

    class Script:
        def __call__(self, stage, widget):  # type: ignore[no-untyped-def]
            if stage == "main":
                QTimer.singleShot(0, lambda: at_main(widget))
            elif stage == "login" and seen.get("asked"):
                QTimer.singleShot(0, lambda: at_login(widget))

    assert start_gui(lambda: open_backend(db), db_path=db, login_as=("admin", "admin123"),
                     observer=Script()) == 0
    assert seen["asked"] is True and seen["logins"] == 1
    notice = str(seen["notice"])
    assert f"{backup.made_at:%Y-%m-%d %H:%M:%S}" in notice and backup.path.name in notice
    assert "恢复前的数据库已另存为" in notice and "请重新登录" in notice

    assert "later" not in _usernames(db)  # the data after = the backup's
    safety = [p for p in (db.parent / "backups").glob("copy-*-pre-restore.db")]
    assert len(safety) == 1 and "later" in _usernames(safety[0])  # the safety copy holds the data before
    assert safety[0].name in notice

    ctx = open_app(db, backup_daily=False)
    try:
        con = sqlite3.connect(db)
        rows = con.execute("SELECT username, after_json FROM audit_log WHERE action = 'restore'").fetchall()
        con.close()
        assert len(rows) == 1
        who, detail = rows[0]
        assert who == "admin"
        assert json.loads(detail) == {"from": backup.path.name, "safety_copy": safety[0].name}
        report = ctx.services.audit.verify(admin)
        assert report.ok, report.message
        from tests.audit_check import assert_log_matches_data

        assert_log_matches_data(ctx, request)
    finally:
        ctx.close()


def test_a_backup_that_cannot_be_used_leaves_the_data_and_says_why(qtbot, gui, _template_db, tmp_path,
                                                                   monkeypatch):  # type: ignore[no-untyped-def]
    from sti_desk.cli.gui import open_backend
    from sti_desk.ui.startup import start_gui

    db = _copy_template(_template_db, tmp_path)
    junk = tmp_path / "elsewhere" / "not-a-backup.db"
    junk.parent.mkdir()
    junk.write_bytes(b"this is not a database" * 100)
    before = _usernames(db)
    monkeypatch.setattr(RestoreConfirmDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(backups_tab.QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    seen: dict[str, object] = {}

    def at_main(window):  # type: ignore[no-untyped-def]
        tab = window.navigate("admin").backups
        _wait_loaded(qtbot, tab)
        seen["asked"] = tab.restore_from_file()

    def at_login(dialog):  # type: ignore[no-untyped-def]
        seen["notice"] = dialog.hint_label.text()
        dialog.username_edit.setText("clerk")
        dialog.password_edit.setText("clerk1234")
        seen["login_works"] = dialog.try_login()  # the database was opened again
        if not seen["login_works"]:
            dialog.reject()

    def observer(stage, widget):  # type: ignore[no-untyped-def]
        if stage == "main" and "asked" not in seen:
            QTimer.singleShot(0, lambda: at_main(widget))
        elif stage == "login" and seen.get("asked"):
            QTimer.singleShot(0, lambda: at_login(widget))
        elif stage == "main":
            QTimer.singleShot(0, widget.close)

    assert start_gui(lambda: open_backend(db), db_path=db, login_as=("admin", "admin123"), observer=observer) == 0
    assert seen["asked"] is True
    assert str(seen["notice"]).startswith("未能恢复备份：") and "数据库保持原样" in str(seen["notice"])
    assert seen["login_works"] is True
    assert _usernames(db) == before
    assert not list((db.parent / "backups").glob("*-pre-restore.db"))


def test_cancel_does_nothing(qtbot, make_window, admin_actor, services, app_ctx, monkeypatch):  # type: ignore[no-untyped-def]
    backup = services.backups.backup_now(admin_actor)
    window = make_window(admin_actor)
    tab = window.navigate("admin").backups
    _wait_loaded(qtbot, tab)
    _select(tab, backup.path)
    size, mtime = app_ctx.db_path.stat().st_size, app_ctx.db_path.stat().st_mtime_ns
    shown = {}

    def cancel(self):  # type: ignore[no-untyped-def]
        shown["text"] = self.text_label.text()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RestoreConfirmDialog, "exec", cancel)
    assert tab.restore_selected() is False
    assert not getattr(window, "restore_request", None) and not window.logout_requested and window.isVisible()
    assert (app_ctx.db_path.stat().st_size, app_ctx.db_path.stat().st_mtime_ns) == (size, mtime)
    assert not list(app_ctx.db_path.parent.joinpath("backups").glob("*-pre-restore.db"))
    text = str(shown["text"])
    assert f"{backup.made_at:%Y-%m-%d %H:%M:%S}" in text and "替换" in text
    assert str(app_ctx.db_path.parent / "backups") in text and "其他电脑" in text and "重新登录" in text


def test_non_admin_is_refused_by_the_tab_and_the_service(qtbot, qapp_configured, services, app_ctx, clerk_actor,
                                                         admin_actor, recorder):  # type: ignore[no-untyped-def]
    from sti_desk.domain.errors import DomainError
    from sti_desk.services.restore import restore_backup

    backup = services.backups.backup_now(admin_actor)
    tab = BackupsTab(services, admin_actor)
    qtbot.addWidget(tab)
    _wait_loaded(qtbot, tab)
    tab.actor = clerk_actor  # (a clerk never sees the tab; its check holds anyway)
    _select(tab, backup.path)
    assert tab.restore_selected() is False
    assert len(recorder.errors) == 1 and "权限" in recorder.errors[0]
    size = app_ctx.db_path.stat().st_size
    with pytest.raises(DomainError, match="权限"):
        restore_backup(clerk_actor, backup.path, app_ctx.db_path)
    assert app_ctx.db_path.stat().st_size == size
    assert not list(app_ctx.db_path.parent.joinpath("backups").glob("*-pre-restore.db"))


def test_corrupt_database_at_start_up_names_the_backup_folder_and_command(qtbot, gui, recorder, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.domain.errors import DomainError
    from sti_desk.ui.startup import start_gui

    db = tmp_path / "old.db"
    db.write_bytes(b"x")

    def broken():  # type: ignore[no-untyped-def]
        raise DomainError("数据库文件已损坏（malformed）。请用“恢复备份”从备份文件恢复。", rule="启动完整性检查")

    def quit_when_told(stage, dialog):  # type: ignore[no-untyped-def]
        QTimer.singleShot(0, lambda: qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000) or dialog.reject())

    assert start_gui(broken, db_path=db, observer=quit_when_told) == 0
    text = recorder.errors[0]
    assert str(db.resolve().parent / "backups") in text
    assert f'sti-desk --db "{db}" restore' in text


def test_a_restored_file_that_does_not_open_is_put_back_and_opened_again_off_the_ui_thread(
        qtbot, gui, _template_db, tmp_path):  # type: ignore[no-untyped-def]
    import threading

    from sti_desk.bootstrap import open_app
    from sti_desk.ui.app import RestoreRequest, run_restore

    db, admin, backup = _backup_then_a_new_user(_template_db, tmp_path)
    threads: list[threading.Thread] = []
    opened: list[object] = []

    def reopen():  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        if len(threads) == 1:
            raise OSError("磁盘出错")  # the restored file does not open
        opened.append(open_app(db, backup_daily=False))
        return opened[-1]

    outcome = run_restore(RestoreRequest(backup.path, "2026-01-01 00:00:00", admin), db, lambda: None, reopen)
    try:
        assert isinstance(outcome.error, OSError) and outcome.context is opened[0]
        assert "未能恢复备份" in outcome.notice(RestoreRequest(backup.path, "", admin))
        assert "later" in _usernames(db)  # the data before was put back
        assert len(threads) == 2 and threading.main_thread() not in threads  # (opening checks the whole file)
    finally:
        for c in opened:
            c.close()  # type: ignore[attr-defined]
