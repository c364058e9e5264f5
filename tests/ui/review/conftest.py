"""Fixtures of the review GUI tests: the small review world (see world.py)."""
from __future__ import annotations

import pytest

from .world import build_world, draw


@pytest.fixture
def world(app_ctx):  # type: ignore[no-untyped-def]
    return build_world(app_ctx)


@pytest.fixture
def drawn(services, clerk_actor, admin_actor, world):  # type: ignore[no-untyped-def]
    draw(services, clerk_actor, world, admin_actor)
    return world
