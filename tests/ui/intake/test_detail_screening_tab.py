"""项目详情 → 形式审查: the latest screening's checks (result, reason, rule), the clerk's decision with its note,
who (by name) and when, and earlier runs; a project never screened says how to screen it."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from sti_desk.db.tables import ScreeningRow
from sti_desk.ui.detail.dialog import ProjectDetailDialog
from sti_desk.ui.detail.screening_tab import NOT_SCREENED, ScreeningTab

from ..review.chinese import assert_chinese


def _open(qtbot, services, actor, project_id):  # type: ignore[no-untyped-def]
    dialog = ProjectDetailDialog(services, actor, project_id)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    index = next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "形式审查")
    dialog.tabs.setCurrentIndex(index)
    tab = dialog.tabs.widget(index)
    assert isinstance(tab, ScreeningTab)
    return dialog, tab


def _labels(tab: ScreeningTab) -> list[str]:
    return [label.text() for label in tab.findChildren(QLabel) if label.isVisibleTo(tab)]


def test_screened_project_shows_its_checks_and_the_decision(qtbot, services, clerk_actor, manager_actor,  # type: ignore[no-untyped-def]
                                                            applications):
    services.intake.screen(clerk_actor, "2025-ZD", today=date(2026, 8, 20))
    dialog, tab = _open(qtbot, services, manager_actor, applications["cap"])
    assert not any("后续版本" in t for t in _labels(tab))
    checks = tab.check_texts()
    assert len(checks) >= 15
    name, status, message, rule = checks[0]                      # failures first
    assert (name, status) == ("单项资助上限", "不通过") and "60.00 万元" in message and rule
    assert any(t.startswith("自动检查：不通过（共") for t in _labels(tab))
    assert any("待决定" in t for t in _labels(tab)) and tab.decision is None
    assert tab.history_table is None                              # one run: no history table
    assert_chinese(tab)
    dialog.close()

    version = services.intake.find_project(clerk_actor, tab.runs[0].project_code)[1]
    services.intake.decide(clerk_actor, applications["cap"], "reject", "超过单项资助上限", version)
    dialog, tab = _open(qtbot, services, manager_actor, applications["cap"])
    facts = {k: v.text() for k, v in tab.decision.values.items()}
    assert facts["审查结论"] == "不通过" and facts["不通过理由"] == "超过单项资助上限"
    assert facts["处理人"] == "李经办" and facts["决定时间"]      # the clerk's name, not the username
    assert tab.decision.values["处理人"].toolTip() == "用户名：clerk"
    dialog.close()


def test_earlier_runs_are_listed_and_can_be_read(qtbot, services, app_ctx, clerk_actor, applications):  # type: ignore[no-untyped-def]
    services.intake.screen(clerk_actor, "2025-ZD", today=date(2026, 8, 20))
    version = services.intake.find_project(clerk_actor, "2025-ZD-0001")[1]
    pid = applications["ok"]
    services.intake.decide(clerk_actor, pid, "pass", "", version)
    with app_ctx.db.uow(clerk_actor) as uow:      # a later run (as after the project came back to 形式审查)
        uow.session.add(ScreeningRow(project_id=pid, results_json="[]", auto_passed=True))
        uow.commit()
    dialog, tab = _open(qtbot, services, clerk_actor, pid)
    assert len(tab.runs) == 2 and tab.history_table is not None
    assert tab.history_table.rowCount() == 2
    assert [tab.history_table.item(r, 2).text() for r in range(2)] == ["待决定", "通过"]
    assert tab.history_table.item(1, 3).text() == "李经办"
    assert not tab.checks.isVisibleTo(tab)                        # the newest run kept no check lines
    tab.history_table.selectRow(1)
    assert tab.shown is tab.runs[1] and len(tab.check_texts()) >= 15
    assert tab.decision.values["审查结论"].text() == "通过"
    dialog.close()


def test_project_never_screened_says_how(qtbot, services, clerk_actor, applications):  # type: ignore[no-untyped-def]
    dialog, tab = _open(qtbot, services, clerk_actor, applications["ok"])
    assert tab.notice.text() == NOT_SCREENED
    dialog.close()
