"""Plain data of the expert pool's input (新增专家, 工作单位) and of the score form's read-only project parts
(预算明细, 项目组成员). Kept out of :mod:`.review_dto` for file size; import them from there."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.money import Money


@dataclass(frozen=True)
class WorkUnit:
    """An expert's 工作单位: a unit of 单位库 (``unit_id``), or, when it is not registered there, its name as
    typed (``text``, e.g. “浙江大学”). Both empty: no work unit."""

    unit_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class ExpertInput:
    """What 新增专家 provides. ``id_number`` is checked (GB 11643 check digit) by the service."""

    name: str
    id_number: str
    field: str
    specialty: str = ""
    title: str = ""
    phone: str = ""
    work_unit: WorkUnit = WorkUnit()


@dataclass(frozen=True)
class ScoreBudgetLine:
    """One line of the project's 预算明细 as the reviewer sees it (amounts exact, shown in 万元)."""

    subject: str
    fiscal: Money
    self_raised: Money
    basis: str


@dataclass(frozen=True)
class ScoreTeamMember:
    """One person of the 项目组 as the reviewer sees it: name, unit and role — never the ID number."""

    name: str
    unit_name: str
    role: str
