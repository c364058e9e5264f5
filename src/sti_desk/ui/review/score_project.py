"""The read-only part of the score form that 预算合理性 and 团队基础 are judged on: the project's 预算明细
(subject, fiscal and self-raised amounts in 万元, the basis of the estimate) and its 项目组成员 (name, unit,
role — a reviewer never sees ID numbers). Filled from :class:`ScoreForm`, which the service builds for the
reviewer's own assignment only."""
from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QTableView, QTabWidget, QWidget

from ...domain.money import Money
from ...services.review_dto import ScoreForm
from .common import table_view
from .models import Row, RowsModel

BUDGET_HEADERS = ("预算科目", "财政资金(万元)", "自筹资金(万元)", "测算依据")
TEAM_HEADERS = ("姓名", "单位", "分工")
VISIBLE_ROWS = 5          # the tables show this many rows before they scroll


def _fit(view: QTableView, rows: int) -> None:
    """As tall as ``rows`` rows (at most :data:`VISIBLE_ROWS`, at least two) plus the header."""
    shown = max(2, min(rows, VISIBLE_ROWS))
    height = view.horizontalHeader().sizeHint().height() + shown * view.verticalHeader().defaultSectionSize() + 4
    view.setFixedHeight(height)
    view.resize(view.width(), height)


class ProjectParts(QTabWidget):
    """Two tabs: 预算明细 (with a 合计 line) and 项目组成员."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.budget_model = RowsModel(BUDGET_HEADERS, right=(1, 2))
        self.budget_view, _ = table_view(self.budget_model, (10, 7, 7, 20), sortable=False)
        self.team_model = RowsModel(TEAM_HEADERS)
        self.team_view, _ = table_view(self.team_model, (6, 18, 8), sortable=False)
        for view in (self.budget_view, self.team_view):
            view.setProperty("dataText", True)
        self.addTab(self.budget_view, "预算明细")
        self.addTab(self.team_view, "项目组成员")
        # as tall as the tables (the sheet's free height goes below its last line, not into the tabs)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def show_form(self, form: ScoreForm) -> None:
        rows = [Row((b.subject, b.fiscal.wan_str(), b.self_raised.wan_str(), b.basis),
                    tips={3: b.basis}) for b in form.budget_lines]
        if rows:
            fiscal = sum((b.fiscal for b in form.budget_lines), Money.zero())
            raised = sum((b.self_raised for b in form.budget_lines), Money.zero())
            rows.append(Row(("合计", fiscal.wan_str(), raised.wan_str(), ""), bold=True))
        else:
            rows.append(Row(("申报书中没有预算明细（如包干制项目），请参考上方的申请财政资金和自筹资金。", "", "", "")))
        self.budget_model.set_rows(rows)
        team = [Row((m.name, m.unit_name, m.role)) for m in form.team] or [Row(("申报书中没有填写项目组成员。", "", ""))]
        self.team_model.set_rows(team)
        for view, empty, columns in ((self.budget_view, not form.budget_lines, 4), (self.team_view, not form.team, 3)):
            view.clearSpans()
            if empty:
                view.setSpan(0, 0, 1, columns)      # the note reads across the row
        _fit(self.budget_view, len(rows))
        _fit(self.team_view, len(team))
        # a QTabWidget is as tall as its pages' size hints (a table's is ~190 px, whatever its fixed height)
        pages = max(self.budget_view.height(), self.team_view.height())
        self.setFixedHeight(self.tabBar().sizeHint().height() + pages + 2 * self.style().pixelMetric(
            self.style().PixelMetric.PM_DefaultFrameWidth) + 2)
        self.setTabText(0, f"预算明细（{len(form.budget_lines)} 项）")
        self.setTabText(1, f"项目组成员（{len(form.team)} 人）")
