"""``sti-desk review rubric`` after the first draw: shown as locked, changes refused, nothing written."""
from __future__ import annotations

from sti_desk.cli import main


def test_rubric_locked_after_the_draw(ctx, clerk, world, drawn, capsys, monkeypatch):
    monkeypatch.setenv("STI_DESK_PASSWORD", "clerk1234")

    def run(*args: str) -> tuple[int, str]:
        code = main(["--db", str(ctx.db_path), "--user", "clerk", *args])
        out = capsys.readouterr()
        return code, out.out + out.err

    code, out = run("review", "rubric", world.call)
    assert code == 0 and "已抽取评审专家：评分标准、汇总规则和每组人数已锁定" in out
    code, out = run("review", "rubric", world.call, "--aggregation", "mean")
    assert code == 2 and "已抽取评审专家，评分标准、汇总规则和每组人数不能再修改（依据：评审公平）" in out
    code, out = run("call", "edit", world.call, "--per-group", "3")
    assert code == 2 and "不能再修改" in out
    code, out = run("call", "edit", world.call, "--name", "改名后的批次")
    assert code == 0 and "批次名称：改名后的批次" in out and "评审：第 1 轮 评分中" in out
    info = ctx.services.review.get_rubric(clerk, world.call)
    assert info.aggregation == "trimmed_mean" and info.experts_per_group == 5
