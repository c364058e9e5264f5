"""The first policy version's 说明: a new database seeds 系统默认参数（依据政策文件汇编）; one created before,
holding the old seed text “POLICY.md 默认参数”, is shown with the new words too (the row itself unchanged)."""
from __future__ import annotations

from sqlalchemy import select

from sti_desk.db.tables import PolicyVersionRow
from sti_desk.domain.policy import DEFAULT_VERSION_NOTE, shown_note


def test_new_database_seeds_a_chinese_description(app_ctx, services, admin_actor):  # type: ignore[no-untyped-def]
    with app_ctx.db.reader() as uow:
        notes = list(uow.session.scalars(select(PolicyVersionRow.note)))
    assert notes == [DEFAULT_VERSION_NOTE] == ["系统默认参数（依据政策文件汇编）"]


def test_the_old_seed_text_is_shown_in_words(app_ctx, services, admin_actor):  # type: ignore[no-untyped-def]
    with app_ctx.db.uow("system") as uow:                    # as an older database stored its first version
        row = uow.session.scalar(select(PolicyVersionRow))
        row.note = "POLICY.md 默认参数"
        uow.commit()
    assert [v.note for v in services.policy.history(admin_actor)] == [DEFAULT_VERSION_NOTE]
    assert [v.note for v in services.policy.versions(admin_actor)] == [DEFAULT_VERSION_NOTE]
    assert shown_note("县科发〔2026〕12号") == "县科发〔2026〕12号"
