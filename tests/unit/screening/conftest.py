"""Fixture ``make_input`` for the screening tests; the builders are in screening_builders.py."""
from __future__ import annotations

import pytest
from screening_builders import TODAY, make_call, make_leader, make_project, make_unit

from sti_desk.domain.policy import PolicyParameters
from sti_desk.domain.screening import ScreeningInput


@pytest.fixture
def make_input():
    """make_input(project=..., call=..., unit=..., leader=..., policy=..., bars=[...], ...)."""

    def build(**kw) -> ScreeningInput:
        args = dict(project=make_project(), call=make_call(), unit=make_unit(), leader=make_leader(),
                    policy=PolicyParameters(), today=TODAY)
        args.update(kw)
        return ScreeningInput(**args)

    return build
