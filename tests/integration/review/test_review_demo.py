"""The demo extension: a closed round with decisions and an ongoing publicity, a round in scoring with
late experts, and the demo reviewer with work left."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from sti_desk.bootstrap import open_app
from sti_desk.db.tables import ProjectRow
from sti_desk.services.demo import EXTENSIONS, populate

TODAY = date(2026, 11, 23)


def test_demo_review_data(tmp_path):
    assert "sti_desk.services.demo_review:extend" in EXTENSIONS
    ctx = open_app(tmp_path / "demo.db")
    try:
        populate(ctx.db, today=TODAY)
        auth, review = ctx.services.auth, ctx.services.review
        clerk, boss = auth.login("clerk", "clerk1234"), auth.login("manager", "manager123")
        expert = auth.login("expert01", "expert123")
        call = f"{TODAY.year}-CGZH"
        status = review.status(clerk, call, today=TODAY)
        assert status.status_label == "评分中" and 0 < status.pending < status.total / 2
        assert any(e.late for e in status.experts)
        mine = [a for a in review.my_assignments(expert) if a.round_status == "scoring"]
        assert len(mine) >= 3 and any(a.status == "assigned" for a in mine)
        assert any(a.locked for a in mine) and any(a.has_draft and not a.locked for a in mine)
        form = review.get_score_form(expert, next(a.id for a in mine if not a.locked))
        assert form.title and form.rubric.max_total == 100
        assert review.verify_draw(boss, call).ok and review.verify_draw(boss, call, 1).ok
        results = review.results(boss, call)
        assert len(results.rows) == 20 and any(r.disagreement for r in results.rows)
        with ctx.db.reader() as uow:
            proposed = {p.code: p.approved_fen for p in uow.session.scalars(
                select(ProjectRow).where(ProjectRow.state == "proposed", ProjectRow.code.like(f"{call}-%")))}
        summary = review.review_summary(boss, call, 1)
        assert {r.project.code: r.approved.fen for r in summary.rows if r.funded} == proposed
        pub = review.publicities(boss, call)[0]
        assert pub.start <= TODAY <= pub.end and {p.code for p in pub.projects} == set(proposed)
        assert [o.upheld for o in pub.objections] == [None]
        assert ctx.services.audit.verify(boss).ok
    finally:
        ctx.close()


def test_demo_approved_amounts_keep_the_cap_the_request_and_the_p5_minimum(tmp_path):
    """Every approved amount of the demo passes the funding decision's own checks (for 2025-JBGS-0025 an
    approval of 80 % of 113 万元 = 90.4 万元 was below P5's 100 万元)."""
    from sti_desk.db.tables import CallRow
    from sti_desk.domain.money import Money
    from sti_desk.domain.policy import PolicyParameters
    from sti_desk.domain.review import check_funding_list

    ctx = open_app(tmp_path / "demo.db")
    try:
        populate(ctx.db, today=TODAY)
        with ctx.db.reader() as uow:
            calls = list(uow.session.scalars(select(CallRow)))
            checked = 0
            for call in calls:
                items = [(p.code, Money(p.requested_fen), Money(p.approved_fen)) for p in uow.session.scalars(
                    select(ProjectRow).where(ProjectRow.call_id == call.id, ProjectRow.approved_fen > 0))]
                minimum = PolicyParameters().funding_minimum(call.category, call.organisation_mode)
                errors, _ = check_funding_list(items, Money(call.cap_fen), Money(0), minimum=minimum)
                assert errors == [], (call.code, errors)
                checked += len(items)
            assert checked > 40 and any(c.category == "open_competition" for c in calls)
            jbgs = uow.session.scalar(select(ProjectRow).where(ProjectRow.code == f"{TODAY.year - 1}-JBGS-0025"))
            assert jbgs.approved_fen >= Money.wan(100).fen
    finally:
        ctx.close()
