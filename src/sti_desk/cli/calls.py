"""``sti-desk call …``: list, add, edit and show calls (申报批次/年度计划).

Amounts are 万元 (exact, e.g. ``--cap 50`` or ``--cap 12.5``); dates YYYY-MM-DD (an empty value clears a
date on ``edit``). Choices accept the code or the Chinese label (``--category key_rd`` or ``重点研发``).
The review rubric itself is set with ``sti-desk review rubric``.
"""
from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from ..domain.entities import Call
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode
from ..domain.review import RULES
from ..domain.validation import FieldErrors
from .calls_print import print_call, print_call_list
from .common import login, open_ctx, say

E = TypeVar("E", bound=Enum)

#: the option that sets each field, to say where a refused value came from
OPTION_OF = {
    "code": "批次编号", "name": "--name", "year": "--year", "category": "--category", "closes": "--closes",
    "cap": "--cap", "total_budget": "--budget", "self_funding_ratio": "--self-funding",
    "experts_per_group": "--per-group", "aggregation": "--aggregation", "disbursement_plan": "--disbursement",
}


def _labels(enum: type[Enum]) -> str:
    return "、".join(f"{m.value}（{m.label}）" for m in enum)  # type: ignore[attr-defined]


def choice(enum: type[E], text: str, option: str) -> E:
    """An enum member from its code or its Chinese label."""
    raw = text.strip()
    for member in enum:
        if raw in (member.value, member.label):  # type: ignore[attr-defined]
            return member
    raise ValidationError(f"{option}“{text}”无效，可选：{_labels(enum)}")


def money(text: str, option: str) -> Money:
    try:
        return Money.wan(text)
    except ValidationError as exc:
        raise ValidationError(f"{option}：{exc.message}（单位：万元，如 50 或 12.5）") from None


def optional_date(text: str, option: str) -> date | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"{option}“{text}”格式应为 YYYY-MM-DD，如 2026-03-01") from None


def _add_field_options(c: argparse.ArgumentParser, *, creating: bool) -> None:
    c.add_argument("--name", required=creating, metavar="名称", help="批次名称，如“2026年度重点研发计划”")
    c.add_argument("--year", type=int, required=creating, metavar="年度", help="年度，如 2026")
    c.add_argument("--category", required=creating, metavar="类别", help="类别：" + _labels(CallCategory))
    c.add_argument("--funding-mode", metavar="方式", help="资金管理方式：" + _labels(FundingMode) + "（新建默认预算制）")
    c.add_argument("--organisation", metavar="方式", help="组织方式：" + _labels(OrganisationMode) + "（新建默认竞争性评审）")
    c.add_argument("--budget-scheme", metavar="科目", help="预算科目：" + _labels(BudgetScheme) + "（新建默认三类直接费用）")
    c.add_argument("--cap", metavar="万元", help="单项资助上限（万元，0 表示不设上限）")
    c.add_argument("--budget", metavar="万元", help="批次总预算（万元）")
    c.add_argument("--opens", metavar="日期", help="申报开始日期 YYYY-MM-DD" + ("（空值表示清除）" if not creating else ""))
    c.add_argument("--closes", metavar="日期", help="申报截止日期 YYYY-MM-DD" + ("（空值表示清除）" if not creating else ""))
    c.add_argument("--self-funding", metavar="比例", help="自筹资金与财政资金之比的下限，如 1（1:1）、0.5、2:1；0 表示不要求自筹")
    c.add_argument("--per-group", type=int, metavar="人数", help="每组评审专家人数（3–25，新建默认 5；首轮抽取后不能修改）")
    c.add_argument("--aggregation", metavar="规则", help="汇总规则：" + "、".join(f"{k}（{v}）" for k, v in RULES.items()) +
                   "（新建默认 trimmed_mean；首轮抽取后不能修改）")
    c.add_argument("--disbursement", metavar="计划", help="拨付计划，各笔之和须为 100%%，如 0.7,0.3 或 70%%,30%%（新建默认 70%%/30%%）")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("call", help="申报批次（年度计划）：列出、新建、修改、查看",
                       description="申报批次（年度计划）。新建和修改需要“管理申报批次”权限（经办人）；"
                                   "评分标准用 sti-desk review rubric 设置。需登录：--user 用户名，"
                                   "密码用环境变量 STI_DESK_PASSWORD 提供。")
    cs = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))

    c = cs.add_parser("list", help="列出全部申报批次（新的年度在前）")
    c.set_defaults(handler=cmd_list)

    c = cs.add_parser("add", help="新建申报批次（经办人）",
                      description="示例：sti-desk call add 2026-ZDYF --name 2026年度重点研发计划 --year 2026 "
                                  "--category 重点研发 --cap 50 --budget 500 --opens 2026-03-01 --closes 2026-04-30")
    c.add_argument("code", metavar="批次编号", help="批次编号（字母、数字、“-”，如 2026-ZDYF；创建后不能修改，项目编号以它开头）")
    _add_field_options(c, creating=True)
    c.set_defaults(handler=cmd_add)

    c = cs.add_parser("edit", help="修改申报批次（经办人；只改给出的选项）")
    c.add_argument("code", metavar="批次编号", help="申报批次编号，如 2026-ZDYF")
    _add_field_options(c, creating=False)
    c.set_defaults(handler=cmd_edit)

    c = cs.add_parser("show", help="显示申报批次的全部设置和评分标准")
    c.add_argument("code", metavar="批次编号", help="申报批次编号，如 2026-ZDYF")
    c.set_defaults(handler=cmd_show)


