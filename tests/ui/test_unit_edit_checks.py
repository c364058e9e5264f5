"""新建/编辑单位: a name another unit has, 联系电话 and 研发投入强度 are refused under their fields."""
from __future__ import annotations

from sti_desk.domain.entities import Unit
from sti_desk.ui.forms.unit_edit import UnitEditDialog

from .helpers import credit_code


def _dialog(qtbot, services, actor, unit_id=None):  # type: ignore[no-untyped-def]
    dialog = UnitEditDialog(services, actor, unit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_duplicate_name_phone_and_intensity_shown_under_the_fields(qtbot, qapp_configured, services, clerk_actor):  # type: ignore[no-untyped-def]
    services.units.save_unit(clerk_actor, Unit("青溪县人民医院", credit_code(1)))
    dialog = _dialog(qtbot, services, clerk_actor)
    dialog.name_edit.setText("青溪县人民医院")
    dialog.code_edit.setText(credit_code(2))
    dialog.phone_edit.setText("abc电话")
    dialog.rd_intensity_edit.setText("三成")
    assert dialog.save() is False
    assert dialog.grid.error_text("name") == (f"单位名称与已登记的“青溪县人民医院”（统一社会信用代码 {credit_code(1)}）"
                                              "相同，同一单位只登记一次")
    assert dialog.grid.error_text("phone").startswith("联系电话“abc电话”不是有效的电话号码")
    assert dialog.grid.error_text("rd_intensity").startswith("研发投入强度“三成”应为百分数")
    dialog.grab().save("/tmp/unit_checks.png")
    dialog.name_edit.setText("青溪县中医院")
    dialog.rd_intensity_edit.setText("3.5")
    dialog.phone_edit.setText("6520174")                       # doubtful: the first 保存 stops with the remark
    assert dialog.save() is False
    assert dialog.grid.error_text("phone").startswith("请核对：只有 7 位数字")
    assert dialog.save() is True                               # 保存 again keeps it as typed
    unit = services.units.get_unit(clerk_actor, dialog.unit_id)
    assert (unit.name, unit.phone, unit.rd_intensity) == ("青溪县中医院", "6520174", "3.5%")


def test_renaming_to_an_existing_name_is_refused(qtbot, qapp_configured, services, clerk_actor):  # type: ignore[no-untyped-def]
    services.units.save_unit(clerk_actor, Unit("青溪县人民医院", credit_code(1)))
    other = services.units.save_unit(clerk_actor, Unit("青溪县中医院", credit_code(2), phone="0570-6520174"))
    dialog = _dialog(qtbot, services, clerk_actor, other)
    dialog.name_edit.setText("青溪县人民医院 ")
    assert dialog.save() is False and dialog.isVisible()
    assert "已登记的“青溪县人民医院”" in dialog.grid.error_text("name")
    assert services.units.get_unit(clerk_actor, other).name == "青溪县中医院"
