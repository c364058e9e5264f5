"""Opening the account dialogs (module functions, so tests can replace them)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from ...services.auth import UserInfo
from .user_dialogs import PasswordDialog, UserDialog


def ask_user(parent: QWidget, services: Any, actor: Any, experts: list[tuple[str, int]],
             user: UserInfo | None) -> bool:
    """新增用户 (``user`` None) or 修改账号; True when saved."""
    return UserDialog(services, actor, experts, user, parent).exec() == QDialog.DialogCode.Accepted


def ask_password(parent: QWidget, username: str, save: Callable[[str], None]) -> bool:
    return PasswordDialog(username, save, parent).exec() == QDialog.DialogCode.Accepted
