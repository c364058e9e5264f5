"""评分标准: the default rubric, the weighted total and the score-sheet checks."""
from decimal import Decimal as D

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import Criterion, Rubric, default_rubric, total, validate_marks

R = default_rubric()
FULL = {"innovation": 25, "technical": 20, "team": D("12.5"), "benefit": 15, "budget": 8}


def test_default_rubric():
    assert [(c.name, c.max_points) for c in R.criteria] == [
        ("创新性", 30), ("技术方案", 25), ("团队基础", 15), ("经济社会效益", 20), ("预算合理性", 10)]
    assert R.max_total == 100
    assert R.recommendations == ("优先资助", "资助", "不资助")


def test_total_unweighted_is_the_plain_sum():
    assert total(R, FULL) == D("80.5")


def test_total_weighted_stays_out_of_the_maxima():
    r = Rubric((Criterion("a", "创新性", 30, D(2)), Criterion("b", "技术方案", 70)))
    assert total(r, {"a": 30, "b": 70}) == 100
    assert total(r, {"a": 0, "b": 0}) == 0
    # (2·15 + 70) × 100 / (2·30 + 70) = 10000/130 — not terminating: 10 decimals, half up
    assert total(r, {"a": 15, "b": 70}) == D("76.9230769231")
    # terminating factor: exact
    r2 = Rubric((Criterion("a", "创新性", 50, D("3")), Criterion("b", "技术方案", 50)))
    assert total(r2, {"a": 25, "b": 50}) == D("62.5")   # (75+50)×100/200


def test_total_refuses_incomplete_or_bad_marks():
    with pytest.raises(ValidationError, match="“团队基础”尚未打分"):
        total(R, {k: v for k, v in FULL.items() if k != "team"})
    with pytest.raises(ValidationError, match="超出范围"):
        total(R, {**FULL, "budget": 11})


def test_valid_sheet_has_no_problems():
    assert validate_marks(R, FULL, "技术路线清晰", "资助", complete=True) == []
    assert validate_marks(R, {**FULL, "team": "12.5"}, "好", "资助", complete=True) == []


def test_range_and_decimal_places():
    problems = validate_marks(R, {**FULL, "innovation": 31, "technical": D("-1"), "team": D("12.25")},
                              "x", "资助", complete=True)
    assert problems == ["“创新性”得分 31 超出范围（0–30 分）", "“技术方案”得分 -1 超出范围（0–25 分）",
                        "“团队基础”得分 12.25 最多保留一位小数"]
    assert validate_marks(R, {**FULL, "team": D("12.50")}, "x", "资助", complete=True) == []


def test_floats_bools_and_text_that_is_not_a_number():
    problems = validate_marks(R, {**FULL, "innovation": 25.5, "technical": True, "team": "十二"},
                              "x", "资助", complete=True)
    assert problems == ["“创新性”得分“25.5”必须为整数或精确小数，不接受浮点数",
                        "“技术方案”得分“True”必须为整数或精确小数，不接受浮点数",
                        "“团队基础”得分“十二”不是有效数字"]


def test_missing_and_unknown_criteria():
    marks = {"innovation": 20, "novelty": 5}
    assert validate_marks(R, marks, "", "", complete=True) == [
        "未知评分项“novelty”", "“技术方案”尚未打分", "“团队基础”尚未打分", "“经济社会效益”尚未打分",
        "“预算合理性”尚未打分", "请选择推荐意见"]
    # a draft (暂存) only checks what is there
    assert validate_marks(R, marks, "", "", complete=False) == ["未知评分项“novelty”"]
    assert validate_marks(R, {"innovation": None, "team": " "}, None, None, complete=False) == []


def test_recommendation_must_be_an_option():
    assert validate_marks(R, FULL, "x", "强烈推荐", complete=False) == [
        "推荐意见“强烈推荐”不在可选项（优先资助、资助、不资助）中"]


def test_comment_required_below_the_threshold_and_for_no_funding():
    low = {"innovation": 15, "technical": 12, "team": 8, "benefit": 10, "budget": 5}  # 50
    assert validate_marks(R, low, "  ", "资助", complete=True) == ["总分 50 低于 60 分，须填写评审意见"]
    assert validate_marks(R, low, "创新不足", "资助", complete=True) == []
    assert validate_marks(R, FULL, "", "不资助", complete=True) == ["推荐意见为“不资助”时须填写评审意见"]
    r = Rubric(R.criteria, comment_required_below=D(85), comment_required_for=())
    assert validate_marks(r, FULL, "", "不资助", complete=True) == ["总分 80.5 低于 85 分，须填写评审意见"]
    assert validate_marks(R, low, "", "资助", complete=False) == []


def test_rubric_definition_is_checked():
    with pytest.raises(ValidationError, match="代码重复"):
        Rubric((Criterion("a", "甲", 10), Criterion("a", "乙", 10)))
    with pytest.raises(ValidationError, match="满分必须为正整数"):
        Criterion("a", "甲", 0)
    with pytest.raises(ValidationError, match="权重必须大于 0"):
        Criterion("a", "甲", 10, D(0))
    with pytest.raises(ValidationError):
        Rubric(())
