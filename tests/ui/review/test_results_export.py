"""导出 of the review results: the ranked list, the marks by expert and the funding list being decided, as
shown — and nothing while the round is still being scored (the marks are confidential until it is closed)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ..intake.support import record_saves, sheet_rows
from .world import build_world, draw, submit_all


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    return record_saves(monkeypatch, tmp_path)


def _closed_round(services, app_ctx, clerk, admin):  # type: ignore[no-untyped-def]
    w = build_world(app_ctx)
    draw(services, clerk, w, admin, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk, w.call)
    return w


def _results(qtbot, make_window, actor):  # type: ignore[no-untyped-def]
    page = make_window(actor, "review").pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    return page.results


def test_nothing_to_export_while_the_round_is_scored(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                     admin_actor, manager_actor, saved):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)                                      # every mark in, but the round not closed
    results = _results(qtbot, make_window, manager_actor)
    for export in (results.result_export, results.marks_export):
        assert not export.action.isEnabled() and not export.buttons[0].isEnabled()
        assert "评审保密" in export.action.toolTip()
        assert export.run() is None
    assert results.model.rowCount() == 0 and results.marks_model.rowCount() == 0 and saved["paths"] == []


def test_ranked_list_and_marks_export_as_shown(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                               manager_actor, saved):
    w = _closed_round(services, app_ctx, clerk_actor, admin_actor)
    results = _results(qtbot, make_window, manager_actor)
    assert results.result_export.action.isEnabled() and results.marks_export.action.isEnabled()
    expected = services.review.results(manager_actor, w.call, with_z=True)

    results.result_export.buttons[0].click()                     # 导出排名…
    qtbot.waitUntil(lambda: bool(saved["texts"]))
    assert saved["names"][0].startswith(f"评审结果（{w.call} 第 1 轮）_")
    assert saved["texts"] == ["已导出 4 个项目。"]
    header, *rows = sheet_rows(saved["paths"][0])
    assert "平均标准分" not in header                           # the z column is hidden unless asked for
    assert header[:5] == ["名次", "项目编号", "项目名称", "承担单位", "得分"]
    assert [(r[0], r[1], Decimal(str(r[4]))) for r in rows] == [
        (x.rank, x.project.code, x.score.quantize(Decimal("0.01"))) for x in expected.rows]
    assert all(r[header.index("打分数")] == 5 for r in rows)
    assert [r[header.index("申请额（万元）")] for r in rows] == [float(x.requested.as_wan) for x in expected.rows]

    results.z_check.setChecked(True)
    results.proxy.set_search(expected.rows[0].project.code)
    results.result_export.run()
    qtbot.waitUntil(lambda: len(saved["texts"]) == 2)
    header, *rows = sheet_rows(saved["paths"][1])
    assert "平均标准分" in header and len(rows) == 1 and rows[0][1] == expected.rows[0].project.code

    first = expected.rows[0]
    handle = results.marks_export.run()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][2].startswith(f"专家评分（{first.project.code}）_")
    assert saved["texts"][2] == "已导出 5 位专家的评分。"
    header, *rows = sheet_rows(saved["paths"][2])
    assert header[:4] == ["专家", "工作单位", "总分", "创新性（30）"] and header[-1] == "评审意见"
    assert sorted(r[0] for r in rows) == sorted(m.expert.name for m in first.marks)
    marks = {m.expert.name: m for m in first.marks}
    assert all(r[2] == marks[r[0]].total and r[3] == marks[r[0]].criteria["innovation"] for r in rows)  # numbers
    assert all(isinstance(r[header.index("标准分")], (int, float)) for r in rows)


def test_funding_list_exports_ticks_and_amounts(qtbot, make_window, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                manager_actor, saved):
    w = _closed_round(services, app_ctx, clerk_actor, admin_actor)
    dialog = _results(qtbot, make_window, manager_actor).open_funding()
    qtbot.addWidget(dialog)
    dialog.set_checked(0)
    dialog.set_checked(1)
    dialog.amounts[1].setText("45")
    handle = dialog.export.run()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][0].startswith(f"拟资助名单（{w.call}）_") and saved["texts"] == ["已导出 4 个项目。"]
    header, *rows = sheet_rows(saved["paths"][0])
    assert header == ["资助", "名次", "项目编号", "项目名称", "得分", "申请额（万元）", "拟资助额（万元）"]
    assert [r[0] for r in rows] == ["是", "是", "否", "否"]
    assert [r[2] for r in rows] == [r.project.code for r in dialog.rows]
    assert rows[0][6] == float(dialog.default_amount(dialog.rows[0]).as_wan) and rows[1][6] == 45
    assert rows[2][6] is None and rows[3][6] is None                # not ticked: not funded, no amount
    assert all(isinstance(r[1], int) and isinstance(r[4], (int, float)) for r in rows)
