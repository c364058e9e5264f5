"""Declarative base and shared column helpers."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic locking (乐观锁): every UPDATE checks and bumps ``version``; a stale save raises
    StaleDataError, which the unit of work turns into a Chinese ConcurrencyError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, object]:  # noqa: N805 - SQLAlchemy API
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
