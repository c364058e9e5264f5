"""``sti-desk call list|add|edit|show`` and ``review rubric`` through ``sti_desk.cli.main`` on a real file."""
from __future__ import annotations

import pytest

from sti_desk.cli import main
from sti_desk.domain.money import Money
from sti_desk.domain.permissions import Role


@pytest.fixture
def cli(ctx, admin, clerk, monkeypatch, capsys):
    """Run ``sti-desk --db … --user clerk <args>``; returns (exit code, stdout + stderr)."""
    ctx.services.auth.create_user(admin, "boss", "李建国", Role.MANAGER, "manager123")
    passwords = {"clerk": "clerk1234", "boss": "manager123"}

    def run(*args: str, user: str = "clerk") -> tuple[int, str]:
        monkeypatch.setenv("STI_DESK_PASSWORD", passwords[user])
        code = main(["--db", str(ctx.db_path), "--user", user, *args])
        out = capsys.readouterr()
        return code, out.out + out.err
    return run


ADD = ("call", "add", "2026-ZDYF", "--name", "2026年度重点研发计划", "--year", "2026", "--category", "重点研发",
       "--cap", "50", "--budget", "500", "--opens", "2026-03-01", "--closes", "2026-04-30", "--self-funding", "1",
       "--per-group", "5", "--aggregation", "trimmed_mean", "--disbursement", "0.7,0.3")


def test_add_list_edit_show(cli, ctx, clerk):
    code, out = cli(*ADD)
    assert code == 0 and "已新建申报批次 2026-ZDYF" in out and "单项资助上限：50.00 万元" in out
    assert "拨付计划：70% / 30%" in out and "评分标准（默认）：满分 100 分" in out
    code, out = cli("call", "add", "2026-CGZH", "--name", "2026年度成果转化", "--year", "2026", "--category",
                    "transfer", "--funding-mode", "包干制", "--cap", "12.345678")
    assert code == 0
    assert ctx.services.calls.get_by_code(clerk, "2026-CGZH").cap == Money.wan("12.345678")   # exact, to the 分
    code, out = cli("call", "list")
    assert code == 0 and "共 2 个申报批次" in out
    line = next(x for x in out.splitlines() if x.startswith("2026-CGZH"))
    assert "成果转化" in line and "包干制" in line and "单项上限 12.345678 万元" in line and "未抽取专家" in line
    code, out = cli("call", "edit", "2026-ZDYF", "--budget", "600.5", "--closes", "", "--disbursement", "50%,30%,20%")
    assert code == 0 and "已修改申报批次 2026-ZDYF" in out
    assert "批次总预算：600.50 万元" in out and "申报时间：2026-03-01 至 不限" in out and "50% / 30% / 20%" in out
    code, out = cli("call", "show", "2026-ZDYF", user="boss")
    assert code == 0 and "版本：2" in out and "自筹比例：自筹:财政 不低于 1:1" in out
    code, out = cli("call", "edit", "2026-ZDYF")
    assert code == 0 and "未做修改" in out


def test_refusals_name_the_option(cli, ctx, clerk):
    assert cli(*ADD)[0] == 0
    code, out = cli("call", "add", "2026-X", "--name", "测试", "--year", "2026", "--category", "重点研发",
                    "--opens", "2026-05-01", "--closes", "2026-04-01", "--per-group", "2", "--disbursement", "0.7,0.2")
    assert code == 2 and out.startswith("错误：")
    assert "--closes：申报截止日期不能早于开始日期" in out and "--per-group：每组评审专家不少于 3 人" in out
    assert "--disbursement：拨付计划各笔之和须为 100%，现为 70%+20% = 90%" in out
    for args, user, expected in (
            (ADD, "clerk", "批次编号：批次编号“2026-ZDYF”已被“2026年度重点研发计划”使用"),
            (("call", "add", "2026-Y", "--name", "测试", "--year", "2026", "--category", "科普"), "clerk",
             "--category“科普”无效，可选：key_rd（重点研发）"),
            (("call", "edit", "2026-ZDYF", "--cap", "五十"), "clerk", "--cap：金额“五十”不是有效数字"),
            (("call", "edit", "2026-ZDYF", "--opens", "2026/03/01"), "clerk", "格式应为 YYYY-MM-DD"),
            (("call", "edit", "2026-ZDYF", "--name", "领导改名"), "boss", "无权管理申报批次"),
            (("call", "show", "2099-NONE"), "clerk", "错误：申报批次“2099-NONE”不存在")):
        code, out = cli(*args, user=user)
        assert code == 2 and expected in out, (args, out)
    with pytest.raises(SystemExit) as exit_info:
        cli("call", "add", "2026-Z")
    assert exit_info.value.code == 2
    assert [c.code for c in ctx.services.calls.list_calls(clerk)] == ["2026-ZDYF"]


def test_review_rubric_show_and_set(cli, ctx, clerk):
    assert cli(*ADD)[0] == 0
    code, out = cli("review", "rubric", "2026-ZDYF")
    assert code == 0 and "innovation  创新性  满分 30" in out and "汇总规则：去掉最高分和最低分后平均" in out
    code, out = cli("review", "rubric", "2026-ZDYF", "--criteria", "创新性=30,技术方案=25,团队基础=15,经济社会效益=20,"
                    "示范带动=10", "--weights", "示范带动=0.5", "--recommendations", "资助,修改后资助,不予资助",
                    "--comment-for", "不予资助", "--aggregation", "median", "--per-group", "7")
    assert code == 0 and "已更新批次 2026-ZDYF 的评分标准" in out
    assert "c1  示范带动  满分 10，权重 0.5" in out and "推荐意见：资助、修改后资助、不予资助" in out
    assert "汇总规则：中位数；每组评审专家 7 人" in out
    info = ctx.services.review.get_rubric(clerk, "2026-ZDYF")
    assert info.rubric.codes == ("innovation", "technical", "team", "benefit", "c1")
    assert info.rubric.comment_required_for == ("不予资助",) and info.experts_per_group == 7
    code, out = cli("call", "show", "2026-ZDYF")
    assert code == 0 and "评分标准：满分 100 分" in out and "c1  示范带动" in out
    for args, user, expected in (
            (("--criteria", "创新性=abc"), "clerk", "错误：评分项第 1 行：满分“abc”须为正整数"),
            (("--per-group", "1"), "clerk", "每组评审专家不少于 3 人"),
            (("--aggregation", "max"), "clerk", "错误：未知的汇总规则“max”（可选：trimmed_mean 去掉最高分和最低分后平均"),
            (("--per-group", "4"), "boss", "无权管理申报批次")):
        code, out = cli("review", "rubric", "2026-ZDYF", *args, user=user)
        assert code == 2 and expected in out, (args, out)
    assert ctx.services.review.get_rubric(clerk, "2026-ZDYF").experts_per_group == 7
