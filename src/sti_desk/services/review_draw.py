"""Drawing the review experts of a call (专家随机抽取) and the draw record (抽取记录).

The draw itself is the domain's :func:`draw_experts`; this module feeds it the store's data, keeps the
seed (generated from the OS's secure source when none is given), writes the groups, assignments and
the record (inputs included, so :meth:`DrawMixin.verify_draw` can re-run it), and shows the record to
clerks and managers only.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date

from sqlalchemy import insert, select, update

from ..db.tables import (AuditRow, CallRow, ProjectRow, ReviewAssignmentRow, ReviewDrawRow, ReviewGroupProjectRow,
                         ReviewGroupRow, ReviewReplacementRow, ReviewRoundRow)
from ..db.tables.base import now
from ..db.uow import Database, UnitOfWork
from ..domain.calls import MIN_EXPERTS_PER_GROUP, group_size_problem
from ..domain.errors import ValidationError
from ..domain.lifecycle import ProjectState
from ..domain.permissions import Permission
from ..domain.review import DEFAULT_GROUP_SIZE, DrawResult, Exclusion, draw_experts, new_seed
from .actor import Actor
from .review_common import (OPEN_STATUSES, call_by_code, current_round, expert_candidates, expert_refs,
                            project_map, projects_for_review, rounds_of, today_or, unit_names)
from .review_dto import (DrawGroupRecord, DrawRecordView, DrawSummary, DrawVerification, ExclusionView,
                         ExpertRef, GroupSummary, LotView, ProjectRef, ReplacementView)
from .review_records import draw_from_json, draw_to_json, exclusion_from, replacement_entry
from .user_names import display_names

KIND_LABELS = {"suspended": "暂停", "conflict": "回避", "declined": "已退出", "on_panel": "已在本组",
               "missing": "不在专家库"}


def write_round(uow: UnitOfWork, actor_name: str, call: CallRow, projects: list[ProjectRow], *, per_group: int,
                reserves: int, seed: str, on: date, max_group_size: int = DEFAULT_GROUP_SIZE,
                deadline: date | None = None, status: str = "scoring",
                min_per_group: int = MIN_EXPERTS_PER_GROUP) -> tuple[ReviewRoundRow, DrawResult]:
    """Draw for ``projects`` and store the round, groups, assignments and record (no commit).
    ``min_per_group`` is the smallest group size a shortage may suggest drawing with instead."""
    codes = {p.id: p.code for p in projects}
    by_code = {p.code: p for p in projects}
    result = draw_experts(projects_for_review(uow, projects), expert_candidates(uow, codes), per_group, reserves,
                          seed, on, max_group_size=max_group_size, min_per_group=min_per_group)
    number = len(rounds_of(uow, call.id)) + 1
    rnd = ReviewRoundRow(call_id=call.id, number=number, status=status, seed=seed, per_group=per_group,
                         reserves=reserves, max_group_size=max_group_size, draw_on=on, deadline=deadline,
                         inputs_digest=result.inputs_digest, sheet_secret="", created_by=actor_name,
                         created_at=now())
    uow.session.add(rnd)
    uow.flush()
    # the score sheets' HMAC key is written outside the audited ORM path: it must not appear in the log
    uow.session.execute(update(ReviewRoundRow.__table__).where(ReviewRoundRow.__table__.c.id == rnd.id)
                        .values(sheet_secret=secrets.token_hex(32)))
    uow.session.expire(rnd, ["sheet_secret"])
    record = draw_to_json(result)
    groups = [ReviewGroupRow(round_id=rnd.id, code=g.group_id, field=g.field, ordinal=i)
              for i, g in enumerate(result.groups, start=1)]
    uow.session.add_all(groups)
    uow.flush()
    # the bulk rows follow from the draw record; one audit entry (below) covers them, with the record's
    # SHA-256, so that a later change of the stored record is detectable through the audit chain
    stamp = now()
    session = uow.session
    session.execute(insert(ReviewDrawRow), [{"round_id": rnd.id, "record_json": record, "created_at": stamp}])
    session.execute(insert(ReviewGroupProjectRow), [{"group_id": grow.id, "project_id": by_code[c].id}
                                                    for grow, g in zip(groups, result.groups) for c in g.project_ids])
    session.execute(insert(ReviewAssignmentRow), [
        {"round_id": rnd.id, "group_id": grow.id, "expert_id": e, "project_id": by_code[c].id, "status": "assigned",
         "assigned_at": stamp} for grow, g in zip(groups, result.groups) for c in g.project_ids for e in g.expert_ids])
    uow.audit("draw", "review_round", str(rnd.id),
              {"call": call.code, "round": number, "seed": seed, "inputs_digest": result.inputs_digest,
               "record_sha256": hashlib.sha256(record.encode("utf-8")).hexdigest(), "groups": len(result.groups),
               "projects": len(projects),
               "assignments": sum(len(g.project_ids) * len(g.expert_ids) for g in result.groups),
               "warnings": list(result.warnings)})
    return rnd, result


def adopt_group_size(actor: Actor, call: CallRow, size: int, locked: bool) -> None:
    """The first draw of a call may change the call's 每组评审专家 (e.g. the shortage advice: draw with
    fewer): the call then says what the round used, changed in the draw's own transaction (audited as a
    change of the call) just before the setting locks. Once a round exists the setting is fixed (评审公平),
    so a later round draws with the call's number or not at all."""
    if locked:
        raise ValidationError(f"申报批次“{call.code}”已抽取过评审专家，每组评审专家人数固定为 {call.experts_per_group} 人"
                              f"（首轮抽取后锁定），不能改为 {size} 人", field="per_group", rule="评审公平")
    actor.require(Permission.EDIT_CALLS)
    call.experts_per_group = size  # type: ignore[assignment]


