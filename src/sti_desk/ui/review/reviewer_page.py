"""我的评审任务: the page a reviewer sees — their own assignments only, and the score form of the one
selected. Other experts' marks are never loaded (the service only returns the reviewer's own)."""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ...services.actor import Actor
from ...services.review_dto import MyAssignment, pending_deadlines
from .. import messages
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner
from .common import (LATE_COLOR, MUTED_COLOR, OK_COLOR, attempt, fmt_date, hint_label, select_key, selected_key,
                     table_view, title_label)
from .models import Row, RowsModel
from .score_form import ScoreFormWidget

HEADERS = ("项目编号", "项目名称", "技术领域", "状态")


def status_text(a: MyAssignment) -> tuple[str, str]:
    if a.status == "submitted":
        return "已提交", OK_COLOR
    if a.round_status == "closed":
        return "评审已结束", MUTED_COLOR
    if a.overdue:
        return ("逾期待评（有草稿）" if a.has_draft else "逾期待评"), LATE_COLOR
    return ("待评（有草稿）" if a.has_draft else "待评"), LATE_COLOR


def deadline_lines(rows: list[MyAssignment]) -> str:
    """评分截止 of each round with sheets still to submit, one line each (rich text; a passed one in red)."""
    return "<br>".join(f'<span style="color: {LATE_COLOR}; font-weight: bold;">{html.escape(text)}</span>'
                       if overdue else html.escape(text) for text, overdue in pending_deadlines(rows))


class MyReviewsPage(QWidget):
    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        self.assignments: list[MyAssignment] = []
        self._select_after: int | None = None

        self.count_label = QLabel("正在加载…")
        refresh = QPushButton("刷新")
        refresh.setToolTip("重新读取我的评审任务（F5）")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(title_label("我的评审任务"))
        top.addSpacing(16)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(refresh)
        note = hint_label(f"{actor.display_name}，您好。这里只列出分配给您的项目；请逐项打分、选择推荐意见并提交。"
                          "评审保密：您看不到其他专家的评分。")
        self.deadline_label = QLabel()
        self.deadline_label.setTextFormat(Qt.TextFormat.RichText)
        self.deadline_label.setWordWrap(True)
        self.deadline_label.hide()

        self.model = RowsModel(HEADERS, center=(2, 3))
        self.view, self.proxy = table_view(self.model, (8.5, 10, 4.5, 8.5), stretch=1)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._open_current())

        self.form = ScoreFormWidget(services, actor)
        self.form.saved.connect(self._saved)   # (scrolls itself; its 保存草稿/提交 bar stays in view)
        self.empty = QLabel("请在左侧选择一个项目进行评分。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.form)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([500, 640])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.deadline_label)
        layout.addWidget(splitter, 1)
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------
    def refresh(self) -> TaskHandle:
        services, actor = self.services, self.actor
        current = selected_key(self.view)
        if self._select_after is None:
            self._select_after = current

        def load(progress: ProgressFn, cancel: CancelToken) -> list[MyAssignment]:
            progress(0, 0, "正在读取评审任务…")
            rows = services.review.my_assignments(actor)
            cancel.raise_if_cancelled()
            return rows

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在加载我的评审任务…", parent=self)
        return self.load_handle

    def _loaded(self, rows: list[MyAssignment]) -> None:
        self.assignments = rows
        out = []
        for a in rows:
            text, color = status_text(a)
            deadline = (f"；{a.deadline_note}" if a.deadline_note
                        else f"；评分截止 {fmt_date(a.deadline)}" if a.deadline else "")
            out.append(Row((a.project_code, a.project_title, a.field, text), key=a.id, colors={3: color},
                           tips={1: f"{a.call_name}：{a.project_title}（{a.unit_name}）",
                                 3: f"{text}{deadline}"}))
        self.model.set_rows(out)
        lines = deadline_lines(rows)
        self.deadline_label.setText(lines)
        self.deadline_label.setVisible(bool(lines))
        pending = sum(1 for a in rows if a.status == "assigned" and a.round_status == "scoring")
        none = ("当前账号未关联专家库中的专家，请联系经办人" if self.actor.expert_id is None
                else "目前没有分配给您的评审任务")
        self.count_label.setText(f"共 {len(rows)} 个项目，待评 {pending} 个" if rows else none)
        target, self._select_after = self._select_after, None
        if target is None and rows:
            first = next((a for a in rows if a.status == "assigned" and a.round_status == "scoring"), rows[0])
            target = first.id
        if target is not None and select_key(self.view, target):
            self._open_current(reload=True)
        elif not rows:
            self.right.setCurrentWidget(self.empty)

    def _open_current(self, reload: bool = False) -> None:
        """Show the selected sheet. ``reload`` (after 刷新 or a save): the sheet already open is read again
        unless it has unsaved input, so a sheet submitted or reopened elsewhere shows its new state."""
        aid = selected_key(self.view)
        if aid is None:
            self.right.setCurrentWidget(self.empty)
            return
        if self.form.form is not None and self.form.form.assignment_id == aid and (
                not reload or self.form.is_dirty()):
            self.right.setCurrentIndex(1)
            return
        if self.form.is_dirty() and not messages.confirm(
                self, f"“{self.form.form.title}”的评分尚未保存，切换到其他项目将丢失修改。是否放弃修改？",
                title="评分尚未保存", yes="放弃修改", no="返回继续填写"):
            blocker = QSignalBlocker(self.view.selectionModel())
            select_key(self.view, self.form.form.assignment_id)
            del blocker
            return
        ok, form = attempt(self, self.services.review.get_score_form, self.actor, aid)
        if ok and form is not None:
            self.form.load(form)
            self.right.setCurrentIndex(1)
        else:
            self.right.setCurrentWidget(self.empty)

    def open_assignment(self, assignment_id: int) -> bool:
        ok = select_key(self.view, assignment_id)
        if ok:
            self._open_current()
        return ok

    def _saved(self, assignment_id: int, submitted: bool) -> None:
        self._select_after = assignment_id
        self.refresh()

    # -- page protocol ------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self.load_handle is not None and self.load_handle.done and not self.assignments:
            self.refresh()

    def shutdown(self) -> None:
        self.runner.cancel_all()
