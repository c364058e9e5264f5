"""导入预览 notes: rows sharing a remark (60 experts from units outside 单位库) are said in one line with their
row numbers; many different notes scroll in a box of a few lines and the 数据行 table keeps the page."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from sti_desk.ui.intake.wizard import ImportWizard

from ..helpers import id_number

EXPERT_HEADERS = ("姓名*", "身份证号*", "工作单位", "单位统一社会信用代码", "职称", "专业领域*", "研究方向", "联系电话")


def experts_file(path: Path, n: int) -> Path:
    """``n`` experts whose 工作单位 is not in the 单位库 and has no credit code: one note per row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "专家"
    ws.append(list(EXPERT_HEADERS))
    for i in range(n):
        ws.append([f"测试专家{i}", id_number(500 + i), f"某某大学{i}", None, "教授", "现代农业", "", ""])
    for cell in ws["B"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def preview_of(qtbot, services, clerk_actor, admin_actor, call_id, path: Path):  # type: ignore[no-untyped-def]
    """The wizard at its preview step (1000×660, as it opens) for the experts file ``path``."""
    w = ImportWizard(services, clerk_actor, services.calls.list_calls(admin_actor), call_id=call_id)
    qtbot.addWidget(w)
    w.resize(1000, 660)
    w.show()
    w.choose_page.kind_combo.select("experts")
    w.choose_page.path_edit.setText(str(path))
    w.next()
    page = w.preview_page
    qtbot.waitUntil(lambda: page.handle is not None and page.handle.done, timeout=15000)
    qtbot.wait(50)
    return page


def test_sixty_rows_with_the_same_remark_are_one_line(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                       admin_actor, seeded, tmp_path):
    page = preview_of(qtbot, services, clerk_actor, admin_actor, seeded["call"], experts_file(tmp_path / "专家.xlsx", 60))
    assert page.preview is not None and not page.preview.problems
    lines = page.notes.text().splitlines()
    assert lines == ["将新登记人员 60 人；",
                     "60 行的工作单位不在单位库中，已按填写的名称保存为工作单位文字（某某大学0、某某大学1、某某大学2、"
                     "某某大学3、某某大学4 等 60 个；抽取回避时按单位名称比对）：第 2–61 行"]
    assert page.tabs.currentWidget() is page.records_view
    row_height = page.records_view.verticalHeader().defaultSectionSize()
    assert page.records_view.viewport().height() >= 8 * row_height


def test_many_notes_scroll_and_leave_the_rows_table_its_room(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                             admin_actor, seeded, tmp_path):
    page = preview_of(qtbot, services, clerk_actor, admin_actor, seeded["call"], experts_file(tmp_path / "专家.xlsx", 1))
    notes = page.notes
    notes.set_text("；\n".join(f"第 {i} 行：单位名称“某某{i}”与单位库中的不一致，以单位库为准" for i in range(60)))
    qtbot.wait(50)
    assert notes.isVisible() and notes.overflows()
    assert notes.height() <= notes.max_height
    assert notes.verticalScrollBar().maximum() > 0
    row_height = page.records_view.verticalHeader().defaultSectionSize()
    assert page.records_view.viewport().height() >= 8 * row_height   # was two rows, the first cut off


def test_a_short_note_takes_only_its_lines(qtbot, qapp_configured, services, clerk_actor, admin_actor, seeded,  # type: ignore[no-untyped-def]
                                           tmp_path):
    page = preview_of(qtbot, services, clerk_actor, admin_actor, seeded["call"], experts_file(tmp_path / "专家.xlsx", 1))
    notes = page.notes
    assert notes.isVisible() and not notes.overflows()
    assert notes.height() < 3 * notes.label.fontMetrics().lineSpacing()
    assert notes.verticalScrollBar().maximum() == 0


def test_the_unit_box_says_what_happens_and_is_off_for_experts(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                               admin_actor, seeded):
    w = ImportWizard(services, clerk_actor, services.calls.list_calls(admin_actor), call_id=seeded["call"])
    qtbot.addWidget(w)
    w.show()
    page = w.choose_page
    page.kind_combo.select("experts")
    assert not page.units_check.isChecked() and page.units_check.isVisible()
    assert "工作单位" in page.units_check.text() and "保存为专家的工作单位文字" in page.units_hint.text()
    page.path_edit.setText("x.xlsx")
    assert not w.options().create_units
    page.kind_combo.select("applications")
    assert page.units_check.isChecked() and page.units_check.text() == "文件中尚未登记的单位自动登记到单位库"
    page.kind_combo.select("units")
    assert not page.units_check.isVisible() and not page.units_hint.isVisible()
