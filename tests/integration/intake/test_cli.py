"""The intake verbs through ``sti_desk.cli.main`` on a real database file, output captured."""
from __future__ import annotations

import re
from datetime import date

import pytest

from sti_desk.cli import main
from sti_desk.domain.permissions import Role

from .conftest import CALL, app_row, budget_rows, fill, unit_row


@pytest.fixture
def cli(ctx, clerk, call, monkeypatch, capsys):
    """Run ``sti-desk --db … --user clerk <args>``; returns (exit code, stdout, stderr)."""
    ctx.close()                                   # the CLI opens the file itself
    monkeypatch.setenv("STI_DESK_PASSWORD", "clerk1234")

    def run(*args: str, user: str = "clerk") -> tuple[int, str, str]:
        code = main(["--db", str(ctx.db_path), "--user", user, *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def test_template_import_and_reimport(cli, tmp_path):
    code, out, _ = cli("template", "units", str(tmp_path / "t.xlsx"))
    assert code == 0 and "已生成单位导入模板" in out
    path = fill(tmp_path / "t.xlsx", tmp_path / "u.xlsx", [unit_row(1), unit_row(2)], kind="units")
    code, out, _ = cli("import", "units", str(path))
    assert code == 0 and "导入完成：新增 2 家单位" in out and "SHA-256" in out
    code, out, _ = cli("import", "units", str(path))
    assert code == 0 and "新增 0 家单位，更新 0，无变化 2" in out


def test_import_with_problems_exits_1_and_lists_each_cell(cli, tmp_path):
    cli("template", "applications", str(tmp_path / "t.xlsx"))
    path = fill(tmp_path / "t.xlsx", tmp_path / "a.xlsx", [app_row(1, requested=60, start_date="明年")],
                kind="applications", detail=budget_rows(1, total=60))
    code, out, _ = cli("import", "applications", str(path), "--errors", str(tmp_path / "err.xlsx"))
    assert code == 1 and "未导入任何数据" in out
    assert re.search(r"工作表 项目申报 第 2 行「申请财政资金\(万元\)\*」：申请财政资金 60\.00 万元超过", out)
    assert "工作表 项目申报 第 2 行「开始日期*」：日期“明年”无法识别" in out
    assert (tmp_path / "err.xlsx").exists() and "已把标注了问题的副本写到" in out
    code, out, _ = cli("import", "applications", str(path), "--dry-run")
    assert code == 1


def test_partial_dry_run_and_call_option(cli, tmp_path):
    cli("template", "applications", str(tmp_path / "t.xlsx"))
    rows = [app_row(1, call=None), app_row(2, call=None, requested=70)]
    path = fill(tmp_path / "t.xlsx", tmp_path / "a.xlsx", rows, kind="applications",
                detail=budget_rows(1) + budget_rows(2, total=70))
    code, out, _ = cli("import", "applications", str(path), "--partial", "--dry-run")
    assert code == 1 and "试运行（未写入数据库）" in out and "未指定申报批次" in out
    code, out, _ = cli("import", "applications", str(path), "--partial", "--call", CALL)
    assert code == 1 and "新增 1 个项目" in out and "跳过：工作表 项目申报 第 3 行" in out


def test_screen_decide_and_export(cli, tmp_path):
    cli("template", "applications", str(tmp_path / "t.xlsx"))
    path = fill(tmp_path / "t.xlsx", tmp_path / "a.xlsx", [app_row(1), app_row(2, end_date=date(2033, 1, 1))],
                kind="applications", detail=budget_rows(1) + budget_rows(2))
    assert cli("import", "applications", str(path))[0] == 0
    code, out, _ = cli("screen", CALL, "--today", "2026-11-20", "--export", str(tmp_path / "s.xlsx"))
    assert code == 0 and "2026-ZDYF-0001" in out and "✗ 执行期" in out and "超过 5 年" in out
    assert "共 2 个项目：自动检查不通过 1 个，需人工判断 0 个，通过 1 个。" in out and (tmp_path / "s.xlsx").exists()
    code, out, _ = cli("screen", CALL, "--show")
    assert code == 0 and "待决定" in out
    code, out, _ = cli("screen", "decide", "2026-ZDYF-0001", "pass", "--today", "2026-11-20")
    assert code == 0 and "形式审查通过" in out and "专家评审" in out
    code, _, err = cli("screen", "decide", "2026-ZDYF-0002", "reject", "--today", "2026-11-20")
    assert code == 2 and "必须填写理由" in err
    code, out, _ = cli("screen", "decide", "2026-ZDYF-0002", "reject", "--note", "执行期超过 5 年")
    assert code == 0 and "不予立项" in out
    for what in ("projects", "units", "experts"):
        code, out, _ = cli("export", what, str(tmp_path / f"{what}.xlsx"))
        assert code == 0 and "已导出" in out
    code, out, _ = cli("export", "screening", str(tmp_path / "scr.xlsx"), "--call", CALL)
    assert code == 0 and "已导出 2 行" in out


def test_reviewer_is_refused(cli, ctx, admin, tmp_path, monkeypatch):
    from sti_desk.bootstrap import open_app
    c = open_app(ctx.db_path)
    c.services.auth.create_user(c.services.auth.login("admin", "admin123"), "exp", "专家", Role.REVIEWER,
                                "expert1234")
    c.close()
    monkeypatch.setenv("STI_DESK_PASSWORD", "expert1234")
    code, _, err = cli("screen", CALL, user="exp")
    assert code == 2 and "无权形式审查" in err
    (tmp_path / "x.xlsx").write_bytes(b"")       # there, so the refusal is about the role, not the path
    code, _, err = cli("import", "units", str(tmp_path / "x.xlsx"), user="exp")
    assert code == 2 and "无权导入数据" in err


def test_help_is_chinese(capsys):
    for verb in ("template", "import", "screen", "export"):
        with pytest.raises(SystemExit):
            main([verb, "-h"])
        out = capsys.readouterr().out
        assert out.startswith("用法：sti-desk " + verb) and "选项" in out


def test_a_legacy_xls_goes_all_the_way_in(cli, ctx, tmp_path):
    """The committed BIFF8 .xls (tests/fixtures/excel/units_legacy.xls): all-or-nothing refuses it because
    one credit code was stored as a number; --partial imports the two good units, says which row was
    skipped (exit code 1, as documented), and a second run changes nothing."""
    import sqlite3
    from pathlib import Path

    xls = Path(__file__).parents[2] / "fixtures" / "excel" / "units_legacy.xls"

    def unit_names() -> set[str]:
        con = sqlite3.connect(ctx.db_path)
        try:
            return {name for (name,) in con.execute("select name from units")}
        finally:
            con.close()

    before = unit_names()
    code, out, _ = cli("import", "units", str(xls), "--errors", str(tmp_path / "errors.xlsx"))
    assert code == 1 and unit_names() == before
    assert "有问题的行：工作表 单位名录 第 6 行（县人民医院）" in out and "跳过" not in out
    assert "第 6 行「统一社会信用代码」：统一社会信用代码已被 Excel 存为数字" in out
    assert (tmp_path / "errors.xlsx").exists()
    code, out, _ = cli("import", "units", str(xls), "--partial")
    assert code == 1 and "新增 2 家单位" in out and "跳过：工作表 单位名录 第 6 行（县人民医院）" in out
    assert unit_names() - before == {"杭州某某科技有限公司", "县农业科学研究所"}
    code, out, _ = cli("import", "units", str(xls), "--partial")
    assert "新增 0 家单位，更新 0，无变化 2" in out and unit_names() - before == {"杭州某某科技有限公司", "县农业科学研究所"}


def test_output_into_a_closed_pipe_ends_quietly(ctx, clerk, call):
    """``sti-desk screen 2026-ZDYF --show | head``: when the reader has gone, the command ends without a
    Python BrokenPipeError traceback (stdout's reader is closed before the first line is written)."""
    import os
    import subprocess
    import sys

    ctx.close()
    env = dict(os.environ, STI_DESK_PASSWORD="clerk1234")
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; from sti_desk.cli import main; sys.exit(main())",
         "--db", str(ctx.db_path), "--user", "clerk", "screen", CALL, "--show"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    child.stdout.close()                       # what `| head` does once it has its lines
    err = child.stderr.read().decode("utf-8", "replace")
    assert child.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
