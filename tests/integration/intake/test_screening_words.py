"""One set of words for a 形式审查 result: ``sti-desk screen`` and the 形式审查结果 export say 不通过 / 需人工判断 /
通过 and 待决定 exactly as the page does (domain.screening_status), with the same totals; the project list
export leaves 立项金额 blank until a project is funded; ``sti-desk import`` of a missing file is a usage error."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sti_desk.cli import main
from sti_desk.db.tables import ProjectRow
from sti_desk.domain.money import Money

from .conftest import CALL, app_row, budget_rows, fill

SIMILAR = ("茶园智能灌溉控制系统研发", "茶园智能灌溉控制系统的研发")


def _rows(n: int, unit: int, title: str, **extra) -> tuple[dict, list[dict]]:
    return app_row(n, unit=unit, title=title, **extra), [dict(b, title=title) for b in budget_rows(n, unit=unit)]


@pytest.fixture
def screened(ctx, intake, clerk, call, templates, tmp_path):
    """Three applications: two similar titles of two units (需人工判断 each), one too long (执行期: 不通过)."""
    parts = [_rows(1, 1, SIMILAR[0]), _rows(2, 2, SIMILAR[1]), _rows(3, 3, "竹纤维复合板材制备工艺研究", end_date=date(2033, 1, 1))]
    path = fill(templates["applications"], tmp_path / "a.xlsx", [r for r, _ in parts], kind="applications",
                detail=[line for _, lines in parts for line in lines])
    summary = intake.import_file(clerk, "applications", path)
    assert summary.written and summary.created == 3, summary.problems
    outcomes = intake.screen(clerk, CALL)
    assert [[c.name for c in o.failures] for o in outcomes] == [["相似题目"], ["相似题目"], ["执行期"]]
    return outcomes


@pytest.fixture
def cli(ctx, monkeypatch, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        ctx.close()
        monkeypatch.setenv("STI_DESK_PASSWORD", "clerk1234")
        code = main(["--db", str(ctx.db_path), "--user", "clerk", *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_cli_lists_three_results_and_the_same_totals_as_the_page(screened, cli):
    from sti_desk.services.intake_types import screening_counts

    counts = screening_counts(screened)
    assert (counts.failed, counts.warned, counts.passed) == (1, 2, 0)
    code, out, _ = cli("screen", CALL, "--show")
    assert code == 0
    lines = {line.split()[0]: line.split()[1:3] for line in out.splitlines() if line.startswith(CALL + "-")}
    assert lines == {f"{CALL}-0001": ["需人工判断", "待决定"], f"{CALL}-0002": ["需人工判断", "待决定"],
                     f"{CALL}-0003": ["不通过", "待决定"]}
    assert "✗ 相似题目［需人工判断］" in out
    assert "共 3 个项目：自动检查不通过 1 个，需人工判断 2 个，通过 0 个。" in out
    assert f"自动检查{counts.text()}" in out          # the words the page's banner uses


def test_screening_export_says_what_the_page_says(screened, intake, clerk, tmp_path):
    out = intake.export_screening(clerk, CALL, tmp_path / "s.xlsx")
    ws = load_workbook(out.path).active
    header = [c.value for c in ws[1]]
    rows = [{h: c.value for h, c in zip(header, r)} for r in ws.iter_rows(min_row=2)]
    assert [(r["项目编号"], r["自动检查"], r["审查决定"]) for r in rows] == [
        (f"{CALL}-0001", "需人工判断", "待决定"), (f"{CALL}-0002", "需人工判断", "待决定"),
        (f"{CALL}-0003", "不通过", "待决定")]
    assert "相似题目" in rows[0]["需人工判断"] and not rows[0]["未通过的检查"]


def test_project_export_leaves_funding_blank_until_funded(ctx, intake, clerk, screened, templates, tmp_path):
    with ctx.db.uow("test") as uow:                    # one project funded (立项) with 25 万
        row = uow.session.scalar(select(ProjectRow).where(ProjectRow.code == f"{CALL}-0002"))
        row.state, row.approved_fen = "approved", Money.wan("25").fen
        uow.commit()
    out = intake.export_projects(clerk, tmp_path / "p.xlsx")
    ws = load_workbook(out.path)["项目申报"]
    header = [c.value for c in ws[1]]
    funding = {r[header.index("项目编号")].value: r[header.index("立项金额(万元)")] for r in ws.iter_rows(min_row=2)}
    assert funding[f"{CALL}-0001"].value is None and funding[f"{CALL}-0003"].value is None
    cell = funding[f"{CALL}-0002"]
    assert cell.data_type == "n" and Decimal(str(cell.value)) == Decimal("25")
    preview = intake.preview(clerk, "applications", out.path)   # still re-imports, every project 无变化
    assert preview.problems == [] and (preview.new, preview.changed, preview.unchanged) == (0, 0, 3), \
        preview.problems


@pytest.mark.parametrize("argv", [("import", "units"), ("import", "applications"), ("import", "scores"),
                                  ("review", "import-scores")])
def test_import_of_a_missing_file_is_a_usage_error(ctx, clerk, call, cli, tmp_path, argv):
    code, out, err = cli(*argv, str(tmp_path / "nonexist.xlsx"))
    assert code == 2 and out == ""
    assert err.startswith("错误：要导入的文件“") and "nonexist.xlsx”不存在（路径错误或已被移动）" in err
    code, _, err = cli(*argv, str(tmp_path))
    assert code == 2 and "是文件夹，不是文件" in err
