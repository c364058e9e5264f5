"""The 基本信息 tab of the project detail, and the placeholder used by later stages' tabs."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QScrollArea, QSizePolicy, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ...domain.money import Money
from ...services.dto import ProjectDetail


def mask_id(id_number: str) -> str:
    """'330102199001011234' → '330102********1234' (the full number is in the edit form)."""
    return id_number[:6] + "*" * 8 + id_number[-4:] if len(id_number) == 18 else id_number


def data_label(text: str, *, wrap: bool = True) -> QLabel:
    """A label showing a stored value (names, codes): marked so the Chinese-UI test skips user data.
    ``wrap=False`` for a short value that must stay on one line (a person's name, a code)."""
    label = QLabel(text)
    label.setProperty("dataText", True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


class ElidedLabel(QLabel):
    """One line of stored text that ends in “…” when the space is short; the tool tip holds all of it."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("dataText", True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance(text) + 4)  # (no wider than the text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance("中" * 6), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class _GrowingTable(QTableWidget):
    """Asks for its minimum height only: the tab's scroll area sizes the page by its height for width, which
    adds up size hints, and would scroll a page whose tables could simply be shorter."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())


def read_only_table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset(),  # type: ignore[assignment]
                    *, stretch: int | None = None, widest_ems: int = 0, grow: bool = False) -> QTableWidget:
    """Cells stay on one line and end in “…” when narrow (the tool tip holds the text). ``stretch``: the
    column that takes the width left over (else the last); ``widest_ems``: no other column starts wider than
    that many 中 (0: as wide as its content). ``grow``: the table may take the height of all its rows and
    asks only for three, so a layout can give it the free space."""
    table = (_GrowingTable if grow else QTableWidget)(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            elif value:
                item.setToolTip(value)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if widest_ems:
        widest = widest_ems * table.fontMetrics().horizontalAdvance("中") + 12
        for c in range(len(headers)):
            if c != stretch and header.sectionSize(c) > widest:
                header.resizeSection(c, widest)
    if stretch is None or stretch == len(headers) - 1:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    row_height = table.verticalHeader().defaultSectionSize()
    frame = 2 * table.frameWidth() + 2
    height = header.sizeHint().height() + row_height * max(len(rows), 1) + frame
    if grow:
        scroll_bar = table.horizontalScrollBar().sizeHint().height()
        table.setMinimumHeight(min(height, header.sizeHint().height() + row_height * 3 + frame))
        table.setMaximumHeight(height + scroll_bar)  # (room for a horizontal scroll bar if it comes)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    else:
        table.setMinimumHeight(min(height + 4, 220))
        table.setMaximumHeight(max(height + 4, 80))
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
        self.budget_table = read_only_table(["预算科目", "财政资金", "自筹资金", "合计", "测算依据"], rows, {1, 2, 3},
                                            stretch=4, widest_ems=12, grow=True)
        box = QVBoxLayout(budget_box)
        box.addWidget(self.budget_table if rows else self._empty("未填写预算明细"), 1)
        box.addStretch(0 if rows else 1)  # (the table takes the height up to its last row; the rest is left here)

        team_box = QGroupBox(f"项目组成员（{len(d.team)} 人）")
        self.team_table = read_only_table(["姓名", "身份证号", "所在单位", "分工"],
                                          [[m.name, mask_id(m.id_number), m.unit_name, m.role] for m in d.team],
                                          stretch=2, widest_ems=10, grow=True)
        box = QVBoxLayout(team_box)
        box.addWidget(self.team_table if d.team else self._empty("未填写项目组成员"), 1)
        box.addStretch(0 if d.team else 1)

        # the two tables share the width and take all the height below the fields
        tables = QHBoxLayout()
        tables.addWidget(budget_box, 1)
        tables.addWidget(team_box, 1)
        layout = QVBoxLayout(body)
        layout.addLayout(grid)
        layout.addLayout(tables, 1)
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
