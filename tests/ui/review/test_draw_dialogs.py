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
