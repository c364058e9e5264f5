"""The demo extension leaves real 形式审查 results, with dishonesty failures, for the current call."""
from __future__ import annotations

from datetime import date

from sti_desk.services.demo import EXTENSIONS, populate


def test_demo_has_screening_results_with_dishonesty_failures(ctx, admin):
    assert "sti_desk.services.demo_intake:extend" in EXTENSIONS
    today = date(2026, 11, 23)
    populate(ctx.db, today=today)
    results = ctx.services.intake.screening_results(admin, f"{today.year}-CGZH")
    screening = [o for o in results if o.state.value == "screening"]
    assert len(screening) == 12 and all(o.decision == "pending" for o in screening)
    barred = [o for o in screening if any(c.code == "dishonesty" and c.blocks for c in o.failures)]
    assert len(barred) >= 2
    assert any(o.auto_passed for o in screening)
