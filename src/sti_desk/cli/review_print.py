"""Plain-text output of the review subcommands (Chinese, one line per item, readable in a console)."""
from __future__ import annotations

import argparse
from datetime import date

from ..domain.review import NO_Z, fmt_points, no_spread_note, pool_summary, rule_text
from ..services.review_dto import DrawRecordView, DrawSummary, ReviewResults, RoundStatus, SheetRejected
from ..services.review_dto_outcomes import ResultRow
from .common import login, open_ctx, say


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期“{text}”格式应为 YYYY-MM-DD") from exc


def run_review(args: argparse.Namespace, body) -> int:  # type: ignore[no-untyped-def]
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        return int(body(ctx.services.review, actor) or 0)
    except SheetRejected as exc:
        say(f"错误：{exc.message.splitlines()[0]}")
        for p in exc.problems:
            say(f"  {p}")
        return 2
    finally:
        ctx.close()


def print_draw(s: DrawSummary) -> int:
    say(f"已为批次 {s.call_code} 完成第 {s.number} 轮专家抽取：{len(s.groups)} 个评审组，{s.assignments} 项评审任务")
    say(f"随机种子：{s.seed}（已记录，可用 review verify 复核）")
    say(f"输入指纹：{s.inputs_digest}")
    for g in s.groups:
        say(f"【{g.code}】{len(g.projects)} 个项目：{'、'.join(p.code for p in g.projects)}")
        say("  评审专家：" + "、".join(f"{e.name}（{e.unit_name}）" for e in g.panel))
        say("  备选专家：" + ("、".join(f"{e.name}（{e.unit_name}）" for e in g.reserves) or "无"))
    for w in s.warnings:
        say(f"注意：{w}")
    return 0


def print_record(r: DrawRecordView, lots: bool = False) -> int:
    say(f"抽取记录：{r.call_name}（{r.call_code}）第 {r.number} 轮，{r.draw_on:%Y-%m-%d} 由 {r.created_by} 抽取")
    say(f"随机种子 {r.seed}；每组 {r.per_group} 位评审专家、{r.reserves} 位备选；每组项目不超过 {r.max_group_size} 个")
    say(f"输入指纹 {r.inputs_digest}")
    for g in r.groups:
        say(f"【{g.code}】项目：{'、'.join(f'{p.code}《{p.title}》' for p in g.projects)}")
        say(f"  {pool_summary(g.pool_size, g.other_field_count, len(g.excluded), len(g.lots))}")
        say("  抽中：" + "、".join(e.name for e in g.panel_as_drawn))
        if [e.id for e in g.panel_now] != [e.id for e in g.panel_as_drawn]:
            say("  现任：" + "、".join(e.name for e in g.panel_now))
        say("  备选：" + ("、".join(e.name for e in g.reserves) or "无"))
        for x in g.excluded:
            say(f"  未参加抽取 {x.expert.name}（{x.expert.unit_name}，{x.kind_label}）：{'；'.join(x.reasons)}")
        if lots:
            for t in g.lots:
                say(f"    签 {t.expert.name}：层级 {t.tier}，已任评审 {t.panel_load} 组，随机数 {t.lot} → {t.outcome}")
        for n in g.notes:
            say(f"  注意：{n}")
    for x in r.replacements:
        src = "备选专家" if x.source == "reserve" else "专家库补抽"
        say(f"替补：{x.at:%Y-%m-%d %H:%M} {x.by} 登记 {x.group_code} 的 {x.declined.name} 退出（{x.reason}），"
            f"由{src} {x.new.name} 替补")
        for s in x.skipped:
            say(f"  跳过 {s.expert.name}（{s.kind_label}）：{'；'.join(s.reasons)}")
    return 0


def print_status(s: RoundStatus) -> int:
    due = f"，截止 {s.deadline:%Y-%m-%d}" if s.deadline else ""
    say(f"批次 {s.call_code} 第 {s.number} 轮评审（{s.status_label}{due}，每组 {s.per_group} 位专家）："
        f"共 {s.total} 份评分，已提交 {s.submitted} 份，未提交 {s.pending} 份")
    for e in s.experts:
        flag = "  【逾期未交】" if e.late else ""
        say(f"  {e.expert.name}（{e.expert.unit_name}，{e.phone or '无电话'}）：已提交 {e.submitted}/{e.assigned}，"
            f"暂存 {e.drafts}，回避 {e.declined}{flag}")
    if s.pending_items:
        say("未提交的评审任务：")
        for p in s.pending_items:
            say(f"  {p.assignment_id:>6}  {p.expert.name}  {p.project_code}《{p.project_title}》"
                + ("（已暂存）" if p.has_draft else ""))
    if s.can_close:
        say("全部评分已提交，可用 review close 结束评审。")
    return 0


def _mean_z(row: ResultRow) -> str:
    """平均 z 分 0.9509 | 平均 z 分 0.4889（按 4 位专家） | 平均 z 分 —（无可计算的标准分）."""
    if row.mean_z is None:
        return f"平均 z 分 {NO_Z}（无可计算的标准分）"
    part = f"（按 {row.z_count} 位专家）" if row.z_count < len(row.marks) else ""
    return f"平均 z 分 {row.mean_z}{part}"


def print_results(r: ReviewResults, explain: bool = False) -> int:
    say(f"评审结果：{r.call_name}（{r.call_code}）第 {r.number} 轮（每组 {r.per_group} 位专家）；"
        f"汇总规则：{rule_text(r.rule, r.min_for_trim)}；分歧阈值 {fmt_points(r.spread_threshold)} 分")
    say(r.tie_break)
    if r.with_z and r.no_spread:
        say(f"注意：{no_spread_note(len(r.no_spread))}（{'、'.join(e.name for e in r.no_spread)}）")
    for row in r.rows:
        flag = "  【分歧较大】" if row.disagreement else ""
        z = f"  {_mean_z(row)}" if r.with_z else ""
        say(f"{row.rank:>3}. {row.project.code}《{row.project.title}》{row.project.unit_name}  得分 {row.score}"
            f"（{row.count} 位专家，极差 {fmt_points(row.spread)}）{flag}  资助决定：{row.decision_text}{z}")
        if row.tie_note:
            say(f"     {row.tie_note}")
        if explain:
            say(f"     {row.explanation}")
    return 0
