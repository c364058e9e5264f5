"""Tables of the foundation: units, persons, experts, calls, projects and their parts, credit, policy."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Versioned, now


class UnitRow(Versioned, Base):
    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    unit_type: Mapped[str] = mapped_column(String(30), default="enterprise")
    above_scale_industrial: Mapped[bool] = mapped_column(Boolean, default=False)
    has_rd_institution: Mapped[bool] = mapped_column(Boolean, default=False)
    rd_intensity: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    credit_level: Mapped[str] = mapped_column(String(20), default="良好")


class PersonRow(Versioned, Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    #: 工作单位 as typed, for a person whose employer is not in 单位库 (an expert from outside the county):
    #: None whenever ``unit_id`` names the unit. Kept next to ``unit_id`` so "registered unit, else this
    #: text" is one row, one version and one audit entry.
    workplace: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    credit_level: Mapped[str] = mapped_column(String(20), default="良好")


class ExpertRow(Versioned, Base):
    __tablename__ = "experts"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), unique=True)
    field: Mapped[str] = mapped_column(String(30), index=True)
    specialty: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    person: Mapped[PersonRow] = relationship(lazy="joined")


class CallRow(Versioned, Base):
    __tablename__ = "calls"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(30))
    funding_mode: Mapped[str] = mapped_column(String(20), default="budget")
    organisation_mode: Mapped[str] = mapped_column(String(30), default="competitive")
    budget_scheme: Mapped[str] = mapped_column(String(20), default="simplified")
    cap_fen: Mapped[int] = mapped_column(Integer, default=0)
    total_budget_fen: Mapped[int] = mapped_column(Integer, default=0)
    opens: Mapped[date | None] = mapped_column(Date)
    closes: Mapped[date | None] = mapped_column(Date)
    self_funding_ratio: Mapped[str] = mapped_column(String(10), default="0")
    experts_per_group: Mapped[int] = mapped_column(Integer, default=5)
    aggregation: Mapped[str] = mapped_column(String(20), default="trimmed_mean")
    disbursement_plan: Mapped[str] = mapped_column(String(50), default="0.7,0.3")
    rubric_json: Mapped[str] = mapped_column(Text, default="")


class ProjectRow(Versioned, Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("call_id", "unit_id", "title", name="uq_projects_call_unit_title"),
                      Index("ix_projects_state", "state"))
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    requested_fen: Mapped[int] = mapped_column(Integer, default=0)
    self_raised_fen: Mapped[int] = mapped_column(Integer, default=0)
    approved_fen: Mapped[int] = mapped_column(Integer, default=0)
    lump_sum_pledge: Mapped[bool] = mapped_column(Boolean, default=False)
    summary: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="applied")
    state_changed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    budget_lines: Mapped[list[BudgetLineRow]] = relationship(
        cascade="all, delete-orphan", order_by="BudgetLineRow.id", passive_deletes=True)
    team: Mapped[list[TeamMemberRow]] = relationship(
        cascade="all, delete-orphan", order_by="TeamMemberRow.id", passive_deletes=True)
    events: Mapped[list[ProjectEventRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectEventRow.id", passive_deletes=True)


class BudgetLineRow(Base):
    __tablename__ = "budget_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(50))
    fiscal_fen: Mapped[int] = mapped_column(Integer, default=0)
    self_raised_fen: Mapped[int] = mapped_column(Integer, default=0)
    basis: Mapped[str] = mapped_column(Text, default="")


class TeamMemberRow(Base):
    __tablename__ = "team_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(30), default="成员")


class ProjectEventRow(Base):
    """One step of the lifecycle timeline (阶段变更记录)."""

    __tablename__ = "project_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=now)
    from_state: Mapped[str] = mapped_column(String(20), default="")
    to_state: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(Text, default="")
    username: Mapped[str] = mapped_column(String(50), default="")


class CreditRecordRow(Base):
    """科研诚信记录: a change of credit level of a unit or person, with a dishonesty bar if any."""

    __tablename__ = "credit_records"
    __table_args__ = (Index("ix_credit_subject", "subject_kind", "subject_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_id: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    effective: Mapped[date] = mapped_column(Date)
    bar_until: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class PolicyVersionRow(Base):
    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    params_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
