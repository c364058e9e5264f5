"""Every entry of the demo database reads in Chinese in the 审计日志: each item's name has Chinese characters
(no stored key such as ``assignment_id`` shows through), and no raw JSON is left."""
from __future__ import annotations

import re
from datetime import date

from sti_desk.bootstrap import open_app
from sti_desk.services.audit_text import entry_lines
from sti_desk.services.demo import populate

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_demo_audit_entries_read_in_chinese(tmp_path):  # type: ignore[no-untyped-def]
    ctx = open_app(tmp_path / "demo.db")
    try:
        populate(ctx.db, today=date(2026, 11, 23))
        admin = ctx.services.auth.login("admin", "admin123")
        entries = ctx.services.audit.recent(admin, limit=100_000)
        kinds = {(e.entity, e.action) for e in entries}
        assert len(entries) > 1000 and len(kinds) > 20
        unnamed: set[str] = set()
        for e in entries:
            for line in entry_lines(e.entity, e.action, e.before, e.after):
                name, sep, _ = line.partition("：")
                if not sep or not HAN.search(name):
                    unnamed.add(f"{e.entity}/{e.action}: {line[:60]}")
        assert not unnamed, sorted(unnamed)[:20]
    finally:
        ctx.close()
