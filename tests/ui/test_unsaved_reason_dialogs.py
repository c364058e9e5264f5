"""放弃未保存的修改？ in the reason boxes of a stage change (detail.transition.ReasonDialog) and of the 形式审查
decision (intake.decision.DecisionDialog): a typed reason asks before Esc, 取消 or × throws it away; nothing
typed closes at once; 确定 closes without a question."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.ui.detail.transition import ReasonDialog
from sti_desk.ui.forms.unsaved import QUESTION
from sti_desk.ui.intake.decision import DecisionDialog
from sti_desk.ui.intake.screening_model import ScreeningItem

from .helpers import create_project

ITEM = ScreeningItem(1, "2025-ZD-0001", "智能灌溉控制系统研发", "甲公司", "张1", ProjectState.SCREENING, Money.wan("30"))


def _makers(services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    detail = services.projects.get_project(clerk_actor, create_project(services, clerk_actor, seeded))
    target = detail.next_states[-1]
    return ((lambda: ReasonDialog(detail, target), "reason_edit"),
            (lambda: DecisionDialog(ITEM, "reject"), "note_edit"),
            (lambda: DecisionDialog(ITEM, "pass"), "note_edit"))


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _button(dialog, text: str):  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    return next(b for b in box.buttons() if b.text().startswith(text))


def test_nothing_typed_closes_at_once(qtbot, qapp_configured, services, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    for make, _edit in _makers(services, clerk_actor, seeded):
        for close in (lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape), lambda d: _button(d, "取消").click(),
                      QDialog.close):
            dialog = _shown(qtbot, make())
            close(dialog)
            assert not dialog.isVisible(), type(dialog).__name__
    assert recorder.confirms == []


def test_a_typed_reason_asks_and_keep_editing_keeps_it(qtbot, qapp_configured, services, clerk_actor, seeded,  # type: ignore[no-untyped-def]
                                                       recorder):
    for make, edit in _makers(services, clerk_actor, seeded):
        dialog = _shown(qtbot, make())
        getattr(dialog, edit).setPlainText("材料不全，缺少合作协议")
        recorder.confirm_answer = False                                 # 继续编辑
        before = len(recorder.confirms)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        _button(dialog, "取消").click()
        dialog.close()
        assert len(recorder.confirms) == before + 3 and dialog.isVisible(), type(dialog).__name__
        assert recorder.confirms[-1].startswith(QUESTION)
        named = getattr(dialog, edit).accessibleName()
        assert named in ("理由", "备注", "说明") and recorder.confirms[-1].endswith(f"：{named}。")
        assert getattr(dialog, edit).toPlainText() == "材料不全，缺少合作协议"
        recorder.confirm_answer = True                                  # 放弃修改
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_ok_closes_without_asking(qtbot, qapp_configured, services, clerk_actor, seeded, recorder):  # type: ignore[no-untyped-def]
    for make, edit in _makers(services, clerk_actor, seeded):
        dialog = _shown(qtbot, make())
        getattr(dialog, edit).setPlainText("材料不全，缺少合作协议")
        ok = next(b for b in dialog.findChild(QDialogButtonBox).buttons() if b.text() != "取消")
        ok.click()
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted, type(dialog).__name__
    assert recorder.confirms == []
