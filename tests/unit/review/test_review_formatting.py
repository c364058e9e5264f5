"""How scores are shown (评分显示): one rule for every screen, message, export and command — a mark, an
expert's total or a difference of marks rounded half up to 2 decimals without trailing zeros; a result
(得分, 平均, 中位数) with 2 fixed decimals; typed values and weights exactly as given."""
from decimal import Decimal as D

from sti_desk.domain.review import (
    Criterion, ExpertMark, Rubric, aggregate, explain, fmt_exact, fmt_fixed, fmt_points, total, validate_marks,
)

# the QA case: 产业带动 weighted 1.5 makes the experts' totals repeating decimals (87.142857…)
WEIGHTED = Rubric((Criterion("innovation", "创新性", 20), Criterion("technical", "技术方案", 25),
                   Criterion("team", "团队基础", 15), Criterion("benefit", "经济社会效益", 20),
                   Criterion("budget", "预算合理性", 10), Criterion("industry", "产业带动", 10, D("1.5"))))
SHEETS = {"李嘉怡": (17, 21, 13, 18, 9, 9), "何涛": (18, 22, 13, 17, 9, 8), "徐建国": (15, 20, 12, 16, 8, 7),
          "高秀英": (16, 19, 11, 15, 8, 8), "朱秀英": (10, 12, 8, 9, 5, 4)}


def weighted_score():
    marks = []
    for name, points in SHEETS.items():
        given = dict(zip(WEIGHTED.codes, points))
        marks.append(ExpertMark(1, name, total(WEIGHTED, given), given, expert_name=name))
    return aggregate(marks)


def test_points_round_half_up_to_two_decimals_without_trailing_zeros():
    assert [fmt_points(v) for v in (D(92), D("84.5"), D("84.50"), D("87.1428571429"), D("47.619047619"),
                                   D("0.005"), D("39.5238095239"), 100)] == [
        "92", "84.5", "84.5", "87.14", "47.62", "0.01", "39.52", "100"]


def test_fixed_and_exact():
    assert fmt_fixed(D("80.4761904762")) == "80.48" and fmt_fixed(D(80)) == "80.00"
    assert fmt_exact(D("1.125")) == "1.125" and fmt_exact(D("12.345")) == "12.345" and fmt_exact(D("3.0")) == "3"


def test_weighted_total_stays_exact_but_is_shown_rounded():
    s = weighted_score()
    top = s.marks[0]
    assert top.score == D("87.1428571429")          # computation keeps the exact (10-place) value
    assert s.score == D("80.48")
    text = explain(s)
    assert "87.14（专家 李嘉怡）" in text and "47.62（专家 朱秀英）" in text and "相差 39.52，超过 20" in text
    assert "87.1428" not in text and "47.619" not in text and "39.5238" not in text


def test_a_bad_typed_mark_is_named_exactly_as_typed():
    problems = validate_marks(WEIGHTED, {"innovation": "12.345"}, "", None, complete=False)
    assert problems == ["“创新性”得分 12.345 最多保留一位小数"]
