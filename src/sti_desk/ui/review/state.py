"""Everything the 专家评审 page shows about one call, read in one background task.

What is read depends on the role (the services check again): the assignment list only for those who
organise the review; results, ranking and marks only once the round is closed (评审保密)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...domain.entities import Call
from ...domain.errors import ValidationError
from ...domain.lifecycle import ProjectState
from ...domain.permissions import Permission, has_permission
from ...services.actor import Actor
from ...services.dto import ProjectListRow
from ...services.review_dto import (DrawRecordView, PendingItem, PublicityInfo, ReviewResults, ReviewSummary,
                                    RoundStatus, RubricInfo)
from ..tasks import CancelToken, ProgressFn


@dataclass
class CallState:
    call: Call
    rubric: RubricInfo | None = None
    status: RoundStatus | None = None
    no_round: str = ""                       # why there is no round to show (the service's message)
    record: DrawRecordView | None = None
    assignments: list[PendingItem] | None = None   # live assignments (organisers only)
    results: ReviewResults | None = None     # the latest closed round, with z-scores
    summary: ReviewSummary | None = None
    publicities: list[PublicityInfo] = field(default_factory=list)
    projects: list[ProjectListRow] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status is not None and self.status.status == "closed"

    @property
    def open_round(self) -> bool:
        return self.status is not None and self.status.status in ("drawing", "scoring")

    def state_of(self, project_id: int) -> ProjectState | None:
        for p in self.projects:
            if p.id == project_id:
                return p.state
        return None

    def waiting_for_draw(self) -> int:
        """Projects of the call in 专家评审 that are in no round yet (a rough count for the hint)."""
        in_round = {p.id for g in (self.record.groups if self.record else []) for p in g.projects}
        return sum(1 for p in self.projects if p.state is ProjectState.REVIEW and p.id not in in_round)

    def undecided(self) -> list[int]:
        """Project ids of the closed round still waiting for the funding decision."""
        if self.results is None:
            return []
        return [r.project.id for r in self.results.rows if self.state_of(r.project.id) is ProjectState.REVIEW]


def load_call_state(services: Any, actor: Actor, call: Call, progress: ProgressFn,
                    cancel: CancelToken) -> CallState:
    review = services.review
    state = CallState(call)
    progress(0, 0, "正在读取评审进度…")
    state.projects = services.projects.list_projects(actor, call.id)
    state.rubric = review.get_rubric(actor, call.code)
    try:
        state.status = review.status(actor, call.code)
    except ValidationError as exc:
        state.no_round = exc.message
        return state
    cancel.raise_if_cancelled()
    state.record = review.draw_record(actor, call.code)
    if has_permission(actor.role, Permission.ORGANISE_REVIEW):
        state.assignments = review.assignments_of(actor, call.code)
    progress(0, 0, "正在汇总评审结果…")
    try:  # the latest closed round (an earlier round stays visible while a later one is scoring)
        state.results = review.results(actor, call.code, with_z=True)
        state.summary = review.review_summary(actor, call.code)
    except ValidationError:
        state.results = state.summary = None
    state.publicities = review.publicities(actor, call.code)
    cancel.raise_if_cancelled()
    return state
