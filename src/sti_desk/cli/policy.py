"""``sti-desk policy …``: show the policy parameters (政策参数) in force, list their versions, add a version.

Every verb needs a login (anyone may read; ``set`` needs 管理员). Values are typed as the program shows
them (``indirect_ceiling=25%``, ``open_competition_min=150``, ``retention_years=不限``) and parsed exactly by
:mod:`sti_desk.domain.policy_text`; a key is the parameter's name or its Chinese label.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date

from ..domain.errors import ValidationError
from ..domain.policy_params import GROUPS, PARAMETERS, find_param, known_keys_text
from ..domain.policy_text import value_text
from ..domain.validation import FieldErrors
from ..services.policy import PolicyVersionInfo
from .common import login, open_ctx, say

_KEY_WIDTH = max(len(p.name) for p in PARAMETERS)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式应为 YYYY-MM-DD，如 2027-01-01") from exc


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("policy", help="政策参数：查看现行参数和历次版本，按生效日期新增版本",
                       description="政策参数（政策文件中的各项规则与默认数值）按生效日期分版本保存；新版本只能从今天或以后生效。")
    policy_sub = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))

    s = policy_sub.add_parser("show", help="列出某日适用的全部政策参数（取值与依据）")
    s.add_argument("--on", type=_date, metavar="日期", help="查询日期 YYYY-MM-DD（默认今天）")
    s.set_defaults(handler=cmd_show)

    v = policy_sub.add_parser("versions", help="列出政策参数的全部版本及每个版本的改动")
    v.set_defaults(handler=cmd_versions)

    c = policy_sub.add_parser(
        "set", help="新增一个政策参数版本（需管理员登录）",
        description="以生效日期当天适用的参数为基础，修改给出的参数，保存为新版本。\n"
                    "参数名见 sti-desk policy show（也可写中文名称，如“结余资金留用年限=不限”）。",
        epilog="示例：\n  sti-desk --user admin policy set --from 2027-01-01 --note \"县科发〔2026〕12号\" "
               "indirect_ceiling=25% retention_years=不限\n\n可用的参数名：\n" + known_keys_text())
    c.add_argument("--from", dest="effective_from", type=_date, required=True, metavar="日期",
                   help="生效日期 YYYY-MM-DD（今天或以后；每个日期只能有一个版本）")
    c.add_argument("--note", required=True, metavar="说明", help="说明，如依据的文件号“县科发〔2026〕12号”")
    c.add_argument("assignments", nargs="+", metavar="参数名=取值", help="要修改的参数，可给多个")
    c.set_defaults(handler=cmd_set)


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``['indirect_ceiling=25%', '结余资金留用年限=不限']`` → field name → text; unknown keys explained."""
    texts: dict[str, str] = {}
    for item in items:
        key, sep, value = item.replace("＝", "=").partition("=")
        if not sep or not key.strip():
            raise ValidationError(f"“{item}”应写成 参数名=取值，如 indirect_ceiling=25%")
        spec = find_param(key)
        if spec.name in texts:
            raise ValidationError(f"参数“{spec.title}”给了两次")
        texts[spec.name] = value
    return texts


def _run(args: argparse.Namespace, body) -> int:  # type: ignore[no-untyped-def]
    ctx = open_ctx(args)
    try:
        return int(body(ctx.services.policy, login(ctx, args)) or 0)
    except FieldErrors as exc:  # one line per refused parameter (the default joins them into one)
        print(f"错误：未保存，有 {len(exc.errors)} 处问题：", file=sys.stderr)
        for message in exc.errors.values():
            print(f"  {message}", file=sys.stderr)
        return 2
    finally:
        ctx.close()


def cmd_show(args: argparse.Namespace) -> int:
    on = args.on or date.today()

    def body(policy, actor) -> None:  # type: ignore[no-untyped-def]
        history = policy.history(actor, today=date.today())
        applying = [v for v in history if v.effective_from <= on]
        if not applying:
            raise ValidationError(f"{on:%Y-%m-%d} 之前没有生效的政策参数版本")
        version = applying[0]
        say(f"政策参数（{on:%Y-%m-%d} 适用：{version.effective_from:%Y-%m-%d} 起生效的版本，说明：{version.note}）")
        for group in GROUPS:
            say(f"\n{group}")
            for spec in (p for p in PARAMETERS if p.group == group):
                value = value_text(spec, getattr(version.params, spec.name))
                say(f"  {spec.name.ljust(_KEY_WIDTH)}  {spec.title}：{value}（依据：{spec.basis}）")
        later = [v for v in history if v.effective_from > on]
        if later:
            say("\n之后的版本：" + "，".join(f"{v.effective_from:%Y-%m-%d}（{v.note}）" for v in reversed(later)))
    return _run(args, body)


def _version_lines(v: PolicyVersionInfo) -> list[str]:
    entered = "，".join(x for x in (v.created_by, f"{v.created_at:%Y-%m-%d %H:%M}" if v.created_at else "") if x)
    lines = [f"{v.effective_from:%Y-%m-%d}  {v.status}  {v.note}" + (f"（录入：{entered}）" if entered else "")]
    if v.previous_from is None:
        lines.append("    最早的版本")
    elif v.changes:
        lines.append(f"    与 {v.previous_from:%Y-%m-%d} 起的版本相比改动 {len(v.changes)} 项：")
        lines += [f"      {c.text}" for c in v.changes]
    return lines


def cmd_versions(args: argparse.Namespace) -> int:
    def body(policy, actor) -> None:  # type: ignore[no-untyped-def]
        history = policy.history(actor)
        say(f"政策参数共 {len(history)} 个版本（按生效日期从新到旧）：")
        for v in history:
            for line in _version_lines(v):
                say(line)
    return _run(args, body)


def cmd_set(args: argparse.Namespace) -> int:
    texts = parse_assignments(args.assignments)  # before logging in: a typo costs no password check

    def body(policy, actor) -> None:  # type: ignore[no-untyped-def]
        v = policy.add_from_texts(actor, args.effective_from, args.note, texts)
        say(f"已新增政策参数版本：{v.effective_from:%Y-%m-%d} 起生效（{v.status}），说明：{v.note}")
        for line in _version_lines(v)[1:]:
            say(line)
    return _run(args, body)
