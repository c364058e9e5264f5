"""A realistic county dataset for demonstrations and manual testing (演示数据).

21 county units (above-scale enterprises with and without R&D institutions, a college, hospitals),
60 county experts in every field, 3 calls (one 包干制, one 揭榜挂帅) and 150 projects spread over every
lifecycle state, with budgets that add up and dates that follow the lifecycle. The review extension
(demo_review) adds 4 outside institutions with 36 experts (4 per field), so the database holds 25 units
and 96 experts, each with a 专长; :class:`DemoSummary` counts what is in the file.
"""
from __future__ import annotations

import importlib
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from ..db.tables import (BudgetLineRow, CallRow, ExpertRow, PersonRow, ProjectEventRow, ProjectRow,
                         ScreeningRow, TeamMemberRow, UnitRow, UserRow)
from ..db.uow import Database, UnitOfWork
from ..domain.entities import FIELDS
from ..domain.errors import ValidationError
from ..domain.lifecycle import MAIN_PATH, TRANSITIONS, ProjectState
from ..domain.money import Money
from ..domain.permissions import Role
from ..domain.policy import (BUDGET_SUBJECTS, EQUIPMENT, INDIRECT, BudgetScheme, CallCategory, FundingMode,
                             OrganisationMode, PolicyParameters)
from . import demo_names as names
from .actor import SYSTEM
from .auth import AuthService
from .demo_accounts import DEMO_PASSWORDS

S = ProjectState
#: Feature areas extend the demo after the core data is written: functions ``(db, today, rng) -> None``
#: given as "module:function" (e.g. screening results, review marks, contracts).
EXTENSIONS: list[str] = ["sti_desk.services.demo_intake:extend", "sti_desk.services.demo_review:extend"]



@dataclass(frozen=True)
class DemoSummary:
    units: int
    experts: int
    calls: int
    projects: int
    by_state: dict[str, int]
    accounts: dict[str, str]  # demo accounts created now: username → password


def _plan(year: int) -> list[tuple[dict, list[tuple[ProjectState, int]]]]:
    """Three calls and how many projects end up in each state."""
    return [
        (dict(code=f"{year - 3}-ZDYF", name=f"{year - 3}年度青溪县重点研发计划", year=year - 3,
              category=CallCategory.KEY_RD, funding_mode=FundingMode.BUDGET,
              organisation_mode=OrganisationMode.COMPETITIVE, budget_scheme=BudgetScheme.TRADITIONAL,
              cap=Money.wan(50), total=Money.wan(1200), opens=date(year - 3, 3, 1), closes=date(year - 3, 4, 15)),
         [(S.IMPLEMENTATION, 6), (S.ACCEPTANCE, 10), (S.BALANCE, 12), (S.ARCHIVED, 15), (S.TERMINATED, 3),
          (S.REJECTED, 4)]),
        (dict(code=f"{year - 1}-JBGS", name=f"{year - 1}年度青溪县揭榜挂帅项目", year=year - 1,
              category=CallCategory.OPEN_COMPETITION, funding_mode=FundingMode.BUDGET,
              organisation_mode=OrganisationMode.OPEN_COMPETITION, budget_scheme=BudgetScheme.SIMPLIFIED,
              cap=Money.wan(300), total=Money.wan(5000), opens=date(year - 1, 3, 1), closes=date(year - 1, 4, 30)),
         [(S.APPROVED, 5), (S.IMPLEMENTATION, 22), (S.REJECTED, 8)]),
        (dict(code=f"{year}-CGZH", name=f"{year}年度青溪县科技成果转化项目（包干制）", year=year,
              category=CallCategory.TRANSFER, funding_mode=FundingMode.LUMP_SUM,
              organisation_mode=OrganisationMode.COMPETITIVE, budget_scheme=BudgetScheme.SIMPLIFIED,
              cap=Money.wan(80), total=Money.wan(1500), opens=date(year, 8, 1), closes=date(year, 12, 31)),
         [(S.APPLIED, 15), (S.SCREENING, 12), (S.REVIEW, 18), (S.PROPOSED, 8), (S.REJECTED, 12)]),
    ]


def _path_to(state: ProjectState) -> list[ProjectState]:
    """The states a project passed through to reach ``state`` (side exits after the right stage)."""
    if state in MAIN_PATH:
        return list(MAIN_PATH[: MAIN_PATH.index(state) + 1])
    if state is S.TERMINATED:
        return list(MAIN_PATH[:6]) + [S.TERMINATED]
    return list(MAIN_PATH[:3]) + [S.REJECTED]


