"""Offline score sheets: written protected with validations and a token; imported back with checks."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from sti_desk.domain.errors import ValidationError
from sti_desk.io.score_sheets import FIRST_ROW, MAIN_SHEET, META_SHEET
from sti_desk.services.review_dto import SheetRejected

from .conftest import submit_all
from .world import DAY, GOOD

ORDER = ("innovation", "technical", "team", "benefit", "budget")
MARK_COL = 7          # G: first criterion (after 6 fixed columns)
COMMENT_COL = MARK_COL + 5 + 1  # after the total column
REC_COL = COMMENT_COL + 1


@pytest.fixture
def sheets(review, clerk, drawn, world, tmp_path):
    paths = review.sheets(clerk, world.call, tmp_path / "out")
    return {int(p.stem.rsplit("_", 1)[1]): p for p in paths}


def _fill(path, rows, *, out=None):
    """rows: {index: (marks tuple or None, comment, recommendation)}; index 0 = first project row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[MAIN_SHEET]
    for i, (marks, comment, rec) in rows.items():
        r = FIRST_ROW + i
        for j, v in enumerate(marks or ()):
            ws.cell(r, MARK_COL + j).value = v
        ws.cell(r, COMMENT_COL).value = comment
        ws.cell(r, REC_COL).value = rec
    target = out or path
    wb.save(target)
    return target


def _good_row():
    return (tuple(GOOD[c] for c in ORDER), "立项依据充分", "资助")


def test_one_protected_workbook_per_expert(sheets, drawn):
    assert sorted(sheets) == sorted(e.id for e in drawn.groups[0].panel)
    wb = openpyxl.load_workbook(next(iter(sheets.values())))
    ws = wb[MAIN_SHEET]
    assert ws.protection.sheet and wb.security.lockStructure
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert ws.cell(4, MARK_COL).value == "创新性（满分 30）"
    assert [ws.cell(FIRST_ROW + i, 2).value for i in range(4)] == ["2026-CGZH-0001", "2026-CGZH-0002",
                                                                  "2026-CGZH-0003", "2026-CGZH-0004"]
    rules = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert rules["G5:G8"].type == "decimal" and rules["G5:G8"].formula2 == "30"
    assert any(dv.type == "list" and "不资助" in dv.formula1 for dv in rules.values())
    assert not ws.cell(FIRST_ROW, MARK_COL).protection.locked and ws.cell(FIRST_ROW, 3).protection.locked


def test_a_complete_sheet_is_imported_and_submitted(review, clerk, sheets, panel, world):
    eid, path = next(iter(sheets.items()))
    _fill(path, {i: _good_row() for i in range(4)} | {1: ((Decimal("25.5"), 20, 12, 16, 8), "好", "优先资助")})
    result = review.import_scores(clerk, path, expert_id=eid)
    assert result.submitted == world.codes and result.missing == [] and result.drafts == []
    forms = [review.get_score_form(panel[eid], a.id) for a in review.my_assignments(panel[eid])]
    assert all(f.locked for f in forms)
    assert sorted(f.total for f in forms) == [Decimal(81)] * 3 + [Decimal("81.5")]
    again = review.import_scores(clerk, path)        # re-import of the same sheet is harmless
    assert again.already_submitted == world.codes and again.submitted == []


def test_a_partial_sheet_saves_what_is_complete_and_lists_the_missing(review, clerk, sheets, panel, world):
    eid, path = next(iter(sheets.items()))
    _fill(path, {0: _good_row(), 2: ((20, 15, None, None, None), None, None)})
    result = review.import_scores(clerk, path)
    assert result.submitted == [world.codes[0]]
    assert result.drafts == [world.codes[2]]
    assert result.draft_gaps == [f"第 7 行（{world.codes[2]}）尚缺：团队基础、经济社会效益、预算合理性"]  # what is missing
    assert result.missing == ["2026-CGZH-0002《项目2》", "2026-CGZH-0004《项目4》"]
    mine = {a.project_code: a for a in review.my_assignments(panel[eid])}
    assert mine[world.codes[0]].locked and mine[world.codes[2]].has_draft and not mine[world.codes[2]].locked


