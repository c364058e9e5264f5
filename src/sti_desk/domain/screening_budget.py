"""形式审查: checks on the money — cap, minimum, self-funding and the itemised budget (预算制).

Amounts compared with the request and the indirect-cost ceiling are the fiscal (财政) columns of the
budget lines; the shares used for 测算依据 (P7) and 劳务费 (P9) are of each line's total (财政 + 自筹)
over the direct-cost total (财政 + 自筹). Each function returns exactly one :class:`CheckResult`.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

from .entities import BudgetLine
from .money import Money
from .policy import BUDGET_SUBJECTS, EQUIPMENT, INDIRECT, LABOUR, FundingMode, IndirectScheme
from .screening_model import CheckResult, ScreeningInput, Severity, pct, plain_decimal, wan

_LUMP_SUM_NA = "包干制项目实行总额包干 + 诚信承诺，不审核预算明细"


def _is_lump_sum(inp: ScreeningInput) -> bool:
    return inp.call.funding_mode is FundingMode.LUMP_SUM


def _not_applicable(code: str, name: str, rule: str, severity: Severity = Severity.ERROR) -> CheckResult:
    return CheckResult(code, name, True, _LUMP_SUM_NA, rule, severity, applicable=False)


def _line_total(line: BudgetLine) -> Money:
    return line.fiscal + line.self_raised


def _abs(m: Money) -> Money:
    return m if m.fen >= 0 else -m


def _direct_lines(inp: ScreeningInput) -> list[BudgetLine]:
    return [b for b in inp.project.budget_lines if b.subject != INDIRECT]


# -- amounts of the application -------------------------------------------------------------------
def check_cap(inp: ScreeningInput) -> CheckResult:
    cap, req = inp.call.cap, inp.project.requested
    rule = "申报指南·单项资助上限"
    if cap.fen <= 0:
        return CheckResult("cap", "单项资助上限", True, "本批次未设单项资助上限", rule, applicable=False)
    if req > cap:
        return CheckResult("cap", "单项资助上限", False,
                           f"申请财政资金 {wan(req)}，超过本批次单项资助上限 {wan(cap)}（超出 {wan(req - cap)}）",
                           rule)
    return CheckResult("cap", "单项资助上限", True,
                       f"申请财政资金 {wan(req)}，未超过本批次单项资助上限 {wan(cap)}", rule)


def check_open_competition_min(inp: ScreeningInput) -> CheckResult:
    minimum, req = inp.policy.open_competition_min, inp.project.requested
    rule = f"P5 揭榜挂帅项目资助不低于 {wan(minimum)}"
    name = "揭榜挂帅最低资助额"
    if not inp.is_open_competition:
        return CheckResult("open_competition_min", name, True, "本批次不是揭榜挂帅类，不适用", rule,
                           applicable=False)
    if req < minimum:
        return CheckResult("open_competition_min", name, False,
                           f"揭榜挂帅项目申请财政资金 {wan(req)}，低于最低资助额 {wan(minimum)}", rule)
    return CheckResult("open_competition_min", name, True,
                       f"揭榜挂帅项目申请财政资金 {wan(req)}，不低于最低资助额 {wan(minimum)}", rule)


def parse_self_funding_ratio(text: str) -> Decimal:
    """The call's 自筹:财政 minimum: '1' / '1.5' / '1:1' / '2：1' → Decimal. Raises ValueError if invalid."""
    raw = (text or "0").strip().replace("：", ":") or "0"
    try:
        if ":" in raw:
            left, right = raw.split(":", 1)
            ratio = Decimal(left.strip()) / Decimal(right.strip())
        else:
            ratio = Decimal(raw)
    except (InvalidOperation, ArithmeticError, ValueError):
        raise ValueError(raw) from None
    if not ratio.is_finite() or ratio < 0:
        raise ValueError(raw)
    return ratio