def _run(args: argparse.Namespace, body) -> int:  # type: ignore[no-untyped-def]
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        return int(body(ctx.services, actor) or 0)
    finally:
        ctx.close()


def apply_options(call: Call, args: argparse.Namespace) -> Call:
    """``call`` with every option that was given; values checked here only for their form."""
    changes: dict[str, Any] = {}
    if args.name is not None:
        changes["name"] = args.name
    if args.year is not None:
        changes["year"] = args.year
    for attr, option, enum in (("category", "--category", CallCategory), ("funding_mode", "--funding-mode", FundingMode),
                               ("organisation_mode", "--organisation", OrganisationMode),
                               ("budget_scheme", "--budget-scheme", BudgetScheme)):
        text = getattr(args, attr if attr != "organisation_mode" else "organisation")
        if text is not None:
            changes[attr] = choice(enum, text, option)
    if args.cap is not None:
        changes["cap"] = money(args.cap, "--cap")
    if args.budget is not None:
        changes["total_budget"] = money(args.budget, "--budget")
    for attr in ("opens", "closes"):
        if getattr(args, attr) is not None:
            changes[attr] = optional_date(getattr(args, attr), f"--{attr}")
    for attr, value in (("self_funding_ratio", args.self_funding), ("experts_per_group", args.per_group),
                        ("aggregation", args.aggregation), ("disbursement_plan", args.disbursement)):
        if value is not None:
            changes[attr] = value.strip() if isinstance(value, str) else value
    return replace(call, **changes)


def save(services, actor, call: Call) -> int:  # type: ignore[no-untyped-def]
    """Save through the service; field problems come back naming the option to correct."""
    try:
        return services.calls.save_call(actor, call)  # type: ignore[no-any-return]
    except FieldErrors as exc:
        raise ValidationError("；".join(f"{OPTION_OF.get(k, k)}：{v}" for k, v in exc.errors.items())) from None


def cmd_list(args: argparse.Namespace) -> int:
    return _run(args, lambda s, u: print_call_list(s.calls.overview(u)))


def cmd_show(args: argparse.Namespace) -> int:
    return _run(args, lambda s, u: print_call(s.calls.details(u, args.code)))


def cmd_add(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        blank = Call(args.code.strip(), "", 0, CallCategory.KEY_RD)
        save(s, u, apply_options(blank, args))
        say(f"已新建申报批次 {args.code.strip()}")
        print_call(s.calls.details(u, args.code))
    return _run(args, body)


def cmd_edit(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        current = s.calls.get_by_code(u, args.code)
        changed = apply_options(current, args)
        if changed == current:
            say("没有给出要修改的选项（见 sti-desk call edit -h）；未做修改")
            return 0
        save(s, u, changed)
        say(f"已修改申报批次 {current.code}")
        print_call(s.calls.details(u, current.code))
    return _run(args, body)