def test_a_row_with_only_a_comment_or_recommendation_is_not_saved_and_named(ctx, review, clerk, sheets, panel,
                                                                             world):
    """save_marks refuses a draft with no mark; the import skips such a row (naming it) and saves the others."""
    import json

    from sqlalchemy import select

    from sti_desk.db.tables import AuditRow

    eid, path = next(iter(sheets.items()))
    actor = panel[eid]
    mine = {a.project_code: a for a in review.my_assignments(actor)}
    kept = mine[world.codes[3]]
    review.save_marks(actor, kept.id, {"innovation": "21.5"}, "系统中的草稿", "")
    _fill(path, {0: _good_row(), 1: (None, "创新点不足", "资助"), 2: ((20, 15, None, None, None), "部分", None),
                 3: (None, None, "不资助")})
    result = review.import_scores(clerk, path, expert_id=eid)
    assert result.submitted == [world.codes[0]] and result.drafts == [world.codes[2]] and result.missing == []
    assert result.not_saved == [f"第 {FIRST_ROW + 1} 行（{world.codes[1]}）没有填写评分，未保存（评审意见、推荐意见已忽略）",
                                f"第 {FIRST_ROW + 3} 行（{world.codes[3]}）没有填写评分，未保存（推荐意见已忽略）"]
    after = {a.project_code: a for a in review.my_assignments(actor)}
    assert after[world.codes[0]].locked and after[world.codes[2]].has_draft
    assert not after[world.codes[1]].has_draft and not after[world.codes[1]].locked
    form = review.get_score_form(actor, kept.id)       # the stored draft is left as it was
    assert (form.marks, form.comment, form.recommendation) == ({"innovation": Decimal("21.5")}, "系统中的草稿", "")
    with ctx.db.reader() as uow:
        detail = json.loads(uow.session.scalars(select(AuditRow.after_json).where(
            AuditRow.entity == "review_sheets", AuditRow.action == "import")).one())
    assert detail["not_saved"] == [world.codes[1], world.codes[3]] and detail["drafts"] == [world.codes[2]]


def test_a_sheet_of_only_comments_saves_nothing_even_as_draft(review, clerk, sheets, panel, world):
    eid, path = next(iter(sheets.items()))
    _fill(path, {i: (None, "意见", None) for i in range(4)})
    result = review.import_scores(clerk, path, submit=False)
    assert result.submitted == result.drafts == result.missing == [] and len(result.not_saved) == 4
    assert all(w.endswith("没有填写评分，未保存（评审意见已忽略）") for w in result.not_saved)
    assert not any(a.has_draft or a.locked for a in review.my_assignments(panel[eid]))


def test_out_of_range_marks_are_refused_naming_the_cell_and_nothing_is_saved(review, clerk, sheets, panel):
    eid, path = next(iter(sheets.items()))
    _fill(path, {0: _good_row(), 1: ((45, 20, 12, 16, 8), "x", "资助"), 2: ((20, 26, 12.55, 16, 8), "x", "资助"),
                 3: ((20, 20, 12, 16, 8), None, "强烈推荐")})
    with pytest.raises(SheetRejected) as err:
        review.import_scores(clerk, path)
    problems = err.value.problems
    assert "第 6 行「创新性」：45 超过满分 30" in problems
    assert "第 7 行「技术方案」：26 超过满分 25" in problems
    assert "第 7 行「团队基础」：12.55 最多保留一位小数" in problems
    assert any(p.startswith("第 8 行「推荐意见」") for p in problems)
    assert "未导入任何分数" in str(err.value)
    assert not any(a.locked or a.has_draft for a in review.my_assignments(panel[eid]))


def test_a_low_total_without_comment_is_refused_with_the_row(review, clerk, sheets):
    path = next(iter(sheets.values()))
    _fill(path, {0: ((5, 5, 5, 5, 5), None, "资助")})
    with pytest.raises(SheetRejected, match="第 5 行（项目 2026-CGZH-0001）：总分 25 低于 60 分"):
        review.import_scores(clerk, path)


def _meta(path, key_row, value, out):
    wb = openpyxl.load_workbook(path)
    wb[META_SHEET].cell(key_row, 2).value = value
    wb.save(out)
    return out


def test_a_changed_token_is_refused(review, clerk, sheets, tmp_path):
    path = _fill(next(iter(sheets.values())), {0: _good_row()})
    with pytest.raises(SheetRejected, match="校验码不符"):
        review.import_scores(clerk, _meta(path, 6, "0" * 64, tmp_path / "t.xlsx"))


def test_another_experts_sheet_is_refused(review, clerk, sheets, tmp_path):
    (e1, p1), (e2, p2) = list(sheets.items())[:2]
    _fill(p1, {0: _good_row()})
    with pytest.raises(SheetRejected, match=f"属于专家 .*（编号 {e1}），不是所选专家"):
        review.import_scores(clerk, p1, expert_id=e2)
    # relabelling the sheet as another expert's breaks the token
    with pytest.raises(SheetRejected, match="校验码不符"):
        review.import_scores(clerk, _meta(p1, 3, str(e2), tmp_path / "other.xlsx"))


