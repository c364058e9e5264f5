"""抽取与评分进度: the groups with their drawn experts and reserves, scoring progress per group and per
expert (who is late), and the clerk's actions — draw, draw record, replace, offline sheets, reopen, the
scoring deadline, close.

No marks are shown here: progress is counts only (评审保密)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (QLabel, QSplitter, QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...services.review_dto import SheetImportResult, SheetRejected
from .. import messages
from ..intake.table_export import TableExport
from ..tasks import TaskRunner
from . import common, deadline_dialog, draw_dialogs
from .common import (LATE_BACKGROUND, LATE_COLOR, OK_COLOR, attempt, section_label, selected_key,
                     table_view)
from .draw_record import DrawRecordDialog
from .models import Row, RowsModel
from .state import CallState

if TYPE_CHECKING:
    from .review_page import ReviewPage

_GROUP_ROLE = Qt.ItemDataRole.UserRole + 5


class ProgressPanel(QWidget):
    def __init__(self, page: ReviewPage):
        super().__init__(page)
        self.page = page
        self.services, self.actor = page.services, page.actor
        self.runner = TaskRunner(self)
        self.state: CallState | None = None
        self.group_filter: str | None = None
        self.last_handle = None

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.draw_action = self._action("抽取专家…", "按领域分组并随机抽取评审专家和备选专家（后台运行）", self.draw)
        self.open_action = self._action("开始评分", "抽取完成后开放评分，专家即可看到分配给自己的项目", self.open_scoring)
        self.record_action = self._action("抽取记录…", "查看抽取记录：随机种子、排除的专家及理由、签号、替补", self.show_record)
        self.replace_action = self._action("更换专家…", "所选任务的专家退出本组，由备选专家接替（须填写原因）",
                                           self.replace)
        self.reopen_action = self._action("重新开放…", "退回所选已提交的评分，专家可再次修改（须填写理由）", self.reopen)
        self.sheets_action = self._action("生成离线评分表…", "为尚有未提交任务的每位专家生成一个 Excel 评分表", self.sheets)
        self.import_action = self._action("导入评分表…", "导入专家填写的 Excel 评分表（有错误时整表不导入）",
                                          self.import_sheet)
        self.deadline_action = self._action("截止日期…", "设置、延后或取消本轮评分截止日期（修改须写原因）",
                                            self.set_deadline)
        self.close_action = self._action("结束评审", "全部评分提交（或登记回避、替补）后结束本轮评审", self.close_round)
        organiser = (self.draw_action, self.open_action, self.replace_action, self.reopen_action, self.sheets_action,
                     self.import_action, self.deadline_action, self.close_action)
        for a in organiser:
            a.setVisible(page.can_organise)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["评审组与成员", "进度"])
        self.tree.setColumnWidth(0, 200)
        self.tree.setMinimumWidth(300)
        self.tree.currentItemChanged.connect(self._group_chosen)
        self.expert_model = RowsModel(("专家", "工作单位", "联系电话", "任务", "已提交", "草稿", "未提交", "已回避", "状态"),
                                      center=(3, 4, 5, 6, 7, 8))
        self.expert_view, _ = table_view(self.expert_model, (5, 12, 7, 3, 3, 3, 3, 3, 7), stretch=1)
        self.task_model = RowsModel(("评审组", "项目编号", "项目名称", "专家", "状态"), center=(0, 4))
        self.task_view, _ = table_view(self.task_model, (7, 8.5, 14, 5, 8), stretch=2)
        self.task_view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        counts = dict.fromkeys(("任务", "已提交", "草稿", "未提交", "已回避"), "int")
        self.exports = [TableExport(self, view, lambda w=what: f"{w}（{self.state.call.code if self.state else ''}）",
                                    noun, self.services, self.actor, kinds=counts)       # the tables' right-click menus
                        for view, what, noun in ((self.expert_view, "专家评分进度", "位专家"), (self.task_view, "评审任务", "项任务"))]
        self.experts_title = section_label("专家评分进度")
        self.tasks_title = section_label("评审任务")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.experts_title)
        rl.addWidget(self.expert_view, 1)
        rl.addWidget(self.tasks_title)
        rl.addWidget(self.task_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 800])
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        self._update_actions()

    def _action(self, text: str, tip: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        self.toolbar.addAction(action)
        return action

    # -- showing ------------------------------------------------------------------------------------
    def show_state(self, state: CallState) -> None:
        self.state = state
        self.empty_label.setText("" if state.status else f"{state.no_round}。" +
                                 ("点击“抽取专家…”开始。" if self.page.can_organise else ""))
        self.empty_label.setVisible(state.status is None)
        self._fill_tree()
        self._fill_tables()
        self._update_actions()

    def group_of_project(self) -> dict[str, str]:
        rec = self.state.record if self.state else None
        return {p.code: g.code for g in (rec.groups if rec else []) for p in g.projects}

    def _tasks(self) -> list[Any]:
        s = self.state
        if s is None or s.status is None:
            return []
        return s.assignments if s.assignments is not None else s.status.pending_items

    def _fill_tree(self) -> None:
        self.tree.clear()
        s = self.state
        if s is None or s.record is None or s.status is None:
            return
        progress = {e.expert.id: e for e in s.status.experts}
        tasks = self._tasks()
        groups = self.group_of_project()
        per_group: dict[str, list[Any]] = defaultdict(list)
        for t in tasks:
            per_group[groups.get(t.project_code, "")].append(t)
        everyone = QTreeWidgetItem([f"全部评审组（{len(s.record.groups)} 组）", f"{s.status.submitted}/{s.status.total}"])
        everyone.setData(0, _GROUP_ROLE, None)
        self.tree.addTopLevelItem(everyone)
        for g in s.record.groups:
            items = per_group.get(g.code, [])
            pending = sum(1 for t in items if t.status == "assigned")
            total = len(items) if s.assignments is not None else len(g.projects) * len(g.panel_now)
            text = f"{total - pending}/{total}"
            top = QTreeWidgetItem([f"{g.code}（{len(g.projects)} 个项目）", text])
            top.setData(0, _GROUP_ROLE, g.code)
            top.setToolTip(1, f"已提交 {total - pending} 份，未提交 {pending} 份")
            if pending and s.status.status == "scoring":
                top.setForeground(1, QBrush(QColor(LATE_COLOR)))
            self.tree.addTopLevelItem(top)
            for title, refs in (("评审专家", g.panel_now), ("备选专家", g.reserves)):
                node = QTreeWidgetItem([f"{title}（{len(refs)}）", ""])
                node.setData(0, _GROUP_ROLE, g.code)
                top.addChild(node)
                for e in refs:
                    p = progress.get(e.id)
                    child = QTreeWidgetItem([e.name, ""])
                    child.setToolTip(0, f"{e.name}（{e.unit_name}）")
                    child.setData(0, _GROUP_ROLE, g.code)
                    if title == "评审专家":
                        mine = [t for t in items if t.expert.id == e.id]
                        left = sum(1 for t in mine if t.status == "assigned")
                        child.setText(1, f"未提交 {left}" if left else "已全部提交")
                        late = p is not None and p.late and left
                        child.setForeground(1, QBrush(QColor(LATE_COLOR if left else OK_COLOR)))
                        if late:
                            child.setBackground(0, QBrush(QColor(LATE_BACKGROUND)))
                    node.addChild(child)
            projects = QTreeWidgetItem([f"项目（{len(g.projects)}）", ""])
            projects.setData(0, _GROUP_ROLE, g.code)
            top.addChild(projects)
            for p in g.projects:
                child = QTreeWidgetItem([f"{p.code} {p.title}", ""])
                child.setToolTip(0, f"{p.code} {p.title}（{p.unit_name}）")
                child.setData(0, _GROUP_ROLE, g.code)
                projects.addChild(child)
            top.child(0).setExpanded(True)
        self.tree.setCurrentItem(everyone)

    def _group_chosen(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        self.group_filter = current.data(0, _GROUP_ROLE) if current is not None else None
        if current is not None and current.parent() is None and self.group_filter is not None:
            current.setExpanded(True)
            self.tree.scrollToItem(current, QTreeWidget.ScrollHint.PositionAtTop)
        self._fill_tables()
        self._update_actions()

    def _fill_tables(self) -> None:
        s = self.state
        if s is None or s.status is None:
            self.expert_model.set_rows([])
            self.task_model.set_rows([])
            return
        groups = self.group_of_project()
        chosen = self.group_filter
        tasks = [t for t in self._tasks() if chosen is None or groups.get(t.project_code) == chosen]
        scoring = s.status.status == "scoring"
        rows = []
        for t in tasks:
            if t.status == "submitted":
                text, color = "已提交", OK_COLOR
            else:
                text, color = ("未提交（有草稿）" if t.has_draft else "未提交"), LATE_COLOR
            rows.append(Row((groups.get(t.project_code, ""), t.project_code, t.project_title, t.expert.name, text),
                            key=t.assignment_id, colors={4: color},
                            backgrounds={4: LATE_BACKGROUND} if t.status != "submitted" and scoring else {}))
        self.task_model.set_rows(rows)
        in_group = {t.expert.id for t in tasks}
        if chosen is not None and s.record is not None:
            in_group |= {e.id for g in s.record.groups if g.code == chosen for e in g.panel_now}
        erows = []
        for e in s.status.experts:
            if chosen is not None and e.expert.id not in in_group:
                continue
            if e.late:
                status, color = "逾期未提交", LATE_COLOR
            elif e.pending:
                status, color = "未提交", LATE_COLOR
            else:
                status, color = "已全部提交", OK_COLOR
            erows.append(Row((e.expert.name, e.expert.unit_name, e.phone, str(e.assigned), str(e.submitted),
                              str(e.drafts), str(e.pending), str(e.declined), status), key=e.expert.id,
                             sort=(e.expert.name, e.expert.unit_name, e.phone, e.assigned, e.submitted, e.drafts,
                                   e.pending, e.declined, status),
                             colors={8: color, 6: LATE_COLOR if e.pending else ""},
                             backgrounds={-1: LATE_BACKGROUND} if e.late else {}))
        self.expert_model.set_rows(erows)
        where = f"（{chosen}）" if chosen else "（全部评审组）"
        late = sum(1 for e in s.status.experts if e.late)
        self.experts_title.setText(f"专家评分进度{where}" + (f"：{late} 位专家逾期未提交" if late and not chosen else ""))
        pending = sum(1 for t in tasks if t.status == "assigned")
        self.tasks_title.setText(f"评审任务{where}：共 {len(tasks)} 份，未提交 {pending} 份")

    def selected_task(self) -> Any:
        aid = selected_key(self.task_view)
        return next((t for t in self._tasks() if t.assignment_id == aid), None) if aid is not None else None

    def _update_actions(self) -> None:
        s = self.state
        status = s.status.status if s is not None and s.status is not None else None
        task = self.selected_task()
        self.draw_action.setEnabled(s is not None and status not in ("drawing", "scoring"))
        self.open_action.setVisible(self.page.can_organise and status == "drawing")
        self.record_action.setEnabled(s is not None and s.record is not None)
        self.replace_action.setEnabled(status in ("drawing", "scoring") and task is not None and task.status == "assigned")
        self.reopen_action.setEnabled(status == "scoring" and task is not None and task.status == "submitted")
        self.sheets_action.setEnabled(status in ("drawing", "scoring"))
        self.import_action.setEnabled(status == "scoring")
        self.close_action.setEnabled(status == "scoring")
        self.deadline_action.setEnabled(status in ("drawing", "scoring"))

    # -- actions ------------------------------------------------------------------------------------
    def draw(self) -> Any:
        s = self.state
        if s is None:
            return None
        per_group = s.rubric.experts_per_group if s.rubric else s.call.experts_per_group
        params = draw_dialogs.ask_draw(self, s.call.name, per_group, s.waiting_for_draw(),
                                       locked=bool(s.rubric and s.rubric.locked))
        if params is None:
            return None
        services, actor, code = self.services, self.actor, s.call.code

        def work(progress: Any, cancel: Any) -> Any:
            progress(0, 0, "正在抽取评审专家（分组、回避、抽签）…")
            return services.review.draw(actor, code, params.per_group, params.reserves, params.seed,
                                        deadline=params.deadline, open_scoring=params.open_scoring)

        def done(summary: Any) -> None:
            text = (f"抽取完成：{len(summary.groups)} 个评审组，共 {summary.assignments} 份评审任务。\n"
                    f"随机种子：{summary.seed}（已记入抽取记录，可复核）。")
            if summary.warnings:
                text += "\n\n提示：" + "；".join(summary.warnings)
            messages.info(self, text, "抽取完成")
            self.page.after_change(0)
            if params.per_group != per_group:   # the draw changed the call's 每组评审专家 too
                self.page.data_changed.emit("calls")

        self.last_handle = self.runner.run(work, on_success=done, title="正在抽取评审专家…", parent=self,
                                           cancellable=False)
        return self.last_handle

    def set_deadline(self) -> bool:
        s = self.state
        if s is None or s.status is None:
            return False
        services, actor, code = self.services, self.actor, s.call.code

        def save(deadline: date | None, reason: str) -> None:
            services.review.set_deadline(actor, code, deadline, reason)

        label = f"“{s.call.name}”第 {s.status.number} 轮评审"
        if not deadline_dialog.ask_deadline(self, label, s.status.deadline, save):
            return False
        self.page.after_change(0)
        return True

    def open_scoring(self) -> bool:
        s = self.state
        ok, _ = attempt(self, self.services.review.open_scoring, self.actor, s.call.code) if s else (False, None)
        if ok:
            self.page.after_change(0)
        return ok

    def show_record(self) -> DrawRecordDialog | None:
        s = self.state
        if s is None or s.record is None:
            return None
        dialog = DrawRecordDialog(self.services, self.actor, s.record, self)
        dialog.open()
        return dialog

    def replace(self) -> bool:
        task, groups = self.selected_task(), self.group_of_project()
        if task is None:
            messages.info(self, "请先在评审任务列表中选择该专家的一项未提交任务。")
            return False
        answer = draw_dialogs.ask_replace(self, task.expert.name, groups.get(task.project_code, ""))
        if answer is None:
            return False
        reason, from_pool = answer
        ok, result = attempt(self, self.services.review.replace, self.actor, task.assignment_id, reason,
                             from_pool=from_pool)
        if ok and result is not None:
            skipped = "；".join(f"{x.expert.name}（{'、'.join(x.reasons) or x.kind_label}）" for x in result.skipped)
            messages.info(self, f"评审组“{result.group_code}”：{result.declined.name} 退出，由"
                                f"{'备选专家' if result.source == 'reserve' else '专家库补抽的'} {result.new.name} 接替，"
                                f"共 {len(result.assignment_ids)} 个项目。" + (f"\n跳过的备选专家：{skipped}" if skipped else ""),
                          "已更换专家")
            self.page.after_change(0)
        return ok

    def reopen(self) -> bool:
        task = self.selected_task()
        if task is None or task.status != "submitted":
            messages.info(self, "请先在评审任务列表中选择一项已提交的评分。")
            return False
        reason = common.ask_text(self, "重新开放评分", f"退回专家“{task.expert.name}”对项目 {task.project_code}"
                                          f"《{task.project_title}》的评分，专家可再次修改后提交。请填写理由：", ok="重新开放")
        if reason is None:
            return False
        ok, _ = attempt(self, self.services.review.reopen, self.actor, task.assignment_id, reason)
        if ok:
            self.page.after_change(0)
        return ok

    def sheets(self) -> Any:
        s = self.state
        folder = draw_dialogs.choose_folder(self) if s else ""
        if not folder or s is None:
            return None
        services, actor, code = self.services, self.actor, s.call.code

        def work(progress: Any, cancel: Any) -> list[Path]:
            progress(0, 0, "正在生成离线评分表…")
            return services.review.sheets(actor, code, Path(folder))

        def done(paths: list[Path]) -> None:
            names = "\n".join(p.name for p in paths[:12]) + ("\n…" if len(paths) > 12 else "")
            messages.info(self, f"已在“{folder}”生成 {len(paths)} 个离线评分表：\n{names}", "已生成评分表")

        self.last_handle = self.runner.run(work, on_success=done, title="正在生成离线评分表…", parent=self,
                                           cancellable=False)
        return self.last_handle

    def import_sheet(self) -> Any:
        path = draw_dialogs.choose_sheet(self)
        if not path:
            return None
        services, actor = self.services, self.actor

        def work(progress: Any, cancel: Any) -> SheetImportResult:
            progress(0, 0, "正在检查并导入评分表…")
            return services.review.import_scores(actor, Path(path))

        def done(r: SheetImportResult) -> None:
            parts = [f"已导入专家 {r.expert.name} 的评分表。"]
            for label, items in (("已提交", r.submitted), ("保存为草稿（未填完）", r.drafts), ("未填写", r.missing),
                                 ("此前已提交（未改动）", r.already_submitted)):
                if items:
                    parts.append(f"{label} {len(items)} 项：{'、'.join(items)}")
                if items is r.drafts:
                    parts.extend(r.draft_gaps)
            if r.not_saved:
                parts.append(f"未保存 {len(r.not_saved)} 项（只填了意见，没有评分）：")
                parts.extend(r.not_saved)
            if r.overwritten_drafts:
                parts.append(f"其中 {len(r.overwritten_drafts)} 项覆盖了专家在系统中暂存的草稿："
                             + "、".join(r.overwritten_drafts))
            messages.info(self, "\n".join(parts), "导入完成")
            self.page.after_change(0)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SheetRejected):
                draw_dialogs.show_problems(self, "评分表未导入", exc.message, exc.problems)
            else:
                messages.show_exception(self, exc, "评分表未导入")

        self.last_handle = self.runner.run(work, on_success=done, on_failure=failed, title="正在导入评分表…",
                                           parent=self, cancellable=False)
        return self.last_handle

    def close_round(self) -> bool:
        s = self.state
        if s is None or s.status is None:
            return False
        if not messages.confirm(self, f"结束“{s.call.name}”第 {s.status.number} 轮评审？\n结束后专家不能再修改评分，"
                                      "经办人和分管领导可以查看评分、汇总和排名。", title="结束评审", yes="结束评审"):
            return False
        ok, _ = attempt(self, self.services.review.close_round, self.actor, s.call.code, title="不能结束评审")
        if ok:
            self.page.after_change(1)
        return ok
