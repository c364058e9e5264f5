"""The audit log keeps review content confidential (评审保密): who changed which score sheet and when, and
status changes, are recorded; marks, totals, comments and recommendations only as a marker."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from sti_desk.db.audit import CONFIDENTIAL_COLUMNS, CONFIDENTIAL_MARK, append_entry, verify_chain
from sti_desk.db.tables import ReviewAssignmentRow, ReviewMarkRow
from sti_desk.db.tables.base import Base

SECRET = {"innovation": Decimal("23.7"), "technical": Decimal("19.3"), "team": Decimal("13.9"),
          "benefit": Decimal("17.1"), "budget": Decimal("8.3")}          # total 82.3
COMMENT = "保密意见：技术路线存在明显缺陷"


def _entries(ctx, actor, entity):
    return [e for e in ctx.services.audit.recent(actor, entity=entity, limit=10_000)]


def _values(entry):
    return {**json.loads(entry.before or "{}"), **json.loads(entry.after or "{}")}


def test_confidential_columns_cover_every_review_content_column():
    """A new column holding marks or opinions on a review table must be added to the redaction."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    assert set(CONFIDENTIAL_COLUMNS["review_marks"]) == {"points_tenths"}
    assert set(CONFIDENTIAL_COLUMNS["review_assignments"]) == {"comment", "recommendation", "total"}
    assert ReviewMarkRow.__table__ is tables["review_marks"]
    known = {"review_assignments": {"id", "round_id", "group_id", "expert_id", "project_id", "status", "comment",
                                    "recommendation", "total", "locked", "assigned_at", "saved_at", "submitted_at",
                                    "declined_at", "decline_reason", "replaced_by_id", "version"},
             "review_marks": {"id", "assignment_id", "criterion", "points_tenths"}}
    for name, columns in known.items():
        assert {c.name for c in tables[name].columns} == columns, f"{name}: classify the new column"
    assert ReviewAssignmentRow.__table__ is tables["review_assignments"]


def test_saved_marks_reach_the_audit_log_only_as_a_marker(ctx, review, panel, admin, boss, clerk):
    actor = panel[min(panel)]
    first, second = review.my_assignments(actor)[:2]
    review.save_marks(actor, first.id, {"innovation": "21.4", "technical": "18.6"}, "草稿意见", "资助")
    review.save_marks(actor, first.id, {"innovation": "21.4"}, "草稿意见二", "")     # one mark deleted
    review.save_marks(actor, second.id, SECRET, COMMENT, "资助", submit=True)
    review.reopen(clerk, second.id, "专家要求更正")
    for viewer in (admin, boss):
        marks = _entries(ctx, viewer, "review_marks")
        assert {"create", "delete"} <= {e.action for e in marks}
        assert marks and all(_values(e)["points_tenths"] == CONFIDENTIAL_MARK for e in marks)
        sheets = _entries(ctx, viewer, "review_assignments")
        changed = [_values(e) for e in sheets if e.action == "update"]
        assert changed
        for values in changed:
            for column in ("comment", "recommendation", "total"):
                assert values.get(column, CONFIDENTIAL_MARK) == CONFIDENTIAL_MARK
        # still useful: which sheet changed, by whom, and its status
        submitted = [e for e in sheets if json.loads(e.after or "{}").get("status") == "submitted"]
        assert [e.entity_id for e in submitted] == [str(second.id)] and submitted[0].username == actor.username
        assert any(json.loads(e.after or "{}").get("total") == CONFIDENTIAL_MARK for e in submitted)
        text = " ".join(e.before + e.after for e in ctx.services.audit.recent(viewer, limit=10_000))
        for secret in (COMMENT, "草稿意见", "82.3", "23.7", "21.4", "18.6"):
            assert secret not in text
    assert ctx.services.audit.verify(admin).ok


@pytest.mark.edits_database_by_hand    # writes entries as an older version did, not matching the data
def test_entries_written_before_the_redaction_are_shown_redacted_and_the_chain_holds(ctx, admin, drawn):
    with ctx.db.uow("old-version") as uow:
        append_entry(uow.session, "reviewer9", "update", "review_assignments", "1",
                     {"comment": "", "total": ""}, {"comment": COMMENT, "total": "82.3", "status": "submitted"})
        append_entry(uow.session, "reviewer9", "create", "review_marks", "1", None,
                     {"id": 1, "assignment_id": 1, "criterion": "innovation", "points_tenths": 237})
        uow.commit()
    shown = ctx.services.audit.recent(admin, limit=2)
    assert json.loads(shown[0].after) == {"id": 1, "assignment_id": 1, "criterion": "innovation",
                                          "points_tenths": CONFIDENTIAL_MARK}
    assert json.loads(shown[1].after) == {"comment": CONFIDENTIAL_MARK, "total": CONFIDENTIAL_MARK,
                                          "status": "submitted"}
    with ctx.db.reader("test") as uow:       # the stored entries are untouched: the hash chain holds
        assert verify_chain(uow.session).ok
