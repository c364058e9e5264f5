"""The rows of the 形式审查 page: one per project of a call, with its automatic result and the decision."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ...domain.lifecycle import ProjectState
from ...domain.money import Money
from ...domain.screening_status import AutoResult, decision_label
from ...services.dto import ProjectListRow
from ...services.intake_types import ScreeningOutcome
from .. import theme

_Index = QModelIndex | QPersistentModelIndex
SCREENABLE = (ProjectState.APPLIED, ProjectState.SCREENING)

#: the words come from domain.screening_status, which the CLI and the exports read too
AUTO_NONE, AUTO_PASS, AUTO_FAIL, AUTO_WARN = (AutoResult.UNCHECKED.label, AutoResult.PASS.label,
                                              AutoResult.FAIL.label, AutoResult.WARN.label)
WARN = "#b26a00"       # amber, readable on white
WARN_BG = "#fff4e0"
FAIL_BG = "#fdecea"
PASS_COLOUR = theme.DONE

#: status filter: (label, value); None = every row
STATUS_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("全部状态", None),
    ("待处理（未检查或待决定）", "todo"),
    ("未运行自动检查", "unchecked"),
    ("自动检查：不通过", "auto_fail"),
    ("自动检查：需人工判断", "auto_warn"),
    ("自动检查：通过", "auto_pass"),
    (f"审查决定：{decision_label('pending')}", "pending"),
    ("审查决定：通过", "passed"),
    ("审查决定：不通过", "rejected"),
)


def auto_label(o: ScreeningOutcome | None) -> str:
    """未检查 / 不通过 / 需人工判断 / 通过: the automatic result of one screening as the lists show it."""
    return AUTO_NONE if o is None else o.auto_label


def auto_colour(label: str) -> str:
    return {AUTO_FAIL: theme.DANGER, AUTO_WARN: WARN, AUTO_PASS: PASS_COLOUR, AUTO_NONE: theme.MUTED}[label]


def auto_summary(o: ScreeningOutcome) -> str:
    """'自动检查：不通过（共 17 项，不通过 1 项，需人工判断 1 项）' (the detail pane and the project detail)."""
    errors = sum(1 for c in o.checks if not c.passed and c.blocks)
    warnings = sum(1 for c in o.checks if not c.passed and not c.blocks)
    text = f"自动检查：{auto_label(o)}（共 {len(o.checks)} 项"
    text += f"，不通过 {errors} 项" if errors else ""
    text += f"，需人工判断 {warnings} 项" if warnings else ""
    return text + "）"


@dataclass(frozen=True)
class ScreeningItem:
    project_id: int
    code: str
    title: str
    unit_name: str
    leader_name: str
    state: ProjectState
    requested: Money
    outcome: ScreeningOutcome | None = None

    @property
    def auto_label(self) -> str:
        return auto_label(self.outcome)

    @property
    def decision(self) -> str:
        return self.outcome.decision if self.outcome else ""

    @property
    def decision_label(self) -> str:
        return decision_label(self.decision) if self.decision else "—"

    @property
    def version(self) -> int | None:
        return self.outcome.version if self.outcome else None

    @property
    def can_decide(self) -> bool:
        return self.state in SCREENABLE and self.outcome is not None and self.outcome.decision == "pending"

    @property
    def todo(self) -> bool:
        return self.state in SCREENABLE and (self.outcome is None or self.outcome.decision == "pending")

    def matches(self, status: str | None) -> bool:
        if status is None:
            return True
        return {"todo": self.todo, "unchecked": self.outcome is None, "auto_fail": self.auto_label == AUTO_FAIL,
                "auto_warn": self.auto_label == AUTO_WARN, "auto_pass": self.auto_label == AUTO_PASS,
                "pending": self.decision == "pending", "passed": self.decision == "pass",
                "rejected": self.decision == "reject"}.get(status, True)


def merge(projects: Sequence[ProjectListRow], outcomes: Sequence[ScreeningOutcome]) -> list[ScreeningItem]:
    """The call's projects still in screening, and every project that has a screening result."""
    by_id = {o.project_id: o for o in outcomes}
    items = []
    for p in projects:
        o = by_id.pop(p.id, None)
        if o is None and p.state not in SCREENABLE:
            continue
        items.append(ScreeningItem(p.id, p.code, p.title, p.unit_name, p.leader_name, p.state, p.requested, o))
    for o in by_id.values():  # screened, but not in the project list (should not happen)
        items.append(ScreeningItem(o.project_id, o.project_code, o.title, o.unit_name, o.leader_name, o.state,
                                   o.requested, o))
    return sorted(items, key=lambda i: i.code)


