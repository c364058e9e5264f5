"""评分表 shows the project's 预算明细 (with 合计) and 项目组成员 read-only; 提交 is in a fixed bar, always in view."""
from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from sti_desk.db.tables import BudgetLineRow
from sti_desk.domain.money import Money

from .chinese import assert_chinese


def _ancestors(widget, stop):  # type: ignore[no-untyped-def]
    out, w = [], widget.parentWidget()
    while w is not None and w is not stop:
        out.append(w)
        w = w.parentWidget()
    return out


def test_budget_and_team_are_shown_read_only(qtbot, make_window, services, app_ctx, drawn):  # type: ignore[no-untyped-def]
    with app_ctx.db.uow("test") as uow:
        uow.session.add_all([BudgetLineRow(project_id=drawn.projects[0], subject="设备费", fiscal_fen=Money.wan(30).fen,
                                           self_raised_fen=Money.wan("12.5").fen, basis="按市场询价"),
                             BudgetLineRow(project_id=drawn.projects[0], subject="业务费", fiscal_fen=Money.wan(20).fen,
                                           self_raised_fen=0, basis="测试化验")])
        uow.commit()
    eid = sorted(drawn.reviewers)[0]
    actor = services.auth.login(f"rev{eid}", "review123")
    window = make_window(actor)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done)
    target = next(a for a in page.assignments if a.project_code == drawn.codes[0])
    page.open_assignment(target.id)
    parts = page.form.parts
    cells = [r.cells for r in parts.budget_model.rows]
    assert cells == [("设备费", "30.00", "12.50", "按市场询价"), ("业务费", "20.00", "0.00", "测试化验"),
                     ("合计", "50.00", "12.50", "")]
    assert parts.tabText(0) == "预算明细（2 项）" and parts.tabText(1) == "项目组成员（2 人）"
    assert [r.cells for r in parts.team_model.rows] == [("负责人0", "青溪县测试单位00", "项目负责人"),
                                                       ("成员0", "青溪县测试单位01", "成员")]
    assert not parts.budget_view.editTriggers() and not parts.team_view.editTriggers()
    assert_chinese(window)
    # 保存草稿/提交 and the total are in a bar fixed below the scrolling sheet, in view at 1366x768 and
    # in a lower window too, with the sheet scrolled to its top
    form = page.form
    for button in (form.submit_button, form.draft_button, form.total_label):
        assert not any(isinstance(w, QScrollArea) for w in _ancestors(button, page))
        assert form.action_bar.isAncestorOf(button)
    for height in (768, 600):
        window.resize(1366, height)
        qtbot.wait(50)
        form.scroll.verticalScrollBar().setValue(0)
        for button in (form.submit_button, form.draft_button):
            assert button.isVisible()
            top = button.mapTo(window, button.rect().topLeft()).y()
            bottom = button.mapTo(window, button.rect().bottomLeft()).y()
            assert 0 < top and bottom < window.height() - window.statusBar().height()
        assert form.total_label.isVisible() and form.total_label.text().startswith("总分：")
    window.grab().save("/tmp/score_form_bar_600.png")
    window.resize(1366, 768)

    other = next(a for a in page.assignments if a.project_code == drawn.codes[1])
    page.open_assignment(other.id)                              # no budget lines: says so across the row
    assert parts.tabText(0) == "预算明细（0 项）" and "没有预算明细" in parts.budget_model.rows[0].cells[0]
    assert parts.budget_view.columnSpan(0, 0) == 4