def check_self_funding(inp: ScreeningInput) -> CheckResult:
    p = inp.project
    name = "自筹资金比例"
    try:
        ratio = parse_self_funding_ratio(inp.call.self_funding_ratio)
    except ValueError:
        return CheckResult("self_funding", name, False,
                           f"本批次的自筹比例“{inp.call.self_funding_ratio}”无法识别，请先修正批次设置",
                           "申报指南·自筹资金比例")
    rule = f"申报指南·自筹资金不低于申请财政资金的 {plain_decimal(ratio)} 倍（自筹:财政 ≥ {plain_decimal(ratio)}:1）"
    if ratio == 0:
        return CheckResult("self_funding", name, True, f"本批次不要求自筹资金（自筹资金 {wan(p.self_raised)}）",
                           rule, applicable=False)
    need = p.requested.times(ratio)
    if p.self_raised < need:
        return CheckResult("self_funding", name, False,
                           f"自筹资金 {wan(p.self_raised)}，低于要求的 {wan(need)}"
                           f"（申请财政资金 {wan(p.requested)} × {plain_decimal(ratio)}，差 {wan(need - p.self_raised)}）",
                           rule)
    return CheckResult("self_funding", name, True,
                       f"自筹资金 {wan(p.self_raised)}，不低于要求的 {wan(need)}"
                       f"（申请财政资金 {wan(p.requested)} × {plain_decimal(ratio)}）", rule)


# -- the itemised budget (预算制) ----------------------------------------------------------------
def check_budget_total(inp: ScreeningInput) -> CheckResult:
    rule = "预算编制·预算明细财政资金合计等于申请财政资金"
    name = "预算合计"
    if _is_lump_sum(inp):
        return _not_applicable("budget_total", name, rule)
    p = inp.project
    if not p.budget_lines:
        return CheckResult("budget_total", name, False, "预算制项目未填写预算明细", rule)
    problems = [f"科目“{b.subject}”金额为负数" for b in p.budget_lines
                if b.fiscal.fen < 0 or b.self_raised.fen < 0]
    fiscal = sum((b.fiscal for b in p.budget_lines), Money(0))
    own = sum((b.self_raised for b in p.budget_lines), Money(0))
    if fiscal != p.requested:
        problems.append(f"预算明细财政资金合计 {wan(fiscal)}，与申请财政资金 {wan(p.requested)}不一致"
                        f"（相差 {wan(_abs(fiscal - p.requested))}）")
    if own.fen and own != p.self_raised:   # self-raised columns are optional; when filled they must add up
        problems.append(f"预算明细自筹资金合计 {wan(own)}，与自筹资金 {wan(p.self_raised)}不一致"
                        f"（相差 {wan(_abs(own - p.self_raised))}）")
    if problems:
        return CheckResult("budget_total", name, False, "；".join(problems), rule)
    return CheckResult("budget_total", name, True,
                       f"预算明细财政资金合计 {wan(fiscal)}，与申请财政资金一致", rule)


def check_budget_subjects(inp: ScreeningInput) -> CheckResult:
    scheme = inp.call.budget_scheme
    allowed = BUDGET_SUBJECTS[scheme]
    rule = f"预算编制·本批次预算科目为{scheme.label}"
    name = "预算科目"
    if _is_lump_sum(inp):
        return _not_applicable("budget_subjects", name, rule)
    subjects = [b.subject for b in inp.project.budget_lines]
    unknown = [s for s in dict.fromkeys(subjects) if s not in allowed]
    repeated = [s for s, n in Counter(subjects).items() if n > 1]
    problems = []
    if unknown:
        problems.append("科目" + "、".join(f"“{s}”" for s in unknown)
                        + f"不属于本批次预算科目（{scheme.label}：{'、'.join(allowed)}）")
    if repeated:
        problems.append("科目" + "、".join(f"“{s}”" for s in repeated) + "重复填写")
    if problems:
        return CheckResult("budget_subjects", name, False, "；".join(problems), rule)
    return CheckResult("budget_subjects", name, True, f"预算科目均属于{scheme.label}", rule)


def _indirect_rule(inp: ScreeningInput) -> str:
    pol = inp.policy
    if pol.indirect_scheme is IndirectScheme.FLAT:
        return f"P6 间接费用不超过（直接费用−设备费）×{pct(pol.indirect_ceiling)}"
    return (f"P6 间接费用不超过（直接费用−设备费）按{pol.indirect_scheme.label}"
            "（500 万元以下、500–1000 万元、1000 万元以上分段）计算")


