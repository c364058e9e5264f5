"""Aggregation and ranking through the services, against hand-computed values."""
from __future__ import annotations

from decimal import Decimal

import pytest

# totals per project (rows) and expert (columns, experts in id order), with the 创新性 marks
TOTALS = [
    [92, 85, 84, 84, 70],                      # P1: drop 92 and 70 → (85+84+84)/3 = 84.333… → 84.33; spread 22
    [80, 80, 80, 80, 80],                      # P2: 80.00, median 80, 创新性 mean 24
    [95, 85, 80, 75, 60],                      # P3: drop 95 and 60 → (85+80+75)/3 = 80.00, median 80, 创新性 26
    ["85.5", "84.5", 84, 83, 60],              # P4: drop 85.5 and 60 → 251.5/3 = 83.8333… → 83.83
]
INNOVATION = [
    [30, 26, 25, 25, 20],
    [24, 24, 24, 24, 24],
    [30, 28, 26, 24, 22],
    ["25.5", 25, 25, 24, 20],
]


def split(total, innovation) -> dict[str, Decimal]:
    """Marks with the given 创新性 adding up to ``total`` (the rest filled criterion by criterion)."""
    rest = Decimal(str(total)) - Decimal(str(innovation))
    out = {"innovation": Decimal(str(innovation))}
    for code, top in (("technical", 25), ("team", 15), ("benefit", 20), ("budget", 10)):
        out[code] = min(Decimal(top), rest)
        rest -= out[code]
    assert rest == 0
    return out


def _score(review, panel, skip=()):
    experts = sorted(panel)
    for k, eid in enumerate(experts):
        actor = panel[eid]
        for a in review.my_assignments(actor):
            j = int(a.project_code[-1]) - 1
            if (k, j) in skip:
                continue
            total = Decimal(str(TOTALS[j][k]))
            review.save_marks(actor, a.id, split(TOTALS[j][k], INNOVATION[j][k]),
                              "需补充示范规模" if total < 80 else "", "资助" if total >= 60 else "不资助", submit=True)
    return experts


def test_trimmed_mean_ranking_and_tie_break(review, clerk, boss, panel, world):
    experts = _score(review, panel)
    review.close_round(clerk, world.call)
    res = review.results(boss, world.call, with_z=True)
    assert res.rule == "trimmed_mean" and res.min_for_trim == 5 and res.spread_threshold == Decimal(20)
    rows = {r.project.code: r for r in res.rows}
    p1, p2, p3, p4 = (rows[c] for c in world.codes)
    assert (p1.score, p2.score, p3.score, p4.score) == (Decimal("84.33"), Decimal("80.00"), Decimal("80.00"),
                                                        Decimal("83.83"))
    assert [r.project.code for r in res.rows] == [world.codes[i] for i in (0, 3, 2, 1)]
    assert [r.rank for r in res.rows] == [1, 2, 3, 4]
    assert p2.tie_note == "与上一名得分相同，按单项均分排序" and p3.tie_note == ""
    assert p3.criterion_means["innovation"] == Decimal("26.00") and p2.criterion_means["innovation"] == 24
    # marks used / dropped, with names
    dropped = {m.expert.id: m.dropped for m in p1.marks if m.dropped}
    assert dropped == {experts[0]: "highest", experts[4]: "lowest"}
    assert [m.total for m in p1.marks] == [92, 85, 84, 84, 70]
    assert p1.spread == 22 and p1.disagreement and not p2.disagreement and p3.disagreement
    names = [m.expert.name for m in p1.marks]
    assert p1.explanation.startswith(f"共 5 位专家打分：92（专家 {names[0]}）")
    assert "其余 3 个分数平均为 84.33" in p1.explanation and "专家意见分歧较大" in p1.explanation
    assert p1.mean == Decimal("83.00") and p1.median == 84
    assert p1.recommendations == {"资助": 5}
    # z-scores: each expert's z over their four marks averages to 0
    for k, eid in enumerate(experts):
        zs = [m.z for r in res.rows for m in r.marks if m.expert.id == eid]
        assert len(zs) == 4 and abs(sum(zs)) <= Decimal("0.0004")
    assert p2.marks[0].z is not None and p1.mean_z is not None


def test_fewer_than_five_marks_are_averaged_without_trimming(review, clerk, boss, panel, world):
    experts = sorted(panel)
    p1 = next(a for a in review.my_assignments(panel[experts[4]]) if a.project_code == world.codes[0])
    review.decline(clerk, p1.id, "评审时发现与申报单位有合作")
    _score(review, panel, skip={(4, 0)})
    review.close_round(clerk, world.call)
    row = next(r for r in review.results(boss, world.call).rows if r.project.code == world.codes[0])
    assert row.count == 4 and row.score == Decimal("86.25")          # (92+85+84+84)/4
    assert "不足 5 位专家，不去掉最高分和最低分" in row.explanation and not row.disagreement


def test_median_rule_set_on_the_call_before_the_draw(ctx, review, clerk, boss, world):
    from .world import DAY, reviewer_actor

    review.set_rubric(clerk, world.call, aggregation="median")
    drawn = review.draw(clerk, world.call, seed=42, today=DAY)
    panel = {e.id: reviewer_actor(e.id) for e in drawn.groups[0].panel}
    _score(review, panel)
    review.close_round(clerk, world.call)
    res = review.results(boss, world.call)
    scores = {r.project.code: r.score for r in res.rows}
    assert scores == {world.codes[0]: 84, world.codes[1]: 80, world.codes[2]: 80, world.codes[3]: 84}
    assert res.rule_label == "中位数"
    with pytest.raises(Exception, match="不能再修改"):
        review.set_rubric(clerk, world.call, aggregation="mean")


def test_summary_for_the_pdf(review, clerk, boss, panel, world, drawn):
    _score(review, panel)
    review.close_round(clerk, world.call)
    s = review.review_summary(boss, world.call)
    assert s.call_code == world.call and s.seed == "42" and s.inputs_digest == drawn.inputs_digest
    assert s.rubric_lines[0] == ("创新性", 30) and s.rule_label == "去掉最高分和最低分后平均"
    assert sorted(e.id for e in s.groups[0].experts) == sorted(e.id for e in drawn.groups[0].panel)
    assert s.groups[0].project_codes == world.codes
    assert [r.rank for r in s.rows] == [1, 2, 3, 4] and all(r.funded is None for r in s.rows)
    assert s.closed_by == "clerk" and s.drawn_by == "clerk" and s.publicity is None
