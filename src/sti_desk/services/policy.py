"""Policy parameters (政策参数): versions with effective dates; the version in force on a date.

Anyone logged in may read them (they explain screening and review results); only a role with
``EDIT_POLICY`` (管理员) adds a version. A new version applies from today or later and never rewrites a
settled project; it is a new ``policy_versions`` row, so the audit hook records it (who, when, every value).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..db.tables import AuditRow, PolicyVersionRow, UserRow
from ..db.uow import Database, UnitOfWork
from ..domain.errors import ValidationError
from ..domain.permissions import Permission
from ..domain.policy import PolicyParameters, PolicyVersion, policy_in_force, shown_note
from ..domain.policy_text import ParamChange, changes, check_parameters, parse_texts
from ..domain.validation import FieldErrors
from .actor import Actor

MAX_NOTE_LENGTH = 200
STATUS_IN_FORCE, STATUS_PENDING, STATUS_SUPERSEDED = "现行", "待生效", "已被取代"
SYSTEM_LABEL = "系统"  # the default version seeded when the database was created


@dataclass(frozen=True)
class PolicyVersionInfo:
    """One version as the 政策参数 tab and ``sti-desk policy versions`` show it."""

    id: int
    effective_from: date
    note: str
    params: PolicyParameters
    status: str                          # 现行 / 待生效 / 已被取代 (on the day asked about)
    changes: tuple[ParamChange, ...]     # against the version before it (empty for the first)
    previous_from: date | None           # the version before it
    created_at: datetime | None
    created_by: str                      # who entered it (from the audit log), display name when known

    @property
    def pending(self) -> bool:
        return self.status == STATUS_PENDING

    @property
    def version(self) -> PolicyVersion:
        return PolicyVersion(self.effective_from, self.params, self.note)


def load_versions(uow: UnitOfWork) -> list[PolicyVersion]:
    rows = uow.session.scalars(select(PolicyVersionRow).order_by(PolicyVersionRow.effective_from))
    return [PolicyVersion(r.effective_from, PolicyParameters.from_plain(json.loads(r.params_json)), shown_note(r.note))
            for r in rows]


def params_on(uow: UnitOfWork, on: date) -> PolicyParameters:
    return policy_in_force(load_versions(uow), on)


def _entered_by(uow: UnitOfWork) -> dict[str, str]:
    """policy_versions row id → who created it, read from the audit log (the table keeps no user)."""
    names = dict(uow.session.execute(select(UserRow.username, UserRow.display_name)).all())
    rows = uow.session.execute(select(AuditRow.entity_id, AuditRow.username).where(
        AuditRow.entity == PolicyVersionRow.__tablename__, AuditRow.action == "create"))
    out = {}
    for entity_id, username in rows:
        out[entity_id] = SYSTEM_LABEL if username == "system" else (names.get(username) or username)
    return out


def _status(effective_from: date, next_from: date | None, today: date) -> str:
    if effective_from > today:
        return STATUS_PENDING
    return STATUS_SUPERSEDED if next_from is not None and next_from <= today else STATUS_IN_FORCE


def _entry_errors(effective_from: date, note: str, today: date) -> dict[str, str]:
    """The checks of a new version that need no database: its 说明 and that it does not start in the past."""
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = "请填写说明（如依据的文件号）"
    elif len(note.strip()) > MAX_NOTE_LENGTH:
        errors["note"] = f"说明不超过 {MAX_NOTE_LENGTH} 个字"
    if effective_from < today:
        errors["effective_from"] = (f"生效日期 {effective_from:%Y-%m-%d} 早于今天：新的政策参数只能从今天或以后"
                                    "生效，不能追溯改写已办结的项目")
    return errors


class PolicyService:
    def __init__(self, db: Database):
        self.db = db

    def versions(self, actor: Actor) -> list[PolicyVersion]:
        with self.db.reader(actor.username) as uow:
            return load_versions(uow)

    def in_force(self, actor: Actor, on: date | None = None) -> PolicyParameters:
        with self.db.reader(actor.username) as uow:
            return params_on(uow, on or date.today())

    def history(self, actor: Actor, today: date | None = None) -> list[PolicyVersionInfo]:
        """Every version, newest effective date first, with its status on ``today``, what it changed
        against the version before it, and who entered it when."""
        today = today or date.today()
        with self.db.reader(actor.username) as uow:
            rows = [(r.id, r.effective_from, r.note, r.params_json, r.created_at) for r in uow.session.scalars(
                select(PolicyVersionRow).order_by(PolicyVersionRow.effective_from))]
            by = _entered_by(uow)
        out: list[PolicyVersionInfo] = []
        previous: PolicyVersionInfo | None = None
        for i, (row_id, effective_from, note, params_json, created_at) in enumerate(rows):
            params = PolicyParameters.from_plain(json.loads(params_json))
            next_from = rows[i + 1][1] if i + 1 < len(rows) else None
            info = PolicyVersionInfo(
                row_id, effective_from, shown_note(note), params, _status(effective_from, next_from, today),
                tuple(changes(previous.params if previous else None, params)),
                previous.effective_from if previous else None, created_at, by.get(str(row_id), ""))
            out.append(info)
            previous = info
        return out[::-1]

    def add_version(self, actor: Actor, version: PolicyVersion, today: date | None = None) -> int:
        """A new version applies from its date on; it may not start in the past (settled projects keep
        the rules they were decided under), needs a 说明 (e.g. the 文件号 it implements) and must change
        something against the version in force the day before. Returns the new row's id."""
        actor.require(Permission.EDIT_POLICY)
        today = today or date.today()
        errors = {**check_parameters(version.params), **_entry_errors(version.effective_from, version.note, today)}
        if errors:
            raise FieldErrors(errors)
        note = version.note.strip()
        with self.db.uow(actor) as uow:
            existing = load_versions(uow)
            if any(v.effective_from == version.effective_from for v in existing):
                raise ValidationError(f"{version.effective_from:%Y-%m-%d} 已有一个政策参数版本（每个生效日期"
                                      "只能有一个版本）", field="effective_from")
            before = [v for v in existing if v.effective_from < version.effective_from]
            if before and not changes(before[-1].params, version.params):
                raise ValidationError(f"与 {before[-1].effective_from:%Y-%m-%d} 起生效的版本相比没有任何改动，"
                                      "无需新建版本")
            row = PolicyVersionRow(effective_from=version.effective_from, note=note,
                                   params_json=json.dumps(version.params.to_plain(), ensure_ascii=False))
            uow.session.add(row)
            uow.session.flush()
            new_id = row.id
            uow.commit()
        return new_id

    def add_from_texts(self, actor: Actor, effective_from: date, note: str, texts: Mapping[str, str],
                       today: date | None = None) -> PolicyVersionInfo:
        """``sti-desk policy set``: the version in force on ``effective_from`` with the parameters named in
        ``texts`` (field name → typed text, parsed by :func:`domain.policy_text.parse_texts`) changed."""
        actor.require(Permission.EDIT_POLICY)
        if not texts:
            raise ValidationError("请至少给出一个要修改的参数（参数名=取值）")
        errors = _entry_errors(effective_from, note, today or date.today())
        try:
            params = parse_texts(self.in_force(actor, effective_from), texts)
        except FieldErrors as exc:
            raise FieldErrors({**exc.errors, **errors}) from None
        if errors:  # every problem at once: the values, the date and the note
            raise FieldErrors(errors)
        new_id = self.add_version(actor, PolicyVersion(effective_from, params, note), today)
        return next(v for v in self.history(actor, today) if v.id == new_id)
