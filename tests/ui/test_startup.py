"""Fast start: login window first, database opened behind it; first run; errors shown in the GUI."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from sti_desk.domain.errors import DomainError
from sti_desk.domain.passwords import PASSWORD_RULE
from sti_desk.ui.backend import OPENING_TEXT
from sti_desk.ui.first_run import TITLE, FirstRunDialog
from sti_desk.ui.login import LoginDialog
from sti_desk.ui.main_window import MainWindow


@pytest.fixture
def gui(qapp_configured, monkeypatch):  # type: ignore[no-untyped-def]
    """start_gui installs its own excepthook: restore it after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return qapp_configured


def _copy_template(_template_db, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    source, _ = _template_db
    target = tmp_path / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)
    return target


class Script:
    """An observer that records the windows and runs ``actions[stage](widget)`` once each is shown."""

    def __init__(self, **actions):  # type: ignore[no-untyped-def]
        self.actions = actions
        self.stages: list[str] = []
        self.widgets: dict[str, object] = {}

    def __call__(self, stage, widget):  # type: ignore[no-untyped-def]
        self.stages.append(stage)
        self.widgets[stage] = widget
        action = self.actions.get(stage)
        if action is not None:
            QTimer.singleShot(0, lambda: action(widget))


def _close_main(window):  # type: ignore[no-untyped-def]
    QTimer.singleShot(50, window.close)


