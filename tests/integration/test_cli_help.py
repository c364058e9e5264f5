"""Every ``sti-desk … -h`` reads in Chinese: Chinese metavars, full-width colons, one “子命令” heading."""
from __future__ import annotations

import argparse
import importlib
import re

import pytest

from sti_desk.cli import COMMAND_MODULES, build_parser
from sti_desk.domain.passwords import check_password_strength



def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, (*path, name))


def _parsers() -> dict[str, argparse.ArgumentParser]:
    parser, sub = build_parser()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return dict(_walk(parser))


def _shown_metavars(parser: argparse.ArgumentParser):
    formatter = parser._get_formatter()
    for action in parser._actions:
        if action.help is argparse.SUPPRESS or isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings and action.nargs == 0:
            continue  # a switch shows no value
        default = action.dest.upper() if action.option_strings else action.dest
        shown = formatter._metavar_formatter(action, default)(1)[0]
        yield action, shown


_PARSERS = _parsers()


@pytest.mark.parametrize("path", list(_PARSERS))
def test_every_value_is_named_in_chinese(path):
    ascii_only = [f"{'/'.join(a.option_strings) or a.dest} {shown}" for a, shown in _shown_metavars(_PARSERS[path])
                  if re.fullmatch(r"[\x00-\x7f]*", shown)]
    assert not ascii_only, f"sti-desk {path} -h 中的英文占位符：{ascii_only}"


@pytest.mark.parametrize("path", list(_PARSERS))
def test_headings_have_full_width_colons_and_no_doubled_subcommand_line(path):
    text = _PARSERS[path].format_help()
    assert "选项:" not in text and "参数:" not in text and "子命令:" not in text
    assert "选项：" in text
    assert not re.search(r"子命令：\n\s+子命令\n", text)


def test_help_columns_line_up_by_display_width():
    text = _PARSERS[""].format_help()
    assert "--db 数据库文件  数据库文件路径" in text
    db, user = line_for(text, "--db "), line_for(text, "--user ")
    width = lambda s: sum(2 if ord(c) > 0x2E80 else 1 for c in s)  # noqa: E731
    assert width(db[:db.index("数据库文件路径")]) == width(user[:user.index("以哪个用户")])


def line_for(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(start))


def test_the_root_help_example_password_passes_the_password_rule():
    text = _PARSERS[""].format_help()
    example = re.search(r"--admin-password (\S+)", text).group(1)
    check_password_strength(example)
