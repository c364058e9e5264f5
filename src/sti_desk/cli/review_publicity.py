"""``sti-desk review publicity …``: start, objection, resolve, finish, list (公示)."""
from __future__ import annotations

import argparse

from .common import say
from .review_print import date_arg as _date
from .review_print import run_review as _run


def register_publicity(rs: argparse._SubParsersAction) -> None:
    p = rs.add_parser("publicity", help="拟立项公示：开始、登记异议、处理异议、期满立项")
    ps = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))
    c = ps.add_parser("start", help="开始公示（经办人）：公示期按工作日计算，跳过周末和指定节假日")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--start", metavar="日期", type=_date, required=True, help="公示开始日期 YYYY-MM-DD")
    c.add_argument("--days", metavar="工作日数", type=int, help="公示工作日数（默认取政策参数，5 个工作日）")
    c.add_argument("--holiday", metavar="日期", type=_date, action="append", default=[], help="法定节假日（可多次指定）")
    c.add_argument("--workday", metavar="日期", type=_date, action="append", default=[], help="调休补班的周末（可多次指定）")
    c.set_defaults(handler=cmd_start)
    c = ps.add_parser("objection", help="登记公示异议（经办人）")
    c.add_argument("project", metavar="项目编号", help="项目编号")
    c.add_argument("--received", metavar="日期", type=_date, required=True, help="收到异议的日期 YYYY-MM-DD")
    c.add_argument("--content", metavar="内容", required=True, help="异议内容")
    c.add_argument("--from", metavar="异议人", dest="objector", default="", help="异议人（可匿名）")
    c.set_defaults(handler=cmd_objection)
    c = ps.add_parser("resolve", help="处理公示异议：成立则该项目不予立项")
    c.add_argument("objection", metavar="异议编号", type=int, help="异议编号（见 review publicity list）")
    c.add_argument("--result", metavar="处理结果", required=True, help="处理结果")
    g = c.add_mutually_exclusive_group(required=True)
    g.add_argument("--upheld", action="store_true", help="异议成立（项目不予立项）")
    g.add_argument("--dismissed", action="store_true", help="异议不成立")
    c.add_argument("--reason", metavar="理由", help="不予立项的理由（默认：公示异议成立：处理结果）")
    c.set_defaults(handler=cmd_resolve)
    c = ps.add_parser("finish", help="公示期满：没有未处理异议的项目立项（经办人）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--today", metavar="日期", type=_date, help="今天的日期（默认今天；须晚于公示结束日）")
    c.set_defaults(handler=cmd_finish)
    c = ps.add_parser("list", help="列出批次的公示及异议")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.set_defaults(handler=cmd_list)


def cmd_start(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        info = s.start_publicity(u, args.call, args.start, args.days, holidays=args.holiday,
                                 extra_workdays=args.workday)
        say(f"已开始公示：{info.start:%Y-%m-%d} 至 {info.end:%Y-%m-%d}（{info.working_days} 个工作日），"
            f"{len(info.projects)} 个拟立项项目")
        for p in info.projects:
            say(f"  {p.code}《{p.title}》")
    return _run(args, body)


def cmd_objection(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        oid = s.record_objection(u, args.project, args.received, args.content, args.objector)
        say(f"已登记公示异议，编号 {oid}")
    return _run(args, body)


def cmd_resolve(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        s.resolve_objection(u, args.objection, args.result, args.upheld, reason=args.reason)
        say(f"异议 {args.objection} 已处理：" + ("成立，项目不予立项" if args.upheld else "不成立"))
    return _run(args, body)


def cmd_finish(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        out = s.finish_publicity(u, args.call, args.today)
        say(f"公示期满，立项 {len(out.approved)} 项：{'、'.join(out.approved) or '无'}")
        for code, why in out.held:
            say(f"  暂缓 {code}：{why}")
        if not out.finished:
            say("尚有异议未处理，处理后请再次执行 review publicity finish")
    return _run(args, body)


def cmd_list(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        pubs = s.publicities(u, args.call)
        if not pubs:
            say("暂无公示")
        for p in pubs:
            state = "已结束" if p.finished_at else "进行中"
            say(f"公示 {p.id}：{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}（{state}），项目 {'、'.join(x.code for x in p.projects)}")
            for o in p.objections:
                result = "未处理" if o.upheld is None else ("成立" if o.upheld else "不成立")
                say(f"  异议 {o.id}：{o.project_code}，{o.received_on:%Y-%m-%d} 收到，{o.content}（{result}）")
    return _run(args, body)
