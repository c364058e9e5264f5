"""预算明细 of the project dialog offers the subjects of the chosen call's scheme: 三类直接费用 for a 2021-style
call, the old 九项 for a traditional one (not both mixed)."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from sti_desk.domain.entities import Call
from sti_desk.domain.money import Money
from sti_desk.domain.policy import BUDGET_SUBJECTS, BudgetScheme, CallCategory
from sti_desk.ui.forms.project_edit import ProjectEditDialog


def _editor_items(dialog: ProjectEditDialog) -> list[str]:
    table = dialog.budget.table
    index = table.model().index(0, 0)
    editor = table.itemDelegate().createEditor(table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QComboBox)
    items = [editor.itemText(i) for i in range(editor.count())]
    editor.deleteLater()
    return items


def test_subjects_follow_the_calls_scheme(qtbot, qapp_configured, services, clerk_actor, admin_actor, seeded):  # type: ignore[no-untyped-def]
    old = services.calls.save_call(admin_actor, Call(
        code="2020-ZD", name="2020年度重点研发计划", year=2020, category=CallCategory.KEY_RD, cap=Money.wan("50"),
        opens=date(2020, 1, 1), closes=date(2099, 12, 31), budget_scheme=BudgetScheme.TRADITIONAL))
    dialog = ProjectEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.call_combo.select(seeded["call"])                      # 三类直接费用 (the default scheme)
    dialog.budget.add_row()
    assert _editor_items(dialog) == list(BUDGET_SUBJECTS[BudgetScheme.SIMPLIFIED])
    assert "材料费" not in _editor_items(dialog)
    assert dialog.budget.rows() == []                               # a row with only a subject is not a line
    dialog.call_combo.select(old)                                   # the old 九项 科目
    assert _editor_items(dialog) == list(BUDGET_SUBJECTS[BudgetScheme.TRADITIONAL])
    assert "业务费" not in _editor_items(dialog)
    assert "九项科目" in dialog.budget.table.horizontalHeaderItem(0).toolTip()
