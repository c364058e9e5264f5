"""Intake: import batches, screening (形式审查) results and the expenditure ledger (支出台账)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, now


class ImportBatchRow(Base):
    """One Excel import: which file (SHA-256), who, when, and the counts."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    username: Mapped[str] = mapped_column(String(50))
    counts_json: Mapped[str] = mapped_column(Text, default="{}")


class ScreeningRow(Versioned, Base):
    """形式审查: the automatic check results of one run and the clerk's decision."""

    __tablename__ = "screenings"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    run_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    results_json: Mapped[str] = mapped_column(Text)
    auto_passed: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str] = mapped_column(String(10), default="pending")  # pending | pass | reject
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(50), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)


class ExpenditureRow(Versioned, Base):
    """支出台账: one expenditure of a project's funds, keyed by the accounting voucher number (凭证号)."""

    __tablename__ = "expenditures"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    voucher_no: Mapped[str] = mapped_column(String(50), unique=True)
    spent_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(50))
    amount_fen: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
