"""评审规则: the criterion code is the program's (内部代码): its column is hidden (English on screen otherwise)
and not editable; a renamed criterion keeps its code, a new one gets the next c-number."""
from __future__ import annotations

from PySide6.QtCore import Qt

from sti_desk.ui.calls.rubric_tab import RubricTab
from sti_desk.domain.review import default_rubric


def test_code_column_is_internal_and_read_only(qtbot):  # type: ignore[no-untyped-def]
    tab = RubricTab()
    qtbot.addWidget(tab)
    rubric = default_rubric()
    tab.fill(rubric, "trimmed_mean", 5, locked_reason=None, policy_text="")
    table = tab.criteria.table
    assert table.horizontalHeaderItem(0).text() == "内部代码" and table.isColumnHidden(0)
    shown = [table.item(0, c).text() for c in range(table.columnCount()) if not table.isColumnHidden(c)]
    assert shown[0] == "创新性" and "innovation" not in shown
    code = table.item(0, 0)
    assert code.text() == rubric.criteria[0].code and not code.flags() & Qt.ItemFlag.ItemIsEditable
    assert table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable            # the name is typed in
    table.item(0, 1).setText("创新性与先进性")                               # renamed: same code
    tab.criteria.add_row()
    new = table.rowCount() - 1
    assert not table.item(new, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert len(tab.criteria.rows()) == len(rubric.criteria)                # an untouched new row is no row
    table.item(new, 1).setText("示范带动")
    table.item(new, 2).setText("10")
    built = tab.rubric()
    assert built.criteria[0].code == rubric.criteria[0].code and built.criteria[0].name == "创新性与先进性"
    assert built.criteria[-1].name == "示范带动" and built.criteria[-1].code == "c1"
