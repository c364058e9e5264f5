"""Identity codes and team members from cells: 身份证号 (GB 11643), 统一社会信用代码 (GB 32100), 团队成员.

A code that Excel stored as a number has already lost digits (only 15 significant digits survive), so a
numeric cell — or text such as "3.30102E+17" — is rejected with an explanation, never guessed.
"""
from __future__ import annotations

import re
from datetime import date

from sti_desk.domain.codes import normalize_credit_code, normalize_id_number
from sti_desk.domain.errors import ValidationError

from .excel_types import TeamEntry
from .excel_values import half_width, half_width_num, to_person_name

# -- identity codes -----------------------------------------------------------------------------------
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")

ID_AS_NUMBER = "身份证号已被 Excel 存为数字，末几位已丢失，请把该列设为文本后重新填写"
CREDIT_AS_NUMBER = "统一社会信用代码已被 Excel 存为数字，末几位已丢失，请把该列设为文本后重新填写"


_ID_CHECK = "10X98765432"


def _fast_id(code: str) -> str | None:
    """The common case of a well-formed ID, checked without the domain's per-character Python loop;
    None sends anything else to :func:`normalize_id_number` (which gives the precise message).

    The GB 11643 weights are 2^(17-i) mod 11, and 13 ≡ 2 (mod 11), so the weighted digit sum is
    2 · int(first17, base=13) mod 11 — one C call instead of seventeen."""
    if len(code) != 18 or not code.isascii() or not code[:17].isdigit():
        return None
    code = code.upper()
    if code[17] != _ID_CHECK[2 * int(code[:17], 13) % 11]:
        return None
    mmdd = int(code[10:14])
    month, day = divmod(mmdd, 100)
    if not (1 <= month <= 12 and 1 <= day <= 28):
        try:
            date(int(code[6:10]), month, day)
        except ValueError:
            return None
    return code


def to_id_number(value: object) -> str:
    """18-digit resident ID (GB 11643) from a text cell. A numeric cell is rejected, never guessed."""
    if value.__class__ is not str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValidationError(ID_AS_NUMBER, rule="GB 11643-1999", field="id_number")
        value = str(value)
    code = _fast_id(value)                    # the usual clean 18 ASCII characters
    if code is not None:
        return code
    clean = half_width_num(value)
    if _SCIENTIFIC.match(clean):
        raise ValidationError(ID_AS_NUMBER, rule="GB 11643-1999", field="id_number")
    return _fast_id(clean) or normalize_id_number(clean.lstrip("'"))


def to_credit_code(value: object) -> str:
    """18-character 统一社会信用代码 (GB 32100) from a text cell; a numeric cell is rejected."""
    if value.__class__ is not str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValidationError(CREDIT_AS_NUMBER, rule="GB 32100-2015", field="credit_code")
        value = str(value)
    clean = half_width_num(value)
    if _SCIENTIFIC.match(clean):
        raise ValidationError(CREDIT_AS_NUMBER, rule="GB 32100-2015", field="credit_code")
    return normalize_credit_code(clean.lstrip("'"))


# -- team members ---------------------------------------------------------------------------------------
_MEMBER_SPLIT = re.compile(r"[;；,，、\n\r]+")
_MEMBER = re.compile(r"^(.+?)\s*(?:[(（]|\s)\s*([0-9０-９XxＸｘ]{15,18}|\d(?:\.\d+)?[eE]\+?\d+)\s*[)）]?$")
_TEAM_FORMAT = "应写成“姓名:身份证号”，多人用分号隔开"


def to_team(value: object) -> list[TeamEntry]:
    """团队成员: "张三:330102…;李四:330106…" (also ；，、 or new lines between people, 张三（330102…））."""
    if not isinstance(value, str):
        raise ValidationError(f"团队成员{_TEAM_FORMAT}")
    members: list[TeamEntry] = []
    seen: set[str] = set()
    for part in _MEMBER_SPLIT.split(half_width(value)):
        name, sep, id_text = part.partition(":")
        if not sep:
            name, sep, id_text = part.partition("：")
        if not sep:
            part = part.strip()
            if not part:
                continue
            m = _MEMBER.match(part)
            if not m:
                raise ValidationError(f"团队成员“{part}”格式不对，{_TEAM_FORMAT}")
            name, id_text = m.groups()
        name = name.strip()                   # already half-width: only alignment spaces to drop
        if " " in name or "\t" in name or "•" in name or len(name) > 50:
            name = to_person_name(name)
        if not name:
            raise ValidationError(f"团队成员“{part.strip()}”缺少姓名，{_TEAM_FORMAT}")
        id_number = _fast_id(id_text.strip())
        if id_number is None:
            try:
                id_number = to_id_number(id_text)
            except ValidationError as exc:
                raise ValidationError(f"团队成员“{name}”：{exc.message}") from None
        if id_number in seen:
            raise ValidationError(f"团队成员“{name}”重复填写")
        seen.add(id_number)
        members.append(TeamEntry(name, id_number))
    return members
