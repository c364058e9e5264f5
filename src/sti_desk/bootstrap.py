"""The one place that wires every layer: database file → checks → migrations → services."""
from __future__ import annotations

import importlib
import json
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .db.backup import check_integrity, daily_backup
from .db.engine import make_engine
from .db.migrate import MigrationResult, upgrade
from .db.uow import Database
from .domain.errors import DomainError
from .domain.policy import DEFAULT_VERSION_NOTE, PolicyParameters
from .paths import is_network_path

if TYPE_CHECKING:
    from .services.audit import AuditService
    from .services.auth import AuthService
    from .services.backups import BackupService
    from .services.calls import CallService
    from .services.intake import IntakeService
    from .services.policy import PolicyService
    from .services.projects import ProjectService
    from .services.review import ReviewService
    from .services.units import UnitService
    from .services.worklist import WorklistService

#: The first policy version applies to everything before any admin change.
POLICY_EPOCH = date(2000, 1, 1)

#: attribute of :class:`Services` → (module under sti_desk.services, class)
SERVICE_CLASSES: dict[str, tuple[str, str]] = {
    "auth": ("auth", "AuthService"),
    "projects": ("projects", "ProjectService"),
    "units": ("units", "UnitService"),
    "calls": ("calls", "CallService"),
    "audit": ("audit", "AuditService"),
    "policy": ("policy", "PolicyService"),
    "review": ("review", "ReviewService"),
    "intake": ("intake", "IntakeService"),
    "worklist": ("worklist", "WorklistService"),
    "backups": ("backups", "BackupService"),
}


class Services:
    """Every use case over one :class:`Database` (``services.auth``, ``services.projects`` …).

    Each service is created — and its module imported — on first use, so that start-up imports only what
    the first screen needs (the login and the project list), not the review and intake modules. Services
    may also be given ready-made (``Services(db, auth=...)``). ``extra`` holds services added by feature
    areas. Thread-safe: the GUI uses services from worker threads.
    """

    if TYPE_CHECKING:
        auth: AuthService
        projects: ProjectService
        units: UnitService
        calls: CallService
        audit: AuditService
        policy: PolicyService
        review: ReviewService
        intake: IntakeService
        worklist: WorklistService
        backups: BackupService

    def __init__(self, db: Database | None = None, **given: Any) -> None:
        object.__setattr__(self, "_lock", threading.Lock())
        self.db = db
        self.extra: dict[str, object] = {}
        for name, service in given.items():
            if name not in SERVICE_CLASSES:
                raise TypeError(f"unknown service {name!r}")
            setattr(self, name, service)

    def __getattr__(self, name: str) -> Any:  # only called for services not created yet
        spec = SERVICE_CLASSES.get(name)
        if spec is None or self.db is None:
            raise AttributeError(f"{type(self).__name__!s} has no service {name!r}")
        with self._lock:
            if name not in self.__dict__:
                module = importlib.import_module(f"{__package__}.services.{spec[0]}")
                self.__dict__[name] = getattr(module, spec[1])(self.db)
        return self.__dict__[name]

    def load_all(self) -> None:
        """Create every service now (imports their modules; e.g. in the background after start-up)."""
        for name in SERVICE_CLASSES:
            getattr(self, name)


@dataclass
class AppContext:
    db_path: Path
    db: Database
    services: Services
    migration: MigrationResult

    def close(self) -> None:
        self.db.dispose()


def check_location(db_path: Path) -> None:
    if is_network_path(db_path):
        raise DomainError(
            f"数据库文件 {db_path} 位于网络共享目录。SQLite 在网络共享上可能损坏数据，已拒绝打开。"
            "请把数据库放在本机磁盘上；多台电脑共用数据请改用 PostgreSQL 服务器。", rule="数据安全")


def _seed_policy(db: Database) -> None:
    from sqlalchemy import select

    from .db.tables import PolicyVersionRow

    with db.uow("system") as uow:
        if uow.session.scalar(select(PolicyVersionRow.id).limit(1)) is None:
            uow.session.add(PolicyVersionRow(effective_from=POLICY_EPOCH, note=DEFAULT_VERSION_NOTE,
                                             params_json=json.dumps(PolicyParameters().to_plain(),
                                                                    ensure_ascii=False)))
            uow.commit()


def build_services(db: Database) -> Services:
    return Services(db)


def open_app(db_path: Path, *, create: bool = True, backup_daily: bool = True) -> AppContext:
    """Open (and create or upgrade) the database at ``db_path`` and wire the services.

    Refuses a network share and a corrupt file with a Chinese message; backs up before migrating and
    once a day.
    """
    db_path = Path(db_path).expanduser().resolve()
    check_location(db_path)
    existed = db_path.exists() and db_path.stat().st_size > 0
    if not existed and not create:
        raise DomainError(f"数据库文件 {db_path} 不存在。请先运行 sti-desk init 创建数据库。")
    if existed:
        report = check_integrity(db_path)
        if not report.ok:
            raise DomainError(report.message, rule="启动完整性检查")
    migration = upgrade(db_path)
    if existed and backup_daily:
        daily_backup(db_path)
    db = Database(make_engine(db_path), db_path)
    _seed_policy(db)
    return AppContext(db_path, db, build_services(db), migration)
