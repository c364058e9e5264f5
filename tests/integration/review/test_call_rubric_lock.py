"""After the first draw the rubric, aggregation rule and experts per group are fixed — also through the
call's edit (CallService.save_call), which must then write nothing at all."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import Criterion, Rubric


def test_call_edit_after_the_draw(ctx, clerk, world, drawn):
    calls = ctx.services.calls
    before = calls.details(clerk, world.call)
    assert before.rubric_locked and before.rounds == 1 and before.review_status == "第 1 轮 评分中"
    assert {o.call.code: o.review_status for o in calls.overview(clerk)}[world.call] == "第 1 轮 评分中"
    other = Rubric((Criterion("innovation", "创新性", 100),))
    for change, rubric in (({"aggregation": "median"}, None), ({"experts_per_group": 3}, None), ({}, other)):
        with pytest.raises(ValidationError, match="已抽取评审专家，评分标准、汇总规则和每组人数不能再修改"):
            calls.save_call(clerk, replace(before.call, name="改了名称", **change), rubric)
    after = calls.details(clerk, world.call)
    assert after.call == before.call and after.rubric == before.rubric
    # the other fields stay editable, with the rubric passed back unchanged
    calls.save_call(clerk, replace(before.call, name="改了名称"), before.rubric)
    assert calls.get_by_code(clerk, world.call).name == "改了名称"
