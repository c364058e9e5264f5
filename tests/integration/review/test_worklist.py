"""工作台待办 through the service on a real file: the review of the test county, step by step."""
from __future__ import annotations

from datetime import date

import pytest

from sti_desk.domain.errors import PermissionDenied

from .conftest import submit_all
from .world import DAY, reviewer_actor


def texts(ctx, actor, today):
    return [t.text for t in ctx.services.worklist.todos(actor, today)]


def test_the_work_list_follows_the_review(ctx, review, clerk, boss, world):
    assert any("4 个项目已通过形式审查，待抽取评审专家" in t for t in texts(ctx, clerk, DAY))
    assert texts(ctx, boss, DAY) == []                      # nothing for the manager to do yet
    drawn = review.draw(clerk, world.call, seed=42, today=DAY, deadline=date(2026, 9, 10))
    panel = {e.id: reviewer_actor(e.id) for g in drawn.groups for e in g.panel}
    on_time = texts(ctx, clerk, date(2026, 9, 8))
    assert len(on_time) == 1 and "评分中，已提交 0/20 份，2026-09-10 截止（还有 2 天）" in on_time[0]
    late = ctx.services.worklist.todos(clerk, date(2026, 9, 12))
    assert late[0].overdue and late[0].text.endswith("已过截止日期 2026-09-10（已过 2 天），5 位专家还有 20 份评分表未提交")
    assert late[0].args == {"call": world.call}
    submit_all(review, panel)
    assert texts(ctx, clerk, date(2026, 9, 12))[0].endswith("的 20 份评分表已全部提交，可以结束评审、汇总排序")
    review.close_round(clerk, world.call)
    assert texts(ctx, clerk, date(2026, 9, 12)) == []      # the decision is the manager's
    assert texts(ctx, boss, date(2026, 9, 12))[0].endswith("第 1 轮评审已结束，4 个项目待审批资助清单")
    approve = ctx.services.worklist.todos(boss, date(2026, 9, 12))[0]
    assert (approve.page, approve.args) == ("review", {"call": world.call})


def test_a_reviewer_has_no_work_list(ctx, world):
    with pytest.raises(PermissionDenied):
        ctx.services.worklist.todos(reviewer_actor(world.experts[0]), DAY)
