"""形式审查: checks on the application's completeness and the applicant's eligibility.

Each function takes a :class:`ScreeningInput` and returns exactly one :class:`CheckResult`.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from .lifecycle import ProjectState
from .screening_model import (
    MAX_PERIOD_YEARS,
    CheckResult,
    OtherApplication,
    ScreeningInput,
    Severity,
    pct,
)
from .screening_titles import normalise_title, normalised_similarity

#: Application states that do not count as an open application for 重复申报.
_CLOSED_STATES = frozenset({ProjectState.REJECTED, ProjectState.TERMINATED, ProjectState.ARCHIVED})


def missing_required_fields(inp: ScreeningInput) -> tuple[str, ...]:
    """Chinese names of the required facts the application lacks, in form order.

    Also usable for :class:`~sti_desk.domain.lifecycle.TransitionFacts.required_fields_missing`.
    """
    p = inp.project
    missing: list[str] = []
    if not (p.title or "").strip():
        missing.append("项目名称")
    if not (p.field or "").strip():
        missing.append("技术领域")
    if inp.unit is None or not p.unit_id:
        missing.append("申报单位")
    if inp.leader is None or not p.leader_id:
        missing.append("项目负责人")
    if p.start_date is None:
        missing.append("开始日期")
    if p.end_date is None:
        missing.append("结束日期")
    if p.requested.fen <= 0:
        missing.append("申请财政资金（须大于 0）")
    return tuple(missing)


def check_required_fields(inp: ScreeningInput) -> CheckResult:
    missing = missing_required_fields(inp)
    if missing:
        msg = "申报信息不完整，缺少：" + "、".join(missing)
    else:
        msg = "项目名称、技术领域、申报单位、项目负责人、执行期、申请财政资金均已填写"
    return CheckResult("required_fields", "必填项", not missing, msg, "申报指南·必填项")


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February → 28 February
        return d.replace(year=d.year + years, day=28)


def check_period(inp: ScreeningInput) -> CheckResult:
    p = inp.project
    rule = f"申报指南·执行期不超过 {MAX_PERIOD_YEARS} 年"
    name = "执行期"
    if p.start_date is None or p.end_date is None:
        absent = "、".join(n for n, v in (("开始日期", p.start_date), ("结束日期", p.end_date)) if v is None)
        return CheckResult("period", name, False, f"未填写{absent}，无法审核执行期", rule)
    start, end = p.start_date, p.end_date
    span = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    problems: list[str] = []
    if end <= start:
        problems.append(f"结束日期 {end:%Y-%m-%d} 不晚于开始日期 {start:%Y-%m-%d}")
    elif end > _add_years(start, MAX_PERIOD_YEARS):
        problems.append(f"执行期 {span} 超过 {MAX_PERIOD_YEARS} 年")
    if end < inp.today:
        problems.append(f"结束日期 {end:%Y-%m-%d} 早于审查日 {inp.today:%Y-%m-%d}，执行期已结束")
    if problems:
        return CheckResult("period", name, False, "；".join(problems), rule)
    return CheckResult("period", name, True, f"执行期 {span}，在 {MAX_PERIOD_YEARS} 年以内", rule)


def check_dishonesty(inp: ScreeningInput) -> CheckResult:
    p = inp.project
    unit_ids = {i for i in (p.unit_id, inp.unit.id if inp.unit else None) if i}
    leader_ids = {i for i in (p.leader_id, inp.leader.id if inp.leader else None) if i}
    member_ids = {m.person_id for m in p.team} - leader_ids
    hits: list[str] = []
    for bar in inp.bars:
        if not bar.is_active(inp.today):
            continue
        if bar.subject_kind == "unit" and bar.subject_id in unit_ids:
            who = "申报单位"
        elif bar.subject_kind == "person" and bar.subject_id in leader_ids:
            who = "项目负责人"
        elif bar.subject_kind == "person" and bar.subject_id in member_ids:
            who = "团队成员"
        else:
            continue
        until = f"至 {bar.bar_until:%Y-%m-%d}" if bar.bar_until else "未设截止日期"
        hits.append(f"{who}“{bar.name}”在失信惩戒期内（{until}，原因：{bar.reason or '未注明'}）")
    rule = "P12 科研诚信·失信惩戒期内不得申报"
    if hits:
        return CheckResult("dishonesty", "失信惩戒", False, "；".join(hits), rule)
    return CheckResult("dishonesty", "失信惩戒", True,
                       f"申报单位、项目负责人及团队成员在 {inp.today:%Y-%m-%d} 均不在失信惩戒期内", rule)


def _leader_name(inp: ScreeningInput) -> str:
    return f"“{inp.leader.name}”" if inp.leader else ""


def check_leader_limit(inp: ScreeningInput) -> CheckResult:
    limit = inp.policy.leader_max_active_projects
    active = list(inp.leader_active_projects)
    rule = f"申报指南·同一负责人主持在研项目不超过 {limit} 项"
    who = f"项目负责人{_leader_name(inp)}"
    if len(active) >= limit:
        listed = "、".join(f"{code}《{title}》" for code, title in active)
        msg = f"{who}已主持在研项目 {len(active)} 项（{listed}），达到上限 {limit} 项，不能再申报"
        return CheckResult("leader_limit", "负责人在研项目数", False, msg, rule)
    return CheckResult("leader_limit", "负责人在研项目数", True,
                       f"{who}主持在研项目 {len(active)} 项，未达上限 {limit} 项", rule)


def _similar_open(inp: ScreeningInput) -> list[tuple[OtherApplication, Decimal]]:
    """Open applications (not this project) whose title is near-identical to this one's."""
    own = normalise_title(inp.project.title)
    threshold = inp.policy.title_similarity_threshold
    found = []
    for other in inp.other_open_applications:
        if other.state in _CLOSED_STATES:
            continue
        if inp.project.id is not None and other.project_id == inp.project.id:
            continue
        sim = normalised_similarity(own, normalise_title(other.title))
        if sim >= threshold:
            found.append((other, sim))
    return found


