"""系统管理: four tabs — 用户与角色, 政策参数, 备份, 审计日志. Each tab loads in the background."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from .audit_tab import AuditTab
from .backups_tab import BackupsTab
from .policy_tab import PolicyTab
from .users_tab import UsersTab


class AdminPage(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel("系统管理")
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.users = UsersTab(services, actor)
        self.tabs.addTab(self.users, "用户与角色")
        self.policy = PolicyTab(services, actor)
        self.tabs.addTab(self.policy, "政策参数")
        self.backups: BackupsTab | None = None
        self.audit: AuditTab | None = None
        if has_permission(actor.role, Permission.BACKUP):
            self.backups = BackupsTab(services, actor)
            self.tabs.addTab(self.backups, "备份")
        if has_permission(actor.role, Permission.VERIFY_AUDIT):
            self.audit = AuditTab(services, actor)
            self.tabs.addTab(self.audit, "审计日志")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def tabs_list(self) -> list[Any]:
        return [t for t in (self.users, self.policy, self.backups, self.audit) if t is not None]

    # -- page protocol ------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if self.audit is not None:
            self.audit.refresh()

    def shutdown(self) -> None:
        for tab in self.tabs_list():
            tab.runner.cancel_all()
