"""Bad input: every problem has a clear Chinese message and NOTHING is written (row counts before/after)."""
from __future__ import annotations

import threading
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests.integration.conftest import make_credit_code, make_id_number

from .conftest import CALL, app_row, budget_rows, counts, expert_row, fill, unit_row


def refused(ctx, intake, clerk, kind, path, *fragments, **kw):
    """Import ``path``: nothing may be written and some problem must contain every fragment."""
    before = counts(ctx)
    summary = intake.import_file(clerk, kind, path, **kw)
    assert not summary.written and summary.problems and summary.blocked
    assert counts(ctx) == before
    text = "\n".join(str(p.message) for p in summary.problems)
    for fragment in fragments:
        assert fragment in text, text
    return summary


def test_wrong_type_in_a_cell(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx",
                [app_row(1), app_row(2, requested="三十万", start_date="明年")], kind="applications",
                detail=budget_rows(1))
    s = refused(ctx, intake, clerk, "applications", path, "金额“三十万”不是有效数字", "日期“明年”无法识别")
    bad = {(p.row, p.header) for p in s.problems}
    assert (3, "申请财政资金(万元)*") in bad and (3, "开始日期*") in bad
    assert s.message().startswith("发现") and "未导入任何数据" in s.message()


def test_missing_required_column(ctx, intake, clerk, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "单位类型", "地址"])
    ws.append(["青溪测试1科技有限公司", "企业", "城关镇"])
    wb.save(tmp_path / "u.xlsx")
    refused(ctx, intake, clerk, "units", tmp_path / "u.xlsx", "缺少必填列“统一社会信用代码”")


def test_duplicate_rows_inside_the_file(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(1), unit_row(2), unit_row(1, name="别名公司")],
                kind="units")
    refused(ctx, intake, clerk, "units", path, "与第 4 行重复", "与第 2 行重复")


def test_unknown_call(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1, call="2031年度不存在的计划")],
                kind="applications", detail=budget_rows(1))
    refused(ctx, intake, clerk, "applications", path, "申报批次“2031年度不存在的计划”不存在", CALL)
    refused(ctx, intake, clerk, "applications", path, "指定的申报批次“2099-XX”不存在", call_code="2099-XX")


def test_amount_over_the_cap_is_a_problem_on_that_cell(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1, requested=60)], kind="applications",
                detail=budget_rows(1, total=60))
    s = refused(ctx, intake, clerk, "applications", path, "超过批次“2026-ZDYF”的单项资助上限 50.00 万元")
    cell = next(p for p in s.problems if "上限" in p.message)
    assert (cell.row, cell.column, cell.header) == (2, "J", "申请财政资金(万元)*")


def test_name_differing_from_the_stored_person(ctx, intake, clerk, templates, tmp_path):
    first = fill(templates["experts"], tmp_path / "e1.xlsx", [expert_row(1)], kind="experts")
    assert intake.import_file(clerk, "experts", first).written
    path = fill(templates["applications"], tmp_path / "a.xlsx",
                [app_row(1, leader_name="另一个人", leader_id_number=make_id_number(101))],
                kind="applications", detail=budget_rows(1))
    s = refused(ctx, intake, clerk, "applications", path, "已登记为“专家1”，与填写的姓名“另一个人”不一致")
    assert any(p.header == "项目负责人*" for p in s.problems)


def test_unknown_unit_without_creating_units(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    refused(ctx, intake, clerk, "applications", path, f"没有统一社会信用代码为 {make_credit_code(1)} 的单位",
            create_units=False)


def test_project_past_screening_cannot_be_changed_by_import(ctx, intake, clerk, templates, tmp_path):
    from sqlalchemy import select

    from sti_desk.db.tables import ProjectRow
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1)], kind="applications",
                detail=budget_rows(1))
    intake.import_file(clerk, "applications", path)
    with ctx.db.uow("test") as uow:
        uow.session.scalar(select(ProjectRow)).state = "review"
        uow.commit()
    edited = fill(templates["applications"], tmp_path / "b.xlsx", [app_row(1, field="新材料")],
                  kind="applications", detail=budget_rows(1))
    refused(ctx, intake, clerk, "applications", edited, "已进入“专家评审”阶段", "技术领域")


@pytest.mark.parametrize("case", ["truncated", "empty", "encrypted", "renamed_text", "word"])
def test_unusable_files(ctx, intake, clerk, templates, tmp_path, fixture_maker, case):
    good = fill(templates["units"], tmp_path / "good.xlsx", [unit_row(1)], kind="units")
    path = tmp_path / f"{case}.xlsx"
    if case == "truncated":
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        fragment = "已损坏或不完整"
    elif case == "empty":
        path.write_bytes(b"")
        fragment = "是空文件"
    elif case == "encrypted":
        path.write_bytes(fixture_maker.encrypted_cfb())
        fragment = "密码"
    elif case == "renamed_text":
        path.write_text("单位名称,统一社会信用代码\n青溪,123\n", encoding="utf-8")
        fragment = "不是 Excel 工作簿"
    else:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
        fragment = "Word 文档"
    s = refused(ctx, intake, clerk, "units", path, fragment)
    assert s.problems[0].row == 0 and path.name in s.problems[0].message