def _describe(other: OtherApplication, sim: Decimal, relation: str) -> str:
    call = f"批次“{other.call_name}”（{other.call_code}）" if other.call_code else f"批次“{other.call_name}”"
    return f"{call}中的申报《{other.title}》与本项目{relation}，名称相似度 {pct(sim)}"


def check_duplicate(inp: ScreeningInput) -> CheckResult:
    p = inp.project
    threshold = inp.policy.title_similarity_threshold
    rule = f"申报指南·不得重复申报（同一单位或同一负责人，名称相似度 ≥ {pct(threshold)}）"
    hits: list[str] = []
    if normalise_title(p.title):
        for other, sim in _similar_open(inp):
            same_unit = bool(p.unit_id) and other.unit_id == p.unit_id
            same_leader = bool(p.leader_id) and other.leader_id == p.leader_id
            if same_unit and same_leader:
                hits.append(_describe(other, sim, "为同一申报单位、同一负责人"))
            elif same_unit:
                hits.append(_describe(other, sim, "为同一申报单位"))
            elif same_leader:
                hits.append(_describe(other, sim, "为同一负责人"))
        for code, title in inp.leader_active_projects:   # 重复资助: already funded under this leader
            sim = normalised_similarity(normalise_title(p.title), normalise_title(title))
            if sim >= threshold:
                hits.append(f"负责人{_leader_name(inp)}在研项目 {code}《{title}》与本项目名称相似度 {pct(sim)}")
    if hits:
        return CheckResult("duplicate", "重复申报", False, "；".join(hits), rule)
    return CheckResult("duplicate", "重复申报", True,
                       (f"开放批次中没有同一单位或同一负责人名称相似度达到 {pct(threshold)} 的申报，"
                        "负责人的在研项目中也没有名称相似的项目"), rule)


def check_similar_title(inp: ScreeningInput) -> CheckResult:
    """Near-identical titles from another unit AND another leader: not a rule breach, but worth a look
    (一题多报, copied proposals), so a warning for the clerk."""
    p = inp.project
    rule = "申报指南·不得重复申报（其他单位、其他负责人的相似申报，由经办人判断）"
    hits: list[str] = []
    if normalise_title(p.title):
        for other, sim in _similar_open(inp):
            if other.unit_id == p.unit_id or other.leader_id == p.leader_id:
                continue   # reported by check_duplicate
            by = "、".join(x for x in (other.unit_name, other.leader_name) if x)
            hits.append(_describe(other, sim, f"名称高度相似（申报方：{by or '其他单位'}）"))
    if hits:
        return CheckResult("similar_title", "相似题目", False, "；".join(hits), rule, Severity.WARNING)
    return CheckResult("similar_title", "相似题目", True, "开放批次中没有其他单位名称高度相似的申报", rule,
                       Severity.WARNING)


def check_above_scale_rd(inp: ScreeningInput) -> CheckResult:
    rule = "P14 规上工业企业申报须建有研发机构"
    name = "规上工业企业研发机构"
    unit = inp.unit
    if unit is None or not unit.above_scale_industrial:
        return CheckResult("above_scale_rd", name, True, "申报单位不是规上工业企业，不适用", rule,
                           applicable=False)
    if not unit.has_rd_institution:
        return CheckResult("above_scale_rd", name, False,
                           f"申报单位“{unit.name}”为规上工业企业，但未建有研发机构", rule)
    return CheckResult("above_scale_rd", name, True, f"申报单位“{unit.name}”为规上工业企业，已建有研发机构", rule)


def parse_rd_intensity(text: str) -> Decimal | None:
    """'3.2%' / '3.2％' / '3.2' → Decimal('3.2') (percent); None when empty or not a number."""
    cleaned = (text or "").strip().replace("％", "%").rstrip("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_post_subsidy_rd(inp: ScreeningInput) -> CheckResult:
    rule = "P15 研发投入是后补助申报的基本条件"
    name = "后补助研发投入"
    if not inp.is_post_subsidy:
        return CheckResult("post_subsidy_rd", name, True, "本批次不是后补助类，不适用", rule, applicable=False)
    unit = inp.unit
    if unit is None:
        return CheckResult("post_subsidy_rd", name, False, "未指定申报单位，无法审核研发投入", rule)
    raw = (unit.rd_intensity or "").strip()
    value = parse_rd_intensity(raw)
    if not raw:
        msg = f"后补助类申报，申报单位“{unit.name}”未填写研发投入强度"
    elif value is None:
        msg = f"后补助类申报，申报单位“{unit.name}”的研发投入强度“{raw}”无法识别为数字"
    elif value <= 0:
        msg = f"后补助类申报，申报单位“{unit.name}”研发投入强度为 {raw}，没有研发投入"
    else:
        return CheckResult("post_subsidy_rd", name, True, f"申报单位“{unit.name}”研发投入强度 {raw}", rule)
    return CheckResult("post_subsidy_rd", name, False, msg, rule)
