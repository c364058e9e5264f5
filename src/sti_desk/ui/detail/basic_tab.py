"""The 基本信息 tab of the project detail, and the placeholder used by later stages' tabs."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.money import Money
from ...services.dto import ProjectDetail


def mask_id(id_number: str) -> str:
    """'330102199001011234' → '330102********1234' (the full number is in the edit form)."""
    return id_number[:6] + "*" * 8 + id_number[-4:] if len(id_number) == 18 else id_number


def data_label(text: str) -> QLabel:
    """A label showing a stored value (names, codes): marked so the Chinese-UI test skips user data."""
    label = QLabel(text)
    label.setProperty("dataText", True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def read_only_table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> QTableWidget:  # type: ignore[assignment]
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    height = table.horizontalHeader().sizeHint().height() + table.verticalHeader().defaultSectionSize() * \
        max(len(rows), 1) + 6
    table.setMinimumHeight(min(height, 220))
    table.setMaximumHeight(max(height, 80))
    return table


class BasicInfoTab(QScrollArea):
    def __init__(self, d: ProjectDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        period = f"{d.start_date or '未填'} 至 {d.end_date or '未填'}"
        total = d.requested + d.self_raised
        fields = [
            ("项目编号", d.code), ("申报批次", d.call_name),
            ("承担单位", d.unit_name), ("技术领域", d.field),
            ("项目负责人", d.leader_name), ("负责人身份证号", mask_id(d.leader_id_number)),
            ("执行期", period), ("经费管理", "包干制（已签署诚信承诺）" if d.lump_sum_pledge else "预算制"),
            ("申请财政资金", f"{d.requested.wan_str()} 万元"), ("自筹资金", f"{d.self_raised.wan_str()} 万元"),
            ("项目总经费", f"{total.wan_str()} 万元"),
            ("立项财政资金", f"{d.approved.wan_str()} 万元" if d.approved.fen else "尚未立项"),
        ]
        for i, (caption, value) in enumerate(fields):
            row, col = divmod(i, 2)
            name = QLabel(caption + "：")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            name.setStyleSheet("color: #555;")
            grid.addWidget(name, row, col * 2)
            grid.addWidget(data_label(value), row, col * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        summary_caption = QLabel("项目摘要：")
        summary_caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        summary_caption.setStyleSheet("color: #555;")
        grid.addWidget(summary_caption, len(fields) // 2, 0)
        grid.addWidget(data_label(d.summary or "（未填写）"), len(fields) // 2, 1, 1, 3)

        budget_box = QGroupBox("预算明细（万元）")
        rows = [[b.subject, b.fiscal.wan_str(), b.self_raised.wan_str(), (b.fiscal + b.self_raised).wan_str(),
                 b.basis] for b in d.budget_lines]
        if d.budget_lines:
            fiscal = sum((b.fiscal for b in d.budget_lines), Money(0))
            own = sum((b.self_raised for b in d.budget_lines), Money(0))
            rows.append(["合计", fiscal.wan_str(), own.wan_str(), (fiscal + own).wan_str(), ""])
        self.budget_table = read_only_table(["预算科目", "财政资金", "自筹资金", "合计", "测算依据"], rows, {1, 2, 3})
        box = QVBoxLayout(budget_box)
        box.addWidget(self.budget_table if rows else self._empty("未填写预算明细"))
        box.addStretch(1)

        team_box = QGroupBox(f"项目组成员（{len(d.team)} 人）")
        self.team_table = read_only_table(["姓名", "身份证号", "所在单位", "分工"],
                                          [[m.name, mask_id(m.id_number), m.unit_name, m.role] for m in d.team])
        box = QVBoxLayout(team_box)
        box.addWidget(self.team_table if d.team else self._empty("未填写项目组成员"))
        box.addStretch(1)

        tables = QHBoxLayout()
        tables.addWidget(budget_box, 3, Qt.AlignmentFlag.AlignTop)
        tables.addWidget(team_box, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(body)
        layout.addLayout(grid)
        layout.addLayout(tables)
        layout.addStretch(1)
        self.setWidget(body)

    @staticmethod
    def _empty(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "hint")
        label.setStyleSheet("color: #8a8a8a;")
        return label


class PlaceholderTab(QWidget):
    def __init__(self, headline: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        title = QLabel(headline)
        title.setStyleSheet("font-size: 11pt; color: #444;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(text)
        body.setStyleSheet("color: #8a8a8a;")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(2)
