"""Replacing an expert who declines or turns out to be conflicted after the draw (专家替补).

The next reserve of the group in drawn order takes the seat, provided that — with the pool data now
(``experts``, default: as at the draw) and on the day ``on`` (default: the draw's day) — the reserve is
active, not already on the panel and conflict-free with every project of the group (the same P13 rules
as the draw). Reserves passed over are logged with the reason. When no reserve is left the function
raises, unless ``from_pool=True``: then one expert is drawn from the pool of the group's field with
``random.Random(seed)``, least-loaded first, by the same rules; the seed is recorded in the log.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

from ..errors import DomainError, ValidationError
from ._util import Id, id_key
from .conflicts import RULE, ExpertCandidate, GroupConflictIndex
from .draw_records import DrawResult, Exclusion, Replacement


def _screen_one(expert: ExpertCandidate | None, expert_id: Id, panel: tuple[Id, ...],
                index: GroupConflictIndex, on: date) -> Exclusion | None:
    if expert is None:
        return Exclusion(expert_id, "missing", ("专家已不在专家库中",))
    if not expert.active:
        return Exclusion(expert_id, "suspended", ("专家已暂停",))
    if expert_id in panel:
        return Exclusion(expert_id, "on_panel", ("已在本组评审专家中",))
    if index.may_conflict(expert, on):
        return Exclusion(expert_id, "conflict", index.reasons(expert, on))
    return None


def replace_expert(draw_result: DrawResult, group_id: str, declined_expert_id: Id, reason: str,
                   seed: int | str | None = None, *,
                   experts: Iterable[ExpertCandidate] | None = None, on: date | None = None,
                   from_pool: bool = False) -> tuple[Id, Replacement]:
    """Give the seat of ``declined_expert_id`` in ``group_id`` to the next eligible reserve.

    Appends the :class:`Replacement` to ``draw_result.replacements`` (the only change made to the
    draw) and returns ``(new_expert_id, entry)``. Raises :class:`DomainError` when no reserve (and,
    with ``from_pool``, no expert of the pool) may take the seat.
    """
    if not reason or not reason.strip():
        raise ValidationError("请填写专家退出评审的原因")
    group = draw_result.group(group_id)
    panel = draw_result.panel(group_id)
    if declined_expert_id not in panel:
        raise DomainError(f"专家 {declined_expert_id} 不是评审组“{group_id}”的现任评审专家")
    pool = {e.expert_id: e for e in (experts if experts is not None else draw_result.experts)}
    day = on or draw_result.on
    used_seed = draw_result.seed if seed is None else seed
    members = [p for p in draw_result.projects if p.project_id in set(group.project_ids)]
    index = GroupConflictIndex.of(members)
    declined_before = {r.declined_expert_id for r in draw_result.replacements if r.group_id == group_id}
    declined_before.add(declined_expert_id)

    skipped: list[Exclusion] = []
    for candidate_id in draw_result.remaining_reserves(group_id):
        if candidate_id in declined_before:
            skipped.append(Exclusion(candidate_id, "declined", ("已退出本组评审",)))
            continue
        problem = _screen_one(pool.get(candidate_id), candidate_id, panel, index, day)
        if problem is not None:
            skipped.append(problem)
            continue
        entry = Replacement(group_id, declined_expert_id, candidate_id, reason.strip(), "reserve",
                            used_seed, tuple(skipped))
        draw_result.replacements.append(entry)
        return candidate_id, entry

    if not from_pool:
        raise DomainError(
            f"评审组“{group_id}”已无可用的备选专家（{len(skipped)} 位备选专家因回避、暂停或已退出被跳过），"
            "请从专家库补抽或重新抽取", rule=RULE)

    # fallback: one more draw from the pool of the field, by the draw's rules
    called = set(group.reserve_ids)
    loads = draw_result.panel_loads()
    eligible: list[ExpertCandidate] = []
    for e in sorted(pool.values(), key=lambda e: id_key(e.expert_id)):
        if e.field != group.field or e.expert_id in declined_before or e.expert_id in called:
            continue
        if _screen_one(e, e.expert_id, panel, index, day) is None:
            eligible.append(e)
    if not eligible:
        raise DomainError(f"评审组“{group_id}”的备选专家已用完，{group.field}领域专家库中也没有可补抽的专家",
                          rule=RULE)
    rng = random.Random(f"{used_seed}/{group_id}/{len(draw_result.replacements)}")
    lots = [(loads.get(e.expert_id, 0), rng.getrandbits(32), id_key(e.expert_id), e.expert_id)
            for e in eligible]
    new_id = min(lots)[3]
    entry = Replacement(group_id, declined_expert_id, new_id, reason.strip(), "pool", used_seed,
                        tuple(skipped))
    draw_result.replacements.append(entry)
    return new_id, entry
