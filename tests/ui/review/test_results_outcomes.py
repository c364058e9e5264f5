"""评审结果与拟立项 read as decided: 资助决定 says the decision (资助 45.00 万元 / 不予资助（理由）), 当前阶段 the
stage reached since; 审批资助名单 says which round holds it up; experts whose marks do not vary have no z
("—" with a tool tip, counted above the table); the draw record's pool sentence is the CLI's."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from sti_desk.cli import main
from sti_desk.db.tables import ProjectRow, ScreeningRow, TeamMemberRow
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.domain.review import NO_MEAN_Z_TIP, NO_Z_TIP
from sti_desk.ui.detail.dialog import ProjectDetailDialog
from sti_desk.ui.review.draw_record import DrawRecordDialog
from sti_desk.ui.review.results_panel import COL_DECISION, COL_Z, HEADERS

from .chinese import assert_chinese
from .helpers_rev import open_review_page
from .world import DAY, GOOD, build_world, draw, submit_all

WAIT = "第 2 轮评审尚在评分中（截止 2026-09-20），结束评审后方可审批资助名单"
COL_STAGE = HEADERS.index("当前阶段")


_page = open_review_page


def _reload(qtbot, page):  # type: ignore[no-untyped-def]
    page.reload()
    qtbot.waitUntil(lambda: page.load_handle.done)


def _cell(page, code, col):  # type: ignore[no-untyped-def]
    model = page.results.proxy
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == code)
    return model.index(row, col)


def test_decision_column_stage_column_and_the_round_that_holds_the_list_up(  # type: ignore[no-untyped-def]
        qtbot, make_window, services, app_ctx, clerk_actor, admin_actor, manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    submit_all(services, w)
    services.review.close_round(clerk_actor, w.call)
    services.review.approve_funding(manager_actor, w.call, [(w.codes[0], Money.wan("45")),
                                                            (w.codes[1], Money.wan("50"))], today=DAY)
    with app_ctx.db.uow("test") as uow:      # later on the first one is being carried out (实施)
        first = uow.session.scalar(select(ProjectRow).where(ProjectRow.code == w.codes[0]))
        first.state = "implementation"
        uow.commit()
    window, page = _page(qtbot, make_window, manager_actor)
    page.tabs.setCurrentWidget(page.results)
    assert [_cell(page, w.codes[i], COL_DECISION).data() for i in range(4)] == [
        "资助 45.00 万元", "资助 50.00 万元", "不予资助（评审未入选）", "不予资助（评审未入选）"]
    assert [_cell(page, w.codes[i], COL_STAGE).data() for i in range(4)] == [
        ProjectState.IMPLEMENTATION.label, ProjectState.PROPOSED.label, ProjectState.REJECTED.label,
        ProjectState.REJECTED.label]
    button = page.results.funding_button
    assert not button.isEnabled() and button.toolTip() == "第 1 轮评审的项目均已作出资助决定"

    with app_ctx.db.uow("test") as uow:      # a fifth application, reviewed in a second round
        p = ProjectRow(code=f"{w.call}-0005", call_id=first.call_id, unit_id=first.unit_id,
                       leader_id=first.leader_id, title="补充评审的项目", field=first.field, start_date=first.start_date,
                       end_date=first.end_date, requested_fen=Money.wan("30").fen, state="review", summary="摘要")
        p.team = [TeamMemberRow(person_id=t.person_id, unit_id=t.unit_id, role=t.role)
                  for t in uow.session.get(ProjectRow, w.projects[1]).team]
        uow.session.add(p)
        uow.flush()
        uow.session.add(ScreeningRow(project_id=p.id, results_json="[]", auto_passed=True, decision="pass"))
        uow.commit()
        new_id = p.id
    services.review.draw(clerk_actor, w.call, 5, 2, seed="7", today=DAY, deadline=date(2026, 9, 20))
    _reload(qtbot, page)
    assert page.results.rule_label.text().startswith("第 2 轮评审评分中，结束后方可查看其评分。以下为第 1 轮")
    assert not button.isEnabled() and button.toolTip() == WAIT
    page.results.grab().save("/tmp/rv_results_round2.png")
    dialog = ProjectDetailDialog(services, clerk_actor, new_id)
    qtbot.addWidget(dialog)
    propose = dialog.transition_buttons[ProjectState.PROPOSED]
    assert not propose.isEnabled() and propose.toolTip().startswith(f"{WAIT}：由分管领导在")
    assert_chinese(window)


def test_experts_without_spread_have_no_z(qtbot, make_window, services, app_ctx, clerk_actor,  # type: ignore[no-untyped-def]
                                          admin_actor, manager_actor):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    for actor in w.reviewers.values():          # everyone gives every project the same marks
        for a in services.review.my_assignments(actor):
            services.review.save_marks(actor, a.id, GOOD, "意见", "资助", submit=True)
    services.review.close_round(clerk_actor, w.call)
    window, page = _page(qtbot, make_window, manager_actor)
    results = page.results
    assert not results.z_note.isVisibleTo(results)
    results.z_check.setChecked(True)
    assert results.z_note.isVisibleTo(results)
    assert results.z_note.text().startswith("5 位专家本轮评分无差异或仅评 1 项，不计标准分")
    assert results.z_note.toolTip().count("（") == 5          # the five by name and unit
    cell = results.proxy.index(0, COL_Z)
    assert cell.data() == "—" and cell.data(Qt.ItemDataRole.ToolTipRole) == NO_MEAN_Z_TIP
    col = results.marks_model.headers.index("标准分")
    assert all(results.marks_model.index(r, col).data() == "—" for r in range(results.marks_model.rowCount()))
    assert results.marks_model.index(0, col).data(Qt.ItemDataRole.ToolTipRole) == NO_Z_TIP
    window.grab().save("/tmp/rv_results_noz.png")
    assert_chinese(window)


def test_draw_record_says_the_pool_as_the_cli_does(qtbot, services, app_ctx, clerk_actor, admin_actor,  # type: ignore[no-untyped-def]
                                                  capsys, monkeypatch):
    w = build_world(app_ctx)
    draw(services, clerk_actor, w, admin_actor, accounts=0)
    record = services.review.draw_record(clerk_actor, w.call)
    g = record.groups[0]
    sentence = (f"专家库共 {g.pool_size} 位专家，其中其他领域 {g.other_field_count} 位（不逐人列出）；"
                f"本领域排除 {len(g.excluded)} 位，参加抽签 {len(g.lots)} 位")
    dialog = DrawRecordDialog(services, clerk_actor, record)
    qtbot.addWidget(dialog)
    assert sentence + "。" in dialog.summary.text()
    monkeypatch.setenv("STI_DESK_PASSWORD", "clerk1234")
    assert main(["--db", str(app_ctx.db_path), "--user", "clerk", "review", "record", w.call]) == 0
    assert f"  {sentence}\n" in capsys.readouterr().out
