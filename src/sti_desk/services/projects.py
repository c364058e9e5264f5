"""Projects: list, detail, create, edit, and the generic stage changes (项目管理)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import flag_modified

from ..db.tables import (BudgetLineRow, CallRow, PersonRow, ProjectEventRow, ProjectRow, ScreeningRow,
                         TeamMemberRow, UnitRow)
from ..db.uow import Database, UnitOfWork
from ..domain.codes import normalize_id_number
from ..domain.entities import BudgetLine
from ..domain.errors import ValidationError
from ..domain.lifecycle import ProjectState, TransitionFacts, allowed_targets
from ..domain.money import Money
from ..domain.permissions import Permission
from ..domain.validation import FieldErrors, check_project_fields, check_team
from .actor import Actor
from .dto import (ProjectDetail, ProjectInput, ProjectListRow, TeamMemberInfo, TimelineEvent,
                  make_project_list_row)
from .lifecycle import apply_transition
from .user_names import display_names


def find_or_create_person(uow: UnitOfWork, name: str, id_number: str, unit_id: int | None) -> PersonRow:
    """Persons are keyed by ID number; a known person keeps their record (name typos are reported)."""
    code = normalize_id_number(id_number)
    row = uow.session.scalar(select(PersonRow).where(PersonRow.id_number == code))
    if row is None:
        row = PersonRow(name=name.strip(), id_number=code, unit_id=unit_id)
        uow.session.add(row)
        uow.flush()
    elif row.name != name.strip():
        raise ValidationError(f"身份证号 {code} 已登记为“{row.name}”，与填写的姓名“{name}”不一致",
                              field="leader_name")
    return row


def last_project_number(session: Session, call_code: str) -> int:
    """The highest serial number used in the call's project codes (``2026-ZDYF-0042`` → 42), 0 for none.

    Compared as numbers and with the exact prefix: a text MAX puts ``-9999`` after ``-10000``, and LIKE would
    read the ``_`` of a call code as a wildcard."""
    prefix = f"{call_code}-"
    serial = func.substr(ProjectRow.code, len(prefix) + 1)
    return session.scalar(select(func.max(cast(serial, Integer)))
                          .where(func.substr(ProjectRow.code, 1, len(prefix)) == prefix)
                          .where(serial != "", ~serial.op("GLOB")("*[^0-9]*"))) or 0


def next_project_code(uow: UnitOfWork, call: CallRow) -> str:
    return f"{call.code}-{last_project_number(uow.session, call.code) + 1:04d}"


def project_children(row: ProjectRow) -> tuple[object, ...]:
    """Budget lines and team as plain values, to tell whether a save changed them."""
    return (tuple((b.subject, b.fiscal_fen, b.self_raised_fen, b.basis) for b in row.budget_lines),
            tuple((m.person_id, m.unit_id, m.role) for m in row.team))


def bump_version_if_children_changed(session: Session, row: ProjectRow, before: tuple[object, ...]) -> None:
    """Budget lines and team are rows of their own: when only they changed, the project row would not be
    updated and its version would stay, so a colleague's stale save could silently replace them."""
    if project_children(row) != before and not session.is_modified(row, include_collections=False):
        flag_modified(row, "summary")