def test_a_sheet_from_another_round_is_refused(ctx, review, clerk, boss, drawn, panel, world, tmp_path):
    old = review.sheets(clerk, world.call, tmp_path / "round1")[0]
    submit_all(review, panel)
    review.close_round(clerk, world.call)
    with pytest.raises(SheetRejected, match="第 1 轮评审，该轮评审已结束"):
        review.import_scores(clerk, _fill(old, {0: _good_row()}))
    # a second call's round: pointing the old sheet at it breaks the token
    from .world import build_world

    other = build_world(ctx, code="2026-ZDYF", n_projects=2, n_experts=8)
    round2 = review.draw(clerk, other.call, seed=1, today=DAY)
    with pytest.raises(SheetRejected, match="校验码不符"):
        review.import_scores(clerk, _meta(old, 2, str(round2.round_id), tmp_path / "moved.xlsx"))


def test_a_deleted_column_or_row_is_refused(review, clerk, sheets, tmp_path):
    path = _fill(next(iter(sheets.values())), {i: _good_row() for i in range(4)})
    wb = openpyxl.load_workbook(path)
    wb[MAIN_SHEET].delete_cols(MARK_COL + 2)
    wb.save(tmp_path / "col.xlsx")
    with pytest.raises(SheetRejected, match="表头被改动"):
        review.import_scores(clerk, tmp_path / "col.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[MAIN_SHEET].delete_rows(FIRST_ROW + 1)
    wb.save(tmp_path / "row.xlsx")
    with pytest.raises(SheetRejected, match="行被增删"):
        review.import_scores(clerk, tmp_path / "row.xlsx")


def test_not_a_score_sheet_is_refused(review, clerk, drawn, tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"not excel")
    with pytest.raises(ValidationError, match="不是有效的 Excel"):
        review.import_scores(clerk, tmp_path / "x.xlsx")
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(ValidationError, match="不是本系统生成"):
        review.import_scores(clerk, tmp_path / "y.xlsx")


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]


def test_the_clerks_sheet_carries_no_draft_marks_comment_or_recommendation(review, clerk, panel, world, tmp_path):
    """评审保密: the clerk generates and handles the sheets, so an expert's draft must not be in them."""
    eid, actor = sorted(panel.items())[0]
    draft = review.my_assignments(actor)[0]
    review.save_marks(actor, draft.id, {"innovation": "21.4", "technical": "18.6"}, "草稿：创新点不足", "不资助")
    path = next(p for p in review.sheets(clerk, world.call, tmp_path / "out") if p.stem.endswith(f"_{eid}"))
    cells = _cells(path)
    assert not any(isinstance(v, (int, float)) and Decimal(str(v)) in (Decimal("21.4"), Decimal("18.6"))
                   for v in cells)
    assert not any(isinstance(v, str) and ("草稿：创新点不足" in v or v == "不资助") for v in cells)
    ws = openpyxl.load_workbook(path)[MAIN_SHEET]
    assert all(ws.cell(FIRST_ROW, MARK_COL + j).value is None for j in range(5))
    # the draft stays stored until the sheet comes back with that row filled in
    assert review.get_score_form(actor, draft.id).marks == {"innovation": Decimal("21.4"), "technical": Decimal("18.6")}


def test_a_submitted_project_is_listed_as_submitted_without_marks_and_cannot_be_imported_over(
        review, clerk, panel, world, tmp_path):
    from sti_desk.io.score_sheets import SUBMITTED_MARK

    eid, actor = sorted(panel.items())[0]
    done = review.my_assignments(actor)[0]
    review.save_marks(actor, done.id, {"innovation": "23.7", "technical": 20, "team": 12, "benefit": 16,
                                       "budget": 8}, "已交意见", "资助", submit=True)
    path = next(p for p in review.sheets(clerk, world.call, tmp_path / "out") if p.stem.endswith(f"_{eid}"))
    ws = openpyxl.load_workbook(path)[MAIN_SHEET]
    assert ws.cell(FIRST_ROW, 2).value == done.project_code
    assert ws.cell(FIRST_ROW, COMMENT_COL).value == SUBMITTED_MARK
    assert all(ws.cell(FIRST_ROW, MARK_COL + j).value is None and ws.cell(FIRST_ROW, MARK_COL + j).protection.locked
               for j in range(5))
    assert ws.cell(FIRST_ROW, REC_COL).value is None and ws.cell(FIRST_ROW, REC_COL).protection.locked
    assert ws.cell(FIRST_ROW, MARK_COL + 5).value is None          # no total formula either
    assert not ws.cell(FIRST_ROW + 1, MARK_COL).protection.locked
    assert "已交意见" not in [v for v in _cells(path) if isinstance(v, str)]
    # the untouched submitted row is reported as such; the other rows import as usual
    _fill(path, {i: _good_row() for i in range(1, 4)}, out=tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "filled.xlsx")
    wb[MAIN_SHEET].cell(FIRST_ROW, COMMENT_COL).value = SUBMITTED_MARK
    wb.save(tmp_path / "filled.xlsx")
    result = review.import_scores(clerk, tmp_path / "filled.xlsx")
    assert result.already_submitted == [done.project_code] and result.submitted == world.codes[1:]
    # marks typed over the submitted row (sheet protection removed) are refused, nothing is imported
    review.reopen(clerk, review.my_assignments(actor)[1].id, "更正")
    over = _fill(path, {0: _good_row(), 1: _good_row()}, out=tmp_path / "over.xlsx")
    with pytest.raises(SheetRejected) as err:
        review.import_scores(clerk, over)
    assert err.value.problems == [f"第 {FIRST_ROW} 行：项目 {done.project_code} 的评分已提交，如需修改请先由经办人退回"]
    assert review.get_score_form(actor, done.id).marks["innovation"] == Decimal("23.7")
    assert not review.get_score_form(actor, review.my_assignments(actor)[1].id).locked


