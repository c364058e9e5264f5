"""Command-line usage mistakes are explained in Chinese and never fall through to the GUI."""
from __future__ import annotations

import pytest

from sti_desk.cli import main


@pytest.mark.parametrize("group", ["audit", "review", "user", "review publicity"])
def test_a_command_group_without_its_verb_lists_the_verbs(group, tmp_path, capsys, monkeypatch):
    import sti_desk.cli.gui as gui

    monkeypatch.setattr(gui, "launch_gui", lambda *a, **k: pytest.fail("the GUI must not open"))
    assert main(["--db", str(tmp_path / "x.db"), *group.split()]) == 2
    err = capsys.readouterr().err
    assert "请给出子命令" in err and "子命令" in err


def test_argparse_messages_are_chinese(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "x.db"), "import", "units"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "the following" not in err
    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "x.db"), "nonsense"])
    assert "无效的选项" in capsys.readouterr().err
