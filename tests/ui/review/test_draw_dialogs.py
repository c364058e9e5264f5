"""The draw dialog offers the experts-per-group bounds the service enforces (domain.calls), and a refused
score sheet's message appears once in the problems dialog, with or without a list of problems."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit

from sti_desk.domain.calls import MAX_EXPERTS_PER_GROUP, MIN_EXPERTS_PER_GROUP
from sti_desk.ui.review import draw_dialogs

from .chinese import assert_chinese

TOKEN = "评分表校验码不符：文件的校验信息被改动，或不是本系统为该专家和该轮评审生成的评分表，未导入"


def _shown_texts(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
    edits = [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit) if w.isVisibleTo(dialog)]
    return labels + edits


def test_refusal_without_problems_is_shown_once(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    dialog = draw_dialogs.ProblemsDialog("评分表未导入", TOKEN, [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert sum(t.count(TOKEN) for t in _shown_texts(dialog)) == 1
    assert not dialog.text.isVisible()
    assert_chinese(dialog)


def test_refusal_with_problems_lists_each_once(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    problems = ["第 5 行「创新性」：45 超过满分 30", "第 6 行「团队基础」：不是数字"]
    message = f"评分表有 {len(problems)} 处错误，未导入任何分数：\n" + "\n".join(problems)
    dialog = draw_dialogs.ProblemsDialog("评分表未导入", message, problems)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = "\n".join(_shown_texts(dialog))
    assert dialog.text.isVisible() and dialog.text.toPlainText() == "\n".join(problems)
    assert all(shown.count(p) == 1 for p in problems) and shown.count("评分表有 2 处错误") == 1


def test_draw_dialog_offers_the_service_bounds(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    dialog = draw_dialogs.DrawDialog("测试批次", 20, 4)
    qtbot.addWidget(dialog)
    spin = dialog.per_group
    assert (spin.minimum(), spin.maximum()) == (MIN_EXPERTS_PER_GROUP, MAX_EXPERTS_PER_GROUP) == (3, 25)
    assert spin.value() == 20 and dialog.params().per_group == 20       # the call's 20 is kept (was cut to 15)
    too_many = draw_dialogs.DrawDialog("测试批次", 40, 4)
    qtbot.addWidget(too_many)
    assert too_many.per_group.value() == MAX_EXPERTS_PER_GROUP


def test_per_group_is_the_calls_setting_and_says_a_change_changes_the_call(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    dialog = draw_dialogs.DrawDialog("测试批次", 20, 2)
    qtbot.addWidget(dialog)
    assert dialog.per_group.isEnabled() and "申报批次的“每组评审专家”设置" in dialog.per_group_note.text()
    dialog.per_group.setValue(5)
    assert "由 20 人改为 5 人" in dialog.per_group_note.text()
    locked = draw_dialogs.DrawDialog("测试批次", 5, 1, locked=True)
    qtbot.addWidget(locked)
    assert not locked.per_group.isEnabled() and locked.params().per_group == 5
    assert "锁定为 5 人" in locked.per_group.toolTip() and "首轮抽取后锁定" in locked.per_group_note.text()
    assert_chinese(dialog, locked)


def test_header_results_and_call_show_the_size_the_round_used(qtbot, make_window, services, world,  # type: ignore[no-untyped-def]
                                                               clerk_actor, recorder, monkeypatch):
    from sti_desk.ui.review.draw_dialogs import DrawParams

    window = make_window(clerk_actor, "review")
    page = window.pages["review"]
    qtbot.waitUntil(lambda: page.state is not None and page.load_handle.done)
    assert "每组 5 位专家" in page.info_label.text()
    offered = {}

    def ask(parent, name, per_group, waiting, **kw):  # type: ignore[no-untyped-def]
        offered.update(per_group=per_group, **kw)
        return DrawParams(3, 2, "20260901", None, True)

    monkeypatch.setattr(draw_dialogs, "ask_draw", ask)
    handle = page.progress.draw()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    qtbot.waitUntil(lambda: page.load_handle.done and page.state.status is not None, timeout=5000)
    assert offered == {"per_group": 5, "locked": False}
    assert "每组 3 位专家" in page.info_label.text()
    assert services.review.get_rubric(clerk_actor, world.call).experts_per_group == 3
    assert page.state.record.per_group == 3
    monkeypatch.setattr(draw_dialogs, "ask_draw", lambda *a, **kw: offered.update(again=kw) or None)
    page.progress.draw()
    assert offered["again"] == {"locked": True}


def test_a_deadline_before_today_is_refused_under_the_field(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    from datetime import date

    dialog = draw_dialogs.DrawDialog("测试批次", 5, 2, today=date(2026, 12, 3))
    qtbot.addWidget(dialog)
    dialog.deadline_check.setChecked(True)
    dialog.deadline_edit.set_value(date(2026, 12, 2))
    assert not dialog.try_accept() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.grid.error_text("deadline") == "评分截止日期 2026-12-02 早于今天（2026-12-03）"
    dialog.deadline_edit.set_value(date(2026, 12, 3))
    assert dialog.try_accept() and dialog.params().deadline == date(2026, 12, 3)