class ProjectService:
    def __init__(self, db: Database):
        self.db = db

    # -- queries --------------------------------------------------------------------------------
    def list_projects(self, actor: Actor, call_id: int | None = None) -> list[ProjectListRow]:
        """Every project as a light row (one query; fast enough for 100,000 projects).

        The rows come from a Core query (no ORM row processing); identical amounts share one immutable
        Money and rows are built by :func:`~sti_desk.services.dto.make_project_list_row`.
        """
        actor.require(Permission.VIEW_PROJECTS)
        leader = aliased(PersonRow)
        stmt = (select(ProjectRow.id, ProjectRow.code, ProjectRow.title, ProjectRow.call_id, CallRow.name,
                       CallRow.year, ProjectRow.unit_id, UnitRow.name, leader.name, ProjectRow.field,
                       ProjectRow.state, ProjectRow.requested_fen, ProjectRow.approved_fen,
                       ProjectRow.start_date, ProjectRow.end_date)
                .join(CallRow, CallRow.id == ProjectRow.call_id)
                .join(UnitRow, UnitRow.id == ProjectRow.unit_id)
                .join(leader, leader.id == ProjectRow.leader_id)
                .order_by(ProjectRow.id))
        if call_id is not None:
            stmt = stmt.where(ProjectRow.call_id == call_id)
        states = {s.value: s for s in ProjectState}
        moneys: dict[int, Money] = {}

        def money(fen: int) -> Money:
            m = moneys.get(fen)
            if m is None:
                m = moneys[fen] = Money(fen)
            return m

        make = make_project_list_row
        with self.db.reader(actor.username) as uow:
            result = uow.session.connection().execute(stmt)
            return [make(pid, code, title, call, call_name, year, unit, unit_name, leader_name, field_,
                         states[state], money(requested), money(approved), start, end)
                    for (pid, code, title, call, call_name, year, unit, unit_name, leader_name, field_, state,
                         requested, approved, start, end) in result]

    def get_project(self, actor: Actor, project_id: int) -> ProjectDetail:
        actor.require(Permission.VIEW_PROJECTS)
        with self.db.reader(actor.username) as uow:
            row: ProjectRow = uow.get(ProjectRow, project_id, "项目")
            call = uow.get(CallRow, row.call_id, "申报批次")
            unit = uow.get(UnitRow, row.unit_id, "单位")
            leader = uow.get(PersonRow, row.leader_id, "人员")
            team = []
            for m in row.team:
                p = uow.session.get(PersonRow, m.person_id)
                u = uow.session.get(UnitRow, m.unit_id) if m.unit_id else None
                team.append(TeamMemberInfo(p.name if p else "", p.id_number if p else "",
                                           u.name if u else "", m.role, m.unit_id, m.person_id))
            names = display_names(uow, (e.username for e in row.events))
            timeline = [TimelineEvent(e.at, ProjectState(e.from_state) if e.from_state else None,
                                      ProjectState(e.to_state), e.action, e.reason, e.username,
                                      names.get(e.username, e.username))
                        for e in row.events]
            state = ProjectState(row.state)
            return ProjectDetail(
                id=row.id, code=row.code, title=row.title, field=row.field, call_id=call.id,
                call_name=call.name, call_code=call.code, unit_id=unit.id, unit_name=unit.name,
                leader_id=leader.id, leader_name=leader.name, leader_id_number=leader.id_number,
                start_date=row.start_date, end_date=row.end_date, requested=Money(row.requested_fen),
                self_raised=Money(row.self_raised_fen), approved=Money(row.approved_fen),
                lump_sum_pledge=row.lump_sum_pledge, summary=row.summary, state=state, version=row.version,
                budget_lines=[BudgetLine(b.subject, Money(b.fiscal_fen), Money(b.self_raised_fen), b.basis)
                              for b in row.budget_lines],
                team=team, timeline=timeline, next_states=allowed_targets(state))

    # -- commands -------------------------------------------------------------------------------
    def create_project(self, actor: Actor, data: ProjectInput) -> int:
        actor.require(Permission.EDIT_PROJECTS)
        self._validate(data)
        with self.db.uow(actor) as uow:
            call = uow.get(CallRow, data.call_id, "申报批次")
            uow.get(UnitRow, data.unit_id, "单位")
            self._check_unique_title(uow, data, None)
            leader = find_or_create_person(uow, data.leader_name, data.leader_id_number, data.unit_id)
            row = ProjectRow(code=next_project_code(uow, call), call_id=call.id, unit_id=data.unit_id,
                             leader_id=leader.id, state=ProjectState.APPLIED.value)
            self._fill(uow, row, data)
            uow.session.add(row)
            uow.flush()
            uow.session.add(ProjectEventRow(project_id=row.id, from_state="", to_state=row.state,
                                            action="登记申报", username=actor.username))
            uow.commit()
            return row.id

    def update_project(self, actor: Actor, project_id: int, data: ProjectInput, expected_version: int) -> None:
        """Save edits; refused when someone saved the project after ``expected_version`` was loaded."""
        actor.require(Permission.EDIT_PROJECTS)
        self._validate(data)
        with self.db.uow(actor) as uow:
            row: ProjectRow = uow.get(ProjectRow, project_id, "项目")
            uow.check_version(row, expected_version, f"项目“{row.title}”")
            if ProjectState(row.state) not in (ProjectState.APPLIED, ProjectState.SCREENING):
                raise ValidationError(f"项目已进入“{ProjectState(row.state).label}”阶段，申报信息不能再修改；"
                                      "立项后的变化请走变更申请", rule="全过程留痕")
            if row.call_id != data.call_id:
                raise ValidationError("已登记的项目不能更换申报批次", field="call")
            self._check_unique_title(uow, data, row.id)
            leader = find_or_create_person(uow, data.leader_name, data.leader_id_number, data.unit_id)
            children_before = project_children(row)
            row.unit_id = data.unit_id  # type: ignore[assignment]
            row.leader_id = leader.id
            self._fill(uow, row, data)
            bump_version_if_children_changed(uow.session, row, children_before)
            uow.commit()

    def change_state(self, actor: Actor, project_id: int, target: ProjectState, reason: str = "",
                     today: date | None = None) -> None:
        """Generic stage change with the facts the store knows; stage services add richer facts."""
        actor.require(Permission.CHANGE_STATE)
        with self.db.uow(actor) as uow:
            row: ProjectRow = uow.get(ProjectRow, project_id, "项目")
            apply_transition(uow, row, target, self.facts(uow, row, today or date.today(), reason))
            uow.commit()

    # -- helpers --------------------------------------------------------------------------------
    @staticmethod
    def facts(uow: UnitOfWork, row: ProjectRow, today: date, reason: str) -> TransitionFacts:
        missing = [label for label, ok in (("项目名称", row.title), ("技术领域", row.field),
                                           ("开始日期", row.start_date), ("结束日期", row.end_date),
                                           ("申请财政资金", row.requested_fen > 0)) if not ok]
        decision = uow.session.scalar(select(ScreeningRow.decision).where(ScreeningRow.project_id == row.id)
                                      .order_by(ScreeningRow.id.desc()).limit(1))
        return TransitionFacts(today=today, reason=reason, required_fields_missing=tuple(missing),
                               screening_passed=decision == "pass" if decision else None,
                               requested_amount=Money(row.requested_fen), approved_amount=Money(row.approved_fen),
                               end_date=row.end_date)

    @staticmethod
    def _validate(data: ProjectInput) -> None:
        errors = check_project_fields(
            title=data.title, field=data.field, call_id=data.call_id, unit_id=data.unit_id,
            leader_name=data.leader_name, leader_id_number=data.leader_id_number, start=data.start_date,
            end=data.end_date, requested=data.requested, self_raised=data.self_raised)
        if team := check_team(data.leader_id_number, [(m.name, m.id_number) for m in data.team]):
            errors["team"] = "\n".join(team)
        if errors:
            raise FieldErrors(errors)

    @staticmethod
    def _check_unique_title(uow: UnitOfWork, data: ProjectInput, own_id: int | None) -> None:
        clash = uow.session.scalar(select(ProjectRow.code).where(
            ProjectRow.call_id == data.call_id, ProjectRow.unit_id == data.unit_id,
            ProjectRow.title == data.title.strip(), ProjectRow.id != (own_id or 0)))
        if clash:
            raise FieldErrors({"title": f"本单位在该批次已申报同名项目（{clash}）"})

    @staticmethod
    def _fill(uow: UnitOfWork, row: ProjectRow, data: ProjectInput) -> None:
        row.title = data.title.strip()
        row.field = data.field
        row.start_date = data.start_date
        row.end_date = data.end_date
        row.requested_fen = data.requested.fen
        row.self_raised_fen = data.self_raised.fen
        row.summary = data.summary
        row.lump_sum_pledge = data.lump_sum_pledge
        lines = [(b.subject, b.fiscal.fen, b.self_raised.fen, b.basis) for b in data.budget_lines]
        if lines != [(b.subject, b.fiscal_fen, b.self_raised_fen, b.basis) for b in row.budget_lines]:
            row.budget_lines = [BudgetLineRow(subject=s, fiscal_fen=f, self_raised_fen=r, basis=basis)
                                for s, f, r, basis in lines]
        members = []
        for m in data.team:
            person = find_or_create_person(uow, m.name, m.id_number, m.unit_id)
            members.append((person.id, m.unit_id or person.unit_id, m.role))
        if members != [(t.person_id, t.unit_id, t.role) for t in row.team]:  # unchanged: no delete + re-insert
            row.team = [TeamMemberRow(person_id=p, unit_id=u, role=r) for p, u, r in members]
