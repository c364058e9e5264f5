"""Launching the GUI from the command line (no subcommand).

The login window comes first and the database is opened behind it (:mod:`sti_desk.ui.startup`): this
module imports neither the services nor SQLAlchemy itself — :func:`open_backend` runs on a worker thread.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..services.demo_accounts import demo_hint
from .common import db_path


def open_backend(path: Path, *, demo: bool = False) -> Any:
    """Open (create, migrate) the database and wire the services; fill the demo database when asked.
    Runs on the start-up worker thread; returns a :class:`sti_desk.ui.backend.OpenedBackend`."""
    from ..bootstrap import open_app
    from ..ui.backend import OpenedBackend

    ctx = open_app(path, create=True)
    try:
        has_users = ctx.services.auth.has_users()
        if demo and not has_users:
            from ..services.demo import populate

            populate(ctx.db)
            has_users = True
        return OpenedBackend(ctx, has_users)
    except BaseException:
        ctx.close()
        raise


def launch_gui(args: argparse.Namespace, **hooks: Any) -> int:
    """``hooks``: the test hooks of :func:`sti_desk.ui.startup.start_gui` (login_as, start_page, observer)."""
    path = Path(db_path(args)).expanduser().absolute()
    demo = bool(getattr(args, "demo", False))
    fresh = not demo and (not path.exists() or path.stat().st_size == 0)
    from ..ui.startup import start_gui  # Qt is imported only when the GUI is really wanted

    return start_gui(lambda: open_backend(path, demo=demo), db_path=path, fresh=fresh,
                     demo_hint=demo_hint() if demo else None, **hooks)
