"""``sti-desk`` command line: no subcommand opens the GUI; subcommands script every lifecycle step.

Feature areas add a module with ``register(subparsers)`` to :data:`COMMAND_MODULES`.
"""
from __future__ import annotations

import importlib
import sys

from ..domain.errors import DomainError
from .common import build_parser

#: Modules that contribute subcommands (each has ``register(subparsers)``).
COMMAND_MODULES = ["sti_desk.cli.maintenance", "sti_desk.cli.intake", "sti_desk.cli.review"]


def main(argv: list[str] | None = None) -> int:
    parser, subparsers = build_parser()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    args = parser.parse_args(argv)
    try:
        if getattr(args, "handler", None) is None:
            from .gui import launch_gui

            return launch_gui(args)
        return int(args.handler(args) or 0)
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
