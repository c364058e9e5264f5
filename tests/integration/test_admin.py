"""系统管理 through the services on a real file: accounts, password reset, backups, audit."""
from __future__ import annotations

import pytest

from sti_desk.domain.errors import AuthenticationError, ConcurrencyError, PermissionDenied, ValidationError
from sti_desk.domain.permissions import Role


def user(ctx, admin, name):
    return next(u for u in ctx.services.auth.list_users(admin) if u.username == name)


def test_admin_changes_role_and_disables_an_account(ctx, admin, clerk):
    auth = ctx.services.auth
    info = user(ctx, admin, "clerk")
    auth.update_user(admin, info.id, display_name="王晓梅（科室）", role=Role.MANAGER, active=True, expert_id=None,
                     expected_version=info.version)
    assert auth.login("clerk", "clerk1234").role is Role.MANAGER
    with pytest.raises(ConcurrencyError):                      # a second admin's stale edit
        auth.update_user(admin, info.id, display_name="x", role=Role.CLERK, active=True, expert_id=None,
                         expected_version=info.version)
    info = user(ctx, admin, "clerk")
    auth.update_user(admin, info.id, display_name=info.display_name, role=info.role, active=False, expert_id=None,
                     expected_version=info.version)
    with pytest.raises(AuthenticationError, match="已被管理员停用"):
        auth.login("clerk", "clerk1234")
    with pytest.raises(AuthenticationError, match="用户名或密码错误"):   # nothing revealed without the password
        auth.login("clerk", "wrong-password")
    entries = ctx.services.audit.recent(admin, entity="users", entity_id=str(info.id))
    assert any(e.action == "update" and '"active":false' in e.after.replace(" ", "") for e in entries)


def test_the_bureau_cannot_lock_itself_out(ctx, admin):
    auth = ctx.services.auth
    me = user(ctx, admin, "admin")
    with pytest.raises(ValidationError, match="不能停用或降低自己的账号"):
        auth.update_user(admin, me.id, display_name="管理员", role=Role.CLERK, active=True, expert_id=None)
    auth.create_user(admin, "admin2", "第二管理员", Role.ADMIN, "admin2pass")
    second = auth.login("admin2", "admin2pass")
    auth.update_user(second, me.id, display_name="原管理员", role=Role.CLERK, active=True, expert_id=None)
    with pytest.raises(ValidationError, match="不能停用或降低自己的账号"):
        auth.update_user(second, second.user_id, display_name="第二管理员", role=Role.ADMIN, active=False,
                         expert_id=None)
    # the first admin, demoted meanwhile but still signed in on another PC, cannot remove the last admin
    with pytest.raises(ValidationError, match="最后一个启用的管理员"):
        auth.update_user(admin, second.user_id, display_name="第二管理员", role=Role.CLERK, active=True,
                         expert_id=None)


def test_password_reset_lifts_the_lock(ctx, admin, clerk):
    auth = ctx.services.auth
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login("clerk", "bad-password")
    with pytest.raises(AuthenticationError, match="已被锁定"):
        auth.login("clerk", "clerk1234")
    auth.reset_password(admin, user(ctx, admin, "clerk").id, "new-pass-2026")
    assert auth.login("clerk", "new-pass-2026").username == "clerk"
    with pytest.raises(ValidationError):
        auth.reset_password(admin, user(ctx, admin, "clerk").id, "123")
    assert any(e.action == "reset_password" for e in ctx.services.audit.recent(admin, entity="users"))


def test_only_admins_manage_accounts_and_backups(ctx, admin, clerk, reviewer):
    target = user(ctx, admin, "clerk").id
    with pytest.raises(PermissionDenied):
        ctx.services.auth.reset_password(clerk, target, "whatever-123")
    with pytest.raises(PermissionDenied):
        ctx.services.auth.update_user(clerk, target, display_name="x", role=Role.ADMIN, active=True, expert_id=None)
    with pytest.raises(PermissionDenied):
        ctx.services.backups.backup_now(reviewer)


def test_backup_now_is_listed_and_audited(ctx, admin):
    made = ctx.services.backups.backup_now(admin)
    assert made.path.exists() and made.kind == "manual" and made.kind_label == "手动" and made.size_bytes > 0
    listed = ctx.services.backups.list_backups(admin)
    assert listed[0].path == made.path and listed[0].made_at == made.made_at
    assert any(e.action == "backup" for e in ctx.services.audit.recent(admin, entity="database"))


def test_a_session_opened_before_the_account_changed_cannot_write(ctx, admin, clerk):
    """Disabling or re-roling an account takes effect at once on a clerk already signed in elsewhere."""
    from sti_desk.domain.entities import Unit

    from .conftest import make_credit_code

    auth = ctx.services.auth
    ctx.services.units.save_unit(clerk, Unit("青溪一号科技有限公司", make_credit_code(11)))   # allowed while valid
    info = user(ctx, admin, "clerk")
    auth.update_user(admin, info.id, display_name=info.display_name, role=Role.ADMIN, active=True,
                     expert_id=None, expected_version=info.version)
    with pytest.raises(AuthenticationError, match="角色已被管理员修改"):
        ctx.services.units.save_unit(clerk, Unit("青溪二号科技有限公司", make_credit_code(12)))
    info = user(ctx, admin, "clerk")
    auth.update_user(admin, info.id, display_name=info.display_name, role=Role.CLERK, active=False,
                     expert_id=None, expected_version=info.version)
    with pytest.raises(AuthenticationError, match="已被停用"):
        ctx.services.units.save_unit(clerk, Unit("青溪三号科技有限公司", make_credit_code(13)))
    names = [u.name for u in ctx.services.units.list_units(admin)]
    assert "青溪一号科技有限公司" in names and "青溪二号科技有限公司" not in names and "青溪三号科技有限公司" not in names
