"""What an import checks a file against, loaded once per import (no per-row SELECTs).

Natural keys map to small tuples of stored values: units by 统一社会信用代码, persons by 身份证号, experts
by person, projects by (call, unit, title) and by code, expenditures by 凭证号. Projects are only loaded
for the calls the file names, so a 50,000-row import into a large database stays a handful of queries.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from ..db.tables import (BudgetLineRow, CallRow, ExpenditureRow, ExpertRow, ImportBatchRow, PersonRow,
                         ProjectRow, TeamMemberRow, UnitRow)
from ..db.uow import UnitOfWork
from ..domain.entities import FIELDS
from .user_names import display_names

_KEY_DROP = re.compile(r"[\s()（）·\-—_/]+")
_HALF = {c + 0xFEE0: c for c in range(0x21, 0x7F)}


@lru_cache(maxsize=4096)
def lookup_key(text: object) -> str:
    """Loose comparison form of a call code or name: no spaces or brackets, lower case, half width."""
    s = str(text or "").strip().translate(_HALF)
    return _KEY_DROP.sub("", s).lower()


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class CallRef:
    id: int
    code: str
    name: str
    cap_fen: int
    budget_scheme: str
    funding_mode: str
    closes: date | None = None          # end of the application window (None: no deadline)


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: int
    name: str
    credit_code: str
    unit_type: str
    above_scale_industrial: bool
    has_rd_institution: bool
    rd_intensity: str
    address: str
    contact: str
    phone: str


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    name: str
    id_number: str
    unit_id: int | None
    title: str
    phone: str
    workplace: str | None = None        # 工作单位 as typed when not in 单位库


@dataclass(frozen=True, slots=True)
class ProjectRef:
    id: int
    code: str
    call_id: int
    unit_id: int
    leader_id: int
    title: str
    field: str
    state: str
    start_date: object
    end_date: object
    requested_fen: int
    self_raised_fen: int
    lump_sum_pledge: bool
    summary: str
    version: int


@dataclass
class Reference:
    """The database as the import sees it."""

    calls: dict[str, CallRef] = field(default_factory=dict)            # lookup_key(code or name) → call
    calls_by_id: dict[int, CallRef] = field(default_factory=dict)
    units: dict[str, UnitRef] = field(default_factory=dict)            # credit code → unit
    units_by_id: dict[int, UnitRef] = field(default_factory=dict)
    units_by_name: dict[str, list[UnitRef]] = field(default_factory=dict)
    persons: dict[str, PersonRef] = field(default_factory=dict)        # ID number → person
    experts: dict[int, tuple] = field(default_factory=dict)            # person id → (expert id, field, specialty)
    projects: dict[tuple[int, int, str], ProjectRef] = field(default_factory=dict)
    projects_by_code: dict[str, tuple[int, str, int]] = field(default_factory=dict)  # code → (id, state, call id)
    vouchers: dict[str, tuple] = field(default_factory=dict)           # voucher → (id, project id, date, subject, fen, summary)

    def call(self, text: object) -> CallRef | None:
        return self.calls.get(lookup_key(text))

    def call_names(self) -> str:
        shown = sorted({c.code for c in self.calls.values()})
        return "、".join(shown[:10]) + ("等" if len(shown) > 10 else "") if shown else "（尚未建立任何批次）"


def load_calls(uow: UnitOfWork, ref: Reference) -> None:
    for r in uow.session.execute(select(CallRow.id, CallRow.code, CallRow.name, CallRow.cap_fen,
                                        CallRow.budget_scheme, CallRow.funding_mode, CallRow.closes)):
        c = CallRef(*r)
        ref.calls_by_id[c.id] = c
        ref.calls.setdefault(lookup_key(c.name), c)
    for c in ref.calls_by_id.values():      # codes win over a name that happens to look like a code
        ref.calls[lookup_key(c.code)] = c


def load_units(uow: UnitOfWork, ref: Reference) -> None:
    cols = (UnitRow.id, UnitRow.name, UnitRow.credit_code, UnitRow.unit_type, UnitRow.above_scale_industrial,
            UnitRow.has_rd_institution, UnitRow.rd_intensity, UnitRow.address, UnitRow.contact, UnitRow.phone)
    for r in uow.session.execute(select(*cols)):
        u = UnitRef(*r)
        ref.units[u.credit_code] = u
        ref.units_by_id[u.id] = u
        ref.units_by_name.setdefault(u.name, []).append(u)


def load_persons(uow: UnitOfWork, ref: Reference) -> None:
    cols = (PersonRow.id, PersonRow.name, PersonRow.id_number, PersonRow.unit_id, PersonRow.title,
            PersonRow.phone, PersonRow.workplace)
    ref.persons = {r[2]: PersonRef(*r) for r in uow.session.execute(select(*cols))}


def load_experts(uow: UnitOfWork, ref: Reference) -> None:
    ref.experts = {r[1]: (r[0], r[2], r[3]) for r in uow.session.execute(
        select(ExpertRow.id, ExpertRow.person_id, ExpertRow.field, ExpertRow.specialty))}


def load_projects(uow: UnitOfWork, ref: Reference, call_ids: Iterable[int]) -> None:
    cols = (ProjectRow.id, ProjectRow.code, ProjectRow.call_id, ProjectRow.unit_id, ProjectRow.leader_id,
            ProjectRow.title, ProjectRow.field, ProjectRow.state, ProjectRow.start_date, ProjectRow.end_date,
            ProjectRow.requested_fen, ProjectRow.self_raised_fen, ProjectRow.lump_sum_pledge, ProjectRow.summary,
            ProjectRow.version)
    ids = sorted(set(call_ids))
    if not ids:
        return
    for r in uow.session.execute(select(*cols).where(ProjectRow.call_id.in_(ids))):
        p = ProjectRef(*r)
        ref.projects[(p.call_id, p.unit_id, p.title)] = p


def load_project_codes(uow: UnitOfWork, ref: Reference) -> None:
    ref.projects_by_code = {r[0]: (r[1], r[2], r[3]) for r in uow.session.execute(
        select(ProjectRow.code, ProjectRow.id, ProjectRow.state, ProjectRow.call_id))}


def load_vouchers(uow: UnitOfWork, ref: Reference) -> None:
    ref.vouchers = {r[1]: (r[0], r[2], r[3], r[4], r[5], r[6]) for r in uow.session.execute(
        select(ExpenditureRow.id, ExpenditureRow.voucher_no, ExpenditureRow.project_id, ExpenditureRow.spent_on,
               ExpenditureRow.subject, ExpenditureRow.amount_fen, ExpenditureRow.summary))}


def load_fields(uow: UnitOfWork) -> list[str]:
    """The research fields of the drop-downs: the standard list plus any used in the database."""
    used = set(uow.session.scalars(select(ExpertRow.field).distinct())) | set(
        uow.session.scalars(select(ProjectRow.field).distinct()))
    return list(FIELDS) + sorted(f for f in used if f and f not in FIELDS)


def project_parts(uow: UnitOfWork, project_ids: list[int]) -> tuple[dict[int, list], dict[int, list[int]]]:
    """Budget lines (subject, fiscal, self-raised, basis) and team person ids of the given projects."""
    lines: dict[int, list] = {}
    team: dict[int, list[int]] = {}
    for chunk in _chunks(project_ids, 900):
        for r in uow.session.execute(select(BudgetLineRow.project_id, BudgetLineRow.subject, BudgetLineRow.fiscal_fen,
                                            BudgetLineRow.self_raised_fen, BudgetLineRow.basis)
                                     .where(BudgetLineRow.project_id.in_(chunk)).order_by(BudgetLineRow.id)):
            lines.setdefault(r[0], []).append((r[1], r[2], r[3], r[4]))
        for r in uow.session.execute(select(TeamMemberRow.project_id, TeamMemberRow.person_id)
                                     .where(TeamMemberRow.project_id.in_(chunk)).order_by(TeamMemberRow.id)):
            team.setdefault(r[0], []).append(r[1])
    return lines, team


def previous_imports(uow: UnitOfWork, sha256: str) -> list[str]:
    """'2026-12-03 18:15 由 王晓梅 导入' for each earlier import of the same file (people by name)."""
    rows = list(uow.session.execute(select(ImportBatchRow.at, ImportBatchRow.username, ImportBatchRow.kind)
                                    .where(ImportBatchRow.sha256 == sha256).order_by(ImportBatchRow.id)))
    names = display_names(uow, (user for _, user, _ in rows))
    return [f"{at:%Y-%m-%d %H:%M} 由 {names.get(user, user)} 导入" for at, user, _ in rows]


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
