"""Demo extension (演示数据): dishonesty-list entries and stored 形式审查 results for the current call.

Registered in :data:`sti_desk.services.demo.EXTENSIONS`. It puts one applicant unit and one project
leader of the current year's call on the dishonesty list (失信惩戒, barred for two more years), then runs
the automatic checks for that call's projects in 形式审查, so the screening page shows real failures next
to projects that pass.
"""
from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from ..db.tables import CallRow, CreditRecordRow, PersonRow, ProjectRow, UnitRow
from ..db.uow import Database
from ..domain.lifecycle import ProjectState
from .intake_screen import run_call_screening

BAR_REASONS = ("项目验收材料造假", "科研经费挪用，经审计查实", "申报材料抄袭剽窃")


def extend(db: Database, today: date, rng: random.Random) -> None:
    with db.uow("clerk") as uow:
        call = uow.session.scalar(select(CallRow).where(CallRow.year == today.year).order_by(CallRow.code))
        if call is None:
            return
        projects = list(uow.session.scalars(select(ProjectRow).where(
            ProjectRow.call_id == call.id, ProjectRow.state == ProjectState.SCREENING.value).order_by(ProjectRow.code)))
        if len(projects) >= 2:
            barred_unit, barred_leader = projects[0], projects[-1]
            until = date(today.year + 2, 12, 31)
            unit = uow.session.get(UnitRow, barred_unit.unit_id)
            unit.credit_level = "严重失信"
            uow.session.add(CreditRecordRow(subject_kind="unit", subject_id=unit.id, level="严重失信",
                                            reason=rng.choice(BAR_REASONS), effective=date(today.year - 1, 6, 1),
                                            bar_until=until))
            leader = uow.session.get(PersonRow, barred_leader.leader_id)
            leader.credit_level = "较差"
            uow.session.add(CreditRecordRow(subject_kind="person", subject_id=leader.id, level="较差",
                                            reason=rng.choice(BAR_REASONS), effective=date(today.year, 1, 15),
                                            bar_until=date(today.year + 1, 12, 31)))
            uow.flush()
        run_call_screening(uow, call.code, today, states=(ProjectState.SCREENING.value,))
        uow.commit()
