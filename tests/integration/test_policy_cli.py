"""``sti-desk policy show / versions / set`` through ``sti_desk.cli.main`` on a real database file."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from sti_desk.cli import main


@pytest.fixture
def cli(ctx, admin, clerk, monkeypatch, capsys):
    """Run ``sti-desk --db … --user <user> <args>``; returns (exit code, stdout, stderr)."""
    ctx.close()                                   # the CLI opens the file itself
    passwords = {"admin": "admin123", "clerk": "clerk1234"}

    def run(*args: str, user: str = "admin") -> tuple[int, str, str]:
        monkeypatch.setenv("STI_DESK_PASSWORD", passwords[user])
        code = main(["--db", str(ctx.db_path), "--user", user, *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_set_show_and_versions(cli):
    soon = date.today() + timedelta(days=30)
    code, out, err = cli("policy", "set", "--from", soon.isoformat(), "--note", "县科发〔2026〕12号",
                         "indirect_ceiling=25%", "结余资金留用年限=不限", "open_competition_min＝150")
    assert code == 0, err
    assert f"已新增政策参数版本：{soon:%Y-%m-%d} 起生效（待生效），说明：县科发〔2026〕12号" in out
    assert "与 2000-01-01 起的版本相比改动 3 项" in out and "P11 结余资金留用年限：3 年 → 不限" in out

    code, out, _ = cli("policy", "show", user="clerk")                      # anyone logged in may look
    assert code == 0 and "2000-01-01 起生效的版本，说明：系统默认参数（依据政策文件汇编）" in out
    assert "P6 统一比例时的间接费用上限：20%（依据：P6 · 001 篇三第 8 项）" in out
    assert f"之后的版本：{soon:%Y-%m-%d}（县科发〔2026〕12号）" in out
    assert out.count("（依据：") == 20
    code, out, _ = cli("policy", "show", "--on", soon.isoformat())
    assert "indirect_ceiling" in out and "统一比例时的间接费用上限：25%" in out and "结余资金留用年限：不限" in out

    code, out, _ = cli("policy", "versions")
    assert code == 0 and "政策参数共 2 个版本" in out
    assert f"{soon:%Y-%m-%d}  待生效  县科发〔2026〕12号（录入：系统管理员，" in out
    assert "2000-01-01  现行  系统默认参数（依据政策文件汇编）（录入：系统，" in out


def test_set_refusals(cli, capsys):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    code, _, err = cli("policy", "set", "--from", tomorrow, "--note", "文件", "carry_over=否", user="clerk")
    assert code == 2 and "无权修改政策参数" in err
    code, _, err = cli("policy", "set", "--from", tomorrow, "--note", "文件", "nope=1")
    assert code == 2 and "没有名为“nope”的政策参数" in err and "retention_years" in err
    code, _, err = cli("policy", "set", "--from", tomorrow, "--note", "文件", "P6=1")
    assert code == 2 and "有歧义" in err
    code, _, err = cli("policy", "set", "--from", tomorrow, "--note", "文件", "carry_over")
    assert code == 2 and "应写成 参数名=取值" in err
    code, _, err = cli("policy", "set", "--from", "2020-01-01", "--note", " ", "indirect_ceiling=30",
                       "retention_years=0")
    assert code == 2 and "未保存，有 4 处问题" in err
    assert "「P6 统一比例时的间接费用上限」的值“30”不可用：不带 % 时按 0–1 的小数理解" in err
    assert "应为 1–99 的整数（单位：年），或“不限”" in err and "早于今天" in err and "请填写说明" in err
    with pytest.raises(SystemExit) as exited:                                  # argparse refuses the date
        cli("policy", "set", "--from", "明年", "--note", "x", "carry_over=否")
    assert exited.value.code == 2 and "日期“明年”格式应为 YYYY-MM-DD" in capsys.readouterr().err
    code, out, _ = cli("policy", "versions")
    assert "政策参数共 1 个版本" in out
