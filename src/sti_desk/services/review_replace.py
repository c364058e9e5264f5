"""After the draw: an expert declines or turns out to be conflicted (专家替补/回避), and who is late
(评审进度)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from ..db.tables import (ProjectRow, ReviewAssignmentRow, ReviewDrawRow, ReviewGroupProjectRow, ReviewGroupRow,
                         ReviewReplacementRow, ReviewRoundRow)
from ..db.tables.base import now
from ..db.uow import Database
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.review import replace_expert
from .actor import Actor
from .review_common import (OPEN_STATUSES, assignment_for_staff, call_by_code, current_round, expert_candidates,
                            expert_refs, project_map, projects_for_review, today_or)
from .review_draw import _exclusion_view
from .review_dto import (ROUND_STATUS_LABELS, ExpertProgress, ExpertRef, PendingItem, ReplacementResult,
                         RoundStatus)
from .review_records import draw_from_json, exclusions_json, replacement_entry


class ReplaceMixin:
    db: Database

    def replace(self, actor: Actor, assignment_id: int, reason: str, *, today: date | None = None,
                from_pool: bool = False) -> ReplacementResult:
        """The expert of ``assignment_id`` leaves the group's panel: the next eligible reserve (same
        recusal rules as the draw, on today's data) takes over every project of the group that expert
        has not submitted; with ``from_pool`` an expert is drawn from the pool when no reserve is left.
        Logged in the replacement log and the draw record."""
        actor.require(Permission.ORGANISE_REVIEW)
        if not reason or not reason.strip():
            raise ValidationError("请填写专家退出评审的原因", field="reason")
        day = today_or(today)
        with self.db.uow(actor) as uow:
            a = assignment_for_staff(uow, actor, assignment_id)
            rnd: ReviewRoundRow = uow.get(ReviewRoundRow, a.round_id, "评审轮次")
            if rnd.status not in OPEN_STATUSES:
                raise ValidationError(f"第 {rnd.number} 轮评审已结束，不能再替补专家")
            group: ReviewGroupRow = uow.get(ReviewGroupRow, a.group_id, "评审组")
            mine = list(uow.session.scalars(select(ReviewAssignmentRow).where(
                ReviewAssignmentRow.group_id == group.id, ReviewAssignmentRow.expert_id == a.expert_id,
                ReviewAssignmentRow.status == "assigned").order_by(ReviewAssignmentRow.id)))
            if not mine:
                raise ValidationError("该专家在本组已没有待评的项目（已提交或已回避的评分不替补）")
            record = draw_from_json(uow.session.scalar(select(ReviewDrawRow.record_json)
                                                       .where(ReviewDrawRow.round_id == rnd.id)))
            gcodes = dict(uow.session.execute(select(ReviewGroupRow.id, ReviewGroupRow.code)
                                              .where(ReviewGroupRow.round_id == rnd.id)).all())
            for r in uow.session.scalars(select(ReviewReplacementRow).where(ReviewReplacementRow.round_id == rnd.id)
                                         .order_by(ReviewReplacementRow.id)):
                record.replacements.append(replacement_entry(gcodes[r.group_id], r.declined_expert_id,
                                                             r.new_expert_id, r.reason, r.source, rnd.seed,
                                                             r.skipped_json))
            members = project_map(uow, uow.session.scalars(select(ReviewGroupProjectRow.project_id)
                                                           .where(ReviewGroupProjectRow.group_id == group.id)))
            record.projects = tuple(projects_for_review(uow, sorted(members.values(), key=lambda p: p.code)))
            codes = {p.id: p.code for p in members.values()}
            pool = expert_candidates(uow, codes)
            new_id, entry = replace_expert(record, group.code, a.expert_id, reason.strip(), experts=pool, on=day,
                                           from_pool=from_pool)
            stamp = now()
            created = []
            for old in mine:
                new = ReviewAssignmentRow(round_id=rnd.id, group_id=group.id, expert_id=new_id,
                                          project_id=old.project_id, status="assigned", assigned_at=stamp)
                uow.session.add(new)
                uow.flush()
                old.status, old.replaced_by_id = "replaced", new.id
                old.declined_at, old.decline_reason = stamp, reason.strip()
                created.append(new.id)
            uow.session.add(ReviewReplacementRow(round_id=rnd.id, group_id=group.id, declined_expert_id=a.expert_id,
                                                 new_expert_id=new_id, reason=reason.strip(), source=entry.source,
                                                 skipped_json=exclusions_json(entry.skipped), by=actor.username,
                                                 at=stamp))
            refs = expert_refs(uow, [a.expert_id, new_id, *(s.expert_id for s in entry.skipped)])
            uow.flush()
            uow.commit()
            return ReplacementResult(created, group.code, ExpertRef(a.expert_id, *refs[a.expert_id][:2]),
                                     ExpertRef(new_id, *refs[new_id][:2]), entry.source,
                                     [_exclusion_view(s, refs) for s in entry.skipped])

    def decline(self, actor: Actor, assignment_id: int, reason: str) -> None:
        """The expert does not mark this one project (e.g. a conflict found late) and nobody replaces
        them for it: the assignment counts as settled when the round is closed."""
        actor.require(Permission.ORGANISE_REVIEW)
        if not reason or not reason.strip():
            raise ValidationError("请填写回避或退出的原因", field="reason")
        with self.db.uow(actor) as uow:
            a = assignment_for_staff(uow, actor, assignment_id)
            rnd = uow.get(ReviewRoundRow, a.round_id, "评审轮次")
            if rnd.status not in OPEN_STATUSES:
                raise ValidationError(f"第 {rnd.number} 轮评审已结束")
            if a.status != "assigned":
                raise ValidationError("只有待评的评审任务可以登记回避（已提交的须先退回）")
            a.status, a.declined_at, a.decline_reason = "declined", now(), reason.strip()
            uow.commit()

    def status(self, actor: Actor, call_code: str, *, today: date | None = None) -> RoundStatus:
        """评审进度: per expert how many sheets are submitted, drafted or pending, and who is late
        (pending after the deadline; without a deadline nobody is late). No marks."""
        actor.require(Permission.VIEW_ALL_SCORES)
        day = today_or(today)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            rnd = current_round(uow, call)
            rows = list(uow.session.execute(
                select(ReviewAssignmentRow.id, ReviewAssignmentRow.expert_id, ReviewAssignmentRow.status,
                       ReviewAssignmentRow.saved_at, ProjectRow.code, ProjectRow.title)
                .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                .where(ReviewAssignmentRow.round_id == rnd.id).order_by(ProjectRow.code)))
            refs = expert_refs(uow, [r[1] for r in rows])
            counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            pending: list[PendingItem] = []
            for aid, eid, status, saved_at, code, title in rows:
                counts[eid][status] += 1
                if status == "assigned":
                    counts[eid]["drafts"] += saved_at is not None
                    pending.append(PendingItem(aid, ExpertRef(eid, refs[eid][0], refs[eid][1]), code, title,
                                               saved_at is not None))
            overdue = rnd.deadline is not None and day > rnd.deadline
            experts = []
            for eid, c in sorted(counts.items(), key=lambda kv: (-kv[1]["assigned"], refs[kv[0]][0], kv[0])):
                if not (c["assigned"] or c["submitted"] or c["declined"]):
                    continue
                experts.append(ExpertProgress(ExpertRef(eid, refs[eid][0], refs[eid][1]), refs[eid][2],
                                              c["assigned"] + c["submitted"], c["submitted"], c["drafts"], c["assigned"],
                                              c["declined"], bool(c["assigned"]) and overdue and rnd.status == "scoring"))
            total = sum(1 for r in rows if r[2] != "replaced")
            submitted = sum(1 for r in rows if r[2] == "submitted")
            return RoundStatus(rnd.id, call.code, rnd.number, rnd.status, ROUND_STATUS_LABELS[rnd.status],
                               rnd.deadline, total, submitted, len(pending), experts, pending,
                               rnd.status == "scoring" and not pending, rnd.per_group)

    def assignments_of(self, actor: Actor, call_code: str) -> list[PendingItem]:
        """Every live assignment of the call's current round (for the clerk's replace/decline dialogs;
        no marks)."""
        actor.require(Permission.ORGANISE_REVIEW)
        with self.db.reader(actor.username) as uow:
            rnd = current_round(uow, call_by_code(uow, call_code))
            rows = list(uow.session.execute(
                select(ReviewAssignmentRow.id, ReviewAssignmentRow.expert_id, ReviewAssignmentRow.saved_at,
                       ProjectRow.code, ProjectRow.title, ReviewAssignmentRow.status)
                .join(ProjectRow, ProjectRow.id == ReviewAssignmentRow.project_id)
                .where(ReviewAssignmentRow.round_id == rnd.id, ReviewAssignmentRow.status.in_(("assigned", "submitted")))
                .order_by(ReviewAssignmentRow.id)))
            refs = expert_refs(uow, [r[1] for r in rows])
            return [PendingItem(aid, ExpertRef(eid, *refs[eid][:2]), code, title, saved is not None, status)
                    for aid, eid, saved, code, title, status in rows]
