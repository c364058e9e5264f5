"""The fast positional constructor of list rows builds ordinary, equal, frozen instances."""
from __future__ import annotations

import dataclasses
import pickle
from datetime import date

import pytest

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectListRow, TimelineEvent, make_project_list_row, positional_maker

VALUES = (7, "2025-ZD-0007", "智能灌溉", 1, "2025年度重点研发计划", 2025, 3, "青溪农科", "张伟", "现代农业",
          ProjectState.REVIEW, Money.wan("30"), Money(0), date(2025, 7, 1), None)


def test_same_as_the_dataclass_constructor():  # type: ignore[no-untyped-def]
    fast, slow = make_project_list_row(*VALUES), ProjectListRow(*VALUES)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert type(fast) is ProjectListRow and tuple(getattr(fast, f.name) for f in dataclasses.fields(fast)) == VALUES
    assert dataclasses.replace(fast, title="新名称").title == "新名称"
    assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.title = "x"  # type: ignore[misc]


def test_refuses_classes_it_cannot_build():  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        positional_maker(TimelineEvent)  # no slots
    with pytest.raises(TypeError):
        positional_maker(Money)  # __post_init__ validation must not be skipped
