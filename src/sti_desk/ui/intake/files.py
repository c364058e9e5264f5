"""Choosing files and reporting saved ones (选择文件、保存文件、导出清单).

Everything that opens a native dialog goes through the module functions :func:`ask_open_path`,
:func:`ask_save_path` and :func:`show_saved`, so tests replace them instead of clicking through modal
dialogs. The last folder used is remembered in the settings.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...services.actor import Actor
from .. import messages
from ..settings import settings
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

EXCEL_FILTER = "Excel 文件 (*.xlsx *.xlsm *.xls);;所有文件 (*)"
XLSX_FILTER = "Excel 文件 (*.xlsx)"
_DIR_KEY = "intake/last_dir"


def dated_name(stem: str, today: date | None = None, suffix: str = ".xlsx") -> str:
    """'项目列表_2026-11-23.xlsx' — a default file name in Chinese with the date."""
    today = today or date.today()
    safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in stem)
    return f"{safe}_{today.isoformat()}{suffix}"


def last_dir() -> str:
    folder = str(settings().value(_DIR_KEY, "") or "")
    if folder and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def remember_dir(path: Path) -> None:
    settings().setValue(_DIR_KEY, str(path.parent))


def ask_open_path(parent: QWidget | None, title: str, file_filter: str = EXCEL_FILTER) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, last_dir(), file_filter)
    if not path:
        return None
    remember_dir(Path(path))
    return Path(path)


def ask_save_path(parent: QWidget | None, title: str, default_name: str,
                  file_filter: str = XLSX_FILTER) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_dir()) / default_name), file_filter)
    if not path:
        return None
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    remember_dir(out)
    return out


def open_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_saved(parent: QWidget | None, text: str, path: Path, title: str = "导出完成") -> None:
    """Tell the clerk where the file is, with a button that opens its folder."""
    box = QMessageBox(QMessageBox.Icon.Information, title, f"{text}\n\n{path}", QMessageBox.StandardButton.NoButton,
                      parent)
    folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is folder:
        open_folder(path)


def save_in_background(parent: QWidget, runner: TaskRunner, *, title: str, default_name: str, busy: str,
                       write: Any, done_text: Any, done_title: str = "导出完成",
                       failed_title: str = "导出失败", reports_progress: bool = False) -> TaskHandle | None:
    """Ask where to save, run ``write(path)`` on the task runner, then :func:`show_saved`.

    ``write(path)`` runs on a worker thread and returns whatever ``done_text(result)`` turns into the
    success message; ``done_title``/``failed_title`` title the message boxes (a template is not an export).
    With ``reports_progress`` it is ``write(path, progress, cancel)`` and may return None once ``cancel`` is
    set (the export was stopped, nothing written)."""
    path = ask_save_path(parent, title, default_name)
    if path is None:
        return None

    def work(progress: ProgressFn, cancel: CancelToken) -> Any:
        progress(0, 0, busy)
        if not reports_progress:
            return write(path)
        result = write(path, progress, cancel)
        if result is None:
            cancel.raise_if_cancelled()
        return result

    def succeeded(result: Any) -> None:
        show_saved(parent, done_text(result), path, done_title)

    return runner.run(work, on_success=succeeded, on_failure=lambda exc: messages.show_exception(parent, exc, failed_title),
                      title=busy, parent=parent)


def export_list(parent: QWidget, services: Any, actor: Actor, title: str, headers: Sequence[str],
                rows: Sequence[Sequence[object]], noun: str = "行", runner: TaskRunner | None = None
                ) -> TaskHandle | None:
    """导出 of a list page: exactly the rows the clerk sees, through ``services.intake.export_rows``."""
    runner = runner or getattr(parent, "runner", None) or TaskRunner(parent)
    headers, rows = list(headers), [list(r) for r in rows]
    return save_in_background(
        parent, runner, title=f"导出{title}", default_name=dated_name(title), busy=f"正在导出{title}…",
        write=lambda path: services.intake.export_rows(actor, title, headers, rows, path),
        done_text=lambda result: f"已导出 {result.rows} {noun}。")