def test_first_run_dialog_checks_the_password_as_typed(qtbot, qapp_configured, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.bootstrap import open_app
    from sti_desk.domain import passwords
    from sti_desk.services import auth

    ctx = open_app(tmp_path / "new.db")
    try:
        dialog = FirstRunDialog(ctx.services, db_path=ctx.db_path)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.windowTitle().startswith(TITLE) and dialog.rule_label.text() == PASSWORD_RULE
        assert not dialog.strength_label.isVisible()
        qtbot.keyClicks(dialog.password_edit, "abc")
        assert dialog.strength_label.isVisible() and dialog.strength_label.text() == "✗ 密码至少需要 8 位"
        dialog.password_edit.setText("abcdefgh")
        assert dialog.strength_label.text() == "✗ 密码须同时包含字母和数字"
        dialog.password_edit.setText("guanli2025")
        assert dialog.strength_label.text() == "✓ 密码符合要求"
        dialog.confirm_edit.setText("guanli2026")
        assert dialog.confirm_label.text() == "两次输入的密码不一致"
        assert dialog.try_create() is False and not ctx.services.auth.has_users()

        dialog.username_edit.setText("wangke")
        dialog.name_edit.setText("王科长")
        dialog.confirm_edit.setText("guanli2025")
        assert not dialog.confirm_label.isVisible()
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert dialog.actor is not None and dialog.actor.username == "wangke"
        assert dialog.actor.display_name == "王科长" and dialog.actor.role.value == "admin"
        assert ctx.services.auth.login("wangke", "guanli2025").username == "wangke"
        assert auth.check_password_strength is passwords.check_password_strength  # the services' own rule
    finally:
        ctx.close()


def test_fresh_database_opens_with_the_first_run_dialog(qtbot, gui, tmp_path):  # type: ignore[no-untyped-def]
    """``sti-desk --db new.db`` on a new PC: no console message, the first-run dialog creates the admin."""
    from sti_desk.cli import main

    db = tmp_path / "fresh" / "new.db"

    def create(dialog):  # type: ignore[no-untyped-def]
        assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
        dialog.password_edit.setText("kejiju2025")
        dialog.confirm_edit.setText("kejiju2025")
        dialog.create_button.click()  # (waits for the database when it is not open yet)

    script = Script(first_run=create, main=_close_main)
    assert main(["--db", str(db)], observer=script) == 0
    assert script.stages == ["first_run", "main"]
    window = script.widgets["main"]
    assert isinstance(window, MainWindow) and window.actor.username == "admin"

    from sti_desk.bootstrap import open_app

    ctx = open_app(db)
    try:
        assert ctx.services.auth.login("admin", "kejiju2025").display_name == "系统管理员"
    finally:
        ctx.close()


def test_login_as_hook_logs_in_when_the_backend_is_ready(qtbot, gui, _template_db, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.cli import main

    db = _copy_template(_template_db, tmp_path)
    script = Script(main=_close_main)
    assert main(["--db", str(db)], login_as=("clerk", "clerk1234"), start_page="projects", observer=script) == 0
    assert script.stages == ["login", "main"]
    window = script.widgets["main"]
    assert window.actor.username == "clerk" and window.current_key() == "projects"


def test_login_clicked_before_the_database_is_open_waits_then_logs_in(qtbot, gui, _template_db, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.cli.gui import open_backend
    from sti_desk.ui.startup import start_gui

    db = _copy_template(_template_db, tmp_path)
    release = threading.Event()
    seen = {}

    def slow_opener():  # type: ignore[no-untyped-def]
        assert release.wait(10)
        return open_backend(db)

    def click(dialog):  # type: ignore[no-untyped-def]
        dialog.username_edit.setText("manager")
        dialog.password_edit.setText("manager123")
        dialog.login_button.click()
        seen["waiting"] = (dialog.status_label.isVisible(), dialog.status_label.text(),
                           dialog.login_button.isEnabled(), dialog.isVisible())
        release.set()

    script = Script(login=click, main=_close_main)
    assert start_gui(slow_opener, db_path=db, observer=script) == 0
    visible, text, enabled, shown = seen["waiting"]
    assert visible and text.startswith(OPENING_TEXT) and not enabled and shown
    assert script.widgets["main"].actor.username == "manager"


def test_backend_error_is_shown_in_chinese_and_login_disabled(qtbot, gui, recorder, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.ui.startup import start_gui

    def broken():  # type: ignore[no-untyped-def]
        raise DomainError("数据库文件已损坏（malformed）。请用“恢复备份”从备份文件恢复。", rule="启动完整性检查")

    seen = {}

    def look_then_quit(dialog):  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000)
        seen["label"] = dialog.error_label.text()
        seen["enabled"] = dialog.login_button.isEnabled()
        dialog.password_edit.setText("x")
        dialog.username_edit.setText("clerk")
        seen["retry"] = dialog.try_login()
        dialog.reject()

    script = Script(login=look_then_quit)
    (tmp_path / "old.db").write_bytes(b"x")  # an existing file: the login dialog, not the first run
    assert start_gui(broken, db_path=tmp_path / "old.db", observer=script) == 0
    assert recorder.errors[0].startswith("无法打开数据库：数据库文件已损坏")
    assert "请点“退出”关闭程序" in recorder.errors[0]
    assert seen["label"].startswith("无法打开数据库：") and "启动完整性检查" in seen["label"]
    assert seen["enabled"] is False and seen["retry"] is False


def test_unexpected_backend_error_and_network_share(qtbot, gui, recorder, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A real open_app refusal (network share) reaches the dialog the same way."""
    from sti_desk import bootstrap
    from sti_desk.cli.gui import open_backend
    from sti_desk.ui.startup import start_gui

    monkeypatch.setattr(bootstrap, "is_network_path", lambda path: True)
    script = Script(login=lambda d: qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000) or d.reject())
    db = tmp_path / "share.db"
    db.write_bytes(b"SQLite")  # an existing file: the login dialog is shown
    assert start_gui(lambda: open_backend(db), db_path=db, observer=script) == 0
    assert "网络共享" in recorder.errors[0]


def test_existing_database_without_users_switches_to_first_run(qtbot, gui, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.bootstrap import open_app
    from sti_desk.cli import main

    db = tmp_path / "empty.db"
    open_app(db).close()  # created and migrated, but nobody can log in

    def create(dialog):  # type: ignore[no-untyped-def]
        dialog.username_edit.setText("kejiju")
        dialog.password_edit.setText("abc12345")
        dialog.confirm_edit.setText("abc12345")
        dialog.create_button.click()

    script = Script(first_run=create, main=_close_main)
    assert main(["--db", str(db)], observer=script) == 0
    assert script.stages == ["login", "first_run", "main"]
    assert script.widgets["main"].actor.username == "kejiju"


def test_quitting_before_the_database_is_open_closes_it(qtbot, gui, _template_db, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.cli.gui import open_backend
    from sti_desk.ui.startup import start_gui

    db = _copy_template(_template_db, tmp_path)
    started, closed = threading.Event(), []

    def opener():  # type: ignore[no-untyped-def]
        started.set()
        backend = open_backend(db)
        real_close = backend.context.close
        backend.context.close = lambda: (closed.append(True), real_close())
        return backend

    def quit_once_opening(dialog):  # type: ignore[no-untyped-def]
        qtbot.waitUntil(started.is_set, timeout=5000)
        dialog.reject()  # 退出 while the database is being opened

    script = Script(login=quit_once_opening)
    assert start_gui(opener, db_path=db, observer=script) == 0
    assert closed == [True]  # the worker was waited for and its database closed
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, (LoginDialog, MainWindow))
                and w.isVisible()]


def test_login_window_needs_no_database_code(tmp_path):  # type: ignore[no-untyped-def]
    """The start path up to the visible login window imports neither SQLAlchemy nor the services."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from sti_desk.cli import main\n"
        "seen = []\n"
        "def observer(stage, widget):\n"
        "    seen.append(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'openpyxl'}))\n"
        "    seen.append(sorted(m for m in sys.modules if m.startswith(('sti_desk.db', 'sti_desk.bootstrap'))))\n"
        "    QTimer.singleShot(0, widget.reject)\n"
        f"main(['--db', {str(tmp_path / 'x.db')!r}], observer=observer)\n"
        "print(seen)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[[], []]", out.stdout + out.stderr


@pytest.mark.parametrize(("argv", "gui"), [
    ([], True), (["--db", "a.db"], True), (["--db=a.db", "--demo"], True), (["--version"], True),
    (["--db", "a.db", "demo"], False), (["init", "--admin-password", "x"], False), (["-h"], False),
    (["--de"], False)])
def test_wants_gui(argv, gui):  # type: ignore[no-untyped-def]
    from sti_desk.cli import wants_gui

    assert wants_gui(argv) is gui


def test_start_dialogs_are_in_chinese(qtbot, qapp_configured, recorder, tmp_path):  # type: ignore[no-untyped-def]
    from sti_desk.ui.backend import PendingBackend

    from .test_chinese_strings import offending, strings_of

    release = threading.Event()

    def opener():  # type: ignore[no-untyped-def]
        release.wait(10)
        raise DomainError("测试结束")

    backend = PendingBackend(opener)
    try:
        login = LoginDialog(backend=backend, db_path=tmp_path / "a.db", demo_hint="演示账号：clerk / clerk1234")
        first = FirstRunDialog(backend=backend, db_path=tmp_path / "a.db")
        for dialog in (login, first):
            qtbot.addWidget(dialog)
            dialog.show()
        first.password_edit.setText("abc")
        login.username_edit.setText("clerk")
        login.try_login()  # → 正在打开数据库…
        bad = [(where, text) for d in (login, first) for where, text in strings_of(d) if offending(text)]
        assert not bad, bad
        assert login.status_label.isVisible() and OPENING_TEXT in login.status_label.text()
    finally:
        release.set()
        backend.wait(5000)
    assert recorder.errors and "测试结束" in recorder.errors[0]
