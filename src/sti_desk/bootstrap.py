"""The one place that wires every layer: database file → checks → migrations → services."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from .db.backup import check_integrity, daily_backup
from .db.engine import make_engine
from .db.migrate import MigrationResult, upgrade
from .db.tables import PolicyVersionRow
from .db.uow import Database
from .domain.errors import DomainError
from .domain.policy import PolicyParameters
from .paths import is_network_path
from .services.audit import AuditService
from .services.auth import AuthService
from .services.calls import CallService
from .services.intake import IntakeService
from .services.policy import PolicyService
from .services.projects import ProjectService
from .services.review import ReviewService
from .services.units import UnitService

#: The first policy version applies to everything before any admin change.
POLICY_EPOCH = date(2000, 1, 1)


@dataclass
class Services:
    auth: AuthService
    projects: ProjectService
    units: UnitService
    calls: CallService
    audit: AuditService
    policy: PolicyService
    review: ReviewService
    intake: IntakeService
    extra: dict[str, object] = field(default_factory=dict)


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
    with db.uow("system") as uow:
        if uow.session.scalar(select(PolicyVersionRow.id).limit(1)) is None:
            uow.session.add(PolicyVersionRow(effective_from=POLICY_EPOCH, note="POLICY.md 默认参数",
                                             params_json=json.dumps(PolicyParameters().to_plain(),
                                                                    ensure_ascii=False)))
            uow.commit()


def build_services(db: Database) -> Services:
    return Services(auth=AuthService(db), projects=ProjectService(db), units=UnitService(db),
                    calls=CallService(db), audit=AuditService(db), policy=PolicyService(db),
                    review=ReviewService(db),
                    intake=IntakeService(db))


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
