"""Conflicts of interest and recusal (回避, POLICY P13 严格的回避制度).

An expert must not review a project when
- the expert works at the applicant unit, at the unit of the leader, or at the unit of a team member
  (同单位) — by unit id, or, for an expert whose work unit is not in 单位库 and is known only as typed
  text (``workplace``, e.g. “浙江大学”), by that text equal to the unit's name once spaces, full-width
  forms and letter case are ignored (:func:`unit_name_key`);
- the expert is the project leader or a member of its team (本人为项目负责人/团队成员);
- the expert has declared a conflict (申报声明回避) with the project, with one of its units or with one of
  its people, and that declaration has not expired on the day of the draw;
- the expert is suspended from the pool (专家已暂停) — not a conflict with one project but a reason to
  exclude the expert from every draw, so it is reported the same way.

Conflicts are typed (:class:`ConflictKind`, as in HotCRP) so that reports can count them by kind; the
Chinese sentence of each is what the clerk sees.
"""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from ..errors import ValidationError
from ._util import Id, id_key, unit_name_key

RULE = "严格的回避制度"     # POLICY P13; the UI names rules in words, never by their code


class ConflictKind(str, Enum):
    SUSPENDED = "suspended"                  # 专家已暂停
    IS_LEADER = "is_leader"                  # 本人为项目负责人
    IS_MEMBER = "is_member"                  # 本人为项目团队成员
    SAME_UNIT_APPLICANT = "same_unit_applicant"  # 与申报单位同单位
    SAME_UNIT_LEADER = "same_unit_leader"    # 与项目负责人同单位 (leader employed elsewhere)
    SAME_UNIT_MEMBER = "same_unit_member"    # 与团队成员同单位
    DECLARED_PROJECT = "declared_project"    # 申报声明回避本项目
    DECLARED_UNIT = "declared_unit"          # 申报声明回避某单位
    DECLARED_PERSON = "declared_person"      # 申报声明回避某人


@dataclass(frozen=True)
class DeclaredConflict:
    """A conflict the expert declared (申报声明回避): exactly one of project/unit/person is set.

    ``expires`` is the last day the declaration counts (inclusive); None = no end."""

    reason: str = ""
    project_id: Id | None = None
    unit_id: Id | None = None
    person_id: Id | None = None
    expires: date | None = None

    def __post_init__(self) -> None:
        targets = [t for t in (self.project_id, self.unit_id, self.person_id) if t is not None]
        if len(targets) != 1:
            raise ValidationError("声明回避须且只能指定一个对象：项目、单位或人员", rule=RULE)

    def in_force(self, on: date) -> bool:
        """True when the declaration still counts on ``on`` (an expired one no longer does)."""
        return self.expires is None or on <= self.expires


@dataclass(frozen=True)
class ExpertCandidate:
    """An expert of the pool as the draw sees them (评审专家)."""

    expert_id: Id
    person_id: Id
    unit_id: Id | None
    field: str
    active: bool = True                      # False = suspended (暂停), never drawn
    declared: tuple[DeclaredConflict, ...] = ()
    name: str = ""
    suspended_reason: str = ""
    workplace: str = ""                      # 工作单位 as typed when it is not in 单位库 ("" = none)

    def __post_init__(self) -> None:
        if not isinstance(self.declared, tuple):
            object.__setattr__(self, "declared", tuple(self.declared))

    @property
    def workplace_key(self) -> str:
        return unit_name_key(self.workplace)

    @property
    def label(self) -> str:
        return f"专家 {self.name or self.expert_id}"


@dataclass(frozen=True)
class TeamMemberRef:
    """A member of the project team (项目组成员) with the unit they work at."""

    person_id: Id
    unit_id: Id | None = None
    name: str = ""