COLUMNS = ("项目编号", "项目名称", "申报单位", "负责人", "申请金额(万元)", "阶段", "自动检查", "审查决定")
COL_CODE, COL_TITLE, COL_UNIT, COL_LEADER, COL_MONEY, COL_STATE, COL_AUTO, COL_DECISION = range(len(COLUMNS))
_AUTO_ORDER = {AUTO_FAIL: 0, AUTO_WARN: 1, AUTO_NONE: 2, AUTO_PASS: 3}
_DECISION_ORDER = {"pending": 0, "": 1, "reject": 2, "pass": 3}
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def sort_key(item: ScreeningItem, col: int) -> Any:
    if col == COL_MONEY:
        return item.requested.fen
    if col == COL_AUTO:
        return _AUTO_ORDER[item.auto_label], item.code
    if col == COL_DECISION:
        return _DECISION_ORDER.get(item.decision, 9), item.code
    return display(item, col)


def display(item: ScreeningItem, col: int) -> str:
    return (item.code, item.title, item.unit_name, item.leader_name, item.requested.wan_str(), item.state.label,
            item.auto_label, item.decision_label)[col]


class ScreeningTableModel(QAbstractTableModel):
    """The call's items, filtered (status, search) and sorted inside the model, as the project list does
    (no QSortFilterProxyModel, so rows map to items directly and a reset restores the selection by id)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.items: list[ScreeningItem] = []
        self._visible: list[int] = []
        self.status: str | None = None
        self.needles: list[str] = []
        self._sort = (COL_CODE, False)

    # -- content ----------------------------------------------------------------------------------
    def set_items(self, items: list[ScreeningItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._visible = self._compute()
        self.endResetModel()

    def replace(self, outcome: ScreeningOutcome) -> int | None:
        """Show a new decision in place (the row stays visible until the filters change)."""
        for i, item in enumerate(self.items):
            if item.project_id == outcome.project_id:
                self.items[i] = ScreeningItem(item.project_id, item.code, item.title, item.unit_name,
                                              item.leader_name, outcome.state, item.requested, outcome)
                row = self.row_of(item.project_id)
                if row is not None:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return row
        return None

    def set_status(self, status: str | None) -> None:
        self.status = status
        self._refilter()

    def set_search(self, text: str) -> None:
        self.needles = text.lower().split()
        self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._visible = self._compute()
        self.endResetModel()

    def _compute(self) -> list[int]:
        col, desc = self._sort
        order = sorted(range(len(self.items)), key=lambda i: sort_key(self.items[i], col), reverse=desc)
        out = []
        for i in order:
            item = self.items[i]
            if not item.matches(self.status):
                continue
            key = f"{item.code}\n{item.title}\n{item.unit_name}\n{item.leader_name}".lower()
            if all(n in key for n in self.needles):
                out.append(i)
        return out

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def item_at(self, row: int) -> ScreeningItem:
        return self.items[self._visible[row]]

    def row_of(self, project_id: int) -> int | None:
        for row, i in enumerate(self._visible):
            if self.items[i].project_id == project_id:
                return row
        return None

    # -- Qt model -----------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, col = self.items[self._visible[index.row()]], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return display(item, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_AUTO and item.outcome is not None:
                return "\n".join(f"{c.name}：{c.status}" for c in item.outcome.failures) or "全部检查通过"
            return display(item, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(item, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_MONEY:
                return _RIGHT
            if col in (COL_STATE, COL_AUTO, COL_DECISION):
                return _CENTER
        return None

    @staticmethod
    def _colour(item: ScreeningItem, col: int) -> QColor | None:
        if col == COL_AUTO:
            return {AUTO_FAIL: QColor(theme.DANGER), AUTO_WARN: QColor(WARN), AUTO_PASS: QColor(PASS_COLOUR),
                    AUTO_NONE: QColor(theme.MUTED)}[item.auto_label]
        if col == COL_DECISION:
            return {"pass": QColor(PASS_COLOUR), "reject": QColor(theme.DANGER)}.get(item.decision)
        return None
