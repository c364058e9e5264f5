"""Intake subcommands: template, import, screen (形式审查 and its decisions), export."""
from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..domain.errors import ValidationError
from ..services.intake_types import KIND_LABELS, ImportSummary, ScreeningOutcome, format_problem, screening_counts
from .common import check_input_file, login, open_ctx, pad, say

IMPORT_KINDS = ("units", "experts", "applications", "expenditures")
#: ``sti-desk import scores FILE`` is the same as ``sti-desk review import-scores FILE``.
IMPORT_CHOICES = IMPORT_KINDS + ("scores",)
EXPORT_KINDS = ("projects", "units", "experts", "screening")
_KIND_HELP = "units 单位 / experts 专家 / applications 项目申报 / expenditures 支出台账"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="生成 Excel 导入模板（下拉列表取自数据库）",
                       description="生成导入模板：必填列标 *，批次、技术领域、单位类型、预算科目为下拉列表，"
                                   "附“填写说明”工作表。")
    p.add_argument("kind", metavar="类型", choices=IMPORT_KINDS, help=_KIND_HELP)
    p.add_argument("out", metavar="输出文件", type=Path, help="输出文件，如 单位导入模板.xlsx")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("import", help="从 Excel 导入单位、专家、项目申报或支出台账",
                       description="导入 Excel 文件。默认整批导入：发现任何问题则不写入任何数据，并逐条列出问题"
                                   "（工作表、行号、列名）；--partial 只导入没有问题的行。同一文件重复导入不会重复写入。\n"
                                   "退出码：0 成功；1 因文件中的问题未导入（或部分行被跳过）；"
                                   "2 参数错误（如文件不存在）或操作被拒绝。")
    p.add_argument("kind", metavar="类型", choices=IMPORT_CHOICES, help=_KIND_HELP + " / scores 专家离线评分表")
    p.add_argument("file", metavar="文件", type=Path, help="要导入的 Excel 文件（.xlsx / .xls）")
    p.add_argument("--call", metavar="批次编号", help="申报批次编号（项目申报表没有“申报批次”列或该列为空时使用）")
    p.add_argument("--errors", type=Path, metavar="标注副本.xlsx", help="把标注了问题单元格的副本写到此文件")
    p.add_argument("--partial", action="store_true", help="部分导入：跳过有问题的行，导入其余行")
    p.add_argument("--dry-run", action="store_true", help="试运行：完整检查并模拟写入，但不保存到数据库")
    p.add_argument("--no-new-units", action="store_true",
                   help="不自动登记新单位：申报表或专家表中的单位必须已在单位库中")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("screen", help="形式审查：运行自动检查、查看结果、记录审查决定",
                       description="用法：\n"
                                   "  sti-desk screen 批次编号               对该批次处于申报/形式审查阶段的项目运行自动检查并列出结果\n"
                                   "  sti-desk screen 批次编号 --show        只列出已保存的结果，不重新检查\n"
                                   "  sti-desk screen decide 项目编号 pass   形式审查通过（进入专家评审）\n"
                                   "  sti-desk screen decide 项目编号 reject --note 理由   形式审查不通过（不予立项）")
    p.add_argument("target", metavar="批次编号", help="批次编号，或 decide")
    p.add_argument("rest", metavar="项目编号与决定", nargs="*", help="decide 时：项目编号 和 pass|reject")
    p.add_argument("--note", metavar="意见", default="", help="审查意见（不通过时必填；自动检查未通过仍决定通过时也必填）")
    p.add_argument("--show", action="store_true", help="只显示已保存的审查结果")
    p.add_argument("--today", metavar="日期", type=date.fromisoformat, help="审查日期（默认今天，格式 2026-11-23）")
    p.add_argument("--export", type=Path, metavar="结果.xlsx", help="同时把结果导出为 Excel")
    p.set_defaults(handler=cmd_screen)

    p = sub.add_parser("export", help="导出项目、单位、专家清单或形式审查结果为 Excel",
                       description="导出清单。单位、专家、项目清单的列标题与导入模板一致，可直接修改后重新导入"
                                   "（项目清单末尾的项目编号、阶段、立项金额列导入时忽略）。")
    p.add_argument("what", metavar="类型", choices=EXPORT_KINDS, help="projects 项目 / units 单位 / experts 专家 / screening 形式审查结果")
    p.add_argument("out", metavar="输出文件", type=Path, help="输出文件 .xlsx")
    p.add_argument("--call", metavar="批次编号", help="只导出该批次（projects 可选；screening 必填）")
    p.set_defaults(handler=cmd_export)


