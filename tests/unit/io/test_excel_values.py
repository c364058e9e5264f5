"""Cell value normalisers: amounts, dates, booleans, codes, team members, full-width text."""
from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sti_desk.domain.codes import id_number_check_char, is_valid_id_number
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money
from sti_desk.io.excel_codes import _fast_id, to_credit_code, to_id_number, to_team
from sti_desk.io.excel_values import (half_width, is_blank, to_bool, to_code, to_date, to_money, to_optional_money,
                                      to_percent, to_person_name, to_phone, to_text)


# -- text ---------------------------------------------------------------------------------------------
def test_full_width_digits_letters_and_spaces_become_half_width():
    assert half_width("\u3000ＡＢＣ１２３ｘｙｚ\u3000") == "ABC123xyz"
    assert to_text("　智能传感器Ｖ２　") == "智能传感器V2"
    assert to_text("（含税）") == "（含税）"          # Chinese punctuation in titles is left alone
    assert to_text(12.0) == "12" and to_text(12.5) == "12.5" and to_text(date(2024, 6, 18)) == "2024-06-18"
    assert is_blank("\u3000 ") and is_blank("") and is_blank(None) and not is_blank("0")


def test_person_names_lose_alignment_spaces_but_latin_names_keep_theirs():
    assert to_person_name("张  三") == "张三"
    assert to_person_name("阿卜杜 • 热合曼") == "阿卜杜·热合曼"
    assert to_person_name("John Smith") == "John Smith"


def test_codes_and_phones():
    assert to_code(1001.0) == "1001" and to_code(" 记－0001 ") == "记-0001"
    with pytest.raises(ValidationError, match="存为数字"):
        to_code(1.23456789012345e17)
    assert to_phone(13800000000.0) == "13800000000"
    assert to_phone("０５７１－８８８８８８８８") == "0571-88888888"
    with pytest.raises(ValidationError, match="电话"):
        to_phone("请联系办公室")


# -- money --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, unit, wan", [
    ("12.5", "万元", "12.5"), ("12.5万元", "万元", "12.5"), ("12.5万", "元", "12.5"),
    ("125,000元", "万元", "12.5"), ("125，000", "元", "12.5"), ("￥1,000.00", "元", "0.1"),
    ("¥ 1,000.00元", "万元", "0.1"), ("１２.５", "万元", "12.5"), ("RMB 500", "元", "0.05"),
    (12.5, "万元", "12.5"), (125000.0, "元", "12.5"), (50, "万元", "50"), (Decimal("0.01"), "元", "0.000001"),
    (0.1 + 0.2, "万元", "0.3"), ("0", "万元", "0"), ("12.", "万元", "12"),
])
def test_amount_forms(raw, unit, wan):
    assert to_money(raw, unit) == Money.wan(wan)


def test_amount_float_goes_through_decimal_not_float_arithmetic():
    # 1.15 万元 is 11,500 元: float arithmetic (1.15 * 1_000_000 = 1149999.9999999998) would lose a 分
    assert to_money(1.15, "万元").fen == 1_150_000
    assert to_money(19.99, "元").fen == 1999


@pytest.mark.parametrize("raw", ["abc", "12.5美元", "1,2,3", "1.2.3", "--5", True, float("nan"), time(1, 2)])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(ValidationError, match="金额"):
        to_money(raw, "万元")


def test_negative_amounts_are_refused_and_dash_means_nothing_only_for_optional_amounts():
    with pytest.raises(ValidationError, match="不能为负数"):
        to_money("-5", "万元")
    with pytest.raises(ValidationError, match="不能为负数"):
        to_money(-5.0, "元")
    assert to_optional_money("—", "万元") == Money(0) and to_optional_money("/", "元") == Money(0)
    with pytest.raises(ValidationError):
        to_money("—", "万元")


fen_amounts = st.integers(min_value=0, max_value=10**13)


@given(fen_amounts)
def test_money_round_trips_through_wan_and_yuan_text(fen):
    m = Money(fen)
    assert to_money(f"{m.as_wan}万元", "元") == m
    assert to_money(f"{m.as_yuan}元", "万元") == m
    assert to_money(f"{m.as_yuan:,}", "元") == m            # thousands separators
    assert to_money(f"￥{m.as_yuan:,.2f}", "元") == m
    assert to_money(str(m.as_wan), "万元") == m


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_money_from_float_cells_in_yuan_is_exact_to_the_fen(yuan, fen):
    value = float(f"{yuan}.{fen:02d}")                     # what Excel stores for a typed amount
    assert to_money(value, "元") == Money(yuan * 100 + fen)


