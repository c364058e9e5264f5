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
    first, second = (r.row for r in preview.records[:2])
    assert [n for n in preview.notes if "工作单位" in n] == [     # one line for both rows, not one per row
        f"2 行的工作单位不在单位库中，已按填写的名称保存为工作单位文字（浙江大学、青溪测试1科技有限公司；"
        f"抽取回避时按单位名称比对）：第 {first}–{second} 行"]
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


def test_skipped_rows_say_nothing_of_their_unit_and_doubtful_phones_are_remarked(ctx, intake, clerk, templates,  # type: ignore[no-untyped-def]
                                                                                 tmp_path):
    rows = [expert_row(1, unit_name="复旦大学", unit_credit_code=None, phone="13800001111"),
            expert_row(2, unit_name="同济大学", unit_credit_code=None, phone="1234567"),
            expert_row(3, unit_name="浙江大学", unit_credit_code=None, field="机械")]      # not a field: skipped
    path = fill(templates["experts"], tmp_path / "experts.xlsx", rows, kind="experts")
    preview = intake.preview(clerk, "experts", path)
    first, second, third = (r.row for r in preview.records)
    assert [r.status for r in preview.records] == ["new", "new", "invalid"]
    assert not any("浙江大学" in n for n in preview.notes)          # the skipped row's unit is not saved
    assert f"2 行的工作单位不在单位库中，已按填写的名称保存为工作单位文字（复旦大学、同济大学；抽取回避时按单位名称比对）：" \
           f"第 {first}–{second} 行" in preview.notes
    assert f"第 {second} 行：联系电话“1234567”只有 7 位数字：固定电话缺少区号（应如 0571-88888888），" \
           "或手机号不完整（应为 11 位），已按填写保存，请核对" in preview.notes
    summary = intake.import_file(clerk, "experts", path, partial=True)
    assert summary.written and summary.created == 2
    assert _persons(ctx)["专家2"] == (None, "同济大学")


def test_without_registering_units_a_coded_unit_outside_the_library_is_kept_as_text(ctx, intake, clerk, templates,  # type: ignore[no-untyped-def]
                                                                                    tmp_path):
    path = fill(templates["experts"], tmp_path / "experts.xlsx", [expert_row(1, unit=7, unit_name="浙西职业技术学院")],
                kind="experts")
    preview = intake.preview(clerk, "experts", path, create_units=False)
    assert preview.problems == [] and preview.new_units == []
    assert any("工作单位“浙西职业技术学院”不在单位库中，已按填写的名称保存为工作单位文字" in n for n in preview.notes)
    summary = intake.import_file(clerk, "experts", path, create_units=False)
    assert summary.written and not summary.new_units
    assert _persons(ctx)["专家1"] == (None, "浙西职业技术学院")
