"""Offline score sheets (离线评分表): write one protected workbook per expert, import a filled one.

Import is all-or-nothing for errors: a changed token, a sheet of another expert or round, a damaged
structure or any bad cell refuses the whole file with every problem named by row and column
(“第 5 行「创新性」：45 超过满分 30”). Without errors, complete rows are saved and submitted, partly
filled rows are saved as drafts, and empty rows are listed as missing. A row with a comment or a
recommendation but no mark at all is not saved (as ``save_marks`` refuses such a draft): the result names
it (“第 7 行（2026-CGZH-0012）没有填写评分，未保存（评审意见已忽略）”) and the other rows are imported.
A row whose marks are valid is checked against every rule in the same pass (a bad 推荐意见 and the comment
a low total needs are said together); imported as drafts (``submit=False``) the rows are checked as
``save_marks`` checks a draft, without the rules of a submission. The result names the drafts the expert
had saved in the system that the sheet changed (``overwritten_drafts``).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..db.tables import CallRow, ExpertRow, PersonRow, ProjectRow, ReviewAssignmentRow, ReviewRoundRow, UnitRow
from ..db.uow import Database
from ..domain.errors import ValidationError
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.review import Rubric, fmt_exact, nothing_marked_problem, validate_marks
from .actor import Actor
from .review_common import call_by_code, call_rubric, expert_refs, marks_of, open_round
from .review_dto import ASSIGNMENT_STATUS_LABELS, ExpertRef, SheetImportResult, SheetRejected
from .review_scoring import store_marks

if TYPE_CHECKING:
    from ..io.score_sheets import SheetRow

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _with_total(rubric: Rubric) -> bool:
    return len({c.weight for c in rubric.criteria}) == 1


def _parse_mark(raw: object, row: int, name: str, max_points: int) -> tuple[Decimal | None, str | None]:
    where = f"第 {row} 行「{name}」："
    if isinstance(raw, bool):
        return None, f"{where}“{raw}”不是有效数字"
    try:
        if isinstance(raw, (int, Decimal)):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        else:
            value = Decimal(str(raw).strip().replace("，", "."))
    except InvalidOperation:
        return None, f"{where}“{raw}”不是有效数字"
    if not value.is_finite():
        return None, f"{where}“{raw}”不是有效数字"
    if value < 0:
        return None, f"{where}{fmt_exact(value)} 不能为负数"
    if value > max_points:
        return None, f"{where}{fmt_exact(value)} 超过满分 {max_points}"
    if value != value.quantize(Decimal("0.1")):
        return None, f"{where}{fmt_exact(value)} 最多保留一位小数"
    return value, None


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    return str(raw).strip()


def _not_saved_reason(excel_row: int, code: str, comment: str, recommendation: str) -> str:
    ignored = "、".join(what for what, text in (("评审意见", comment), ("推荐意见", recommendation)) if text)
    return f"第 {excel_row} 行（{code}）没有填写评分，未保存（{ignored}已忽略）"


class SheetsMixin:
    db: Database

    def sheets(self, actor: Actor, call_code: str, out_dir: Path) -> list[Path]:
        """One workbook per expert with unsubmitted assignments in the call's open round. The clerk makes
        and hands out the sheets, so they carry no stored marks, comments or recommendations (评审保密):
        drafts are not pre-filled, submitted projects are listed as 已提交 with nothing to fill in."""
        actor.require(Permission.ORGANISE_REVIEW)
        from ..io.score_sheets import ScoreSheet, SheetCriterion, SheetProject, sign, write_score_sheet

        out_dir = Path(out_dir)
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            rnd = open_round(uow, call)
            rubric = call_rubric(call)
            # only what the sheet shows: never the comment, recommendation or total columns
            rows = list(uow.session.execute(
                select(ReviewAssignmentRow.expert_id, ReviewAssignmentRow.status, ProjectRow, UnitRow.name)
                .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                .join(UnitRow, UnitRow.id == ProjectRow.unit_id)
                .where(ReviewAssignmentRow.round_id == rnd.id,
                       ReviewAssignmentRow.status.in_(("assigned", "submitted")))
                .order_by(ReviewAssignmentRow.expert_id, ProjectRow.code)))
            waiting = {eid for eid, status, _, _ in rows if status == "assigned"}
            rows = [r for r in rows if r[0] in waiting]
            if not rows:
                raise ValidationError(f"第 {rnd.number} 轮评审没有待评的评审任务")
            refs = expert_refs(uow, waiting)
            by_expert: dict[int, list[SheetProject]] = {}
            for eid, status, p, unit in rows:
                by_expert.setdefault(eid, []).append(SheetProject(
                    p.id, p.code, p.title, unit, p.field, Money(p.requested_fen + p.self_raised_fen).wan_str(),
                    submitted=status == "submitted"))
            criteria = tuple(SheetCriterion(c.code, c.name, c.max_points) for c in rubric.criteria)
            need = "、".join(f"“{r}”" for r in rubric.comment_required_for)
            rule = f"总分低于 {fmt_exact(rubric.comment_required_below)} 分" + (f"或推荐{need}" if need else "") + "时须填写评审意见；"
            paths = []
            for eid, projects in by_expert.items():
                token = sign(rnd.sheet_secret, rnd.id, eid, [p.project_id for p in projects], rubric.codes)
                name = refs[eid][0]
                target = out_dir / f"评分表_{call.code}_第{rnd.number}轮_{_UNSAFE.sub('_', name)}_{eid}.xlsx"
                paths.append(write_score_sheet(ScoreSheet(
                    rnd.id, rnd.number, eid, name, call.code, call.name, criteria, rubric.recommendations,
                    tuple(projects), token, _with_total(rubric), rnd.deadline, rule), target))
            uow.audit("export", "review_sheets", str(rnd.id),
                      {"call": call.code, "round": rnd.number, "experts": sorted(by_expert), "folder": str(out_dir)})
            uow.commit()
            return paths

    def import_scores(self, actor: Actor, path: Path, *, expert_id: int | None = None,
                      submit: bool = True) -> SheetImportResult:
        """Import a filled score sheet (see the module docstring). ``expert_id``: refuse the sheet
        unless it is that expert's. ``submit=False`` saves complete rows as drafts too."""
        actor.require(Permission.ORGANISE_REVIEW)
        from ..io.score_sheets import HEADER_ROW, SheetCriterion, header, read_score_sheet, sheet_rows, sign

        path = Path(path)
        read = read_score_sheet(path)
        with self.db.uow(actor) as uow:
            rnd = uow.session.get(ReviewRoundRow, read.round_id)
            if rnd is None:
                raise SheetRejected("评分表所属的评审轮次不存在（可能来自其他数据库），未导入", [])
            expected = sign(rnd.sheet_secret, read.round_id, read.expert_id, read.project_ids, read.criteria_codes)
            if not hmac.compare_digest(expected, read.token):
                raise SheetRejected("评分表校验码不符：文件的校验信息被改动，或不是本系统为该专家和该轮评审生成的评分表，"
                                    "未导入", [])
            expert = uow.session.get(ExpertRow, read.expert_id)
            person = uow.session.get(PersonRow, expert.person_id) if expert else None
            name = person.name if person else str(read.expert_id)
            if expert_id is not None and expert_id != read.expert_id:
                other = expert_refs(uow, [expert_id]).get(expert_id, (str(expert_id),))[0]
                raise SheetRejected(f"该评分表属于专家 {name}（编号 {read.expert_id}），不是所选专家 {other}"
                                    f"（编号 {expert_id}），未导入", [])
            call = uow.get(CallRow, rnd.call_id, "申报批次")
            if rnd.status != "scoring":
                state = "已结束" if rnd.status == "closed" else "尚未开始评分"
                raise SheetRejected(f"该评分表属于“{call.code}”第 {rnd.number} 轮评审，该轮评审{state}，不能导入", [])
            rubric = call_rubric(call)
            if tuple(read.criteria_codes) != rubric.codes:
                raise SheetRejected("评分表的评分项与本批次评分标准不一致，未导入", [])
            criteria = [SheetCriterion(c.code, c.name, c.max_points) for c in rubric.criteria]
            want = header(criteria, _with_total(rubric))
            if read.header != want:
                problems = [f"第 {HEADER_ROW} 行表头被改动（列被增删或改名）：应为「{'｜'.join(want)}」，"
                            f"实为「{'｜'.join(read.header)}」"]
                raise SheetRejected("评分表结构被改动，未导入：\n" + problems[0], problems)
            projects = {p.id: p for p in uow.session.scalars(select(ProjectRow)
                                                               .where(ProjectRow.id.in_(read.project_ids)))}
            rows = sheet_rows(read, rubric.codes, _with_total(rubric))
            codes = [projects[i].code if i in projects else "?" for i in read.project_ids]
            if [r.project_code for r in rows] != codes:
                problems = [f"评分表应依次列出项目 {'、'.join(codes)}，实为 {'、'.join(r.project_code for r in rows)}"
                            "（行被增删、调换或项目编号被改动）"]
                raise SheetRejected("评分表结构被改动，未导入：\n" + problems[0], problems)
            live = {a.project_id: a for a in uow.session.scalars(
                select(ReviewAssignmentRow).where(ReviewAssignmentRow.round_id == rnd.id,
                                                  ReviewAssignmentRow.expert_id == read.expert_id,
                                                  ReviewAssignmentRow.project_id.in_(read.project_ids))
                .order_by(ReviewAssignmentRow.id))}
            plan, problems, missing, already, not_saved, overwritten = self._check_rows(
                uow, rubric, rows, read.project_ids, projects, live, submit)
            if problems:
                raise SheetRejected(f"评分表有 {len(problems)} 处错误，未导入任何分数：\n" + "\n".join(problems), problems)
            done, drafts, gaps_said = [], [], []
            for a, marks, comment, rec, complete, gaps in plan:
                store_marks(uow, a, rubric, marks, comment, rec, submit and complete)
                (done if submit and complete else drafts).append(projects[a.project_id].code)
                if gaps:
                    gaps_said.append(gaps)
            uow.flush()
            uow.audit("import", "review_sheets", f"{rnd.id}-{read.expert_id}",
                      {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                       "submitted": done, "drafts": drafts, "missing": missing, "already_submitted": already,
                       "not_saved": [code for code, _ in not_saved], "overwritten_drafts": overwritten})
            uow.commit()
            unit = expert_refs(uow, [read.expert_id]).get(read.expert_id, ("", "", ""))[1]
            return SheetImportResult(ExpertRef(read.expert_id, name, unit), rnd.id, done, drafts, missing, already,
                                     [why for _, why in not_saved], gaps_said, overwritten)

    @staticmethod
    def _check_rows(uow, rubric: Rubric, rows: list[SheetRow], project_ids, projects,  # type: ignore[no-untyped-def]
                    live, submit: bool):
        """Every problem of every row at once (a row whose marks are valid is checked against the other
        rules too), and what the rows would do: the plan, missing, already submitted, not saved, and the
        drafts saved online that the rows change (“覆盖了专家在系统中暂存的草稿”)."""
        plan, problems, missing, already, not_saved, overwritten = [], [], [], [], [], []
        stored = marks_of(uow, [a.id for a in live.values()])
        for pid, row in zip(project_ids, rows):
            p = projects[pid]
            a = live.get(pid)
            if a is None or a.status not in ("assigned", "submitted"):
                label = ASSIGNMENT_STATUS_LABELS.get(a.status, "") if a else "未分配"
                problems.append(f"第 {row.excel_row} 行：该专家已不再评审项目 {p.code}（{label}）")
                continue
            marks: dict[str, Decimal] = {}
            mark_errors = []
            for c in rubric.criteria:
                raw = row.marks.get(c.code)
                if raw is None or (isinstance(raw, str) and not raw.strip()):
                    continue
                value, err = _parse_mark(raw, row.excel_row, c.name, c.max_points)
                if err:
                    mark_errors.append(err)
                else:
                    marks[c.code] = value  # type: ignore[assignment]
            comment, rec = _text(row.comment), _text(row.recommendation)
            rec_error = (f"第 {row.excel_row} 行「推荐意见」：“{rec}”不是可选项（{'、'.join(rubric.recommendations)}）"
                         if rec and rec not in rubric.recommendations else None)
            cell_errors = mark_errors + ([rec_error] if rec_error else [])
            if a.status == "submitted":
                same = (marks == stored.get(a.id, {}) and comment == a.comment and rec == a.recommendation)
                if row.empty or (same and not cell_errors):
                    already.append(p.code)
                else:
                    problems.append(f"第 {row.excel_row} 行：项目 {p.code} 的评分已提交，如需修改请先由经办人退回")
                continue
            if mark_errors:               # a bad mark: the sheet's own rules cannot be checked yet
                problems.extend(cell_errors)
                continue
            if row.empty:
                missing.append(f"{p.code}《{p.title}》")
                continue
            if nothing_marked_problem(marks, submit=False):   # the rule of save_marks: no mark, no draft
                if rec_error:
                    problems.append(rec_error)
                else:
                    not_saved.append((p.code, _not_saved_reason(row.excel_row, p.code, comment, rec)))
                continue
            if rec_error:
                problems.append(rec_error)
            complete = len(marks) == len(rubric.criteria)
            # the marks are valid: every other problem of the row now, in the same pass (the comment a
            # submission needs, …); a draft is checked as save_marks checks a draft, without those rules
            said = set(validate_marks(rubric, {}, "", rec, complete=False))    # the recommendation, said above
            for msg in validate_marks(rubric, marks, comment, rec, complete=submit and complete):
                if msg not in said:
                    problems.append(f"第 {row.excel_row} 行（项目 {p.code}）：{msg}")
            gaps = "" if complete else (f"第 {row.excel_row} 行（{p.code}）尚缺："
                                        + "、".join(c.name for c in rubric.criteria if c.code not in marks))
            had = stored.get(a.id, {})
            before = (had, a.comment or "", a.recommendation or "")
            if any(before) and (marks, comment, rec) != before:
                when = f"（暂存于 {a.saved_at:%Y-%m-%d %H:%M}）" if a.saved_at else ""
                overwritten.append(f"{p.code}{when}")
            plan.append((a, marks, comment, rec, complete, gaps))
        return plan, problems, missing, already, not_saved, overwritten
