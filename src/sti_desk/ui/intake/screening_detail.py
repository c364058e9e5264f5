"""The detail pane of the 形式审查 page: the selected project, every check, the decision and its buttons."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ...services.intake_types import CheckLine
from .. import theme
from .screening_model import FAIL_BG, PASS_COLOUR, WARN, WARN_BG, ScreeningItem, auto_colour, auto_summary

CHECK_COLUMNS = ("检查项目", "结果", "说明", "依据")


def check_rank(c: CheckLine) -> int:
    """Failures first, then warnings, passes and checks that do not apply."""
    if not c.passed:
        return 0 if c.blocks else 1
    return 3 if c.status == "不适用" else 2


def check_colours(c: CheckLine) -> tuple[str | None, str | None]:
    """(text colour, background) of one check: failures red, warnings amber, 不适用 grey."""
    if not c.passed:
        return (theme.DANGER, FAIL_BG) if c.blocks else (WARN, WARN_BG)
    if c.status == "不适用":
        return theme.MUTED, None
    return None, None


class CheckTableModel(QAbstractTableModel):
    """Every check of one screening, failures first, coloured by result."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.lines: list[CheckLine] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_lines(self, lines: list[CheckLine]) -> None:
        self.beginResetModel()
        self.lines = sorted(lines, key=check_rank)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(CHECK_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return CHECK_COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c, col = self.lines[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (c.name, c.status, c.message, c.rule)[col]
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            fg, bg = check_colours(c)
            colour = fg if role == Qt.ItemDataRole.ForegroundRole else bg
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and col == 1 and not c.passed:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def check_table(parent: QWidget) -> QTableView:
    """The table of one screening's checks (检查项目、结果、说明、依据), rows as tall as their wrapped text;
    its model is a :class:`CheckTableModel` (``table.model().set_lines(...)``)."""
    table = QTableView(parent)
    table.setModel(CheckTableModel(table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    hh = table.horizontalHeader()
    em = table.fontMetrics().horizontalAdvance("中")
    hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
    hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
    hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
    hh.resizeSection(0, int(10.5 * em) + 12)
    hh.resizeSection(1, 6 * em + 12)
    hh.resizeSection(3, 15 * em + 12)
    return table


class ScreeningDetail(QWidget):
    decide_requested = Signal(str)        # "pass" | "reject"
    open_project_requested = Signal(int)

    def __init__(self, can_decide: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.item: ScreeningItem | None = None
        self._can_decide = can_decide

        card = QFrame()
        card.setObjectName("screeningCard")
        card.setStyleSheet(f"QFrame#screeningCard {{ background: {theme.PANEL}; border: 1px solid {theme.BORDER};"
                           " border-radius: 6px; }")
        card.setFixedWidth(300)
        self.title_label = QLabel("请在上方列表中选择一个项目")
        self.title_label.setWordWrap(True)
        self.title_label.setStyleSheet(theme.SUBTITLE_STYLE)
        self.title_label.setProperty("dataText", True)
        self.info_label = QLabel("")
        self.info_label.setWordWrap(True)
        self.info_label.setProperty("dataText", True)
        self.auto_label = QLabel("")
        self.auto_label.setWordWrap(True)
        self.decision_label = QLabel("")
        self.decision_label.setWordWrap(True)
        self.decision_label.setProperty("dataText", True)
        self.pass_button = QPushButton("通过")
        self.reject_button = QPushButton("不通过")
        self.pass_button.setToolTip("形式审查通过，项目进入专家评审")
        self.reject_button.setToolTip("形式审查不通过（须填写理由），项目转为不予立项")
        self.pass_button.setStyleSheet(f"QPushButton:enabled {{ color: {PASS_COLOUR}; font-weight: bold; }}")
        self.reject_button.setStyleSheet(f"QPushButton:enabled {{ color: {theme.DANGER}; font-weight: bold; }}")
        self.pass_button.clicked.connect(lambda: self.decide_requested.emit("pass"))
        self.reject_button.clicked.connect(lambda: self.decide_requested.emit("reject"))
        self.open_button = QPushButton("查看项目详情")
        self.open_button.setToolTip("在项目库中打开本项目的详细信息")
        self.open_button.clicked.connect(lambda: self.item and self.open_project_requested.emit(self.item.project_id))
        self.why_label = QLabel("")
        self.why_label.setWordWrap(True)
        self.why_label.setProperty("role", "hint")

        buttons = QHBoxLayout()
        buttons.addWidget(self.pass_button)
        buttons.addWidget(self.reject_button)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(12, 10, 12, 10)
        card_layout.addWidget(self.title_label)
        card_layout.addWidget(self.info_label)
        card_layout.addWidget(self.auto_label)
        card_layout.addWidget(self.decision_label)
        card_layout.addStretch(1)
        card_layout.addWidget(self.why_label)
        card_layout.addLayout(buttons)
        card_layout.addWidget(self.open_button)

        self.checks = check_table(self)
        self.check_model: CheckTableModel = self.checks.model()  # type: ignore[assignment]

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(card)
        layout.addWidget(self.checks, 1)
        self.show_item(None)

    def show_item(self, item: ScreeningItem | None) -> None:
        self.item = item
        self.check_model.set_lines(list(item.outcome.checks) if item and item.outcome else [])
        self.open_button.setEnabled(item is not None)
        if item is None:
            self.title_label.setText("请在上方列表中选择一个项目")
            for label in (self.info_label, self.auto_label, self.decision_label, self.why_label):
                label.setText("")
            self._set_buttons(False, "")
            return
        self.title_label.setText(f"{item.code}\n{item.title}")
        self.info_label.setText(f"申报单位：{item.unit_name}\n项目负责人：{item.leader_name}\n"
                                f"申请财政资金：{item.requested.wan_str()} 万元\n当前阶段：{item.state.label}")
        self._show_auto(item)
        self._show_decision(item)
        self.checks.resizeRowsToContents()
        if item.can_decide:
            self._set_buttons(True, "")
        elif item.outcome is None:
            self._set_buttons(False, "尚未运行自动检查：请先点击“运行形式审查”。")
        elif item.decision != "pending":
            self._set_buttons(False, "已作出审查决定。")
        else:
            self._set_buttons(False, f"项目处于“{item.state.label}”阶段，不在形式审查中。")

    def _set_buttons(self, enabled: bool, why: str) -> None:
        allowed = enabled and self._can_decide
        self.pass_button.setEnabled(allowed)
        self.reject_button.setEnabled(allowed)
        if enabled and not self._can_decide:
            why = "当前角色无权作出形式审查决定。"
        self.why_label.setText(why)
        self.why_label.setVisible(bool(why))

    def _show_auto(self, item: ScreeningItem) -> None:
        o = item.outcome
        text = "自动检查：未运行" if o is None else f"{auto_summary(o)}\n检查时间：{o.run_at:%Y-%m-%d %H:%M}"
        self.auto_label.setText(text)
        self.auto_label.setStyleSheet(f"color: {auto_colour(item.auto_label)}; font-weight: bold;")

    def _show_decision(self, item: ScreeningItem) -> None:
        o = item.outcome
        if o is None or o.decision == "pending":
            self.decision_label.setText(f"审查决定：{item.decision_label}" if o else "")
            self.decision_label.setStyleSheet("")
            return
        text = f"审查决定：{item.decision_label}"
        if o.decided_by or o.decided_at:
            when = f" {o.decided_at:%Y-%m-%d %H:%M}" if o.decided_at else ""
            text += f"（{o.decided_by}{when}）"
        if o.decision_note:
            text += f"\n说明：{o.decision_note}"
        self.decision_label.setText(text)
        colour = PASS_COLOUR if o.decision == "pass" else theme.DANGER
        self.decision_label.setStyleSheet(f"color: {colour};")

    def check_texts(self) -> list[tuple[str, str, str, str]]:
        """What the checks table shows, row by row (for tests and screenshots)."""
        return [(c.name, c.status, c.message, c.rule) for c in self.check_model.lines]
