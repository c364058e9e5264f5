"""Importing each kind from a template the app wrote and the test filled; idempotence; audit."""
from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from sqlalchemy import select

from sti_desk.db.tables import AuditRow, ExpenditureRow, ImportBatchRow, ProjectRow
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.domain.errors import ConcurrencyError
from tests.integration.conftest import make_credit_code, make_id_number, project_input

from .conftest import app_row, budget_rows, counts, expert_row, fill, unit_row


def test_units_import_reimport_and_update(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["units"], tmp_path / "units.xlsx", [unit_row(1), unit_row(2, unit_type="科研院所")],
                kind="units")
    preview = intake.preview(clerk, "units", path)
    assert (preview.new, preview.changed, preview.unchanged, preview.problems) == (2, 0, 0, [])
    first = intake.import_file(clerk, "units", path)
    assert first.written and (first.created, first.updated, first.unchanged) == (2, 0, 0)
    units = {u.credit_code: u for u in ctx.services.units.list_units(clerk)}
    assert units[make_credit_code(2)].unit_type.value == "institute"
    assert units[make_credit_code(1)].rd_intensity == "3.2%" and units[make_credit_code(1)].has_rd_institution
    before = counts(ctx)
    again = intake.import_file(clerk, "units", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    after = counts(ctx)
    assert {k: v for k, v in after.items() if k not in ("import_batches", "audit_log")} == \
        {k: v for k, v in before.items() if k not in ("import_batches", "audit_log")}
    assert after["import_batches"] == before["import_batches"] + 1
    previous = intake.preview(clerk, "units", path).previous_imports     # the same file was imported before
    assert previous and all(p.endswith("由 王晓梅 导入") for p in previous)   # by name, not the account
    changed = fill(templates["units"], tmp_path / "units2.xlsx", [unit_row(1, address="青溪县城关镇 8 号"), unit_row(2, unit_type="科研院所")],
                   kind="units")
    third = intake.import_file(clerk, "units", changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    with ctx.db.reader() as uow:        # the update went through the ORM: an audited before/after entry
        entry = uow.session.scalars(select(AuditRow).where(AuditRow.action == "update",
                                                           AuditRow.entity == "units")).all()[-1]
        assert "青溪县城关镇 8 号" in entry.after_json


def test_import_is_audited_with_the_file_hash(ctx, intake, clerk, templates, tmp_path):
    import hashlib
    path = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(1)], kind="units")
    summary = intake.import_file(clerk, "units", path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert summary.sha256 == digest
    with ctx.db.reader() as uow:
        audit = uow.session.scalars(select(AuditRow).where(AuditRow.action == "import")).one()
        detail = json.loads(audit.after_json)
        assert detail["sha256"] == digest and detail["file"] == "u.xlsx" and detail["created"] == 1
        assert audit.username == "clerk"
        batch = uow.session.get(ImportBatchRow, summary.batch_id)
        assert batch.sha256 == digest and json.loads(batch.counts_json)["created"] == 1
    assert ctx.services.audit.verify(clerk if False else ctx.services.auth.login("admin", "admin123")).ok


def test_experts_import_creates_persons_and_units(ctx, intake, clerk, templates, tmp_path):
    rows = [expert_row(1, unit=1), expert_row(2, unit=7, unit_name="浙西职业技术学院")]
    path = fill(templates["experts"], tmp_path / "experts.xlsx", rows, kind="experts")
    summary = intake.import_file(clerk, "experts", path)
    assert summary.written and summary.created == 2 and summary.new_persons == 2
    assert {name for name, _ in summary.new_units} == {"青溪测试1科技有限公司", "浙西职业技术学院"}
    again = intake.import_file(clerk, "experts", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    edited = fill(templates["experts"], tmp_path / "experts2.xlsx", [expert_row(1, field="生物医药"), rows[1]],
                  kind="experts")
    third = intake.import_file(clerk, "experts", edited)
    assert (third.updated, third.unchanged) == (1, 1)


def test_applications_become_projects_in_applied_state(ctx, intake, clerk, call, templates, tmp_path):
    rows = [app_row(1), app_row(2, unit=2)]
    detail = budget_rows(1) + budget_rows(2, unit=2)
    path = fill(templates["applications"], tmp_path / "apps.xlsx", rows, kind="applications", detail=detail)
    preview = intake.preview(clerk, "applications", path)
    assert preview.problems == [] and preview.new == 2 and len(preview.new_units) == 2
    summary = intake.import_file(clerk, "applications", path)
    assert summary.written and summary.created == 2
    assert summary.new_persons == 4 and len(summary.new_units) == 2
    projects = ctx.services.projects.list_projects(clerk)
    assert sorted(p.code for p in projects) == ["2026-ZDYF-0001", "2026-ZDYF-0002"]
    detail0 = ctx.services.projects.get_project(clerk, projects[0].id)
    assert detail0.state is ProjectState.APPLIED and detail0.requested == Money.wan(30)
    assert sum((b.fiscal for b in detail0.budget_lines), Money(0)) == Money.wan(30)
    assert [m.id_number for m in detail0.team] == [make_id_number(401)]
    assert detail0.timeline[0].action == "Excel 导入" and "apps.xlsx" in detail0.timeline[0].reason
    again = intake.import_file(clerk, "applications", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(ctx.services.projects.list_projects(clerk)) == 2


def test_changed_application_updates_the_project(ctx, intake, clerk, call, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    intake.import_file(clerk, "applications", path)
    edited = fill(templates["applications"], tmp_path / "b.xlsx", [app_row(1, requested=40, self_raised=40)],
                  kind="applications", detail=budget_rows(1, total=40))
    summary = intake.import_file(clerk, "applications", edited)
    assert (summary.created, summary.updated) == (0, 1)
    p = ctx.services.projects.list_projects(clerk)[0]
    assert p.requested == Money.wan(40)


def test_reimport_that_changes_only_budget_lines_bumps_the_version(ctx, intake, clerk, call, templates, tmp_path):
    """A clerk who opened the project before the re-import must not silently overwrite the imported budget."""
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    intake.import_file(clerk, "applications", path)
    project = ctx.services.projects.list_projects(clerk)[0]
    opened = ctx.services.projects.get_project(clerk, project.id)
    lines = budget_rows(1)
    lines[0]["fiscal"], lines[1]["fiscal"] = lines[0]["fiscal"] - 1, lines[1]["fiscal"] + 1   # same total
    edited = fill(templates["applications"], tmp_path / "b.xlsx", [app_row(1)], kind="applications", detail=lines)
    assert intake.import_file(clerk, "applications", edited).updated == 1
    assert ctx.services.projects.get_project(clerk, project.id).version > opened.version
    data = project_input(call, opened.unit_id, opened.title)
    with pytest.raises(ConcurrencyError):
        ctx.services.projects.update_project(clerk, project.id, data, opened.version)


def test_project_codes_go_on_past_9999(ctx, intake, clerk, call, templates, tmp_path):
    """Serial numbers compare as numbers: after -9999 (and a longer -10000) the next is -10001."""
    first = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                 detail=budget_rows(1))
    intake.import_file(clerk, "applications", first)
    con = sqlite3.connect(ctx.db_path)
    con.execute("update projects set code = '2026-ZDYF-9999'")
    con.commit()
    con.close()
    more = fill(templates["applications"], tmp_path / "b.xlsx", [app_row(2), app_row(3)], kind="applications",
                detail=budget_rows(2) + budget_rows(3))
    assert intake.import_file(clerk, "applications", more).created == 2
    unit_id = ctx.services.projects.list_projects(clerk)[0].unit_id
    pid = ctx.services.projects.create_project(clerk, project_input(call, unit_id, "手工登记的第四个项目"))
    codes = sorted(p.code for p in ctx.services.projects.list_projects(clerk))
    assert codes == ["2026-ZDYF-10000", "2026-ZDYF-10001", "2026-ZDYF-10002", "2026-ZDYF-9999"]
    assert ctx.services.projects.get_project(clerk, pid).code == "2026-ZDYF-10002"


def test_expenditures_import(ctx, intake, clerk, call, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    intake.import_file(clerk, "applications", path)
    with ctx.db.uow("test") as uow:      # jump the project to 实施 for the test
        row = uow.session.scalar(select(ProjectRow))
        row.state = ProjectState.IMPLEMENTATION.value
        uow.commit()
    rows = [{"project_code": "2026-ZDYF-0001", "voucher_no": "记-2027-001", "date": date(2026, 5, 6),
             "subject": "设备费", "amount": "12,345.60", "summary": "采购传感器"},
            {"project_code": "2026-ZDYF-0001", "voucher_no": "记-2027-002", "date": "2026/5/8",
             "subject": "业务费", "amount": 800, "summary": "=SUM(A1:A9)"}]
    exp = fill(templates["expenditures"], tmp_path / "e.xlsx", rows, kind="expenditures")
    summary = intake.import_file(clerk, "expenditures", exp, today=date(2026, 6, 1))
    assert summary.written and summary.created == 2, summary.problems
    with ctx.db.reader() as uow:
        stored = {e.voucher_no: (e.amount_fen, e.summary, e.spent_on)
                  for e in uow.session.scalars(select(ExpenditureRow))}
    assert stored["记-2027-001"][0] == 1_234_560 and stored["记-2027-002"][1:] == ("=SUM(A1:A9)", date(2026, 5, 8))
    again = intake.import_file(clerk, "expenditures", exp, today=date(2026, 6, 1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_expenditure_for_a_project_not_in_implementation_is_refused(ctx, intake, clerk, call, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    intake.import_file(clerk, "applications", path)
    rows = [{"project_code": "2026-ZDYF-0001", "voucher_no": "V1", "date": date(2026, 5, 6), "subject": "设备费",
             "amount": 100},
            {"project_code": "2099-XXXX-0001", "voucher_no": "V2", "date": date(2026, 5, 6), "subject": "设备费",
             "amount": 100}]
    exp = fill(templates["expenditures"], tmp_path / "e.xlsx", rows, kind="expenditures")
    summary = intake.import_file(clerk, "expenditures", exp, today=date(2026, 6, 1))
    assert not summary.written
    messages = [p.message for p in summary.problems]
    assert any("申报" in m and "实施" in m for m in messages) and any("2099-XXXX-0001" in m for m in messages)
    con = sqlite3.connect(ctx.db_path)
    assert con.execute("select count(*) from expenditures").fetchone()[0] == 0
    con.close()


def test_no_write_lock_is_held_while_the_file_is_parsed(ctx, intake, clerk, templates, tmp_path, monkeypatch):
    """A colleague can save while a large file is being read; the write transaction starts after the parse."""
    import sti_desk.services.intake_import as intake_import
    from sti_desk.domain.entities import Unit
    path = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(1)], kind="units")
    real = intake_import.parse_workbook
    saved = []

    def parse_while_someone_saves(*args, **kwargs):
        saved.append(ctx.services.units.save_unit(clerk, Unit("同时保存的单位", make_credit_code(9))))
        return real(*args, **kwargs)
    monkeypatch.setattr(intake_import, "parse_workbook", parse_while_someone_saves)
    monkeypatch.setattr("sti_desk.db.engine.BUSY_TIMEOUT_MS", 200)
    summary = intake.import_file(clerk, "units", path)
    assert saved and summary.written and summary.created == 1


def test_a_unit_named_differently_is_noted(ctx, intake, clerk, call, templates, tmp_path):
    units = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(1)], kind="units")
    intake.import_file(clerk, "units", units)
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1, unit_name="青溪测试一公司")],
                kind="applications", detail=budget_rows(1))
    summary = intake.import_file(clerk, "applications", path)
    assert summary.written and not summary.new_units
    assert any("“青溪测试一公司”与单位库中的“青溪测试1科技有限公司”" in n for n in summary.notes)


