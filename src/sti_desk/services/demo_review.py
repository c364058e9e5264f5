"""Demo data of the expert review (演示数据·专家评审), run after the core demo (services/demo.EXTENSIONS).

For the current year's call:
- the pool gets four outside institutions with four experts per field (a county pool alone is too
  small for five experts per group with recusal), suspension reasons and a few declared conflicts;
- round 1 (closed): the projects now in 拟立项 or 不予立项 were drawn with a fixed seed, every expert
  submitted, the manager decided (funding decisions) and the 拟立项 list is in an ongoing publicity
  with one open objection;
- round 2 (scoring): the projects in 专家评审 drawn with a fixed seed; most sheets are submitted, some
  are drafts or untouched, the deadline has passed so `review status` shows who is late. The demo
  reviewer ``expert01`` is pointed at an expert of round 2 with work left.

For each earlier call (its projects are now 立项 … 归档 or 不予立项): one closed round with every sheet
submitted, the funding decisions and a finished publicity, on days between entering 专家评审 and 立项
(see :func:`_past_review`), so the 组织评审 page shows that call's review history.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from ..db.tables import (CallRow, ExpertConflictRow, ExpertRow, ExpertStatusRow, FundingDecisionRow, ObjectionRow, PersonRow,
                         ProjectEventRow, ProjectRow, PublicityRow, ReviewAssignmentRow, UnitRow, UserRow)
from ..db.uow import Database, UnitOfWork
from ..domain.entities import FIELDS
from ..domain.review import Rubric, publicity_end, total
from . import demo_names as names
from .review_common import call_rubric
from .review_decision import objection_event
from .review_draw import write_round
from .review_results import compute_results
from .review_scoring import store_marks

OUTSIDE_UNITS = (("浙江省农业科学院", "institute"), ("青州市科技咨询中心", "public_institution"),
                 ("青州大学", "university"), ("青州市第一人民医院", "hospital"))
COMMENTS_HIGH = ("技术路线清晰，创新点明确，团队基础扎实，建议优先支持。",
                 "研究内容与县域产业需求结合紧密，预期效益明显。")
COMMENTS_MID = ("方案基本可行，建议细化考核指标和进度安排。", "预算编制基本合理，示范推广计划需进一步落实。")
COMMENTS_LOW = ("创新性不足，与已有成果区别不大，技术方案论证不充分。", "团队前期基础薄弱，预算测算依据不足。")


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0))


def _working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _grow_pool(uow: UnitOfWork, rng: random.Random) -> None:
    units = []
    for i, (name, kind) in enumerate(OUTSIDE_UNITS):
        u = UnitRow(name=name, credit_code=names.credit_code(rng), unit_type=kind, address="青州市",
                    contact=names.person_name(rng), phone=f"0570-{rng.randrange(10**7):07d}")
        uow.session.add(u)
        units.append(u)
    uow.flush()
    for k, fld in enumerate(FIELDS):
        for j in range(4):
            unit = units[(k + j) % len(units)]
            p = PersonRow(name=names.person_name(rng), id_number=names.id_number(rng, 9000 + k * 4 + j),
                          unit_id=unit.id, title=names.title(rng, unit.unit_type, draws=4),
                          phone=f"137{rng.randrange(10**8):08d}")
            uow.session.add(p)
            uow.flush()
            uow.session.add(ExpertRow(person_id=p.id, field=fld, specialty=names.specialty(fld, j + 2), active=True))
    uow.flush()
    for e in uow.session.scalars(select(ExpertRow).where(ExpertRow.active.is_(False))):
        uow.session.add(ExpertStatusRow(expert_id=e.id, active=False, reason="本人因工作调动申请暂停", by="clerk",
                                        at=_at(date(2025, 12, 1))))


def _declare(uow: UnitOfWork, rng: random.Random, today: date) -> None:
    experts = list(uow.session.scalars(select(ExpertRow).order_by(ExpertRow.id)))[:30]
    units = list(uow.session.scalars(select(UnitRow).order_by(UnitRow.id)))[:20]
    for e, reason in zip(rng.sample(experts, 3), ("曾在该单位兼职", "配偶在该单位任职", "与该单位有技术合作")):
        uow.session.add(ExpertConflictRow(expert_id=e.id, unit_id=rng.choice(units).id, reason=reason,
                                          created_by="clerk", created_at=_at(today - timedelta(days=90))))
    e = rng.choice(experts)
    leader = uow.session.scalar(select(ProjectRow.leader_id).where(ProjectRow.state == "review").limit(1))
    if leader:
        uow.session.add(ExpertConflictRow(expert_id=e.id, person_id=leader, reason="师生关系", created_by="clerk",
                                          expires=today + timedelta(days=365),
                                          created_at=_at(today - timedelta(days=60))))


def _marks(rubric: Rubric, quality: float, rng: random.Random) -> dict[str, Decimal]:
    out = {}
    for c in rubric.criteria:
        share = min(0.98, max(0.3, quality + rng.uniform(-0.08, 0.08)))
        out[c.code] = min(Decimal(c.max_points), (Decimal(c.max_points) * Decimal(str(round(share, 3))) * 2)
                          .quantize(Decimal(1)) / 2)
    return out


def _opinion(rubric: Rubric, marks: dict[str, Decimal], rng: random.Random) -> tuple[str, str]:
    score = total(rubric, marks)
    if score >= 85:
        return rng.choice(COMMENTS_HIGH), "优先资助"
    if score >= 70:
        return rng.choice(COMMENTS_MID), "资助"
    return rng.choice(COMMENTS_LOW), "不资助"


def _score(uow: UnitOfWork, rubric: Rubric, a: ReviewAssignmentRow, quality: float, rng: random.Random,
           submit: bool, when: datetime) -> None:
    marks = _marks(rubric, quality, rng)
    comment, rec = _opinion(rubric, marks, rng)
    # a new sheet has no marks yet: not flushing the previous sheets before looking (autoflush) lets one
    # flush write them all, which halves the demo's build time
    with uow.session.no_autoflush:
        store_marks(uow, a, rubric, marks, comment, rec, submit)
    a.saved_at = when
    if submit:
        a.submitted_at = when


def extend(db: Database, today: date, rng: random.Random) -> None:
    rng = random.Random(f"review-{rng.random()}")
    with db.uow("clerk") as uow:
        call = uow.session.scalar(select(CallRow).where(CallRow.year == today.year).order_by(CallRow.id.desc()))
        if call is None:
            return
        _grow_pool(uow, rng)
        _declare(uow, rng, today)
        rubric = call_rubric(call)
        projects = list(uow.session.scalars(select(ProjectRow).where(ProjectRow.call_id == call.id)
                                            .order_by(ProjectRow.code)))
        decided = [p for p in projects if p.state in ("proposed", "rejected")]
        waiting = [p for p in projects if p.state == "review"]
        if decided:
            _round_one(uow, call, rubric, decided, today, rng)
        if waiting:
            _round_two(uow, call, rubric, waiting, today, rng)
        for past in uow.session.scalars(select(CallRow).where(CallRow.year < today.year).order_by(CallRow.year)):
            _past_review(uow, past, today)
        uow.commit()


def _past_review(uow: UnitOfWork, call: CallRow, today: date) -> None:
    """An earlier call whose projects went past 专家评审 was reviewed like the current one: one closed round
    (drawn after the last project entered 专家评审, every sheet submitted), the manager's funding decisions,
    and a publicity that ended — its 拟立项/不予立项 and 立项 events moved to those days. Its own random
    stream, so the current call's rounds stay as they are."""
    rng = random.Random(f"review-{call.code}")
    rubric = call_rubric(call)
    entered = {pid: at for pid, at in uow.session.execute(
        select(ProjectEventRow.project_id, ProjectEventRow.at).join(ProjectRow, ProjectRow.id == ProjectEventRow.project_id)
        .where(ProjectRow.call_id == call.id, ProjectEventRow.to_state == "review"))}
    reviewed = [p for p in uow.session.scalars(select(ProjectRow).where(ProjectRow.call_id == call.id)
                                               .order_by(ProjectRow.code))
                if p.id in entered and p.state != "review"]
    if not reviewed:
        return
    drawn_on = _working_day_after(max(entered.values()).date())
    deadline = drawn_on + timedelta(days=10)
    closed_on = _working_day_after(deadline)
    decided_on = _working_day_after(closed_on + timedelta(days=2))
    pub_start = _working_day_after(decided_on)
    pub_end = publicity_end(pub_start, 5)
    approved_on = _working_day_after(pub_end)
    if approved_on >= today:
        return                                   # too recent to have been reviewed before today
    rnd, _ = write_round(uow, "clerk", call, reviewed, per_group=call.experts_per_group, reserves=2,
                         seed=f"{call.code}-1", on=drawn_on, deadline=deadline)
    rnd.created_at = _at(drawn_on, 9)
    funded = {p.id for p in reviewed if p.approved_fen}
    quality = {p.id: rng.uniform(0.78, 0.93) if p.id in funded else rng.uniform(0.5, 0.72) for p in reviewed}
    for a in uow.session.scalars(select(ReviewAssignmentRow).where(ReviewAssignmentRow.round_id == rnd.id)
                                 .order_by(ReviewAssignmentRow.id)):
        a.assigned_at = _at(drawn_on, 9)
        when = _at(drawn_on + timedelta(days=rng.randint(2, 9)), rng.randint(9, 17))
        _score(uow, rubric, a, quality[a.project_id], rng, True, when)
    rnd.status, rnd.closed_by, rnd.closed_at = "closed", "clerk", _at(closed_on, 16)
    uow.flush()
    results = {r.project.id: r for r in compute_results(uow, call, rnd).rows}
    pub = PublicityRow(call_id=call.id, start=pub_start, end=pub_end, working_days=5, note="县科技局网站公示",
                       created_by="clerk", created_at=_at(pub_start, 9), finished_by="clerk",
                       finished_at=_at(approved_on, 10))
    uow.session.add(pub)
    uow.flush()
    moved = {"proposed": (_at(decided_on, 15), "manager"), "rejected": (_at(decided_on, 15), "manager"),
             "approved": (_at(approved_on, 10), "clerk")}
    for p in reviewed:
        r, yes = results[p.id], p.id in funded
        uow.session.add(FundingDecisionRow(
            project_id=p.id, call_id=call.id, round_id=rnd.id, funded=yes, approved_fen=p.approved_fen if yes else 0,
            review_score=str(r.score), rank=r.rank, note="局务会研究" if yes else "评审得分未进入资助范围",
            decided_by="manager", decided_at=_at(decided_on, 15), publicity_id=pub.id if yes else None))
        for ev in uow.session.scalars(select(ProjectEventRow).where(ProjectEventRow.project_id == p.id,
                                                                    ProjectEventRow.to_state.in_(moved))):
            ev.at, ev.username = moved[ev.to_state]
            if ev.to_state == p.state:
                p.state_changed_at = ev.at


