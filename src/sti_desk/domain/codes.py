"""Identity codes with check characters.

- 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters, check character last.
- 公民身份号码 (resident ID number, GB 11643-1999): 18 characters, ISO 7064 MOD 11-2 check digit.
"""
from __future__ import annotations

from datetime import date

from .errors import ValidationError

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹｘＸ"}


def _clean(value: object) -> str:
    return str(value or "").translate(_FULLWIDTH).strip().replace(" ", "").upper()


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 of a credit code."""
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def normalize_credit_code(value: object) -> str:
    """Return the canonical credit code or raise ValidationError saying what is wrong."""
    code = _clean(value)
    if not code:
        raise ValidationError("请填写统一社会信用代码", rule="GB 32100-2015", field="credit_code")
    if len(code) != 18:
        raise ValidationError(f"统一社会信用代码“{value}”应为 18 位，实际 {len(code)} 位",
                              rule="GB 32100-2015", field="credit_code")
    bad = [c for c in code if c not in CREDIT_CODE_CHARS]
    if bad:
        raise ValidationError(f"统一社会信用代码“{value}”含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）",
                              rule="GB 32100-2015", field="credit_code")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(f"统一社会信用代码“{value}”校验位错误，应为“{expected}”",
                              rule="GB 32100-2015", field="credit_code")
    return code


def id_number_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: object) -> str:
    """Return the canonical 18-digit resident ID number or raise ValidationError."""
    if isinstance(value, float):
        raise ValidationError("身份证号已被 Excel 存为数字，末几位已丢失；请将该列设为文本后重新填写",
                              rule="GB 11643-1999", field="id_number")
    code = _clean(value)
    if not code:
        raise ValidationError("请填写身份证号", rule="GB 11643-1999", field="id_number")
    if len(code) != 18:
        raise ValidationError(f"身份证号“{value}”应为 18 位，实际 {len(code)} 位",
                              rule="GB 11643-1999", field="id_number")
    if not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise ValidationError(f"身份证号“{value}”前 17 位须为数字，末位为数字或 X",
                              rule="GB 11643-1999", field="id_number")
    try:
        date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        raise ValidationError(f"身份证号“{value}”中的出生日期 {code[6:14]} 无效",
                              rule="GB 11643-1999", field="id_number") from None
    expected = id_number_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(f"身份证号“{value}”校验位错误，应为“{expected}”",
                              rule="GB 11643-1999", field="id_number")
    return code


def is_valid_credit_code(value: object) -> bool:
    try:
        normalize_credit_code(value)
        return True
    except ValidationError:
        return False


def is_valid_id_number(value: object) -> bool:
    try:
        normalize_id_number(value)
        return True
    except ValidationError:
        return False
