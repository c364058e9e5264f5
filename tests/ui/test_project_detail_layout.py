"""The detail window at 1366×768: one-line header (names never break), team and budget tables given the room."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.entities import BudgetLine
from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectInput, TeamMemberInput

from .helpers import id_number

LONG_UNIT = "浙江省农业科学研究院"


def _project(services, admin, seeded) -> int:  # type: ignore[no-untyped-def]
    subjects = ["设备费", "材料费", "测试化验加工费", "燃料动力费", "出版/文献/信息传播/知识产权事务费",
                "会议/差旅/国际合作交流费", "劳务费", "专家咨询费"]
    return services.projects.create_project(admin, ProjectInput(
        call_id=seeded["call"], unit_id=seeded["unit_a"], title="县域政务数据共享平台关键技术集成应用",
        field="电子信息", leader_name="张三", leader_id_number=id_number(1), start_date=date(2025, 7, 1),
        end_date=date(2027, 6, 30), requested=Money.wan("16"), self_raised=Money.wan("16"),
        budget_lines=[BudgetLine(s, Money.wan("2"), Money.wan("2"), "按市场询价测算") for s in subjects],
        team=[TeamMemberInput(f"成员{i}", id_number(10 + i), seeded["unit_b"] if i % 2 else None, "骨干成员")
              for i in range(6)]))


def _detail(qtbot, make_window, actor, project_id, size=(1100, 708)):  # type: ignore[no-untyped-def]
    window = make_window(actor, start_page="projects")
    page = window.current_page()
    qtbot.waitUntil(lambda: page.load_handle.done, timeout=5000)
    dialog = page.open_detail(project_id)
    dialog.resize(*size)
    dialog.splitter.setSizes([150, 400])
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    return dialog


def test_header_keeps_names_on_one_line(qtbot, make_window, seeded, services, admin_actor, clerk_actor):  # type: ignore[no-untyped-def]
    dialog = _detail(qtbot, make_window, clerk_actor, _project(services, admin_actor, seeded), (860, 560))
    dialog.grab().save("/tmp/detail_header_narrow.png")
    for label, text in ((dialog.leader_value, "张三"), (dialog.code_value, "2025-ZD-0001")):
        assert label.text() == text and not label.wordWrap()
        assert label.width() >= label.fontMetrics().horizontalAdvance(text)
        assert label.height() < 2 * label.fontMetrics().height()  # one line
    assert dialog.unit_value.full_text() == "杭州云芯电子科技有限公司"
    right = dialog.leader_value.geometry().right()
    assert right <= dialog.width()  # the whole line is inside the window
    # a narrow window shortens the batch and unit names (tool tip: the whole name), never the leader's
    dialog.resize(dialog.minimumWidth(), dialog.height())
    dialog.call_value.set_full_text("2025年度青溪县重点研发计划（第二批，产业关键核心技术攻关专项）")
    qtbot.wait(50)
    assert dialog.call_value.is_elided() and dialog.call_value.text().endswith("…")
    assert dialog.call_value.toolTip() == dialog.call_value.full_text()
    assert dialog.leader_value.width() >= dialog.leader_value.fontMetrics().horizontalAdvance("张三")


def test_team_and_budget_tables_fill_the_tab(qtbot, make_window, seeded, services, admin_actor, clerk_actor):  # type: ignore[no-untyped-def]
    dialog = _detail(qtbot, make_window, clerk_actor, _project(services, admin_actor, seeded))
    dialog.grab().save("/tmp/detail_tables.png")
    basic = dialog.tabs.widget(0)
    assert not basic.verticalScrollBar().isVisible()  # the page fits; the tables scroll inside if need be
    for table in (basic.team_table, basic.budget_table):
        rows_height = table.verticalHeader().defaultSectionSize()
        shown = table.viewport().height() / rows_height
        assert shown >= 5, (table.rowCount(), shown)  # (QA: about 3½ rows, the page half empty)
        assert not table.horizontalScrollBar().isVisible()
    team = basic.team_table
    unit_col = 2
    assert team.columnWidth(unit_col) >= team.fontMetrics().horizontalAdvance(LONG_UNIT)
    id_col = 1
    assert team.columnWidth(id_col) >= team.fontMetrics().horizontalAdvance(team.item(0, id_col).text())
    assert team.item(1, unit_col).toolTip() == LONG_UNIT  # (cut text shows in full in its tool tip)
    budget = basic.budget_table
    assert budget.item(4, 0).toolTip() == "出版/文献/信息传播/知识产权事务费"
    assert not budget.wordWrap() and budget.textElideMode().name == "ElideRight"
