"""Per-expert standardised scores (z 分数) — an optional panel view of a review round.

Some experts mark everything high, others low. For each expert: z = (mark − the expert's mean) /
the expert's population standard deviation (σ, dividing by n); an expert whose marks are all equal
(σ = 0, including one mark only) gets z = 0 everywhere. A project's mean z is the plain mean of the
z of the experts who marked it (from the unrounded z). Means and variances are exact integer ratios;
the square root, σ and z carry 50 significant digits and are shown rounded half up to 4 decimals. The view never replaces the official
score (:func:`aggregate`); it helps the committee see who marks hard or soft.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..errors import ValidationError
from ._util import Id, id_key, round_ratio
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


def _scaled(values: list[Decimal]) -> tuple[list[int], int]:
    """The values as integers at a common scale 10^e (exact)."""
    e = max(0, *(-v.as_tuple().exponent for v in values))  # type: ignore[operator]
    return [int(v.scaleb(e)) for v in values], e


def normalised_scores(marks: Iterable[ExpertMark]) -> Normalisation:
    """Standardise every mark of a round by its expert (see the module docstring).

    With the marks of one expert as integers xᵢ at a common scale, X = Σxᵢ and D = nΣxᵢ² − X²:
    mean = X/n, σ = √D / n, and zᵢ = (n·xᵢ − X) / √D — exact up to the one square root."""
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
    quantum = Decimal(1).scaleb(-PLACES)
    with localcontext() as ctx:
        ctx.prec = 50
        for expert_id in sorted(by_expert, key=id_key):
            items = by_expert[expert_id]
            xs, e = _scaled([m.score for m in items])
            n, big_x = len(xs), sum(xs)
            d = n * sum(x * x for x in xs) - big_x * big_x
            root = Decimal(d).sqrt() if d else Decimal(0)
            std = root / (n * 10 ** e) if d else Decimal(0)
            stats[expert_id] = ExpertStats(expert_id, n, round_ratio(big_x, n * 10 ** e, PLACES),
                                           std.quantize(quantum, ROUND_HALF_UP))
            for m, x in zip(items, xs):
                z_exact[(expert_id, m.project_id)] = Decimal(n * x - big_x) / root if d else Decimal(0)
        by_project: dict[Id, list[Decimal]] = defaultdict(list)
        for (_, project_id), z in z_exact.items():
            by_project[project_id].append(z)
        project_mean = {p: sum(zs, Decimal(0)) / len(zs) for p, zs in by_project.items()}
        return Normalisation(
            z={k: v.quantize(quantum, ROUND_HALF_UP) for k, v in z_exact.items()},
            project_mean_z={p: v.quantize(quantum, ROUND_HALF_UP)
                            for p, v in sorted(project_mean.items(), key=lambda kv: id_key(kv[0]))},
            experts=stats)
