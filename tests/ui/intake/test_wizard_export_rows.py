"""导入结果 after a 部分导入: 导出未导入的行… writes the annotated copy ``import --partial --errors`` writes, so the
clerk fixes the skipped rows in it and imports it again."""
from __future__ import annotations

import openpyxl
from PySide6.QtWidgets import QWizard

from sti_desk.ui.intake.wizard import ImportWizard

from .support import bad_file, good_file
from .test_wizard import CALL, to_preview, wizard  # noqa: F401 - the wizard fixture


def _import(qtbot, w: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    to_preview(qtbot, w)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)


def test_partial_import_summary_exports_the_skipped_rows_annotated(qtbot, wizard, tmp_path, saved, services,  # type: ignore[no-untyped-def]
                                                                   admin_actor, clerk_actor):
    source = bad_file(tmp_path / "申报汇总.xlsx", CALL)           # rows 3 and 4 are bad, rows 2 and 5 good
    w = wizard(source, partial=True)
    _import(qtbot, w)
    page = w.summary_page
    assert "跳过有问题的 2 行" in page.headline.text()
    assert not w.button(QWizard.WizardButton.BackButton).isVisible()  # no way back: the button is the way out
    assert page.export_button.isVisible() and page.export_button.text() == "导出未导入的行…"
    assert "改正后重新导入" in page.export_hint.text()

    handle = page.export_rows()
    qtbot.waitUntil(lambda: handle.done, timeout=10000)
    assert saved["names"] == ["申报汇总_未导入的行.xlsx"]
    assert saved["texts"] and "已导出未导入的 2 行" in saved["texts"][0] and "标红" in saved["texts"][0]
    out = saved["paths"][0]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "问题清单"
    problems = [r for r in book["问题清单"].iter_rows(values_only=True) if any(r)]
    assert any("3" in [str(c) for c in r] for r in problems) and any("4" in [str(c) for c in r] for r in problems)
    sheet = book["项目申报"]
    assert sheet["F3"].comment is not None and sheet["E4"].comment is not None   # bad ID number, missing leader
    assert sheet["F2"].comment is None and sheet["F5"].comment is None            # the imported rows are unmarked

    # the clerk fixes the two rows in the copy and imports it: only they are new, the others unchanged
    good = openpyxl.load_workbook(good_file(tmp_path / "对照.xlsx", CALL, 4))["项目申报"]
    sheet["F3"].value, sheet["E4"].value = good["F3"].value, good["E4"].value
    book.save(out)
    again = services.intake.import_file(clerk_actor, "applications", out, None)
    assert (again.created, again.unchanged, again.problems) == (2, 2, [])
    assert len(services.projects.list_projects(admin_actor)) == 4


def test_export_is_refused_when_the_file_changed_after_the_import(qtbot, wizard, tmp_path, saved, recorder):  # type: ignore[no-untyped-def]
    source = bad_file(tmp_path / "申报汇总.xlsx", CALL)
    w = wizard(source, partial=True)
    _import(qtbot, w)
    good_file(source, CALL, 4)                                     # saved over in Excel meanwhile
    handle = w.summary_page.export_rows()
    qtbot.waitUntil(lambda: handle.done, timeout=10000)
    assert not saved["texts"] and not (tmp_path / "申报汇总_未导入的行.xlsx").exists()
    assert recorder.errors and "导入后已被修改" in recorder.errors[0]


def test_no_export_button_after_a_clean_import(qtbot, wizard, tmp_path):  # type: ignore[no-untyped-def]
    w = wizard(good_file(tmp_path / "申报.xlsx", CALL, 2), partial=True)
    _import(qtbot, w)
    assert w.summary_page.headline.text().startswith("导入完成")
    assert not w.summary_page.export_button.isVisible() and w.summary_page.export_rows() is None
