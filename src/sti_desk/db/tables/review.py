"""Expert review (专家评审), funding decision (拟立项) and publicity (公示) tables.

The rubric of a call stays in ``calls.rubric_json`` (see docs/review.md, "数据"); everything else of
the review lives here. Marks are exact: integer tenths of a point (``points_tenths``), never float.
Editable rows carry :class:`Versioned` (optimistic lock); logs (reopen, replacement, status) are
append-only.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, Versioned, now


class ExpertConflictRow(Base):
    """申报声明回避: an expert's declared conflict with one project, unit or person (P13)."""

    __tablename__ = "expert_conflicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text, default="")
    expires: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ExpertStatusRow(Base):
    """专家启用/暂停记录: every activation or suspension of an expert with its reason (append-only)."""

    __tablename__ = "expert_status_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(50), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ReviewRoundRow(Versioned, Base):
    """评审轮次: one draw of experts for the projects of a call in 专家评审, then scoring, then closed."""

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("call_id", "number", name="uq_review_rounds_call_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="drawing")  # drawing | scoring | closed
    seed: Mapped[str] = mapped_column(String(100))
    per_group: Mapped[int] = mapped_column(Integer)
    reserves: Mapped[int] = mapped_column(Integer)
    max_group_size: Mapped[int] = mapped_column(Integer)
    draw_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    inputs_digest: Mapped[str] = mapped_column(String(64))
    sheet_secret: Mapped[str] = mapped_column(String(64))   # HMAC key of the offline score sheets
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    closed_by: Mapped[str] = mapped_column(String(50), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class ReviewDrawRow(Base):
    """抽取记录: the whole draw as JSON (inputs, groups, lots, exclusions with reasons). Written once."""

    __tablename__ = "review_draws"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"), unique=True)
    record_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ReviewGroupRow(Base):
    """评审组: projects of one field and the panel that reviews them."""

    __tablename__ = "review_groups"
    __table_args__ = (UniqueConstraint("round_id", "code", name="uq_review_groups_round_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    field: Mapped[str] = mapped_column(String(30))
    ordinal: Mapped[int] = mapped_column(Integer)


class ReviewGroupProjectRow(Base):
    __tablename__ = "review_group_projects"
    __table_args__ = (UniqueConstraint("group_id", "project_id", name="uq_review_group_projects_group_project"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)


class ReviewAssignmentRow(Versioned, Base):
    """评审任务 = one expert's score sheet for one project: status, comment, recommendation, lock.

    status: assigned (待评/暂存) | submitted (已提交, locked) | declined (已回避/退出, no replacement) |
    replaced (由备选专家替补, see ``replaced_by_id``)."""

    __tablename__ = "review_assignments"
    __table_args__ = (Index("ix_review_assignments_round_expert", "round_id", "expert_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="RESTRICT"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="assigned")
    comment: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(String(30), default="")
    total: Mapped[str] = mapped_column(String(30), default="")  # exact Decimal text, set on submit
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    saved_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    declined_at: Mapped[datetime | None] = mapped_column(DateTime)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="SET NULL"))


class ReviewMarkRow(Base):
    """One criterion's mark of a score sheet, in tenths of a point (25.5 分 → 255)."""

    __tablename__ = "review_marks"
    __table_args__ = (UniqueConstraint("assignment_id", "criterion", name="uq_review_marks_assignment_criterion"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("review_assignments.id", ondelete="CASCADE"),
                                               index=True)
    criterion: Mapped[str] = mapped_column(String(30))
    points_tenths: Mapped[int] = mapped_column(Integer)


class ReviewReopenRow(Base):
    """退回修改: a clerk reopened a submitted score sheet (who, why, when)."""

    __tablename__ = "review_reopens"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("review_assignments.id", ondelete="CASCADE"),
                                               index=True)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ReviewReplacementRow(Base):
    """替补记录: an expert left a group's panel and who took the seat (reserve or pool), with why."""

    __tablename__ = "review_replacements"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("review_groups.id", ondelete="CASCADE"))
    declined_expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="RESTRICT"))
    new_expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))         # reserve | pool
    skipped_json: Mapped[str] = mapped_column(Text, default="[]")
    by: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime] = mapped_column(DateTime, default=now)


class PublicityRow(Versioned, Base):
    """公示: one publicity of a call's funding list, from ``start`` to ``end`` (working days)."""

    __tablename__ = "publicities"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="RESTRICT"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    finished_by: Mapped[str] = mapped_column(String(50), default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class FundingDecisionRow(Versioned, Base):
    """资助决定: the manager's decision on one reviewed project (funded with an amount, or not)."""

    __tablename__ = "funding_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), unique=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="RESTRICT"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("review_rounds.id", ondelete="SET NULL"))
    funded: Mapped[bool] = mapped_column(Boolean)
    approved_fen: Mapped[int] = mapped_column(Integer, default=0)
    review_score: Mapped[str] = mapped_column(String(30), default="")
    rank: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[str] = mapped_column(Text, default="")  # acknowledged warnings (e.g. over budget)
    decided_by: Mapped[str] = mapped_column(String(50))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    publicity_id: Mapped[int | None] = mapped_column(ForeignKey("publicities.id", ondelete="SET NULL"),
                                                     index=True)


class ObjectionRow(Versioned, Base):
    """公示异议: received during the publicity; resolved as upheld (成立 → 不予立项) or dismissed."""

    __tablename__ = "objections"
    id: Mapped[int] = mapped_column(primary_key=True)
    publicity_id: Mapped[int] = mapped_column(ForeignKey("publicities.id", ondelete="RESTRICT"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    objector: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(50))
    resolution: Mapped[str] = mapped_column(Text, default="")
    upheld: Mapped[bool | None] = mapped_column(Boolean)
    resolved_by: Mapped[str] = mapped_column(String(50), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
