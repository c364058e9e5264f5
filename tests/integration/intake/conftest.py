"""Helpers of the intake tests: templates filled by the test, row counts of every table an import touches."""
from __future__ import annotations

import importlib.util
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sti_desk.domain.entities import Call
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory
from sti_desk.io.excel_specs import BUDGET_DETAIL, spec_for
from tests.integration.conftest import make_credit_code, make_id_number

TABLES = ("units", "persons", "experts", "projects", "budget_lines", "team_members", "project_events",
          "expenditures", "import_batches", "audit_log", "screenings")
CALL = "2026-ZDYF"
CALL_NAME = "2026年度重点研发计划"


def counts(ctx) -> dict[str, int]:
    con = sqlite3.connect(ctx.db_path)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def fill(template: Path, out: Path, rows: list[dict[str, object]], *, sheet: str | None = None,
         kind: str | None = None, detail: list[dict[str, object]] | None = None) -> Path:
    """Fill a template written by the app: ``rows`` map field names (as in the specs) to cell values."""
    wb = load_workbook(template)
    for spec, data in ((spec_for(kind) if kind else None, rows), (BUDGET_DETAIL, detail or [])):
        if spec is None or not data:
            continue
        ws = wb[sheet or spec.title] if spec is not BUDGET_DETAIL else wb[BUDGET_DETAIL.title]
        cols = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for r, values in enumerate(data, start=2):
            for name, value in values.items():
                cell = ws.cell(r, cols[spec.field(name).template_header])
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"          # text typed by a clerk, not a formula
    wb.save(out)
    return out


def unit_row(n: int, name: str | None = None, **extra) -> dict[str, object]:
    return {"name": name or f"青溪测试{n}科技有限公司", "credit_code": make_credit_code(n), "unit_type": "企业",
            "above_scale_industrial": "否", "has_rd_institution": "是", "rd_intensity": "3.2%", **extra}


def expert_row(n: int, unit: int = 1, **extra) -> dict[str, object]:
    return {"name": f"专家{n}", "id_number": make_id_number(100 + n), "unit_name": f"青溪测试{unit}科技有限公司",
            "unit_credit_code": make_credit_code(unit), "title": "教授", "field": "新材料", **extra}


def app_row(n: int, unit: int = 1, **extra) -> dict[str, object]:
    return {"call": CALL_NAME, "title": f"茶园智能灌溉关键技术第{n}号课题", "unit_name": f"青溪测试{unit}科技有限公司",
            "unit_credit_code": make_credit_code(unit), "leader_name": f"负责人{n}",
            "leader_id_number": make_id_number(200 + n), "field": "现代农业", "start_date": date(2027, 1, 1),
            "end_date": date(2028, 12, 31), "requested": 30, "self_raised": 30,
            "team": f"成员{n}:{make_id_number(400 + n)}", **extra}


def budget_rows(n: int, unit: int = 1, total: int = 30) -> list[dict[str, object]]:
    title, code = f"茶园智能灌溉关键技术第{n}号课题", make_credit_code(unit)
    parts = {"设备费": total * 3 // 10, "业务费": total * 4 // 10, "劳务费": 0}
    parts["劳务费"] = total - sum(parts.values()) - total // 10
    parts["间接费用"] = total // 10
    return [{"title": title, "unit_credit_code": code, "subject": s, "fiscal": v, "basis": "按市场询价测算"}
            for s, v in parts.items()]


@pytest.fixture
def intake(ctx):
    return ctx.services.intake


@pytest.fixture
def call(ctx, clerk):
    return ctx.services.calls.save_call(clerk, Call(CALL, CALL_NAME, 2026, CallCategory.KEY_RD, cap=Money.wan(50),
                                                    opens=date(2026, 3, 1), closes=date(2026, 12, 31)))


class _Templates(dict):
    """kind → template path, written by the app on first use."""

    def __init__(self, make):
        super().__init__()
        self._make = make

    def __missing__(self, kind: str) -> Path:
        self[kind] = self._make(kind)
        return self[kind]


@pytest.fixture
def templates(intake, clerk, call, tmp_path) -> dict[str, Path]:
    folder = tmp_path / "templates"
    return _Templates(lambda kind: intake.template(clerk, kind, folder / f"{kind}.xlsx"))


def _load_fixture_maker():
    script = Path(__file__).resolve().parents[2] / "fixtures" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("sti_excel_fixtures_intake", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fixture_maker():
    return _load_fixture_maker()
