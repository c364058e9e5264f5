"""单位库: the table fills the page's width (the name column takes what is left), and yes is 是 in both yes/no
columns (规上工业企业, 研发机构)."""
from __future__ import annotations

from sti_desk.domain.entities import Unit

from .helpers import credit_code


def test_unit_table_fills_the_width_and_says_yes_alike(qtbot, make_window, clerk_actor, services, admin_actor):  # type: ignore[no-untyped-def]
    services.units.save_unit(admin_actor, Unit("青溪智能装备有限公司", credit_code(21), above_scale_industrial=True,
                                               has_rd_institution=True))
    window = make_window(clerk_actor, start_page="units")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done and page.model.rowCount() == 1)
    qtbot.wait(20)
    header = page.view.horizontalHeader()
    assert abs(header.length() - page.view.viewport().width()) <= 1          # no empty strip on the right
    cells = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert cells[3] == "是" and cells[4] == "是"                              # 规上工业企业, 研发机构
    window.resize(1024, 700)
    qtbot.wait(20)
    assert abs(header.length() - page.view.viewport().width()) <= 1
