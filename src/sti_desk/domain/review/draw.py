"""Random draw of review experts by field with recusal (专家随机抽取，按领域、严格回避, P13).

Algorithm (docs/review.md has the full description):

1. Projects are grouped by field; a field with more than ``max_group_size`` projects is split, in
   project-id order, into the fewest groups of at most that size, sizes differing by at most one.
   Group ids are ``"<field>-<n>"``; groups are drawn in (field, n) order.
2. For each group the experts of its field are screened: suspended ones and those conflicting with
   ANY project of the group are excluded and recorded with every reason. If fewer than
   ``per_group + reserves`` remain and ``neighbour_fields`` names neighbours for the field, experts of
   those fields are added, one neighbouring field at a time, as a lower tier (used only when the own
   field runs out). Fewer than ``per_group`` eligible experts in any group → :class:`ExpertShortage`
   naming every such group with its counts and what would make the draw possible (how many experts of
   which field to add, or the smaller group size every group could have); nothing is drawn — a panel is
   never drawn smaller than asked (P13 fairness).
3. One ``random.Random(seed)`` serves the whole draw. Per group, every eligible expert, taken in
   (tier, expert id) order, gets a 32-bit lot. The panel is the ``per_group`` experts with the
   smallest (tier, panel load so far, lot, id): the least-loaded first, random among equal loads.
   Reserves are the next ``reserves`` by (tier, reserve load, panel load, lot, id).

Because candidates are sorted by id before any random number is used, the same inputs and seed give
the same draw whatever order the lists were passed in; :func:`inputs_digest` fingerprints the inputs.
"""
from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..errors import DomainError, ValidationError
from ._util import Id, id_key
from .conflicts import RULE, ExpertCandidate, GroupConflictIndex, ProjectForReview
from .draw_records import (
    DEFAULT_GROUP_SIZE, DrawGroup, DrawResult, Exclusion, GroupAudit, Lot, inputs_digest,
)


