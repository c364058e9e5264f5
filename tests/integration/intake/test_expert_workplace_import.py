"""专家导入的工作单位: a unit outside 单位库 given without a credit code is kept as the expert's typed 工作单位
(persons.workplace), shown in 专家库, exported under 工作单位 and re-imported unchanged; a credit code given
later links the unit and clears the text."""
from __future__ import annotations

import sqlite3

from .conftest import expert_row, fill


def _persons(ctx) -> dict[str, tuple]:
    con = sqlite3.connect(ctx.db_path)
    try:
        return {r[0]: (r[1], r[2]) for r in con.execute("select name, unit_id, workplace from persons")}
    finally:
        con.close()


def test_outside_unit_is_kept_as_text_round_trips_and_links_later(ctx, intake, clerk, templates, tmp_path):
    rows = [expert_row(1, unit_name="浙江大学", unit_credit_code=None),
            expert_row(2, unit_name="青溪测试1科技有限公司", unit_credit_code=None),   # not registered either
            expert_row(3, unit=1)]                                                      # creates 青溪测试1…
    path = fill(templates["experts"], tmp_path / "experts.xlsx", rows, kind="experts")
    preview = intake.preview(clerk, "experts", path)
    assert preview.problems == []
    assert sum("未关联单位，已按填写的名称保存为工作单位" in n for n in preview.notes) == 2
    summary = intake.import_file(clerk, "experts", path)
    assert summary.written and summary.created == 3
    people = _persons(ctx)
    assert people["专家1"] == (None, "浙江大学")
    assert people["专家2"] == (None, "青溪测试1科技有限公司")
    assert people["专家3"][0] is not None and people["专家3"][1] is None
    pool = {e.name: e for e in ctx.services.review.list_experts(clerk)}
    assert (pool["专家1"].unit_name, pool["专家1"].workplace) == ("浙江大学", "浙江大学")

    exported = intake.export_experts(clerk, tmp_path / "pool.xlsx")
    assert exported.rows == 3
    again = intake.import_file(clerk, "experts", exported.path)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)     # 专家2 now matches the unit by name
    assert _persons(ctx)["专家2"] == (people["专家3"][0], None)
    third = intake.import_file(clerk, "experts", intake.export_experts(clerk, tmp_path / "pool2.xlsx").path)
    assert (third.created, third.updated, third.unchanged) == (0, 0, 3)

    linked = fill(templates["experts"], tmp_path / "experts2.xlsx", [expert_row(1, unit=1)], kind="experts")
    fourth = intake.import_file(clerk, "experts", linked)
    assert fourth.updated == 1
    assert _persons(ctx)["专家1"] == (people["专家3"][0], None)
