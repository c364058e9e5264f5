"""项目组成员 refused by the service: every bad row named, the same ID number twice (both rows), the leader."""
from __future__ import annotations

import pytest

from sti_desk.domain.validation import FieldErrors, check_team
from sti_desk.services.dto import TeamMemberInput
from tests.integration.conftest import make_id_number, project_input


def test_the_same_person_twice_and_the_leader_are_refused_naming_the_rows(ctx, clerk, sample):
    data = project_input(sample["call"], sample["unit"], "茶园智能灌溉系统")
    data.team = [TeamMemberInput("李四", make_id_number(2)), TeamMemberInput("王五", make_id_number(3)),
                 TeamMemberInput("李四", make_id_number(2).lower(), role="联系人"),
                 TeamMemberInput("张伟", make_id_number(1))]            # 张伟 is the leader
    with pytest.raises(FieldErrors) as err:
        ctx.services.projects.create_project(clerk, data)
    assert err.value.errors == {"team": "\n".join([
        f"项目组成员第 3 行（李四）：与第 1 行身份证号相同（{make_id_number(2)}），同一人只能列一次",
        f"项目组成员第 4 行（张伟）：身份证号 {make_id_number(1)} 是项目负责人的，负责人已单列，无需再列入项目组成员"])}
    data.team = data.team[:2]
    pid = ctx.services.projects.create_project(clerk, data)
    assert [m.name for m in ctx.services.projects.get_project(clerk, pid).team] == ["李四", "王五"]


def test_an_edit_is_refused_the_same_way(ctx, clerk, sample):
    detail = ctx.services.projects.get_project(clerk, sample["project"])
    data = project_input(sample["call"], sample["unit"])
    data.team = [TeamMemberInput("李四", make_id_number(2)), TeamMemberInput("李四", make_id_number(2))]
    with pytest.raises(FieldErrors, match="第 2 行（李四）：与第 1 行身份证号相同"):
        ctx.services.projects.update_project(clerk, sample["project"], data, detail.version)
    assert ctx.services.projects.get_project(clerk, sample["project"]).team == []


def test_check_team_lists_every_bad_row():
    assert check_team(make_id_number(1), [("", make_id_number(2)), ("王五", "123"), ("赵六", ""),
                                          ("孙七", make_id_number(4))]) == [
        "项目组成员第 1 行：请填写姓名",
        "项目组成员第 2 行（王五）：身份证号“123”应为 18 位，实际 3 位",
        "项目组成员第 3 行（赵六）：请填写身份证号"]
