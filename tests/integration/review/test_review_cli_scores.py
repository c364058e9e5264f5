"""The command line shows scores as the screens do (domain.review.fmt_points): with a weighted rubric an
expert's total is a repeating decimal, printed rounded to 2 decimals in the explanation and on submit."""
from __future__ import annotations

import re
from decimal import Decimal

from sti_desk.domain.permissions import Role
from sti_desk.domain.review import Criterion, default_rubric

from .conftest import submit_all
from .test_review_cli import _cli
from .world import DAY, GOOD, reviewer_actor

LONG_DECIMAL = re.compile(r"\d+\.\d{3,}")


def _weight_budget(review, clerk, call):
    rubric = default_rubric()
    crit = tuple(Criterion(c.code, c.name, c.max_points, Decimal("1.5") if c.code == "budget" else c.weight)
                 for c in rubric.criteria)
    review.set_rubric(clerk, call, type(rubric)(crit, rubric.comment_required_below, rubric.recommendations,
                                                rubric.comment_required_for))


def test_weighted_explanation_and_submit_print_rounded_scores(ctx, admin, clerk, world, capsys, monkeypatch):
    review = ctx.services.review
    _weight_budget(review, clerk, world.call)
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    panel = {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel}
    first = sorted(panel)[0]
    ctx.services.auth.create_user(admin, "exp", "专家", Role.REVIEWER, "expert123", first)
    a = sorted(review.my_assignments(panel[first]), key=lambda a: a.project_code)[0]
    marks = ",".join(f"{k}={v}" for k, v in GOOD.items())           # 81 unweighted → 85 × 100 / 105
    code, out = _cli(capsys, monkeypatch, ctx.db_path, "exp", "expert123", "review", "score", str(a.id),
                     "--marks", marks, "--recommendation", "资助", "--comment", "意见", "--submit")
    assert code == 0 and "总分 80.95" in out and not LONG_DECIMAL.search(out), out
    submit_all(review, {k: v for k, v in panel.items() if k != first},
               marks_for=lambda k, j: {**GOOD, "innovation": GOOD["innovation"] - k - j})
    for j, b in enumerate(sorted(review.my_assignments(panel[first]), key=lambda a: a.project_code)):
        if j:
            review.save_marks(panel[first], b.id, GOOD, "意见", "资助", submit=True)
    review.close_round(clerk, world.call)
    code, out = _cli(capsys, monkeypatch, ctx.db_path, "clerk", "clerk1234", "review", "results", world.call,
                     "--explain")
    assert code == 0 and "共 5 位专家打分：" in out
    assert not LONG_DECIMAL.search(out), out
