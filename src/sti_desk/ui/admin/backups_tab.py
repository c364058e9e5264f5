"""备份: the backups of the open database, newest first; 立即备份 in the background; 恢复.

恢复此备份… / 从文件恢复… ask for a plain confirmation (:class:`RestoreConfirmDialog`), then end the main
window through :func:`sti_desk.ui.app.request_restore`: the run loop closes the database, replaces the file
(a safety copy first), opens it again and shows the login window with what was restored.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...paths import backup_dir_for
from ...services.actor import Actor
from ...services.backups import RETENTION_HELP, BackupInfo
from ...services.restore import require_restore
from .. import messages, theme
from ..app import RestoreRequest, request_restore
from ..intake.table_export import TableExport
from ..review.common import hint_label, selected_key, table_view
from ..review.models import Row, RowsModel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

HEADERS = ("备份时间", "类型", "大小", "文件")

RESTORE_HINT = ("恢复：选中一份备份后点“恢复此备份…”，或用“从文件恢复…”选择其他位置的备份文件。"
                "恢复前会自动备份当前数据库，程序随后重新打开并要求重新登录。")


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


class BackupsTab(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.backups: list[BackupInfo] = []
        self.model = RowsModel(HEADERS, center=(1,), right=(2,))
        self.view, _ = table_view(self.model, (11, 6, 6, 30), stretch=3)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复此备份…")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton("从文件恢复…")
        self.file_button.clicked.connect(self.restore_from_file)
        self.folder_button = QPushButton("打开备份文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        self.count_label = QLabel()
        self.export = TableExport(self, self.view, "备份列表", "份备份", services, actor)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.file_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.export.button("导出列表…"))
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint_label(RETENTION_HELP + RESTORE_HINT))
        self.view.selectionModel().selectionChanged.connect(
            lambda *_: self.restore_button.setEnabled(self.selected_backup() is not None))
        self.view.doubleClicked.connect(lambda *_: self.restore_selected())
        self.refresh()

    def refresh(self) -> TaskHandle:
        services, actor = self.services, self.actor

        def load(progress: ProgressFn, cancel: CancelToken) -> list[BackupInfo]:
            return services.backups.list_backups(actor)  # type: ignore[no-any-return]

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在读取备份…", parent=self)
        return self.load_handle

    def _loaded(self, backups: list[BackupInfo]) -> None:
        self.backups = backups
        self.model.set_rows([Row((f"{b.made_at:%Y-%m-%d %H:%M:%S}", b.kind_label, size_text(b.size_bytes),
                                  str(b.path)), key=str(b.path),
                                 sort=(b.made_at.isoformat(), b.kind_label, b.size_bytes, str(b.path)))
                             for b in backups])
        self.count_label.setText(f"共 {len(backups)} 份备份")

    def backup_now(self) -> TaskHandle:
        services, actor = self.services, self.actor

        def work(progress: ProgressFn, cancel: CancelToken) -> BackupInfo:
            progress(0, 0, "正在备份数据库…")
            return services.backups.backup_now(actor)  # type: ignore[no-any-return]

        def done(b: BackupInfo) -> None:
            messages.info(self, f"已备份到：{b.path}（{size_text(b.size_bytes)}）", "备份完成")
            self.refresh()

        self.backup_button.setEnabled(False)
        handle = self.runner.run(work, on_success=done, title="正在备份数据库…", parent=self, cancellable=False,
                                 on_failure=lambda exc: messages.show_exception(self, exc, "备份失败"))
        handle.finished.connect(lambda: self.backup_button.setEnabled(True))
        return handle

    def open_folder(self) -> None:
        folder = self.backups[0].path.parent if self.backups else None
        if folder is None:
            messages.info(self, "还没有备份。", "备份")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- 恢复 -----------------------------------------------------------------------------------------------
    def db_path(self) -> Path | None:
        path = getattr(self.services.db, "path", None)
        return Path(path) if path is not None else None

    def selected_backup(self) -> BackupInfo | None:
        key = selected_key(self.view)
        return next((b for b in self.backups if str(b.path) == key), None)

    def restore_selected(self) -> bool:
        """恢复此备份…: the selected backup (True when the window was asked to close for the restore)."""
        backup = self.selected_backup()
        if backup is None:
            messages.info(self, "请先在列表中选中要恢复的备份。", "恢复备份")
            return False
        return self.restore(backup.path, f"{backup.made_at:%Y-%m-%d %H:%M:%S}")

    def restore_from_file(self) -> bool:
        """从文件恢复…: a backup file from elsewhere (a USB stick, another folder)."""
        db_path = self.db_path()
        start = str(backup_dir_for(db_path)) if db_path is not None else ""
        name, _ = QFileDialog.getOpenFileName(self, "选择要恢复的备份文件", start, "数据库备份 (*.db);;所有文件 (*)")
        if not name:
            return False
        path = Path(name)
        made = next((b.made_at for b in self.backups if b.path == path), None)
        made = made or datetime.fromtimestamp(path.stat().st_mtime)
        return self.restore(path, f"{made:%Y-%m-%d %H:%M:%S}")

    def restore(self, backup: Path, made_at: str) -> bool:
        try:
            require_restore(self.actor)  # (checked again before the file is replaced)
        except DomainError as exc:
            messages.error(self, str(exc), "无法恢复备份")
            return False
        db_path = self.db_path()
        if db_path is None:
            messages.error(self, "当前数据库没有文件路径，无法恢复", "无法恢复备份")
            return False
        if db_path.resolve() == backup.resolve():
            messages.error(self, "所选文件就是当前正在使用的数据库，不能用它恢复。", "无法恢复备份")
            return False
        dialog = RestoreConfirmDialog(backup, made_at, db_path, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        request_restore(self, RestoreRequest(backup, made_at, self.actor))
        return True


def confirmation_text(backup: Path, made_at: str, db_path: Path) -> str:
    return (f"将用 {made_at} 的备份恢复数据库：\n{backup}\n\n"
            f"• 当前数据库（{db_path.name}）中的全部数据将被替换为该备份中的数据，"
            f"{made_at} 之后录入和修改的内容都将不再出现在系统中。\n"
            f"• 恢复前会先自动备份当前数据库，备份放在：{backup_dir_for(db_path)}（类型“恢复前”），"
            "需要时可再从它恢复。\n"
            "• 请先让其他电脑或窗口上的 STI Desk 全部退出，否则他们的修改可能丢失或无法保存。\n"
            "• 恢复时本窗口会关闭，完成后程序重新打开数据库，所有人需要重新登录。")


class RestoreConfirmDialog(QDialog):
    """恢复备份 — says plainly what will happen; 恢复 is not the default button."""

    def __init__(self, backup: Path, made_at: str, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("恢复备份")
        self.setMinimumWidth(560)
        heading = QLabel("确认用备份恢复数据库？")
        heading.setStyleSheet(theme.TITLE_STYLE)
        self.text_label = QLabel(confirmation_text(backup, made_at, db_path))
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addWidget(heading)
        layout.addSpacing(6)
        layout.addWidget(self.text_label)
        layout.addSpacing(8)
        layout.addWidget(buttons)
