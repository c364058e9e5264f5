"""Users, passwords (scrypt) and login with lock-out (登录与账号)."""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..db.tables import UserRow
from ..db.uow import Database
from ..domain.accounts import check_account_change
from ..domain.errors import AuthenticationError, ValidationError
from ..domain.passwords import MIN_PASSWORD_LENGTH, PASSWORD_RULE, check_password_strength  # noqa: F401 - part of this API
from ..domain.permissions import Permission, Role
from .actor import Actor

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), dklen=len(expected),
                         n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got, expected)


#: One answer for an unknown user and a wrong password — no countdown either, which only a real account would
#: have (it told an outsider which user names exist). The rule itself is said, so a clerk knows what is at stake.
WRONG_CREDENTIALS = f"用户名或密码错误（连续输错 {MAX_FAILED_ATTEMPTS} 次账号将锁定 {LOCK_MINUTES} 分钟）"


@functools.cache
def _unknown_user_hash() -> str:
    """Verified against for an unknown user name, so that answer takes as long as a real account's (made on
    first use: hashing at import would slow every start)."""
    return hash_password("no-such-user-0")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    expert_id: int | None
    version: int = 1
    failed_attempts: int = 0
    created_at: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def _actor(row: UserRow) -> Actor:
    return Actor(row.id, row.username, row.display_name, Role(row.role), row.expert_id)


class AuthService:
    def __init__(self, db: Database, clock=datetime.now):  # type: ignore[no-untyped-def]
        self.db = db
        self.clock = clock

    def has_users(self) -> bool:
        with self.db.reader() as uow:
            return bool(uow.session.scalar(select(func.count(UserRow.id))))

    def login(self, username: str, password: str) -> Actor:
        """Return the actor or raise AuthenticationError; 5 wrong passwords lock the account 15 min."""
        username = username.strip()
        with self.db.uow(username or "anonymous") as uow:
            row = uow.session.scalar(select(UserRow).where(UserRow.username == username))
            if row is None:
                verify_password(password, _unknown_user_hash())   # the same work as for a real account
                raise AuthenticationError(WRONG_CREDENTIALS)
            if not row.active:  # say so only to someone who knows the password
                raise AuthenticationError("该账号已被管理员停用，请联系管理员" if verify_password(password, row.password_hash)
                                          else WRONG_CREDENTIALS)
            now = self.clock()
            if row.locked_until and row.locked_until > now:
                minutes = int((row.locked_until - now).total_seconds() // 60) + 1
                raise AuthenticationError(f"账号因连续 {MAX_FAILED_ATTEMPTS} 次密码错误已被锁定，"
                                          f"请 {minutes} 分钟后再试或联系管理员解锁")
            if not verify_password(password, row.password_hash):
                row.failed_attempts += 1
                left = MAX_FAILED_ATTEMPTS - row.failed_attempts
                if left <= 0:
                    row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    row.failed_attempts = 0
                    uow.commit()
                    raise AuthenticationError(f"密码连续错误 {MAX_FAILED_ATTEMPTS} 次，账号已锁定 {LOCK_MINUTES} 分钟")
                uow.commit()
                raise AuthenticationError(WRONG_CREDENTIALS)
            if row.failed_attempts or row.locked_until:
                row.failed_attempts = 0
                row.locked_until = None
            uow.audit("login", "users", str(row.id), {"username": row.username})
            uow.commit()
            return _actor(row)

    def create_user(self, actor: Actor, username: str, display_name: str, role: Role, password: str,
                    expert_id: int | None = None) -> int:
        actor.require(Permission.MANAGE_USERS)
        return self._create(actor.username, username, display_name, role, password, expert_id)

    def bootstrap_admin(self, username: str, password: str, display_name: str = "系统管理员") -> int:
        """Create the first admin of an empty database (``sti-desk init``); refused once users exist."""
        if self.has_users():
            raise ValidationError("数据库中已有用户，不能再次初始化管理员")
        return self._create("system", username, display_name, Role.ADMIN, password, None)

    def _create(self, by: str, username: str, display_name: str, role: Role, password: str,
                expert_id: int | None) -> int:
        username = username.strip()
        if not username:
            raise ValidationError("请填写用户名", field="username")
        check_password_strength(password)
        with self.db.uow(by) as uow:
            if uow.session.scalar(select(UserRow.id).where(UserRow.username == username)):
                raise ValidationError(f"用户名“{username}”已存在", field="username")
            row = UserRow(username=username, display_name=display_name or username, role=role.value,
                          password_hash=hash_password(password), expert_id=expert_id)
            uow.session.add(row)
            uow.flush()
            uow.commit()
            return row.id

    def change_password(self, actor: Actor, old: str, new: str) -> None:
        check_password_strength(new)
        with self.db.uow(actor) as uow:
            row = uow.get(UserRow, actor.user_id, "用户")
            if not verify_password(old, row.password_hash):
                raise AuthenticationError("原密码不正确")
            row.password_hash = hash_password(new)
            uow.commit()

    def unlock(self, actor: Actor, user_id: int) -> None:
        actor.require(Permission.MANAGE_USERS)
        with self.db.uow(actor) as uow:
            row = uow.get(UserRow, user_id, "用户")
            row.locked_until = None
            row.failed_attempts = 0
            uow.commit()

    def list_users(self, actor: Actor) -> list[UserInfo]:
        actor.require(Permission.MANAGE_USERS)
        with self.db.reader(actor.username) as uow:
            rows = uow.session.scalars(select(UserRow).order_by(UserRow.id)).all()
            return [UserInfo(r.id, r.username, r.display_name, Role(r.role), r.active, r.locked_until,
                             r.expert_id, r.version, r.failed_attempts, r.created_at) for r in rows]

    def update_user(self, actor: Actor, user_id: int, *, display_name: str, role: Role, active: bool,
                    expert_id: int | None, expected_version: int | None = None) -> None:
        """Change an account's name, role, expert link or enabled state (管理员). The rules of
        :mod:`sti_desk.domain.accounts` keep the bureau from locking itself out; audited."""
        actor.require(Permission.MANAGE_USERS)
        with self.db.uow(actor) as uow:
            row = uow.get(UserRow, user_id, "用户")
            uow.check_version(row, expected_version, f"账号“{row.username}”")
            admins = uow.session.scalars(select(UserRow.id).where(UserRow.role == Role.ADMIN.value,
                                                                  UserRow.active.is_(True))).all()
            check_account_change(acting_user_id=actor.user_id, target_id=row.id, target_role=Role(row.role),
                                 target_active=row.active, new_role=role, new_active=active,
                                 active_admin_ids=admins, expert_id=expert_id)
            if expert_id is not None and expert_id != row.expert_id and uow.session.scalar(
                    select(UserRow.username).where(UserRow.expert_id == expert_id, UserRow.id != row.id)):
                raise ValidationError("该专家已有评审账号", field="expert")
            row.display_name = display_name.strip() or row.username
            row.role, row.active, row.expert_id = role.value, active, expert_id
            uow.commit()

    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> None:
        """管理员重置密码: sets a new password and lifts a lock-out; the user should change it at first login."""
        actor.require(Permission.MANAGE_USERS)
        check_password_strength(new_password)
        with self.db.uow(actor) as uow:
            row = uow.get(UserRow, user_id, "用户")
            row.password_hash = hash_password(new_password)
            row.failed_attempts, row.locked_until = 0, None
            uow.audit("reset_password", "users", str(row.id), {"username": row.username})
            uow.commit()
