"""单位库: a name another unit has is refused (spaces and full-width brackets ignored), in the dialog's
service and in the units import; 联系电话 and 研发投入强度 are checked like the import checks them."""
from __future__ import annotations

import pytest

from sti_desk.domain.entities import Unit
from sti_desk.domain.validation import FieldErrors, normalise_percent
from tests.integration.conftest import make_credit_code


def test_a_new_unit_with_the_name_of_another_is_refused(ctx, clerk):
    s = ctx.services.units
    s.save_unit(clerk, Unit("青溪县人民医院（城东院区）", make_credit_code(1)))
    with pytest.raises(FieldErrors) as err:
        s.save_unit(clerk, Unit(" 青溪县 人民医院(城东院区) ", make_credit_code(2)))
    assert err.value.errors == {"name": f"单位名称与已登记的“青溪县人民医院（城东院区）”（统一社会信用代码 "
                                        f"{make_credit_code(1)}）相同，同一单位只登记一次"}
    assert [u.name for u in s.list_units(clerk)] == ["青溪县人民医院（城东院区）"]


def test_renaming_a_unit_to_the_name_of_another_is_refused_keeping_its_own_name(ctx, clerk):
    s = ctx.services.units
    first = s.save_unit(clerk, Unit("青溪县人民医院", make_credit_code(1)))
    second = s.save_unit(clerk, Unit("青溪县中医院", make_credit_code(2)))
    unit = s.get_unit(clerk, second)
    unit.name = "青溪县人民医院"
    with pytest.raises(FieldErrors, match="已登记的“青溪县人民医院”") as err:
        s.save_unit(clerk, unit)
    assert set(err.value.errors) == {"name"}
    own = s.get_unit(clerk, first)                      # saving a unit under its own name is fine
    own.address = "青溪县城关镇 1 号"
    s.save_unit(clerk, own)
    assert s.get_unit(clerk, second).name == "青溪县中医院"


def test_name_and_code_clash_are_both_named(ctx, clerk):
    s = ctx.services.units
    s.save_unit(clerk, Unit("青溪县人民医院", make_credit_code(1)))
    with pytest.raises(FieldErrors) as err:
        s.save_unit(clerk, Unit("青溪县人民医院", make_credit_code(1)))
    assert set(err.value.errors) == {"name", "credit_code"}


def test_phone_and_rd_intensity_are_checked(ctx, clerk):
    s = ctx.services.units
    with pytest.raises(FieldErrors) as err:
        s.save_unit(clerk, Unit("青溪测试单位有限公司", make_credit_code(3), phone="abc电话", rd_intensity="三成"))
    assert err.value.errors["phone"].startswith("联系电话“abc电话”不是有效的电话号码")
    assert err.value.errors["rd_intensity"] == "研发投入强度“三成”应为百分数，如 3.2%"
    uid = s.save_unit(clerk, Unit("青溪测试单位有限公司", make_credit_code(3), phone="1234567", rd_intensity="３.２０"))
    unit = s.get_unit(clerk, uid)
    assert (unit.phone, unit.rd_intensity) == ("1234567", "3.2%")   # a doubtful number is kept; % stored


@pytest.mark.parametrize("text, shown", [("3.2%", "3.2%"), ("3.2", "3.2%"), ("３．２％", "3.2%"), ("100", "100%"),
                                         ("0", "0%"), ("", "")])
def test_normalise_percent(text, shown):
    assert normalise_percent(text) == shown


@pytest.mark.parametrize("text, message", [("三成", "应为百分数"), ("-1", "应为百分数"), ("120%", "超过 100%"),
                                           ("3.2‰", "应为百分数")])
def test_normalise_percent_refusals(text, message):
    with pytest.raises(Exception, match=message):
        normalise_percent(text)


def test_two_units_stored_with_one_name_before_the_check_can_still_be_edited(ctx, clerk):
    from sti_desk.db.tables import UnitRow

    s = ctx.services.units
    s.save_unit(clerk, Unit("青溪县人民医院", make_credit_code(1)))
    second = s.save_unit(clerk, Unit("青溪县医院", make_credit_code(2)))
    with ctx.db.uow(clerk) as uow:                             # as an older version let it be saved (audited)
        uow.get(UnitRow, second, "单位").name = "青溪县人民医院"
        uow.commit()
    unit = s.get_unit(clerk, second)
    unit.address = "青溪县城关镇 2 号"
    s.save_unit(clerk, unit)                                   # keeps its name: saved
    assert s.get_unit(clerk, second).address == "青溪县城关镇 2 号"
