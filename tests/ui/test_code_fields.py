"""Code fields (统一社会信用代码, 身份证号) drop spaces before any length limit: a code pasted from a PDF with a
leading space, full-width spaces or spaces between its groups keeps all 18 characters."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from sti_desk.ui.forms.project_edit import ProjectEditDialog
from sti_desk.ui.forms.unit_edit import UnitEditDialog
from sti_desk.ui.review.expert_add import ExpertAddDialog

from .helpers import credit_code, id_number


def _paste(edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """As the clerk does it: Ctrl+V of ``text`` into the empty box."""
    edit.clear()
    edit.setFocus()
    QGuiApplication.clipboard().setText(text)
    edit.paste()


def _grouped(code: str) -> str:
    """“9133 0100 NRW0 ...” with a full-width space in front and a no-break space behind, as copied from a PDF."""
    return "\u3000" + " ".join(code[i:i + 4] for i in range(0, len(code), 4)) + "\u00a0"


def test_pasted_credit_code_with_spaces_keeps_its_last_character(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                                 recorder):
    code = credit_code(21)
    dialog = UnitEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("青溪县海智装备有限公司")
    _paste(dialog.code_edit, f" {code} ")
    assert dialog.code_edit.text() == code            # the leading space no longer pushes the 18th character out
    _paste(dialog.code_edit, _grouped(code))
    assert dialog.code_edit.text() == code
    assert dialog.save() is True
    assert services.units.get_unit(clerk_actor, dialog.unit_id).credit_code == code


def test_too_long_credit_code_is_not_cut_but_explained(qtbot, qapp_configured, services, clerk_actor, recorder):  # type: ignore[no-untyped-def]
    dialog = UnitEditDialog(services, clerk_actor)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("青溪县海智装备有限公司")
    _paste(dialog.code_edit, credit_code(22) + "7")
    assert dialog.code_edit.text() == credit_code(22) + "7"   # visible as pasted, so it can be compared with the paper
    assert dialog.save() is False
    assert "实际 19 位" in dialog.grid.errors["credit_code"].text()
    qtbot.keyClicks(dialog.code_edit, " ")                     # a typed space goes nowhere
    assert dialog.code_edit.text() == credit_code(22) + "7"


def test_pasted_id_numbers_with_spaces_are_whole(qtbot, qapp_configured, services, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    good = id_number(779, "19700101")
    expert = ExpertAddDialog(services, clerk_actor)
    qtbot.addWidget(expert)
    expert.show()
    _paste(expert.id_edit, _grouped(good))
    assert expert.id_edit.text() == good
    assert expert.grid.error_text("id_number") == ""      # checked as typed: 18 characters, check digit right

    project = ProjectEditDialog(services, clerk_actor)
    qtbot.addWidget(project)
    project.show()
    _paste(project.leader_id_edit, f" {good}")
    assert project.leader_id_edit.text() == good
