"""Who did it, by name: records keep the account's username (``wangli``), people read the name (王丽).

The services that build a DTO with a “处理人/操作人/抽取人” resolve the usernames here in one query, so every
screen and report shows the same name and the UI never looks up accounts itself.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..db.tables import UserRow
from ..db.uow import UnitOfWork

SYSTEM_USERNAME = "system"     # what the program itself writes as the actor (first-run administrator, seeds)
SYSTEM_LABEL = "系统"


def display_names(uow: UnitOfWork, usernames: Iterable[str]) -> dict[str, str]:
    """username → the account's display name, for each non-empty username asked for.

    A username without an account (deleted long ago, or written by an import or a test) stays as it is,
    so a record never shows an empty “who”."""
    wanted = sorted({u for u in usernames if u})
    out = {u: u for u in wanted}
    if SYSTEM_USERNAME in out:
        out[SYSTEM_USERNAME] = SYSTEM_LABEL
    for start in range(0, len(wanted), 500):
        for username, name in uow.session.execute(
                select(UserRow.username, UserRow.display_name)
                .where(UserRow.username.in_(wanted[start:start + 500]))):
            out[username] = name or username
    return out