def test_an_expert_with_everything_submitted_gets_no_sheet(review, clerk, panel, world, tmp_path):
    eid, actor = sorted(panel.items())[0]
    for a in review.my_assignments(actor):
        review.save_marks(actor, a.id, {c: GOOD[c] for c in ORDER}, "意见", "资助", submit=True)
    paths = review.sheets(clerk, world.call, tmp_path / "out")
    assert len(paths) == len(panel) - 1 and not any(p.stem.endswith(f"_{eid}") for p in paths)


def test_every_problem_of_a_row_whose_marks_are_valid_is_said_at_once(review, clerk, sheets, panel):
    """A bad 推荐意见 used to hide the comment the low total needs until the next try."""
    eid, path = next(iter(sheets.items()))
    _fill(path, {0: ((5, 5, 5, 5, 5), None, "强烈推荐"), 1: ((45, 5, 5, 5, 5), None, "强烈推荐")})
    with pytest.raises(SheetRejected) as err:
        review.import_scores(clerk, path)
    problems = err.value.problems
    assert [p for p in problems if p.startswith("第 5 行")] == [
        "第 5 行「推荐意见」：“强烈推荐”不是可选项（优先资助、资助、不资助）",
        "第 5 行（项目 2026-CGZH-0001）：总分 25 低于 60 分，须填写评审意见"]
    row6 = [p for p in problems if p.startswith("第 6 行")]      # a bad mark: no total to check against yet
    assert row6 == ["第 6 行「创新性」：45 超过满分 30", "第 6 行「推荐意见」：“强烈推荐”不是可选项（优先资助、资助、不资助）"]


def test_imported_as_drafts_the_rows_need_no_submission_comment(review, clerk, sheets, panel):
    """--draft saves what save_marks saves as a draft: a low total without a comment is no problem yet."""
    eid, path = next(iter(sheets.items()))
    _fill(path, {0: ((5, 5, 5, 5, 5), None, "资助"), 1: ((5, 5, 5, 5, 5), None, None)})
    with pytest.raises(SheetRejected, match="总分 25 低于 60 分"):
        review.import_scores(clerk, path)                       # to submit, the comment is required
    result = review.import_scores(clerk, path, submit=False)
    assert result.drafts == ["2026-CGZH-0001", "2026-CGZH-0002"] and result.submitted == []
    mine = {a.project_code: a for a in review.my_assignments(panel[eid])}
    assert mine["2026-CGZH-0001"].has_draft and not mine["2026-CGZH-0001"].locked


def test_the_result_names_the_drafts_saved_online_that_the_sheet_overwrites(ctx, review, clerk, sheets, panel):
    eid, path = next(iter(sheets.items()))
    actor = panel[eid]
    mine = {a.project_code: a for a in review.my_assignments(actor)}
    codes = sorted(mine)
    review.save_marks(actor, mine[codes[0]].id, {"innovation": "21.5"}, "在线暂存", "资助")
    review.save_marks(actor, mine[codes[1]].id, {"innovation": "20"}, "", "")       # the sheet leaves it empty
    review.save_marks(actor, mine[codes[2]].id, dict(GOOD), "立项依据充分", "资助")  # the sheet says the same
    _fill(path, {0: _good_row(), 2: _good_row(), 3: _good_row()})
    result = review.import_scores(clerk, path)
    assert len(result.overwritten_drafts) == 1 and result.overwritten_drafts[0].startswith(f"{codes[0]}（暂存于 ")
    assert result.missing and result.missing[0].startswith(codes[1])
    assert review.get_score_form(actor, mine[codes[1]].id).marks == {"innovation": Decimal("20")}   # kept
    import json

    from sqlalchemy import select

    from sti_desk.db.tables import AuditRow
    with ctx.db.reader() as uow:
        detail = json.loads(uow.session.scalars(select(AuditRow.after_json).where(
            AuditRow.entity == "review_sheets", AuditRow.action == "import")).one())
    assert detail["overwritten_drafts"] == result.overwritten_drafts
