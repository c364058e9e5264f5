"""A weighted rubric (预算合理性 weighted 1.5) makes the experts' totals repeating decimals (80.952380…):
the results table, the explanation above the marks and the marks table show every score the same way —
rounded half up to 2 decimals (domain.review.fmt_points) — while the stored totals stay exact."""
from __future__ import annotations

import re
from decimal import Decimal

from sti_desk.domain.review import Criterion, default_rubric, fmt_points

from .world import build_world, draw, submit_all

LONG_DECIMAL = re.compile(r"\d+\.\d{3,}")


def _weighted(rubric):  # type: ignore[no-untyped-def]
    crit = tuple(Criterion(c.code, c.name, c.max_points, Decimal("1.5") if c.code == "budget" else c.weight)
                 for c in rubric.criteria)
    return type(rubric)(crit, rubric.comment_required_below, rubric.recommendations, rubric.comment_required_for)


def test_weighted_totals_read_the_same_in_table_and_explanation(qtbot, make_window, services, app_ctx,  # type: ignore[no-untyped-def]
                                                                clerk_actor, admin_actor, manager_actor):
    w = build_world(app_ctx)
    services.review.set_rubric(clerk_actor, w.call, _weighted(default_rubric()))
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    window = make_window(manager_actor, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    results = page.results
    first = services.review.results(manager_actor, w.call).rows[0]
    assert any(LONG_DECIMAL.fullmatch(str(m.total)) for m in first.marks)   # the stored totals are exact
    explanation = results.explanation.text()
    assert not LONG_DECIMAL.search(explanation), explanation
    totals = [results.marks_model.index(r, 2).data() for r in range(results.marks_model.rowCount())]
    assert totals == [fmt_points(m.total) for m in first.marks]
    assert all(f"{t}（专家 " in explanation for t in totals)
    assert results.proxy.index(0, 6).data() == fmt_points(first.spread)
    shown = [c for c in range(results.proxy.columnCount()) if not results.view.isColumnHidden(c)]  # (z: 4 places)
    assert not any(LONG_DECIMAL.search(results.proxy.index(r, c).data() or "")
                   for r in range(results.proxy.rowCount()) for c in shown)
