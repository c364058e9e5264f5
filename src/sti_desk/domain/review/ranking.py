"""The ranked list of a review round (评审排序).

Order, each key compared as shown to the committee (two decimals):
1. higher score (得分);
2. higher median of the marks (中位数);
3. higher mean of the tie-break criterion (default the rubric's first criterion, 创新性);
4. earlier submission (``TieBreak.submitted``: any sortable key per project, e.g. the submission time
   or the application number; projects without one come after those with one);
5. smaller project id.
Ranks are 1..n with no shared ranks: projects equal on every key are still ordered deterministically
by project id (the last key), and :attr:`RankedProject.decided_by` says which key separated each
project from the one above, so a tie is never hidden.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import ValidationError
from ._util import Id, id_key
from .aggregation import ProjectScore
from .rubric import Rubric

KEY_LABELS = {
    "score": "得分", "median": "中位数", "criterion": "单项均分", "submitted": "申报先后",
    "project_id": "项目编号",
}


@dataclass(frozen=True)
class TieBreak:
    """How equal scores are ordered (see the module docstring)."""

    criterion_code: str | None = "innovation"
    submitted: Mapping[Id, object] = field(default_factory=dict)

    @classmethod
    def for_rubric(cls, rubric: Rubric, submitted: Mapping[Id, object] | None = None) -> TieBreak:
        """Tie-break on the rubric's first criterion."""
        return cls(rubric.criteria[0].code, dict(submitted or {}))


@dataclass(frozen=True)
class RankedProject:
    """One line of the ranked list."""

    rank: int
    project_id: Id
    score: Decimal
    median: Decimal
    criterion_mean: Decimal | None     # mean of the tie-break criterion (None when not marked)
    decided_by: str | None             # None: score below the one above (or first); else the key
                                       # (median/criterion/submitted/project_id) that separated them
    score_obj: ProjectScore

    @property
    def tied_on_score(self) -> bool:
        """True when the project has the same score as the one ranked just above it."""
        return self.decided_by is not None

    @property
    def note(self) -> str:
        """'与上一名得分相同，按中位数排序' or ''."""
        if self.decided_by is None:
            return ""
        return f"与上一名得分相同，按{KEY_LABELS[self.decided_by]}排序"


def _keys(s: ProjectScore, tie_break: TieBreak) -> list[tuple[str, tuple]]:
    crit = s.criterion_means.get(tie_break.criterion_code) if tie_break.criterion_code else None
    sub = tie_break.submitted.get(s.project_id)
    return [
        ("score", (-s.score,)),
        ("median", (-s.median,)),
        ("criterion", (0, -crit) if crit is not None else (1,)),
        ("submitted", (0, sub) if sub is not None else (1,)),
        ("project_id", id_key(s.project_id)),
    ]


def rank(scores: Iterable[ProjectScore], tie_break: TieBreak | None = None) -> list[RankedProject]:
    """Rank the projects' scores; see the module docstring for the order and the ties."""
    tb = tie_break or TieBreak()
    items = list(scores)
    ids = [s.project_id for s in items]
    if len(set(ids)) != len(ids):
        raise ValidationError("排序列表中有重复的项目")
    keyed = [(s, _keys(s, tb)) for s in items]
    try:
        keyed.sort(key=lambda sk: tuple(k for _, k in sk[1]))
    except TypeError as exc:
        raise ValidationError("申报先后顺序的取值类型不一致，无法比较") from exc
    out: list[RankedProject] = []
    previous: list[tuple[str, tuple]] | None = None
    for position, (s, keys) in enumerate(keyed, start=1):
        decided_by = None
        if previous is not None:
            for (name, k), (_, pk) in zip(keys, previous):
                if k != pk:
                    decided_by = None if name == "score" else name
                    break
        crit = s.criterion_means.get(tb.criterion_code) if tb.criterion_code else None
        out.append(RankedProject(position, s.project_id, s.score, s.median, crit, decided_by, s))
        previous = keys
    return out