@dataclass(frozen=True)
class ProjectForReview:
    """An application to be reviewed (待评审项目): who applies and who works on it.

    ``leader_unit_id`` is the leader's own employer when it differs from the applicant unit
    (None = the applicant unit). ``unit_names`` are the names of those units, (unit id, name) pairs,
    against which an expert's typed ``workplace`` is compared (empty: compared by id only)."""

    project_id: Id
    field: str
    unit_id: Id
    leader_id: Id
    team: tuple[TeamMemberRef, ...] = ()
    title: str = ""
    leader_name: str = ""
    leader_unit_id: Id | None = None
    unit_names: tuple[tuple[Id, str], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.team, tuple):
            object.__setattr__(self, "team", tuple(self.team))
        names = self.unit_names
        if isinstance(names, Mapping):
            names = names.items()
        if not isinstance(names, tuple) or any(not isinstance(n, tuple) for n in names):
            object.__setattr__(self, "unit_names", tuple((uid, name) for uid, name in names))

    @property
    def label(self) -> str:
        return f"项目 {self.project_id}" + (f"“{self.title}”" if self.title else "")

    def unit_ids(self) -> set[Id]:
        units = {self.unit_id}
        if self.leader_unit_id is not None:
            units.add(self.leader_unit_id)
        units.update(m.unit_id for m in self.team if m.unit_id is not None)
        return units

    def person_ids(self) -> set[Id]:
        return {self.leader_id, *(m.person_id for m in self.team)}

    def unit_keys(self) -> dict[Id, str]:
        """Unit id → :func:`unit_name_key` of its name, for the project's own units only."""
        ids = self.unit_ids()
        return {uid: key for uid, name in self.unit_names if uid in ids and (key := unit_name_key(name))}

    def units_of(self, expert: ExpertCandidate) -> set[Id]:
        """The project's units the expert works at: their registered unit, and every unit of the project
        whose name is the expert's typed work unit."""
        found = {expert.unit_id} & self.unit_ids()
        key = expert.workplace_key
        if key:
            found.update(uid for uid, k in self.unit_keys().items() if k == key)
        return found


@dataclass(frozen=True)
class Conflict:
    """One reason why an expert may not review a project."""

    kind: ConflictKind
    text: str


def _person_name(project: ProjectForReview, person_id: Id) -> str:
    if person_id == project.leader_id and project.leader_name:
        return project.leader_name
    for m in project.team:
        if m.person_id == person_id and m.name:
            return m.name
    return str(person_id)


def _declared_reason(reason: str) -> str:
    return f"理由：{reason}" if reason.strip() else "未说明理由"


def _unit_label(project: ProjectForReview, unit_id: Id) -> str:
    """A unit of the project named by whose unit it is (the expert's declaration names the unit; the
    project knows it only as the applicant's, the leader's or team members' employer)."""
    if unit_id == project.unit_id:
        return "申报单位"
    if unit_id == project.leader_unit_id or any(m.unit_id == unit_id and m.person_id == project.leader_id
                                                for m in project.team):
        return f"项目负责人“{_person_name(project, project.leader_id)}”所在单位"
    names = sorted({_person_name(project, m.person_id) for m in project.team if m.unit_id == unit_id})
    return f"团队成员“{'、'.join(names)}”所在单位" if names else "项目相关单位"


def _declared_order(d: DeclaredConflict) -> tuple:
    """Canonical order of declarations, so reasons never depend on the order they were entered in."""
    kind, target = ((0, d.project_id) if d.project_id is not None else
                    (1, d.unit_id) if d.unit_id is not None else (2, d.person_id))
    return (kind, id_key(target), d.expires or date.max, d.reason)  # type: ignore[arg-type]


