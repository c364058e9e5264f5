"""系统管理 导出: the audit log and the user list as shown (filter, search), times as dates."""
from __future__ import annotations

from datetime import datetime

import pytest

from ..intake.support import record_saves, sheet_rows


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    return record_saves(monkeypatch, tmp_path)


def test_audit_log_and_users_export_what_is_shown(qtbot, make_window, admin_actor, saved):  # type: ignore[no-untyped-def]
    page = make_window(admin_actor, "admin").pages["admin"]
    qtbot.waitUntil(lambda: all(t.load_handle is not None and t.load_handle.done for t in page.tabs_list()))
    audit = page.audit
    audit.search_edit.setText("system")
    shown = audit.proxy.rowCount()
    assert 0 < shown < audit.model.rowCount()
    handle = audit.export.run()
    qtbot.waitUntil(lambda: handle.done)
    rows = sheet_rows(saved["paths"][0])
    assert rows[0] == ["编号", "时间", "用户", "操作", "对象", "对象编号", "内容"] and len(rows) == 1 + shown
    assert all(isinstance(r[0], int) and isinstance(r[1], datetime) for r in rows[1:])
    assert [r[0] for r in rows[1:]] == [int(audit.proxy.index(r, 0).data()) for r in range(shown)]
    assert saved["texts"][0] == f"已导出 {shown} 条记录。"

    handle = page.users.export.run()
    qtbot.waitUntil(lambda: handle.done)
    users = sheet_rows(saved["paths"][1])
    assert users[0][:3] == ["用户名", "姓名", "角色"]
    assert sorted(r[0] for r in users[1:]) == ["admin", "clerk", "manager", "reviewer"]

    handle = page.backups.export.run()
    qtbot.waitUntil(lambda: handle.done)
    assert sheet_rows(saved["paths"][2])[0] == ["备份时间", "类型", "大小", "文件"]
