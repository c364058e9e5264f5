"""Launching the GUI from the command line (no subcommand)."""
from __future__ import annotations

import argparse

from ..services.demo import DEMO_PASSWORDS, populate
from .common import db_path, open_ctx


def launch_gui(args: argparse.Namespace) -> int:
    path = db_path(args)
    ctx = open_ctx(args, create=True)
    hint = None
    if args.demo:
        if not ctx.services.auth.has_users():
            populate(ctx.db)
        hint = "演示账号：" + "，".join(f"{u} / {p}" for u, p in DEMO_PASSWORDS.items())
    elif not ctx.services.auth.has_users():
        ctx.close()
        raise SystemExit(f"数据库 {path} 还没有用户。请先运行：sti-desk --db \"{path}\" init --admin-password 密码")
    from ..ui.app import run_gui  # Qt is imported only when the GUI is really wanted

    try:
        return run_gui(ctx, demo_hint=hint)
    finally:
        ctx.close()
