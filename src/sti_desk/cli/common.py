"""Argument parsing in Chinese and the helpers every subcommand uses."""
from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..domain.errors import AuthenticationError, ValidationError
from ..paths import default_db_path, demo_db_path

if TYPE_CHECKING:  # (imported when used: the GUI start must not wait for the services)
    from ..bootstrap import AppContext
    from ..services.actor import Actor


#: argparse's own messages (it looks each up through its module-level ``_`` at the moment it reports),
#: so that a mistyped command is explained in Chinese too.
_ARGPARSE_ZH = {
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 无效（应为 %(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "show this help message and exit": "显示本帮助并退出",
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
}


def _argparse_zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _argparse_zh  # type: ignore[attr-defined]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two), at least one space."""
    return text + " " * max(1, width - _display_width(text))


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """“用法：”/“选项：” with full-width colons, and a subcommand list without argparse's extra line
    repeating the metavar under the “子命令：” heading."""

    class _Section(argparse.HelpFormatter._Section):  # type: ignore[name-defined]
        def format_help(self) -> str:
            text = super().format_help()
            if self.heading:
                text = text.replace(f"{self.heading}:\n", f"{self.heading}：\n", 1)
            return text

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)  # measures with len(): a Chinese metavar is twice as wide on screen
        if action.help is not argparse.SUPPRESS:
            shown = [action, *self._iter_indented_subactions(action)]
            widest = max(_display_width(self._format_action_invocation(a)) for a in shown)
            self._action_max_length = max(self._action_max_length, widest + self._current_indent)

    def _format_action(self, action: argparse.Action) -> str:
        """argparse's layout, with the help column aligned by display width (``--db 数据库文件``)."""
        if isinstance(action, argparse._SubParsersAction):
            return self._join_parts([self._format_action(sub) for sub in action._get_subactions()])
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = " " * self._current_indent + self._format_action_invocation(action)
        help_text = self._expand_help(action) if action.help and action.help.strip() else ""
        if not help_text:
            parts = [header + "\n"]
        else:
            lines = self._split_lines(help_text, help_width)
            room = action_width - _display_width(header) + self._current_indent
            first = header + " " * (room + 2) if room >= 0 else header + "\n" + " " * help_position
            parts = [first + lines[0] + "\n"] + [" " * help_position + line + "\n" for line in lines[1:]]
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)


class ChineseParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：参数错误：{message}\n（使用 -h 查看帮助）\n")


def build_parser() -> tuple[ChineseParser, argparse._SubParsersAction]:
    parser = ChineseParser(
        prog="sti-desk",
        description="STI Desk 科技项目全生命周期管理。不带子命令时打开图形界面。",
        epilog="示例：\n  sti-desk --demo                打开演示数据库\n"
               "  sti-desk --db D:\\科技局\\项目.db init --admin-password Kjj2026ab   创建数据库和管理员（密码至少 8 位，含字母和数字）\n"
               "  sti-desk --db 项目.db audit verify   校验审计日志")
    parser.add_argument("--db", type=Path, metavar="数据库文件", help=f"数据库文件路径（默认：{default_db_path()}）")
    parser.add_argument("--demo", action="store_true",
                        help=f"使用演示数据库（{demo_db_path()}，首次使用时自动生成演示数据）")
    parser.add_argument("--user", default=os.environ.get("STI_DESK_USER"), metavar="用户名",
                        help="以哪个用户身份执行子命令（也可用环境变量 STI_DESK_USER）")
    parser.add_argument("--password", default=None, metavar="密码",
                        help="该用户的密码（建议改用环境变量 STI_DESK_PASSWORD）")
    parser.add_argument("--version", action="version", version=f"STI Desk {__version__}",
                        help="显示版本号")
    sub = parser.add_subparsers(title="子命令", metavar="子命令", parser_class=ChineseParser)
    return parser, sub


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "demo", False):
        return demo_db_path()
    return Path(args.db) if args.db else default_db_path()


def open_ctx(args: argparse.Namespace, *, create: bool = False) -> AppContext:
    from ..bootstrap import open_app

    return open_app(db_path(args), create=create)


def login(ctx: AppContext, args: argparse.Namespace) -> Actor:
    """The acting user for lifecycle subcommands (--user/--password or STI_DESK_USER/STI_DESK_PASSWORD)."""
    user = args.user
    password = args.password or os.environ.get("STI_DESK_PASSWORD")
    if not user or password is None:
        raise AuthenticationError("此命令需要登录：请用 --user 指定用户，并用环境变量 STI_DESK_PASSWORD 提供密码")
    return ctx.services.auth.login(user, password)


def say(text: str) -> None:
    """One line on stdout. When the reader has gone (``sti-desk screen … --show | head``) the command
    ends quietly, without a traceback: the rest of the output is sent to devnull (so Python's own flush
    at exit cannot fail again) and the process exits with status 1, as Python's documentation advises."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None


def check_input_file(path: Path) -> None:
    """A file that is not there is a usage error (exit 2), not a problem in the file (exit 1)."""
    if path.is_dir():
        raise ValidationError(f"“{path}”是文件夹，不是文件；请给出要导入的 Excel 文件")
    if not path.exists():
        raise ValidationError(f"要导入的文件“{path}”不存在（路径错误或已被移动）")
