"""Building a rubric from typed rows and command-line text (domain.review.rubric_edit)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import default_rubric
from sti_desk.domain.review.rubric_edit import (CriterionDraft, apply_weights, build_rubric, drafts_of,
                                                parse_criteria, revise_rubric)
from sti_desk.domain.validation import FieldErrors


def _build(drafts, **kw):
    kw.setdefault("recommendations", ["优先资助", "资助", "不资助"])
    kw.setdefault("comment_required_below", "60")
    kw.setdefault("comment_required_for", ["不资助"])
    return build_rubric(drafts, previous=default_rubric(), **kw)


def test_the_default_rows_rebuild_the_default_rubric():
    assert _build(drafts_of(default_rubric())) == default_rubric()


def test_names_keep_their_codes_and_new_criteria_get_free_ones():
    r = _build(parse_criteria("技术方案=40,创新性=40,示范带动=10,推广前景=10"))
    assert [c.code for c in r.criteria] == ["technical", "innovation", "c1", "c2"]
    assert r.max_total == 100
    explicit = _build(parse_criteria("demo:示范带动=50，创新性=50"))
    assert explicit.codes == ("demo", "innovation")


def test_every_row_problem_is_listed_with_its_row():
    with pytest.raises(FieldErrors) as err:
        _build([CriterionDraft("创新性", "30.5"), CriterionDraft("", "10"), CriterionDraft("创新性", "10", "0"),
                CriterionDraft("团队", "5", code="9x")], recommendations=["资助", "资助"], comment_required_below="abc")
    e = err.value.errors
    assert "评分项第 1 行：满分“30.5”须为正整数" in e["criteria"]
    assert "评分项第 2 行：请填写名称" in e["criteria"]
    assert "评分项第 3 行：名称“创新性”与前面的评分项重复" in e["criteria"]
    assert "评分项第 3 行：权重“0”须为大于 0 的数" in e["criteria"]
    assert "代码“9x”只能由字母开头" in e["criteria"]
    assert e["recommendations"] == "推荐意见选项重复：资助"
    assert e["comment_required_below"] == "须填写意见的分数线“abc”不是有效数字"


def test_comment_rules_must_fit_the_rubric():
    rows = parse_criteria("创新性=30,技术方案=20")
    with pytest.raises(FieldErrors) as err:
        _build(rows, comment_required_below="60", recommendations=["资助", "不予资助"])
    assert err.value.errors == {"comment_required_for": "“不资助”不是推荐意见选项（可选：资助、不予资助）",
                                "comment_required_below": "须填写意见的分数线须在 0–50 分之间（满分 50 分）"}
    with pytest.raises(ValidationError, match="至少需要一个评分项"):
        _build([CriterionDraft("", "")])


def test_weights_by_order_or_by_name():
    rows = parse_criteria("创新性=30,技术方案=25,团队基础=15,经济社会效益=20,预算合理性=10")
    assert [d.weight for d in apply_weights(rows, "1,1,1,1.5,1")] == ["1", "1", "1", "1.5", "1"]
    assert [d.weight for d in apply_weights(rows, "经济社会效益=2")][3] == "2"
    with pytest.raises(ValidationError, match="给出了 2 个权重，但有 5 个评分项"):
        apply_weights(rows, "1,2")
    with pytest.raises(ValidationError, match="评分项为：创新性、技术方案"):
        apply_weights(rows, "不存在=2")
    with pytest.raises(ValidationError, match="应写成 名称=满分"):
        parse_criteria("创新性30")


def test_revise_changes_only_what_is_given():
    r, notes = revise_rubric(default_rubric(), weights="benefit=1.5")
    assert r.criterion("benefit").weight == Decimal("1.5") and r.recommendations == default_rubric().recommendations
    r, notes = revise_rubric(default_rubric(), recommendations="资助,修改后资助,不予资助")
    assert r.comment_required_for == () and "“不资助”已不是推荐意见选项" in notes[0]
    r, notes = revise_rubric(default_rubric(), recommendations="资助,不予资助", comment_for="不予资助",
                             comment_below="50")
    assert r.comment_required_for == ("不予资助",) and r.comment_required_below == 50 and not notes
