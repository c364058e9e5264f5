"""Rules for changing user accounts (账号管理): the bureau must never lock itself out.

- An administrator cannot disable, demote or change their own account here (another admin must do it), so
  a slip of the mouse cannot end the session's own rights.
- The last active administrator can be neither disabled nor demoted: someone must always be able to
  manage users, unlock accounts and restore backups.
- A 评审专家 account belongs to one expert of the pool: it needs the expert, and other roles have none.
"""
from __future__ import annotations

from collections.abc import Collection

from .errors import ValidationError
from .permissions import Role

RULE = "账号管理"


def check_account_change(*, acting_user_id: int, target_id: int, target_role: Role, target_active: bool,
                         new_role: Role, new_active: bool, active_admin_ids: Collection[int],
                         expert_id: int | None) -> None:
    """Raise :class:`ValidationError` (Chinese, naming the rule) when the change is not allowed."""
    demoting = target_role is Role.ADMIN and new_role is not Role.ADMIN
    disabling = target_active and not new_active
    if target_id == acting_user_id and (demoting or disabling):
        raise ValidationError("不能停用或降低自己的账号权限，请由另一位管理员操作", rule=RULE)
    if (demoting or disabling) and target_active and set(active_admin_ids) <= {target_id}:
        raise ValidationError("这是最后一个启用的管理员账号，不能停用或改为其他角色；请先为另一位人员创建管理员账号",
                              rule=RULE)
    if new_role is Role.REVIEWER and expert_id is None:
        raise ValidationError("评审专家账号须关联专家库中的一位专家", field="expert", rule=RULE)
    if new_role is not Role.REVIEWER and expert_id is not None:
        raise ValidationError(f"{new_role.label}账号不能关联专家", field="expert", rule=RULE)