def test_partial_imports_only_the_valid_rows(ctx, intake, clerk, templates, tmp_path):
    rows = [app_row(1), app_row(2, requested=60), app_row(3, leader_id_number="123")]
    detail = budget_rows(1) + budget_rows(2, total=60) + budget_rows(3)
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications", detail=detail)
    out = tmp_path / "problems.xlsx"
    s = intake.import_file(clerk, "applications", path, partial=True, errors_out=out)
    assert s.written and s.created == 1 and not s.blocked
    assert [(r.row, r.label) for r in s.skipped] == [(3, "茶园智能灌溉关键技术第2号课题"),
                                                    (4, "茶园智能灌溉关键技术第3号课题")]
    assert any("上限" in reason for reason in s.skipped[0].reasons)
    assert [p.title for p in ctx.services.projects.list_projects(clerk)] == ["茶园智能灌溉关键技术第1号课题"]
    assert s.errors_file == out and "问题清单" in load_workbook(out).sheetnames


def test_dry_run_writes_nothing(ctx, intake, clerk, templates, tmp_path):
    path = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(1), unit_row(2)], kind="units")
    before = counts(ctx)
    s = intake.import_file(clerk, "units", path, dry_run=True)
    assert s.dry_run and not s.written and s.created == 2 and "试运行" in s.message()
    assert counts(ctx) == before


def test_cancel_midway_leaves_the_database_unchanged(ctx, intake, clerk, templates, tmp_path, monkeypatch):
    import sti_desk.services.intake_write as W
    monkeypatch.setattr(W, "CHUNK", 1)          # a chunk per row, so the token is checked between rows
    path = fill(templates["units"], tmp_path / "u.xlsx", [unit_row(i) for i in range(1, 6)], kind="units")
    token = threading.Event()
    seen = []

    def progress(done, total, message):
        seen.append((done, total))
        if done >= 2:
            token.set()
    before = counts(ctx)
    s = intake.import_file(clerk, "units", path, progress=progress, cancel=token)
    assert s.cancelled and not s.written and "已取消" in s.message()
    assert (2, 5) in seen and counts(ctx) == before


def test_a_template_without_data_rows(ctx, intake, clerk, templates):
    refused(ctx, intake, clerk, "units", templates["units"], "没有数据行")


def test_amounts_in_yuan_under_a_wan_header_are_stopped(ctx, intake, clerk, templates, tmp_path):
    """A file in 元 read as 万元 would be stored 10,000× too high: every such cell is named, with the unit hint."""
    rows = [app_row(1, requested=300000, self_raised=200000), app_row(2, requested=8000, self_raised=0)]
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications",
                detail=budget_rows(1, total=300000) + budget_rows(2, total=8000))
    s = refused(ctx, intake, clerk, "applications", path, "明显过大", "请把列标题改为“申请财政资金(元)”")
    flagged = {(p.row, p.column) for p in s.problems if "明显过大" in p.message}
    assert flagged == {(2, "J"), (2, "K"), (3, "J")}
    cap_rule = next(p for p in s.problems if p.row == 3 and "明显过大" in p.message)
    assert "5,000.00 万元" in cap_rule.message and "100 倍" in cap_rule.message
    assert not any("单项资助上限 50.00" in p.message for p in s.problems if p.row == 2 and p.column == "J")
    in_yuan = fill(templates["applications"], tmp_path / "b.xlsx", [app_row(1, requested="300000元",
                                                                            self_raised="200000元")],
                   kind="applications", detail=budget_rows(1))
    assert intake.import_file(clerk, "applications", in_yuan).written


def _without_column(template, out, header, rows, detail):
    path = fill(template, out, rows, kind="applications", detail=detail)
    wb = load_workbook(path)
    ws = wb["项目申报"]
    ws.delete_cols([c.value for c in ws[1]].index(header) + 1)
    wb.save(path)
    return path


@pytest.mark.parametrize("partial", [False, True])
def test_a_missing_required_column_is_reported_once(ctx, intake, clerk, templates, tmp_path, partial):
    """No per-row fallback reasons, no database checks on default values (e.g. past-screening problems)."""
    path = fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1), app_row(2)], kind="applications",
                detail=budget_rows(1) + budget_rows(2))
    assert intake.import_file(clerk, "applications", path).written
    path = _without_column(templates["applications"], tmp_path / "b.xlsx", "负责人身份证号*",
                           [app_row(1), app_row(2, requested=60), app_row(3)],
                           budget_rows(1) + budget_rows(2, total=60) + budget_rows(3))
    s = refused(ctx, intake, clerk, "applications", path, "缺少必填列“负责人身份证号”", partial=partial)
    assert [p.message.split("（")[0] for p in s.problems] == ["缺少必填列“负责人身份证号”"]
    assert s.skipped == [] and "未导入任何数据" in s.message()
    preview = intake.preview(clerk, "applications", path)
    assert len(preview.problems) == 1 and preview.records == []


def test_problems_are_sorted_by_sheet_row_and_column(ctx, intake, clerk, templates, tmp_path):
    """Database problems (the cap, an unknown call) and parse problems come out in one (sheet, row, column) order."""
    rows = [app_row(1, requested=60), app_row(2, start_date="明年"), app_row(3, call="2031年度不存在的计划"),
            app_row(4, leader_id_number="123")]
    detail = budget_rows(1, total=60) + budget_rows(2) + budget_rows(3) + budget_rows(4)
    detail[0]["subject"] = "不存在的科目"
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications", detail=detail)
    s = refused(ctx, intake, clerk, "applications", path, "上限", "日期“明年”无法识别", "不存在")
    where = [(p.sheet, p.row) for p in s.problems]
    sheet_order = {"项目申报": 0, "预算明细": 1}
    assert where == sorted(where, key=lambda w: (sheet_order[w[0]], w[1])), where
    assert where[0] == ("项目申报", 2) and where[-1][0] == "预算明细"
