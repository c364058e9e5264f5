"""审计日志 in words on the demo database: record numbers read as codes and names (项目：2026-CGZH-0016, not
项目：131), accounts by name, JSON columns summarised; 导出全部 writes every entry with the same words,
in chunks, and stops when cancelled. The stored entries are unchanged (the chain still verifies)."""
from __future__ import annotations

import re
import threading
from datetime import date

import openpyxl

from sti_desk.bootstrap import open_app
from sti_desk.services import audit as audit_module
from sti_desk.services.demo import populate

# a foreign key shown as a bare number: 项目：131, 单位：（空） → 22, 评审任务：62 …
BARE_NUMBER = re.compile(r"(?:^|；)(项目|单位|负责人|人员|专家|申报批次|评审轮次|评审组|评审任务|公示|关联专家|信用主体)："
                         r"(?:[^；]* → )?\d+(?:$|；)")


def test_demo_entries_name_their_records_and_export_all_matches(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    ctx = open_app(tmp_path / "demo.db")
    try:
        populate(ctx.db, today=date(2026, 11, 23))
        admin = ctx.services.auth.login("admin", "admin123")
        entries = ctx.services.audit.recent(admin, limit=100_000)
        texts = [e.content() for e in entries]
        bare = [t[:80] for t in texts if BARE_NUMBER.search(t)]
        assert not bare, bare[:5]
        assert not [t[:80] for t in texts if '{"' in t or '"passed"' in t]          # no raw JSON
        screening = next(e for e in entries if e.entity == "screenings" and e.action == "create")
        assert re.search(r"项目：\d{4}-[A-Z]+-\d{4}", screening.content())
        assert screening.object_name == re.search(r"项目：(\S+?)；", screening.content()).group(1)
        assert any("王晓梅（clerk）" in t for t in texts)                                  # accounts by name
        assert any(re.search(r"评分项：[\u4e00-\u9fff]", t) for t in texts)              # criterion names

        monkeypatch.setattr(audit_module, "EXPORT_CHUNK", 700)                          # several chunks
        seen: list[tuple[int, int]] = []
        out = ctx.services.audit.export(admin, tmp_path / "all.xlsx", progress=lambda d, t, m: seen.append((d, t)))
        assert out is not None and out.rows == len(entries) and len({d for d, _ in seen}) > 3
        sheet = openpyxl.load_workbook(out.path, read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("编号", "时间", "用户", "操作", "对象", "对象编号", "内容")
        assert [r[0] for r in rows[1:]] == [e.id for e in entries]                      # newest first, all
        assert [r[6] for r in rows[1:]] == texts
        assert [r[4] for r in rows[1:]] == [e.object_label for e in entries]

        stop = threading.Event()
        stop.set()
        assert ctx.services.audit.export(admin, tmp_path / "stopped.xlsx", cancel=stop) is None
        assert not (tmp_path / "stopped.xlsx").exists()
        units = ctx.services.audit.export(admin, tmp_path / "units.xlsx", "units")
        assert units is not None and units.rows == sum(e.entity == "units" for e in entries)
        assert ctx.services.audit.verify(admin).ok
    finally:
        ctx.close()
