"""联系电话 format remarks: mobile (11 digits), landline with area code, extensions, service numbers pass;
a 7-digit number, a short mobile number and a short landline get a Chinese remark (a warning only)."""
from __future__ import annotations

import pytest

from sti_desk.domain.phone import phone_problem, phone_refusal


@pytest.mark.parametrize("text", ["0571-88888888", "13800000000", "0570-6520174", "(0570)6520174", "057188888888",
                                  "+86 138 0000 0000", "0571-88888888 转 123", "0571-88888888-123", "400-800-1234",
                                  "13800000000/0571-88888888", "021-12345678", "", "  "])
def test_plausible_numbers_pass(text):  # type: ignore[no-untyped-def]
    assert phone_problem(text) is None


@pytest.mark.parametrize(("text", "says"), [
    ("1234567", "只有 7 位数字：固定电话缺少区号"), ("88886666", "只有 8 位数字"),
    ("138000000", "像手机号，但有 9 位数字"), ("0571-8888", "区号加号码共 8 位"),
    ("12345678901", "不像固定电话（区号-号码）或 11 位手机号"), ("13800000000、1234567", "只有 7 位数字")])
def test_doubtful_numbers_are_named(text, says):  # type: ignore[no-untyped-def]
    problem = phone_problem(text)
    assert problem is not None and says in problem



@pytest.mark.parametrize(("text", "refused"), [("无", True), ("不详", True), ("zhang@qq.com", True), ("12345", True),
                                                ("", False), ("1234567", False), ("０５７１－８８８８８８８８", False),
                                                ("0571-88888888 转 12", False)])
def test_only_what_is_no_phone_number_at_all_is_refused(text, refused):  # type: ignore[no-untyped-def]
    assert (phone_refusal(text) is not None) == refused