def cmd_template(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        out = ctx.services.intake.template(actor, args.kind, args.out)
        say(f"已生成{KIND_LABELS[args.kind]}导入模板：{out}")
        return 0
    finally:
        ctx.close()


def print_summary(s: ImportSummary) -> None:
    say(f"文件：{s.file_name}（SHA-256 {s.sha256[:16]}…），类型：{s.kind_label}")
    say(s.message())
    for name, code in s.new_units[:50]:
        say(f"  新登记单位：{name}（{code}）")
    for note in s.notes:
        say(f"  说明：{note}")
    row_label = "跳过" if s.partial else "有问题的行"  # all-or-nothing: nothing was imported, so nothing "skipped"
    for row in s.skipped:
        say(f"  {row_label}：工作表 {row.sheet} 第 {row.row} 行（{row.label}）：{'；'.join(row.reasons)}")
    if s.problems:
        say(f"问题清单（共 {len(s.problems)} 处）：")
        for p in s.problems:
            say("  " + format_problem(p))
    if s.errors_file and s.errors_annotated:
        say(f"已把标注了问题的副本写到：{s.errors_file}")
    elif s.errors_file:
        say(f"文件无法作为工作簿读取，无法标注单元格；已把问题清单写到：{s.errors_file}")


def cmd_import(args: argparse.Namespace) -> int:
    check_input_file(args.file)
    if args.kind == "scores":
        from .review import cmd_import as import_scores

        return import_scores(argparse.Namespace(**vars(args), expert=None, draft=False))
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        summary = ctx.services.intake.import_file(
            actor, args.kind, args.file, args.call, partial=args.partial, dry_run=args.dry_run,
            errors_out=args.errors, create_units=not args.no_new_units)
        print_summary(summary)
        return 1 if summary.problems else 0
    finally:
        ctx.close()


def print_outcomes(rows: list[ScreeningOutcome]) -> None:
    if not rows:
        say("没有需要显示的形式审查结果。")
        return
    say(f"{pad('项目编号', 18)}{pad('自动检查', 12)}{pad('决定', 8)}项目名称（申报单位，负责人）")
    for o in rows:
        say(f"{pad(o.project_code, 18)}{pad(o.auto_label, 12)}{pad(o.decision_label, 8)}"
            f"{o.title}（{o.unit_name}，{o.leader_name}）")
        for c in o.failures:
            say(f"    ✗ {c.name}［{c.status}］：{c.message}")
    counts = screening_counts(rows)
    say(f"共 {counts.total} 个项目：自动检查{counts.text()}。")


def cmd_screen(args: argparse.Namespace) -> int:
    if args.target == "decide":
        return _decide(args)
    if args.rest:
        raise ValidationError(f"多余的参数：{' '.join(args.rest)}（查看帮助：sti-desk screen -h）")
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        intake = ctx.services.intake
        if args.show:
            rows = intake.screening_results(actor, args.target)
        else:
            rows = intake.screen(actor, args.target, args.today)
            say(f"已对批次 {args.target} 的 {len(rows)} 个项目运行形式审查自动检查。")
        print_outcomes(rows)
        if args.export:
            result = intake.export_screening(actor, args.target, args.export)
            say(f"已导出 {result.rows} 行到：{result.path}")
        return 0
    finally:
        ctx.close()


def _decide(args: argparse.Namespace) -> int:
    if len(args.rest) != 2 or args.rest[1] not in ("pass", "reject"):
        raise ValidationError("用法：sti-desk screen decide 项目编号 pass|reject [--note 理由]")
    code, decision = args.rest
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        intake = ctx.services.intake
        project_id, version = intake.find_project(actor, code)
        outcome = intake.decide(actor, project_id, decision, args.note, version, today=args.today)
        say(f"项目 {outcome.project_code}《{outcome.title}》形式审查{outcome.decision_label}，"
            f"现处于“{outcome.state.label}”阶段。")
        return 0
    finally:
        ctx.close()


def cmd_export(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        intake = ctx.services.intake
        if args.what == "projects":
            result = intake.export_projects(actor, args.out, args.call)
        elif args.what == "units":
            result = intake.export_units(actor, args.out)
        elif args.what == "experts":
            result = intake.export_experts(actor, args.out)
        else:
            if not args.call:
                raise ValidationError("导出形式审查结果须用 --call 指定批次")
            result = intake.export_screening(actor, args.call, args.out)
        say(f"已导出 {result.rows} 行到：{result.path}")
        return 0
    finally:
        ctx.close()
