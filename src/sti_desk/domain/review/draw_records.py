"""What a random draw of experts (专家随机抽取) leaves behind: the groups with their panels and reserves,
and the audit record that lets anyone re-run the draw with the same seed and see why every expert of
the field was or was not drawn (抽取记录)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..errors import DomainError
from ._util import Id, id_key
from .conflicts import ExpertCandidate, ProjectForReview

DEFAULT_GROUP_SIZE = 15


def pool_summary(pool_size: int, other_field_count: int, excluded: int, lots: int) -> str:
    """The one sentence of a group's draw record about the pool, the same in the CLI and the window.

    >>> pool_summary(96, 85, 2, 9)
    '专家库共 96 位专家，其中其他领域 85 位（不逐人列出）；本领域排除 2 位，参加抽签 9 位'
    """
    return (f"专家库共 {pool_size} 位专家，其中其他领域 {other_field_count} 位（不逐人列出）；"
            f"本领域排除 {excluded} 位，参加抽签 {lots} 位")


@dataclass(frozen=True)
class Exclusion:
    """An expert of the group's field who could not be drawn, and why."""

    expert_id: Id
    kind: str                  # "suspended" (专家已暂停) | "conflict" (回避)
    reasons: tuple[str, ...]   # Chinese, one per conflicting project: "项目 12：与申报单位同单位"


@dataclass(frozen=True)
class Lot:
    """An eligible expert's position in the draw of one group (签): the selection keys as they were
    before the group was drawn. Panel = the ``per_group`` smallest (tier, panel_load, lot, expert id);
    reserves = the next ``reserves`` smallest (tier, reserve_load, panel_load, lot, expert id)."""

    expert_id: Id
    field: str
    tier: int          # 0 = the group's own field, 1.. = the n-th neighbouring field (fallback)
    panel_load: int    # panels the expert already sat on before this group
    reserve_load: int  # reserve lists the expert was already on before this group
    lot: int           # the random number drawn for the expert (32 bits, from the seed)


@dataclass(frozen=True)
class GroupAudit:
    """抽取记录 of one group: who was considered, who was excluded and why."""

    group_id: str
    field: str
    pool_size: int                       # every expert in the pool
    other_field_count: int               # not in the field nor in a neighbouring field used
    suspended: tuple[Exclusion, ...]     # in the field but suspended (专家已暂停)
    conflicted: tuple[Exclusion, ...]    # in the field but recused (回避), with every reason
    lots: tuple[Lot, ...]                # every eligible expert with their keys, in expert-id order
    neighbour_fields_used: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()          # e.g. reserves short of the number asked for


@dataclass(frozen=True)
class DrawGroup:
    """评审组: projects of one field reviewed by one panel. Ids are as drawn; later replacements
    are in :attr:`DrawResult.replacements` (see :meth:`DrawResult.panel`)."""

    group_id: str
    field: str
    project_ids: tuple[Id, ...]
    expert_ids: tuple[Id, ...]           # the panel as drawn (评审专家)
    reserve_ids: tuple[Id, ...]          # reserves in the order they are called (备选专家)


@dataclass(frozen=True)
class Replacement:
    """One expert who declined or was found conflicted after the draw, and who took the seat (替补记录)."""

    group_id: str
    declined_expert_id: Id
    new_expert_id: Id
    reason: str
    source: str                          # "reserve" (备选专家) | "pool" (从专家库补抽)
    seed: int | str
    skipped: tuple[Exclusion, ...] = ()  # reserves passed over, with why


@dataclass
class DrawResult:
    """The whole draw: its seed and parameters, the groups, the audit record and the inputs (kept so
    that a replacement re-checks the same rules). ``replacements`` is an append-only log."""

    seed: int | str
    on: date
    per_group: int
    reserves: int
    max_group_size: int
    groups: tuple[DrawGroup, ...]
    audit: tuple[GroupAudit, ...]
    inputs_digest: str                   # SHA-256 of the canonical inputs: proves what was drawn from
    projects: tuple[ProjectForReview, ...] = ()
    experts: tuple[ExpertCandidate, ...] = ()
    warnings: tuple[str, ...] = ()
    replacements: list[Replacement] = field(default_factory=list)

    def group(self, group_id: str) -> DrawGroup:
        for g in self.groups:
            if g.group_id == group_id:
                return g
        raise DomainError(f"没有评审组“{group_id}”")

    def panel(self, group_id: str) -> tuple[Id, ...]:
        """The group's panel now: as drawn, with every replacement applied in order."""
        seats = list(self.group(group_id).expert_ids)
        for r in self.replacements:
            if r.group_id == group_id:
                seats[seats.index(r.declined_expert_id)] = r.new_expert_id
        return tuple(seats)

    def remaining_reserves(self, group_id: str) -> tuple[Id, ...]:
        """Reserves not yet called (a reserve passed over as conflicted counts as called)."""
        used: set[Id] = set()
        for r in self.replacements:
            if r.group_id == group_id:
                used.add(r.new_expert_id)
                used.update(s.expert_id for s in r.skipped)
        return tuple(e for e in self.group(group_id).reserve_ids if e not in used)

    def panel_loads(self) -> dict[Id, int]:
        """Seats each expert holds now over every group (experts with no seat are left out)."""
        loads: dict[Id, int] = {}
        for g in self.groups:
            for e in self.panel(g.group_id):
                loads[e] = loads.get(e, 0) + 1
        return loads

    def group_of_project(self, project_id: Id) -> DrawGroup:
        for g in self.groups:
            if project_id in g.project_ids:
                return g
        raise DomainError(f"项目 {project_id} 不在本次抽取的任何评审组中")


def inputs_digest(projects: Iterable[ProjectForReview], experts: Iterable[ExpertCandidate],
                  per_group: int, reserves: int, max_group_size: int, on: date,
                  neighbour_fields: dict[str, tuple[str, ...]] | None) -> str:
    """SHA-256 over a canonical text of everything the draw depends on except the seed: the same
    digest and the same seed give the same draw, whatever order the lists came in."""
    lines = [f"v1|{per_group}|{reserves}|{max_group_size}|{on.isoformat()}"]
    for f, ns in sorted((neighbour_fields or {}).items()):
        lines.append(f"N|{f}|{'/'.join(ns)}")
    for p in sorted(projects, key=lambda p: id_key(p.project_id)):
        team = sorted((id_key(m.person_id), repr(m.unit_id)) for m in p.team)
        # unit names and typed work units joined the inputs later: written only when present, so the
        # digest of a draw recorded before them is unchanged
        names = sorted((id_key(uid), key) for uid, key in p.unit_keys().items())
        lines.append(f"P|{p.project_id!r}|{p.field}|{p.unit_id!r}|{p.leader_id!r}|"
                     f"{p.leader_unit_id!r}|{team!r}" + (f"|U|{names!r}" if names else ""))
    for e in sorted(experts, key=lambda e: id_key(e.expert_id)):
        decl = sorted((repr(d.project_id), repr(d.unit_id), repr(d.person_id), repr(d.expires))
                      for d in e.declared)
        lines.append(f"E|{e.expert_id!r}|{e.person_id!r}|{e.unit_id!r}|{e.field}|{e.active}|{decl!r}"
                     + (f"|W|{e.workplace_key}" if e.workplace_key else ""))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
