"""What the QA tester met in a messy 申报汇总: the 问题清单 shows cells as typed, a row holding only the
filled-down 申报批次 is an empty row, a tiny amount in a (元) column is a warning, the preview's 标识 has no
empty part for a refused credit code."""
from __future__ import annotations

from openpyxl import load_workbook

from tests.integration.conftest import make_credit_code

from .conftest import CALL, CALL_NAME, app_row, budget_rows, counts, fill


def _in_yuan(path, *fields):
    """The clerk's own heading: the given money columns in 元 (budget lines stay in 万元 on 预算明细)."""
    wb = load_workbook(path)
    ws = wb["项目申报"]
    for cell in ws[1]:
        if any(str(cell.value).startswith(f) for f in fields):
            cell.value = str(cell.value).replace("(万元)", "(元)")
    wb.save(path)
    return path


def test_the_problem_list_shows_the_cap_cell_as_typed_with_the_converted_unit(ctx, intake, clerk, templates,
                                                                              tmp_path):
    """Cap check on 申请财政资金(元) “1,200,000”: the 单元格内容 is “1,200,000（即 120.00 万元）”, not “120.00”."""
    path = _in_yuan(fill(templates["applications"], tmp_path / "a.xlsx", [app_row(1, requested="1,200,000")],
                         kind="applications", detail=budget_rows(1, total=120)), "申请财政资金")
    out = tmp_path / "问题.xlsx"
    s = intake.import_file(clerk, "applications", path, errors_out=out)
    cap = next(p for p in s.problems if "单项资助上限" in p.message)
    assert cap.value == "1,200,000（即 120.00 万元）"
    sheet = load_workbook(out)["问题清单"]
    head = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if "单项资助上限" in str(r[-1]))
    assert row[head.index("单元格内容")] == "1,200,000（即 120.00 万元）"


def test_rows_holding_only_the_copied_call_are_empty_rows(ctx, intake, clerk, templates, tmp_path):
    """Copying the 申报批次 drop-down down the column must not make 9 必填项 problems per row."""
    rows = [app_row(1), {"call": CALL_NAME}, {"call": CALL_NAME, "lump_sum_pledge": "是"}, app_row(2)]
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications",
                detail=budget_rows(1) + budget_rows(2))
    s = intake.import_file(clerk, "applications", path)
    assert not s.problems and s.written, [str(p) for p in s.problems]
    assert counts(ctx)["projects"] == 2
    assert any("第 3–4 行只填了“申报批次”“包干制诚信承诺”" in n and "已按空行忽略" in n for n in s.notes), s.notes


def test_a_tiny_amount_in_a_yuan_column_is_a_warning_not_a_refusal(ctx, intake, clerk, templates, tmp_path):
    """80 under 申请财政资金(元) was surely meant as 80 万元: the import says the column is in 元 and the
    amount would be ¥80.00, and still imports (it may be meant)."""
    rows = [app_row(1, requested=80, self_raised=0), app_row(2, requested=300000, self_raised=200000)]
    detail = [dict(d, fiscal=0.008 if d["subject"] == "设备费" else 0) for d in budget_rows(1)] + budget_rows(2)
    path = _in_yuan(fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications", detail=detail),
                    "申请财政资金", "自筹资金")
    preview = intake.preview(clerk, "applications", path)
    assert not preview.problems, [str(p) for p in preview.problems]
    warned = [n for n in preview.notes if "不足 1,000 元" in n]
    assert warned == ["第 2 行：申请财政资金 ¥80.00，不足 1,000 元——该列标题注明单位为“元”，将按此金额导入；"
                      "如果表中金额实际以万元为单位，请把列标题中的“(元)”改为“(万元)”后重新导入"]
    s = intake.import_file(clerk, "applications", path)
    assert s.written and any("¥80.00" in n for n in s.notes)
    assert counts(ctx)["projects"] == 2


def test_the_preview_key_of_a_row_with_a_bad_credit_code_has_no_empty_part(ctx, intake, clerk, templates, tmp_path):
    rows = [app_row(1, unit_credit_code="91330100ABCDEFGHIJ", title="信用代码错误项目"),
            app_row(2, unit=2), app_row(3, unit_credit_code="")]
    path = fill(templates["applications"], tmp_path / "a.xlsx", rows, kind="applications",
                detail=budget_rows(2, unit=2))
    keys = {r.row: r.key for r in intake.preview(clerk, "applications", path).records}
    assert keys[2] == f"{CALL} / （信用代码有误） / 信用代码错误项目"
    assert keys[3] == f"{CALL} / {make_credit_code(2)} / 茶园智能灌溉关键技术第2号课题"
    assert keys[4] == f"{CALL} / 茶园智能灌溉关键技术第3号课题"          # blank code: left out
    assert all("/  /" not in k and not k.endswith("/ ") for k in keys.values())
