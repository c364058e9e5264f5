"""汇总、排序与标准分: hand-computed examples."""
from decimal import Decimal as D

import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.domain.review import (
    ExpertMark, TieBreak, aggregate, default_rubric, explain, no_spread_note, normalised_scores, rank,
)


def marks(pid, *pairs, criteria=None):
    return [ExpertMark(pid, name, D(str(v)), (criteria or {}).get(name, {}), expert_name=name)
            for name, v in pairs]


FIVE = marks(1, ("A", 92), ("B", 85), ("C", 84), ("D", 84), ("E", 70))


def test_five_marks_drop_highest_and_lowest():
    s = aggregate(FIVE)
    assert s.score == D("84.33")                       # (85 + 84 + 84) / 3 = 84.333…
    assert s.count == 5 and len(s.used) == 3
    assert [(d.expert_id, d.value, d.which) for d in s.dropped] == [("A", 92, "highest"), ("E", 70, "lowest")]
    assert s.spread == 22 and s.disagreement
    assert s.median == D("84.00") and s.mean == D("83.00")


def test_explain_five_marks():
    assert explain(aggregate(FIVE)) == (
        "共 5 位专家打分：92（专家 A）、85（专家 B）、84（专家 C）、84（专家 D）、70（专家 E）；"
        "去掉最高分 92（专家 A）和最低分 70（专家 E），其余 3 个分数平均为 84.33；"
        "最高分与最低分相差 22，超过 20，专家意见分歧较大")


def test_exactly_four_marks_are_not_trimmed():
    s = aggregate(marks(2, ("A", 80), ("B", 85), ("C", 90), ("D", 71)))
    assert s.score == D("81.50") and not s.dropped and len(s.used) == 4
    assert not s.disagreement                           # spread 19
    assert explain(s) == ("共 4 位专家打分：90（专家 C）、85（专家 B）、80（专家 A）、71（专家 D）；"
                          "不足 5 位专家，不去掉最高分和最低分，4 个分数平均为 81.50")


def test_spread_equal_to_the_threshold_is_not_a_disagreement():
    s = aggregate(marks(3, ("A", 70), ("B", 90)))
    assert s.spread == 20 and not s.disagreement
    assert aggregate(marks(3, ("A", 70), ("B", "90.1"))).disagreement


def test_rounding_is_half_up_on_the_exact_value():
    assert aggregate(marks(4, ("A", "84.33"), ("B", "84.34")), "mean").score == D("84.34")  # 84.335
    assert aggregate(marks(4, ("A", "84.32"), ("B", "84.33")), "mean").score == D("84.33")  # 84.325, not 84.32
    assert aggregate(marks(4, ("A", 1), ("B", 0), ("C", 0)), "mean").score == D("0.33")


def test_single_mark():
    s = aggregate(marks(9, ("A", "77.5")))
    assert s.score == D("77.50") and s.spread == 0
    assert explain(s) == "共 1 位专家打分：77.5（专家 A）；得分为 77.50"


def test_median_even_and_odd():
    s = aggregate(marks(5, ("A", 70), ("B", 80), ("C", 85), ("D", 90)), "median")
    assert s.score == D("82.50")
    assert explain(s).endswith("；中间两个分数 80 和 85 的平均数 82.50 为中位数")
    s = aggregate(marks(5, ("A", 70), ("B", 80), ("C", "85.5")), "median")
    assert s.score == D("80.00") and explain(s).endswith("；取中位数 80.00")


def test_mean_rule_never_trims():
    s = aggregate(FIVE, "mean")
    assert s.score == D("83.00") and not s.dropped
    assert explain(s).endswith("；5 个分数平均为 83.00；最高分与最低分相差 22，超过 20，专家意见分歧较大")


def test_trim_threshold_is_a_parameter_and_ties_drop_by_expert_id():
    s = aggregate(marks(6, ("B", 90), ("A", 90), ("C", 60), ("D", 60)), min_for_trim=4)
    assert [(d.expert_id, d.which) for d in s.dropped] == [("B", "highest"), ("C", "lowest")]
    assert s.score == D("75.00")


def test_criterion_means():
    crit = {"A": {"innovation": 28}, "B": {"innovation": 25}, "C": {"innovation": D("26.5")}}
    s = aggregate(marks(7, ("A", 90), ("B", 80), ("C", 85), criteria=crit))
    assert s.criterion_means == {"innovation": D("26.50")}


def test_bad_input():
    with pytest.raises(ValidationError, match="尚无专家打分"):
        aggregate([])
    with pytest.raises(ValidationError, match="未知的汇总规则"):
        aggregate(FIVE, "max")
    with pytest.raises(ValidationError, match="重复打分"):
        aggregate(FIVE + marks(1, ("A", 50)))
    with pytest.raises(ValidationError, match="一个项目"):
        aggregate(FIVE + marks(2, ("F", 50)))
    with pytest.raises(ValidationError, match="浮点数"):
        ExpertMark(1, "A", 84.5)


# --- ranking --------------------------------------------------------------------------------------
def _score(pid, values, innovation=None):
    crit = {f"E{i}": {"innovation": innovation} for i in range(len(values))} if innovation is not None else {}
    return aggregate(marks(pid, *[(f"E{i}", v) for i, v in enumerate(values)], criteria=crit), "mean")


