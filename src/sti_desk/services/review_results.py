"""Results of a closed review round (评审结果): each project's score by the call's rule, the marks used
and dropped with the experts' names, spread and disagreement, the explanation sentence, an optional
z-score view (experts with no spread have no z and are listed), the ranked list — and the data of the 评审结果汇总表."""
from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import select

from ..db.tables import (CallRow, FundingDecisionRow, ProjectRow, PublicityRow, ReviewAssignmentRow, ReviewGroupRow,
                         ReviewMarkRow, ReviewRoundRow)
from ..db.uow import Database, UnitOfWork
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.policy import CallCategory
from ..domain.review import (RULES, ExpertMark, TieBreak, aggregate, explain, normalised_scores, rank)
from .actor import Actor
from .policy import params_on
from .review_common import (call_by_code, call_rubric, closed_round, expert_refs, from_tenths, project_map,
                            unit_names)
from .review_dto import (ExpertRef, MarkLine, ProjectRef, ResultRow, ReviewResults, ReviewSummary, SummaryGroup,
                         SummaryRow)
from .review_dto_outcomes import RowDecision


def compute_results(uow: UnitOfWork, call: CallRow, rnd: ReviewRoundRow, with_z: bool = False) -> ReviewResults:
    """Aggregate and rank the submitted sheets of ``rnd`` (the caller checks that it is closed)."""
    rubric = call_rubric(call)
    params = params_on(uow, rnd.draw_on)
    live = (ReviewAssignmentRow.round_id == rnd.id, ReviewAssignmentRow.status == "submitted")
    sheets = list(uow.session.execute(select(
        ReviewAssignmentRow.id, ReviewAssignmentRow.expert_id, ReviewAssignmentRow.project_id, ReviewAssignmentRow.total,
        ReviewAssignmentRow.recommendation, ReviewAssignmentRow.comment).where(*live)))
    marks: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for aid, code, tenths in uow.session.execute(
            select(ReviewMarkRow.assignment_id, ReviewMarkRow.criterion, ReviewMarkRow.points_tenths)
            .join(ReviewAssignmentRow, ReviewAssignmentRow.id == ReviewMarkRow.assignment_id).where(*live)):
        marks[aid][code] = from_tenths(tenths)
    projects = {r.id: r for r in uow.session.execute(
        select(ProjectRow.id, ProjectRow.code, ProjectRow.title, ProjectRow.unit_id, ProjectRow.requested_fen)
        .where(ProjectRow.id.in_(select(ReviewAssignmentRow.project_id).where(*live))))}
    units = unit_names(uow, [p.unit_id for p in projects.values()])
    refs = expert_refs(uow, [a.expert_id for a in sheets])
    by_project: dict[str, list[ExpertMark]] = defaultdict(list)
    sheet_of: dict[tuple[int, str], object] = {}
    for a in sheets:
        code = projects[a.project_id].code
        by_project[code].append(ExpertMark(code, a.expert_id, Decimal(a.total), marks.get(a.id, {}),
                                           refs[a.expert_id][0]))
        sheet_of[(a.expert_id, code)] = a
    scores = [aggregate(ms, call.aggregation, params.review_drop_extremes_min, params.review_disagreement_spread)
              for ms in by_project.values()]
    ranked = rank(scores, TieBreak.for_rubric(rubric, {c: c for c in by_project}))
    norm = normalised_scores([m for ms in by_project.values() for m in ms]) if with_z else None
    by_code = {p.code: p for p in projects.values()}
    decisions = {d.project_id: RowDecision(d.funded, Money(d.approved_fen), d.note, d.decided_at)
                 for d in uow.session.scalars(select(FundingDecisionRow).where(
                     FundingDecisionRow.project_id.in_([p.id for p in projects.values()])))}
    rows = []
    for r in ranked:
        s = r.score_obj
        p = by_code[r.project_id]
        dropped = {d.expert_id: d.which for d in s.dropped}
        lines = []
        for m in s.marks:
            a = sheet_of[(m.expert_id, s.project_id)]  # a row of (id, expert, project, total, rec, comment)
            lines.append(MarkLine(ExpertRef(m.expert_id, refs[m.expert_id][0], refs[m.expert_id][1]), m.score,
                                  dict(m.criteria), dropped.get(m.expert_id), a.recommendation, a.comment,  # type: ignore[attr-defined]
                                  norm.z.get((m.expert_id, s.project_id)) if norm else None))
        recs = Counter(line.recommendation for line in lines if line.recommendation)
        rows.append(ResultRow(r.rank, ProjectRef(p.id, p.code, p.title, units.get(p.unit_id, "")),
                              Money(p.requested_fen), s.score, s.median, s.mean, s.count, lines, s.spread,
                              s.disagreement, explain(s), dict(s.criterion_means), r.note, dict(recs),
                              norm.project_mean_z.get(s.project_id) if norm else None,
                              norm.project_z_count.get(s.project_id, 0) if norm else 0, decisions.get(p.id)))
    first = rubric.criteria[0].name
    return ReviewResults(rnd.id, call.code, call.name, rnd.number, call.aggregation,
                         RULES.get(call.aggregation, call.aggregation), params.review_drop_extremes_min,
                         params.review_disagreement_spread,
                         f"得分相同时依次比较：中位数、“{first}”单项均分、申报编号先后、项目编号", rubric, rows,
                         rnd.per_group, with_z,
                         sorted((ExpertRef(e, refs[e][0], refs[e][1]) for e in norm.no_spread),
                                key=lambda x: (x.name, x.id)) if norm else [])


