"""The rows of the 形式审查 page: one per project of a call, with its automatic result and the decision."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from ...domain.lifecycle import ProjectState
from ...domain.money import Money
from ...services.dto import ProjectListRow
from ...services.intake_types import ScreeningOutcome
from .. import theme

_Index = QModelIndex | QPersistentModelIndex
SCREENABLE = (ProjectState.APPLIED, ProjectState.SCREENING)

AUTO_NONE, AUTO_PASS, AUTO_FAIL, AUTO_WARN = "未检查", "通过", "不通过", "需人工判断"
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
    ("审查决定：待定", "pending"),
    ("审查决定：通过", "passed"),
    ("审查决定：不通过", "rejected"),
)


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
        o = self.outcome
        if o is None:
            return AUTO_NONE
        if not o.auto_passed:
            return AUTO_FAIL
        return AUTO_WARN if any(not c.passed for c in o.checks) else AUTO_PASS

    @property
    def decision(self) -> str:
        return self.outcome.decision if self.outcome else ""

    @property
    def decision_label(self) -> str:
        return {"pending": "待定", "pass": "通过", "reject": "不通过"}.get(self.decision, "—")

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
SortRole = Qt.ItemDataRole.UserRole + 2
_AUTO_ORDER = {AUTO_FAIL: 0, AUTO_WARN: 1, AUTO_NONE: 2, AUTO_PASS: 3}
_DECISION_ORDER = {"pending": 0, "": 1, "reject": 2, "pass": 3}


class ScreeningTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.items: list[ScreeningItem] = []

    def set_items(self, items: list[ScreeningItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def replace(self, outcome: ScreeningOutcome) -> int | None:
        for row, item in enumerate(self.items):
            if item.project_id == outcome.project_id:
                self.items[row] = ScreeningItem(item.project_id, item.code, item.title, item.unit_name,
                                                item.leader_name, outcome.state, item.requested, outcome)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

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
        item, col = self.items[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, col, role == Qt.ItemDataRole.ToolTipRole)
        if role == SortRole:
            if col == COL_MONEY:
                return item.requested.fen
            if col == COL_AUTO:
                return _AUTO_ORDER[item.auto_label]
            if col == COL_DECISION:
                return _DECISION_ORDER.get(item.decision, 9)
            return self._text(item, col, False)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(item, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_MONEY:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col in (COL_STATE, COL_AUTO, COL_DECISION):
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _text(item: ScreeningItem, col: int, tip: bool) -> str:
        if col == COL_AUTO and tip and item.outcome is not None:
            failures = item.outcome.failures
            return "\n".join(f"{c.name}：{c.status}" for c in failures) or "全部检查通过"
        return (item.code, item.title, item.unit_name, item.leader_name, item.requested.wan_str(), item.state.label,
                item.auto_label, item.decision_label)[col]

    @staticmethod
    def _colour(item: ScreeningItem, col: int) -> QColor | None:
        if col == COL_AUTO:
            return {AUTO_FAIL: QColor(theme.DANGER), AUTO_WARN: QColor(WARN), AUTO_PASS: QColor(PASS_COLOUR),
                    AUTO_NONE: QColor(theme.MUTED)}[item.auto_label]
        if col == COL_DECISION:
            return {"pass": QColor(PASS_COLOUR), "reject": QColor(theme.DANGER)}.get(item.decision)
        return None


class ScreeningFilter(QSortFilterProxyModel):
    """Status filter and a search over code, title, unit and leader; sorts by :data:`SortRole`."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.status: str | None = None
        self.needles: list[str] = []
        self.setSortRole(SortRole)

    def set_status(self, status: str | None) -> None:
        self._refilter(lambda: setattr(self, "status", status))

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "needles", text.lower().split()))

    def _refilter(self, change: Any) -> None:
        if hasattr(self, "endFilterChange"):  # Qt ≥ 6.10 (invalidateFilter is deprecated there)
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ScreeningTableModel)
        item = model.items[row]
        if not item.matches(self.status):
            return False
        key = f"{item.code}\n{item.title}\n{item.unit_name}\n{item.leader_name}".lower()
        return all(n in key for n in self.needles)

    def item_at(self, row: int) -> ScreeningItem:
        model = self.sourceModel()
        assert isinstance(model, ScreeningTableModel)
        return model.items[self.mapToSource(self.index(row, 0)).row()]

    def row_of(self, project_id: int) -> int | None:
        for row in range(self.rowCount()):
            if self.item_at(row).project_id == project_id:
                return row
        return None
