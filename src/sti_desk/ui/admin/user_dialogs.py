"""Dialogs of 用户与角色: 新增用户 / 修改账号 (one dialog) and 重置密码. Both save through the service
themselves, so a refusal (duplicate user name, weak password, the last administrator …) is shown under the
fields and the input stays."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.errors import DomainError, ValidationError
from ...domain.passwords import PASSWORD_RULE
from ...domain.permissions import Role
from ...domain.validation import FieldErrors
from ...services.auth import UserInfo
from ..forms.combos import ChoiceCombo
from ..forms.fields import ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard

ROLES = (Role.CLERK, Role.MANAGER, Role.REVIEWER, Role.ADMIN)


def _password_pair(grid: FieldGrid, label: str) -> tuple[QLineEdit, QLineEdit]:
    first, second = QLineEdit(), QLineEdit()
    for edit in (first, second):
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    first.setPlaceholderText(PASSWORD_RULE)
    grid.add("password", label, first, is_required=True)
    grid.add("password2", "再次输入", second, is_required=True)
    return first, second


def _check_pair(first: QLineEdit, second: QLineEdit) -> dict[str, str]:
    if first.text() != second.text():
        return {"password2": "两次输入的密码不一致"}
    return {}


class UserDialog(UnsavedChangesGuard, QDialog):
    """新增用户 (``user`` None) or 修改账号. ``experts``: (label, expert id) for 评审专家 accounts."""

    def __init__(self, services: Any, actor: Any, experts: list[tuple[str, int]], user: UserInfo | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.user = services, actor, user
        self.setWindowTitle("新增用户" if user is None else f"修改账号：{user.username}")
        self.setMinimumWidth(520)
        self.saved_id: int | None = None
        self.username_edit = QLineEdit(user.username if user else "")
        self.username_edit.setReadOnly(user is not None)
        self.name_edit = QLineEdit(user.display_name if user else "")
        self.name_edit.setPlaceholderText("显示在界面和审计日志中的姓名")
        self.role_combo = ChoiceCombo()
        self.role_combo.set_choices([(r.label, r.value) for r in ROLES], (user.role if user else Role.CLERK).value)
        self.expert_combo = ChoiceCombo(searchable=True, empty_label="（不关联）")
        self.expert_combo.set_choices(experts, user.expert_id if user else None)
        self.active_check = QCheckBox("启用（停用后不能登录，历史记录保留）")
        self.active_check.setChecked(user.active if user else True)
        self.grid = grid = FieldGrid()
        grid.add("username", "用户名", self.username_edit, is_required=True)
        grid.add("display_name", "姓名", self.name_edit)
        grid.add("role", "角色", self.role_combo, is_required=True)
        grid.add("expert", "关联专家", self.expert_combo)
        self.password_edit = self.password2_edit = None
        if user is None:
            self.password_edit, self.password2_edit = _password_pair(grid, "初始密码")
        else:
            grid.add("active", "状态", self.active_check)
        grid.finish()
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.error = ErrorLabel()
        hint = QLabel("评审专家账号须关联专家库中的专家，登录后只看到分配给该专家的评审任务。")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(grid)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, "保存", self.save))
        self._role_changed()

    def role(self) -> Role:
        return Role(str(self.role_combo.value()))

    def _role_changed(self, *_: object) -> None:
        reviewer = self.role() is Role.REVIEWER
        self.expert_combo.setEnabled(reviewer)
        if not reviewer:
            self.expert_combo.select(None)

    def _show(self, errors: dict[str, str]) -> None:
        rest = self.grid.show_errors(errors)
        self.error.set_error("；".join(rest.values()) if rest else None)

    def save(self) -> bool:
        self._show({})
        expert = self.expert_combo.value() if self.role() is Role.REVIEWER else None
        expert_id = int(expert) if expert is not None else None  # type: ignore[call-overload]
        auth, user = self.services.auth, self.user
        if user is None:
            assert self.password_edit is not None and self.password2_edit is not None
            mismatch = _check_pair(self.password_edit, self.password2_edit)
            if mismatch:
                self._show(mismatch)
                return False
            if self.role() is Role.REVIEWER and expert_id is None:
                self._show({"expert": "评审专家账号须关联专家库中的一位专家"})
                return False

            def save() -> int:
                return auth.create_user(self.actor, self.username_edit.text(), self.name_edit.text().strip(),  # type: ignore[no-any-return]
                                        self.role(), self.password_edit.text(), expert_id)
        else:
            def save() -> int:
                auth.update_user(self.actor, user.id, display_name=self.name_edit.text(), role=self.role(),
                                 active=self.active_check.isChecked(), expert_id=expert_id,
                                 expected_version=user.version)
                return user.id
        ok, new_id = save_or_explain(self, save, self._show, self.discard_changes)  # stale: close, the list reloads
        if not ok:
            return False
        self.saved_id = new_id
        self.accept()
        return True


class PasswordDialog(UnsavedChangesGuard, QDialog):
    """重置密码: the administrator sets a new password (the lock-out is lifted too)."""

    def __init__(self, username: str, save: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"重置密码：{username}")
        self.setMinimumWidth(460)
        self._save = save
        self.grid = grid = FieldGrid()
        self.password_edit, self.password2_edit = _password_pair(grid, "新密码")
        grid.finish()
        intro = QLabel(f"为“{username}”设置新密码，并解除因密码错误造成的锁定。请当面或电话告知本人，"
                       "并提醒其登录后及时修改。")
        intro.setWordWrap(True)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(grid)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, "重置密码", self.save))

    def save(self) -> bool:
        errors = _check_pair(self.password_edit, self.password2_edit)
        if not errors:
            try:
                self._save(self.password_edit.text())
            except (ValidationError, FieldErrors) as exc:
                errors = {"password": str(exc)} if isinstance(exc, ValidationError) else dict(exc.errors)
            except DomainError as exc:
                self.error.set_error(str(exc))
                return False
        rest = self.grid.show_errors(errors)
        self.error.set_error("；".join(rest.values()) if rest else None)
        if errors:
            return False
        self.accept()
        return True
