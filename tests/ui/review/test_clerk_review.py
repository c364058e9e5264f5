"""The clerk organises the review on the 专家评审 page: draw in the background, the draw record with
复核, who is late, replacing a declined expert, offline sheets out and back in (errors by cell),
reopening a submitted sheet, closing the round."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl

from sti_desk.ui.review import common, deadline_dialog, draw_dialogs
from sti_desk.ui.review.draw_dialogs import DrawParams
from sti_desk.ui.review.draw_record import DrawRecordDialog

from .chinese import assert_chinese
from .helpers_rev import open_review_page
from .world import DAY, GOOD, submit_all


_page = open_review_page


def _reloaded(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.load_handle is not None and page.load_handle.done, timeout=5000)


def test_draw_in_background_then_record_and_verify(qtbot, make_window, services, world, clerk_actor, recorder,  # type: ignore[no-untyped-def]
                                                   monkeypatch):
    window, page = _page(qtbot, make_window, clerk_actor)
    panel = page.progress
    assert page.state.status is None and panel.draw_action.isEnabled()
    assert "尚未抽取" in panel.empty_label.text()
    monkeypatch.setattr(draw_dialogs, "ask_draw", lambda *a, **k: DrawParams(5, 2, "20260901", None, True))
    handle = panel.draw()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert recorder.infos and "随机种子：20260901" in recorder.infos[-1]
    _reloaded(qtbot, page)
    status = services.review.status(clerk_actor, world.call)
    assert page.state.status.total == status.total == 20
    assert not panel.draw_action.isEnabled() and panel.close_action.isEnabled()
    group = panel.tree.topLevelItem(1)
    assert group.text(0) == "电子信息-1（4 个项目）" and group.text(1) == "0/20"
    assert panel.task_model.rowCount() == 20 and panel.expert_model.rowCount() == 5
    assert all(panel.expert_model.rows[i].cells[8] == "未提交" for i in range(5))  # no deadline: nobody is late
    dialog = panel.show_record()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, DrawRecordDialog) and dialog.record.seed == "20260901"
    assert dialog.lots_model.rowCount() >= 7
    assert dialog.verify() and "复核通过" in recorder.infos[-1]
    assert_chinese(window, dialog)


def test_late_replace_reopen_close(qtbot, make_window, services, drawn, clerk_actor, recorder, monkeypatch):  # type: ignore[no-untyped-def]
    first = sorted(drawn.reviewers)[0]
    submit_all(services, drawn, skip=1)            # everyone but the first expert has submitted
    services.review.set_deadline(clerk_actor, drawn.call, date(2026, 9, 10), today=DAY)  # long past
    window, page = _page(qtbot, make_window, clerk_actor)
    panel = page.progress
    late = [r for r in panel.expert_model.rows if r.cells[8] == "逾期未提交"]
    assert [r.key for r in late] == [first]
    assert page.state.status.submitted == 16 and panel.tree.topLevelItem(1).text(1) == "16/20"

    # closing now is refused with the service's message naming who is late
    assert not panel.close_round()
    assert recorder.errors and "尚有 4 份评分未提交" in recorder.errors[-1]

    # the late expert declines: the first reserve takes over their four projects
    task = next(t for t in page.state.assignments if t.expert.id == first)
    assert common.select_key(panel.task_view, task.assignment_id)
    assert panel.replace_action.isEnabled() and not panel.reopen_action.isEnabled()
    monkeypatch.setattr(draw_dialogs, "ask_replace", lambda *a: ("出差无法参加评审", False))
    assert panel.replace()
    _reloaded(qtbot, page)
    record = services.review.draw_record(clerk_actor, drawn.call)
    assert record.replacements and record.replacements[0].declined.id == first
    new = record.replacements[0].new.id
    assert first not in {e.expert.id for e in page.state.status.experts if e.pending}

    # reopen a submitted sheet with a reason
    submitted = next(t for t in page.state.assignments if t.status == "submitted")
    assert common.select_key(panel.task_view, submitted.assignment_id) and panel.reopen_action.isEnabled()
    monkeypatch.setattr(common, "ask_text", lambda *a, **k: "分数录入有误")
    assert panel.reopen()
    _reloaded(qtbot, page)
    again = next(t for t in page.state.assignments if t.assignment_id == submitted.assignment_id)
    assert again.status == "assigned"

    # everything submitted → the round closes and the results tab opens
    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor

    from tests.accounts import with_account

    actors = {**drawn.reviewers, new: with_account(services.db, Actor(9999, "new", "新专家", Role.REVIEWER, new))}
    for actor in actors.values():
        for a in services.review.my_assignments(actor):
            if a.status == "assigned":
                services.review.save_marks(actor, a.id, GOOD, "意见", "资助", submit=True)
    page.reload()
    _reloaded(qtbot, page)
    assert page.state.status.can_close
    assert panel.close_round()
    _reloaded(qtbot, page)
    assert page.state.closed and page.tabs.currentWidget() is page.results
    assert page.results.proxy.rowCount() == 4
    assert_chinese(window)


def test_offline_sheets_out_and_back(qtbot, make_window, services, drawn, clerk_actor, recorder, monkeypatch,  # type: ignore[no-untyped-def]
                                     tmp_path):
    window, page = _page(qtbot, make_window, clerk_actor)
    panel = page.progress
    monkeypatch.setattr(draw_dialogs, "choose_folder", lambda parent: str(tmp_path))
    handle = panel.sheets()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    files = sorted(Path(tmp_path).glob("*.xlsx"))
    assert len(files) == 5 and "生成 5 个离线评分表" in recorder.infos[-1]

    # a bad cell refuses the whole sheet, naming the row and the column
    path = files[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    col = next(c.column for c in ws[4] if str(c.value or "").startswith("创新性"))
    ws.cell(5, col, 45)
    wb.save(path)
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(draw_dialogs, "choose_sheet", lambda parent: str(path))
    monkeypatch.setattr(draw_dialogs, "show_problems", lambda parent, title, message, problems:
                        shown.append((message, problems)))
    handle = panel.import_sheet()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert shown and any("第 5 行「创新性」：45 超过满分 30" in p for p in shown[0][1])
    assert services.review.status(clerk_actor, drawn.call).submitted == 0

    # fixed: imported, the rows filled become submitted
    ws.cell(5, col, 25)
    for c, v in zip(range(col + 1, col + 5), (20, 12, 16, 8)):
        ws.cell(5, c, v)
    headers = [str(c.value or "") for c in ws[4]]
    ws.cell(5, headers.index("推荐意见") + 1, "资助")
    wb.save(path)
    handle = panel.import_sheet()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert "已提交 1 项" in recorder.infos[-1]
    assert services.review.status(clerk_actor, drawn.call).submitted == 1
    dialog = draw_dialogs.ProblemsDialog("评分表未导入", shown[0][0], shown[0][1])
    qtbot.addWidget(dialog)
    assert_chinese(dialog, draw_dialogs.DrawDialog("测试批次", 5, 4), draw_dialogs.ReplaceDialog("专家", "组"))


def test_import_summary_names_a_row_with_only_a_comment_as_not_saved(qtbot, make_window, services, drawn,  # type: ignore[no-untyped-def]
                                                                    clerk_actor, recorder, monkeypatch, tmp_path):
    window, page = _page(qtbot, make_window, clerk_actor)
    panel = page.progress
    path = services.review.sheets(clerk_actor, drawn.call, tmp_path)[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [str(c.value or "") for c in ws[4]]
    col = next(i for i, h in enumerate(headers, start=1) if h.startswith("创新性"))
    for c, v in zip(range(col, col + 5), (25, 20, 12, 16, 8)):
        ws.cell(5, c, v)
    ws.cell(5, headers.index("推荐意见") + 1, "资助")
    ws.cell(6, headers.index("评审意见") + 1, "只写了意见")
    code = ws.cell(6, 2).value
    ws.cell(7, col, 20)                                   # one mark only: a draft, and the summary says what is missing
    partial = ws.cell(7, 2).value
    first = ws.cell(5, 2).value
    wb.save(path)
    reviewer = drawn.reviewers[int(path.stem.rsplit("_", 1)[1])]     # the expert had saved a draft online
    online = next(a for a in services.review.my_assignments(reviewer) if a.project_code == first)
    services.review.save_marks(reviewer, online.id, {"innovation": "21.5"}, "在线暂存", "")
    monkeypatch.setattr(draw_dialogs, "choose_sheet", lambda parent: str(path))
    handle = panel.import_sheet()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    lines = recorder.infos[-1].splitlines()
    assert lines[-1].startswith(f"其中 1 项覆盖了专家在系统中暂存的草稿：{first}（暂存于 ")
    lines = lines[:-1]
    assert "已提交 1 项" in recorder.infos[-1] and f"保存为草稿（未填完） 1 项：{partial}" in lines
    gaps = lines[lines.index(f"保存为草稿（未填完） 1 项：{partial}") + 1]
    assert gaps.startswith(f"第 7 行（{partial}）尚缺：") and gaps.endswith("预算合理性") and "创新性" not in gaps
    assert lines[-2:] == ["未保存 1 项（只填了意见，没有评分）：", f"第 6 行（{code}）没有填写评分，未保存（评审意见已忽略）"]
    pending = {p.project_code: p for p in services.review.assignments_of(clerk_actor, drawn.call)
               if p.expert.id == int(path.stem.rsplit("_", 1)[1])}
    assert not pending[code].has_draft


def test_manager_reads_progress_only(qtbot, make_window, services, drawn, manager_actor):  # type: ignore[no-untyped-def]
    window, page = _page(qtbot, make_window, manager_actor)
    panel = page.progress
    assert page.state.assignments is None and page.state.status.pending == 20
    assert panel.task_model.rowCount() == 20 and panel.record_action.isEnabled()
    assert not any(a.isVisible() for a in (panel.draw_action, panel.replace_action, panel.close_action,
                                           panel.sheets_action))
    assert "评审保密" in page.results.empty_label.text()
    assert_chinese(window)


def test_deadline_dialog_sets_moves_and_explains_refusals(qtbot, make_window, services, drawn, clerk_actor,  # type: ignore[no-untyped-def]
                                                          monkeypatch):
    window, page = _page(qtbot, make_window, clerk_actor)
    panel = page.progress
    assert panel.deadline_action.isEnabled()
    seen = []

    def fill_in(parent, label, current, save):  # type: ignore[no-untyped-def]
        dialog = deadline_dialog.DeadlineDialog(label, current, save, parent)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        dialog.date_edit.set_value(date.today() - timedelta(days=1))
        assert not dialog.try_save() and "早于今天" in dialog.grid.error_text("deadline")  # under the field, kept
        dialog.date_edit.set_value(date.today() + timedelta(days=3 + len(seen)))
        if current is not None:
            assert not dialog.try_save() and "须填写原因" in dialog.grid.error_text("reason")
            dialog.reason_edit.setText("专家出差，延期")
        assert dialog.try_save()
        assert_chinese(window, dialog)
        return True

    monkeypatch.setattr(deadline_dialog, "ask_deadline", fill_in)
    assert panel.set_deadline()
    _reloaded(qtbot, page)
    assert page.state.status.deadline == date.today() + timedelta(days=4)
    assert panel.set_deadline()                      # moving it needs the reason
    _reloaded(qtbot, page)
    assert page.state.status.deadline == date.today() + timedelta(days=5)
    assert "目前未设截止日期" in seen[0].intro.text()
    assert f"目前的截止日期：{date.today() + timedelta(days=4):%Y-%m-%d}" in seen[1].intro.text()
