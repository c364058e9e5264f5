"""Valid identity codes and a small seeded data set for UI tests."""
from __future__ import annotations

from datetime import date

from sti_desk.domain.codes import CREDIT_CODE_CHARS, credit_code_check_char, id_number_check_char


def id_number(seq: int, birth: str = "19800101") -> str:
    first17 = f"330102{birth}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


def credit_code(seq: int) -> str:
    body = "91330100" + "".join(CREDIT_CODE_CHARS[(seq * 7 + i * 3) % 31] for i in range(9))
    return body + credit_code_check_char(body)


def seed_basics(services, admin) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """One open call and two units."""
    from sti_desk.domain.entities import Call, Unit, UnitType
    from sti_desk.domain.money import Money
    from sti_desk.domain.policy import CallCategory

    call_id = services.calls.save_call(admin, Call(
        code="2025-ZD", name="2025年度重点研发计划", year=2025, category=CallCategory.KEY_RD,
        cap=Money.wan("50"), opens=date(2025, 1, 1), closes=date(2099, 12, 31)))
    unit_a = services.units.save_unit(admin, Unit("杭州云芯电子科技有限公司", credit_code(1)))
    unit_b = services.units.save_unit(admin, Unit("浙江省农业科学研究院", credit_code(2),
                                                  unit_type=UnitType.INSTITUTE))
    return {"call": call_id, "unit_a": unit_a, "unit_b": unit_b}


def create_project(services, actor, ids: dict[str, int], title: str = "智能灌溉控制系统研发",  # type: ignore[no-untyped-def]
                   seq: int = 1) -> int:
    from sti_desk.domain.money import Money
    from sti_desk.services.dto import ProjectInput

    return services.projects.create_project(actor, ProjectInput(
        call_id=ids["call"], unit_id=ids["unit_a"], title=title, field="现代农业", leader_name=f"张{seq}",
        leader_id_number=id_number(seq), start_date=date(2025, 7, 1), end_date=date(2027, 6, 30),
        requested=Money.wan("30"), self_raised=Money.wan("30")))


def type_into(edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` character by character (QTest.keyClicks only handles ASCII; Chinese comes from an IME)."""
    for ch in text:
        edit.insert(ch)
