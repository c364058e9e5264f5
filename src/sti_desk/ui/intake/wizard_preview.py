"""The preview step of the import wizard (导入预览): counts, the rows, the problems; nothing is written."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QScrollArea, QTableView, QTabWidget, QVBoxLayout, QWizard, QWizardPage)

from ...services.intake_types import PROBLEM_COLUMNS, ImportPreview, RecordPlan, problem_cells
from .. import messages, theme
from ..tasks import CancelToken, ProgressFn, TaskHandle
from . import files
from .screening_model import FAIL_BG, WARN
from .table_export import TableExport

if TYPE_CHECKING:
    from .wizard import ImportWizard

_Index = QModelIndex | QPersistentModelIndex
STATUS_LABELS = {"new": "新增", "changed": "变更", "unchanged": "不变", "invalid": "有问题"}
STATUS_COLOURS = {"new": theme.DONE, "changed": theme.PRIMARY, "unchanged": theme.MUTED, "invalid": theme.DANGER}


class _Table(QAbstractTableModel):
    headers: tuple[str, ...] = ()
    status_column = -1

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []
        self.bad: list[bool] = []
        self.colours: list[str | None] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[r][c]
        if role == Qt.ItemDataRole.BackgroundRole and self.bad[r]:
            return QColor(FAIL_BG)
        if role == Qt.ItemDataRole.ForegroundRole and self.colours[r] and c == self.status_column:
            return QColor(self.colours[r])
        return None


class RecordTable(_Table):
    headers = ("工作表", "行号", "名称", "标识", "处理方式", "变更内容或问题")
    status_column = 4

    def set_preview(self, preview: ImportPreview) -> None:
        reasons: dict[tuple[str, int], list[str]] = {}
        for p in preview.problems:
            reasons.setdefault((p.sheet, p.row), []).append(f"{p.header or '整行'}：{p.message}" if p.header
                                                             else p.message)
        self.beginResetModel()
        self.rows = [self._row(r, reasons) for r in preview.records]
        self.bad = [r.status == "invalid" for r in preview.records]
        self.colours = [STATUS_COLOURS.get(r.status) for r in preview.records]
        self.endResetModel()

    @staticmethod
    def _row(r: RecordPlan, reasons: dict[tuple[str, int], list[str]]) -> tuple[str, ...]:
        if r.status == "invalid":
            what = "；".join(reasons.get((r.sheet, r.row), [])) or "该行关联的数据有问题，见问题清单"
        elif r.status == "changed":
            what = "变更：" + "、".join(r.changes)
        else:
            what = ""
        return (r.sheet, str(r.row), r.label, r.key, STATUS_LABELS.get(r.status, r.status), what)


class ProblemTable(_Table):
    headers = PROBLEM_COLUMNS

    def set_problems(self, problems: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = [problem_cells(p) for p in problems]
        self.bad = [True] * len(self.rows)
        self.colours = [None] * len(self.rows)
        self.endResetModel()


def _table(model: QAbstractTableModel, widths: Sequence[int], stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    em = view.fontMetrics().horizontalAdvance("中")
    hh = view.horizontalHeader()
    for col, ems in enumerate(widths):
        hh.resizeSection(col, int(ems * em) + 14)
    hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class CountTile(QFrame):
    def __init__(self, caption: str, colour: str):
        super().__init__()
        self.setObjectName("statTile")
        self.value = QLabel("—")
        self.value.setStyleSheet(f"font-size: 16pt; font-weight: bold; color: {colour};")
        label = QLabel(caption)
        label.setStyleSheet("color: #555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(self.value)


class NotesBox(QScrollArea):
    """What the preview found besides problems (new units, earlier imports, one note per unlinked row …).

    A file of many rows can bring as many notes; shown whole they pushed the 数据行 table off the page, so
    the box is as tall as its text up to :attr:`MAX_LINES` lines and scrolls beyond that."""

    MAX_LINES = 5

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setProperty("dataText", True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hide()

    @property
    def max_height(self) -> int:
        return self.label.fontMetrics().lineSpacing() * self.MAX_LINES + 4

    def text(self) -> str:
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))
        self._fit()

    def overflows(self) -> bool:
        return self._needed() > self.max_height

    def _needed(self) -> int:
        width = max(self.viewport().width(), 200)
        return self.label.heightForWidth(width) + 4

    def _fit(self) -> None:
        self.setFixedHeight(min(self._needed(), self.max_height))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API: the text wraps anew
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()


class PreviewPage(QWizardPage):
    """Runs ``services.intake.preview`` in the background each time the page is entered."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.preview: ImportPreview | None = None
        self.handle: TaskHandle | None = None
        self.setTitle("第 2 步：预览检查结果")
        self.setSubTitle("逐行核对文件并与数据库比对，此时不写入任何数据。")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "开始导入")

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(10)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.tiles = {s: CountTile(STATUS_LABELS[s], STATUS_COLOURS[s]) for s in ("new", "changed", "unchanged", "invalid")}
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        self.notes = NotesBox()
        self.records = RecordTable(self)
        self.problems = ProblemTable(self)
        self.records_view = _table(self.records, (7, 3.5, 16, 14, 4.5, 20), 5)
        self.records_export = TableExport(self, self.records_view, "导入预览", "行", wizard.services, wizard.actor,
                                          kinds={"行号": "int"}, runner=wizard.runner)   # the table's right-click menu
        self.problems_view = _table(self.problems, (7, 3, 12, 30), 3)
        self.problems_view.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.problems_view, "问题清单")
        self.tabs.addTab(self.records_view, "数据行")
        self.blocked_label = QLabel("")
        self.blocked_label.setWordWrap(True)
        self.blocked_label.setStyleSheet(f"color: {theme.DANGER};")
        self.export_button = QPushButton("导出问题清单…")
        self.export_button.setToolTip("保存一份文件副本，有问题的单元格标红并附批注，便于修改后重新导入")
        self.export_button.clicked.connect(self.export_problems)
        self.recheck_button = QPushButton("重新检查")
        self.recheck_button.setToolTip("修改并保存 Excel 文件后，重新读取并检查")
        self.recheck_button.clicked.connect(self.start)
        bottom = QHBoxLayout()
        bottom.addWidget(self.blocked_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.busy)
        layout.addLayout(tiles)
        layout.addWidget(self.notes)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    # -- running ------------------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.start()

    def cleanupPage(self) -> None:  # noqa: N802 - going back
        self.stop()

    def stop(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.abandon()  # (a newer load replaces this one)

    def start(self) -> TaskHandle:
        self.stop()
        self.preview = None
        o = self.wiz.options()
        self.status_label.setText(f"正在读取并检查“{o.path.name}”…")
        self.status_label.setStyleSheet("")
        self.busy.setRange(0, 0)
        self.busy.show()
        for tile in self.tiles.values():
            tile.value.setText("—")
        self.records.set_preview(ImportPreview(o.kind, o.path.name, "", None, [], []))
        self.problems.set_problems([])
        self.notes.set_text("")
        self.blocked_label.setText("")
        self.export_button.setEnabled(False)
        self.recheck_button.setEnabled(False)
        services, actor = self.wiz.services, self.wiz.actor

        def work(progress: ProgressFn, cancel: CancelToken) -> ImportPreview:
            return services.intake.preview(actor, o.kind, o.path, o.call_code, create_units=o.create_units,
                                           progress=progress)

        self.handle = self.wiz.runner.run(work, on_success=self._done, on_failure=self._failed, parent=self,
                                          title="正在检查文件…", progress_delay_ms=-1)
        self.handle.progressed.connect(self._progress)
        self.completeChanged.emit()
        return self.handle

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.busy.setRange(0, total)
            self.busy.setValue(done)
        if text:
            self.status_label.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.busy.hide()
        self.recheck_button.setEnabled(True)
        self.status_label.setText(f"检查未完成：{messages.describe(exc)}")
        self.status_label.setStyleSheet(f"color: {theme.DANGER};")
        self.completeChanged.emit()

    def _done(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.busy.hide()
        self.recheck_button.setEnabled(True)
        self.export_button.setEnabled(bool(preview.problems))
        for status, tile in self.tiles.items():
            tile.value.setText(str(preview.count(status)))
        self.records.set_preview(preview)
        self.problems.set_problems(preview.problems)
        self.problems_view.resizeRowsToContents()
        self.tabs.setTabText(0, f"问题清单（{len(preview.problems)}）")
        self.tabs.setTabText(1, f"数据行（{len(preview.records)}）")
        self.tabs.setCurrentIndex(0 if preview.problems else 1)
        self.notes.set_text(self._info(preview))
        ok = not preview.problems
        self.status_label.setText(f"{preview.kind_label}文件“{preview.file_name}”共 {len(preview.records)} 行数据，"
                                  + ("未发现问题。" if ok else f"发现 {len(preview.problems)} 处问题。"))
        self.status_label.setStyleSheet(f"color: {theme.DONE if ok else theme.DANGER}; font-weight: bold;")
        reason = self.blocked_reason()
        if reason:
            text, colour = reason, theme.DANGER
        elif preview.problems:
            text, colour = (f"部分导入：将跳过有问题的 {preview.invalid} 行，只导入其余 "
                            f"{preview.new + preview.changed + preview.unchanged} 行。", WARN)
        else:
            text, colour = "检查通过，点击“开始导入”写入数据库。", theme.DONE
        self.blocked_label.setText(text)
        self.blocked_label.setStyleSheet(f"color: {colour};")
        self.completeChanged.emit()

    def _info(self, p: ImportPreview) -> str:
        parts = []
        if p.new_units:
            names = "、".join(n for n, _ in p.new_units[:5]) + ("等" if len(p.new_units) > 5 else "")
            parts.append(f"将新登记单位 {len(p.new_units)} 家（{names}）")
        if p.new_persons:
            parts.append(f"将新登记人员 {p.new_persons} 人")
        if p.previous_imports:
            parts.append(f"注意：同一文件已于 {'、'.join(p.previous_imports)} 导入过，再次导入不会重复新增")
        parts.extend(p.notes)
        return "；\n".join(parts)

    def blocked_reason(self) -> str | None:
        """Why 开始导入 is disabled (None when the import may start)."""
        p = self.preview
        if p is None:
            return "正在检查…" if self.handle is not None and not self.handle.done else "检查未完成，不能导入。"
        if not p.records:
            return "文件中没有可导入的数据行，请按问题清单修改文件后点击“重新检查”。"
        if p.problems and not self.wiz.options().partial:
            return (f"发现 {len(p.problems)} 处问题（涉及 {p.invalid} 行），不能导入。整批导入时只要有问题就全部不写入，"
                    "以免只导入一部分：请按问题清单修改文件后点击“重新检查”，或点击“上一步”勾选“部分导入”，"
                    "只导入没有问题的行。")
        if p.problems and not (p.new or p.changed or p.unchanged):
            return "所有数据行都有问题，没有可导入的行。"
        return None

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.preview is not None and self.blocked_reason() is None

    # -- 导出问题清单 --------------------------------------------------------------------------------
    def export_problems(self) -> TaskHandle | None:
        p = self.preview
        if p is None or not p.problems:
            return None
        o = self.wiz.options()
        services, actor, problems = self.wiz.services, self.wiz.actor, list(p.problems)

        def write(path: Any) -> Any:
            summary = services.intake.import_file(actor, o.kind, o.path, o.call_code, dry_run=True, errors_out=path,
                                                  create_units=o.create_units)
            return summary.errors_annotated  # False: the file could not be read, so a plain list was written

        return files.save_in_background(
            self, self.wiz.runner, title="导出问题清单", default_name=f"{o.path.stem}_问题标注.xlsx",
            busy="正在导出问题清单…", write=write,
            done_text=lambda annotated: (f"已导出 {len(problems)} 处问题。" + (
                "文件副本中有问题的单元格已标红并附批注，最前面的“问题清单”工作表列出全部问题；"
                "在副本中改正后可直接重新导入。" if annotated else "")))