def check_indirect_cost(inp: ScreeningInput) -> CheckResult:
    rule = _indirect_rule(inp)
    name = "间接费用"
    if _is_lump_sum(inp):
        return _not_applicable("indirect_cost", name, rule)
    lines = inp.project.budget_lines
    indirect = sum((b.fiscal for b in lines if b.subject == INDIRECT), Money(0))
    direct = sum((b.fiscal for b in lines if b.subject != INDIRECT), Money(0))
    equipment = sum((b.fiscal for b in lines if b.subject == EQUIPMENT), Money(0))
    ceiling = inp.policy.indirect_cost_ceiling(direct, equipment)
    how = f"直接费用 {wan(direct)}，其中设备费 {wan(equipment)}"
    if inp.policy.indirect_scheme is IndirectScheme.FLAT:
        how += (f"，上限 =（{direct.wan_str()} − {equipment.wan_str()}）× {pct(inp.policy.indirect_ceiling)}"
                f" = {wan(ceiling)}")
    else:
        how += f"，按{inp.policy.indirect_scheme.label}分段计算上限 {wan(ceiling)}"
    if indirect > ceiling:
        return CheckResult("indirect_cost", name, False,
                           f"间接费用 {wan(indirect)}，超过上限 {wan(ceiling)}（超出 {wan(indirect - ceiling)}；{how}）",
                           rule)
    return CheckResult("indirect_cost", name, True, f"间接费用 {wan(indirect)}，未超过上限 {wan(ceiling)}（{how}）",
                       rule)


def check_calc_basis(inp: ScreeningInput) -> CheckResult:
    threshold = inp.policy.calc_basis_threshold
    rule = f"P7 占直接费用 {pct(threshold)} 及以上的科目须附测算依据"
    name = "测算依据"
    if _is_lump_sum(inp):
        return _not_applicable("calc_basis", name, rule, Severity.WARNING)
    lines = _direct_lines(inp)
    direct = sum((_line_total(b) for b in lines), Money(0))
    missing = []
    for b in lines:
        share = _line_total(b).ratio_to(direct)
        if direct.fen > 0 and share >= threshold and not (b.basis or "").strip():
            missing.append(f"“{b.subject}”{wan(_line_total(b))}（占直接费用 {pct(share)}）")
    if missing:
        return CheckResult("calc_basis", name, False,
                           "以下科目占直接费用 " + pct(threshold) + " 及以上，未填写测算依据：" + "、".join(missing),
                           rule, Severity.WARNING)
    return CheckResult("calc_basis", name, True,
                       f"占直接费用 {pct(threshold)} 及以上的科目均已填写测算依据（直接费用 {wan(direct)}）",
                       rule, Severity.WARNING)


def check_labour_ratio(inp: ScreeningInput) -> CheckResult:
    """P9: labour costs have no ratio limit. Only a cap an admin sets on purpose
    (``labour_ratio_cap``, None by default) can raise a warning; nothing ever blocks on labour."""
    cap = inp.policy.labour_ratio_cap
    rule = "P9 劳务费不设比例限制" if cap is None else f"劳务费比例参考上限 {pct(cap)}（本地政策参数）"
    name = "劳务费"
    if _is_lump_sum(inp):
        return _not_applicable("labour_ratio", name, rule, Severity.WARNING)
    lines = _direct_lines(inp)
    direct = sum((_line_total(b) for b in lines), Money(0))
    labour = sum((_line_total(b) for b in lines if b.subject == LABOUR), Money(0))
    share = labour.ratio_to(direct)
    stated = f"劳务费 {wan(labour)}，占直接费用 {pct(share)}"
    if cap is None:
        return CheckResult("labour_ratio", name, True, stated + "；劳务费不设比例限制", rule, Severity.WARNING)
    if share > cap:
        return CheckResult("labour_ratio", name, False, f"{stated}，高于参考上限 {pct(cap)}，请经办人判断",
                           rule, Severity.WARNING)
    return CheckResult("labour_ratio", name, True, f"{stated}，未超过参考上限 {pct(cap)}", rule, Severity.WARNING)


def check_lump_sum_pledge(inp: ScreeningInput) -> CheckResult:
    rule = "P4 包干制项目须签署诚信承诺"
    name = "包干制诚信承诺"
    if not _is_lump_sum(inp):
        return CheckResult("lump_sum_pledge", name, True, "本批次为预算制，不需要包干制诚信承诺", rule,
                           applicable=False)
    if not inp.project.lump_sum_pledge:
        return CheckResult("lump_sum_pledge", name, False, "包干制项目未签署诚信承诺", rule)
    return CheckResult("lump_sum_pledge", name, True, "包干制项目已签署诚信承诺", rule)
