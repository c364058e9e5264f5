"""专家库: list and search, edit, suspend/activate with a reason, declared conflicts, review history."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QLabel

from sti_desk.ui.review import common
from sti_desk.ui.review.expert_dialogs import ConflictDialog, ExpertEditDialog

from .chinese import assert_chinese


def _page(qtbot, make_window, clerk):  # type: ignore[no-untyped-def]
    window = make_window(clerk, "experts")
    page = window.pages["experts"]
    qtbot.waitUntil(lambda: page.load_handle.done)
    return window, page


def _wait(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)


def test_list_search_history(qtbot, make_window, services, drawn, clerk_actor):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, clerk_actor)
    assert page.proxy.rowCount() == 10 and "共 10 位专家" in page.count_label.text()
    page.search_edit.setText("专家03")
    assert page.proxy.rowCount() == 1 and "筛选后 1 位" in page.count_label.text()
    page.search_edit.clear()
    panel_expert = sorted(drawn.reviewers)[0]
    assert common.select_key(page.view, panel_expert)
    row = page.proxy.row_of_key(panel_expert)
    assert page.proxy.index(row, 7).data() == "4"          # four assignments
    assert page.history_model.rowCount() == 4
    assert page.history_model.rows[0].cells[5] == "待评" and page.history_model.rows[0].cells[8] == ""
    assert_chinese(window)
    labels = " ".join(w.text() for w in page.detail.findChildren(QLabel))
    assert "严格的回避制度" in labels and "保障措施" in labels
    assert not re.search(r"\bP\d{1,2}\b", labels)                     # no internal policy code (P13) on screen


def test_suspend_activate_edit(qtbot, make_window, services, world, clerk_actor, recorder, monkeypatch):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, clerk_actor)
    eid = world.experts[0]
    assert common.select_key(page.view, eid)
    assert page.status_action.text() == "暂停" and page.status_action.isEnabled()
    monkeypatch.setattr(common, "ask_text", lambda *a, **k: "长期出国")
    assert page.toggle_status()
    _wait(qtbot, page)
    info = services.review.get_expert(clerk_actor, eid)
    assert not info.active and info.suspended_reason == "长期出国"
    assert page.proxy.index(page.proxy.row_of_key(eid), 5).data() == "暂停（长期出国）"
    assert page.status_action.text() == "启用" and page.status_model.rowCount() == 1
    assert page.status_model.rows[0].cells[3] == clerk_actor.display_name != clerk_actor.username   # 操作人 by name
    page.state_combo.select(False)
    assert page.proxy.rowCount() == 1
    page.state_combo.select(None)
    monkeypatch.setattr(common, "ask_text", lambda *a, **k: None)   # cancelled: nothing changes
    assert not page.toggle_status()
    monkeypatch.setattr(common, "ask_text", lambda *a, **k: "已回国")
    assert page.toggle_status()
    _wait(qtbot, page)
    assert services.review.get_expert(clerk_actor, eid).active

    dialog = page.edit_current()
    assert isinstance(dialog, ExpertEditDialog)
    qtbot.addWidget(dialog)
    assert_chinese(dialog)
    dialog.field_combo.setCurrentText("新材料")
    dialog.specialty_edit.setText("柔性电子材料")
    assert dialog.save()
    _wait(qtbot, page)
    info = services.review.get_expert(clerk_actor, eid)
    assert info.field == "新材料" and info.specialty == "柔性电子材料"


def test_declared_conflicts_add_and_remove(qtbot, make_window, services, world, clerk_actor, recorder):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, clerk_actor)
    eid = world.experts[1]
    assert common.select_key(page.view, eid)
    dialog = page.add_conflict()
    assert isinstance(dialog, ConflictDialog)
    qtbot.addWidget(dialog)
    assert not dialog.save()                                   # nothing chosen: messages under the fields
    assert dialog.grid.error_text("target") and dialog.grid.error_text("reason")
    dialog.target_combo.select(world.projects[0])
    dialog.reason_edit.setPlainText("与负责人为师生关系")
    dialog.forever_check.setChecked(False)
    assert_chinese(dialog)
    assert dialog.save()
    _wait(qtbot, page)
    conflicts = services.review.conflicts_of(clerk_actor, eid)
    assert len(conflicts) == 1 and conflicts[0].target_kind == "project" and conflicts[0].expires is not None
    assert page.conflict_model.rowCount() == 1 and page.conflict_model.rows[0].cells[3] == "有效"
    assert page.proxy.index(page.proxy.row_of_key(eid), 6).data() == "1"

    person = page.add_conflict()
    qtbot.addWidget(person)
    person.kind_combo.select("person")
    person.target_combo.select(world.projects[1])
    person.reason_edit.setPlainText("亲属关系")
    assert person.save()
    _wait(qtbot, page)
    kinds = sorted(c.target_kind for c in services.review.conflicts_of(clerk_actor, eid))
    assert kinds == ["person", "project"]

    assert common.select_key(page.conflict_view, conflicts[0].id)
    assert page.remove_conflict() and "确定删除" in recorder.confirms[-1]
    _wait(qtbot, page)
    assert [c.target_kind for c in services.review.conflicts_of(clerk_actor, eid)] == ["person"]
