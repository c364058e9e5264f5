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
    """Refuse a database on a network share. Give the path as typed (before ``resolve()``): on POSIX
    resolving turns ``//server/share/x.db`` into ``/server/share/x.db`` and the share is no longer seen."""
    if is_network_path(db_path):
        raise DomainError(
            f"数据库文件 {db_path} 位于网络共享文件夹。SQLite 数据库放在网络共享上可能损坏数据，已拒绝打开。"
            "请把数据库文件复制到本机磁盘（如 D:\\科技局\\项目.db）后用 --db 打开；"
            "需要与其他电脑交换数据时，请传递 sti-desk backup 生成的备份文件或导出的 Excel 文件，"
            "不要多台电脑共用同一个数据库文件。", rule="数据安全")


def _seed_policy(db: Database) -> None:
    """Write the first policy version when there is none. Looked for with a reader first: a writing unit
    of work takes the write lock (BEGIN IMMEDIATE), and every start — ``audit verify``, ``call list`` —
    would otherwise wait for, and fail behind, another program's write. The writer looks again under its
    lock, so two first starts at once still write one version."""
    from sqlalchemy import select

    from .db.tables import PolicyVersionRow

    def missing(uow: Any) -> bool:
        return uow.session.scalar(select(PolicyVersionRow.id).limit(1)) is None

    with db.reader("system") as reader:
        if not missing(reader):
            return
    with db.uow("system") as uow:
        if missing(uow):
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
    given = Path(db_path).expanduser()
    check_location(given)
    db_path = given.resolve()
    check_location(db_path)
    if db_path.is_dir():
        raise DomainError(f"“{db_path}”是文件夹，不是数据库文件。请给出数据库文件的完整路径（如 D:\\科技局\\项目.db）。")
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
