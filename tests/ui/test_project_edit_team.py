"""Editing a project keeps each team member's unit on that project (it is not shown in the grid)."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectInput, TeamMemberInput
from sti_desk.ui.forms.project_edit import ProjectEditDialog

from .helpers import id_number


def _project(services, actor, ids, title, seq, member_unit):  # type: ignore[no-untyped-def]
    return services.projects.create_project(actor, ProjectInput(
        call_id=ids["call"], unit_id=ids["unit_a"], title=title, field="现代农业", leader_name=f"张{seq}",
        leader_id_number=id_number(seq), start_date=date(2025, 7, 1), end_date=date(2027, 6, 30),
        requested=Money.wan("30"), self_raised=Money.wan("30"),
        team=[TeamMemberInput("吴涛", id_number(50), member_unit, "骨干成员")]))


def test_get_project_reports_member_unit_and_person(services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    pid = _project(services, clerk_actor, seeded, "智能灌溉", 1, seeded["unit_b"])
    (member,) = services.projects.get_project(clerk_actor, pid).team
    assert member.unit_id == seeded["unit_b"] and member.unit_name == "浙江省农业科学研究院"
    assert member.person_id is not None and member.role == "骨干成员"


def test_edit_dialog_keeps_member_units(qtbot, qapp_configured, services, clerk_actor, seeded):  # type: ignore[no-untyped-def]
    # 吴涛 is first registered with unit A (his person record's unit), then joins a project for unit B
    _project(services, clerk_actor, seeded, "智能灌溉", 1, seeded["unit_a"])
    pid = _project(services, clerk_actor, seeded, "果园病虫害预警", 2, seeded["unit_b"])
    assert services.projects.get_project(clerk_actor, pid).team[0].unit_id == seeded["unit_b"]

    dialog = ProjectEditDialog(services, clerk_actor, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.summary_edit.setPlainText("只改摘要")
    dialog.team.add_row(["郑敏", id_number(51), "成员"])  # a new member: no unit given → the person's own
    assert dialog.save() is True

    team = {m.name: m for m in services.projects.get_project(clerk_actor, pid).team}
    assert team["吴涛"].unit_id == seeded["unit_b"]  # was reset to unit A before
    assert team["吴涛"].role == "骨干成员"
    assert team["郑敏"].unit_id is None


def test_team_errors_name_every_bad_row_duplicates_and_the_leader(qtbot, qapp_configured, services, clerk_actor,  # type: ignore[no-untyped-def]
                                                                  seeded):
    pid = _project(services, clerk_actor, seeded, "智能灌溉", 1, seeded["unit_a"])
    dialog = ProjectEditDialog(services, clerk_actor, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.team.add_row(["李四", "123456", "成员"])
    dialog.team.add_row(["", id_number(52), "成员"])
    dialog.team.add_row(["吴涛", id_number(50), "联系人"])       # already row 1
    dialog.team.add_row(["张1", id_number(1), "成员"])           # the leader
    assert dialog.save() is False
    assert dialog.tabs.currentWidget() is dialog.team
    assert dialog.team.error.text().split("\n") == [
        "项目组成员第 2 行（李四）：身份证号“123456”应为 18 位，实际 6 位",
        "项目组成员第 3 行：请填写姓名",
        f"项目组成员第 4 行（吴涛）：与第 1 行身份证号相同（{id_number(50)}），同一人只能列一次",
        f"项目组成员第 5 行（张1）：身份证号 {id_number(1)} 是项目负责人的，负责人已单列，无需再列入项目组成员"]
    dialog.grab().save("/tmp/team_errors.png")
    assert [m.name for m in services.projects.get_project(clerk_actor, pid).team] == ["吴涛"]
