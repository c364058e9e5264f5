"""Does a 联系电话 look like a Chinese telephone number? (a warning, never a refusal)

Accepted without remark: an 11-digit mobile number (1[3-9]…, optionally +86), a landline with its area code
(0 + 2–3 digits, then a 7–8 digit number: 0571-88888888, (0570)6520174, 057088888888), optionally with an
extension (转 123, -123, ext 123), and 400/800 service numbers (10 digits). Several numbers may be separated
by / 、 , ; or a space. Anything else — 1234567 (no area code, or a mobile number cut short), 138000000 (nine digits) — gets a
Chinese remark saying what it looks like, so the clerk can check the number; the value is kept as typed,
because an unusual but real number (an extension-only line, a foreign number) must not block an import
or a save.

Only text that is clearly no telephone number at all is refused (:func:`phone_refusal`): a character that
no number has (“无”, “不详”, a name) or fewer than 7 digits (“12345”, a number cut short). The import
(io.excel_values.to_phone) and 新增/编辑专家 use the same rule.
"""
from __future__ import annotations

import re
import unicodedata

_SPLIT = re.compile(r"[/、,，;；]+|\s{2,}")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)\s*\d{1,6}$", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")          # area code (3–4 digits with the 0) + 7–8 digits
_SERVICE = re.compile(r"^[48]00\d{7}$")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _one_problem(number: str) -> str | None:
    text = _EXTENSION.sub("", number.strip()).strip()
    digits = _digits(text)
    if text.startswith("+86") or (text.startswith("86") and len(digits) == 13):
        digits = digits[2:]
    # 0571-88888888-123: a trailing group of 1–6 digits after a full landline is an extension
    parts = re.split(r"[-\s]+", text)
    if len(parts) >= 3 and _LANDLINE.match(_digits("".join(parts[:-1]))) and len(parts[-1]) <= 6:
        digits = _digits("".join(parts[:-1]))
    if _MOBILE.match(digits) or _LANDLINE.match(digits) or _SERVICE.match(digits):
        return None
    if not digits.startswith("0") and len(digits) in (7, 8):
        return (f"只有 {len(digits)} 位数字：固定电话缺少区号（应如 0571-88888888），"
                "或手机号不完整（应为 11 位）")
    if re.match(r"^1[3-9]", digits) and len(digits) != 11:
        return f"像手机号，但有 {len(digits)} 位数字（手机号应为 11 位）"
    if digits.startswith("0"):
        return f"像固定电话，但区号加号码共 {len(digits)} 位（应为 10–12 位，如 0571-88888888）"
    return f"不像固定电话（区号-号码）或 11 位手机号（共 {len(digits)} 位数字）"


def phone_problem(text: str) -> str | None:
    """None for a plausible number (or several); else a Chinese remark about the first doubtful one."""
    if not (text or "").strip():
        return None
    for number in _SPLIT.split(text.strip()):
        if number.strip():
            problem = _one_problem(number)
            if problem:
                return problem
    return None


_PHONE_CHARS = re.compile(r"^[0-9+\-() 转,/、;；ext.]+$", re.IGNORECASE)


def phone_refusal(text: str) -> str | None:
    """Why ``text`` cannot be a 联系电话 at all (None if blank or a number, doubtful or not): a character that
    no telephone number has, or fewer than 7 digits. The same rule for an import and a dialog."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value or (_PHONE_CHARS.match(value) and sum(c.isdigit() for c in value) >= 7):
        return None
    return f"联系电话“{value}”不是有效的电话号码（应为数字，如 0571-88888888 或 13800000000）"
