"""Per-expert standardised scores (z 分数) — an optional panel view of a review round.

Some experts mark everything high, others low. For each expert: z = (mark − the expert's mean) /
the expert's population standard deviation (σ, dividing by n); an expert whose marks are all equal
(σ = 0, including one mark only) gets z = 0 everywhere. A project's mean z is the plain mean of the
z of the experts who marked it. Means and variances are exact; σ and z are computed with 50
significant digits and shown rounded half up to 4 decimals. The view never replaces the official
score (:func:`aggregate`); it helps the committee see who marks hard or soft.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from ..errors import ValidationError
from ._util import Id, id_key, round_half_up
from .aggregation import ExpertMark

PLACES = 4


@dataclass(frozen=True)
class ExpertStats:
    """How one expert marks: number of marks, mean and population standard deviation (4 decimals)."""

    expert_id: Id
    count: int
    mean: Decimal
    std: Decimal


@dataclass(frozen=True)
class Normalisation:
    """z of every (expert, project) mark, mean z per project, and each expert's statistics."""

    z: dict[tuple[Id, Id], Decimal]       # (expert_id, project_id) → z, 4 decimals
    project_mean_z: dict[Id, Decimal]     # project_id → mean z, 4 decimals (from unrounded z)
    experts: dict[Id, ExpertStats]


def _to_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def normalised_scores(marks: Iterable[ExpertMark]) -> Normalisation:
    """Standardise every mark of a round by its expert (see the module docstring)."""
    by_expert: dict[Id, list[ExpertMark]] = defaultdict(list)
    seen: set[tuple[Id, Id]] = set()
    for m in marks:
        pair = (m.expert_id, m.project_id)
        if pair in seen:
            raise ValidationError(f"专家 {m.expert_id} 对项目 {m.project_id} 重复打分")
        seen.add(pair)
        by_expert[m.expert_id].append(m)
    z_exact: dict[tuple[Id, Id], Decimal] = {}
    stats: dict[Id, ExpertStats] = {}
    with localcontext() as ctx:
        ctx.prec = 50
        for expert_id in sorted(by_expert, key=id_key):
            items = by_expert[expert_id]
            values = [Fraction(m.score) for m in items]
            mean = sum(values, Fraction(0)) / len(values)
            variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / len(values)
            std = _to_decimal(variance).sqrt() if variance else Decimal(0)
            stats[expert_id] = ExpertStats(expert_id, len(items), round_half_up(mean, PLACES),
                                           round_half_up(Fraction(std), PLACES))
            for m, v in zip(items, values):
                z_exact[(expert_id, m.project_id)] = (_to_decimal(v - mean) / std) if std else Decimal(0)
        by_project: dict[Id, list[Decimal]] = defaultdict(list)
        for (_, project_id), z in z_exact.items():
            by_project[project_id].append(z)
        project_mean = {p: sum(zs, Decimal(0)) / len(zs) for p, zs in by_project.items()}
    return Normalisation(
        z={k: round_half_up(Fraction(v), PLACES) for k, v in z_exact.items()},
        project_mean_z={p: round_half_up(Fraction(v), PLACES)
                        for p, v in sorted(project_mean.items(), key=lambda kv: id_key(kv[0]))},
        experts=stats)
