"""The shared 导出 of any table: what the view shows (visible columns in screen order, filtered and sorted
rows), 万元 columns as numbers, dates as dates, counts as integers; refused without the export permission."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from sti_desk.ui.intake.table_export import TableExport, table_rows
from sti_desk.ui.review.common import table_view
from sti_desk.ui.review.models import Row, RowsModel

from .support import sheet_rows

HEADERS = ("名称", "申请金额(万元)", "开始", "登记时间", "任务数", "备注")
ROWS = [("=HYPERLINK(\"x\")", "1,234.50", "2026-05-01", "2026-05-01 09:30", "3", "甲"),
        ("茶园灌溉", "30.00", "", "2026-06-02 10:00", "0", "乙"),
        ("竹材加工", "12.35", "2027-01-01", "", "12", "丙")]


def _view(qtbot):  # type: ignore[no-untyped-def]
    model = RowsModel(HEADERS)
    model.set_rows([Row(cells, key=i, sort=(cells[0], float(cells[1].replace(",", "")), *cells[2:]))
                    for i, cells in enumerate(ROWS)])
    view, proxy = table_view(model)
    qtbot.addWidget(view)
    return view, proxy


def test_rows_as_shown(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    view, proxy = _view(qtbot)
    view.setColumnHidden(5, True)                         # 备注 hidden by the clerk
    view.horizontalHeader().moveSection(2, 0)             # 开始 dragged to the front
    proxy.sort(1, Qt.SortOrder.DescendingOrder)           # by amount, largest first
    proxy.set_search("0")                                 # leaves the rows containing a 0 (all three) …
    proxy.set_search("2026")                              # … then those with 2026 somewhere
    headers, rows = table_rows(view, {"任务数": "int"})
    assert headers == ["开始", "名称", "申请金额(万元)", "登记时间", "任务数"]
    assert rows == [[date(2026, 5, 1), "=HYPERLINK(\"x\")", Decimal("1234.50"), datetime(2026, 5, 1, 9, 30), 3],
                    ["", "茶园灌溉", Decimal("30.00"), datetime(2026, 6, 2, 10, 0), 0]]


def test_export_writes_the_shown_rows_with_numbers_and_dates(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                             saved):
    view, proxy = _view(qtbot)
    parent = QWidget()
    qtbot.addWidget(parent)
    export = TableExport(parent, view, "测试清单", "行", services, clerk_actor, kinds={"任务数": "int"})
    assert export.action.isEnabled() and export.action in view.actions()
    proxy.set_search("竹材")
    handle = export.run()
    qtbot.waitUntil(lambda: handle.done)
    assert saved["names"][0].startswith("测试清单_") and saved["texts"] == ["已导出 1 行。"]
    assert sheet_rows(saved["paths"][0]) == [list(HEADERS), ["竹材加工", 12.35, datetime(2027, 1, 1), None, 12, "丙"]]
    proxy.set_search("")
    handle = export.run()
    qtbot.waitUntil(lambda: handle.done)
    first = sheet_rows(saved["paths"][1])[1]
    assert first[0] == "=HYPERLINK(\"x\")"                # text, never a formula
    assert first[1] == 1234.5 and first[3] == datetime(2026, 5, 1, 9, 30)


def test_export_needs_the_permission(qtbot, qapp_configured, services, reviewer_actor):  # type: ignore[no-untyped-def]
    view, _ = _view(qtbot)
    parent = QWidget()
    qtbot.addWidget(parent)
    export = TableExport(parent, view, "测试清单", "行", services, reviewer_actor)
    assert not export.action.isEnabled() and not export.button().isEnabled()
    assert "无权导出" in export.action.toolTip() and export.run() is None
