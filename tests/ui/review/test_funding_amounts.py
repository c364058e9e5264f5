"""Amounts in the funding list are typed in 万元 through the shared MoneyEdit: a comma used as a decimal point
(“1,5”) stays in view and is refused with the reason (it became 15); amounts show 2 decimals once typed
(25.5 → 25.50, 18 → 18.00), as the rest of the list does."""
from __future__ import annotations

from sti_desk.domain.money import Money
from sti_desk.ui.forms.fields import MoneyEdit

from .test_manager_results import _closed, _manager_page


def _type(qtbot, dialog, row, text):  # type: ignore[no-untyped-def]
    """Type into an amount box (through its validator) and leave it (editingFinished, as Tab would)."""
    edit = dialog.amounts[row]
    edit.clear()
    qtbot.keyClicks(edit, text)
    edit.editingFinished.emit()
    return edit


def test_comma_is_refused_and_amounts_show_two_decimals(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                        admin_actor, manager_actor, recorder):
    _closed(services, app_ctx, clerk_actor, admin_actor)
    _, page = _manager_page(qtbot, make_window, manager_actor)
    dialog = page.results.open_funding()
    qtbot.addWidget(dialog)
    dialog.set_checked(0)
    dialog.set_checked(1)
    code = dialog.rows[0].project.code
    edit = _type(qtbot, dialog, 0, "1,5")
    assert edit.text() == "1,5"                                    # not 15
    assert f"项目 {code}：“1,5”中有逗号：金额以万元为单位，小数点请用“.”" in dialog.problems_label.text()
    assert not dialog.ok_button.isEnabled()
    assert _type(qtbot, dialog, 0, "25.5").text() == "25.50"
    assert _type(qtbot, dialog, 1, "18").text() == "18.00"
    assert dialog.problems_label.text() == "" and dialog.ok_button.isEnabled()
    assert "合计 43.50 万元" in dialog.total_label.text()
    assert dialog.items()[0][:2] == [(code, dialog.rows[0].requested, Money.wan("25.5")),
                                     (dialog.rows[1].project.code, dialog.rows[1].requested, Money.wan(18))]


def test_money_edit_refuses_commas_and_keeps_every_fen(qtbot):  # type: ignore[no-untyped-def]
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    for text in ("1,5", "1,234.50", "1，5"):
        edit.setText(text)
        try:
            edit.money()
        except Exception as exc:  # noqa: BLE001 - the message is what matters
            assert "中有逗号" in str(exc)
        else:
            raise AssertionError(f"{text} 应被拒绝")
    edit.setText("0.000001")
    edit.editingFinished.emit()
    assert edit.text() == "0.000001" and edit.money() == Money(1)
    edit.setText("7")
    edit.editingFinished.emit()
    assert edit.text() == "7.00"
