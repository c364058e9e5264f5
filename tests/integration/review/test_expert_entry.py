"""新增专家 and the 工作单位 of an expert outside 单位库, through the services on a real SQLite file: field
checks, a person already known, the typed unit shown where the unit is shown, and recusal by the unit's name."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from sti_desk.db.tables import AuditRow, PersonRow
from sti_desk.domain.errors import PermissionDenied, ValidationError
from sti_desk.domain.validation import FieldErrors
from sti_desk.services.review_dto import ExpertInput, WorkUnit

from ..conftest import make_id_number
from .world import DAY, build_world, reviewer_actor

ZJU_ID = make_id_number(901)


def _zju(**kw) -> ExpertInput:
    return ExpertInput(**{"name": "陈教授", "id_number": ZJU_ID, "field": "电子信息", "specialty": "集成电路",
                          "title": "教授", "phone": "13800000001", "work_unit": WorkUnit(text=" 浙江 大学 "), **kw})


def test_add_expert_checks_every_field_at_once(review, clerk, world):
    bad = ExpertInput(name=" ", id_number=ZJU_ID[:-1] + ("0" if ZJU_ID[-1] != "0" else "1"), field="玄学",
                      work_unit=WorkUnit(world.units[0], "浙江大学"), phone="无")
    with pytest.raises(FieldErrors) as exc:
        review.add_expert(clerk, bad)
    errors = exc.value.errors
    assert errors["name"] == "请填写姓名"
    assert "校验位错误" in errors["id_number"]
    assert "不在可选范围" in errors["field"]
    assert "二选一" in errors["work_unit"]
    assert "不是有效的电话号码" in errors["phone"]                          # clearly no phone number (a doubtful one is kept)
    assert len(review.list_experts(clerk)) == 10                 # nothing written
    with pytest.raises(PermissionDenied):
        review.add_expert(reviewer_actor(world.experts[0]), _zju())


def test_add_expert_with_a_typed_work_unit_is_listed_searched_and_audited(ctx, review, clerk, world):
    eid = review.add_expert(clerk, _zju())
    e = review.get_expert(clerk, eid)
    assert (e.name, e.unit_id, e.unit_name, e.workplace, e.field, e.title, e.active, e.tasks) == (
        "陈教授", None, "浙江 大学", "浙江 大学", "电子信息", "教授", True, 0)
    assert [x.id for x in review.list_experts(clerk, search="浙江")] == [eid]
    with ctx.db.reader() as uow:
        logged = {r.entity for r in uow.session.scalars(select(AuditRow).where(AuditRow.username == "clerk"))}
    assert {"persons", "experts"} <= logged
    with pytest.raises(FieldErrors, match="已在专家库中"):
        review.add_expert(clerk, _zju())
    with pytest.raises(FieldErrors, match="已登记为“陈教授”"):
        review.add_expert(clerk, _zju(name="陈老师"))


def test_a_typed_name_of_a_registered_unit_links_to_it_and_a_known_person_is_reused(ctx, review, clerk, world):
    with ctx.db.reader() as uow:
        leader = uow.session.get(PersonRow, world.persons["leader0"])
        name, idno, unit_name = leader.name, leader.id_number, "单位 ０１"     # 单位01, typed with spaces, full width
    eid = review.add_expert(clerk, ExpertInput(name=name, id_number=idno, field="新材料",
                                               work_unit=WorkUnit(text=unit_name)))
    e = review.get_expert(clerk, eid)
    assert e.person_id == world.persons["leader0"] and e.unit_id == world.units[1] and e.workplace == ""
    assert e.unit_name == "单位01"
    # editing the work unit: typed text, then a registered unit again
    review.save_expert(clerk, eid, field="新材料", work_unit=WorkUnit(text="外省某研究院"), expected_version=e.version)
    e = review.get_expert(clerk, eid)
    assert (e.unit_id, e.unit_name, e.workplace) == (None, "外省某研究院", "外省某研究院")
    review.save_expert(clerk, eid, field="新材料", work_unit=WorkUnit(world.units[2]), expected_version=e.version)
    e = review.get_expert(clerk, eid)
    assert (e.unit_id, e.unit_name, e.workplace) == (world.units[2], "单位02", "")
    with pytest.raises(ValidationError, match="二选一"):
        review.save_expert(clerk, eid, field="新材料", work_unit=WorkUnit(world.units[2], "浙江大学"))


def test_an_expert_whose_typed_work_unit_is_an_applicants_name_is_recused(ctx, review, clerk, admin, boss, world):
    """单位00 applies with project 1: an expert who typed “单位 00” (no credit code, so no unit link) must
    not review it, and the draw record says why; the record re-runs identically."""
    with ctx.db.uow("test") as uow:                   # as an import of an unregistered unit leaves it
        e0 = uow.session.scalar(select(PersonRow).where(PersonRow.name == "专家00"))
        e0.unit_id, e0.workplace = None, "单位　00"
        uow.commit()
    target = next(e.id for e in review.list_experts(clerk) if e.name == "专家00")
    s = review.draw(clerk, world.call, per_group=5, reserves=2, seed=3, today=DAY)
    drawn = {e.id for g in s.groups for e in g.panel + g.reserves}
    assert target not in drawn
    record = review.draw_record(boss, world.call)
    excluded = {x.expert.id: x for g in record.groups for x in g.excluded}
    assert excluded[target].expert.unit_name == "单位　00"
    assert any("与申报单位同单位" in r for r in excluded[target].reasons)
    assert review.verify_draw(boss, world.call).ok
