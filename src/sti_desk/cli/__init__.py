"""``sti-desk`` command line: no subcommand opens the GUI; subcommands script every lifecycle step.

Feature areas add a module with ``register(subparsers)`` to :data:`COMMAND_MODULES`.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..domain.errors import DomainError
from .common import build_parser
from .failures import DEBUG_ENV, explain_failure

#: Modules that contribute subcommands (each has ``register(subparsers)``).
COMMAND_MODULES = ["sti_desk.cli.maintenance", "sti_desk.cli.intake", "sti_desk.cli.review", "sti_desk.cli.calls",
                   "sti_desk.cli.policy"]


#: Global options that take a value (the fast GUI path must skip their values).
_VALUE_OPTIONS = ("--db", "--user", "--password")


def wants_gui(argv: list[str]) -> bool:
    """True when ``argv`` names no subcommand (and asks for no help), i.e. ``sti-desk`` opens the GUI.

    Then :func:`main` skips importing the subcommand modules (they import the services): the login window
    must appear quickly. Anything unusual (abbreviated options …) takes the ordinary path, which also ends
    in the GUI when there is no subcommand.
    """
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("-h", "--help") or arg == "--":
            return False
        if arg in _VALUE_OPTIONS:
            i += 2
            continue
        if not arg.startswith("-") or arg == "-":
            return False  # a subcommand (or a stray value)
        if not arg.startswith("--") or arg.split("=", 1)[0] not in (*_VALUE_OPTIONS, "--demo", "--version"):
            return False  # an option only a subcommand knows, or an abbreviation: let argparse decide
        i += 1
    return True


def _groups_print_their_help(subparsers: argparse._SubParsersAction) -> None:
    """``sti-desk review`` (a command group without its verb) lists the verbs and exits 2.

    Without this it would have no handler and fall through to the GUI — a hanging login window in a
    script, a Qt abort on a machine without a display."""
    for sub in set(subparsers.choices.values()):
        nested = sub._subparsers
        if nested is None:
            continue
        for action in nested._group_actions:
            if isinstance(action, argparse._SubParsersAction):
                _groups_print_their_help(action)
        if sub.get_default("handler") is None:
            def show(_args: argparse.Namespace, parser: argparse.ArgumentParser = sub) -> int:
                parser.print_help(sys.stderr)
                print(f"\n{parser.prog}：请给出子命令（见上）", file=sys.stderr)
                return 2
            sub.set_defaults(handler=show)


def main(argv: list[str] | None = None, **gui_hooks: object) -> int:
    """``gui_hooks``: test hooks passed to the GUI start (see :mod:`sti_desk.ui.startup`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, subparsers = build_parser()
    fast_gui = wants_gui(argv)
    if not fast_gui:
        for name in COMMAND_MODULES:
            importlib.import_module(name).register(subparsers)
        _groups_print_their_help(subparsers)
    args = parser.parse_args(argv)
    try:
        if getattr(args, "handler", None) is None:
            from .gui import launch_gui

            return launch_gui(args, **gui_hooks)
        return int(args.handler(args) or 0)
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
    except Exception as exc:  # a full disk, a read-only folder, a locked database … (not a bug)
        explanation = explain_failure(exc)
        if explanation is None or os.environ.get(DEBUG_ENV) == "1":
            raise
        print(explanation, file=sys.stderr)
        print(f"（如需查看详细的出错位置，请设置环境变量 {DEBUG_ENV}=1 后重新运行）", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
