"""新建项目: a long 申报批次 is cut in the middle with “…” (its code stays visible), the popup is wide enough for
the whole name, and the whole name is the tool tip."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.entities import Call
from sti_desk.domain.money import Money
from sti_desk.domain.policy import CallCategory
from sti_desk.ui.forms.project_edit import ProjectEditDialog

LONG = "2026年度青溪县科技成果转化项目（包干制）第二批次（面向县域重点产业链）"


def test_long_call_name_is_elided_in_the_middle_with_a_tool_tip(qtbot, qapp_configured, services, admin_actor,  # type: ignore[no-untyped-def]
                                                                 clerk_actor):
    call_id = services.calls.save_call(admin_actor, Call(code="2026-CGZH", name=LONG, year=2026,
                                                         category=CallCategory.TRANSFER, cap=Money.wan("50"),
                                                         opens=date(2026, 1, 1), closes=date(2099, 12, 31)))
    dialog = ProjectEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.resize(760, 520)
    dialog.show()
    combo = dialog.call_combo
    combo.select(call_id)
    full = f"{LONG}（2026-CGZH）"
    assert combo.currentText() == full and combo.toolTip() == full
    shown = combo.shown_text()
    assert "…" in shown and shown.startswith("2026年度") and shown.endswith("2026-CGZH）")
    assert combo.fontMetrics().horizontalAdvance(shown) <= combo.width()
    index = combo.index_of(call_id)
    assert combo.itemData(index, 3) == full                     # Qt.ToolTipRole: the popup's items too
    assert combo.view().minimumWidth() >= combo.fontMetrics().horizontalAdvance(full)
    dialog.grab().save("/tmp/call_combo.png")
