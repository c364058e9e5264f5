"""The demo database as a bureau first sees it: the counts the README states are the counts in the file,
every expert has a 专长, and the earlier calls (projects already 立项 … 归档 or 不予立项) show their review
history — a closed round, funding decisions, a finished publicity — instead of “未抽取专家”."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from sti_desk.db.tables import (CallRow, ExpertRow, FundingDecisionRow, ProjectEventRow, ProjectRow, PublicityRow,
                                ReviewRoundRow, UnitRow)
from sti_desk.domain.money import Money
from sti_desk.domain.review import check_funding_list
from sti_desk.services.calls import NO_ROUND
from sti_desk.services.demo import populate

TODAY = date(2026, 11, 23)
README = Path(__file__).resolve().parents[2] / "README.md"


def _count(uow, table) -> int:  # type: ignore[no-untyped-def]
    return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_the_readme_counts_are_the_database_counts_and_every_expert_has_a_specialty(ctx, admin):  # type: ignore[no-untyped-def]
    summary = populate(ctx.db, today=TODAY)
    with ctx.db.reader() as uow:
        found = {"units": _count(uow, UnitRow), "experts": _count(uow, ExpertRow), "calls": _count(uow, CallRow),
                 "projects": _count(uow, ProjectRow)}
        blank = list(uow.session.scalars(select(ExpertRow.id).where(func.trim(ExpertRow.specialty) == "")))
    text = " ".join(README.read_text(encoding="utf-8").split())
    said = {what: int(m.group(1)) for what in found
            if (m := re.search(rf"(\d+) {what}\b", text[text.index("demo database"):]))}
    assert said == found == {"units": summary.units, "experts": summary.experts, "calls": summary.calls,
                             "projects": summary.projects}
    assert found["experts"] == 96 and found["units"] == 25
    assert blank == []


def test_earlier_calls_have_a_review_history(ctx, admin):  # type: ignore[no-untyped-def]
    populate(ctx.db, today=TODAY)
    boss = ctx.services.auth.login("manager", "manager123")
    review = ctx.services.review
    status = {o.call.code: o.review_status for o in ctx.services.calls.overview(boss)}
    with ctx.db.reader() as uow:
        s = uow.session
        earlier = list(s.scalars(select(CallRow).where(CallRow.year < TODAY.year).order_by(CallRow.year)))
        assert len(earlier) == 2
        for call in earlier:
            assert status[call.code] == "第 1 轮 已结束" != NO_ROUND
            projects = list(s.scalars(select(ProjectRow).where(ProjectRow.call_id == call.id)))
            assert projects and all(p.state not in ("applied", "screening", "review", "proposed") for p in projects)
            funded = {p.code for p in projects if p.approved_fen}
            rnd = s.scalar(select(ReviewRoundRow).where(ReviewRoundRow.call_id == call.id))
            pub = s.scalar(select(PublicityRow).where(PublicityRow.call_id == call.id))
            assert pub.finished_at is not None and rnd.closed_at.date() < pub.start <= pub.end < pub.finished_at.date()
            for p in projects:
                events = sorted(p.events, key=lambda e: e.id)
                assert [e.at for e in events] == sorted(e.at for e in events), p.code
                assert p.state_changed_at == events[-1].at
                entered = next(e.at.date() for e in events if e.to_state == "review")
                decided = next(e.at.date() for e in events if e.to_state in ("proposed", "rejected"))
                assert entered < rnd.draw_on and rnd.closed_at.date() < decided < pub.start, p.code
                if p.code in funded:
                    approved = next(e.at.date() for e in events if e.to_state == "approved")
                    assert pub.end < approved == pub.finished_at.date()
            decisions = list(s.scalars(select(FundingDecisionRow).where(FundingDecisionRow.call_id == call.id)))
            assert len(decisions) == len(projects) and all(d.round_id == rnd.id for d in decisions)
            items = [(p.code, Money(p.requested_fen), Money(p.approved_fen)) for p in projects if p.approved_fen]
            errors, warnings = check_funding_list(items, Money(call.cap_fen), Money(call.total_budget_fen))
            assert errors == [] and warnings == [], (call.code, errors, warnings)
            s.expire_all()
            # what the 组织评审 page shows: every project scored by every expert, ranked; the funded ones on top
            results = review.results(boss, call.code)
            assert len(results.rows) == len(projects) and all(r.count == 5 for r in results.rows)
            ranked = [r.project.code for r in sorted(results.rows, key=lambda r: r.rank)]
            assert set(ranked[:len(funded)]) == funded
            summary = review.review_summary(boss, call.code, 1)
            assert {r.project.code for r in summary.rows if r.funded} == funded
            assert [set(p.code for p in x.projects) for x in review.publicities(boss, call.code)] == [funded]
            assert review.verify_draw(boss, call.code).ok
    assert ctx.services.audit.verify(boss).ok


def test_every_experts_title_fits_the_workplace(ctx, admin):  # type: ignore[no-untyped-def]
    """No 主任医师 at an academy, 副教授 at a county hospital or 副主任医师 at an electronics company."""
    from sti_desk.db.tables import PersonRow

    populate(ctx.db, today=TODAY)
    with ctx.db.reader() as uow:
        seen = uow.session.execute(select(PersonRow.title, UnitRow.unit_type, UnitRow.name)
                                   .join(ExpertRow, ExpertRow.person_id == PersonRow.id)
                                   .join(UnitRow, UnitRow.id == PersonRow.unit_id)).all()
    fits = {"hospital": ("医师",), "university": ("教授",), "institute": ("研究员",),
            "enterprise": ("工程师",), "public_institution": ("工程师", "经济师")}
    wrong = [(title, name) for title, kind, name in seen if not title.endswith(fits[kind])]
    assert len(seen) == 96 and wrong == []
    assert {kind for _, kind, _ in seen} == set(fits)
