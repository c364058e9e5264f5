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
