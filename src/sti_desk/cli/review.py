"""``sti-desk review …``: expert review, funding decision and publicity from the command line."""
from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from ..domain.calls import MAX_EXPERTS_PER_GROUP, MIN_EXPERTS_PER_GROUP, group_size_problem
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.review import EMPTY_FUNDING_LIST
from ..services.review_dto import ConfirmationNeeded, ScoreForm, pending_deadlines
from .common import check_input_file, say
from .review_print import (date_arg as _date, fmt_points, print_draw, print_record, print_results, print_status,
                           run_review as _run)
from .review_publicity import register_publicity
from .review_rubric import register_rubric


def _items(text: str) -> list[tuple[str, Money]]:
    out = []
    for part in (p for p in text.replace("，", ",").split(",") if p.strip()):
        code, sep, amount = part.partition("=")
        if not sep or not code.strip():
            raise ValidationError(f"资助清单“{part}”应写成 项目编号=万元，如 2026-CGZH-0003=45.5")
        out.append((code.strip(), Money.wan(amount.strip())))
    if not out:
        raise ValidationError(f"--items 中没有任何项目。{EMPTY_FUNDING_LIST}（写成 项目编号=万元，如 2026-CGZH-0003=45.5）")
    return out


def _per_group(text: str) -> int:
    try:
        size = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"每组评审专家人数“{text}”应为整数") from exc
    problem = group_size_problem(size)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return size


def _marks(text: str | None) -> dict[str, str]:
    """``innovation=25,technical=20`` → {code: text}; ``innovation=`` (no value) clears that criterion."""
    out = {}
    for part in (p for p in (text or "").replace("，", ",").split(",") if p.strip()):
        code, sep, value = part.partition("=")
        if not sep:
            raise ValidationError(f"评分“{part}”应写成 评分项代码=分数，如 innovation=25.5")
        out[code.strip()] = value.strip()
    return out


