"""Offline score sheets (离线评分表): one protected workbook per expert, and reading it back.

Plain data in, plain data out (no database): the review service decides what goes in and checks what
comes back. Layout of the visible sheet 「评分表」:

    row 1  title            row 2  expert, round, deadline            row 3  instructions
    row 4  header: 序号 | 项目编号 | 项目名称 | 申报单位 | 技术领域 | 预算总额（万元） |
                   <criterion>（满分 N） … | [合计（自动）] | 评审意见 | 推荐意见
    row 5… one project per row; only the mark, comment and recommendation cells are unlocked

The sheet never carries marks, comments or recommendations already stored (the clerk generates and
handles it, and must not see an expert's marks before the round is closed, 评审保密): a project whose
score sheet is already submitted is listed with :data:`SUBMITTED_MARK` in its comment cell and every
input cell of its row locked; reading the row back gives ``SheetRow.submitted_mark`` and no comment.

Mark cells carry a decimal 0..max data validation, the recommendation a drop-down. A very hidden sheet
「校验」 holds the round id, expert id, project ids, criteria codes and the token: HMAC-SHA256 over those
values with a per-round secret (:func:`sign`), so a sheet that was altered, belongs to another expert or
another round is recognised on import. The sheet and the workbook structure are protected.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain.errors import ValidationError

FORMAT_TAG = "sti-desk-score-sheet/1"
MAIN_SHEET = "评分表"
META_SHEET = "校验"
HEADER_ROW = 4
FIRST_ROW = 5
FIXED_COLUMNS = ("序号", "项目编号", "项目名称", "申报单位", "技术领域", "预算总额（万元）")
TOTAL_COLUMN = "合计（自动）"
COMMENT_COLUMN = "评审意见"
RECOMMENDATION_COLUMN = "推荐意见"
SUBMITTED_MARK = "已提交（评分不在本表中显示；如需修改，请联系经办人退回）"
PROTECT_PASSWORD = "sti-desk"  # sheet protection only keeps honest people honest; the token is the check
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_DONE_FILL = PatternFill("solid", fgColor="EDEDED")
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_META_KEYS = ("format", "round_id", "expert_id", "project_ids", "criteria", "token")


@dataclass(frozen=True)
class SheetCriterion:
    code: str
    name: str
    max_points: int


@dataclass(frozen=True)
class SheetProject:
    project_id: int
    code: str
    title: str
    unit: str
    field: str
    budget_wan: str
    submitted: bool = False            # already submitted: shown as such, nothing to fill in


@dataclass(frozen=True)
class ScoreSheet:
    round_id: int
    round_number: int
    expert_id: int
    expert_name: str
    call_code: str
    call_name: str
    criteria: tuple[SheetCriterion, ...]
    recommendations: tuple[str, ...]
    projects: tuple[SheetProject, ...]
    token: str
    with_total: bool = True
    deadline: date | None = None
    comment_rule: str = ""


@dataclass(frozen=True)
class SheetRow:
    excel_row: int
    project_code: str
    marks: dict[str, object]          # criterion code → raw cell value (None when empty)
    comment: object
    recommendation: object
    submitted_mark: bool = False      # the row was written as already submitted (comment cell = SUBMITTED_MARK)

    @property
    def empty(self) -> bool:
        return all(_blank(v) for v in (*self.marks.values(), self.comment, self.recommendation))


@dataclass(frozen=True)
class ReadSheet:
    round_id: int
    expert_id: int
    project_ids: tuple[int, ...]
    criteria_codes: tuple[str, ...]
    token: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]  # (Excel row, cell values from column A)


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def criterion_header(c: SheetCriterion) -> str:
    return f"{c.name}（满分 {c.max_points}）"


def header(criteria: Sequence[SheetCriterion], with_total: bool) -> tuple[str, ...]:
    return (*FIXED_COLUMNS, *(criterion_header(c) for c in criteria), *((TOTAL_COLUMN,) if with_total else ()),
            COMMENT_COLUMN, RECOMMENDATION_COLUMN)


def sign(secret: str, round_id: int, expert_id: int, project_ids: Sequence[int], criteria_codes: Sequence[str]) -> str:
    """HMAC-SHA256 (hex) over the sheet's identity: round, expert, projects in order, criteria in order."""
    message = (f"{FORMAT_TAG}|{round_id}|{expert_id}|{','.join(str(p) for p in project_ids)}|"
               f"{','.join(criteria_codes)}").encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _text(cell, value: object) -> None:  # type: ignore[no-untyped-def]
    """Write a value; text that Excel would take for a formula stays text (no formula injection)."""
    cell.value = value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_score_sheet(sheet: ScoreSheet, path: Path) -> Path:
    """Write the expert's workbook to ``path`` (parent folders are created)."""
    wb = Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET
    cols = header(sheet.criteria, sheet.with_total)
    last_col = get_column_letter(len(cols))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = f"{sheet.call_name}　专家评分表（第 {sheet.round_number} 轮）"
    ws["A1"].font = Font(size=14, bold=True)
    ws.merge_cells(f"A2:{last_col}2")
    due = f"　　请于 {sheet.deadline:%Y-%m-%d} 前交回" if sheet.deadline else ""
    _text(ws["A2"], f"评审专家：{sheet.expert_name}（专家编号 {sheet.expert_id}）　　批次：{sheet.call_code}{due}")
    ws.merge_cells(f"A3:{last_col}3")
    ws["A3"] = ("请只在黄色单元格中填写：各项得分为 0 至满分之间的数，最多一位小数；"
                f"{sheet.comment_rule}推荐意见请从下拉列表中选择。请勿增删行列或修改其他内容，否则无法导入。")
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 36
    for i, name in enumerate(cols, start=1):
        c = ws.cell(HEADER_ROW, i, name)
        c.font, c.fill, c.border = Font(bold=True), _HEAD_FILL, _BORDER
        c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.row_dimensions[HEADER_ROW].height = 32
    n_fixed, n_crit = len(FIXED_COLUMNS), len(sheet.criteria)
    first_mark = n_fixed + 1
    comment_col = first_mark + n_crit + (1 if sheet.with_total else 0)
    rec_col = comment_col + 1
    last_row = FIRST_ROW + max(len(sheet.projects), 1) - 1
    for offset, p in enumerate(sheet.projects):
        r = FIRST_ROW + offset
        for i, value in enumerate((offset + 1, p.code, p.title, p.unit, p.field, p.budget_wan), start=1):
            _text(ws.cell(r, i), value)
            ws.cell(r, i).border = _BORDER
            ws.cell(r, i).alignment = Alignment(wrap_text=True, vertical="top")
        for j in range(n_crit):
            ws.cell(r, first_mark + j).number_format = "0.0"
        if sheet.with_total:
            a, b = get_column_letter(first_mark), get_column_letter(first_mark + n_crit - 1)
            t = ws.cell(r, first_mark + n_crit, None if p.submitted else
                        f'=IF(COUNT({a}{r}:{b}{r})=0,"",SUM({a}{r}:{b}{r}))')
            t.border, t.number_format = _BORDER, "0.0"
        if p.submitted:
            ws.cell(r, comment_col).value = SUBMITTED_MARK
        for col in [*range(first_mark, first_mark + n_crit), comment_col, rec_col]:
            cell = ws.cell(r, col)
            cell.protection = Protection(locked=p.submitted)
            cell.fill, cell.border = (_DONE_FILL if p.submitted else _INPUT_FILL), _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for j, c in enumerate(sheet.criteria):
        letter = get_column_letter(first_mark + j)
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=str(c.max_points),
                            allow_blank=True, showErrorMessage=True, errorTitle="分数超出范围",
                            error=f"「{c.name}」请填写 0 至 {c.max_points} 之间的数（最多一位小数）")
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
        ws.add_data_validation(dv)
    options = ",".join(sheet.recommendations)
    dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True, showErrorMessage=True,
                        errorTitle="推荐意见", error=f"请从下拉列表中选择：{options}")
    dv.add(f"{get_column_letter(rec_col)}{FIRST_ROW}:{get_column_letter(rec_col)}{last_row}")
    ws.add_data_validation(dv)
    widths = [6, 16, 36, 24, 10, 12, *([12] * n_crit), *([10] if sheet.with_total else []), 40, 12]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = ws.cell(FIRST_ROW, 4)
    ws.page_setup.orientation = "landscape"
    ws.protection.sheet = True
    ws.protection.password = PROTECT_PASSWORD
    meta = wb.create_sheet(META_SHEET)
    values = (FORMAT_TAG, sheet.round_id, sheet.expert_id, ",".join(str(p.project_id) for p in sheet.projects),
              ",".join(c.code for c in sheet.criteria), sheet.token)
    for i, (k, v) in enumerate(zip(_META_KEYS, values), start=1):
        meta.cell(i, 1, k)
        meta.cell(i, 2, str(v)).data_type = "s"
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    meta.protection.password = PROTECT_PASSWORD
    wb.security = WorkbookProtection(workbookPassword=PROTECT_PASSWORD, lockStructure=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _int_list(text: str, what: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise ValidationError(f"评分表校验信息中的{what}已损坏") from exc


def read_score_sheet(path: Path) -> ReadSheet:
    """Read a sheet written by :func:`write_score_sheet` (structure only; the service checks the rest)."""
    try:
        wb = load_workbook(Path(path), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same message
        raise ValidationError(f"无法读取评分表文件“{Path(path).name}”：不是有效的 Excel 文件") from exc
    try:
        if MAIN_SHEET not in wb.sheetnames or META_SHEET not in wb.sheetnames:
            raise ValidationError(f"“{Path(path).name}”不是本系统生成的专家评分表（缺少工作表「{MAIN_SHEET}」或校验信息）")
        meta = wb[META_SHEET]
        info = {str(meta.cell(i, 1).value or ""): str(meta.cell(i, 2).value or "") for i in range(1, len(_META_KEYS) + 1)}
        if info.get("format") != FORMAT_TAG or any(k not in info for k in _META_KEYS):
            raise ValidationError("评分表的校验信息已损坏或格式版本不符")
        try:
            round_id, expert_id = int(info["round_id"]), int(info["expert_id"])
        except ValueError as exc:
            raise ValidationError("评分表校验信息中的轮次或专家编号已损坏") from exc
        ws = wb[MAIN_SHEET]
        width = ws.max_column
        head = tuple("" if v is None else str(v).strip()
                     for v in next(ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=width, values_only=True)))
        while head and head[-1] == "":
            head = head[:-1]
        rows = []
        for r, values in enumerate(ws.iter_rows(min_row=FIRST_ROW, max_col=max(width, 1), values_only=True),
                                   start=FIRST_ROW):
            if all(_blank(v) for v in values):
                continue
            rows.append((r, tuple(values)))
        return ReadSheet(round_id, expert_id, _int_list(info["project_ids"], "项目编号"),
                         tuple(c for c in info["criteria"].split(",") if c), info["token"], head, tuple(rows))
    finally:
        wb.close()


def sheet_rows(read: ReadSheet, criteria_codes: Sequence[str], with_total: bool) -> list[SheetRow]:
    """The data rows of a sheet whose header was found intact, keyed by criterion code."""
    n_fixed, n = len(FIXED_COLUMNS), len(criteria_codes)
    comment_at = n_fixed + n + (1 if with_total else 0)
    out = []
    for r, values in read.rows:
        cells = list(values) + [None] * (comment_at + 2 - len(values))
        code = "" if cells[1] is None else str(cells[1]).strip()
        comment = cells[comment_at]
        done = isinstance(comment, str) and comment.strip() == SUBMITTED_MARK
        out.append(SheetRow(r, code, {c: cells[n_fixed + i] for i, c in enumerate(criteria_codes)},
                            None if done else comment, cells[comment_at + 1], done))
    return out