class _Builder:
    def __init__(self, uow: UnitOfWork, rng: random.Random, today: date):
        self.uow, self.rng, self.today = uow, rng, today
        self.seq = 0
        self.used_titles: set[tuple[int, int, str]] = set()

    def person(self, unit: UnitRow, title: str = "") -> PersonRow:
        self.seq += 1
        p = PersonRow(name=names.person_name(self.rng), id_number=names.id_number(self.rng, self.seq),
                      unit_id=unit.id, title=title or names.title(self.rng, unit.unit_type),
                      phone=f"139{self.rng.randrange(10**8):08d}")
        self.uow.session.add(p)
        self.uow.flush()
        return p

    def budget(self, call: CallRow, requested: Money) -> list[BudgetLineRow]:
        subjects = [s for s in BUDGET_SUBJECTS[BudgetScheme(call.budget_scheme)] if s != INDIRECT]
        params = PolicyParameters()
        weights = [self.rng.randint(5, 30) for _ in subjects]
        direct_total = requested.times("0.85")
        ratios = [Decimal(w) / sum(weights) for w in weights[:-1]]
        shares = direct_total.split(ratios + [1 - sum(ratios)])
        lines = [BudgetLineRow(subject=s, fiscal_fen=m.fen, self_raised_fen=0,
                               basis="按市场询价测算" if m.ratio_to(direct_total) >= params.calc_basis_threshold else "")
                 for s, m in zip(subjects, shares)]
        indirect = requested - direct_total
        equipment = next(m for s, m in zip(subjects, shares) if s == EQUIPMENT)
        ceiling = params.indirect_cost_ceiling(direct_total, equipment)
        if indirect > ceiling:  # move the excess into 业务费-like first direct line after equipment
            lines[1].fiscal_fen += (indirect - ceiling).fen
            indirect = ceiling
        lines.append(BudgetLineRow(subject=INDIRECT, fiscal_fen=indirect.fen, self_raised_fen=0, basis=""))
        return lines


