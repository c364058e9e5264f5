"""The draw record (抽取记录) as JSON: the domain's :class:`DrawResult` with its inputs, so that the
draw can be shown, re-run and checked later, and replacements can re-apply the same rules."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..domain.review import (DeclaredConflict, DrawGroup, DrawResult, Exclusion, ExpertCandidate, GroupAudit,
                             Lot, ProjectForReview, Replacement, TeamMemberRef)

FORMAT = 1


def _excl(e: Exclusion) -> dict[str, Any]:
    return {"expert_id": e.expert_id, "kind": e.kind, "reasons": list(e.reasons)}


def exclusion_from(d: dict[str, Any]) -> Exclusion:
    return Exclusion(d["expert_id"], d["kind"], tuple(d["reasons"]))


def exclusions_json(items: tuple[Exclusion, ...] | list[Exclusion]) -> str:
    return json.dumps([_excl(e) for e in items], ensure_ascii=False)


def draw_to_json(result: DrawResult) -> str:
    data = {
        "format": FORMAT, "seed": result.seed, "on": result.on.isoformat(), "per_group": result.per_group,
        "reserves": result.reserves, "max_group_size": result.max_group_size,
        "inputs_digest": result.inputs_digest, "warnings": list(result.warnings),
        "groups": [{"group_id": g.group_id, "field": g.field, "project_ids": list(g.project_ids),
                    "expert_ids": list(g.expert_ids), "reserve_ids": list(g.reserve_ids)}
                   for g in result.groups],
        "audit": [{"group_id": a.group_id, "field": a.field, "pool_size": a.pool_size,
                   "other_field_count": a.other_field_count,
                   "suspended": [_excl(e) for e in a.suspended], "conflicted": [_excl(e) for e in a.conflicted],
                   "lots": [[t.expert_id, t.field, t.tier, t.panel_load, t.reserve_load, t.lot] for t in a.lots],
                   "neighbour_fields_used": list(a.neighbour_fields_used), "notes": list(a.notes)}
                  for a in result.audit],
        "projects": [{"id": p.project_id, "field": p.field, "unit": p.unit_id, "leader": p.leader_id,
                      "leader_unit": p.leader_unit_id, "title": p.title, "leader_name": p.leader_name,
                      "team": [[m.person_id, m.unit_id, m.name] for m in p.team],
                      "unit_names": [list(n) for n in p.unit_names]} for p in result.projects],
        "experts": [{"id": e.expert_id, "person": e.person_id, "unit": e.unit_id, "field": e.field,
                     "active": e.active, "name": e.name, "suspended_reason": e.suspended_reason,
                     "workplace": e.workplace,
                     "declared": [{"reason": d.reason, "project": d.project_id, "unit": d.unit_id,
                                   "person": d.person_id,
                                   "expires": d.expires.isoformat() if d.expires else None}
                                  for d in e.declared]} for e in result.experts],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _projects(data: dict[str, Any]) -> tuple[ProjectForReview, ...]:
    return tuple(ProjectForReview(p["id"], p["field"], p["unit"], p["leader"],
                                  tuple(TeamMemberRef(m[0], m[1], m[2]) for m in p["team"]), p["title"],
                                  p["leader_name"], p["leader_unit"],
                                  tuple((u, n) for u, n in p.get("unit_names", ()))) for p in data["projects"])


def _experts(data: dict[str, Any]) -> tuple[ExpertCandidate, ...]:
    out = []
    for e in data["experts"]:
        declared = tuple(DeclaredConflict(d["reason"], project_id=d["project"], unit_id=d["unit"],
                                          person_id=d["person"],
                                          expires=date.fromisoformat(d["expires"]) if d["expires"] else None)
                         for d in e["declared"])
        out.append(ExpertCandidate(e["id"], e["person"], e["unit"], e["field"], e["active"], declared,
                                   e["name"], e["suspended_reason"], e.get("workplace", "")))
    return tuple(out)


def draw_from_json(text: str) -> DrawResult:
    """The recorded draw with its recorded inputs (replacements are not in the record: add them)."""
    data = json.loads(text)
    groups = tuple(DrawGroup(g["group_id"], g["field"], tuple(g["project_ids"]), tuple(g["expert_ids"]),
                             tuple(g["reserve_ids"])) for g in data["groups"])
    audit = tuple(GroupAudit(
        group_id=a["group_id"], field=a["field"], pool_size=a["pool_size"],
        other_field_count=a["other_field_count"],
        suspended=tuple(exclusion_from(e) for e in a["suspended"]),
        conflicted=tuple(exclusion_from(e) for e in a["conflicted"]),
        lots=tuple(Lot(*t) for t in a["lots"]),
        neighbour_fields_used=tuple(a["neighbour_fields_used"]), notes=tuple(a["notes"]))
        for a in data["audit"])
    return DrawResult(seed=data["seed"], on=date.fromisoformat(data["on"]), per_group=data["per_group"],
                      reserves=data["reserves"], max_group_size=data["max_group_size"], groups=groups,
                      audit=audit, inputs_digest=data["inputs_digest"], projects=_projects(data),
                      experts=_experts(data), warnings=tuple(data["warnings"]))


def replacement_entry(group_code: str, declined: int, new: int, reason: str, source: str, seed: str,
                      skipped_json: str) -> Replacement:
    return Replacement(group_code, declined, new, reason, source, seed,
                       tuple(exclusion_from(d) for d in json.loads(skipped_json or "[]")))
