"""工作台: project counts by stage and money totals (a tile opens the project list filtered by stage) and
the 待办事项 — what waits for this user, overdue first (``services.worklist``); an item opens its page.

Charts and the later stages' reminders (inspection, expiring retentions) come with those stages' services.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ...domain.lifecycle import MAIN_PATH, ProjectState
from ...domain.money import Money
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...domain.worklist import TodoItem
from ...services.dto import ProjectListRow
from .. import theme
from ..tasks import CancelToken, ProgressFn, TaskHandle, TaskRunner

_WEEKDAYS = "一二三四五六日"
_ACTIVE = (ProjectState.APPROVED, ProjectState.IMPLEMENTATION, ProjectState.ACCEPTANCE)


class StatTile(QFrame):
    clicked = Signal()

    def __init__(self, caption: str, colour: str = "#222", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("statTile")
        self.setStyleSheet(theme.TILE_STYLESHEET)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #555; border: none;")
        self.value = QLabel("—")
        self.value.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {colour}; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class DashboardPage(QWidget):
    navigate_requested = Signal(str, dict)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner = TaskRunner(self)
        self.load_handle: TaskHandle | None = None
        today = date.today()
        title = QLabel("工作台")
        title.setObjectName("pageTitle")
        greeting = QLabel(f"{actor.display_name}（{actor.role.label}），您好！今天是 {today.year} 年 {today.month} 月 "
                          f"{today.day} 日，星期{_WEEKDAYS[today.weekday()]}。")
        greeting.setStyleSheet("color: #555;")

        self.total_tile = StatTile("项目总数")
        self.active_tile = StatTile("在研项目（立项、实施、验收）", theme.PRIMARY)
        self.requested_tile = StatTile("申请财政资金合计（万元）")
        self.approved_tile = StatTile("立项财政资金合计（万元）", theme.DONE)
        self.total_tile.clicked.connect(lambda: self.navigate_requested.emit("projects", {"state": None}))
        summary = QHBoxLayout()
        for tile in (self.total_tile, self.active_tile, self.requested_tile, self.approved_tile):
            summary.addWidget(tile, 1)

        stages_caption = QLabel("各阶段项目数（点击查看）")
        stages_caption.setStyleSheet(theme.SUBTITLE_STYLE)
        self.stage_tiles: dict[ProjectState, StatTile] = {}
        stages = QGridLayout()
        stages.setSpacing(10)
        for i, state in enumerate((*MAIN_PATH, ProjectState.REJECTED, ProjectState.TERMINATED)):
            colour = theme.DANGER if state in (ProjectState.REJECTED, ProjectState.TERMINATED) else "#222"
            tile = StatTile(state.label, colour)
            tile.setToolTip(f"打开项目库，只看“{state.label}”阶段的项目")
            tile.clicked.connect(lambda s=state: self.navigate_requested.emit("projects", {"state": s}))
            stages.addWidget(tile, i // 6, i % 6)
            self.stage_tiles[state] = tile

        actions = QHBoxLayout()
        self.new_button = QPushButton("新建项目")
        self.new_button.setEnabled(has_permission(actor.role, Permission.EDIT_PROJECTS))
        self.new_button.clicked.connect(lambda: self.navigate_requested.emit("projects", {"new": True}))
        open_list = QPushButton("打开项目库")
        open_list.clicked.connect(lambda: self.navigate_requested.emit("projects", {}))
        refresh = QPushButton("刷新统计")
        refresh.clicked.connect(self.refresh)
        for b in (self.new_button, open_list, refresh):
            actions.addWidget(b)
        actions.addStretch(1)
        todo_caption = QLabel("待办事项（双击打开）")
        todo_caption.setStyleSheet(theme.SUBTITLE_STYLE)
        self.todo_list = QListWidget()
        self.todo_list.setObjectName("todoList")
        self.todo_list.setAlternatingRowColors(True)
        self.todo_list.setStyleSheet("QListWidget#todoList::item { padding: 5px 4px; }")
        self.todo_list.setToolTip("需要您处理的事项，逾期的排在最前；双击或按回车打开对应页面")
        self.todo_list.itemActivated.connect(self._open_todo)
        later = QLabel("统计图表、检查与留用到期提醒将随立项、实施、检查、结余资金功能一起显示在工作台。")
        later.setStyleSheet("color: #8a8a8a;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(greeting)
        layout.addLayout(summary)
        layout.addSpacing(6)
        layout.addWidget(stages_caption)
        layout.addLayout(stages)
        layout.addSpacing(6)
        layout.addLayout(actions)
        layout.addSpacing(6)
        layout.addWidget(todo_caption)
        layout.addWidget(self.todo_list, 1)
        layout.addWidget(later)
        self.refresh()

    def refresh(self) -> TaskHandle:
        services, actor = self.services, self.actor

        def load(progress: ProgressFn, cancel: CancelToken) -> tuple[list[ProjectListRow], list[TodoItem]]:
            rows = services.projects.list_projects(actor)
            cancel.raise_if_cancelled()
            return rows, services.worklist.todos(actor)

        self.load_handle = self.runner.run(load, on_success=self._loaded, title="正在统计项目…", parent=self)
        return self.load_handle

    def _loaded(self, result: tuple[list[ProjectListRow], list[TodoItem]]) -> None:
        rows, todos = result
        self._show_todos(todos)
        counts = Counter(r.state for r in rows)
        self.total_tile.value.setText(str(len(rows)))
        self.active_tile.value.setText(str(sum(counts[s] for s in _ACTIVE)))
        self.requested_tile.value.setText(sum((r.requested for r in rows), Money(0)).wan_str())
        self.approved_tile.value.setText(sum((r.approved for r in rows), Money(0)).wan_str())
        for state, tile in self.stage_tiles.items():
            tile.value.setText(str(counts.get(state, 0)))

    def _show_todos(self, todos: list[TodoItem]) -> None:
        self.todo_list.clear()
        for todo in todos:
            item = QListWidgetItem(("【逾期】" if todo.overdue else "") + todo.text)
            item.setData(Qt.ItemDataRole.UserRole, todo)
            if todo.overdue:
                item.setForeground(QColor(theme.DANGER))
            self.todo_list.addItem(item)
        if not todos:
            empty = QListWidgetItem("目前没有需要您处理的事项。")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.todo_list.addItem(empty)

    def _open_todo(self, item: QListWidgetItem) -> None:
        todo = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(todo, TodoItem):
            self.navigate_requested.emit(todo.page, dict(todo.args))

    def on_data_changed(self, kind: str) -> None:
        if kind in ("projects", "review", "experts"):
            self.refresh()

    def shutdown(self) -> None:
        self.runner.cancel_all()
