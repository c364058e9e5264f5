"""登录 dialog: user name and password; the Chinese AuthenticationError message is shown inline.

At start-up the dialog is shown before the database is open (``backend=`` a :class:`PendingBackend`): the
user can type meanwhile; 登录 then waits (“正在打开数据库…”) and logs in by itself once the database is
open. When the database turns out to have no users the dialog ends with :data:`NEEDS_FIRST_RUN`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from ..domain.errors import DomainError
from ..services.actor import Actor
from . import theme
from .backend import OpenedBackend, PendingBackend, WaitsForBackend
from .forms.fields import ErrorLabel
from .settings import settings

APP_TITLE = "STI Desk 科技项目管理"
#: The dialog's result when the database has no users yet (→ 首次使用 dialog).
NEEDS_FIRST_RUN = 2


class LoginDialog(WaitsForBackend, QDialog):
    def __init__(self, services: Any = None, *, db_path: Path | None = None, demo_hint: str | None = None,
                 backend: PendingBackend | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(f"登录 — {APP_TITLE}")
        self.setMinimumWidth(460)

        heading = QLabel(APP_TITLE)
        heading.setStyleSheet(theme.TITLE_STYLE)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        sub = QLabel("区县科技局科技项目全生命周期管理")
        sub.setStyleSheet("color: #555;")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText("请输入用户名")
        self.password_edit = QLineEdit()
        self.password_edit.setPlaceholderText("请输入密码")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("用户名：", self.username_edit)
        form.addRow("密码：", self.password_edit)

        self.error_label = ErrorLabel()
        self.hint_label = QLabel(demo_hint or "")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("background: #fff8e1; border: 1px solid #ffe082;")
        self.hint_label.setContentsMargins(8, 6, 8, 6)  # (stylesheet padding breaks word-wrap height)
        self.hint_label.setVisible(bool(demo_hint))
        self.db_label = QLabel(f"数据库：{db_path}" if db_path else "")
        self.db_label.setStyleSheet("color: #8a8a8a;")
        self.db_label.setWordWrap(True)
        self.db_label.setVisible(bool(db_path))

        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        self.submit_button = self.login_button
        self._init_backend(services, backend)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addWidget(self.hint_label)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        layout.addWidget(self.db_label)

        last = settings().value("login/last_username", "")
        if last:
            self.username_edit.setText(str(last))
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._fit_wrapped_labels()

    def _fit_wrapped_labels(self) -> None:
        """Word-wrapped labels in a dialog get too little height (Qt's height-for-width is not applied to
        top-level layouts); reserve it explicitly so the demo hint and long messages are never clipped."""
        for label in (self.hint_label, self.error_label, self.db_label):
            if label.isVisible() and label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))
        self.adjustSize()

    def backend_ready(self, opened: OpenedBackend) -> None:
        if not opened.has_users:
            self._submit_when_ready = False
            self.done(NEEDS_FIRST_RUN)

    def submit(self) -> bool:
        return self.try_login()

    def try_login(self) -> bool:
        username = self.username_edit.text().strip()
        if not username:
            self.error_label.set_error("请输入用户名")
            self.username_edit.setFocus()
            return False
        if not self._services_ready():
            self.error_label.set_error(None)
            return False
        try:
            self.actor = self.services.auth.login(username, self.password_edit.text())
        except DomainError as exc:
            self.error_label.set_error(str(exc))
            self._fit_wrapped_labels()
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return False
        settings().setValue("login/last_username", username)
        self.error_label.set_error(None)
        self.accept()
        return True