def merge_draft(form: ScoreForm, marks: dict[str, str], comment: str | None,
                recommendation: str | None) -> tuple[dict[str, object], str, str]:
    """The whole score sheet to save when the command line gives only part of it: the given criteria
    replace the stored ones (a blank value clears one), the rest of the reviewer's own draft is kept, and
    so are the comment and recommendation unless given (the service saves a sheet as a whole form)."""
    merged: dict[str, object] = {**form.marks, **marks}
    return ({k: v for k, v in merged.items() if str(v).strip()},
            form.comment if comment is None else comment,
            form.recommendation if recommendation is None else recommendation)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="专家评审：抽取专家、评分表、汇总排序、拟立项与公示",
                       description="专家评审（第 3 步）与拟立项/公示（第 4 步）。需登录：--user 用户名，"
                                   "密码用环境变量 STI_DESK_PASSWORD 提供。")
    rs = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))

    c = rs.add_parser("draw", help="为批次中处于“专家评审”阶段的项目随机抽取评审专家（经办人）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号，如 2026-CGZH")
    c.add_argument("--per-group", metavar="人数", type=_per_group,
                   help=f"每组评审专家人数（{MIN_EXPERTS_PER_GROUP}–{MAX_EXPERTS_PER_GROUP}，默认取批次设置）")
    c.add_argument("--reserves", metavar="人数", type=int, default=2, help="每组备选专家人数（默认 2）")
    c.add_argument("--seed", metavar="种子", help="随机种子（不填则自动生成并记录；同样的数据和种子得到同样的抽取结果）")
    c.add_argument("--deadline", metavar="日期", type=_date, help="评分截止日期 YYYY-MM-DD")
    c.add_argument("--today", metavar="日期", type=_date, help="抽取日期（默认今天；回避声明按此日期判断是否有效）")
    c.set_defaults(handler=lambda a: _run(a, lambda s, u: print_draw(s.draw(
        u, a.call, a.per_group, a.reserves, a.seed, today=a.today, deadline=a.deadline))))

    c = rs.add_parser("record", help="显示抽取记录：抽中、备选、回避及理由（经办人、分管领导）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--round", metavar="轮次", type=int, help="第几轮（默认最近一轮）")
    c.add_argument("--lots", action="store_true", help="同时列出每位可抽专家的随机数")
    c.set_defaults(handler=lambda a: _run(a, lambda s, u: print_record(s.draw_record(u, a.call, a.round), a.lots)))

    c = rs.add_parser("verify", help="用记录的种子和输入重新抽取，核对抽取记录")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--round", metavar="轮次", type=int, help="第几轮（默认最近一轮）")
    c.set_defaults(handler=cmd_verify)

    c = rs.add_parser("replace", help="专家退出本组评审，由备选专家按同样的回避规则替补（经办人）")
    c.add_argument("assignment", metavar="任务编号", type=int, help="评审任务编号（见 review status 或 review record）")
    c.add_argument("--reason", metavar="理由", required=True, help="退出原因")
    c.add_argument("--from-pool", action="store_true", help="备选专家用完时从专家库补抽")
    c.set_defaults(handler=cmd_replace)

    c = rs.add_parser("decline", help="登记专家对某一项目回避，不再替补（经办人）")
    c.add_argument("assignment", metavar="任务编号", type=int, help="评审任务编号")
    c.add_argument("--reason", metavar="理由", required=True, help="回避原因")
    c.set_defaults(handler=cmd_decline)

    c = rs.add_parser("sheets", help="为每位专家生成离线评分表（Excel，受保护，带校验码）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("outdir", metavar="输出文件夹", type=Path, help="输出文件夹")
    c.set_defaults(handler=cmd_sheets)

    c = rs.add_parser("import-scores", help="导入专家填好的离线评分表（有错误则整表不导入）")
    c.add_argument("file", metavar="文件", type=Path, help="评分表文件 .xlsx")
    c.add_argument("--expert", metavar="专家编号", type=int, help="核对该评分表属于此专家编号")
    c.add_argument("--draft", action="store_true", help="只暂存，不提交")
    c.set_defaults(handler=cmd_import)

    c = rs.add_parser("status", help="评审进度：谁已提交、谁未提交")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--today", metavar="日期", type=_date, help="判断逾期的日期（默认今天）")
    c.set_defaults(handler=lambda a: _run(a, lambda s, u: print_status(s.status(u, a.call, today=a.today))))

    c = rs.add_parser("deadline", help="设置、修改或取消本轮评分截止日期（经办人；修改须写原因）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("date", metavar="日期", nargs="?", type=_date, help="新的截止日期 YYYY-MM-DD（不填并加 --clear 表示取消）")
    c.add_argument("--clear", action="store_true", help="取消截止日期")
    c.add_argument("--reason", metavar="理由", default="", help="修改原因（修改已有截止日期时必填）")
    c.set_defaults(handler=cmd_deadline)

    c = rs.add_parser("close", help="结束评审（全部评分已提交或已登记回避/替补）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.set_defaults(handler=cmd_close)

    c = rs.add_parser("results", help="评审结果：得分、去掉的分数、分歧、排序（评审结束后）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--round", metavar="轮次", type=int, help="第几轮（默认最近结束的一轮）")
    c.add_argument("--z", action="store_true", help="同时显示标准分（z 分数）")
    c.add_argument("--explain", action="store_true", help="显示每个项目得分的计算说明")
    c.set_defaults(handler=lambda a: _run(a, lambda s, u: print_results(s.results(u, a.call, a.round, with_z=a.z),
                                                                        a.explain)))

    c = rs.add_parser("approve", help="审批资助清单：列入的项目拟立项，其余不予立项（分管领导）")
    c.add_argument("call", metavar="批次编号", help="申报批次编号")
    c.add_argument("--items", metavar="项目编号=万元,…", required=True, help="项目编号=拟资助万元，逗号分隔，如 2026-CGZH-0003=45,2026-CGZH-0007=30.5")
    c.add_argument("--note", metavar="依据", default="", help="决定依据，如“2026年第3次局务会研究”")
    c.add_argument("--reject-reason", metavar="理由", default="评审未入选", help="未列入项目的理由（默认：评审未入选）")
    c.add_argument("--confirm-over-budget", action="store_true", help="确认总额超出批次预算仍按此决定")
    c.add_argument("--today", metavar="日期", type=_date, help="决定日期（默认今天）")
    c.set_defaults(handler=cmd_approve)

    c = rs.add_parser("mine", help="（评审专家）我的评审任务")
    c.set_defaults(handler=cmd_mine)
    c = rs.add_parser("score", help="（评审专家）填写或提交评分：只改给出的内容，其余保留已暂存的")
    c.add_argument("assignment", metavar="任务编号", type=int, help="评审任务编号")
    c.add_argument("--marks", metavar="评分项=分数,…", help="评分项代码=分数，逗号分隔，如 innovation=25,technical=20；只改给出的评分项，"
                                   "其余保留已暂存的分数；innovation= 表示清除该项")
    c.add_argument("--comment", metavar="意见", help="评审意见（不给则保留已暂存的；给空字符串则清除）")
    c.add_argument("--recommendation", metavar="推荐意见", help="推荐意见：优先资助 / 资助 / 不资助（不给则保留已暂存的）")
    c.add_argument("--submit", action="store_true", help="提交（提交后锁定）；不加则暂存")
    c.set_defaults(handler=cmd_score)
    c = rs.add_parser("reopen", help="退回已提交的评分供专家修改（经办人，须说明理由）")
    c.add_argument("assignment", metavar="任务编号", type=int, help="评审任务编号")
    c.add_argument("--reason", metavar="理由", required=True, help="退回理由")
    c.set_defaults(handler=cmd_reopen)

    register_publicity(rs)
    register_rubric(rs)


def cmd_decline(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        s.decline(u, args.assignment, args.reason)
        say(f"已登记评审任务 {args.assignment} 回避（不再替补）")
    return _run(args, body)


def cmd_close(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        s.close_round(u, args.call)
        say(f"已结束批次 {args.call} 的评审；可用 review results 查看结果")
    return _run(args, body)


def cmd_reopen(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        s.reopen(u, args.assignment, args.reason)
        say(f"已退回评审任务 {args.assignment}，专家可修改后重新提交")
    return _run(args, body)


def cmd_verify(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        check = s.verify_draw(u, args.call, args.round)
        say(check.message)
        return 0 if check.ok else 1
    return _run(args, body)


def cmd_replace(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        r = s.replace(u, args.assignment, args.reason, from_pool=args.from_pool)
        src = "备选专家" if r.source == "reserve" else "专家库补抽"
        say(f"评审组“{r.group_code}”：{r.declined.name} 退出，由{src} {r.new.name}（{r.new.unit_name}）替补，"
            f"新评审任务 {len(r.assignment_ids)} 项")
        for x in r.skipped:
            say(f"  跳过 {x.expert.name}（{x.kind_label}）：{'；'.join(x.reasons)}")
    return _run(args, body)


def cmd_sheets(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        paths = s.sheets(u, args.call, args.outdir)
        say(f"已生成 {len(paths)} 份评分表，位于 {args.outdir}")
        for p in paths:
            say(f"  {p.name}")
    return _run(args, body)


def cmd_import(args: argparse.Namespace) -> int:
    check_input_file(Path(args.file))

    def body(s, u):  # type: ignore[no-untyped-def]
        r = s.import_scores(u, args.file, expert_id=args.expert, submit=not args.draft)
        say(f"已导入专家 {r.expert.name} 的评分表：提交 {len(r.submitted)} 项，暂存 {len(r.drafts)} 项，"
            f"此前已提交 {len(r.already_submitted)} 项，未填写 {len(r.missing)} 项"
            + (f"，未保存 {len(r.not_saved)} 项" if r.not_saved else ""))
        for gaps in r.draft_gaps:
            say(f"  草稿：{gaps}")
        if r.overwritten_drafts:
            say(f"其中 {len(r.overwritten_drafts)} 项覆盖了专家在系统中暂存的草稿：{'、'.join(r.overwritten_drafts)}")
        for m in r.missing:
            say(f"  未填写：{m}")
        for why in r.not_saved:
            say(f"  {why}")
    return _run(args, body)


def cmd_approve(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        try:
            out = s.approve_funding(u, args.call, _items(args.items), args.note, rejection_reason=args.reject_reason,
                                    acknowledge_over_budget=args.confirm_over_budget, today=args.today)
        except ConfirmationNeeded as exc:
            say(f"需要确认：{'；'.join(exc.warnings)}。如确认，请加 --confirm-over-budget 重新执行。")
            return 3
        say(f"拟立项 {len(out.proposed)} 项，合计 {out.total}；不予立项 {len(out.rejected)} 项")
        for code, amount in out.proposed:
            say(f"  拟立项 {code}：{amount}")
        for w in out.warnings:
            say(f"  已确认：{w}")
    return _run(args, body)


def cmd_mine(args: argparse.Namespace) -> int:
    def body(s, u):  # type: ignore[no-untyped-def]
        items = s.my_assignments(u)
        if not items:
            say("暂无评审任务")
        for text, overdue in pending_deadlines(items):
            say(("【逾期】" if overdue else "") + text)
        for a in items:
            draft = "（已暂存）" if a.has_draft and not a.locked else ""
            say(f"{a.id:>6}  {a.project_code}  {a.project_title}  {a.unit_name}  {a.status_label}{draft}")
    return _run(args, body)


def cmd_score(args: argparse.Namespace) -> int:
    given = _marks(args.marks)
    if not (given or args.submit or args.comment is not None or args.recommendation is not None):
        raise ValidationError("请给出要填写的内容：--marks、--comment、--recommendation，或用 --submit 提交已暂存的评分")

    def body(s, u):  # type: ignore[no-untyped-def]
        form = s.get_score_form(u, args.assignment)
        marks, comment, recommendation = merge_draft(form, given, args.comment, args.recommendation)
        r = s.save_marks(u, args.assignment, marks, comment, recommendation, submit=args.submit,
                         expected_version=form.version)
        total = f"，总分 {fmt_points(r.total)}" if isinstance(r.total, Decimal) else ""
        say(("已提交" if r.submitted else "已暂存") + f"评审任务 {r.assignment_id} 的评分{total}")
    return _run(args, body)


def cmd_deadline(a: argparse.Namespace) -> int:
    if (a.date is None) == (not a.clear):
        raise ValidationError("请给出新的截止日期（YYYY-MM-DD），或用 --clear 取消截止日期（二者选一）")

    def run(s, u) -> int:  # type: ignore[no-untyped-def]
        s.set_deadline(u, a.call, a.date, a.reason)
        say(f"批次 {a.call} 本轮评分截止日期：" + (f"{a.date:%Y-%m-%d}" if a.date else "已取消（不设截止日期）"))
        return 0
    return _run(a, run)
