"""形式审查 against the database: seeded failures are found, decisions move the project, roles are enforced."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from sti_desk.db.tables import CreditRecordRow, ScreeningRow
from sti_desk.domain.entities import BudgetLine, Call, Unit
from sti_desk.domain.errors import PermissionDenied, ValidationError
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory
from tests.integration.conftest import make_credit_code, project_input

from .conftest import CALL, CALL_NAME

TODAY = date(2026, 11, 20)


@pytest.fixture
def seeded(ctx, clerk):
    """Call 2026-ZDYF (cap 50 万) with: a clean project, one of a barred unit, one over the cap, and one whose
    title duplicates the same unit's application in another open call."""
    s = ctx.services
    ids = {}
    calls = {CALL: s.calls.save_call(clerk, Call(CALL, CALL_NAME, 2026, CallCategory.KEY_RD, cap=Money.wan(50),
                                                 opens=date(2026, 3, 1), closes=date(2026, 12, 31))),
             "2026-CGZH": s.calls.save_call(clerk, Call("2026-CGZH", "2026年度成果转化", 2026, CallCategory.TRANSFER,
                                                        opens=date(2026, 3, 1), closes=date(2026, 12, 31)))}
    units = {n: s.units.save_unit(clerk, Unit(f"青溪测试{n}科技有限公司", make_credit_code(n))) for n in (1, 2, 3)}

    def project(key, call, unit, title, leader, requested=30):
        data = project_input(calls[call], units[unit], title)
        data.leader_name, data.leader_id_number = f"负责人{leader}", _id(leader)
        data.requested, data.self_raised = Money.wan(requested), Money.wan(requested)
        total = Money.wan(requested)
        data.budget_lines = [BudgetLine(subject, total.times(share), basis="按市场询价测算")
                             for subject, share in (("设备费", "0.3"), ("业务费", "0.4"), ("劳务费", "0.2"),
                                                    ("间接费用", "0.1"))]
        ids[key] = s.projects.create_project(clerk, data)
    project("clean", CALL, 1, "茶园智能灌溉关键技术研究与示范", 1)
    project("barred", CALL, 2, "新型锂电池正极材料制备工艺研究", 2)
    project("over_cap", CALL, 1, "农村生活污水一体化处理设备研发", 3, requested=60)
    project("duplicate", CALL, 3, "基于深度学习的茶叶病害识别系统研发", 4)
    project("other_call", "2026-CGZH", 3, "基于深度学习的茶叶病害识别系统的研发", 5)
    with ctx.db.uow("test") as uow:
        uow.session.add(CreditRecordRow(subject_kind="unit", subject_id=units[2], level="严重失信",
                                        reason="项目验收材料造假", effective=date(2025, 1, 1),
                                        bar_until=date(2027, 12, 31)))
        uow.session.add(CreditRecordRow(subject_kind="unit", subject_id=units[1], level="较差", reason="已过期",
                                        effective=date(2020, 1, 1), bar_until=date(2023, 1, 1)))
        uow.commit()
    return ids


def _id(n: int) -> str:
    from tests.integration.conftest import make_id_number
    return make_id_number(50 + n)


def _failed(outcome) -> set[str]:
    return {c.code for c in outcome.failures if c.blocks}


def test_screening_finds_the_seeded_failures(ctx, clerk, seeded):
    results = {o.project_id: o for o in ctx.services.intake.screen(clerk, CALL, TODAY)}
    assert set(results) == {seeded[k] for k in ("clean", "barred", "over_cap", "duplicate")}
    assert results[seeded["clean"]].auto_passed and _failed(results[seeded["clean"]]) == set()
    barred = results[seeded["barred"]]
    assert "dishonesty" in _failed(barred) and "项目验收材料造假" in barred.failures[0].message
    assert "cap" in _failed(results[seeded["over_cap"]])
    dup = results[seeded["duplicate"]]
    assert "duplicate" in _failed(dup) and "2026-CGZH" in next(c.message for c in dup.failures
                                                                 if c.code == "duplicate")
    with ctx.db.reader() as uow:
        rows = uow.session.scalars(select(ScreeningRow)).all()
        assert len(rows) == 4 and sum(r.auto_passed for r in rows) == 1
    again = ctx.services.intake.screen(clerk, CALL, TODAY)     # a re-run updates the pending rows
    assert len(again) == 4
    with ctx.db.reader() as uow:
        assert len(uow.session.scalars(select(ScreeningRow)).all()) == 4
    listed = ctx.services.intake.screening_results(clerk, CALL)
    assert [o.project_code for o in listed] == sorted(o.project_code for o in listed)


def test_decisions_move_the_project(ctx, clerk, seeded):
    intake = ctx.services.intake
    intake.screen(clerk, CALL, TODAY)
    projects = ctx.services.projects
    clean = projects.get_project(clerk, seeded["clean"])
    outcome = intake.decide(clerk, clean.id, "pass", "", clean.version, today=TODAY)
    assert outcome.state is ProjectState.REVIEW and outcome.decision == "pass"
    steps = [e.to_state for e in projects.get_project(clerk, clean.id).timeline]
    assert steps == [ProjectState.APPLIED, ProjectState.SCREENING, ProjectState.REVIEW]

    barred = projects.get_project(clerk, seeded["barred"])
    with pytest.raises(ValidationError, match="必须填写理由"):
        intake.decide(clerk, barred.id, "reject", "", barred.version, today=TODAY)
    with pytest.raises(ValidationError, match="须填写说明"):
        intake.decide(clerk, barred.id, "pass", "", barred.version, today=TODAY)
    outcome = intake.decide(clerk, barred.id, "reject", "申报单位在失信惩戒期内", barred.version, today=TODAY)
    assert outcome.state is ProjectState.REJECTED and outcome.decision_note == "申报单位在失信惩戒期内"
    assert projects.get_project(clerk, barred.id).timeline[-1].reason == "申报单位在失信惩戒期内"
    with pytest.raises(ValidationError, match="不在形式审查中"):
        intake.decide(clerk, barred.id, "pass", "x", None, today=TODAY)


def test_a_stale_version_is_refused(ctx, clerk, seeded):
    from sti_desk.domain.errors import ConcurrencyError
    ctx.services.intake.screen(clerk, CALL, TODAY)
    with pytest.raises(ConcurrencyError):
        ctx.services.intake.decide(clerk, seeded["clean"], "pass", "", expected_version=99, today=TODAY)


def test_reviewer_may_not_import_or_screen(ctx, reviewer, seeded, tmp_path):
    intake = ctx.services.intake
    with pytest.raises(PermissionDenied):
        intake.import_file(reviewer, "units", tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):
        intake.preview(reviewer, "units", tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):
        intake.screen(reviewer, CALL, TODAY)
    with pytest.raises(PermissionDenied):
        intake.decide(reviewer, seeded["clean"], "pass", "")
    with pytest.raises(PermissionDenied):
        intake.template(reviewer, "units", tmp_path / "t.xlsx")
    with pytest.raises(PermissionDenied):
        intake.export_units(reviewer, tmp_path / "u.xlsx")
