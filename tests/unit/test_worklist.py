"""工作台待办: facts → ordered items (domain only)."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.permissions import Permission as P
from sti_desk.domain.worklist import CallFacts, PublicityFacts, RoundFacts, build_todos

TODAY = date(2026, 11, 23)


def texts(calls):
    return [t.text for t in build_todos(calls, TODAY)]


def test_nothing_waiting_means_an_empty_list():
    assert build_todos([CallFacts("2026-ZD", "重点研发")], TODAY) == []
    done = CallFacts("2026-ZD", "重点研发", rounds=(RoundFacts(1, "closed", assignments=20),),
                     publicities=(PublicityFacts(date(2026, 10, 1), date(2026, 10, 9), finished=True),))
    assert build_todos([done], TODAY) == []


def test_screening_and_draw_items_name_the_call_the_count_and_who_acts():
    items = build_todos([CallFacts("2026-ZD", "重点研发", 7, applied=3, screening=2, awaiting_draw=4)], TODAY)
    assert [(t.text, t.permission, t.page, t.args) for t in items] == [
        ("“重点研发”有 3 个申报尚未提交形式审查", P.SCREEN, "projects", {"state": "applied", "call_id": 7}),
        ("“重点研发”有 2 个项目待形式审查", P.SCREEN, "intake", {"call_id": 7}),
        ("“重点研发”有 4 个项目已通过形式审查，待抽取评审专家", P.ORGANISE_REVIEW, "review", {"call": "2026-ZD"}),
    ]


def test_a_late_round_comes_first_and_says_who_is_late():
    late = RoundFacts(2, "scoring", date(2026, 11, 20), assignments=30, pending=4, experts_pending=2)
    calls = [CallFacts("2026-A", "甲批次", applied=1), CallFacts("2026-B", "乙批次", rounds=(late,))]
    first = build_todos(calls, TODAY)[0]
    assert first.overdue and first.due == date(2026, 11, 20) and first.permission is P.ORGANISE_REVIEW
    assert first.text == "“乙批次”第 2 轮评审已过截止日期 2026-11-20（已过 3 天），2 位专家还有 4 份评分表未提交"


def test_scoring_without_deadline_is_never_late_and_finished_scoring_asks_to_close():
    open_ = RoundFacts(1, "scoring", None, assignments=10, pending=3, experts_pending=1)
    due = RoundFacts(1, "scoring", date(2026, 11, 24), assignments=10, pending=3, experts_pending=1)
    complete = RoundFacts(1, "scoring", date(2026, 11, 20), assignments=10, pending=0)
    assert texts([CallFacts("c", "甲", rounds=(open_,))]) == ["“甲”第 1 轮评审评分中（已提交 7/10 份，未设截止日期）"]
    assert texts([CallFacts("c", "甲", rounds=(due,))]) == ["“甲”第 1 轮评审评分中，已提交 7/10 份，2026-11-24 截止（明天）"]
    item = build_todos([CallFacts("c", "甲", rounds=(complete,))], TODAY)[0]
    assert not item.overdue and item.text == "“甲”第 1 轮评审的 10 份评分表已全部提交，可以结束评审、汇总排序"


def test_a_closed_round_waits_for_the_manager():
    item = build_todos([CallFacts("c", "甲", rounds=(RoundFacts(1, "closed", undecided=6),))], TODAY)[0]
    assert item.permission is P.APPROVE_FUNDING and item.text == "“甲”第 1 轮评审已结束，6 个项目待审批资助清单"


def test_publicity_running_with_objection_then_ended():
    running = PublicityFacts(date(2026, 11, 19), date(2026, 11, 25), open_objections=1)
    assert texts([CallFacts("c", "甲", publicities=(running,))]) == [
        "“甲”公示收到 1 条异议，尚未处理", "“甲”公示中：2026-11-19 至 2026-11-25（还有 2 天期满）"]
    ended = PublicityFacts(date(2026, 11, 10), date(2026, 11, 16))
    item = build_todos([CallFacts("c", "甲", awaiting_publicity=2, publicities=(ended,))], TODAY)
    assert [t.text for t in item] == ["“甲”公示已于 2026-11-16 期满，请确认公示结果，项目转为立项",
                                      "“甲”有 2 个拟立项项目待公示"]
    assert item[0].overdue and not item[1].overdue


def test_order_is_overdue_then_nearest_date_then_lifecycle():
    calls = [CallFacts("a", "甲", applied=1, rounds=(RoundFacts(1, "scoring", date(2026, 12, 1), 5, 5, 5),)),
             CallFacts("b", "乙", screening=1, publicities=(PublicityFacts(date(2026, 11, 20), date(2026, 11, 26)),)),
             CallFacts("c", "丙", rounds=(RoundFacts(1, "scoring", date(2026, 11, 1), 5, 1, 1),))]
    items = build_todos(calls, TODAY)
    assert [(t.call_code, t.overdue, t.due) for t in items] == [
        ("c", True, date(2026, 11, 1)), ("b", False, date(2026, 11, 26)), ("a", False, date(2026, 12, 1)),
        ("a", False, None), ("b", False, None)]
