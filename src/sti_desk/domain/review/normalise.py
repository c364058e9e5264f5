"""Per-expert standardised scores (z 分数) — an optional panel view of a review round.

Some experts mark everything high, others low. For each expert: z = (mark − the expert's mean) /
the expert's population standard deviation (σ, dividing by n). An expert whose marks are all equal
(σ = 0, including one mark only) has no spread: their z is undefined (``None``), never a made-up 0, and
they are counted in :attr:`Normalisation.no_spread` (:func:`no_spread_note` says so). A project's mean z
is the plain mean of the defined z of the experts who marked it (from the unrounded z), ``None`` when
none of them is defined. Means and variances are exact integer ratios;
the square root, σ and z carry 50 significant digits and are shown rounded half up to 4 decimals. The view never replaces the official
score (:func:`aggregate`); it helps the committee see who marks hard or soft.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ..errors import ValidationError
from ._util import Id, id_key, round_ratio
from .aggregation import ExpertMark

PLACES = 4


@dataclass(frozen=True)
class ExpertStats:
    """How one expert marks: number of marks, mean and population standard deviation (4 decimals).
    ``spread`` is False when every mark is the same (σ exactly 0, also for one mark only): no z."""

    expert_id: Id
    count: int
    mean: Decimal
    std: Decimal
    spread: bool = True


@dataclass(frozen=True)
class Normalisation:
    """z of every (expert, project) mark, mean z per project, and each expert's statistics."""

    z: dict[tuple[Id, Id], Decimal | None]    # (expert_id, project_id) → z, 4 decimals; None: no spread
    project_mean_z: dict[Id, Decimal | None]  # project_id → mean of the defined z, 4 decimals; None: none
    experts: dict[Id, ExpertStats]
    project_z_count: dict[Id, int] = field(default_factory=dict)  # project_id → how many z were averaged

    @property
    def no_spread(self) -> list[Id]:
        """The experts whose z is undefined (all their marks equal, or one mark only)."""
        return [e for e, s in self.experts.items() if not s.spread]


def no_spread_note(count: int) -> str:
    """The sentence shown with the z-score view when some experts have no z ("" when none)."""
    return f"{count} 位专家本轮评分无差异或仅评 1 项，不计标准分" if count else ""


#: shown instead of an undefined z (and, with :data:`NO_MEAN_Z_TIP`, instead of a mean over none)
NO_Z = "—"
NO_Z_TIP = "该专家本轮评分无差异或仅评 1 项，不计标准分"
NO_MEAN_Z_TIP = "给该项目打分的专家本轮评分均无差异或仅评 1 项，无法计算平均标准分"


def _scaled(values: list[Decimal]) -> tuple[list[int], int]:
    """The values as integers at a common scale 10^e (exact)."""
    e = max(0, *(-v.as_tuple().exponent for v in values))  # type: ignore[operator]
    return [int(v.scaleb(e)) for v in values], e


def normalised_scores(marks: Iterable[ExpertMark]) -> Normalisation:
    """Standardise every mark of a round by its expert (see the module docstring).

    With the marks of one expert as integers xᵢ at a common scale, X = Σxᵢ and D = nΣxᵢ² − X²:
    mean = X/n, σ = √D / n, and zᵢ = (n·xᵢ − X) / √D — exact up to the one square root; D = 0 (no
    spread) leaves zᵢ undefined."""
    by_expert: dict[Id, list[ExpertMark]] = defaultdict(list)
    seen: set[tuple[Id, Id]] = set()
    for m in marks:
        pair = (m.expert_id, m.project_id)
        if pair in seen:
            raise ValidationError(f"专家 {m.expert_id} 对项目 {m.project_id} 重复打分")
        seen.add(pair)
        by_expert[m.expert_id].append(m)
    z_exact: dict[tuple[Id, Id], Decimal | None] = {}
    stats: dict[Id, ExpertStats] = {}
    quantum = Decimal(1).scaleb(-PLACES)
    with localcontext() as ctx:
        ctx.prec = 50
        for expert_id in sorted(by_expert, key=id_key):
            items = by_expert[expert_id]
            xs, e = _scaled([m.score for m in items])
            n, big_x = len(xs), sum(xs)
            d = n * sum(x * x for x in xs) - big_x * big_x
            root = Decimal(d).sqrt() if d else None
            std = root / (n * 10 ** e) if root is not None else Decimal(0)
            stats[expert_id] = ExpertStats(expert_id, n, round_ratio(big_x, n * 10 ** e, PLACES),
                                           std.quantize(quantum, ROUND_HALF_UP), root is not None)
            for m, x in zip(items, xs):
                z_exact[(expert_id, m.project_id)] = Decimal(n * x - big_x) / root if root is not None else None
        by_project: dict[Id, list[Decimal]] = defaultdict(list)
        for (_, project_id), z in z_exact.items():
            zs = by_project[project_id]       # every marked project gets an entry, perhaps with no z
            if z is not None:
                zs.append(z)
        order = sorted(by_project, key=id_key)
        return Normalisation(
            z={k: v.quantize(quantum, ROUND_HALF_UP) if v is not None else None for k, v in z_exact.items()},
            project_mean_z={p: (sum(by_project[p], Decimal(0)) / len(by_project[p])).quantize(quantum, ROUND_HALF_UP)
                            if by_project[p] else None for p in order},
            experts=stats,
            project_z_count={p: len(by_project[p]) for p in order})
