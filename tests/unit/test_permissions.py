import pytest

from sti_desk.domain.errors import PermissionDenied
from sti_desk.domain.permissions import Permission, Role, has_permission, require


def test_reviewer_may_only_score():
    assert has_permission(Role.REVIEWER, Permission.SCORE)
    for p in Permission:
        if p is not Permission.SCORE:
            assert not has_permission(Role.REVIEWER, p), p


def test_refusal_names_role_and_operation_in_chinese():
    with pytest.raises(PermissionDenied, match="评审专家.*无权编辑项目"):
        require(Role.REVIEWER, Permission.EDIT_PROJECTS)


def test_only_admin_manages_users_and_policy():
    for role in Role:
        assert has_permission(role, Permission.MANAGE_USERS) == (role is Role.ADMIN)
        assert has_permission(role, Permission.EDIT_POLICY) == (role is Role.ADMIN)


def test_manager_approves_funding_clerk_does_not():
    assert has_permission(Role.MANAGER, Permission.APPROVE_FUNDING)
    assert not has_permission(Role.CLERK, Permission.APPROVE_FUNDING)
