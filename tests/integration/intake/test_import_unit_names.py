"""The units import refuses a row whose name another unit has, like 新建/编辑单位 does."""
from __future__ import annotations

from sti_desk.domain.entities import Unit
from tests.integration.conftest import make_credit_code

from .conftest import fill, unit_row


def test_a_row_with_the_name_of_a_registered_unit_is_a_problem(ctx, intake, clerk, templates, tmp_path):
    ctx.services.units.save_unit(clerk, Unit("青溪县人民医院（城东院区）", make_credit_code(1)))
    path = fill(templates["units"], tmp_path / "units.xlsx",
                [unit_row(2, name="青溪县人民医院(城东院区)"), unit_row(3)], kind="units")
    preview = intake.preview(clerk, "units", path)
    assert [(p.row, p.message) for p in preview.problems] == [
        (2, f"单位名称与已登记的“青溪县人民医院（城东院区）”（统一社会信用代码 {make_credit_code(1)}）相同，"
            "同一单位只登记一次")]


def test_two_rows_with_the_same_name_and_their_own_unit_rows_again(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["units"], tmp_path / "units.xlsx",
                [unit_row(1, name="青溪县中医院"), unit_row(2, name="青溪县 中医院")], kind="units")
    preview = intake.preview(clerk, "units", path)
    assert [(p.row, p.message) for p in preview.problems] == [
        (3, f"单位名称与第 2 行相同（统一社会信用代码 {make_credit_code(1)}），同一单位只登记一次")]
    ok = fill(templates["units"], tmp_path / "ok.xlsx", [unit_row(1, name="青溪县中医院")], kind="units")
    intake.import_file(clerk, "units", ok)
    again = intake.preview(clerk, "units", ok)            # the unit's own row, imported again: no problem
    assert again.problems == [] and again.unchanged == 1
