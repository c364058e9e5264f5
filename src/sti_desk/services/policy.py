"""Policy parameters (政策参数): versions with effective dates; the version in force on a date."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from ..db.tables import PolicyVersionRow
from ..db.uow import Database, UnitOfWork
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.policy import PolicyParameters, PolicyVersion, policy_in_force
from .actor import Actor


def load_versions(uow: UnitOfWork) -> list[PolicyVersion]:
    rows = uow.session.scalars(select(PolicyVersionRow).order_by(PolicyVersionRow.effective_from))
    return [PolicyVersion(r.effective_from, PolicyParameters.from_plain(json.loads(r.params_json)), r.note)
            for r in rows]


def params_on(uow: UnitOfWork, on: date) -> PolicyParameters:
    return policy_in_force(load_versions(uow), on)


class PolicyService:
    def __init__(self, db: Database):
        self.db = db

    def versions(self, actor: Actor) -> list[PolicyVersion]:
        with self.db.reader(actor.username) as uow:
            return load_versions(uow)

    def in_force(self, actor: Actor, on: date | None = None) -> PolicyParameters:
        with self.db.reader(actor.username) as uow:
            return params_on(uow, on or date.today())

    def add_version(self, actor: Actor, version: PolicyVersion, today: date | None = None) -> None:
        """A new version applies from its date on; it may not start in the past (settled projects keep
        the rules they were decided under)."""
        actor.require(Permission.EDIT_POLICY)
        today = today or date.today()
        with self.db.uow(actor) as uow:
            existing = load_versions(uow)
            if existing and version.effective_from < today:
                raise ValidationError("新的政策参数只能从今天或以后生效，不能追溯改写已办结的项目")
            if any(v.effective_from == version.effective_from for v in existing):
                raise ValidationError(f"{version.effective_from:%Y-%m-%d} 已有一个政策参数版本")
            uow.session.add(PolicyVersionRow(effective_from=version.effective_from,
                                             params_json=json.dumps(version.params.to_plain(), ensure_ascii=False),
                                             note=version.note))
            uow.commit()
