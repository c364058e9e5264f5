"""项目详情 → 专家评审: the round while it is scored (no marks), after it is closed (score, explanation,
marks, rank, funding, publicity and objections), as a reviewer (refused); people by name in 办理记录."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QLabel, QTableWidget

from sti_desk.domain.money import Money
from sti_desk.ui.detail.dialog import ProjectDetailDialog
from sti_desk.ui.detail.review_tab import ReviewTab

from .chinese import assert_chinese
from .world import build_world, draw, submit_all


def _open(qtbot, services, actor, project_id):  # type: ignore[no-untyped-def]
    dialog = ProjectDetailDialog(services, actor, project_id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    index = next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "专家评审")
    dialog.tabs.setCurrentIndex(index)
    tab = dialog.tabs.widget(index)
    assert isinstance(tab, ReviewTab)
    qtbot.waitUntil(lambda: tab.load_handle.done, timeout=5000)
    return dialog, tab


def _texts(tab: ReviewTab) -> list[str]:
    out = [label.text() for label in tab.findChildren(QLabel)]
    for table in tab.findChildren(QTableWidget):
        out += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                if table.item(r, c) is not None]
    return out


def test_while_scoring_the_tab_shows_the_round_and_no_marks(qtbot, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                            manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w, skip=3)                   # two of five experts have handed in
    for actor in (clerk_actor, manager_actor):
        dialog, tab = _open(qtbot, services, actor, w.projects[0])
        table = tab.rounds_table
        cells = [table.item(0, c).text() for c in range(table.columnCount())]
        assert cells[:5] == [f"{w.call} 第 1 轮", "电子信息-1", "5 位", "2 / 5", "评分中"]
        assert not tab.marks_tables and tab.decision is None and tab.publicity is None
        assert any("评审尚未结束" in t for t in _texts(tab))
        assert not any("81" in t or "计入" in t for t in _texts(tab))     # no mark, total or 计分 anywhere
        assert_chinese(tab)
        dialog.close()


def test_after_closing_the_tab_explains_the_score_decision_and_objections(qtbot, qapp_configured, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                                                          admin_actor, manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    res = services.review.results(manager_actor, w.call)
    top = res.rows[0]
    services.review.approve_funding(manager_actor, w.call, [(top.project.code, Money.wan("45.5"))], "局务会研究")
    start = date.today() - timedelta(days=1)
    services.review.start_publicity(clerk_actor, w.call, start, note="县科技局网站")
    oid = services.review.record_objection(clerk_actor, top.project.code, start, "负责人同时承担省级同类项目", "实名来信")
    services.review.resolve_objection(manager_actor, oid, "经核查不属实", upheld=False)

    dialog, tab = _open(qtbot, services, manager_actor, top.project.id)
    assert tab.rounds_table.item(0, 4).text() == "已结束"
    facts = tab.score_boxes[1].findChildren(QLabel)
    assert any(label.text() == f"{top.score:.2f} 分" for label in facts)
    assert any(label.text() == f"第 1 名（本轮共 {len(res.rows)} 项）" for label in facts)
    assert any(label.text() == top.explanation for label in facts)
    marks = tab.marks_tables[1]
    assert marks.rowCount() == 5
    assert marks.horizontalHeaderItem(2).text() == "创新性"
    counted = [marks.item(r, 8).text() for r in range(5)]
    assert sorted(counted) == ["未计入（最低分）", "未计入（最高分）", "计入", "计入", "计入"]
    assert {marks.item(r, 9).text() for r in range(5)} == {"资助"}

    d = tab.decision.values
    assert d["是否资助"].text() == "资助" and d["拟资助金额"].text() == f"45.50 万元（申请 {top.requested.wan_str()} 万元）"
    assert d["决定依据"].text() == "局务会研究"
    assert d["决定人"].text() == "王科长" and d["决定人"].toolTip() == "用户名：manager"
    p = tab.publicity.values
    assert p["公示状态"].text() == "公示中" and p["公示说明"].text() == "县科技局网站"
    o = tab.objections_table
    row = [o.item(0, c).text() for c in range(o.columnCount())]
    assert row[1:7] == ["实名来信", "负责人同时承担省级同类项目", "李经办", "经核查不属实", "不成立", "王科长"]
    assert o.item(0, 3).toolTip() == "用户名：clerk"

    # the objection's two steps are in 办理记录 (newest first), by name with the account in the tooltip
    events = dialog.events
    assert [events.item(r, 1).text() for r in range(2)] == ["处理公示异议", "登记公示异议"]
    assert [events.item(r, 3).text() for r in range(2)] == ["王科长", "李经办"]
    assert events.item(1, 3).toolTip() == "用户名：clerk"
    assert events.item(0, 2).text() == "（仍为拟立项/公示）"
    assert dialog.timeline.statuses()["拟立项/公示"] == "current"
    assert_chinese(dialog)
    qtbot.wait(20)     # let the layouts settle, as the event loop does before a person sees the window
    dialog.grab().save("/tmp/review_tab_closed.png")
    tab.widget().grab().save("/tmp/review_tab_body.png")

    other = next(r for r in res.rows if r is not top)
    _, rejected = _open(qtbot, services, clerk_actor, other.project.id)
    r = rejected.decision.values
    assert r["是否资助"].text() == "不予资助" and r["不予资助理由"].text() == "评审未入选"
    assert "未列入公示" in " ".join(_texts(rejected))


def test_a_reviewer_gets_no_review_data_in_a_project_detail(qtbot, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                            reviewer_actor):
    """Reviewers have no project list and the services refuse them the project; even a tab built for one
    (from a clerk's detail) shows only the refusal."""
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=1)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    detail = services.projects.get_project(clerk_actor, w.projects[0])
    for reviewer in (reviewer_actor, next(iter(w.reviewers.values()))):
        tab = ReviewTab(services, reviewer, detail)
        qtbot.addWidget(tab)
        qtbot.waitUntil(lambda: tab.load_handle.done, timeout=5000)
        assert tab.info is None and "无权查看项目" in tab.error
        assert tab.rounds_table is None and not tab.marks_tables and tab.decision is None
        assert [t for t in _texts(tab) if t != tab.loading.text()] == [f"无法显示专家评审情况：{tab.error}"]
        assert tab.loading.isHidden()


def test_a_project_not_yet_reviewed(qtbot, services, app_ctx, clerk_actor):  # type: ignore[no-untyped-def]
    w = build_world(app_ctx)
    _, tab = _open(qtbot, services, clerk_actor, w.projects[0])
    assert "尚未参加专家评审" in tab.notice.text() and tab.rounds_table is None
