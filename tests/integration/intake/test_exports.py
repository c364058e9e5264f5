"""Exports: safe against formula injection, units/experts re-import unchanged, real numbers and dates,
and what LibreOffice reads back."""
from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sti_desk.domain.money import Money

from .conftest import app_row, budget_rows, counts, expert_row, fill, unit_row

EVIL = '=HYPERLINK("http://evil.example/x","点我")'


@pytest.fixture
def populated(ctx, intake, clerk, call, templates, tmp_path):
    units = fill(templates["units"], tmp_path / "u.xlsx",
                 [unit_row(1, name=EVIL, contact="张三", phone="0570-1234567"), unit_row(2, name="+青溪测试2科技有限公司"),
                  unit_row(3, address="-城关镇@路 1 号", unit_type="高等院校")], kind="units")
    assert intake.import_file(clerk, "units", units).written
    experts = fill(templates["experts"], tmp_path / "e.xlsx", [expert_row(1, unit=3, unit_name=None),
                                                                expert_row(2, unit=2, unit_name=None, specialty="@茶学")],
                   kind="experts")
    summary = intake.import_file(clerk, "experts", experts)
    assert summary.written, summary.problems
    apps = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1, unit=3)],
                kind="applications", detail=budget_rows(1, unit=3))
    summary = intake.import_file(clerk, "applications", apps)
    assert summary.written, summary.problems


def test_units_and_experts_exports_reimport_unchanged(ctx, intake, clerk, populated, tmp_path):
    for kind, export in (("units", intake.export_units), ("experts", intake.export_experts)):
        out = export(clerk, tmp_path / f"{kind}_export.xlsx")
        before = counts(ctx)
        preview = intake.preview(clerk, kind, out.path)
        assert preview.problems == [] and preview.new == preview.changed == 0, preview.problems
        summary = intake.import_file(clerk, kind, out.path)
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, out.rows)
        after = counts(ctx)
        assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {"import_batches": 1,
                                                                                       "audit_log": 2}


def test_exports_are_injection_safe(ctx, intake, clerk, populated, tmp_path):
    out = intake.export_units(clerk, tmp_path / "units.xlsx")
    ws = load_workbook(out.path).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    evil = next(c for c in cells if c.value == EVIL)
    assert evil.data_type == "s" and evil.quotePrefix
    assert all(c.data_type == "s" for c in cells)         # nothing became a formula


def test_project_export_has_numbers_and_dates(ctx, intake, clerk, populated, tmp_path):
    out = intake.export_projects(clerk, tmp_path / "projects.xlsx")
    ws = load_workbook(out.path).active
    header = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(header, ws[2])}
    assert row["申请财政资金(万元)*"] == 30 and isinstance(row["开始日期*"].year, int)
    assert row["开始日期*"].date() == date(2027, 1, 1) and row["阶段"] == "申报"


def test_export_rows_of_any_list(ctx, intake, clerk, tmp_path):
    rows = [["=1+1", Decimal("12.345678"), date(2026, 5, 1), 3], ["普通文本", Money.wan("0.5"), None, 4]]
    out = intake.export_rows(clerk, "任意清单", ["名称", "金额(万元)", "日期", "数量"], rows, tmp_path / "x.xlsx")
    ws = load_workbook(out.path).active
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert ws["B2"].value == Decimal("12.345678") or ws["B2"].value == pytest.approx(12.345678)
    assert ws["B3"].value == pytest.approx(0.5) and ws["C2"].value.date() == date(2026, 5, 1) and ws["D3"].value == 4


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) not on PATH — install apt package libreoffice-calc-nogui")
def test_libreoffice_reads_the_export(ctx, intake, clerk, populated, tmp_path):
    out = intake.export_units(clerk, tmp_path / "units.xlsx")
    profile = tmp_path / "lo-profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "csv"),
                           str(out.path)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "csv" / "units.csv").open(encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0][:2] == ["单位名称", "统一社会信用代码"]
    by_name = {r[0]: r for r in table[1:]}
    assert EVIL in by_name                   # LibreOffice shows the text, it did not evaluate a formula
    assert by_name[EVIL][1] == unit_row(1)["credit_code"] and by_name[EVIL][8] == "0570-1234567"
    assert "+青溪测试2科技有限公司" in by_name
    projects = intake.export_projects(clerk, tmp_path / "projects.xlsx")
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path / "csv"),
                           str(projects.path)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with (tmp_path / "csv" / "projects.csv").open(encoding="utf-8") as fh:
        header, first = list(csv.reader(fh))[:2]
    row = dict(zip(header, first))
    assert row["开始日期*"] == "2027-01-01" and row["申请财政资金(万元)*"] == "30.00"