# -- dates --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [
    "2024-06-18", "2024/6/18", "2024.6.18", "2024年6月18日", "2024 年 6 月 18 日", "20240618", "２０２４－０６－１８",
    "2024-06-18 00:00:00", date(2024, 6, 18), datetime(2024, 6, 18, 9, 30), 45461, 45461.0, 45461.75, 20240618.0,
    "45461",
])
def test_date_forms(raw):
    assert to_date(raw) == date(2024, 6, 18)


@pytest.mark.parametrize("raw, words", [
    ("2024-02-30", "不存在"), ("2024-13-01", "不存在"), ("明年六月", "无法识别"), ("2024-06", "无法识别"),
    (2024.0, "不是有效日期"), (100, "不是有效日期"), (time(9, 0), "没有日期"),
])
def test_bad_dates_say_why(raw, words):
    with pytest.raises(ValidationError, match=words):
        to_date(raw)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 30)))
def test_excel_serials_and_text_forms_agree(d):
    serial = (d - date(1899, 12, 30)).days
    assert to_date(serial) == to_date(float(serial)) == d
    assert to_date(f"{d.year}年{d.month}月{d.day}日") == to_date(f"{d:%Y/%m/%d}") == d


# -- booleans, percentages ------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, expected", [
    ("是", True), ("否", False), ("Y", True), ("n", False), ("√", True), ("×", False), ("有", True), ("无", False),
    (True, True), (0.0, False), (1.0, True), ("TRUE", True), ("ｙ", True),
])
def test_booleans(raw, expected):
    assert to_bool(raw) is expected


def test_bad_boolean():
    with pytest.raises(ValidationError, match="是.*否"):
        to_bool("也许")


def test_percentages():
    assert to_percent(0.032) == "3.2%" and to_percent("3.2%") == "3.2%" and to_percent("3.2") == "3.2%"
    assert to_percent(5.0) == "5%" and to_percent("２.５％") == "2.5%"
    with pytest.raises(ValidationError):
        to_percent("很高")


# -- identity codes -------------------------------------------------------------------------------------
def test_id_number_stored_as_number_is_rejected_with_the_reason(mf):
    for raw in (3.30102199001011e17, 330102199001011234, "3.30102E+17"):
        with pytest.raises(ValidationError) as err:
            to_id_number(raw)
        assert err.value.message == "身份证号已被 Excel 存为数字，末几位已丢失，请把该列设为文本后重新填写"
    assert to_id_number(mf.ID_1.lower()) == mf.ID_1
    assert to_id_number(f" {mf.ID_2} ") == mf.ID_2
    assert to_id_number("３３０１０６１９９００１０１１２３" + mf.ID_1[-1]) == mf.ID_1


def test_bad_id_numbers_use_the_domain_messages(mf):
    with pytest.raises(ValidationError, match="校验位"):
        to_id_number(mf.ID_1[:17] + ("0" if mf.ID_1[17] != "0" else "1"))
    with pytest.raises(ValidationError, match="18 位"):
        to_id_number("3301061990")


def test_fast_id_check_agrees_with_the_domain():
    rng = random.Random(20240618)
    for _ in range(3000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        for code in (first17 + id_number_check_char(first17), first17 + rng.choice("0123456789X")):
            assert (_fast_id(code) is not None) == is_valid_id_number(code), code


def test_credit_codes(mf):
    assert to_credit_code(mf.UNIT_A.lower()) == mf.UNIT_A
    with pytest.raises(ValidationError, match="存为数字"):
        to_credit_code(9.13301e17)
    with pytest.raises(ValidationError, match="校验位"):
        to_credit_code(mf.UNIT_A[:17] + ("0" if mf.UNIT_A[17] != "0" else "1"))


# -- team members ---------------------------------------------------------------------------------------
def test_team_members_in_the_usual_forms(mf):
    expected = [("李四", mf.ID_2), ("王五", mf.ID_3)]
    for text in (f"李四:{mf.ID_2};王五:{mf.ID_3}", f"李四：{mf.ID_2}；王五：{mf.ID_3}",
                 f"李四（{mf.ID_2}）、王五（{mf.ID_3}）", f"李四 {mf.ID_2}\n王五 {mf.ID_3}\n",
                 f"李四:{mf.ID_2}, 王五:{mf.ID_3};"):
        assert [tuple(m) for m in to_team(text)] == expected, text


def test_team_member_errors_name_the_member(mf):
    with pytest.raises(ValidationError, match="团队成员“李四”.*校验位"):
        to_team(f"李四:{mf.ID_2[:17]}{'0' if mf.ID_2[17] != '0' else '1'}")
    with pytest.raises(ValidationError, match="格式不对"):
        to_team("李四、王五")
    with pytest.raises(ValidationError, match="重复"):
        to_team(f"李四:{mf.ID_2};李四:{mf.ID_2}")
    with pytest.raises(ValidationError, match="存为数字"):
        to_team("李四:3.30106E+17")
