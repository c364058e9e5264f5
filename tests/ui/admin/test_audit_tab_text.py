"""审计日志 内容 in words: 字段：旧值 → 新值 with Chinese names and 万元, the whole text in the detail pane
(one item a line) and in the export; no raw JSON keys."""
from __future__ import annotations

from dataclasses import replace

import pytest

from ..intake.support import record_saves, sheet_rows


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    return record_saves(monkeypatch, tmp_path)


def test_audit_content_reads_in_chinese_with_a_detail_pane(qtbot, make_window, admin_actor, services, seeded,  # type: ignore[no-untyped-def]
                                                          saved):
    unit = services.units.get_unit(admin_actor, seeded["unit_a"])
    services.units.save_unit(admin_actor, replace(unit, phone="0571-88886666", contact="陈明"))
    page = make_window(admin_actor, "admin").pages["admin"]
    audit = page.audit
    qtbot.waitUntil(lambda: audit.load_handle is not None and audit.load_handle.done)
    audit.entity_combo.select("units")
    qtbot.waitUntil(lambda: audit.load_handle.done and audit.model.rowCount() == 3)
    update = next(r for r in audit.model.rows if r.cells[3] == "修改")
    assert update.cells[6] == "联系人：（空） → 陈明；联系电话：（空） → 0571-88886666"
    assert update.tips[6] == "联系人：（空） → 陈明\n联系电话：（空） → 0571-88886666"
    created = next(r for r in audit.model.rows if r.cells[3] == "新增")
    assert created.cells[6].startswith("单位名称：") and "统一社会信用代码：" in created.cells[6]
    assert not any(word in r.cells[6] for r in audit.model.rows for word in ("credit_code", "{", "_id"))

    assert audit.detail.toPlainText() == ""
    row = next(i for i in range(audit.proxy.rowCount()) if audit.proxy.index(i, 3).data() == "修改")
    audit.view.selectRow(row)
    text = audit.detail.toPlainText()
    assert text.splitlines()[0].startswith(f"第 {update.key} 条") and "单位（编号" in text.splitlines()[0]
    assert text.splitlines()[1:] == ["联系人：（空） → 陈明", "联系电话：（空） → 0571-88886666"]

    handle = audit.export.run()
    qtbot.waitUntil(lambda: handle.done)
    rows = sheet_rows(saved["paths"][0])
    assert "联系人：（空） → 陈明；联系电话：（空） → 0571-88886666" in [r[6] for r in rows[1:]]
    assert sorted(r[6] for r in rows[1:]) == sorted(r.cells[6] for r in audit.model.rows)   # the whole text
    assert any(r[6].startswith("单位名称：") and r[6].endswith("信用等级：良好") for r in rows[1:])


def test_audit_names_records_and_exports_all_entries_in_the_background(qtbot, make_window, admin_actor,  # type: ignore[no-untyped-def]
                                                                        services, seeded, saved, monkeypatch):
    from sti_desk.ui.admin import audit_tab

    monkeypatch.setattr(audit_tab, "LIMIT", 3)                 # fewer shown than stored
    unit = services.units.get_unit(admin_actor, seeded["unit_a"])
    services.units.save_unit(admin_actor, replace(unit, contact="陈明"))
    audit = make_window(admin_actor, "admin").pages["admin"].audit
    qtbot.waitUntil(lambda: audit.load_handle is not None and audit.load_handle.done)
    audit.entity_combo.select("units")
    qtbot.waitUntil(lambda: audit.load_handle.done and any(r.cells[3] == "修改" for r in audit.model.rows))
    update = next(r for r in audit.model.rows if r.cells[3] == "修改")
    assert update.cells[4] == "单位（杭州云芯电子科技有限公司）"               # which unit, not only its number
    audit.entity_combo.select(None)
    qtbot.waitUntil(lambda: audit.load_handle.done and audit.model.rowCount() == 3)
    stored = services.audit.recent(admin_actor, limit=10_000)
    assert len(stored) > 3

    handle = audit.export_all()
    qtbot.waitUntil(lambda: handle.done, timeout=10_000)
    rows = sheet_rows(saved["paths"][-1])
    assert saved["names"][-1].startswith("审计日志_") and saved["texts"][-1] == f"已导出 {len(stored)} 条审计记录。"
    assert [r[6] for r in rows[1:]] == [e.content() for e in stored]      # every entry, in the same words
