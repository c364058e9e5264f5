"""Form-level checks that give one Chinese message per field (shown inline next to the field)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from .codes import normalize_credit_code, normalize_id_number
from .errors import ValidationError
from .money import Money
from .phone import phone_refusal

MAX_PERIOD_YEARS = 5


class FieldErrors(ValidationError):
    """Several field problems at once: ``errors`` maps field name → Chinese message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def check_project_fields(*, title: str, field: str, call_id: int | None, unit_id: int | None,
                         leader_name: str, leader_id_number: str, start: date | None, end: date | None,
                         requested: Money, self_raised: Money) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "请填写项目名称"
    elif len(title.strip()) > 100:
        errors["title"] = "项目名称不超过 100 个字"
    if not field:
        errors["field"] = "请选择技术领域"
    if not call_id:
        errors["call"] = "请选择申报批次"
    if not unit_id:
        errors["unit"] = "请选择申报单位"
    if not leader_name.strip():
        errors["leader_name"] = "请填写项目负责人"
    try:
        normalize_id_number(leader_id_number)
    except ValidationError as exc:
        errors["leader_id_number"] = exc.message
    if start is None:
        errors["start"] = "请填写开始日期"
    if end is None:
        errors["end"] = "请填写结束日期"
    if start and end:
        if end <= start:
            errors["end"] = "结束日期须晚于开始日期"
        elif (end.year - start.year) > MAX_PERIOD_YEARS:
            errors["end"] = f"执行期不超过 {MAX_PERIOD_YEARS} 年"
    if requested.fen == 0:   # (an empty box reads as 0)
        errors["requested"] = "请填写申请财政资金（须大于 0）"
    elif requested.fen < 0:
        errors["requested"] = "申请财政资金须大于 0"
    if self_raised.fen < 0:
        errors["self_raised"] = "自筹资金不能为负数"
    return errors


def check_team(leader_id_number: str, members: list[tuple[str, str]]) -> list[str]:
    """The problems of the 项目组成员 rows ``(name, ID number)``: one message per bad row, every bad row, each
    naming its row (and name). A missing name or a wrong ID number; the same ID number twice (naming both
    rows); the project leader as a member — the leader is stored apart (项目负责人) and listed first wherever
    the team is shown (评分表), so a team never holds the leader (the applications import leaves a leader
    listed among a file's 团队成员 out of the team for the same reason)."""
    try:
        leader = normalize_id_number(leader_id_number)
    except ValidationError:
        leader = None
    seen: dict[str, int] = {}
    problems: list[str] = []
    for n, (name, id_number) in enumerate(members, start=1):
        who = f"项目组成员第 {n} 行" + (f"（{name.strip()}）" if name.strip() else "")
        parts = [] if name.strip() else ["请填写姓名"]
        try:
            code: str | None = normalize_id_number(id_number)
        except ValidationError as exc:
            code = None
            parts.append(exc.message if str(id_number).strip() else "请填写身份证号")
        if code is not None and code == leader:
            parts.append(f"身份证号 {code} 是项目负责人的，负责人已单列，无需再列入项目组成员")
        elif code is not None and code in seen:
            parts.append(f"与第 {seen[code]} 行身份证号相同（{code}），同一人只能列一次")
        elif code is not None:
            seen[code] = n
        if parts:
            problems.append(f"{who}：{'；'.join(parts)}")
    return problems


_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)\s*%?$")


def normalise_percent(text: str, what: str = "比例") -> str:
    """A percentage typed as text (研发投入强度): '3.2%', '3.2', '３．２％' → '3.2%'; '' stays ''. Anything that is
    no number from 0 to 100 (“三成”, “-1”, “120%”) raises ValidationError naming ``what``. The Excel import
    (io.excel_values.to_percent) reads a text cell with the same rule."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    if not value:
        return ""
    m = _PERCENT.match(value)
    if not m:
        raise ValidationError(f"{what}“{value}”应为百分数，如 3.2%")
    d = Decimal(m.group(1))
    if d > 100:
        raise ValidationError(f"{what}“{value}”超过 100%")
    return f"{d.normalize():f}%"


def unit_name_taken(other_name: str, other_code: str) -> str:
    """The refusal of a unit name that another unit already has (新建/编辑单位 and the units import)."""
    return f"单位名称与已登记的“{other_name}”（统一社会信用代码 {other_code}）相同，同一单位只登记一次"


def check_unit_fields(*, name: str, credit_code: str, phone: str = "", rd_intensity: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写单位名称"
    try:
        normalize_credit_code(credit_code)
    except ValidationError as exc:
        errors["credit_code"] = exc.message
    if problem := phone_refusal(phone):
        errors["phone"] = problem
    try:
        normalise_percent(rd_intensity, "研发投入强度")
    except ValidationError as exc:
        errors["rd_intensity"] = exc.message
    return errors
