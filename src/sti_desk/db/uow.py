"""Unit of work (工作单元): one transaction per use case; rolls back unless ``commit()`` is called.

Every change made through it is audited under the acting user's name; a stale optimistic-lock save and
SQLite's "database is locked" become Chinese domain errors.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import AuthenticationError, ConcurrencyError, DomainError, NotFound
from .audit import append_entry, install_audit


class UnitOfWork:
    """``actor`` is a name for unattended work ("system", "demo") or the logged-in user (an object with
    ``user_id``, ``username`` and ``role``, i.e. ``services.actor.Actor``). For a logged-in user, commit
    first re-reads the account in the same transaction: a session opened before an administrator disabled
    the account or changed its role must not go on writing with the old rights."""

    def __init__(self, factory: Callable[[], Session], actor: Any, readonly: bool = False):
        self._factory = factory
        self._user = None if isinstance(actor, str) else actor
        self.actor: str = actor if isinstance(actor, str) else actor.username
        self.readonly = readonly
        self.session: Session = None  # type: ignore[assignment]
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.session.info["actor"] = self.actor
        if not self.readonly:
            install_audit(self.session)
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if not self._committed:
                self.session.rollback()
        finally:
            self.session.close()
        if exc is not None:
            translated = translate_db_error(exc)
            if translated is not exc:
                raise translated from exc

    def get(self, model: type, ident: int, what: str = "记录") -> Any:
        obj = self.session.get(model, ident)
        if obj is None:
            raise NotFound(f"{what}（编号 {ident}）不存在或已被删除")
        return obj

    def check_version(self, obj: Any, expected: int | None, what: str = "记录") -> None:
        """Refuse to save over a newer version than the one the user loaded (乐观锁)."""
        if expected is not None and obj.version != expected:
            raise ConcurrencyError(
                f"{what}已被其他人修改（您打开的是第 {expected} 版，当前为第 {obj.version} 版）。"
                "为避免覆盖他人的修改，本次保存未执行，请重新打开后再编辑。", rule="乐观锁")

    def flush(self) -> None:
        try:
            self.session.flush()
        except Exception as exc:  # noqa: BLE001 - translated below
            raise translate_db_error(exc) from exc

    def audit(self, action: str, entity: str, entity_id: str, detail: dict[str, Any]) -> None:
        """Record a non-row event (an import, a verification, a login) in the audit chain."""
        self.flush()
        append_entry(self.session, self.actor, action, entity, entity_id, None, detail)

    def _check_account_still_valid(self) -> None:
        user = self._user
        if user is None or not getattr(user, "user_id", 0):
            return
        row = self.session.execute(text("SELECT active, role FROM users WHERE id = :id"),
                                   {"id": user.user_id}).first()
        role = getattr(user.role, "value", user.role)
        if row is None or not row.active:
            raise AuthenticationError(f"账号“{user.username}”已被停用或删除，本次操作未执行。请联系管理员。")
        if row.role != role:
            raise AuthenticationError(f"账号“{user.username}”的角色已被管理员修改，本次操作未执行。"
                                      "请退出后重新登录。")

    def commit(self) -> None:
        if self.readonly:
            raise RuntimeError("read-only unit of work cannot commit")
        self._check_account_still_valid()
        try:
            self.session.commit()
        except Exception as exc:  # noqa: BLE001
            self.session.rollback()
            raise translate_db_error(exc) from exc
        self._committed = True


def translate_db_error(exc: BaseException) -> BaseException:
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, StaleDataError):
        return ConcurrencyError("该记录已被其他人修改或删除，本次保存未执行，请刷新后重试。", rule="乐观锁")
    if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
        return ConcurrencyError("数据库正被其他程序占用（可能另一位同事正在保存），请稍后重试。")
    if isinstance(exc, IntegrityError):
        msg = str(exc.orig)
        if "UNIQUE" in msg:
            return DomainError("与已有记录重复（唯一性约束：" + msg.split(":", 1)[-1].strip() + "）")
        if "FOREIGN KEY" in msg:
            return DomainError("该记录仍被其他数据引用，或引用的记录不存在，操作未执行")
        return DomainError("数据不完整或不一致，操作未执行：" + msg)
    return exc


class Database:
    """The one handle services get: makes units of work on one engine."""

    def __init__(self, engine: Engine, path: Any = None):
        self.engine = engine
        self.path = path
        self._rw = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
        self._ro = sessionmaker(bind=engine.execution_options(sti_readonly=True), expire_on_commit=False)

    def uow(self, actor: Any = "system") -> UnitOfWork:
        """A writing unit of work for ``actor`` (a name, or the logged-in ``Actor``: see UnitOfWork)."""
        return UnitOfWork(self._rw, actor)

    def reader(self, actor: Any = "system") -> UnitOfWork:
        """A read-only unit of work (deferred BEGIN, never commits, no audit)."""
        return UnitOfWork(self._ro, actor, readonly=True)

    def dispose(self) -> None:
        self.engine.dispose()
