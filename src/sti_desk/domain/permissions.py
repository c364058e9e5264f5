"""Roles and what each may do. Checked in the service layer (not only by hiding buttons)."""
from __future__ import annotations

from enum import Enum

from .errors import PermissionDenied


class Role(str, Enum):
    CLERK = "clerk"        # 经办人
    REVIEWER = "reviewer"  # 评审专家
    MANAGER = "manager"    # 分管领导
    ADMIN = "admin"        # 管理员

    @property
    def label(self) -> str:
        return {"clerk": "经办人", "reviewer": "评审专家", "manager": "分管领导", "admin": "管理员"}[self.value]


class Permission(str, Enum):
    VIEW_PROJECTS = "view_projects"
    EDIT_PROJECTS = "edit_projects"
    EDIT_UNITS = "edit_units"
    EDIT_EXPERTS = "edit_experts"
    EDIT_CALLS = "edit_calls"
    IMPORT_DATA = "import_data"
    EXPORT_DATA = "export_data"
    SCREEN = "screen"
    ORGANISE_REVIEW = "organise_review"
    SCORE = "score"
    VIEW_ALL_SCORES = "view_all_scores"
    APPROVE_FUNDING = "approve_funding"
    CHANGE_STATE = "change_state"
    MANAGE_USERS = "manage_users"
    EDIT_POLICY = "edit_policy"
    BACKUP = "backup"
    VERIFY_AUDIT = "verify_audit"

    @property
    def label(self) -> str:
        return _PERMISSION_LABELS[self]


_PERMISSION_LABELS = {
    Permission.VIEW_PROJECTS: "查看项目", Permission.EDIT_PROJECTS: "编辑项目",
    Permission.EDIT_UNITS: "编辑单位", Permission.EDIT_EXPERTS: "管理专家库",
    Permission.EDIT_CALLS: "管理申报批次", Permission.IMPORT_DATA: "导入数据",
    Permission.EXPORT_DATA: "导出数据", Permission.SCREEN: "形式审查",
    Permission.ORGANISE_REVIEW: "组织专家评审", Permission.SCORE: "评审打分",
    Permission.VIEW_ALL_SCORES: "查看全部评分", Permission.APPROVE_FUNDING: "审批资助名单",
    Permission.CHANGE_STATE: "变更项目阶段", Permission.MANAGE_USERS: "管理用户",
    Permission.EDIT_POLICY: "修改政策参数", Permission.BACKUP: "备份与恢复",
    Permission.VERIFY_AUDIT: "校验审计日志",
}

P = Permission
_CLERK = {P.VIEW_PROJECTS, P.EDIT_PROJECTS, P.EDIT_UNITS, P.EDIT_EXPERTS, P.EDIT_CALLS, P.IMPORT_DATA,
          P.EXPORT_DATA, P.SCREEN, P.ORGANISE_REVIEW, P.VIEW_ALL_SCORES, P.CHANGE_STATE, P.BACKUP}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.REVIEWER: frozenset({P.SCORE}),
    Role.MANAGER: frozenset({P.VIEW_PROJECTS, P.EXPORT_DATA, P.VIEW_ALL_SCORES, P.APPROVE_FUNDING,
                             P.CHANGE_STATE, P.VERIFY_AUDIT}),
    Role.ADMIN: frozenset(_CLERK | {P.MANAGE_USERS, P.EDIT_POLICY, P.VERIFY_AUDIT}),
}


def has_permission(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def require(role: Role, permission: Permission) -> None:
    if not has_permission(role, permission):
        raise PermissionDenied(f"当前角色“{role.label}”无权{permission.label}", rule="角色权限")