def _round_one(uow: UnitOfWork, call: CallRow, rubric: Rubric, decided: list[ProjectRow], today: date,
               rng: random.Random) -> None:
    drawn_on, closed_on, decided_on = today - timedelta(days=20), today - timedelta(days=8), today - timedelta(days=5)
    rnd, _ = write_round(uow, "clerk", call, decided, per_group=call.experts_per_group, reserves=2,
                         seed=f"{call.code}-1", on=drawn_on, deadline=drawn_on + timedelta(days=7))
    rnd.created_at = _at(drawn_on, 9)
    quality = {p.id: rng.uniform(0.8, 0.93) if p.state == "proposed" else rng.uniform(0.5, 0.74) for p in decided}
    outlier = decided[0].id
    for a in uow.session.scalars(select(ReviewAssignmentRow).where(ReviewAssignmentRow.round_id == rnd.id)):
        a.assigned_at = _at(drawn_on, 9)
        q = quality[a.project_id]
        if a.project_id == outlier and rng.random() < 0.3:
            q -= 0.3                                # one expert sees it very differently: disagreement flag
        _score(uow, rubric, a, q, rng, True, _at(drawn_on + timedelta(days=rng.randint(2, 7)), rng.randint(9, 17)))
    rnd.status, rnd.closed_by, rnd.closed_at = "closed", "clerk", _at(closed_on, 16)
    uow.flush()
    results = {r.project.id: r for r in compute_results(uow, call, rnd).rows}
    when = _at(decided_on, 15)
    pub_start = _working_day_after(decided_on)
    pub = PublicityRow(call_id=call.id, start=pub_start, end=publicity_end(pub_start, 5), working_days=5,
                       note="县科技局网站公示", created_by="clerk", created_at=_at(pub_start, 9))
    uow.session.add(pub)
    uow.flush()
    for p in decided:
        r = results[p.id]
        funded = p.state == "proposed"
        uow.session.add(FundingDecisionRow(
            project_id=p.id, call_id=call.id, round_id=rnd.id, funded=funded, approved_fen=p.approved_fen if funded else 0,
            review_score=str(r.score), rank=r.rank, note="局务会研究" if funded else "评审得分未进入资助范围",
            decided_by="manager", decided_at=when, publicity_id=pub.id if funded else None))
        for ev in uow.session.scalars(select(ProjectEventRow).where(ProjectEventRow.project_id == p.id,
                                                                    ProjectEventRow.to_state == p.state)):
            ev.at, ev.username = when, "manager"
        p.state_changed_at = when
    target = next((p for p in decided if p.state == "proposed"), None)
    if target is not None:
        received, content = min(pub_start, today), "反映该项目负责人同期承担市级同类项目，请核实是否重复资助。"
        uow.session.add(ObjectionRow(publicity_id=pub.id, project_id=target.id, received_on=received,
                                     objector="实名来信", content=content, recorded_by="clerk"))
        event = objection_event(target, "登记公示异议", f"{received:%Y-%m-%d} 收到异议（异议人：实名来信）：{content}",
                                "clerk")
        event.at = _at(received, 15)
        uow.session.add(event)


