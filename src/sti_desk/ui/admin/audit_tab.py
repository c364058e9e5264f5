"""审计日志: the newest entries (filter by object type or user) and 校验审计链 in the background.

内容 is the entry in words (``字段：旧值 → 新值`` with Chinese names, money in 万元, 是/否, record numbers as codes
and names, JSON columns summarised — see ``services.audit_text``), whole in the cell (and so in the export),
one item a line in the tool tip and in the pane under the table for the selected entry. 对象 names the record
where it could be looked up (形式审查（2026-CGZH-0016）). 导出… writes the entries shown (the newest 500, as
filtered and searched); 导出全部… every entry of the chosen object type, in the background with progress."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from ...services.actor import Actor
from ...services.audit import COLUMNS, AuditEntry
from ...services.audit_labels import EVENTS, TABLES, entity_label
from ..forms.combos import ChoiceCombo
from ..intake import files
from ..intake.table_export import TableExport
from ..review.common import hint_label, selected_key, table_view
from ..review.models import Row, RowsModel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

HEADERS = COLUMNS
LIMIT = 500
TIP_LIMIT = 3000   # characters of an entry in its tool tip (the detail pane and the export show it all)


def entity_choices() -> list[tuple[str, str | None]]:
    """The object filter: every stored table and every kind of event by its Chinese name (from
    services.audit_labels, so a table added there appears here without touching this tab)."""
    return [("全部对象", None), *((label, entity) for entity, label in {**TABLES, **EVENTS}.items())]


def tip(e: AuditEntry) -> str:
    text = e.content("\n")
    return text if len(text) <= TIP_LIMIT else text[:TIP_LIMIT - 1] + "…"


class AuditTab(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.verify_handle: TaskHandle | None = None
        self.entity_combo = ChoiceCombo()
        self.entity_combo.set_choices(entity_choices(), None)
        self.entity_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("在显示的记录中搜索（用户、对象编号、内容…）")
        self.verify_button = QPushButton("校验审计链")
        self.verify_button.setToolTip("逐条核对哈希链，发现被改动或删除的记录")
        self.verify_button.clicked.connect(self.verify)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()          # (shown once 校验审计链 has something to say)
        self.model = RowsModel(HEADERS, center=(0, 3))
        self.view, self.proxy = table_view(self.model, (5, 11, 7, 6, 17, 6, 40), stretch=6)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.entries: dict[int, AuditEntry] = {}
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("选择一条记录，在此查看全部内容")
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 170])
        self.export = TableExport(self, self.view, "审计日志", "条记录", services, actor,
                                  kinds={"编号": "int", "对象编号": "text"})
        row = QHBoxLayout()
        row.addWidget(self.entity_combo)
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.verify_button)
        row.addWidget(self.export.button("导出…"))
        self.export_all_button = QPushButton("导出全部…")
        self.export_all_button.setToolTip("把所选对象的全部审计记录（不限于显示的最新记录，不按搜索筛选）导出为 Excel 文件")
        self.export_all_button.clicked.connect(self.export_all)
        row.addWidget(self.export_all_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(hint_label(f"显示最新的 {LIMIT} 条记录（“导出全部…”导出所选对象的全部记录）。每条记录含上一条的哈希，"
                                    "改动或删除任何一条都会被校验发现；命令行 sti-desk audit verify 做同样的校验。"))
        self.refresh()

    def refresh(self) -> TaskHandle:
        services, actor, entity = self.services, self.actor, self.entity_combo.value()
        if self.load_handle is not None and not self.load_handle.done:
            self.load_handle.abandon()

        def load(progress: ProgressFn, cancel: CancelToken) -> list[AuditEntry]:
            return services.audit.recent(actor, entity=entity, limit=LIMIT)  # type: ignore[no-any-return]

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在读取审计日志…", parent=self)
        return self.load_handle

    def _loaded(self, entries: list[AuditEntry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.model.set_rows([Row((str(e.id), f"{e.at:%Y-%m-%d %H:%M:%S}", e.username, e.action_label,
                                  e.object_label, e.entity_id, e.content()), key=e.id,
                                 sort=(e.id, e.at.isoformat(), e.username, e.action, e.entity, e.entity_id, ""),
                                 tips={4: e.object_label, 6: tip(e)})
                             for e in entries])
        self._show_selected()

    def _show_selected(self) -> None:
        e = self.entries.get(selected_key(self.view))
        if e is None:
            self.detail.setPlainText("")
            return
        which = f"编号 {e.entity_id}" + (f"，{e.object_name}" if e.object_name else "")
        head = (f"第 {e.id} 条　{e.at:%Y-%m-%d %H:%M:%S}　{e.username}　{e.action_label}"
                f"　{entity_label(e.entity)}（{which}）")
        self.detail.setPlainText(head + "\n" + e.content("\n"))

    def export_all(self) -> TaskHandle | None:
        """Every entry of the chosen object type (not only the newest 500), written in the background."""
        services, actor, entity = self.services, self.actor, self.entity_combo.value()
        title = "审计日志" if entity is None else f"审计日志（{entity_label(entity)}）"
        self.export_all_handle = files.save_in_background(
            self, self.runner, title="导出全部审计日志", default_name=files.dated_name(title),
            busy="正在导出审计日志…", reports_progress=True,
            write=lambda path, progress, cancel: services.audit.export(actor, path, entity, progress=progress,
                                                                       cancel=cancel),
            done_text=lambda result: f"已导出 {result.rows} 条审计记录。")
        return self.export_all_handle

    def verify(self) -> TaskHandle:
        services, actor = self.services, self.actor

        def work(progress: ProgressFn, cancel: CancelToken) -> Any:
            progress(0, 0, "正在校验审计日志哈希链…")
            return services.audit.verify(actor)

        def done(report: Any) -> None:
            self.result_label.setText(("✔ " if report.ok else "✘ ") + report.message)
            self.result_label.setStyleSheet(f"color: {'#2e7d32' if report.ok else '#c62828'}; font-weight: bold;")
            self.verify_button.setEnabled(True)

        self.verify_button.setEnabled(False)
        self.result_label.setText("正在校验…")
        self.result_label.show()
        self.verify_handle = self.runner.run(work, on_success=done, title="正在校验审计日志…", parent=self,
                                             on_failure=lambda exc: (self.result_label.setText(str(exc)),
                                                                     self.verify_button.setEnabled(True)))
        return self.verify_handle
