"""导入 Excel wizard: preview with problems blocks the import, a good file imports, cancel writes nothing."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QWizard

from sti_desk.ui.intake import files as intake_files
from sti_desk.ui.intake.wizard import ImportWizard

from .support import bad_file, good_file

CALL = "2025年度重点研发计划"


@pytest.fixture
def wizard(qtbot, qapp_configured, services, clerk_actor, admin_actor, seeded):  # type: ignore[no-untyped-def]
    def make(path: Path, *, partial: bool = False) -> ImportWizard:
        w = ImportWizard(services, clerk_actor, services.calls.list_calls(admin_actor), call_id=seeded["call"])
        qtbot.addWidget(w)
        w.show()
        w.choose_page.path_edit.setText(str(path))
        w.choose_page.partial_check.setChecked(partial)
        return w
    return make


def to_preview(qtbot, w: ImportWizard) -> None:  # type: ignore[no-untyped-def]
    w.next()
    assert w.currentPage() is w.preview_page
    qtbot.waitUntil(lambda: w.preview_page.handle is not None and w.preview_page.handle.done, timeout=10000)
    assert w.preview_page.preview is not None


def import_button_enabled(w: ImportWizard) -> bool:
    return w.button(QWizard.WizardButton.CommitButton).isEnabled() and w.preview_page.isComplete()


def test_preview_shows_problems_and_disables_import(qtbot, wizard, tmp_path, services, admin_actor):  # type: ignore[no-untyped-def]
    w = wizard(bad_file(tmp_path / "申报汇总.xlsx", CALL))
    to_preview(qtbot, w)
    page = w.preview_page
    problems = page.problems.rows
    assert any(row[1] == "3" and "身份证" in row[2] + row[3] for row in problems), problems
    assert any(row[1] == "4" and "项目负责人" in row[2] for row in problems), problems
    assert all(row[0] == "项目申报" for row in problems)
    assert page.tiles["invalid"].value.text() == "2" and page.tiles["new"].value.text() == "2"
    assert sum(page.records.bad) == 2 and page.records.bad[1] and page.records.bad[2]
    assert page.tabs.currentIndex() == 0 and page.tabs.tabText(0).startswith("问题清单")
    assert not import_button_enabled(w)
    assert "不能导入" in page.blocked_label.text() and "部分导入" in page.blocked_label.text()
    assert page.export_button.isEnabled()
    assert services.projects.list_projects(admin_actor) == []

    w.back()  # 部分导入 allows the two good rows
    w.choose_page.partial_check.setChecked(True)
    to_preview(qtbot, w)
    assert import_button_enabled(w)
    assert "跳过有问题的 2 行" in w.preview_page.blocked_label.text()


def test_export_problem_list_is_an_annotated_copy(qtbot, wizard, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    w = wizard(bad_file(tmp_path / "申报汇总.xlsx", CALL))
    to_preview(qtbot, w)
    out = tmp_path / "标注.xlsx"
    saved: list[str] = []
    monkeypatch.setattr(intake_files, "ask_save_path", lambda *a, **k: out)
    monkeypatch.setattr(intake_files, "show_saved", lambda parent, text, path, title="": saved.append(text))
    handle = w.preview_page.export_problems()
    qtbot.waitUntil(lambda: handle.done, timeout=10000)
    assert saved and "已导出" in saved[0] and "标红" in saved[0]
    sheet = openpyxl.load_workbook(out)["项目申报"]
    assert sheet["F3"].comment is not None  # the bad ID number is annotated


def test_good_file_imports_and_project_list_shows_it(qtbot, make_window, clerk_actor, tmp_path, services,  # type: ignore[no-untyped-def]
                                                     admin_actor, seeded):
    window = make_window(clerk_actor, start_page="projects")
    projects = window.pages["projects"]
    qtbot.waitUntil(lambda: projects.load_handle.done)
    assert projects.model.total_count == 0
    page = window.navigate("intake")
    qtbot.waitUntil(lambda: page.load_handle.done)
    w = page.open_import()
    w.choose_page.path_edit.setText(str(good_file(tmp_path / "申报.xlsx", CALL, 3)))
    to_preview(qtbot, w)
    assert w.preview_page.tiles["new"].value.text() == "3" and not w.preview_page.problems.rows
    assert import_button_enabled(w)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)
    assert w.summary_page.headline.text().startswith("导入完成")
    assert "新增 3" in w.summary_page.headline.text()
    # the project list (already open) reloads after the import
    qtbot.waitUntil(lambda: projects.model.total_count == 3, timeout=10000)
    titles = {r.title for r in projects.model.all_rows()}
    assert "茶园病虫害智能监测预警系统研发" in titles
    # the screening page shows the new applications, not yet checked
    qtbot.waitUntil(lambda: page.load_handle.done and len(page.model.items) == 3)
    assert {i.auto_label for i in page.model.items} == {"未检查"}
    w.accept()


def test_cancelled_import_leaves_database_unchanged(qtbot, wizard, tmp_path, services, admin_actor,  # type: ignore[no-untyped-def]
                                                    monkeypatch):
    before = len(services.projects.list_projects(admin_actor))
    units_before = len(services.units.list_units(admin_actor))
    real = services.intake.import_file
    seen: list[str] = []

    def cancel_on_first_progress(*args, progress=None, cancel=None, **kw):  # type: ignore[no-untyped-def]
        def progress_and_cancel(done: int, total: int, text: str) -> None:
            seen.append(text)
            cancel.set()  # the 取消 button, pressed deterministically while the import runs
            progress(done, total, text)
        return real(*args, progress=progress_and_cancel, cancel=cancel, **kw)

    monkeypatch.setattr(services.intake, "import_file", cancel_on_first_progress)
    w = wizard(good_file(tmp_path / "申报.xlsx", CALL, 5))
    to_preview(qtbot, w)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)
    assert seen, "the import never reported progress"
    assert w.summary_page.headline.text() == "导入已取消，数据库未作任何修改。"
    assert len(services.projects.list_projects(admin_actor)) == before
    assert len(services.units.list_units(admin_actor)) == units_before


def _row_counts(db_path: Path) -> dict[str, int]:
    import sqlite3

    con = sqlite3.connect(db_path)
    try:
        tables = ("units", "persons", "projects", "budget_lines", "team_members", "project_events", "import_batches",
                  "audit_log")
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_cancel_while_writing_leaves_database_unchanged(qtbot, wizard, tmp_path, services, app_ctx,  # type: ignore[no-untyped-def]
                                                        monkeypatch):
    """取消 pressed after rows were already inserted in the transaction (the write phase): all rolled back."""
    import sti_desk.services.intake_write as W

    monkeypatch.setattr(W, "CHUNK", 1)          # a chunk per row, so the token is checked between rows
    before = _row_counts(app_ctx.db_path)
    real = services.intake.import_file
    writing: list[tuple[int, int]] = []

    def cancel_while_writing(*args, progress=None, cancel=None, **kw):  # type: ignore[no-untyped-def]
        def progress_and_cancel(done: int, total: int, text: str) -> None:
            if text.startswith("正在写入数据库"):
                writing.append((done, total))
                if done >= 2:
                    cancel.set()            # the 取消 button, pressed with two projects already inserted
            progress(done, total, text)
        return real(*args, progress=progress_and_cancel, cancel=cancel, **kw)

    monkeypatch.setattr(services.intake, "import_file", cancel_while_writing)
    w = wizard(good_file(tmp_path / "申报.xlsx", CALL, 5))
    to_preview(qtbot, w)
    w.next()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)
    assert (2, 5) in writing and (5, 5) not in writing, writing     # stopped in the middle of writing
    assert w.summary_page.headline.text() == "导入已取消，数据库未作任何修改。"
    assert _row_counts(app_ctx.db_path) == before


def test_cancel_button_of_the_wizard_cancels_a_running_import(qtbot, wizard, tmp_path, services, admin_actor,  # type: ignore[no-untyped-def]
                                                              monkeypatch):
    import threading

    release = threading.Event()
    real = services.intake.import_file

    def slow(*args, cancel=None, **kw):  # type: ignore[no-untyped-def]
        release.wait(5)
        return real(*args, cancel=cancel, **kw)

    monkeypatch.setattr(services.intake, "import_file", slow)
    w = wizard(good_file(tmp_path / "申报.xlsx", CALL, 2))
    to_preview(qtbot, w)
    w.next()
    assert w.import_page.running
    w.reject()  # the wizard's 取消: cancels the import instead of closing
    assert w.isVisible() and w.import_page.handle.token.is_set()
    release.set()
    qtbot.waitUntil(lambda: w.currentPage() is w.summary_page, timeout=15000)
    assert "导入已取消" in w.summary_page.headline.text()
    assert services.projects.list_projects(admin_actor) == []


def test_a_file_that_is_not_excel_is_explained(qtbot, wizard, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    broken = tmp_path / "申报.xlsx"
    broken.write_text("这不是 Excel 文件", encoding="utf-8")
    w = wizard(broken)
    to_preview(qtbot, w)
    page = w.preview_page
    assert page.problems.rows and page.problems.rows[0][:3] == ("整个文件", "—", "—")
    assert "申报.xlsx" in page.problems.rows[0][3]
    assert not import_button_enabled(w) and "没有可导入的数据行" in page.blocked_label.text()
    out = tmp_path / "问题.xlsx"
    saved: list[str] = []
    monkeypatch.setattr(intake_files, "ask_save_path", lambda *a, **k: out)
    monkeypatch.setattr(intake_files, "show_saved", lambda parent, text, path, title="": saved.append(text))
    handle = page.export_problems()
    qtbot.waitUntil(lambda: handle.done, timeout=10000)
    assert saved == ["已导出 1 处问题。"]  # no annotated copy of an unreadable file: the list instead
    rows = list(openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True))
    assert any("整个文件" in [str(c) for c in r] for r in rows)


def test_a_file_dropped_on_the_first_step_is_taken(qtbot, wizard, tmp_path):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    w = wizard(tmp_path / "先随便写.xlsx")
    target = good_file(tmp_path / "拖进来的.xlsx", CALL, 1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    w.choose_page.dropEvent(event)
    assert w.choose_page.path_edit.text() == str(target)


def test_summary_says_skipped_only_when_rows_were_really_skipped():  # type: ignore[no-untyped-def]
    from sti_desk.services.intake_types import ImportSummary, SkippedRow
    from sti_desk.ui.intake.wizard import summary_text

    row = SkippedRow("单位名录", 6, "县人民医院", ("统一社会信用代码已被 Excel 存为数字",))
    whole = ImportSummary("units", "u.xls", "0" * 64, written=False, skipped=[row])
    partial = ImportSummary("units", "u.xls", "0" * 64, written=True, created=2, skipped=[row], partial=True)
    assert "\n有问题的 1 行：" in summary_text(whole) and "跳过" not in summary_text(whole)
    assert "跳过有问题的 1 行：" in summary_text(partial) and "县人民医院" in summary_text(partial)
