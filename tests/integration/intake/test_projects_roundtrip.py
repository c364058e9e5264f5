"""The projects export re-imports with the applications importer: unchanged projects (in any stage) are
无变化, one edited cell of an applied project is one update, extra columns (项目编号, 阶段, 立项金额) are ignored."""
from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import select

from sti_desk.db.tables import ProjectRow
from sti_desk.io.excel_specs import BUDGET_DETAIL, spec_for

from .conftest import app_row, budget_rows, counts, fill


def _imported(ctx, intake, clerk, templates, tmp_path):
    rows = [app_row(1), app_row(2, unit=2, summary="茶园灌溉", lump_sum_pledge="否"), app_row(3, unit=3)]
    detail = budget_rows(1) + budget_rows(2, unit=2) + budget_rows(3, unit=3)
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications", detail=detail)
    summary = intake.import_file(clerk, "applications", path)
    assert summary.written and summary.created == 3, summary.problems
    with ctx.db.uow("test") as uow:          # one project is past 形式审查
        row = uow.session.scalar(select(ProjectRow).where(ProjectRow.title == app_row(3)["title"]))
        row.state = "review"
        uow.commit()


def test_projects_export_has_the_template_headers_then_extras(ctx, intake, clerk, call, templates, tmp_path):
    _imported(ctx, intake, clerk, templates, tmp_path)
    out = intake.export_projects(clerk, tmp_path / "exp_projects.xlsx")
    wb = load_workbook(out.path)
    template = load_workbook(templates["applications"])
    for sheet in (spec_for("applications").title, BUDGET_DETAIL.title):
        want = [c.value for c in template[sheet][1]]
        got = [c.value for c in wb[sheet][1]]
        assert got[:len(want)] == want, sheet
    extras = [c.value for c in wb[spec_for("applications").title][1]][len(list(template["项目申报"][1])):]
    assert extras == ["项目编号", "阶段", "立项金额(万元)"]


def test_projects_export_reimports_unchanged_then_one_update(ctx, intake, clerk, call, templates, tmp_path):
    _imported(ctx, intake, clerk, templates, tmp_path)
    out = intake.export_projects(clerk, tmp_path / "exp_projects.xlsx")
    before = counts(ctx)
    preview = intake.preview(clerk, "applications", out.path)
    assert preview.problems == [], preview.problems
    assert (preview.new, preview.changed, preview.unchanged) == (0, 0, 3)
    assert not any("无法识别" in n for n in preview.notes), preview.notes
    summary = intake.import_file(clerk, "applications", out.path, dry_run=True)
    assert summary.problems == [] and summary.unchanged == 3
    assert counts(ctx) == before

    wb = load_workbook(out.path)                 # edit one cell of an applied project
    ws = wb["项目申报"]
    header = [c.value for c in ws[1]]
    col = header.index("技术领域*") + 1
    first = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == app_row(1)["title"])
    ws.cell(first, col).value = "新材料"
    wb.save(tmp_path / "edited.xlsx")
    summary = intake.import_file(clerk, "applications", tmp_path / "edited.xlsx")
    assert summary.written and (summary.created, summary.updated, summary.unchanged) == (0, 1, 2), summary.problems


def test_a_real_change_to_a_project_past_screening_is_still_a_problem(ctx, intake, clerk, call, templates, tmp_path):
    _imported(ctx, intake, clerk, templates, tmp_path)
    out = intake.export_projects(clerk, tmp_path / "exp_projects.xlsx")
    wb = load_workbook(out.path)
    ws = wb["项目申报"]
    header = [c.value for c in ws[1]]
    reviewed = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == app_row(3)["title"])
    ws.cell(reviewed, header.index("项目简介") + 1).value = "改过的简介"
    wb.save(tmp_path / "edited.xlsx")
    summary = intake.import_file(clerk, "applications", tmp_path / "edited.xlsx")
    assert not summary.written
    assert [p.message for p in summary.problems if "阶段" in p.message] and len(summary.problems) == 1
    assert "项目简介" in summary.problems[0].message


def test_unchanged_amounts_are_not_checked_again(ctx, intake, clerk, call, templates, tmp_path):
    """The call's cap lowered after the import: re-importing the stored amounts is still 无变化."""
    from sti_desk.db.tables import CallRow
    _imported(ctx, intake, clerk, templates, tmp_path)
    with ctx.db.uow("test") as uow:
        uow.session.scalar(select(CallRow)).cap_fen = 20 * 1_000_000
        uow.commit()
    out = intake.export_projects(clerk, tmp_path / "exp_projects.xlsx")
    preview = intake.preview(clerk, "applications", out.path)
    assert preview.problems == [] and preview.unchanged == 3, preview.problems
