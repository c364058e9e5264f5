"""备份: the backups of the open database, newest first; 立即备份 in the background; how to restore."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...services.actor import Actor
from ...services.backups import RESTORE_HELP, RETENTION_HELP, BackupInfo
from .. import messages
from ..intake.table_export import TableExport
from ..review.common import hint_label, table_view
from ..review.models import Row, RowsModel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

HEADERS = ("备份时间", "类型", "大小", "文件")


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
        self.folder_button = QPushButton("打开备份文件夹")
        self.folder_button.clicked.connect(self.open_folder)
        self.count_label = QLabel()
        self.export = TableExport(self, self.view, "备份列表", "份备份", services, actor)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.export.button("导出列表…"))
        row.addStretch(1)
        row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint_label(RETENTION_HELP + RESTORE_HELP))
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
