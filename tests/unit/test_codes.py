import pytest
from hypothesis import given
from hypothesis import strategies as st

from sti_desk.domain.codes import (CREDIT_CODE_CHARS, credit_code_check_char, id_number_check_char,
                                   is_valid_credit_code, is_valid_id_number, normalize_credit_code,
                                   normalize_id_number)
from sti_desk.domain.errors import ValidationError

# Published examples: credit codes of real registered organisations; the GB 11643 standard's example ID.
VALID_CREDIT = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T"]
VALID_IDS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("code", VALID_CREDIT)
def test_valid_credit_codes(code):
    assert normalize_credit_code(code) == code
    assert normalize_credit_code(code.lower()) == code


@pytest.mark.parametrize("code", VALID_IDS)
def test_valid_id_numbers(code):
    assert normalize_id_number(code) == code
    assert normalize_id_number(code.lower()) == code


def test_fullwidth_and_spaces_are_tolerated():
    assert normalize_id_number("１１０１０５ １９４９１２３１００２Ｘ") == "11010519491231002X"


@pytest.mark.parametrize("code,fragment", [
    ("91350100M000100Y44", "校验位错误"),
    ("91350100M000100Y4", "应为 18 位"),
    ("91350100M0001O0Y43", "不允许的字符"),
])
def test_invalid_credit_codes(code, fragment):
    with pytest.raises(ValidationError, match=fragment):
        normalize_credit_code(code)


@pytest.mark.parametrize("code,fragment", [
    ("110105194912310021", "校验位错误"),
    ("11010519491331002X", "出生日期"),
    ("1101051949123100", "应为 18 位"),
    ("1101051949123100AX", "前 17 位须为数字"),
])
def test_invalid_id_numbers(code, fragment):
    with pytest.raises(ValidationError, match=fragment):
        normalize_id_number(code)


@pytest.mark.parametrize("empty", ["", "  ", None, "　"])
def test_an_empty_code_asks_for_it(empty):
    """Not “身份证号“”应为 18 位，实际 0 位”: nothing was typed, so say what to fill in."""
    with pytest.raises(ValidationError) as id_error:
        normalize_id_number(empty)
    assert id_error.value.message == "请填写身份证号" and id_error.value.field == "id_number"
    with pytest.raises(ValidationError) as code_error:
        normalize_credit_code(empty)
    assert code_error.value.message == "请填写统一社会信用代码" and code_error.value.field == "credit_code"


def test_empty_required_fields_of_the_forms_say_what_to_fill_in():
    from sti_desk.domain.money import Money
    from sti_desk.domain.validation import check_project_fields, check_unit_fields

    errors = check_project_fields(title="", field="", call_id=None, unit_id=None, leader_name=" ", leader_id_number="",
                                  start=None, end=None, requested=Money(0), self_raised=Money(0))
    assert errors["leader_id_number"] == "请填写身份证号" and errors["requested"].startswith("请填写申请财政资金")
    assert all(m.startswith(("请填写", "请选择")) for m in errors.values()), errors
    assert check_unit_fields(name="", credit_code="") == {"name": "请填写单位名称", "credit_code": "请填写统一社会信用代码"}


def test_id_number_stored_as_float_is_rejected_not_guessed():
    with pytest.raises(ValidationError, match="Excel 存为数字"):
        normalize_id_number(1.1010519491231e17)


@given(st.text(alphabet=CREDIT_CODE_CHARS, min_size=17, max_size=17))
def test_any_credit_code_with_its_check_char_is_valid_and_any_other_is_not(first17):
    good = credit_code_check_char(first17)
    assert is_valid_credit_code(first17 + good)
    for wrong in CREDIT_CODE_CHARS.replace(good, "")[:5]:
        assert not is_valid_credit_code(first17 + wrong)


@given(st.dates().filter(lambda d: d.year >= 1900), st.integers(min_value=0, max_value=999))
def test_any_id_with_its_check_digit_is_valid(born, seq):
    first17 = f"330102{born:%Y%m%d}{seq:03d}"
    assert is_valid_id_number(first17 + id_number_check_char(first17))
