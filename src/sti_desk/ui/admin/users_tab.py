"""用户与角色: every account with its role, state and lock; 新增用户, 修改, 重置密码, 解锁."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.auth import UserInfo
from .. import messages
from ..review.common import attempt, hint_label, selected_key, table_view
from ..intake.table_export import TableExport
from ..review.models import Row, RowsModel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import dialogs_api

HEADERS = ("用户名", "姓名", "角色", "状态", "关联专家", "创建时间")
DANGER, MUTED = "#c62828", "#8a8a8a"


def state_text(u: UserInfo, now: datetime) -> tuple[str, str]:
    if not u.active:
        return "已停用", MUTED
    if u.locked(now):
        return f"已锁定（至 {u.locked_until:%H:%M}）", DANGER
    return "正常", ""


class UsersTab(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.users: list[UserInfo] = []
        self.experts: list[tuple[str, int]] = []
        self.model = RowsModel(HEADERS, center=(2, 3))
        self.view, self.proxy = table_view(self.model, (10, 10, 7, 10, 16, 10), stretch=4)
        self.view.doubleClicked.connect(lambda *_: self.edit_user())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.new_button = QPushButton("新增用户…")
        self.edit_button = QPushButton("修改…")
        self.password_button = QPushButton("重置密码…")
        self.unlock_button = QPushButton("解锁")
        self.new_button.clicked.connect(self.new_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.password_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        row = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.password_button, self.unlock_button):
            row.addWidget(b)
        row.addStretch(1)
        self.export = TableExport(self, self.view, "用户与角色", "个账号", services, actor)
        row.addWidget(self.export.button("导出…"))
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint_label("停用的账号不能登录，其历史记录和审计日志保留。不能停用或降低自己的账号，"
                                    "也不能停用最后一个管理员。连续输错 5 次密码的账号锁定 15 分钟，可在此解锁。"))
        self._update_actions()
        self.refresh()

    def refresh(self) -> TaskHandle:
        services, actor = self.services, self.actor
        can_experts = has_permission(actor.role, Permission.EDIT_EXPERTS)

        def load(progress: ProgressFn, cancel: CancelToken) -> tuple[list[UserInfo], list[tuple[str, int]]]:
            users = services.auth.list_users(actor)
            experts = ([(f"{e.name}（{e.unit_name or '无单位'}，{e.field}）", e.id)
                        for e in services.review.list_experts(actor)] if can_experts else [])
            return users, experts

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在读取用户…", parent=self)
        return self.load_handle

    def _loaded(self, result: tuple[list[UserInfo], list[tuple[str, int]]]) -> None:
        self.users, self.experts = result
        names = {eid: label.split("（")[0] for label, eid in self.experts}
        now = datetime.now()
        rows = []
        for u in self.users:
            state, colour = state_text(u, now)
            expert = names.get(u.expert_id, f"专家 {u.expert_id}") if u.expert_id else ""
            created = f"{u.created_at:%Y-%m-%d}" if u.created_at else ""
            rows.append(Row((u.username, u.display_name, u.role.label, state, expert, created), key=u.id,
                            colors={3: colour} if colour else {}, bold=u.id == self.actor.user_id))
        self.model.set_rows(rows)
        self._update_actions()

    def selected(self) -> UserInfo | None:
        key = selected_key(self.view)
        return next((u for u in self.users if u.id == key), None)

    def _update_actions(self) -> None:
        u = self.selected()
        self.edit_button.setEnabled(u is not None)
        self.password_button.setEnabled(u is not None)
        self.unlock_button.setEnabled(u is not None and u.locked(datetime.now()))

    # -- actions ------------------------------------------------------------------------------------
    def new_user(self) -> bool:
        if dialogs_api.ask_user(self, self.services, self.actor, self.experts, None):
            self.refresh()
            return True
        return False

    def edit_user(self) -> bool:
        u = self.selected()
        if u is None:
            return False
        saved = dialogs_api.ask_user(self, self.services, self.actor, self.experts, u)
        self.refresh()  # also after a refused stale edit: show the latest
        return saved

    def reset_password(self) -> bool:
        u = self.selected()
        if u is None:
            return False
        services, actor = self.services, self.actor
        if dialogs_api.ask_password(self, u.username, lambda pw: services.auth.reset_password(actor, u.id, pw)):
            messages.info(self, f"已为“{u.username}”重置密码，账号锁定（如有）已解除。", "重置密码")
            self.refresh()
            return True
        return False

    def unlock(self) -> bool:
        u = self.selected()
        if u is None:
            return False
        ok, _ = attempt(self, self.services.auth.unlock, self.actor, u.id)
        if ok:
            self.refresh()
        return ok
