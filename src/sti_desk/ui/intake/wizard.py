"""导入 Excel: a wizard — choose kind and file → preview (nothing written) → import with progress and
取消 → summary. Everything runs on the task runner; the database changes only in the import step, in
one transaction (a cancelled import leaves it unchanged)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QProgressBar, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage)

from ...domain.entities import Call
from ...services.actor import Actor
from ...services.intake_types import KIND_LABELS, ImportSummary
from .. import messages, theme
from ..forms.combos import ChoiceCombo
from ..forms.fields import ErrorLabel
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import files
from .wizard_preview import PreviewPage

KIND_HINTS = {
    "units": "单位库：单位名称、统一社会信用代码、类型、是否规上工业企业、研发机构等。按统一社会信用代码识别同一单位。",
    "experts": "专家库：姓名、身份证号、工作单位、专业领域等。按身份证号识别同一位专家。",
    "applications": "项目申报书：每行一个项目，可附“预算明细”工作表。按批次、单位和项目名称识别同一项目。",
    "expenditures": "支出台账：项目编号、凭证号、日期、预算科目、金额。按凭证号识别同一笔支出。",
}


#: the 自动登记单位 box per kind: (text, ticked at first, what happens either way)
UNIT_BOX = {
    "applications": ("文件中尚未登记的单位自动登记到单位库", True,
                     "申报单位按统一社会信用代码识别；不勾选时，单位库中没有的单位作为问题列出，须先导入单位表。"),
    "experts": ("工作单位填写了统一社会信用代码、但不在单位库的，登记到单位库", False,
                "不勾选（默认）：不在单位库的工作单位不登记到单位库（单位库收的是申报和承担项目的单位），"
                "按填写的名称保存为专家的工作单位文字，抽取专家时按单位名称回避。单位库中已有的单位照常关联。"),
}


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    path: Path
    call_id: int | None
    call_code: str | None
    partial: bool
    create_units: bool


class ChoosePage(QWizardPage):
    def __init__(self, wizard: ImportWizard, calls: list[Call], call_id: int | None):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第 1 步：选择导入内容和文件")
        self.setSubTitle("请使用“下载导入模板”生成的模板填写；其他格式的表格只要表头相近也可以识别。")
        self.kind_combo = ChoiceCombo()
        self.kind_combo.set_choices([(label, kind) for kind, label in KIND_LABELS.items()], "applications")
        self.kind_hint = QLabel("")
        self.kind_hint.setWordWrap(True)
        self.kind_hint.setProperty("role", "hint")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("选择要导入的 Excel 文件（.xlsx / .xls），也可以把文件拖到这里")
        self.path_edit.setAcceptDrops(False)  # a dropped file goes to the page, which takes its path
        self.setAcceptDrops(True)
        self.browse_button = QPushButton("浏览…")
        self.browse_button.clicked.connect(self.browse)
        self.path_error = ErrorLabel()
        self.call_combo = ChoiceCombo(empty_label="以文件中“申报批次”列为准")
        self.call_combo.set_choices([(c.name, c.id) for c in calls], call_id)
        self.call_combo.setToolTip("文件中没有“申报批次”列或该列为空时，项目计入这里选择的批次")
        self.partial_check = QCheckBox("部分导入：跳过有问题的行，只导入没有问题的行")
        self.partial_check.setToolTip("不勾选时为整批导入：文件中有任何问题都不写入，修改后整批重新导入")
        self.units_check = QCheckBox(UNIT_BOX["applications"][0])
        self.units_check.setChecked(True)
        self.units_hint = QLabel("")
        self.units_hint.setWordWrap(True)
        self.units_hint.setProperty("role", "hint")
        note = QLabel("导入前会先预览检查结果，确认后才写入数据库。整批导入时，只要有一处问题就全部不写入；"
                      "同一文件重复导入不会重复新增。")
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("导入内容：", self.kind_combo)
        form.addRow("", self.kind_hint)
        form.addRow("Excel 文件：", path_row)
        form.addRow("", self.path_error)
        form.addRow("申报批次：", self.call_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.partial_check)
        layout.addWidget(self.units_check)
        layout.addWidget(self.units_hint)
        layout.addStretch(1)
        layout.addWidget(note)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.path_edit.textChanged.connect(lambda _t: (self.path_error.set_error(None), self.completeChanged.emit()))
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        kind = str(self.kind_combo.value())
        self.kind_hint.setText(KIND_HINTS[kind])
        self.call_combo.setEnabled(kind == "applications")
        box = UNIT_BOX.get(kind)
        self.units_check.setVisible(box is not None)       # units and expenditures register no units
        self.units_hint.setVisible(box is not None)
        if box is not None:
            text, ticked, hint = box
            self.units_check.setText(text)
            self.units_check.setChecked(ticked)
            self.units_hint.setText(hint)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - a file dragged from the file manager
        local = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if local:
            self.path_edit.setText(local[0])
            event.acceptProposedAction()

    def browse(self) -> None:
        path = files.ask_open_path(self, f"选择{KIND_LABELS[str(self.kind_combo.value())]}文件")
        if path is not None:
            self.path_edit.setText(str(path))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        path = Path(self.path_edit.text().strip().strip('"'))
        if not path.is_file():
            self.path_error.set_error(f"找不到文件：{path}")
            return False
        return True


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.handle: TaskHandle | None = None
        self.summary: ImportSummary | None = None
        self.options_used: ImportOptions | None = None  # what the import ran with (the summary page's export)
        self.setTitle("第 3 步：导入")
        self.setSubTitle("正在写入数据库。取消时已写入的部分全部撤销，数据库保持导入前的状态。")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton("取消导入")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.bar)
        layout.addLayout(row)
        layout.addStretch(2)

    @property
    def running(self) -> bool:
        return self.handle is not None and not self.handle.done

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.start()

    def start(self) -> TaskHandle:
        o = self.options_used = self.wiz.options()
        self.summary = None
        self.status_label.setText(f"正在导入“{o.path.name}”…")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        services, actor = self.wiz.services, self.wiz.actor
        box: dict[str, ImportSummary] = {}

        def work(progress: ProgressFn, cancel: CancelToken) -> ImportSummary:
            summary = services.intake.import_file(actor, o.kind, o.path, o.call_code, partial=o.partial,
                                                  create_units=o.create_units, progress=progress, cancel=cancel)
            box["summary"] = summary
            return summary

        self.handle = self.wiz.runner.run(work, on_success=self._done, on_failure=self._failed,
                                          on_cancel=lambda: self._cancelled(box.get("summary")), parent=self,
                                          title="正在导入…", progress_delay_ms=-1)
        self.handle.progressed.connect(self._progress)
        self.completeChanged.emit()
        return self.handle

    def cancel(self) -> None:
        if self.running:
            assert self.handle is not None
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("正在取消，撤销已写入的数据…")

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text and not (self.handle and self.handle.token.is_set()):
            self.status_label.setText(text)

    def _cancelled(self, summary: ImportSummary | None) -> None:
        if summary is not None and summary.written:  # the cancel came after the commit: report the truth
            self._done(summary)
            return
        o = self.wiz.options()
        self._done(ImportSummary(o.kind, o.path.name, "", written=False, cancelled=True, partial=o.partial))

    def _failed(self, exc: BaseException) -> None:
        self.summary = None
        self.wiz.failure = messages.describe(exc)
        self.completeChanged.emit()
        self.wiz.next()

    def _done(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.wiz.failure = None
        self.completeChanged.emit()
        if summary.written:
            o = self.wiz.options()
            self.wiz.imported.emit(o.kind, o.call_id)
        self.wiz.next()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return not self.running and (self.summary is not None or self.wiz.failure is not None)


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("第 4 步：导入结果")
        self.headline = QLabel("")
        self.headline.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setProperty("dataText", True)
        self.export_hint = QLabel("")
        self.export_hint.setWordWrap(True)
        self.export_hint.setProperty("role", "hint")
        self.export_button = QPushButton("导出未导入的行…")
        self.export_button.clicked.connect(self.export_rows)
        self.export_handle: TaskHandle | None = None
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_hint, 1)
        export_row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details, 1)
        layout.addLayout(export_row)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        summary = self.wiz.import_page.summary
        self._show_export(summary)
        if summary is None:
            self.headline.setText(f"导入失败，数据库未作任何修改。\n{self.wiz.failure or ''}")
            self.headline.setStyleSheet(f"color: {theme.DANGER}; font-size: 12pt; font-weight: bold;")
            self.details.setPlainText("")
            return
        ok = summary.written
        self.headline.setText(summary.message())
        colour = theme.DONE if ok else (theme.MUTED if summary.cancelled else theme.DANGER)
        self.headline.setStyleSheet(f"color: {colour}; font-size: 12pt; font-weight: bold;")
        self.details.setPlainText(summary_text(summary))

    def _show_export(self, summary: ImportSummary | None) -> None:
        """导出未导入的行… after an import that left rows out (the file of ``--partial --errors``)."""
        shown = summary is not None and bool(summary.problems) and not summary.cancelled
        self.export_button.setVisible(shown)
        self.export_hint.setVisible(shown)
        if summary is None or not shown:
            return
        if summary.written:
            self.export_button.setText("导出未导入的行…")
            self.export_hint.setText("导出文件副本：未导入的行中有问题的单元格标红并附批注，最前面的“问题清单”工作表"
                                     "列出全部问题。在副本中改正后重新导入即可；已导入的行再次导入时为“无变化”，不会重复新增。")
        else:
            self.export_button.setText("导出问题清单…")
            self.export_hint.setText("导出文件副本：有问题的单元格标红并附批注，最前面的“问题清单”工作表列出全部问题。"
                                     "在副本中改正后重新导入即可。")

    def export_rows(self) -> TaskHandle | None:
        summary, o = self.wiz.import_page.summary, self.wiz.import_page.options_used
        if summary is None or o is None or not summary.problems:
            return None
        services, actor = self.wiz.services, self.wiz.actor
        rows = len(summary.skipped)
        stem = f"{o.path.stem}_未导入的行" if summary.written else f"{o.path.stem}_问题标注"

        def done_text(result: ImportSummary) -> str:
            head = (f"已导出未导入的 {rows} 行（{len(result.problems)} 处问题）。" if result.written and rows
                    else f"已导出 {len(result.problems)} 处问题。")
            if not result.errors_annotated:
                return head + "文件无法作为工作簿读取，无法标注单元格，导出的是问题清单。"
            return head + "文件副本中有问题的单元格已标红并附批注，最前面的“问题清单”工作表列出全部问题；在副本中改正后可直接重新导入。"

        self.export_handle = files.save_in_background(
            self, self.wiz.runner, title=self.export_button.text().rstrip("…"), default_name=f"{stem}.xlsx",
            busy="正在导出未导入的行…" if summary.written else "正在导出问题清单…",
            write=lambda path: services.intake.write_problems(actor, o.path, summary, path), done_text=done_text)
        return self.export_handle


def summary_text(s: ImportSummary) -> str:
    lines = [f"文件：{s.file_name}", f"导入内容：{s.kind_label}"]
    if s.written:
        lines.append(f"新增 {s.created}，更新 {s.updated}，无变化 {s.unchanged}；用时 {s.seconds:.1f} 秒")
    for name, code in s.new_units:
        lines.append(f"新登记单位：{name}（{code}）")
    if s.new_persons:
        lines.append(f"新登记人员：{s.new_persons} 人")
    if s.skipped:
        head = "跳过有问题的" if s.partial else "有问题的"  # all-or-nothing: nothing imported, nothing "skipped"
        lines.append(f"\n{head} {len(s.skipped)} 行：")
        lines.extend(f"  工作表“{r.sheet}”第 {r.row} 行 {r.label}：{'；'.join(r.reasons)}" for r in s.skipped)
    lines.extend(s.notes)
    return "\n".join(lines)


class ImportWizard(QWizard):
    """``imported(kind, call_id)`` is emitted after a committed import."""

    imported = Signal(str, object)

    def __init__(self, services: Any, actor: Actor, calls: list[Call], *, call_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.calls = {c.id: c for c in calls}
        self.runner = TaskRunner(self)
        self.failure: str | None = None
        self.setWindowTitle("导入 Excel")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "上一步"), (QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.CommitButton, "开始导入"),
                             (QWizard.WizardButton.FinishButton, "完成"), (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.choose_page = ChoosePage(self, calls, call_id)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page in (self.choose_page, self.preview_page, self.import_page, self.summary_page):
            self.addPage(page)
        self.resize(1000, 660)

    def options(self) -> ImportOptions:
        c = self.choose_page
        kind = str(c.kind_combo.value())
        call_id = c.call_combo.value() if kind == "applications" else None
        call = self.calls.get(call_id) if isinstance(call_id, int) else None
        return ImportOptions(kind, Path(c.path_edit.text().strip().strip('"')), call.id if call else None,
                             call.code if call else None, c.partial_check.isChecked(),
                             c.units_check.isChecked() or kind not in ("experts", "applications"))

    def reject(self) -> None:
        """取消 during the import cancels the import (the summary then says nothing was written)."""
        if self.import_page.running:
            self.import_page.cancel()
            return
        self.preview_page.stop()
        super().reject()
