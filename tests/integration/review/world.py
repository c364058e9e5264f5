"""A small county for the review tests, written straight into a real SQLite file."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sti_desk.db.tables import (CallRow, ExpertRow, PersonRow, ProjectRow, ScreeningRow, TeamMemberRow,
                                UnitRow)
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role
from sti_desk.services.actor import Actor

from ...accounts import with_account
from ..conftest import make_credit_code, make_id_number

CALL = "2026-CGZH"
DAY = date(2026, 9, 1)


@dataclass
class World:
    call: str
    call_id: int
    units: list[int]
    projects: list[int]                      # ids, in code order
    codes: list[str]
    experts: list[int]
    expert_units: dict[int, int]
    persons: dict[str, int] = field(default_factory=dict)


def build_world(ctx, *, n_projects: int = 4, n_experts: int = 10, fld: str = "电子信息",
                cap: Money = Money.wan(80), budget: Money = Money.wan(200), n_units: int = 12,
                requested: list[Money] | None = None, code: str = CALL, category: str = "transfer") -> World:
    """Units U0..; projects P{i} at unit i with a leader there and one team member at unit i+1;
    experts E{j} at unit (j + n_projects + 1) % n_units — so experts 0.. may share units with projects."""
    seq = [0]

    def person(uow, name, unit_id):
        seq[0] += 1
        p = PersonRow(name=name, id_number=make_id_number(100 + seq[0] + 300 * (code != CALL)), unit_id=unit_id)
        uow.session.add(p)
        uow.flush()
        return p

    with ctx.db.uow("test") as uow:
        call = CallRow(code=code, name=f"{code} 成果转化项目", year=2026, category=category, cap_fen=cap.fen,
                       total_budget_fen=budget.fen, experts_per_group=5, aggregation="trimmed_mean",
                       opens=date(2026, 3, 1), closes=date(2026, 4, 30))
        uow.session.add(call)
        units = []
        offset = 0 if code == CALL else 50
        for i in range(n_units):
            u = UnitRow(name=f"单位{offset + i:02d}", credit_code=make_credit_code(offset + i + 1))
            uow.session.add(u)
            units.append(u)
        uow.flush()
        w = World(code, call.id, [u.id for u in units], [], [], [], {})
        for i in range(n_projects):
            unit = units[i % n_units]
            leader = person(uow, f"负责人{i}", unit.id)
            w.persons[f"leader{i}"] = leader.id
            member_unit = units[(i + 1) % n_units]
            member = person(uow, f"成员{i}", member_unit.id)
            w.persons[f"member{i}"] = member.id
            req = requested[i] if requested else Money.wan(50)
            p = ProjectRow(code=f"{code}-{i + 1:04d}", call_id=call.id, unit_id=unit.id, leader_id=leader.id,
                           title=f"项目{i + 1}", field=fld, start_date=date(2027, 1, 1), end_date=date(2028, 12, 31),
                           requested_fen=req.fen, self_raised_fen=Money.wan(20).fen, state="review",
                           summary=f"项目{i + 1}的摘要")
            p.team = [TeamMemberRow(person_id=member.id, unit_id=member_unit.id, role="成员")]
            uow.session.add(p)
            uow.flush()
            uow.session.add(ScreeningRow(project_id=p.id, results_json="[]", auto_passed=True, decision="pass"))
            w.projects.append(p.id)
            w.codes.append(p.code)
        for j in range(n_experts):
            unit = units[(j + n_projects + 1) % n_units]
            pe = person(uow, f"专家{j:02d}", unit.id)
            e = ExpertRow(person_id=pe.id, field=fld, active=True)
            uow.session.add(e)
            uow.flush()
            w.experts.append(e.id)
            w.expert_units[e.id] = unit.id
        uow.commit()
    for eid in w.experts:   # the accounts reviewer_actor() acts as (a write checks that the account exists)
        with_account(ctx.db, reviewer_actor(eid))
    return w


def reviewer(ctx, admin: Actor, expert_id: int) -> Actor:
    name = f"rev{expert_id}"
    ctx.services.auth.create_user(admin, name, f"评审{expert_id}", Role.REVIEWER, "review123", expert_id)
    return ctx.services.auth.login(name, "review123")


def reviewer_actor(expert_id: int) -> Actor:
    """A reviewer as the login would return it, without the scrypt cost (logins are tested elsewhere)."""
    return Actor(10_000 + expert_id, f"reviewer{expert_id}", f"评审{expert_id}", Role.REVIEWER, expert_id)


def manager(ctx, admin: Actor) -> Actor:
    ctx.services.auth.create_user(admin, "boss", "李建国", Role.MANAGER, "manager123")
    return ctx.services.auth.login("boss", "manager123")


GOOD = {"innovation": 25, "technical": 20, "team": 12, "benefit": 16, "budget": 8}  # 81
