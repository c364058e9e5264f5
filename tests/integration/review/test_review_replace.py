"""Replacing an expert from the reserves with the draw's rules, logged in the record."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from sti_desk.db.tables import ExpertConflictRow, ReviewReplacementRow
from sti_desk.domain.errors import DomainError, ValidationError

from .world import DAY, GOOD, build_world, reviewer_actor


@pytest.fixture
def world(ctx):
    """14 experts: 5 on the panel, 2 reserves, 2 more eligible in the pool, 5 recused."""
    return build_world(ctx, n_experts=14)


def _first(review, panel, drawn):
    eid = drawn.groups[0].panel[0].id
    return eid, review.my_assignments(panel[eid])


def test_the_first_reserve_takes_the_unsubmitted_projects(ctx, review, clerk, boss, panel, drawn, world):
    eid, mine = _first(review, panel, drawn)
    review.save_marks(panel[eid], mine[0].id, GOOD, "意见", "资助", submit=True)
    reserve = drawn.groups[0].reserves[0]
    out = review.replace(clerk, mine[1].id, "突发疾病住院，无法继续评审", today=DAY)
    assert out.new.id == reserve.id and out.source == "reserve" and out.skipped == []
    assert len(out.assignment_ids) == 3
    new = review.my_assignments(reviewer_actor(reserve.id))
    assert sorted(a.project_code for a in new) == world.codes[1:]
    left = review.my_assignments(panel[eid])
    assert [a.project_code for a in left] == [world.codes[0]] and left[0].locked   # the submitted one stays
    rec = review.draw_record(boss, world.call)
    assert rec.replacements[0].declined.id == eid and rec.replacements[0].new.id == reserve.id
    assert rec.replacements[0].reason.startswith("突发疾病")
    assert reserve.id in [e.id for e in rec.groups[0].panel_now] and eid not in [e.id for e in rec.groups[0].panel_now]
    assert review.verify_draw(boss, world.call).ok
    status = review.status(clerk, world.call, today=DAY)
    assert status.total == 20


def test_a_reserve_conflicted_since_the_draw_is_skipped_with_the_reason(ctx, review, clerk, boss, panel, drawn,
                                                                        world):
    first, second = drawn.groups[0].reserves[:2]
    with ctx.db.uow("test") as uow:
        uow.session.add(ExpertConflictRow(expert_id=first.id, project_id=world.projects[2], reason="近亲属任职"))
        uow.commit()
    eid, mine = _first(review, panel, drawn)
    out = review.replace(clerk, mine[0].id, "出差", today=DAY)
    assert out.new.id == second.id
    assert out.skipped[0].expert.id == first.id and out.skipped[0].kind == "conflict"
    assert any("近亲属任职" in r for r in out.skipped[0].reasons)
    with ctx.db.reader() as uow:
        log = [(r.declined_expert_id, r.new_expert_id, r.source) for r in uow.session.scalars(
            select(ReviewReplacementRow))]
    assert log == [(eid, second.id, "reserve")]
    # no reserve left: refused unless drawing from the pool, by the same rules
    other = drawn.groups[0].panel[1].id
    theirs = review.my_assignments(panel[other])
    with pytest.raises(DomainError, match="已无可用的备选专家"):
        review.replace(clerk, theirs[0].id, "请假", today=DAY)
    out = review.replace(clerk, theirs[0].id, "请假", today=DAY, from_pool=True)
    assert out.source == "pool"
    assert out.new.id not in {e.id for e in drawn.groups[0].panel} | {first.id, second.id}
    excluded = {x.expert.id for x in review.draw_record(clerk, world.call).groups[0].excluded}
    assert out.new.id not in excluded


def test_replace_and_decline_need_a_reason_and_an_open_assignment(review, clerk, panel, drawn):
    eid, mine = _first(review, panel, drawn)
    with pytest.raises(ValidationError, match="原因"):
        review.replace(clerk, mine[0].id, " ", today=DAY)
    for a in mine:
        review.save_marks(panel[eid], a.id, GOOD, "意见", "资助", submit=True)
    with pytest.raises(ValidationError, match="没有待评"):
        review.replace(clerk, mine[0].id, "太晚", today=DAY)
    with pytest.raises(ValidationError, match="待评"):
        review.decline(clerk, mine[0].id, "太晚")
