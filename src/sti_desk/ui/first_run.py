"""首次使用：创建管理员账号 — shown instead of the login when the database has no users yet.

A clerk who double-clicks the program on a new PC gets this dialog (user name, 姓名, password twice, the
password rule checked as they type); 创建并登录 creates the first administrator
(``services.auth.bootstrap_admin``, the same rule ``services.auth.check_password_strength`` applies) and
logs that administrator in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from ..domain.errors import DomainError, ValidationError
from ..domain.passwords import PASSWORD_RULE, check_password_strength
from ..services.actor import Actor
from . import theme
from .backend import OpenedBackend, PendingBackend, WaitsForBackend
from .forms.fields import ErrorLabel
from .login import APP_TITLE
from .settings import settings

TITLE = "首次使用：创建管理员账号"
#: The dialog's result when the database turns out to have users already (→ the login dialog).
NEEDS_LOGIN = 3
_OK_STYLE = f"color: {theme.DONE};"


class FirstRunDialog(WaitsForBackend, QDialog):
    def __init__(self, services: Any = None, *, db_path: Path | None = None,
                 backend: PendingBackend | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(f"{TITLE} — {APP_TITLE}")
        self.setMinimumWidth(500)

        heading = QLabel(TITLE)
        heading.setStyleSheet(theme.TITLE_STYLE)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel("这个数据库还没有任何账号。请先创建系统管理员账号，创建后即以该账号登录。"
                       "经办人、分管领导和评审专家的账号由管理员另行添加。")
        intro.setWordWrap(True)

        self.username_edit = QLineEdit("admin")
        self.username_edit.setPlaceholderText("登录时使用的用户名")
        self.name_edit = QLineEdit("系统管理员")
        self.name_edit.setPlaceholderText("显示在界面和审计日志中的姓名")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(PASSWORD_RULE)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setPlaceholderText("再次输入密码")
        self.username_error = ErrorLabel()
        self.rule_label = QLabel(PASSWORD_RULE)
        self.rule_label.setStyleSheet(theme.HINT_STYLE)
        self.strength_label = QLabel()  # the rule checked as the user types: red reason or green tick
        self.strength_label.hide()
        self.confirm_label = ErrorLabel()

        form = QFormLayout()
        form.addRow("用户名：", self.username_edit)
        form.addRow("", self.username_error)
        form.addRow("姓名：", self.name_edit)
        form.addRow("密码：", self.password_edit)
        form.addRow("", self.rule_label)
        form.addRow("", self.strength_label)
        form.addRow("确认密码：", self.confirm_edit)
        form.addRow("", self.confirm_label)

        self.error_label = ErrorLabel()
        self.db_label = QLabel(f"数据库：{db_path}" if db_path else "")
        self.db_label.setStyleSheet(theme.HINT_STYLE)
        self.db_label.setWordWrap(True)
        self.db_label.setVisible(bool(db_path))

        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton("创建并登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        self.submit_button = self.create_button
        self._init_backend(services, backend)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading)
        layout.addSpacing(4)
        layout.addWidget(intro)
        layout.addSpacing(10)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        layout.addWidget(self.db_label)

        self.password_edit.textChanged.connect(self._check_strength)
        self.confirm_edit.textChanged.connect(self._check_confirm)
        self.password_edit.setFocus()

    # -- inline checks as the user types ------------------------------------------------------------
    def _check_strength(self) -> bool:
        password = self.password_edit.text()
        try:
            check_password_strength(password)
        except ValidationError as exc:
            self._show_strength(f"✗ {exc.message}" if password else None, ok=False)
            ok = False
        else:
            self._show_strength("✓ 密码符合要求", ok=True)
            ok = True
        if self.confirm_edit.text():
            self._check_confirm()
        return ok

    def _show_strength(self, text: str | None, *, ok: bool) -> None:
        self.strength_label.setText(text or "")
        self.strength_label.setStyleSheet(_OK_STYLE if ok else theme.ERROR_STYLE)
        self.strength_label.setVisible(bool(text))

    def _check_confirm(self) -> bool:
        same = self.confirm_edit.text() == self.password_edit.text()
        self.confirm_label.set_error(None if same or not self.confirm_edit.text() else "两次输入的密码不一致")
        return same

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_wrapped_labels()

    def _fit_wrapped_labels(self) -> None:
        for label in (self.error_label, self.db_label):
            if label.isVisible() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))
        self.adjustSize()

    # -- creating the administrator -----------------------------------------------------------------
    def backend_ready(self, opened: OpenedBackend) -> None:
        if opened.has_users:
            self._submit_when_ready = False
            self.done(NEEDS_LOGIN)

    def submit(self) -> bool:
        return self.try_create()

    def try_create(self) -> bool:
        username = self.username_edit.text().strip()
        self.username_error.set_error(None if username else "请输入用户名")
        strong = self._check_strength()
        if not self.password_edit.text():
            self._show_strength("✗ 请设置密码", ok=False)
        same = self._check_confirm()
        if same and not self.confirm_edit.text() and self.password_edit.text():
            self.confirm_label.set_error("请再次输入密码")
            same = False
        if not (username and strong and same):
            self.error_label.set_error(None)
            self._focus_first_problem(username, strong)
            return False
        if not self._services_ready():
            self.error_label.set_error(None)
            return False
        password = self.password_edit.text()
        display = self.name_edit.text().strip() or username
        try:
            self.services.auth.bootstrap_admin(username, password, display)
            self.actor = self.services.auth.login(username, password)
        except ValidationError as exc:
            if exc.field == "username":
                self.username_error.set_error(exc.message)
            elif exc.field == "password":
                self._show_strength(f"✗ {exc.message}", ok=False)
            else:
                self.error_label.set_error(str(exc))
            self._fit_wrapped_labels()
            return False
        except DomainError as exc:
            self.error_label.set_error(str(exc))
            self._fit_wrapped_labels()
            return False
        settings().setValue("login/last_username", username)
        self.error_label.set_error(None)
        self.accept()
        return True

    def _focus_first_problem(self, username: str, strong: bool) -> None:
        if not username:
            self.username_edit.setFocus()
        elif not strong:
            self.password_edit.setFocus()
            self.password_edit.selectAll()
        else:
            self.confirm_edit.setFocus()
            self.confirm_edit.selectAll()
        self._fit_wrapped_labels()