class ResultsMixin:
    db: Database

    def results(self, actor: Actor, call_code: str, number: int | None = None, *,
                with_z: bool = False) -> ReviewResults:
        """Scores and ranking of the latest closed round (clerks and managers, after closing only)."""
        actor.require(Permission.VIEW_ALL_SCORES)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            return compute_results(uow, call, closed_round(uow, call, number), with_z)

    def review_summary(self, actor: Actor, call_code: str, number: int | None = None) -> ReviewSummary:
        """评审结果汇总表: call, rubric, rule, seed, dates, each group's experts and the ranked list with
        the funding decision when there is one."""
        actor.require(Permission.VIEW_ALL_SCORES)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            rnd = closed_round(uow, call, number)
            res = compute_results(uow, call, rnd)
            groups = list(uow.session.scalars(select(ReviewGroupRow).where(ReviewGroupRow.round_id == rnd.id)
                                              .order_by(ReviewGroupRow.ordinal)))
            experts: dict[int, set[int]] = defaultdict(set)
            projects: dict[int, set[int]] = defaultdict(set)
            for gid, eid, pid, status in uow.session.execute(
                    select(ReviewAssignmentRow.group_id, ReviewAssignmentRow.expert_id, ReviewAssignmentRow.project_id,
                           ReviewAssignmentRow.status).where(ReviewAssignmentRow.round_id == rnd.id)):
                projects[gid].add(pid)
                if status == "submitted":
                    experts[gid].add(eid)
            refs = expert_refs(uow, {e for es in experts.values() for e in es})
            pmap = project_map(uow, {p for ps in projects.values() for p in ps})
            summary_groups = [SummaryGroup(g.code, g.field,
                                           sorted((ExpertRef(e, refs[e][0], refs[e][1]) for e in experts[g.id]),
                                                  key=lambda x: (x.name, x.id)),
                                           sorted(pmap[p].code for p in projects[g.id])) for g in groups]
            decisions = {d.project_id: d for d in uow.session.scalars(
                select(FundingDecisionRow).where(FundingDecisionRow.round_id == rnd.id))}
            rows = []
            for r in res.rows:
                d = decisions.get(r.project.id)
                rows.append(SummaryRow(r.rank, r.project, r.score, r.count, r.spread, r.disagreement, r.tie_note,
                                       r.requested, d.funded if d else None, Money(d.approved_fen if d and d.funded else 0)))
            decided = max((d.decided_at for d in decisions.values()), default=None)
            pub_ids = {d.publicity_id for d in decisions.values() if d.publicity_id}
            pubs = [uow.session.get(PublicityRow, i) for i in sorted(pub_ids)]
            publicity = (min(p.start for p in pubs), max(p.end for p in pubs)) if pubs else None
            return ReviewSummary(
                call.code, call.name, call.year, CallCategory(call.category).label, rnd.number,
                [(c.name, c.max_points) for c in res.rubric.criteria], res.rule_label, res.min_for_trim,
                res.spread_threshold, rnd.seed, rnd.inputs_digest, rnd.draw_on, rnd.created_by, rnd.closed_at,
                rnd.closed_by, summary_groups, rows, decided, publicity)
