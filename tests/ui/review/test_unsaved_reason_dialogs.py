"""放弃未保存的修改？ in the review area's dialogs where a reason or decision is typed: 登记公示异议, 处理公示异议,
开始公示, 评分截止日期, 更换专家 and the shared reason box (review.common.TextDialog): typed input asks before
Esc, 取消 or × throws it away; untouched closes at once; a save closes without a question."""
from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from sti_desk.domain.errors import ConcurrencyError
from sti_desk.services.review_dto import ProjectRef
from sti_desk.services.review_dto_outcomes import ObjectionInfo
from sti_desk.ui.forms.unsaved import QUESTION
from sti_desk.ui.review.common import TextDialog
from sti_desk.ui.review.deadline_dialog import DeadlineDialog
from sti_desk.ui.review.draw_dialogs import ReplaceDialog
from sti_desk.ui.review.publicity_dialogs import ObjectionDialog, ResolveDialog, StartPublicityDialog

TODAY = date(2026, 12, 3)
PROJECTS = [ProjectRef(1, "2027-CGZH-0001", "智能装备远程运维平台研发"), ProjectRef(2, "2027-CGZH-0004", "中药配方颗粒质控")]
OBJECTION = ObjectionInfo(7, "2027-CGZH-0004", "中药配方颗粒质控", TODAY, "实名来信", "负责人同期承担同类项目",
                          "", None, "", None, 1)


def _saved(*_args: object) -> str:
    return "已保存"


def _objection() -> ObjectionDialog:
    return ObjectionDialog(PROJECTS, TODAY - timedelta(days=2), TODAY + timedelta(days=4), _saved, today=TODAY)


def _dialogs():  # type: ignore[no-untyped-def]
    """(make the dialog, change it, the field names the question gives, save it)."""
    def type_objection(d):  # type: ignore[no-untyped-def]
        d.content_edit.setPlainText("反映负责人同期承担市级同类项目")
    return (
        (_objection, type_objection, "异议内容", lambda d: d.ok_button.click()),
        (_objection, lambda d: d.project_combo.select("2027-CGZH-0004"), "项目", None),
        (lambda: ResolveDialog(OBJECTION, _saved), lambda d: d.resolution_edit.setPlainText("经核查情况属实"),
         "处理结果", lambda d: d.ok_button.click()),
        (lambda: ResolveDialog(OBJECTION, _saved), lambda d: d.upheld_radio.setChecked(True), "异议是否成立", None),
        (lambda: StartPublicityDialog(2, 5, _saved, today=TODAY), lambda d: d.holidays_edit.setText("2026-12-25"),
         "节假日", lambda d: d.ok_button.click()),
        (lambda: DeadlineDialog("第 1 轮", TODAY, lambda _d, _r: None), lambda d: d.reason_edit.setText("部分专家出差"),
         "修改原因", lambda d: d.try_save()),
        (lambda: DeadlineDialog("第 1 轮", None, lambda _d, _r: None), lambda d: d.clear_check.setChecked(True),
         "不设截止日期", lambda d: d.try_save()),
        (lambda: ReplaceDialog("王教授", "A 组"), lambda d: d.reason_edit.setPlainText("出差无法参加评审"), "退出原因",
         lambda d: d.ok_button.click()),
        (lambda: TextDialog("暂停专家", "请填写暂停理由："), lambda d: d.edit.setPlainText("长期出国"), "理由",
         lambda d: d.ok_button.click()),
        (lambda: TextDialog("启用专家", "备注：", required=False), lambda d: d.edit.setPlainText("已回国"), "备注",
         lambda d: d.ok_button.click()),
    )


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _cancel(dialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    next(b for b in box.buttons() if b.text() == "取消").click()


def test_untouched_dialogs_close_at_once(qtbot, qapp_configured, recorder):  # type: ignore[no-untyped-def]
    for make, _change, _name, _save in _dialogs():
        for close in (lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape), _cancel, QDialog.close):
            dialog = _shown(qtbot, make())
            close(dialog)
            assert not dialog.isVisible(), type(dialog).__name__
    assert recorder.confirms == []


def test_typed_input_asks_and_keep_editing_keeps_it(qtbot, qapp_configured, recorder):  # type: ignore[no-untyped-def]
    for make, change, name, _save in _dialogs():
        dialog = _shown(qtbot, make())
        change(dialog)
        recorder.confirm_answer = False                                 # 继续编辑
        before = len(recorder.confirms)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        _cancel(dialog)
        dialog.close()
        assert len(recorder.confirms) == before + 3 and dialog.isVisible(), (type(dialog).__name__, name)
        assert recorder.confirms[-1].startswith(QUESTION)
        assert recorder.confirms[-1].endswith(f"：{name}。"), recorder.confirms[-1]
        recorder.confirm_answer = True                                  # 放弃修改
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_a_save_closes_without_asking(qtbot, qapp_configured, recorder):  # type: ignore[no-untyped-def]
    for make, change, name, save in _dialogs():
        if save is None:
            continue
        dialog = _shown(qtbot, make())
        change(dialog)
        save(dialog)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Accepted, name
    assert recorder.confirms == []


def test_resolution_refused_as_stale_closes_without_a_second_question(qtbot, qapp_configured, recorder):  # type: ignore[no-untyped-def]
    def stale(*_args: object) -> None:
        raise ConcurrencyError("该异议已被其他人处理")
    reloaded: list[bool] = []
    dialog = _shown(qtbot, ResolveDialog(OBJECTION, stale, on_stale=lambda: reloaded.append(True)))
    dialog.resolution_edit.setPlainText("经核查情况属实")
    dialog.ok_button.click()                                 # "…未保存的修改将丢失" — answered 重新加载
    assert not dialog.isVisible() and reloaded == [True]
    assert len(recorder.confirms) == 1 and not recorder.confirms[0].startswith(QUESTION)
