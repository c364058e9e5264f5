"""A small review world for the GUI tests: one call with four applications in 专家评审 and ten experts
of the same field (written straight into the test database: the services have no "create expert"),
then the draw, marks and closing through the services."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sti_desk.db.tables import CallRow, ExpertRow, PersonRow, ProjectRow, ScreeningRow, TeamMemberRow, UnitRow
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role
from sti_desk.services.actor import Actor

from ...accounts import with_account
from ..helpers import credit_code, id_number

CALL = "2026-CGZH"
DAY = date(2026, 9, 1)
GOOD = {"innovation": "25", "technical": "20", "team": "12", "benefit": "16", "budget": "8"}  # 81


@dataclass
class World:
    call: str
    projects: list[int]
    codes: list[str]
    experts: list[int]
    reviewers: dict[int, object] = field(default_factory=dict)   # expert id → Actor


def build_world(ctx, *, n_projects: int = 4, n_experts: int = 10, cap: Money = Money.wan(80),  # type: ignore[no-untyped-def]
                budget: Money = Money.wan(200), requested: tuple[str, ...] = ("50", "60", "70", "40")) -> World:
    seq = [500]

    def person(uow, name, unit_id):  # type: ignore[no-untyped-def]
        seq[0] += 1
        p = PersonRow(name=name, id_number=id_number(seq[0], "19750101"), unit_id=unit_id, title="高级工程师",
                      phone=f"1390000{seq[0]:04d}")
        uow.session.add(p)
        uow.flush()
        return p

    with ctx.db.uow("test") as uow:
        call = CallRow(code=CALL, name="2026年度成果转化项目", year=2026, category="transfer", cap_fen=cap.fen,
                       total_budget_fen=budget.fen, experts_per_group=5, aggregation="trimmed_mean",
                       opens=date(2026, 3, 1), closes=date(2026, 4, 30))
        uow.session.add(call)
        units = [UnitRow(name=f"青溪县测试单位{i:02d}", credit_code=credit_code(3 + i)) for i in range(16)]
        uow.session.add_all(units)
        uow.flush()
        w = World(CALL, [], [], [])
        for i in range(n_projects):
            leader = person(uow, f"负责人{i}", units[i].id)
            member = person(uow, f"成员{i}", units[i + 1].id)
            p = ProjectRow(code=f"{CALL}-{i + 1:04d}", call_id=call.id, unit_id=units[i].id, leader_id=leader.id,
                           title=f"智能传感器研发项目{i + 1}", field="电子信息", start_date=date(2027, 1, 1),
                           end_date=date(2028, 12, 31), requested_fen=Money.wan(requested[i]).fen,
                           self_raised_fen=Money.wan(20).fen, state="review", summary=f"项目{i + 1}的研究内容摘要。")
            p.team = [TeamMemberRow(person_id=member.id, unit_id=units[i + 1].id, role="成员")]
            uow.session.add(p)
            uow.flush()
            uow.session.add(ScreeningRow(project_id=p.id, results_json="[]", auto_passed=True, decision="pass"))
            w.projects.append(p.id)
            w.codes.append(p.code)
        for j in range(n_experts):
            pe = person(uow, f"专家{j:02d}", units[6 + j % 10].id)
            e = ExpertRow(person_id=pe.id, field="电子信息", specialty="传感器", active=True)
            uow.session.add(e)
            uow.flush()
            w.experts.append(e.id)
        uow.commit()
    return w


def draw(services, clerk, world: World, admin, accounts: int = 1) -> object:  # type: ignore[no-untyped-def]
    """Seeded draw (5 experts + 2 reserves) and an actor for every panel expert; the first ``accounts``
    of them (by expert id) get a real user account ``rev<id>`` / ``review123`` (password hashing is slow,
    so the others act without one — the services only look at the role and the expert id)."""
    summary = services.review.draw(clerk, world.call, 5, 2, seed=42, today=DAY)
    panel = sorted(e.id for g in summary.groups for e in g.panel)
    for n, eid in enumerate(panel):
        name = f"rev{eid}"
        if n < accounts:
            services.auth.create_user(admin, name, f"评审{eid}", Role.REVIEWER, "review123", eid)
            world.reviewers[eid] = services.auth.login(name, "review123")
        else:
            world.reviewers[eid] = with_account(services.db, Actor(9000 + eid, name, f"评审{eid}", Role.REVIEWER, eid))
    return summary


def submit_all(services, world: World, marks=GOOD, skip: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Every panel expert submits every assignment (the first ``skip`` experts submit nothing)."""
    for k, (_eid, actor) in enumerate(sorted(world.reviewers.items())):
        if k < skip:
            continue
        for j, a in enumerate(sorted(services.review.my_assignments(actor), key=lambda a: a.project_code)):
            m = dict(marks)
            m["innovation"] = str(int(marks["innovation"]) - j - (k % 3))
            services.review.save_marks(actor, a.id, m, "意见", "资助", submit=True)

