"""Applying a lifecycle transition to a stored project (shared by every stage's service)."""
from __future__ import annotations

from ..db.tables import ProjectEventRow, ProjectRow
from ..db.tables.base import now
from ..db.uow import UnitOfWork
from ..domain.lifecycle import ProjectState, TransitionFacts, check_transition


def apply_transition(uow: UnitOfWork, row: ProjectRow, target: ProjectState, facts: TransitionFacts) -> None:
    """Check the guard, change the state and append a timeline event (audited by the unit of work)."""
    current = ProjectState(row.state)
    action = check_transition(current, target, facts)
    row.state = target.value
    row.state_changed_at = now()
    uow.session.add(ProjectEventRow(project_id=row.id, at=now(), from_state=current.value,
                                    to_state=target.value, action=action, reason=facts.reason,
                                    username=uow.actor))