def group_projects(projects: Iterable[ProjectForReview], max_group_size: int = DEFAULT_GROUP_SIZE,
                   ) -> list[tuple[str, str, tuple[ProjectForReview, ...]]]:
    """[(group_id, field, projects)] — by field, large fields split into balanced groups."""
    if max_group_size < 1:
        raise ValidationError("每组项目数上限必须至少为 1")
    by_field: dict[str, list[ProjectForReview]] = defaultdict(list)
    for p in projects:
        by_field[p.field].append(p)
    out: list[tuple[str, str, tuple[ProjectForReview, ...]]] = []
    for fld in sorted(by_field):
        items = sorted(by_field[fld], key=lambda p: id_key(p.project_id))
        n_groups = -(-len(items) // max_group_size)
        base, extra = divmod(len(items), n_groups)
        start = 0
        for i in range(n_groups):
            size = base + (1 if i < extra else 0)
            out.append((f"{fld}-{i + 1}", fld, tuple(items[start:start + size])))
            start += size
    return out


@dataclass(frozen=True)
class Shortage:
    """A group with fewer eligible experts than the panel needs."""

    group_id: str
    field: str
    projects: int
    considered: int                   # experts of the field (and of the neighbouring fields used)
    conflicted: int
    suspended: int
    eligible: int
    neighbours: tuple[str, ...] = ()

    def text(self, per_group: int) -> str:
        where = f"{self.field}领域" + (f"（含相邻领域{'、'.join(self.neighbours)}）" if self.neighbours else "")
        return (f"评审组“{self.group_id}”（{self.projects} 个项目）需要 {per_group} 位专家，{where}共 {self.considered} 位"
                f"专家，其中回避 {self.conflicted} 位、暂停 {self.suspended} 位，仅 {self.eligible} 位可抽取")


class ExpertShortage(DomainError):
    """The draw is refused because some groups lack eligible experts; ``shortages`` lists them. The message
    says what to do: add (or re-activate) experts of each short field — with the numbers needed — or draw
    with the smaller group size every group can fill, when that is still allowed (``min_per_group``)."""

    def __init__(self, shortages: Sequence[Shortage], per_group: int, min_per_group: int = 1):
        self.shortages = tuple(shortages)
        need: dict[str, int] = {}
        for s in self.shortages:
            need[s.field] = max(need.get(s.field, 0), per_group - s.eligible)
        again = "，或重新启用暂停的专家" if any(s.suspended for s in self.shortages) else ""
        ways = ["在专家库为" + "、".join(f"“{f}”领域新增至少 {n} 位专家" for f, n in need.items())
                + f"（须与该组项目的申报单位、负责人和团队成员都不同单位{again}）"]
        feasible = min(s.eligible for s in self.shortages)
        if min_per_group <= feasible < per_group:
            ways.append(f"将每组评审专家人数降至 {feasible} 人后重新抽取（每组不少于 {min_per_group} 人）")
        lines = ["专家不足，无法完成抽取：", *(f"· {s.text(per_group)}；" for s in self.shortages), "可以："]
        marks = "①②" if len(ways) > 1 else "·"
        lines += [f"{marks[i]} {w}{'；' if i + 1 < len(ways) else '。'}" for i, w in enumerate(ways)]
        lines.append("为保证评审公平，不会少抽专家；本次未抽取任何评审组。")
        super().__init__("\n".join(lines), rule=RULE)


@dataclass
class _Screened:
    """Experts of one field screened against one group."""

    eligible: list[ExpertCandidate]
    suspended: list[Exclusion]
    conflicted: list[Exclusion]


def _screen(experts: Sequence[ExpertCandidate], index: GroupConflictIndex, on: date) -> _Screened:
    result = _Screened([], [], [])
    for e in experts:
        if not e.active:
            why = (e.suspended_reason,) if e.suspended_reason.strip() else ()
            result.suspended.append(Exclusion(e.expert_id, "suspended", ("专家已暂停", *why)))
        elif index.may_conflict(e, on):
            result.conflicted.append(Exclusion(e.expert_id, "conflict", index.reasons(e, on)))
        else:
            result.eligible.append(e)
    return result


def _check_unique(projects: Sequence[ProjectForReview], experts: Sequence[ExpertCandidate]) -> None:
    seen: set[Id] = set()
    for p in projects:
        if p.project_id in seen:
            raise ValidationError(f"项目 {p.project_id} 重复出现在待评审项目中")
        seen.add(p.project_id)
    seen = set()
    for e in experts:
        if e.expert_id in seen:
            raise ValidationError(f"专家 {e.expert_id} 重复出现在专家库中")
        seen.add(e.expert_id)


def draw_experts(projects: Iterable[ProjectForReview], experts: Iterable[ExpertCandidate],
                 per_group: int, reserves: int, seed: int | str, on: date, *,
                 max_group_size: int = DEFAULT_GROUP_SIZE,
                 neighbour_fields: Mapping[str, Sequence[str]] | None = None,
                 min_per_group: int = 1) -> DrawResult:
    """Draw ``per_group`` experts and ``reserves`` reserve experts for every group of ``projects``.

    No drawn expert (panel or reserve) conflicts with any project of their group on ``on``; panel
    seats are spread as evenly as the conflicts allow. Raises :class:`ExpertShortage` when a group has
    fewer than ``per_group`` eligible experts (``min_per_group``, the smallest panel the caller allows,
    only shapes its advice); fewer reserves than asked is only a warning.
    """
    if per_group < 1:
        raise ValidationError("每组专家人数必须至少为 1")
    if reserves < 0:
        raise ValidationError("备选专家人数不能为负数")
    if not isinstance(seed, (int, str)) or isinstance(seed, bool):
        raise ValidationError("随机种子必须为整数或文本")
    projects = tuple(sorted(projects, key=lambda p: id_key(p.project_id)))
    experts = tuple(sorted(experts, key=lambda e: id_key(e.expert_id)))
    _check_unique(projects, experts)
    neighbours = {f: tuple(ns) for f, ns in (neighbour_fields or {}).items()}

    by_field: dict[str, list[ExpertCandidate]] = defaultdict(list)
    for e in experts:
        by_field[e.field].append(e)

    # 1. screen every group before drawing anything, so that every shortage is reported at once
    plans: list[tuple[str, str, tuple[ProjectForReview, ...], list[tuple[int, ExpertCandidate]],
                      GroupAudit]] = []
    shortages: list[Shortage] = []
    for gid, fld, members in group_projects(projects, max_group_size):
        index = GroupConflictIndex.of(members)
        own = _screen(by_field.get(fld, ()), index, on)
        tiered = [(0, e) for e in own.eligible]
        suspended, conflicted = list(own.suspended), list(own.conflicted)
        used_neighbours: list[str] = []
        considered = len(by_field.get(fld, ()))
        for tier, nfld in enumerate(neighbours.get(fld, ()), start=1):
            if len(tiered) >= per_group + reserves:
                break
            if nfld == fld or nfld in used_neighbours:
                continue
            extra = _screen(by_field.get(nfld, ()), index, on)
            tiered.extend((tier, e) for e in extra.eligible)
            suspended.extend(extra.suspended)
            conflicted.extend(extra.conflicted)
            used_neighbours.append(nfld)
            considered += len(by_field.get(nfld, ()))
        if len(tiered) < per_group:
            shortages.append(Shortage(gid, fld, len(members), considered, len(conflicted), len(suspended),
                                      len(tiered), tuple(used_neighbours)))
        audit = GroupAudit(
            group_id=gid, field=fld, pool_size=len(experts),
            other_field_count=len(experts) - considered,
            suspended=tuple(suspended), conflicted=tuple(conflicted), lots=(),
            neighbour_fields_used=tuple(used_neighbours))
        plans.append((gid, fld, members, tiered, audit))
    if shortages:
        raise ExpertShortage(shortages, per_group, min_per_group)

    # 2. draw, group by group, least-loaded first and random among equal loads
    rng = random.Random(seed)
    panel_load: dict[Id, int] = defaultdict(int)
    reserve_load: dict[Id, int] = defaultdict(int)
    groups: list[DrawGroup] = []
    audits: list[GroupAudit] = []
    warnings: list[str] = []
    for gid, fld, members, tiered, audit in plans:
        tiered.sort(key=lambda te: (te[0], id_key(te[1].expert_id)))
        lots = [Lot(e.expert_id, e.field, tier, panel_load[e.expert_id], reserve_load[e.expert_id],
                    rng.getrandbits(32)) for tier, e in tiered]
        by_panel = sorted(lots, key=lambda t: (t.tier, t.panel_load, t.lot, id_key(t.expert_id)))
        panel = by_panel[:per_group]
        rest = sorted(by_panel[per_group:],
                      key=lambda t: (t.tier, t.reserve_load, t.panel_load, t.lot, id_key(t.expert_id)))
        reserve = rest[:reserves]
        for t in panel:
            panel_load[t.expert_id] += 1
        for t in reserve:
            reserve_load[t.expert_id] += 1
        notes: list[str] = []
        if len(reserve) < reserves:
            note = f"评审组“{gid}”备选专家仅 {len(reserve)} 位（要求 {reserves} 位）"
            notes.append(note)
            warnings.append(note)
        if any(t.tier > 0 for t in panel + reserve):
            names = "、".join(sorted({t.field for t in panel + reserve if t.tier > 0}))
            note = f"评审组“{gid}”本领域专家不足，已从相邻领域（{names}）抽取"
            notes.append(note)
            warnings.append(note)
        groups.append(DrawGroup(gid, fld, tuple(p.project_id for p in members),
                                tuple(t.expert_id for t in panel), tuple(t.expert_id for t in reserve)))
        audits.append(GroupAudit(
            group_id=audit.group_id, field=audit.field, pool_size=audit.pool_size,
            other_field_count=audit.other_field_count, suspended=audit.suspended,
            conflicted=audit.conflicted, lots=tuple(lots),
            neighbour_fields_used=audit.neighbour_fields_used, notes=tuple(notes)))

    return DrawResult(
        seed=seed, on=on, per_group=per_group, reserves=reserves, max_group_size=max_group_size,
        groups=tuple(groups), audit=tuple(audits),
        inputs_digest=inputs_digest(projects, experts, per_group, reserves, max_group_size, on,
                                    neighbours or None),
        projects=projects, experts=experts, warnings=tuple(warnings))


def new_seed() -> str:
    """A fresh random seed for a draw (16 hex digits from the OS's secure source), to be recorded."""
    import secrets

    return secrets.token_hex(8)
