"""Fixtures of the review tests: a small county (see world.py), a manager, a drawn round, reviewers."""
from __future__ import annotations

import pytest

from .world import DAY, GOOD, build_world, manager, reviewer_actor


@pytest.fixture
def review(ctx):
    return ctx.services.review


@pytest.fixture
def world(ctx):
    return build_world(ctx)


@pytest.fixture
def boss(ctx, admin):
    return manager(ctx, admin)


@pytest.fixture
def drawn(review, clerk, world):
    """The world's call drawn with seed 42: 4 projects, one group of 5 experts, 2 reserves."""
    return review.draw(clerk, world.call, seed=42, today=DAY)


@pytest.fixture
def panel(drawn):
    """expert id → reviewer actor for every panel expert of the drawn group."""
    return {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel}


def submit_all(review, panel, marks_for=lambda k, j: GOOD, comment="意见", recommendation="资助"):
    """Every panel expert submits every assignment; ``marks_for(expert index, project index)``."""
    for k, (eid, actor) in enumerate(sorted(panel.items())):
        for j, a in enumerate(sorted(review.my_assignments(actor), key=lambda a: a.project_code)):
            review.save_marks(actor, a.id, marks_for(k, j), comment, recommendation, submit=True)