def conflicts(expert: ExpertCandidate, project: ProjectForReview, on: date) -> list[Conflict]:
    """Every typed conflict between ``expert`` and ``project`` on the day ``on`` (empty = may review)."""
    found: list[Conflict] = []
    if not expert.active:
        why = f"（{expert.suspended_reason}）" if expert.suspended_reason.strip() else ""
        found.append(Conflict(ConflictKind.SUSPENDED, f"专家已暂停{why}"))
    team = sorted(project.team, key=lambda m: id_key(m.person_id))
    # the person themself
    if expert.person_id == project.leader_id:
        found.append(Conflict(ConflictKind.IS_LEADER, "本人为项目负责人"))
    elif any(m.person_id == expert.person_id for m in team):
        found.append(Conflict(ConflictKind.IS_MEMBER, "本人为项目团队成员"))
    # the same unit (by id, or by the typed work unit's name)
    same = project.units_of(expert)
    if same:
        if project.unit_id in same:
            found.append(Conflict(ConflictKind.SAME_UNIT_APPLICANT, "与申报单位同单位"))
        leader_units = {m.unit_id for m in team if m.person_id == project.leader_id}
        leader_units.add(project.leader_unit_id)
        leader_units.discard(None)
        if same & (leader_units - {project.unit_id}):
            found.append(Conflict(ConflictKind.SAME_UNIT_LEADER,
                                  f"与项目负责人“{_person_name(project, project.leader_id)}”同单位"))
        for m in team:
            if m.person_id in (project.leader_id, expert.person_id):
                continue
            if m.unit_id in same and m.unit_id != project.unit_id and m.unit_id not in leader_units:
                found.append(Conflict(ConflictKind.SAME_UNIT_MEMBER,
                                      f"与团队成员“{m.name or m.person_id}”同单位"))
    # declared conflicts still in force
    units = project.unit_ids()
    persons = project.person_ids()
    for d in sorted(expert.declared, key=_declared_order):
        if not d.in_force(on):
            continue
        if d.project_id is not None and d.project_id == project.project_id:
            found.append(Conflict(ConflictKind.DECLARED_PROJECT,
                                  f"申报声明回避（{_declared_reason(d.reason)}）"))
        elif d.unit_id is not None and d.unit_id in units:
            which = _unit_label(project, d.unit_id)
            found.append(Conflict(ConflictKind.DECLARED_UNIT,
                                  f"申报声明回避{which}（{_declared_reason(d.reason)}）"))
        elif d.person_id is not None and d.person_id in persons:
            found.append(Conflict(ConflictKind.DECLARED_PERSON,
                                  f"申报声明回避“{_person_name(project, d.person_id)}”"
                                  f"（{_declared_reason(d.reason)}）"))
    return found


def conflict_reasons(expert: ExpertCandidate, project: ProjectForReview, on: date) -> list[str]:
    """The Chinese reasons why ``expert`` may not review ``project`` on ``on`` (empty = no conflict)."""
    return [c.text for c in conflicts(expert, project, on)]


@dataclass
class GroupConflictIndex:
    """Units, people and projects of a group of applications, gathered once so that screening an
    expert against the whole group is a few set look-ups instead of a loop over every team member."""

    projects: tuple[ProjectForReview, ...]
    unit_ids: set[Id] = field(default_factory=set)
    unit_keys: set[str] = field(default_factory=set)     # names of those units, as unit_name_key
    person_ids: set[Id] = field(default_factory=set)
    project_ids: set[Id] = field(default_factory=set)

    @classmethod
    def of(cls, projects: Iterable[ProjectForReview]) -> GroupConflictIndex:
        projects = tuple(projects)
        index = cls(projects)
        for p in projects:
            index.unit_ids |= p.unit_ids()
            index.unit_keys.update(p.unit_keys().values())
            index.person_ids |= p.person_ids()
            index.project_ids.add(p.project_id)
        return index

    def may_conflict(self, expert: ExpertCandidate, on: date) -> bool:
        """Fast test: True exactly when the expert conflicts (P13) with at least one project of the
        group. Suspension is not looked at here."""
        if expert.person_id in self.person_ids:
            return True
        if expert.unit_id is not None and expert.unit_id in self.unit_ids:
            return True
        if expert.workplace and expert.workplace_key in self.unit_keys:
            return True
        for d in expert.declared:
            if d.in_force(on) and ((d.project_id is not None and d.project_id in self.project_ids)
                                   or (d.unit_id is not None and d.unit_id in self.unit_ids)
                                   or (d.person_id is not None and d.person_id in self.person_ids)):
                return True
        return False

    def reasons(self, expert: ExpertCandidate, on: date) -> tuple[str, ...]:
        """'项目 P1：与申报单位同单位' for every conflicting project of the group (suspension left out)."""
        out: list[str] = []
        for p in self.projects:
            for c in conflicts(expert, p, on):
                if c.kind is not ConflictKind.SUSPENDED:
                    out.append(f"{p.label}：{c.text}")
        return tuple(out)