def _round_two(uow: UnitOfWork, call: CallRow, rubric: Rubric, waiting: list[ProjectRow], today: date,
               rng: random.Random) -> None:
    drawn_on = today - timedelta(days=7)
    rnd, _ = write_round(uow, "clerk", call, waiting, per_group=call.experts_per_group, reserves=2,
                         seed=f"{call.code}-2", on=drawn_on, deadline=today - timedelta(days=1))
    rnd.created_at = _at(drawn_on, 9)
    sheets = list(uow.session.scalars(select(ReviewAssignmentRow).where(ReviewAssignmentRow.round_id == rnd.id)
                                      .order_by(ReviewAssignmentRow.id)))
    loads = Counter(a.expert_id for a in sheets)
    user = uow.session.scalar(select(UserRow).where(UserRow.username == "expert01"))
    demo_expert = user.expert_id if user is not None else None
    if user is not None and loads.get(demo_expert, 0) < 3:
        demo_expert = min(loads, key=lambda e: (-loads[e], e))
        user.expert_id = demo_expert
    quality = {p.id: rng.uniform(0.55, 0.92) for p in waiting}
    late = {e for e in loads if e != demo_expert and rng.random() < 0.15}
    mine = 0
    for a in sheets:
        a.assigned_at = _at(drawn_on, 9)
        when = _at(drawn_on + timedelta(days=rng.randint(1, 6)), rng.randint(9, 17))
        if a.expert_id == demo_expert:
            mine += 1
            if mine == 1:
                _score(uow, rubric, a, quality[a.project_id], rng, True, when)
            elif mine == 2:
                _score(uow, rubric, a, quality[a.project_id], rng, False, when)
        elif a.expert_id in late:
            if rng.random() < 0.5:
                _score(uow, rubric, a, quality[a.project_id], rng, False, when)
        else:
            _score(uow, rubric, a, quality[a.project_id], rng, True, when)