def test_template_offers_open_calls_and_a_late_application_is_imported_with_a_note(ctx, intake, clerk, call,
                                                                                    templates, tmp_path):
    from openpyxl import load_workbook

    from sti_desk.domain.entities import Call
    from sti_desk.domain.policy import CallCategory
    calls = ctx.services.calls
    calls.save_call(clerk, Call("2025-ZDYF", "2025年度重点研发计划", 2025, CallCategory.KEY_RD, cap=Money.wan(50),
                                opens=date(2025, 3, 1), closes=date(2025, 4, 30)))
    calls.save_call(clerk, Call("2027-ZDYF", "2027年度重点研发计划", 2027, CallCategory.KEY_RD, cap=Money.wan(50),
                                opens=date(2027, 3, 1), closes=date(2027, 4, 30)))
    today = date(2026, 6, 1)
    path = intake.template(clerk, "applications", tmp_path / "t.xlsx", today=today)
    wb = load_workbook(path)
    dv = next(d for d in wb["项目申报"].data_validations.dataValidation if "A2" in str(d.sqref))
    offered = dv.formula1.strip('"').split(",")
    assert offered == ["2027年度重点研发计划", "2026年度重点研发计划"]          # the closed 2025 call is not offered
    late = fill(templates["applications"], tmp_path / "late.xlsx",
                [app_row(1, call="2025年度重点研发计划"), app_row(2, call="2025年度重点研发计划"), app_row(3)],
                kind="applications", detail=budget_rows(1) + budget_rows(2) + budget_rows(3))
    summary = intake.import_file(clerk, "applications", late, today=today)
    assert summary.written and summary.created == 3 and summary.problems == []
    notes = [n for n in summary.notes if "截止受理" in n]
    assert notes == ["申报批次“2025年度重点研发计划”（2025-ZDYF）已于 2025-04-30 截止受理，本文件仍为其新增 2 个、修改 0 个申报"
                     "（第 2、3 行），将照常导入；如不是逾期补交的申报，请核对是否选错了批次"]
    again = intake.import_file(clerk, "applications", late, today=today)       # nothing new: no note
    assert again.unchanged == 3 and not [n for n in again.notes if "截止受理" in n]
