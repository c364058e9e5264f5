"""申报受理/形式审查: templates, Excel import, the automatic checks of a call and the clerk's decisions."""
from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSplitter, QVBoxLayout, QWidget

from ...domain.entities import Call
from ...domain.errors import ConcurrencyError
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.dto import ProjectListRow
from ...services.intake_types import KIND_LABELS, ScreeningOutcome, screening_counts
from .. import messages
from ..forms.combos import ChoiceCombo
from ..pages.detail_windows import DetailWindows
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from . import files, screening_widgets
from .decision import DecisionDialog
from .screening_detail import ScreeningDetail
from .screening_model import SCREENABLE, STATUS_FILTERS, ScreeningItem, ScreeningTableModel, merge

TEMPLATE_NAMES = {kind: f"{label}导入模板.xlsx" for kind, label in KIND_LABELS.items()}


def call_label(call: Call, waiting: int) -> str:
    """A call in the combo: its name, and how many of its projects still wait for 形式审查."""
    return f"{call.name}（待审查 {waiting} 项）" if waiting else call.name


def default_call(calls: list[Call], projects: list[ProjectListRow]) -> int | None:
    """The newest call with projects waiting for screening, else the newest call."""
    waiting = {p.call_id for p in projects if p.state in SCREENABLE}
    for c in calls:
        if c.id in waiting:
            return c.id
    return calls[0].id if calls else None


