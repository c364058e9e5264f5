"""系统管理: the 政策参数 tables exported as shown (values kept as the text the tab shows, dates as dates), and
the audit log's object filter built from the Chinese table names (policy versions, calls and every other
stored table), with those names in the object column."""
from __future__ import annotations

from datetime import datetime

import pytest

from sti_desk.db.tables import Base
from sti_desk.domain.policy_params import PARAMETERS
from sti_desk.services.audit_labels import EVENTS, TABLES

from ..intake.support import record_saves, sheet_rows


@pytest.fixture
def saved(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    return record_saves(monkeypatch, tmp_path)


def _admin_page(qtbot, make_window, admin_actor):  # type: ignore[no-untyped-def]
    page = make_window(admin_actor, "admin").pages["admin"]
    qtbot.waitUntil(lambda: all(t.load_handle is not None and t.load_handle.done for t in page.tabs_list()))
    return page


def test_policy_tables_export_what_is_shown(qtbot, make_window, admin_actor, saved):  # type: ignore[no-untyped-def]
    tab = _admin_page(qtbot, make_window, admin_actor).policy
    current, versions, detail = tab.exports
    tab.current_view.setColumnHidden(2, True)                         # 依据 hidden
    current.buttons[0].click()                                        # 导出现行参数…
    qtbot.waitUntil(lambda: bool(saved["texts"]))
    assert saved["names"][0].startswith("现行政策参数（") and saved["texts"] == [f"已导出 {len(PARAMETERS)} 项参数。"]
    header, *rows = sheet_rows(saved["paths"][0])
    assert header == ["参数", "当前值", "生效日期"] and len(rows) == len(PARAMETERS)
    by_title = {r[0]: r for r in rows}
    assert by_title["P6 统一比例时的间接费用上限"][1:] == ["20%", datetime(2000, 1, 1)]
    assert any(r[1] == "100.00 万元" for r in rows)                  # a value stays the text the tab shows

    versions.run()
    qtbot.waitUntil(lambda: len(saved["texts"]) == 2)
    header, first = sheet_rows(saved["paths"][1])[:2]
    assert header == ["生效日期", "状态", "说明", "录入人", "录入时间"]
    assert first[:4] == [datetime(2000, 1, 1), "现行", "系统默认参数（依据政策文件汇编）", "系统"] and isinstance(first[4], datetime)
    detail.run()
    qtbot.waitUntil(lambda: len(saved["texts"]) == 3)
    assert saved["names"][2].startswith("政策参数（2000-01-01 起）与上一版本对照_")
    header, *rows = sheet_rows(saved["paths"][2])
    assert header == ["参数", "本版本", "上一版本"] and len(rows) == len(PARAMETERS)
    assert all(isinstance(r[1], str) for r in rows)


def test_every_stored_table_has_a_chinese_name():  # type: ignore[no-untyped-def]
    """The audit filter lists services.audit_labels.TABLES: a table added without a name there would be
    missing from the filter (and named in English in the replay's messages)."""
    missing = sorted(set(Base.metadata.tables) - {"audit_log"} - set(TABLES))
    assert not missing, "请在 services/audit_labels.py 的 TABLES 中为这些表写中文名称：" + "、".join(missing)


def test_audit_filter_offers_every_table_and_shows_chinese_names(qtbot, make_window, admin_actor,  # type: ignore[no-untyped-def]
                                                                 services, seeded):
    audit = _admin_page(qtbot, make_window, admin_actor).audit
    combo = audit.entity_combo
    choices = {combo.itemText(i): combo._values[i] for i in range(combo.count())}
    assert choices["政策参数版本"] == "policy_versions" and choices["申报批次"] == "calls"
    assert set(choices.values()) == {None, *TABLES, *EVENTS}
    combo.select("calls")
    qtbot.waitUntil(lambda: audit.load_handle.done and audit.model.rowCount() > 0)
    assert {r.cells[4] for r in audit.model.rows} == {"申报批次（2025-ZD）"}     # which call, by its code
    combo.select("policy_versions")
    qtbot.waitUntil(lambda: audit.load_handle.done and {r.cells[4] for r in audit.model.rows} == {"政策参数版本"})
