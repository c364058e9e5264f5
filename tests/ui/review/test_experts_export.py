"""专家库 导出: the pool as filtered and the selected expert's review history, as shown."""
from __future__ import annotations

from datetime import datetime

import pytest

from sti_desk.ui.review import common

from ..intake.support import record_saves, sheet_rows


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    return record_saves(monkeypatch, tmp_path)


def test_pool_and_history_export_what_is_shown(qtbot, make_window, drawn, clerk_actor, saved):  # type: ignore[no-untyped-def]
    page = make_window(clerk_actor, "experts").pages["experts"]
    qtbot.waitUntil(lambda: page.load_handle.done)
    assert page.pool_export.action in page.toolbar.actions() and page.pool_export.action.isEnabled()
    page.search_edit.setText("专家0")
    shown = page.proxy.rowCount()
    handle = page.pool_export.run()
    qtbot.waitUntil(lambda: handle.done)
    rows = sheet_rows(saved["paths"][0])
    assert saved["names"][0].startswith("专家库_") and saved["texts"] == [f"已导出 {shown} 位专家。"]
    assert rows[0] == ["姓名", "工作单位", "技术领域", "专长", "职称", "状态", "回避声明", "评审任务"]
    assert [r[0] for r in rows[1:]] == [page.proxy.index(r, 0).data() for r in range(shown)]
    assert all(isinstance(r[7], int) for r in rows[1:])            # counts are numbers

    page.search_edit.clear()
    panel_expert = sorted(drawn.reviewers)[0]
    assert common.select_key(page.view, panel_expert)
    name = page.current_expert().name
    handle = page.history_export.run()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][1].startswith(f"评审经历（{name}）_")
    history = sheet_rows(saved["paths"][1])
    assert history[0][:4] == ["申报批次", "轮次", "评审组", "项目编号"] and len(history) == 1 + 4
    assert all(isinstance(r[6], datetime) for r in history[1:])   # 分配时间 is a date cell
    assert {r[3] for r in history[1:]} == {page.history_model.rows[i].cells[3] for i in range(4)}


def test_review_progress_tables_export_from_their_right_click_menu(qtbot, make_window, drawn, clerk_actor, saved):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    page = make_window(clerk_actor, "review").pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    panel = page.progress
    experts, tasks = panel.exports
    assert panel.expert_view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert experts.action in panel.expert_view.actions() and tasks.action in panel.task_view.actions()
    experts.action.trigger()                          # what 导出 in the right-click menu does
    qtbot.waitUntil(lambda: len(saved["paths"]) == 1)
    rows = sheet_rows(saved["paths"][-1])
    assert rows[0][:4] == ["专家", "工作单位", "联系电话", "任务"] and len(rows) == 1 + panel.expert_model.rowCount()
    assert all(isinstance(r[3], int) for r in rows[1:]) and saved["names"][-1].startswith("专家评分进度（")