class ScreeningPage(QWidget):
    navigate_requested = Signal(str, dict)
    data_changed = Signal(str)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.screen_handle: TaskHandle | None = None
        self.decide_handle: TaskHandle | None = None
        self.calls: dict[int, Call] = {}
        self._select_after_load: int | None = None
        self.can_import = has_permission(actor.role, Permission.IMPORT_DATA)
        self.can_export = has_permission(actor.role, Permission.EXPORT_DATA)
        self.can_screen = has_permission(actor.role, Permission.SCREEN)
        self.wizard: QWidget | None = None
        self.decision_dialog: DecisionDialog | None = None

        title = QLabel("申报受理/形式审查")
        title.setObjectName("pageTitle")
        self.call_combo = ChoiceCombo()
        self.call_combo.setToolTip("选择申报批次")
        self.call_combo.setMinimumContentsLength(30)
        self.call_combo.currentIndexChanged.connect(lambda _=0: self.refresh())
        self.status_combo = ChoiceCombo()
        self.status_combo.setToolTip("按自动检查结果或审查决定筛选")
        self.status_combo.setMinimumContentsLength(11)
        self.status_combo.set_choices(list(STATUS_FILTERS))
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索项目编号、名称、单位、负责人…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_changed)
        self.count_label = QLabel("正在加载…")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.model = ScreeningTableModel(self)
        self.view = screening_widgets.build_table(self.model)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        # the detail opens over this page (not by switching to 项目库), so the clerk keeps their place here
        self.details = DetailWindows(self, services, actor, self._project_changed)
        self.view.activated.connect(lambda index: self.open_project(self.model.item_at(index.row()).project_id))
        self.model.modelReset.connect(self._reselect)
        self.toolbar = screening_widgets.build_toolbar(self)
        self._apply_permissions()

        self.detail = ScreeningDetail(self.can_screen)
        self.detail.decide_requested.connect(self.decide)
        self.detail.open_project_requested.connect(self.open_project)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([250, 380])

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("申报批次："))
        filters.addWidget(self.call_combo, 5)
        filters.addWidget(QLabel("状态："))
        filters.addWidget(self.status_combo, 2)
        filters.addWidget(self.search_edit, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.refresh()

    def _apply_permissions(self) -> None:
        who = f"当前角色“{self.actor.role.label}”"
        self.template_button.setEnabled(self.can_import)
        self.import_action.setEnabled(self.can_import)
        self.screen_action.setEnabled(self.can_screen)
        self.export_action.setEnabled(self.can_export)
        if not self.can_import:
            self.import_action.setToolTip(f"{who}无权导入数据")
            self.template_button.setToolTip(f"{who}无权导入数据")
        if not self.can_export:
            self.export_action.setToolTip(f"{who}无权导出数据")

    # -- loading ----------------------------------------------------------------------------------
    def current_call(self) -> Call | None:
        value = self.call_combo.value()
        return self.calls.get(value) if isinstance(value, int) else None

    def refresh(self, select_id: int | None = None, call_id: int | None = None) -> TaskHandle:
        if self.load_handle is not None and not self.load_handle.done:
            self.load_handle.abandon()  # (a newer load replaces this one)
        current = self.current_item()
        self._select_after_load = select_id if select_id is not None else (current.project_id if current else None)
        wanted = call_id if call_id is not None else self.call_combo.value()
        services, actor = self.services, self.actor
        self.count_label.setText("正在加载…")

        def load(progress: ProgressFn, cancel: CancelToken) -> tuple[list[Call], list[ProjectListRow], int | None,
                                                                      list[ScreeningOutcome]]:
            progress(0, 0, "正在读取形式审查结果…")
            calls = services.calls.list_calls(actor)
            projects = services.projects.list_projects(actor)
            chosen = wanted if any(c.id == wanted for c in calls) else default_call(calls, projects)
            cancel.raise_if_cancelled()
            code = next((c.code for c in calls if c.id == chosen), None)
            outcomes = services.intake.screening_results(actor, code) if code else []
            return calls, projects, chosen, outcomes

        self.load_handle = self.runner.run(load, on_success=self._loaded, on_failure=self._load_failed,
                                           title="正在加载形式审查结果…", parent=self)
        return self.load_handle

    def _loaded(self, result: tuple[list[Call], list[ProjectListRow], int | None, list[ScreeningOutcome]]) -> None:
        calls, projects, chosen, outcomes = result
        self.calls = {c.id: c for c in calls if c.id is not None}
        waiting = Counter(p.call_id for p in projects if p.state in SCREENABLE)
        choices = [(call_label(c, waiting[c.id]), c.id) for c in calls]
        self.call_combo.blockSignals(True)
        self.call_combo.set_choices(choices, chosen)
        self.call_combo.blockSignals(False)
        self.model.set_items(merge([p for p in projects if p.call_id == chosen], outcomes))
        self._update_count()
        self._update_actions()
        if self._select_after_load is None or not self.select_project(self._select_after_load):
            self.detail.show_item(self.current_item())

    def open_with(self, args: dict[str, Any]) -> None:
        """Navigation from other pages (e.g. the 工作台 to-do list): ``call_id`` selects that call."""
        if args.get("call_id") is not None:
            self.refresh(call_id=int(args["call_id"]))  # type: ignore[call-overload]

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("加载失败")
        messages.show_exception(self, exc, "形式审查结果加载失败")

    def _update_actions(self) -> None:
        has_call = self.current_call() is not None
        self.screen_action.setEnabled(self.can_screen and has_call)
        self.export_action.setEnabled(self.can_export and has_call)
        self.list_export.set_available(has_call, "请先选择申报批次")

    def _update_call_label(self) -> None:
        """After a decision the call's 待审查 count drops (the rest of the list is not reloaded)."""
        call, index = self.current_call(), self.call_combo.currentIndex()
        if call is not None and index >= 0:
            self.call_combo.setItemText(index, call_label(call, sum(1 for i in self.model.items if i.state in SCREENABLE)))

    def _update_count(self) -> None:
        items = self.model.items
        if not self.calls:
            self.count_label.setText("尚无申报批次")
            return
        todo = sum(1 for i in items if i.todo)
        shown = self.model.visible_count
        text = f"共 {len(items)} 个项目，待处理 {todo} 个"
        self.count_label.setText(text if shown == len(items) else f"{text}（筛选后 {shown} 个）")

    def _status_changed(self, *_: object) -> None:
        self._keep_selection(lambda: self.model.set_status(self.status_combo.value()))  # type: ignore[arg-type]
        self._update_count()

    def _search_changed(self, text: str) -> None:
        self._keep_selection(lambda: self.model.set_search(text))
        self._update_count()

    def show_banner(self, text: str, colour: str = "#1565c0") -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"color: {colour}; padding: 2px 0;")
        self.banner.setVisible(bool(text))

    # -- selection ----------------------------------------------------------------------------------
    def current_item(self) -> ScreeningItem | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item_at(index.row())

    def select_project(self, project_id: int) -> bool:
        row = self.model.row_of(project_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.scrollTo(self.model.index(row, 0))
        self.detail.show_item(self.current_item())
        return True

    def _keep_selection(self, change: Any) -> None:
        """Filter without losing the selected project (when it stays visible)."""
        change()
        self._update_count()
        self.detail.show_item(self.current_item())

    def _reselect(self) -> None:
        """After the model was reset (filter, sort, reload) select the project shown in the detail again."""
        if self.detail.item is not None:
            self.select_project(self.detail.item.project_id)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.detail.show_item(self.current_item())

    # -- 形式审查 -------------------------------------------------------------------------------------
    def run_screening(self) -> TaskHandle | None:
        call = self.current_call()
        if call is None:
            messages.info(self, "请先选择申报批次。")
            return None
        waiting = sum(1 for i in self.model.items if i.state in SCREENABLE)
        if not waiting:
            messages.info(self, f"批次“{call.name}”中没有处于申报或形式审查阶段的项目，无需运行自动检查。")
            return None
        if not messages.confirm(self, f"对批次“{call.name}”中处于申报、形式审查阶段的 {waiting} 个项目运行自动检查？\n"
                                      "尚未作出审查决定的项目将按最新数据重新检查；已作出的决定不受影响。",
                                yes="运行形式审查"):
            return None
        services, actor, code = self.services, self.actor, call.code

        def work(progress: ProgressFn, cancel: CancelToken) -> list[ScreeningOutcome]:
            progress(0, 0, f"正在对 {waiting} 个项目运行自动检查…")
            return services.intake.screen(actor, code)

        self.screen_handle = self.runner.run(work, on_success=self._screened, title="正在运行形式审查…", parent=self,
                                             cancellable=False)
        return self.screen_handle

    def _screened(self, outcomes: list[ScreeningOutcome]) -> None:
        counts = screening_counts(outcomes)
        self.show_banner(f"已对 {counts.total} 个项目完成自动检查：{counts.text()}。请逐个核对后作出审查决定。")
        self.refresh()

    def decide(self, decision: str) -> DecisionDialog | None:
        """Open the decision dialog for the selected project (non-modal, so tests can fill it in)."""
        item = self.current_item()
        if item is None or not item.can_decide:
            return None
        dialog = DecisionDialog(item, decision, self)
        dialog.accepted.connect(lambda: self._submit(item, decision, dialog.note()))
        self.decision_dialog = dialog
        dialog.open()
        return dialog

    def _submit(self, item: ScreeningItem, decision: str, note: str) -> TaskHandle:
        services, actor, version = self.services, self.actor, item.version

        def work(progress: ProgressFn, cancel: CancelToken) -> ScreeningOutcome:
            return services.intake.decide(actor, item.project_id, decision, note, expected_version=version)

        self.decide_handle = self.runner.run(
            work, on_success=self._decided, on_failure=lambda exc: self._decide_failed(item, exc),
            title="正在保存审查决定…", parent=self, cancellable=False)
        return self.decide_handle

    def _decided(self, outcome: ScreeningOutcome) -> None:
        self.model.replace(outcome)
        self._update_count()
        self._update_call_label()
        label = "通过" if outcome.decision == "pass" else "不通过"
        self.show_banner(f"项目 {outcome.project_code}《{outcome.title}》形式审查{label}，"
                         f"已转入“{outcome.state.label}”阶段。")
        if not self.select_project(outcome.project_id):
            self.detail.show_item(self.current_item())
        self.data_changed.emit("projects")

    def _decide_failed(self, item: ScreeningItem, exc: BaseException) -> None:
        if isinstance(exc, ConcurrencyError):
            messages.error(self, f"{exc}\n\n已重新加载最新的审查结果，请核对后再作决定。", "数据已被修改")
            self.refresh(select_id=item.project_id)
            return
        messages.show_exception(self, exc, "审查决定未保存")

    def open_project(self, project_id: int) -> QWidget | None:
        """项目详情 of a project of the list, as a window over this page."""
        return self.details.open(project_id)

    def _project_changed(self, project_id: int) -> None:
        """An edit or a stage change in the detail window: the checks and the decision may differ now."""
        self.refresh(select_id=project_id)
        self.data_changed.emit("projects")

    # -- templates, import, export ----------------------------------------------------------------
    def download_template(self, kind: str) -> TaskHandle | None:
        services, actor = self.services, self.actor
        return files.save_in_background(
            self, self.runner, title=f"保存{KIND_LABELS[kind]}导入模板", default_name=TEMPLATE_NAMES[kind],
            busy="正在生成导入模板…", write=lambda path: services.intake.template(actor, kind, path),
            done_text=lambda _path: f"已生成{KIND_LABELS[kind]}导入模板。填写后点击“导入 Excel”导入。",
            done_title="模板已生成", failed_title="模板未生成")

    def list_title(self) -> str:
        call = self.current_call()
        return f"形式审查列表_{call.name}" if call else "形式审查列表"

    def export_list(self) -> TaskHandle | None:
        """导出 the rows shown: the status filter and the search applied, the columns on screen."""
        return self.list_export.run()

    def export_results(self) -> TaskHandle | None:
        """导出 every project of the call with its checks' reasons and the decision notes (the full report)."""
        call = self.current_call()
        if call is None:
            return None
        services, actor = self.services, self.actor
        return files.save_in_background(
            self, self.runner, title="导出形式审查结果", default_name=files.dated_name(f"形式审查结果_{call.name}"),
            busy="正在导出形式审查结果…", write=lambda path: services.intake.export_screening(actor, call.code, path),
            done_text=lambda result: f"已导出 {result.rows} 个项目的形式审查结果。")

    def open_import(self) -> QWidget:
        from .wizard import ImportWizard

        wizard = ImportWizard(self.services, self.actor, list(self.calls.values()),
                              call_id=self.call_combo.value(), parent=self)  # type: ignore[arg-type]
        wizard.imported.connect(self._imported)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _imported(self, kind: str, call_id: object) -> None:
        self.data_changed.emit("units" if kind == "units" else "experts" if kind == "experts" else "projects")
        self.refresh(call_id=call_id if isinstance(call_id, int) else None)

    # -- page protocol ------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if kind in ("projects", "units", "calls"):
            self.refresh()

    def shutdown(self) -> None:
        self.runner.cancel_all()
        self.details.close_all()
        if self.wizard is not None:
            self.wizard.close()
