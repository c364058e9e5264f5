"""Login, lock-out and role checks in the service layer."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sti_desk.domain.entities import Unit
from sti_desk.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from sti_desk.domain.permissions import Role
from sti_desk.services.auth import AuthService, hash_password, verify_password

from .conftest import make_credit_code, project_input


def test_password_hash_is_scrypt_and_salted():
    a, b = hash_password("secret123"), hash_password("secret123")
    assert a.startswith("scrypt$") and a != b
    assert verify_password("secret123", a) and not verify_password("secret124", a)


def test_wrong_password_and_unknown_user_get_the_same_answer(ctx):
    """No countdown: only a real account would have one, and it told an outsider which user names exist."""
    with pytest.raises(AuthenticationError) as wrong:
        ctx.services.auth.login("admin", "wrong")
    with pytest.raises(AuthenticationError) as unknown:
        ctx.services.auth.login("nobody", "wrong")
    assert str(wrong.value) == str(unknown.value) == "用户名或密码错误（连续输错 5 次账号将锁定 15 分钟）"


def test_five_failures_lock_the_account_until_the_time_passes(ctx):
    clock = [datetime(2026, 11, 23, 9, 0)]
    auth = AuthService(ctx.db, clock=lambda: clock[0])
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.login("admin", "wrong")
    with pytest.raises(AuthenticationError, match="已锁定 15 分钟"):
        auth.login("admin", "wrong")
    with pytest.raises(AuthenticationError, match="被锁定"):
        auth.login("admin", "admin123")  # even the right password
    clock[0] += timedelta(minutes=16)
    assert auth.login("admin", "admin123").role is Role.ADMIN


def test_weak_passwords_are_refused(ctx, admin):
    with pytest.raises(ValidationError, match="至少需要 8 位"):
        ctx.services.auth.create_user(admin, "u1", "甲", Role.CLERK, "a1")
    with pytest.raises(ValidationError, match="字母和数字"):
        ctx.services.auth.create_user(admin, "u1", "甲", Role.CLERK, "12345678")


def test_reviewer_cannot_call_clerk_operations(ctx, reviewer, sample):
    s = ctx.services
    with pytest.raises(PermissionDenied, match="评审专家"):
        s.projects.list_projects(reviewer)
    with pytest.raises(PermissionDenied):
        s.projects.create_project(reviewer, project_input(sample["call"], sample["unit"], "越权"))
    with pytest.raises(PermissionDenied):
        s.units.save_unit(reviewer, Unit("越权单位", make_credit_code(9)))
    with pytest.raises(PermissionDenied):
        s.auth.create_user(reviewer, "x", "x", Role.ADMIN, "abc12345")


def test_clerk_cannot_manage_users(ctx, clerk):
    with pytest.raises(PermissionDenied, match="管理用户"):
        ctx.services.auth.create_user(clerk, "x", "x", Role.ADMIN, "abc12345")


def test_password_hash_never_reaches_the_audit_log(ctx, admin):
    entries = ctx.services.audit.recent(admin, entity="users")
    assert entries and all("scrypt$" not in e.after for e in entries)
