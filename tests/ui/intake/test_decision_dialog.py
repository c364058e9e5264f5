"""The 形式审查 decision dialog shows every failed check in full (the text the clerk is overriding is never
clipped or covered by the note box; a very long list scrolls) and says a required note once: grey under the
box, red after 确定 is refused — never a second copy of the same sentence."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel

from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.services.intake_types import CheckLine, ScreeningOutcome
from sti_desk.ui.intake.decision import OVERRIDE_NOTE_REQUIRED, DecisionDialog
from sti_desk.ui.intake.screening_model import ScreeningItem

# the two failures of 2026-CGZH-0016 in the QA tester's database
DISHONESTY = CheckLine("dishonesty", "失信惩戒", "不通过", False, True,
                       "申报单位“青溪县人民医院”在失信惩戒期内（至 2028-12-31，原因：申报材料抄袭剽窃）", "P12")
SIMILAR = CheckLine("similar_title", "相似题目", "需人工判断", False, False,
                    "批次“2026年度青溪县科技成果转化项目（包干制）”（2026-CGZH）中的申报《垃圾分类智能收运系统集成应用》"
                    "与本项目名称高度相似（申报方：青溪绿源生物科技有限公司、蒋艳），名称相似度 100%", "申报指南")


def _item(*checks: CheckLine) -> ScreeningItem:
    outcome = ScreeningOutcome(16, "2026-CGZH-0016", "垃圾分类智能收运系统集成应用", "青溪县人民医院", "彭娟",
                               ProjectState.SCREENING, 1, 1, datetime(2026, 12, 4, 10, 0),
                               not any(c.blocks and not c.passed for c in checks), checks)
    return ScreeningItem(16, outcome.project_code, outcome.title, outcome.unit_name, outcome.leader_name,
                         outcome.state, Money.wan("30"), outcome)


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _said(dialog, sentence: str) -> list[QLabel]:
    return [w for w in dialog.findChildren(QLabel) if w.isVisible() and sentence in w.text()]


def test_the_whole_failure_text_is_readable_above_the_note(qtbot, qapp_configured, tmp_path):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, DecisionDialog(_item(DISHONESTY, SIMILAR), "pass"))
    view = dialog.failures_view
    text = view.toPlainText()
    assert DISHONESTY.message in text and SIMILAR.message in text and "（需人工判断）" in text
    assert view.verticalScrollBar().maximum() == 0              # all of it fits: nothing to scroll to
    document_height = view.document().size().height()
    assert view.viewport().height() >= document_height
    box = view.geometry()
    assert box.bottom() < dialog.note_edit.geometry().top()     # the note box does not cover it
    dialog.grab().save(str(tmp_path / "decision_pass.png"))
    assert (tmp_path / "decision_pass.png").stat().st_size > 0


def test_a_long_list_is_all_there_and_scrolls(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    many = [DISHONESTY] + [CheckLine(f"c{i}", f"检查{i}", "需人工判断", False, False, SIMILAR.message + f"（{i}）", "")
                           for i in range(12)]
    dialog = _shown(qtbot, DecisionDialog(_item(*many), "reject"))
    text = dialog.failures_view.toPlainText()
    assert all(c.message in text for c in many) and "另有" not in text
    from sti_desk.ui.intake.decision import FAILURES_MAX_HEIGHT

    assert dialog.failures_view.height() >= FAILURES_MAX_HEIGHT - 1
    assert dialog.failures_view.verticalScrollBar().maximum() > 0
    assert dialog.failures_view.geometry().bottom() < dialog.note_edit.geometry().top()


def test_the_required_note_is_said_once(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, DecisionDialog(_item(DISHONESTY, SIMILAR), "pass"))
    assert dialog.required == OVERRIDE_NOTE_REQUIRED
    assert _said(dialog, OVERRIDE_NOTE_REQUIRED) == [dialog.requirement] and not dialog.refused
    grey = dialog.requirement.styleSheet()
    assert dialog.try_accept() is False and dialog.isVisible()
    assert _said(dialog, OVERRIDE_NOTE_REQUIRED) == [dialog.requirement]       # once, now in red
    assert dialog.refused and "#c62828" in dialog.requirement.styleSheet() != grey
    dialog.note_edit.setPlainText("失信记录已于 2026-11-30 撤销，附撤销决定书")
    assert not dialog.refused and dialog.requirement.styleSheet() == grey
    assert dialog.try_accept() and dialog.note() == "失信记录已于 2026-11-30 撤销，附撤销决定书"


def test_a_clean_pass_has_no_failure_box_and_an_optional_note(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    dialog = _shown(qtbot, DecisionDialog(_item(), "pass"))
    assert dialog.failures_view is None and dialog.required is None
    assert dialog.requirement.text() == "说明将与审查决定一起保存。"
    assert dialog.try_accept()