def _exclusion_view(e: Exclusion, refs: dict[int, tuple[str, str, str]]) -> ExclusionView:
    name, unit, _ = refs.get(e.expert_id, (str(e.expert_id), "", ""))
    return ExclusionView(ExpertRef(e.expert_id, name, unit), e.kind, KIND_LABELS.get(e.kind, e.kind),
                         list(e.reasons))


class DrawMixin:
    db: Database

    def draw(self, actor: Actor, call_code: str, per_group: int | None = None, reserves: int = 2,
             seed: int | str | None = None, *, today: date | None = None,
             max_group_size: int = DEFAULT_GROUP_SIZE, deadline: date | None = None,
             open_scoring: bool = True) -> DrawSummary:
        """Draw experts for every project of the call in 专家评审 not yet in a round.

        ``per_group`` (None: the call's 每组评审专家) different from the call's setting changes the call
        too, in the same transaction — only at the call's first draw (:func:`adopt_group_size`).

        ``seed`` is used as text (``20261123`` and ``"20261123"`` draw the same); without one a fresh
        seed is generated and recorded. The same inputs and seed always give the same draw.
        ``open_scoring=False`` leaves the round in 抽取完成待开评 until :meth:`open_scoring`."""
        actor.require(Permission.ORGANISE_REVIEW)
        day = today_or(today)
        seed_text = new_seed() if seed is None else str(seed).strip()
        if not seed_text:
            raise ValidationError("随机种子不能为空")
        if deadline is not None and deadline < day:       # the rule of set_deadline
            raise ValidationError(f"评分截止日期 {deadline:%Y-%m-%d} 早于今天（{day:%Y-%m-%d}）", field="deadline")
        with self.db.uow(actor) as uow:
            call = call_by_code(uow, call_code)
            rounds = rounds_of(uow, call.id)
            busy = [r for r in rounds if r.status in OPEN_STATUSES]
            if busy:
                raise ValidationError(f"申报批次“{call.code}”第 {busy[-1].number} 轮评审尚未结束，不能再次抽取")
            done = set(uow.session.scalars(
                select(ReviewGroupProjectRow.project_id).join(ReviewGroupRow)
                .where(ReviewGroupRow.round_id.in_([r.id for r in rounds])))) if rounds else set()
            projects = [p for p in uow.session.scalars(
                select(ProjectRow).where(ProjectRow.call_id == call.id, ProjectRow.state == ProjectState.REVIEW.value)
                .order_by(ProjectRow.code)) if p.id not in done]
            if not projects:
                raise ValidationError(f"申报批次“{call.code}”没有待抽取专家的“专家评审”阶段项目")
            size = call.experts_per_group if per_group is None else per_group
            problem = group_size_problem(size)       # the same bounds as the call's own setting
            if problem:
                raise ValidationError(f"{problem}（本次为 {size} 人）", field="per_group", rule="评审公平")
            locked = bool(rounds)
            if size != call.experts_per_group:
                adopt_group_size(actor, call, size, locked)
            rnd, result = write_round(uow, actor.username, call, projects, per_group=size,
                                      reserves=reserves, seed=seed_text, on=day, max_group_size=max_group_size,
                                      deadline=deadline, status="scoring" if open_scoring else "drawing",
                                      min_per_group=size if locked else MIN_EXPERTS_PER_GROUP)
            summary = self._summary(uow, call, rnd, result)
            uow.commit()
            return summary

    def open_scoring(self, actor: Actor, call_code: str) -> None:
        """抽取完成待开评 → 评分中: the experts can now see and mark their projects."""
        actor.require(Permission.ORGANISE_REVIEW)
        with self.db.uow(actor) as uow:
            rnd = current_round(uow, call_by_code(uow, call_code))
            if rnd.status != "drawing":
                raise ValidationError(f"第 {rnd.number} 轮评审不处于“抽取完成待开评”状态")
            rnd.status = "scoring"
            uow.commit()

    def set_deadline(self, actor: Actor, call_code: str, deadline: date | None, reason: str = "",
                     *, today: date | None = None) -> None:
        """Set, move or clear (``None``) the scoring deadline (评分截止日期) of the current round while it is
        open. A deadline in the past is refused; moving an existing one needs a reason. Audited."""
        actor.require(Permission.ORGANISE_REVIEW)
        day = today or date.today()
        with self.db.uow(actor) as uow:
            rnd = current_round(uow, call_by_code(uow, call_code))
            if rnd.status not in ("drawing", "scoring"):
                raise ValidationError(f"第 {rnd.number} 轮评审已结束，不能再修改截止日期")
            if deadline is not None and deadline < day:
                raise ValidationError(f"截止日期 {deadline:%Y-%m-%d} 早于今天（{day:%Y-%m-%d}）", field="deadline")
            if rnd.deadline is not None and deadline != rnd.deadline and not reason.strip():
                raise ValidationError("修改已公布的截止日期须填写原因（如：延期以便专家补交）", field="reason")
            if deadline == rnd.deadline:
                return
            before = rnd.deadline
            rnd.deadline = deadline
            uow.audit("set_deadline", "review_rounds", str(rnd.id),
                      {"before": before.isoformat() if before else None,
                       "after": deadline.isoformat() if deadline else None, "reason": reason.strip()})
            uow.commit()

    @staticmethod
    def _summary(uow: UnitOfWork, call: CallRow, rnd: ReviewRoundRow, result: DrawResult) -> DrawSummary:
        codes = [c for g in result.groups for c in g.project_ids]
        rows = {p.code: p for p in uow.session.scalars(select(ProjectRow).where(ProjectRow.code.in_(codes)))}
        units = unit_names(uow, [p.unit_id for p in rows.values()])
        refs = expert_refs(uow, [e for g in result.groups for e in g.expert_ids + g.reserve_ids])

        def eref(e: int) -> ExpertRef:
            return ExpertRef(e, refs[e][0], refs[e][1])

        groups = [GroupSummary(g.group_id, g.field,
                               [ProjectRef(rows[c].id, c, rows[c].title, units.get(rows[c].unit_id, ""))
                                for c in g.project_ids],
                               [eref(e) for e in g.expert_ids], [eref(e) for e in g.reserve_ids])
                  for g in result.groups]
        n = sum(len(g.project_ids) * len(g.expert_ids) for g in result.groups)
        return DrawSummary(rnd.id, call.code, rnd.number, rnd.status, rnd.seed, rnd.inputs_digest, groups, n,
                           list(result.warnings))

    def draw_record(self, actor: Actor, call_code: str, number: int | None = None) -> DrawRecordView:
        """The draw record of the call's latest (or ``number``-th) round: clerks and managers only."""
        actor.require(Permission.VIEW_ALL_SCORES)
        with self.db.reader(actor.username) as uow:
            call = call_by_code(uow, call_code)
            rnd = current_round(uow, call, number)
            rec = draw_from_json(uow.session.scalar(select(ReviewDrawRow.record_json)
                                                    .where(ReviewDrawRow.round_id == rnd.id)))
            reps = list(uow.session.scalars(select(ReviewReplacementRow).where(ReviewReplacementRow.round_id == rnd.id)
                                            .order_by(ReviewReplacementRow.id)))
            gcodes = dict(uow.session.execute(select(ReviewGroupRow.id, ReviewGroupRow.code)
                                              .where(ReviewGroupRow.round_id == rnd.id)).all())
            rec.replacements.extend(replacement_entry(gcodes[r.group_id], r.declined_expert_id, r.new_expert_id,
                                                      r.reason, r.source, rnd.seed, r.skipped_json) for r in reps)
            ids = {e.expert_id for e in rec.experts} | {r.new_expert_id for r in reps}
            refs = expert_refs(uow, ids)
            prow = {p.code: p for p in project_map(uow, uow.session.scalars(
                select(ReviewGroupProjectRow.project_id).join(ReviewGroupRow)
                .where(ReviewGroupRow.round_id == rnd.id))).values()}
            units = unit_names(uow, [p.unit_id for p in prow.values()])

            def eref(e: int) -> ExpertRef:
                name, unit, _ = refs.get(e, (str(e), "", ""))
                return ExpertRef(e, name, unit)

            groups = []
            for g, a in zip(rec.groups, rec.audit):
                panel, reserve = set(g.expert_ids), set(g.reserve_ids)
                groups.append(DrawGroupRecord(
                    g.group_id, g.field,
                    [ProjectRef(prow[c].id, c, prow[c].title, units.get(prow[c].unit_id, "")) for c in g.project_ids
                     if c in prow],
                    [eref(e) for e in g.expert_ids], [eref(e) for e in rec.panel(g.group_id)],
                    [eref(e) for e in g.reserve_ids], a.pool_size, a.other_field_count,
                    [_exclusion_view(e, refs) for e in a.suspended + a.conflicted],
                    [LotView(eref(t.expert_id), t.field, t.tier, t.panel_load, t.reserve_load, t.lot,
                             "评审专家" if t.expert_id in panel else "备选专家" if t.expert_id in reserve else "未抽中")
                     for t in a.lots], list(a.neighbour_fields_used), list(a.notes)))
            names = display_names(uow, [rnd.created_by, *(r.by for r in reps)])
            replacements = [ReplacementView(gcodes[r.group_id], eref(r.declined_expert_id), eref(r.new_expert_id),
                                            r.reason, r.source,
                                            [_exclusion_view(exclusion_from(d), refs)
                                             for d in json.loads(r.skipped_json or "[]")],
                                            names.get(r.by, r.by), r.at, r.by) for r in reps]
            return DrawRecordView(rnd.id, call.code, call.name, rnd.number, rnd.status, rnd.seed, rnd.draw_on,
                                  rnd.per_group, rnd.reserves, rnd.max_group_size, rnd.inputs_digest,
                                  names.get(rnd.created_by, rnd.created_by), rnd.created_at, groups, replacements,
                                  list(rec.warnings), rnd.created_by)

    def verify_draw(self, actor: Actor, call_code: str, number: int | None = None) -> DrawVerification:
        """Re-run the recorded draw from its recorded inputs and seed and compare (可复核)."""
        actor.require(Permission.VIEW_ALL_SCORES)
        with self.db.reader(actor.username) as uow:
            rnd = current_round(uow, call_by_code(uow, call_code), number)
            text = uow.session.scalar(select(ReviewDrawRow.record_json).where(ReviewDrawRow.round_id == rnd.id))
            rec = draw_from_json(text)
            logged = uow.session.scalar(select(AuditRow.after_json).where(
                AuditRow.action == "draw", AuditRow.entity == "review_round", AuditRow.entity_id == str(rnd.id)))
            logged_sha = json.loads(logged).get("record_sha256") if logged else None
            again = draw_experts(rec.projects, rec.experts, rec.per_group, rec.reserves, rnd.seed, rec.on,
                                 max_group_size=rec.max_group_size)
            stored = {(g.group_id, tuple(g.project_ids), tuple(g.expert_ids), tuple(g.reserve_ids))
                      for g in rec.groups}
            rerun = {(g.group_id, tuple(g.project_ids), tuple(g.expert_ids), tuple(g.reserve_ids))
                     for g in again.groups}
            initial = set()
            replaced_in = {(r.group_id, r.new_expert_id) for r in uow.session.scalars(
                select(ReviewReplacementRow).where(ReviewReplacementRow.round_id == rnd.id))}
            for gid, gcode, eid in uow.session.execute(
                    select(ReviewGroupRow.id, ReviewGroupRow.code, ReviewAssignmentRow.expert_id)
                    .join(ReviewAssignmentRow, ReviewAssignmentRow.group_id == ReviewGroupRow.id)
                    .where(ReviewGroupRow.round_id == rnd.id)):
                if (gid, eid) not in replaced_in:
                    initial.add((gcode, eid))
            drawn = {(g.group_id, e) for g in rec.groups for e in g.expert_ids}
            problems = []
            if logged_sha != hashlib.sha256(text.encode("utf-8")).hexdigest():
                problems.append("抽取记录与审计日志中登记的指纹不符（记录在抽取后被改动）")
            if again.inputs_digest != rnd.inputs_digest or rec.inputs_digest != rnd.inputs_digest:
                problems.append("记录中的抽取输入与抽取时的指纹不符")
            if stored != rerun:
                problems.append("用记录的种子重新抽取，结果与记录不同")
            if initial != drawn:
                problems.append("评审任务中的专家与抽取记录不一致")
            ok = not problems
            msg = (f"复核通过：以种子 {rnd.seed} 和记录的输入重新抽取，{len(rec.groups)} 个评审组的评审专家和备选专家"
                   "与记录完全一致，评审任务与记录一致" if ok else "复核未通过：" + "；".join(problems))
            return DrawVerification(ok, msg, rnd.inputs_digest, again.inputs_digest)
