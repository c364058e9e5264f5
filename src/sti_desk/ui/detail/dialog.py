"""The project detail window: header, timeline, event list, stage tabs and the stage-change buttons."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QSplitter, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.lifecycle import ProjectState
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.dto import ProjectDetail
from .. import messages, theme
from ..settings import settings
from . import detail_tabs, transition
from .basic_tab import ElidedLabel, data_label
from .timeline import TimelineWidget

EDITABLE_STATES = (ProjectState.APPLIED, ProjectState.SCREENING)
_EXIT_TARGETS = (ProjectState.REJECTED, ProjectState.TERMINATED)


class ProjectDetailDialog(QDialog):
    """Non-modal; ``changed(project_id)`` after a stage change or an edit so the list can update its row."""

    changed = Signal(int)

    def __init__(self, services: Any, actor: Actor, project_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.project_id = services, actor, project_id
        self.detail: ProjectDetail | None = None
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(860, 560)

        self.title_label = data_label("")
        self.title_label.setStyleSheet(theme.TITLE_STYLE)
        self.state_label = QLabel()
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # 项目编号 | 申报批次 | 承担单位 | 负责人 on one line: a code or a name never breaks; the batch and
        # unit names give way first (“…”, the whole name in the tool tip)
        self.code_value = data_label("", wrap=False)
        self.call_value = ElidedLabel()
        self.unit_value = ElidedLabel()
        self.leader_value = data_label("", wrap=False)
        meta = QHBoxLayout()
        meta.setSpacing(4)
        for i, (caption, value) in enumerate((("项目编号：", self.code_value), ("申报批次：", self.call_value),
                                              ("承担单位：", self.unit_value), ("负责人：", self.leader_value))):
            if i:
                separator = QLabel("｜")
                separator.setStyleSheet("color: #bbb;")
                meta.addSpacing(8)
                meta.addWidget(separator)
                meta.addSpacing(8)
            name = QLabel(caption)
            name.setStyleSheet("color: #777;")
            value.setStyleSheet("color: #333;")
            meta.addWidget(name)
            meta.addWidget(value, 1 if isinstance(value, ElidedLabel) else 0)
        meta.addStretch(0)
        self.timeline = TimelineWidget()

        self.events = QTableWidget(0, 5)
        self.events.setHorizontalHeaderLabels(["时间", "操作", "阶段变化", "操作人", "理由/备注"])
        self.events.verticalHeader().setVisible(False)
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events.setAlternatingRowColors(True)
        self.events.setWordWrap(False)
        self.events.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        eh = self.events.horizontalHeader()
        eh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        eh.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, ems in enumerate((11, 8, 12, 6)):
            eh.resizeSection(col, ems * em + 12)

        self.tabs = QTabWidget()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        events_box = QWidget()
        eb = QVBoxLayout(events_box)
        eb.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("办理记录")
        caption.setStyleSheet(theme.SUBTITLE_STYLE)
        eb.addWidget(caption)
        eb.addWidget(self.events)
        self.splitter.addWidget(events_box)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.actions_bar = QHBoxLayout()
        self.actions_caption = QLabel("可执行操作：")
        self.edit_button = QPushButton("编辑申报信息")
        self.edit_button.clicked.connect(self.edit)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        self.transition_buttons: dict[ProjectState, QPushButton] = {}
        bottom = QHBoxLayout()
        bottom.addWidget(self.actions_caption)
        bottom.addLayout(self.actions_bar)
        bottom.addStretch(1)
        bottom.addWidget(self.edit_button)
        bottom.addWidget(close)

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.state_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addLayout(meta)
        layout.addWidget(self.timeline)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        self.reload()
        self._restore_state()

    # -- content ------------------------------------------------------------------------------------
    def reload(self) -> None:
        d = self.detail = self.services.projects.get_project(self.actor, self.project_id)
        self.setWindowTitle(f"项目详情 — {d.code}")
        self.title_label.setText(d.title)
        colour = theme.DANGER if d.state in _EXIT_TARGETS else theme.PRIMARY
        self.state_label.setText(f'当前阶段：<b style="color:{colour}">{d.state.label}</b>')
        self.code_value.setText(d.code)
        self.call_value.set_full_text(d.call_name)
        self.unit_value.set_full_text(d.unit_name)
        self.leader_value.setText(d.leader_name)
        self.timeline.set_project(d.state, d.timeline)
        self._fill_events(d)
        self._fill_tabs(d)
        self._fill_buttons(d)

    def _fill_events(self, d: ProjectDetail) -> None:
        events = list(reversed(d.timeline))  # newest first
        self.events.setRowCount(len(events))
        for r, e in enumerate(events):
            if not e.changes_state:
                change = f"（仍为{e.to_state.label}）"
            else:
                change = f"{e.from_state.label} → {e.to_state.label}" if e.from_state else e.to_state.label
            for c, text in enumerate((f"{e.at:%Y-%m-%d %H:%M}", e.action, change, e.by or e.username, e.reason)):
                item = QTableWidgetItem(text)
                if c == 3 and e.username:
                    item.setToolTip(f"用户名：{e.username}")
                elif c == 4 and text:
                    item.setToolTip(text)
                self.events.setItem(r, c, item)

    def _fill_tabs(self, d: ProjectDetail) -> None:
        current = self.tabs.currentIndex()
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            widget.deleteLater()
        for spec in detail_tabs():
            widget = spec.factory(self.services, self.actor, d)
            signal = getattr(widget, "changed", None)
            if signal is not None:
                signal.connect(self._tab_changed)
            self.tabs.addTab(widget, spec.title)
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)

    def _fill_buttons(self, d: ProjectDetail) -> None:
        for button in self.transition_buttons.values():
            self.actions_bar.removeWidget(button)
            button.deleteLater()
        self.transition_buttons.clear()
        can_change = has_permission(self.actor.role, Permission.CHANGE_STATE)
        # 拟立项 and 立项 are made by the review's own steps (funding list, 公示期满): why and where instead
        done_elsewhere = self.services.review.stage_blocks(self.actor, d.id) if can_change and d.next_states else {}
        for target in d.next_states:
            button = QPushButton(transition.action_label(d.state, target))
            if target in _EXIT_TARGETS:
                button.setStyleSheet(f"color: {theme.DANGER};")
            button.setEnabled(can_change and target not in done_elsewhere)
            button.setToolTip(done_elsewhere.get(target, f"转为“{target.label}”") if can_change else
                              f"当前角色“{self.actor.role.label}”无权变更项目阶段")
            button.clicked.connect(lambda _=False, t=target: self.change_state(t))
            self.actions_bar.addWidget(button)
            self.transition_buttons[target] = button
        self.actions_caption.setVisible(bool(d.next_states))
        can_edit = has_permission(self.actor.role, Permission.EDIT_PROJECTS) and d.state in EDITABLE_STATES
        self.edit_button.setEnabled(can_edit)
        self.edit_button.setToolTip("修改申报信息" if can_edit else
                                    "项目已进入后续阶段，申报信息不能再修改" if d.state not in EDITABLE_STATES
                                    else f"当前角色“{self.actor.role.label}”无权编辑项目")

    # -- actions ---------------------------------------------------------------------------------------
    def change_state(self, target: ProjectState) -> bool:
        assert self.detail is not None
        reason = transition.ask(self, self.detail, target)
        if reason is None:
            return False
        try:
            self.services.projects.change_state(self.actor, self.project_id, target, reason)
        except DomainError as exc:
            messages.error(self, str(exc), "无法变更项目阶段")
            return False
        except Exception as exc:  # noqa: BLE001
            messages.show_exception(self, exc, "无法变更项目阶段")
            return False
        self.reload()
        self.changed.emit(self.project_id)
        return True

    def edit(self) -> QWidget:
        from ..forms.project_edit import ProjectEditDialog

        dialog = ProjectEditDialog(self.services, self.actor, self.project_id, parent=self)
        dialog.saved.connect(self._tab_changed)
        dialog.open()
        return dialog

    def _tab_changed(self, *_: object) -> None:
        self.reload()
        self.changed.emit(self.project_id)

    # -- geometry ---------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = settings()
        geometry = s.value("detail/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            width = min(1100, screen.width() - 60) if screen else 1000
            height = min(760, screen.height() - 60) if screen else 680
            self.resize(width, height)
        splitter = s.value("detail/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([150, 400])

    def done(self, result: int) -> None:
        s = settings()
        s.setValue("detail/geometry", self.saveGeometry())
        s.setValue("detail/splitter", self.splitter.saveState())
        super().done(result)
