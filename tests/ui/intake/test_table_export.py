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


def test_a_yes_no_column_says_no_in_the_file(qtbot, qapp_configured, services, clerk_actor, saved):  # type: ignore[no-untyped-def]
    """A yes/no column that shows only its 是 (a blank for 否) is written 是/否; so is a ``bool`` a model
    answers for the export; an empty cell of any other column stays empty."""
    from sti_desk.ui.intake.table_export import EXPORT_ROLE

    class Flags(RowsModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            if role == EXPORT_ROLE and index.column() == 2:
                return index.row() == 0                      # typed: True, False
            return super().data(index, role)

    model = Flags(("名称", "规上", "研发", "备注"))
    model.set_rows([Row(("甲公司", "是", "", ""), key=0), Row(("乙公司", "", "", "无"), key=1)])
    view, _ = table_view(model)
    qtbot.addWidget(view)
    assert table_rows(view, {"规上": "yesno"})[1] == [["甲公司", "是", "是", ""], ["乙公司", "否", "否", "无"]]
    parent = QWidget()
    qtbot.addWidget(parent)
    handle = TableExport(parent, view, "标志", "行", services, clerk_actor, kinds={"规上": "yesno"}).run()
    qtbot.waitUntil(lambda: handle.done)
    assert sheet_rows(saved["paths"][0])[1:] == [["甲公司", "是", "是", None], ["乙公司", "否", "否", "无"]]


def test_the_unit_list_export_says_no(qtbot, make_window, clerk_actor, services, admin_actor, saved):  # type: ignore[no-untyped-def]
    """单位库 → 导出: 规上工业企业 and 研发机构 read 是 or 否 in the file (a 否 used to be a blank cell)."""
    import openpyxl

    from sti_desk.domain.entities import Unit

    from ..helpers import credit_code

    services.units.save_unit(admin_actor, Unit("青溪智能装备有限公司", credit_code(21), above_scale_industrial=True))
    services.units.save_unit(admin_actor, Unit("青溪县林业技术推广中心", credit_code(22), has_rd_institution=True))
    window = make_window(clerk_actor, start_page="units")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done and page.model.rowCount() == 2)
    handle = page.exporter.run()
    qtbot.waitUntil(lambda: handle.done)
    sheet = openpyxl.load_workbook(saved["paths"][0]).worksheets[0]
    header = [c.value for c in sheet[1]]
    above, rd = header.index("规上工业企业") + 1, header.index("研发机构") + 1
    cells = {sheet.cell(r, 1).value: (sheet.cell(r, above).value, sheet.cell(r, rd).value)
             for r in range(2, sheet.max_row + 1)}
    assert cells == {"青溪智能装备有限公司": ("是", "否"), "青溪县林业技术推广中心": ("否", "是")}
