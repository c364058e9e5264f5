"""The audit invariant every database test ends with (see tests/conftest.py app_ctx and the integration ctx)."""
from __future__ import annotations

from pathlib import Path

import pytest


def assert_log_matches_data(ctx, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    """After every test on a database: each change the program made is in the audit log, so replaying the
    log gives the data (db.audit_replay). Tests that edit the file by hand on purpose are marked."""
    if request.node.get_closest_marker("edits_database_by_hand") or not Path(ctx.db_path).exists():
        return
    from sti_desk.db.audit_replay import reconcile

    with ctx.db.reader("test") as uow:
        report = reconcile(uow.session)
    assert report.ok, f"数据与审计日志不符（程序有未记入审计日志的修改）：{report.mismatches[:3]}"
