"""Accounts for test actors without the scrypt cost of ``create_user`` + ``login``.

A write checks at commit that the acting account still exists, is enabled and has the same role
(``db.uow.UnitOfWork``), so an actor the tests make up must have a real ``users`` row. The row's password
hash is unusable: nobody can log in with it.
"""
from __future__ import annotations

from sqlalchemy import select

from sti_desk.db.tables import UserRow
from sti_desk.services.actor import Actor


def with_account(db, actor: Actor) -> Actor:  # type: ignore[no-untyped-def]
    """Store ``actor`` as an enabled account (once) in ``db`` (a ``Database``); returns the actor."""
    with db.uow("test") as uow:
        if uow.session.scalar(select(UserRow.id).where(UserRow.id == actor.user_id)) is None:
            uow.session.add(UserRow(id=actor.user_id, username=actor.username, display_name=actor.display_name,
                                    role=actor.role.value, password_hash="!", active=True,
                                    expert_id=actor.expert_id))
            uow.commit()
    return actor
