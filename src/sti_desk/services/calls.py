"""Calls (申报批次/年度计划) and reference choices for forms and templates."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..db.tables import CallRow
from ..db.uow import Database
from ..domain.entities import Call
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode
from .actor import Actor


def call_from_row(r: CallRow) -> Call:
    return Call(code=r.code, name=r.name, year=r.year, category=CallCategory(r.category),
                funding_mode=FundingMode(r.funding_mode), organisation_mode=OrganisationMode(r.organisation_mode),
                budget_scheme=BudgetScheme(r.budget_scheme), cap=Money(r.cap_fen),
                total_budget=Money(r.total_budget_fen), opens=r.opens, closes=r.closes,
                self_funding_ratio=r.self_funding_ratio, experts_per_group=r.experts_per_group,
                aggregation=r.aggregation, disbursement_plan=r.disbursement_plan, id=r.id, version=r.version)


class CallService:
    def __init__(self, db: Database):
        self.db = db

    def list_calls(self, actor: Actor) -> list[Call]:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            rows = uow.session.scalars(select(CallRow).order_by(CallRow.year.desc(), CallRow.code))
            return [call_from_row(r) for r in rows]

    def get_by_code(self, actor: Actor, code: str) -> Call:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            row = uow.session.scalar(select(CallRow).where(CallRow.code == code.strip()))
            if row is None:
                raise ValidationError(f"申报批次“{code}”不存在")
            return call_from_row(row)

    def save_call(self, actor: Actor, call: Call) -> int:
        actor.require(Permission.EDIT_CALLS)
        if not call.code.strip() or not call.name.strip():
            raise ValidationError("申报批次须有编号和名称")
        if call.opens and call.closes and call.closes < call.opens:
            raise ValidationError("申报截止日期须晚于开始日期")
        if call.experts_per_group < 3:
            raise ValidationError("每组评审专家不少于 3 人")
        with self.db.uow(actor) as uow:
            clash = uow.session.scalar(select(CallRow).where(CallRow.code == call.code.strip()))
            if clash is not None and clash.id != call.id:
                raise ValidationError(f"申报批次编号“{call.code}”已存在")
            if call.id is None:
                row = CallRow(code=call.code.strip())
                uow.session.add(row)
            else:
                row = uow.get(CallRow, call.id, "申报批次")
                uow.check_version(row, call.version, f"申报批次“{row.name}”")
            row.name, row.year = call.name.strip(), call.year
            row.category, row.funding_mode = call.category.value, call.funding_mode.value
            row.organisation_mode, row.budget_scheme = call.organisation_mode.value, call.budget_scheme.value
            row.cap_fen, row.total_budget_fen = call.cap.fen, call.total_budget.fen
            row.opens, row.closes = call.opens, call.closes
            row.self_funding_ratio, row.experts_per_group = call.self_funding_ratio, call.experts_per_group
            row.aggregation, row.disbursement_plan = call.aggregation, call.disbursement_plan
            uow.flush()
            uow.commit()
            return row.id

    def open_calls(self, actor: Actor, today: date | None = None) -> list[Call]:
        today = today or date.today()
        return [c for c in self.list_calls(actor) if not c.closes or c.closes >= today]
