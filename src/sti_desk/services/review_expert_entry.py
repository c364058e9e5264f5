"""Adding an expert by hand (新增专家) and an expert's 工作单位 — a unit of 单位库, or the name as typed
when the unit is not registered there (an expert from outside the county, e.g. 浙江大学).

A typed name that is the name of exactly one registered unit (spaces and full-width forms ignored) links
to that unit instead, so the same unit is not kept twice; recusal compares a typed name with the units'
names anyway (domain/review/conflicts.py).
"""
from __future__ import annotations

from sqlalchemy import select

from ..db.tables import ExpertRow, PersonRow, UnitRow
from ..db.uow import Database, UnitOfWork
from ..domain.codes import normalize_id_number
from ..domain.entities import FIELDS
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.phone import phone_refusal
from ..domain.review import unit_name_key
from ..domain.validation import FieldErrors
from .actor import Actor
from .review_dto_experts import ExpertInput, WorkUnit

MAX_WORKPLACE = 200          # persons.workplace is String(200)


def field_problem(field: str) -> str | None:
    if not field:
        return "请选择技术领域"
    if field not in FIELDS:
        return f"技术领域“{field}”不在可选范围（{'、'.join(FIELDS)}）内"
    return None


def work_unit_problem(work_unit: WorkUnit) -> str | None:
    if work_unit.unit_id is not None and work_unit.text.strip():
        return "工作单位请二选一：从单位库选择，或填写单位名称"
    if len(work_unit.text.strip()) > MAX_WORKPLACE:
        return f"工作单位名称不超过 {MAX_WORKPLACE} 个字"
    return None


def apply_work_unit(uow: UnitOfWork, person: PersonRow, work_unit: WorkUnit) -> None:
    """Set the person's unit (``unit_id``) or typed 工作单位 (``workplace``); exactly one of them, or neither."""
    text = " ".join(work_unit.text.split())
    unit_id = work_unit.unit_id
    if unit_id is not None:
        uow.get(UnitRow, unit_id, "单位")
    elif text:
        key = unit_name_key(text)
        same = [uid for uid, name in uow.session.execute(select(UnitRow.id, UnitRow.name)) if unit_name_key(name) == key]
        if len(same) == 1:
            unit_id, text = same[0], ""
    person.unit_id, person.workplace = unit_id, (text or None) if unit_id is None else None


class ExpertEntryMixin:
    db: Database

    def add_expert(self, actor: Actor, data: ExpertInput) -> int:
        """新增专家: a person (found by 身份证号, or created) joins the pool, active. Every field problem is
        reported at once (FieldErrors); a person who is already an expert is refused. Audited like any
        change (the new rows, and a known person's changed title, phone or unit). Returns the expert id."""
        actor.require(Permission.EDIT_EXPERTS)
        errors: dict[str, str] = {}
        name = data.name.strip()
        if not name:
            errors["name"] = "请填写姓名"
        elif len(name) > 50:
            errors["name"] = "姓名不超过 50 个字"
        try:
            id_number = normalize_id_number(data.id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.message
            id_number = ""
        if problem := field_problem(data.field):
            errors["field"] = problem
        if problem := work_unit_problem(data.work_unit):
            errors["work_unit"] = problem
        if problem := phone_refusal(data.phone):
            errors["phone"] = problem
        if errors:
            raise FieldErrors(errors)
        with self.db.uow(actor) as uow:
            person = uow.session.scalar(select(PersonRow).where(PersonRow.id_number == id_number))
            new = person is None
            if person is None:
                person = PersonRow(name=name, id_number=id_number, title="", phone="")
                uow.session.add(person)
            elif person.name != name:
                raise FieldErrors({"name": f"身份证号 {id_number} 已登记为“{person.name}”，与填写的姓名“{name}”不一致"})
            elif uow.session.scalar(select(ExpertRow.id).where(ExpertRow.person_id == person.id)) is not None:
                raise FieldErrors({"id_number": f"“{name}”（身份证号 {id_number}）已在专家库中"})
            # a known person (e.g. a project leader) keeps what the form leaves blank
            if data.title.strip():
                person.title = data.title.strip()
            if data.phone.strip():
                person.phone = data.phone.strip()
            if new or data.work_unit.unit_id is not None or data.work_unit.text.strip():
                apply_work_unit(uow, person, data.work_unit)
            uow.flush()
            expert = ExpertRow(person_id=person.id, field=data.field, specialty=data.specialty.strip(), active=True)
            uow.session.add(expert)
            uow.flush()
            uow.commit()
            return expert.id