def test_rank_by_score_then_median_then_innovation_then_submission_then_id():
    scores = [
        _score(10, [80, 90]),                 # 85.00, median 85
        _score(11, [84, 85, 86]),             # 85.00, median 85 — same as 10 up to here
        _score(12, [95, 75]),                 # 85.00, median 85
        _score(13, [90, 90]),                 # 90.00 — first
        _score(14, [81, 86, 88]),             # 85.00, median 86 — above the other 85s
        _score(15, [70, 70]),
    ]
    scores[0] = _score(10, [80, 90], innovation=25)
    scores[1] = _score(11, [84, 85, 86], innovation=25)
    scores[2] = _score(12, [95, 75], innovation=27)
    ranked = rank(scores, TieBreak.for_rubric(default_rubric(), submitted={11: "2025-03-01", 10: "2025-03-02"}))
    assert [(r.rank, r.project_id, r.decided_by) for r in ranked] == [
        (1, 13, None), (2, 14, None), (3, 12, "median"), (4, 11, "criterion"), (5, 10, "submitted"),
        (6, 15, None)]
    assert ranked[3].note == "与上一名得分相同，按单项均分排序"
    assert ranked[3].tied_on_score and not ranked[0].tied_on_score


def test_all_keys_equal_falls_back_to_project_id_and_ranks_stay_distinct():
    ranked = rank([_score("P-2", [80]), _score("P-1", [80]), _score("P-3", [80])])
    assert [(r.rank, r.project_id, r.decided_by) for r in ranked] == [
        (1, "P-1", None), (2, "P-2", "project_id"), (3, "P-3", "project_id")]
    assert ranked[1].note == "与上一名得分相同，按项目编号排序"


def test_projects_without_a_submission_key_come_after():
    ranked = rank([_score(1, [80]), _score(2, [80])], TieBreak(submitted={2: 5}))
    assert [r.project_id for r in ranked] == [2, 1]


def test_rank_refuses_duplicates():
    with pytest.raises(ValidationError):
        rank([_score(1, [80]), _score(1, [70])])


# --- z-scores -------------------------------------------------------------------------------------
def test_z_scores_by_hand():
    round_marks = [
        ExpertMark("P1", "A", 80), ExpertMark("P2", "A", 90),                               # μ 85, σ 5
        ExpertMark("P1", "B", 70), ExpertMark("P2", "B", 70), ExpertMark("P3", "B", 100),  # μ 80, σ √200
        ExpertMark("P3", "C", 95),                                                          # one mark: no z
    ]
    n = normalised_scores(round_marks)
    assert n.z == {("A", "P1"): D("-1.0000"), ("A", "P2"): D("1.0000"),
                   ("B", "P1"): D("-0.7071"), ("B", "P2"): D("-0.7071"), ("B", "P3"): D("1.4142"),
                   ("C", "P3"): None}
    # P1: (−1 − 0.70710678)/2; P2: (1 − 0.70710678)/2; P3: B's 1.41421356 alone (C has no z, not a 0)
    assert n.project_mean_z == {"P1": D("-0.8536"), "P2": D("0.1464"), "P3": D("1.4142")}
    assert n.project_z_count == {"P1": 2, "P2": 2, "P3": 1}
    assert n.experts["B"].mean == D("80.0000") and n.experts["B"].std == D("14.1421") and n.experts["B"].spread
    assert n.experts["C"].std == D("0.0000") and not n.experts["C"].spread
    assert n.no_spread == ["C"]


def test_equal_marks_give_no_z_and_a_project_marked_only_so_has_no_mean():
    round_marks = [
        ExpertMark("P1", "A", 80), ExpertMark("P2", "A", 80), ExpertMark("P3", "A", 80),   # all equal
        ExpertMark("P1", "B", D("75.5")), ExpertMark("P2", "B", D("80.5")),                 # μ 78, σ 2.5
        ExpertMark("P3", "C", 60),                                                          # one mark
    ]
    n = normalised_scores(round_marks)
    assert [n.z[("A", p)] for p in ("P1", "P2", "P3")] == [None, None, None]
    assert n.z[("B", "P1")] == D("-1.0000") and n.z[("B", "P2")] == D("1.0000")
    assert n.project_mean_z == {"P1": D("-1.0000"), "P2": D("1.0000"), "P3": None}   # never 0.0000 / 1.0000 made up
    assert n.project_z_count == {"P1": 1, "P2": 1, "P3": 0}
    assert n.no_spread == ["A", "C"]
    assert no_spread_note(2) == "2 位专家本轮评分无差异或仅评 1 项，不计标准分" and no_spread_note(0) == ""


def test_z_scores_refuse_a_double_mark():
    with pytest.raises(ValidationError):
        normalised_scores([ExpertMark(1, "A", 80), ExpertMark(1, "A", 81)])


def test_rule_text_names_dropping_only_for_the_trimmed_mean():
    from sti_desk.domain.review import rule_text

    assert rule_text("trimmed_mean", 5) == "去掉最高分和最低分后平均（5 个及以上分数时去掉最高分和最低分；不足时全部平均）"
    assert rule_text("trimmed_mean", 7).startswith("去掉最高分和最低分后平均（7 个及以上")
    assert rule_text("mean", 5) == "算术平均"
    assert rule_text("median", 5) == "中位数"
