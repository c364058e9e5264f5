"""Units (单位库): list, create, edit, with credit-code validation and optimistic locking."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db.tables import ProjectRow, UnitRow
from ..db.uow import Database
from ..domain.codes import normalize_credit_code
from ..domain.entities import Unit, UnitType
from ..domain.permissions import Permission
from ..domain.validation import FieldErrors, check_unit_fields
from .actor import Actor


def unit_from_row(r: UnitRow) -> Unit:
    return Unit(name=r.name, credit_code=r.credit_code, unit_type=UnitType(r.unit_type),
                above_scale_industrial=r.above_scale_industrial, has_rd_institution=r.has_rd_institution,
                rd_intensity=r.rd_intensity, address=r.address, contact=r.contact, phone=r.phone,
                credit_level=r.credit_level, id=r.id, version=r.version)


class UnitService:
    def __init__(self, db: Database):
        self.db = db

    def list_units(self, actor: Actor) -> list[Unit]:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return [unit_from_row(r) for r in uow.session.scalars(select(UnitRow).order_by(UnitRow.name))]

    def project_counts(self, actor: Actor) -> dict[int, int]:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            rows = uow.session.execute(select(ProjectRow.unit_id, func.count()).group_by(ProjectRow.unit_id))
            return {uid: n for uid, n in rows}

    def get_unit(self, actor: Actor, unit_id: int) -> Unit:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            return unit_from_row(uow.get(UnitRow, unit_id, "单位"))

    def save_unit(self, actor: Actor, unit: Unit) -> int:
        """Create (``unit.id is None``) or update; an update carries the version the user loaded."""
        actor.require(Permission.EDIT_UNITS)
        errors = check_unit_fields(name=unit.name, credit_code=unit.credit_code)
        if errors:
            raise FieldErrors(errors)
        code = normalize_credit_code(unit.credit_code)
        with self.db.uow(actor) as uow:
            clash = uow.session.scalar(select(UnitRow).where(UnitRow.credit_code == code))
            if clash is not None and clash.id != unit.id:
                raise FieldErrors({"credit_code": f"该统一社会信用代码已登记为“{clash.name}”"})
            if unit.id is None:
                row = UnitRow(credit_code=code)
                uow.session.add(row)
            else:
                row = uow.get(UnitRow, unit.id, "单位")
                uow.check_version(row, unit.version, f"单位“{row.name}”")
                row.credit_code = code
            row.name = unit.name.strip()
            row.unit_type = unit.unit_type.value
            row.above_scale_industrial = unit.above_scale_industrial
            row.has_rd_institution = unit.has_rd_institution
            row.rd_intensity = unit.rd_intensity.strip()
            row.address, row.contact, row.phone = unit.address, unit.contact, unit.phone
            uow.flush()
            uow.commit()
            return row.id
