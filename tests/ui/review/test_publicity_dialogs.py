"""The publicity dialogs run the service themselves: a refusal is shown in the dialog, which stays open
with what was typed; an objection's date typed outside the publicity (or after today) is kept as typed and
refused under the field on 登记; a start in the past is asked about."""
from __future__ import annotations

from datetime import date, timedelta

from sti_desk.domain.errors import ConcurrencyError, ValidationError
from sti_desk.services.review_dto import ProjectRef
from sti_desk.services.review_dto_outcomes import ObjectionInfo
from sti_desk.ui.review.publicity_dialogs import ObjectionDialog, ResolveDialog, StartPublicityDialog

TODAY = date(2026, 12, 3)
PROJECTS = [ProjectRef(1, "2027-CGZH-0001", "智能装备远程运维平台研发"), ProjectRef(2, "2027-CGZH-0004", "中药配方颗粒质控")]


class Recorder:
    def __init__(self, error: Exception | None = None):
        self.calls: list[tuple] = []
        self.error = error

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        self.calls.append(args)
        if self.error is not None:
            raise self.error
        return "已保存"


def test_objection_date_is_limited_to_the_publicity_and_a_refusal_keeps_the_text(qtbot):  # type: ignore[no-untyped-def]
    start, end = TODAY - timedelta(days=2), TODAY + timedelta(days=4)
    submit = Recorder(ValidationError("项目 2027-CGZH-0004 不在公示中，不能登记公示异议"))
    d = ObjectionDialog(PROJECTS, start, end, submit, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    edit = d.received_edit
    assert edit.value() == TODAY                                  # proposed: today, a day of the period
    edit.set_value(start)
    d.project_combo.select("2027-CGZH-0004")
    d.objector_edit.setText("实名来信")
    d.content_edit.setPlainText("反映负责人同期承担市级同类项目")
    d.ok_button.click()
    assert submit.calls == [("2027-CGZH-0004", start, "实名来信", "反映负责人同期承担市级同类项目")]
    assert d.isVisible() and d.result() != d.DialogCode.Accepted
    assert "不在公示中" in d.error.text() and d.error.isVisibleTo(d)
    assert d.content_edit.toPlainText() == "反映负责人同期承担市级同类项目"   # nothing typed is lost

    submit.error = ValidationError("请填写异议内容", field="content")   # a field's message goes under the field
    d.ok_button.click()
    assert d.isVisible() and "请填写异议内容" in d.field_errors["content"].text() and d.error.isHidden()

    submit.error = None
    d.ok_button.click()
    assert d.result() == d.DialogCode.Accepted and d.result_value == "已保存"


def test_objection_dates_of_a_publicity_not_yet_begun(qtbot):  # type: ignore[no-untyped-def]
    start, end = TODAY + timedelta(days=3), TODAY + timedelta(days=9)
    d = ObjectionDialog(PROJECTS, start, end, Recorder(), today=TODAY)
    qtbot.addWidget(d)
    assert d.received_edit.value() == start


def test_start_in_the_past_is_confirmed_first(qtbot, recorder):  # type: ignore[no-untyped-def]
    submit = Recorder()
    d = StartPublicityDialog(2, 5, submit, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    d.start_edit.set_value(TODAY - timedelta(days=21))
    recorder.confirm_answer = False                       # 修改日期
    d.ok_button.click()
    assert submit.calls == [] and d.isVisible()
    assert "早于今天" in recorder.confirms[-1] and "公示期已经结束" in recorder.confirms[-1]
    recorder.confirm_answer = True
    d.ok_button.click()
    assert submit.calls == [(TODAY - timedelta(days=21), 5, "", [], [])] and d.result() == d.DialogCode.Accepted


def test_start_today_asks_nothing_and_shows_a_refusal_inline(qtbot, recorder):  # type: ignore[no-untyped-def]
    submit = Recorder(ValidationError("申报批次“2027-CGZH”没有待公示的拟立项项目"))
    d = StartPublicityDialog(2, 5, submit, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    d.note_edit.setText("县科技局网站")
    d.ok_button.click()
    assert recorder.confirms == [] and len(submit.calls) == 1
    assert d.isVisible() and "没有待公示" in d.error.text() and d.note_edit.text() == "县科技局网站"


def test_resolving_a_changed_objection_offers_the_latest(qtbot, recorder):  # type: ignore[no-untyped-def]
    objection = ObjectionInfo(7, "2027-CGZH-0004", "中药配方颗粒质控", TODAY, "匿名", "重复申报", "", None, "", None, 1)
    reloaded: list[bool] = []
    d = ResolveDialog(objection, Recorder(ConcurrencyError("公示异议已被他人修改")), on_stale=lambda: reloaded.append(True))
    qtbot.addWidget(d)
    d.show()
    d.resolution_edit.setPlainText("经核查属实")
    d.ok_button.click()
    assert "已被他人修改" in recorder.confirms[-1]
    assert reloaded == [True] and d.result() == d.DialogCode.Rejected


def _type_date(qtbot, dialog, text):  # type: ignore[no-untyped-def]
    edit = dialog.received_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    dialog.content_edit.setFocus()


def test_a_typed_objection_date_is_kept_and_checked_on_submit(qtbot):  # type: ignore[no-untyped-def]
    """The QA case: publicity 2026-11-30 to 2026-12-04, today 2026-12-03. Typed 2026-12-10 was saved as
    2026-12-01 and 2026-11-30 as 2026-12-03 (a ranged date box bent them), without a word."""
    start, end = date(2026, 11, 30), date(2026, 12, 4)
    submit = Recorder()
    d = ObjectionDialog(PROJECTS, start, end, submit, today=TODAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.content_edit.setPlainText("测试异议：预算明显偏高。")
    error = d.field_errors["received"]
    for typed, why in (("2026-12-10", "收到日期 2026-12-10 晚于公示截止日期 2026-12-04"),
                       ("2026-12-04", "收到日期 2026-12-04 晚于今天（2026-12-03）"),
                       ("2026-11-28", "收到日期 2026-11-28 早于公示开始日期 2026-11-30")):
        _type_date(qtbot, d, typed)
        assert d.received_edit.text() == typed                     # what was typed stays in the box
        d.ok_button.click()
        assert submit.calls == []                                   # nothing is saved
        assert why in error.text() and error.isVisibleTo(d) and d.isVisible()
    _type_date(qtbot, d, "2026-11-30")                              # inside the period: saved as typed
    d.ok_button.click()
    assert submit.calls == [("2027-CGZH-0001", date(2026, 11, 30), "", "测试异议：预算明显偏高。")]
    assert d.result() == d.DialogCode.Accepted and not error.text()


LONG_REFUSAL = ("公示开始日期 2026-10-01 是法定节假日（国庆节，2026-10-01 至 2026-10-08 放假），公示须从工作日开始；"
                "请改为 2026-10-09 或之后的工作日，或核对填写的节假日和调休上班日")


def _fully_shown(label) -> bool:  # type: ignore[no-untyped-def]
    """Every line of the word-wrapped label is on screen: not cut by its own height, its parents or the dialog."""
    need = label.heightForWidth(label.width())
    return label.wordWrap() and label.isVisible() and label.visibleRegion().boundingRect().height() >= need


def test_a_long_refusal_of_the_start_date_wraps_and_is_read_in_full(qtbot, qapp_configured):  # type: ignore[no-untyped-def]
    """The QA case: a refusal of three lines under 公示开始日期 was cut after the second (the dialog kept
    its height); at the top of the dialog likewise."""
    for field in ("start", None):
        submit = Recorder(ValidationError(LONG_REFUSAL, field=field))
        d = StartPublicityDialog(2, 5, submit, today=date(2026, 9, 28))
        qtbot.addWidget(d)
        d.holidays_edit.setText("2026-10-01~2026-10-08")
        d.start_edit.set_value(date(2026, 10, 1))
        d.show()
        qtbot.waitExposed(d)
        d.ok_button.click()
        label = d.field_errors["start"] if field else d.error
        assert label.text() == LONG_REFUSAL and d.isVisible()
        qtbot.waitUntil(lambda label=label: _fully_shown(label))
        assert label.heightForWidth(label.width()) > 2 * label.fontMetrics().height()   # (really several lines)
        assert d.width() >= 560
        d.grab().save(f"/tmp/start_publicity_refused_{field or 'top'}.png")
