"""Units (单位库): list, create, edit, with credit-code validation and optimistic locking."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db.tables import ProjectRow, UnitRow
from ..db.uow import Database
from ..domain.codes import normalize_credit_code
from ..domain.entities import Unit, UnitType
from ..domain.permissions import Permission
from ..domain.review import unit_name_key
from ..domain.validation import FieldErrors, check_unit_fields, normalise_percent, unit_name_taken
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
        errors = check_unit_fields(name=unit.name, credit_code=unit.credit_code, phone=unit.phone,
                                   rd_intensity=unit.rd_intensity)
        with self.db.uow(actor) as uow:          # every problem at once: the fields, then the other units
            code = "" if "credit_code" in errors else normalize_credit_code(unit.credit_code)
            clash = uow.session.scalar(select(UnitRow).where(UnitRow.credit_code == code)) if code else None
            if clash is not None and clash.id != unit.id:
                errors["credit_code"] = f"该统一社会信用代码已登记为“{clash.name}”"
            if "name" not in errors and (same := self._same_name(uow.session, unit.name, unit.id)):
                errors["name"] = same
            if errors:
                raise FieldErrors(errors)
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
            row.rd_intensity = normalise_percent(unit.rd_intensity)
            row.address, row.contact, row.phone = unit.address, unit.contact, unit.phone
            uow.flush()
            uow.commit()
            return row.id

    @staticmethod
    def _same_name(session, name: str, own_id: int | None) -> str | None:  # type: ignore[no-untyped-def]
        """The refusal of a name another unit already has — compared with spaces, full-width and half-width
        forms (（）/ ()) and letter case ignored (:func:`domain.review.unit_name_key`). A unit that keeps its
        name may be saved even if another one had that name before the check existed (as in the import)."""
        key = unit_name_key(name)
        own = session.get(UnitRow, own_id) if own_id is not None else None
        if own is not None and unit_name_key(own.name) == key:    # a clash stored before the check: not renamed
            return None
        for other_id, other_name, other_code in session.execute(
                select(UnitRow.id, UnitRow.name, UnitRow.credit_code).order_by(UnitRow.id)):
            if other_id != own_id and unit_name_key(other_name) == key:
                return unit_name_taken(other_name, other_code)
        return None