def populate(db: Database, *, today: date | None = None, seed: int = 20261123) -> DemoSummary:
    """Fill an empty database with the demo dataset and the demo users (see DEMO_PASSWORDS)."""
    today = today or date.today()
    rng = random.Random(seed)
    with db.uow("demo") as uow:
        if uow.session.scalar(select(func.count(ProjectRow.id))):
            raise ValidationError("数据库中已有项目数据，演示数据只能写入空数据库")
        b = _Builder(uow, rng, today)
        units = []
        for name, kind, above, rd, intensity in names.UNITS:
            u = UnitRow(name=name, credit_code=names.credit_code(rng), unit_type=kind,
                        above_scale_industrial=above, has_rd_institution=rd, rd_intensity=intensity,
                        address=f"{names.COUNTY}{rng.choice(['城关镇', '溪口镇', '经济开发区', '高新园区'])}",
                        contact=names.person_name(rng), phone=f"0570-{rng.randrange(10**7):07d}")
            uow.session.add(u)
            units.append(u)
        uow.flush()
        experts = []
        for i in range(60):
            unit = units[i % len(units)]
            p = b.person(unit)
            fld = FIELDS[i % len(FIELDS)]
            e = ExpertRow(person=p, field=fld, specialty=names.specialty(fld, i // len(FIELDS)), active=i % 17 != 16)
            uow.session.add(e)
            experts.append(e)
        uow.flush()
        counts: dict[str, int] = {}
        n_projects = 0
        for spec, distribution in _plan(today.year):
            call = CallRow(code=spec["code"], name=spec["name"], year=spec["year"], category=spec["category"].value,
                           funding_mode=spec["funding_mode"].value, organisation_mode=spec["organisation_mode"].value,
                           budget_scheme=spec["budget_scheme"].value, cap_fen=spec["cap"].fen,
                           total_budget_fen=spec["total"].fen, opens=spec["opens"], closes=spec["closes"],
                           self_funding_ratio="1" if spec["category"] is CallCategory.OPEN_COMPETITION else "0.5",
                           experts_per_group=5, aggregation="trimmed_mean", disbursement_plan="0.7,0.3")
            uow.session.add(call)
            uow.flush()
            seq = 0
            for state, how_many in distribution:
                for _ in range(how_many):
                    seq += 1
                    _project(b, call, units, state, seq)
                    counts[state.label] = counts.get(state.label, 0) + 1
                    n_projects += 1
        uow.commit()
    accounts = _demo_users(db)
    for spec in EXTENSIONS:
        module, func_name = spec.split(":")
        getattr(importlib.import_module(module), func_name)(db, today, random.Random(seed))
    with db.reader() as uow:  # what is in the file now, extensions included (e.g. the review's outside experts)
        n_units, n_experts, n_calls = (uow.session.scalar(select(func.count()).select_from(t))
                                       for t in (UnitRow, ExpertRow, CallRow))
    return DemoSummary(n_units or 0, n_experts or 0, n_calls or 0, n_projects, counts, accounts)


def _demo_users(db: Database) -> dict[str, str]:
    """Create the demo accounts that do not exist yet (an existing admin keeps its password)."""
    auth = AuthService(db)
    created: dict[str, str] = {}
    if not auth.has_users():
        auth.bootstrap_admin("admin", DEMO_PASSWORDS["admin"])
        created["admin"] = DEMO_PASSWORDS["admin"]
    with db.reader() as uow:
        reviewer_expert = uow.session.scalar(select(ExpertRow.id).order_by(ExpertRow.id).limit(1))
        existing = set(uow.session.scalars(select(UserRow.username)))
    for user, display, role, expert in (("clerk", "王晓梅", Role.CLERK, None), ("manager", "李建国", Role.MANAGER, None),
                                        ("expert01", "评审专家一", Role.REVIEWER, reviewer_expert)):
        if user not in existing:
            auth.create_user(SYSTEM, user, display, role, DEMO_PASSWORDS[user], expert)
            created[user] = DEMO_PASSWORDS[user]
    return created


def _project(b: _Builder, call: CallRow, units: list[UnitRow], state: ProjectState, seq: int) -> None:
    rng = b.rng
    field = rng.choice(FIELDS[:-1]) if call.category != CallCategory.OPEN_COMPETITION.value else rng.choice(FIELDS[:4])
    while True:  # a unit applies at most once per call with the same title
        unit = rng.choice(units)
        stem = rng.choice(names.TOPICS[field])
        suffixes = ["", "（一期）", "及示范"] if stem.endswith(("研究", "建设")) else \
            ["研发", "研究与示范", "关键技术研究", "集成应用", "产业化"]
        title = f"{stem}{rng.choice(suffixes)}"
        if (call.id, unit.id, title) not in b.used_titles:
            b.used_titles.add((call.id, unit.id, title))
            break
    leader = b.person(unit)
    cap = Money(call.cap_fen)
    minimum = PolicyParameters().funding_minimum(call.category, call.organisation_mode)   # P5 (揭榜挂帅)
    low = minimum if minimum.fen else Money.wan(10)
    requested = Money.wan(rng.randrange(int(low.as_wan), int(cap.as_wan) + 1))
    opens = call.opens or date(call.year, 3, 1)
    start = date(call.year, 7, 1) if call.year < b.today.year else date(call.year + 1, 1, 1)
    end = date(start.year + 2, 6, 30)
    if state is S.IMPLEMENTATION and call.year <= b.today.year - 3:
        end = date(b.today.year + 1, 6, 30)  # extended (延期) projects of the old call
    lump = call.funding_mode == FundingMode.LUMP_SUM.value
    self_ratio = Decimal(call.self_funding_ratio)
    row = ProjectRow(code=f"{call.code}-{seq:04d}", call_id=call.id, unit_id=unit.id, leader_id=leader.id,
                     title=title, field=field, start_date=start, end_date=end, requested_fen=requested.fen,
                     self_raised_fen=requested.times(self_ratio + Decimal("0.2")).fen,
                     lump_sum_pledge=lump, summary=f"{title}，面向{names.COUNTY}产业需求开展攻关。",
                     state=state.value)
    if not lump:
        row.budget_lines = b.budget(call, requested)
    team = []
    for _ in range(rng.randint(2, 5)):
        other = unit if rng.random() < 0.7 else rng.choice(units)
        team.append(TeamMemberRow(person_id=b.person(other).id, unit_id=other.id, role="成员"))
    row.team = team
    path = _path_to(state)
    if S.PROPOSED in path or state is S.PROPOSED:
        # the bureau may give less than asked, never below the call's minimum (P5) nor above the request
        # (which is within the cap); e.g. 80 % of 113 万元 would be 90.4 万元 for a 揭榜挂帅 project
        row.approved_fen = min(requested, max(minimum, requested.times(rng.choice(["1", "0.9", "0.8"])))).fen
    b.uow.session.add(row)
    b.uow.flush()
    _events(b, row, path, opens, start, end)
    if S.REVIEW in path:
        b.uow.session.add(ScreeningRow(project_id=row.id, results_json=json.dumps([]), auto_passed=True,
                                       decision="pass", decided_by="clerk",
                                       decided_at=datetime.combine(opens + timedelta(days=50), time(10))))


def _events(b: _Builder, row: ProjectRow, path: list[ProjectState], opens: date, start: date, end: date) -> None:
    """Timeline events on plausible dates, never in the future."""
    day = opens + timedelta(days=b.rng.randint(5, 30))
    stage_days = {S.SCREENING: 20, S.REVIEW: 25, S.PROPOSED: 30, S.APPROVED: 12, S.IMPLEMENTATION: 30,
                  S.ACCEPTANCE: 0, S.BALANCE: 60, S.ARCHIVED: 45, S.TERMINATED: 300, S.REJECTED: 20}
    prev: ProjectState | None = None
    for st in path:
        if st is S.ACCEPTANCE:
            day = max(day, end + timedelta(days=b.rng.randint(10, 40)))
        elif st is S.IMPLEMENTATION:
            day = max(day, start - timedelta(days=5))
        elif prev is not None:
            day = day + timedelta(days=stage_days.get(st, 20))
        day = min(day, b.today)
        action = TRANSITIONS[(prev, st)][0] if prev is not None else "登记申报"
        reason = {S.REJECTED: "评审得分未进入资助范围", S.TERMINATED: "承担单位经营困难，申请终止"}.get(st, "")
        b.uow.session.add(ProjectEventRow(project_id=row.id, at=datetime.combine(day, time(9, 30)),
                                          from_state=prev.value if prev else "", to_state=st.value,
                                          action=action, reason=reason, username="clerk"))
        prev = st
    row.state_changed_at = datetime.combine(day, time(9, 30))
