"""Parsing a workbook of one kind (units, experts, applications, expenditures) into typed rows and a list
of every bad cell, located by sheet, row and column header.

One converter per column is chosen once (from the field's type, the column's money unit and the choice
list), so the per-cell work is a function call; blank, 合计 (total) and note rows are skipped.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

from openpyxl.utils import get_column_letter

from sti_desk.gc_policy import paused as gc_paused
from sti_desk.domain.entities import UNIT_TYPE_LABELS, UnitType
from sti_desk.domain.errors import ValidationError
from sti_desk.domain.money import Money

from . import excel_codes as C
from . import excel_values as V
from .excel_budget import attach_budget_lines, check_budgets, column_budget_lines
from .excel_headers import HeaderMatch, build_index, find_header
from .excel_read import SheetData, fill_merged, read_workbook
from .excel_specs import BUDGET_DETAIL, DEFAULT_CHOICES, SUBJECT_SYNONYMS, UNIT_TYPE_SYNONYMS, FieldSpec, \
    SheetSpec, spec_for
from .excel_types import CellProblem, ColumnLayout, ParsedRow, ParseResult, row_ranges

Choices = Mapping[str, Sequence[str]]
AUX_SHEETS = ("填写说明", "填表说明", "代码表", "问题清单")
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|累计)")
_NOTE_ROW = re.compile(r"^(注|说明|备注|填表|制表|审核|附注)")
ZERO_WIDTH = "\u200b\ufeff \u3000\xa0"
_CHOICE_DROP = re.compile(r"[\s/、·()（）,，]")

_SIMPLE: dict[str, Callable[[object], object]] = {
    "text": V.to_text, "name": V.to_person_name, "code": V.to_code, "phone": V.to_phone,
    "id_number": C.to_id_number, "credit_code": C.to_credit_code, "date": V.to_date, "bool": V.to_bool,
    "percent": V.to_percent, "team": C.to_team,
}


def choice_key(text: str) -> str:
    return _CHOICE_DROP.sub("", V.half_width(text)).lower()


def _choice_converter(fs: FieldSpec, choices: Choices) -> Callable[[object], object]:
    allowed = list(choices.get(fs.choices or "", None) or DEFAULT_CHOICES.get(fs.choices or "", []))
    if not allowed:                              # e.g. 申报批次 when the caller gives no list: free text
        return V.to_text
    table: dict[str, object] = {choice_key(a): a for a in allowed}
    if fs.choices == "unit_type":
        by_label = {label: t for t, label in UNIT_TYPE_LABELS.items()}
        table = {choice_key(a): by_label.get(a, a) for a in allowed}
        table |= {choice_key(t.value): t for t in UnitType if t.label in allowed}
        table |= {choice_key(k): t for k, t in UNIT_TYPE_SYNONYMS.items() if t.label in allowed}
    if fs.choices == "budget_subject":
        table |= {choice_key(k): v for k, v in SUBJECT_SYNONYMS.items() if v in allowed}
    shown = "、".join(allowed[:12]) + ("等" if len(allowed) > 12 else "")

    def convert(value: object) -> object:
        text = V.to_text(value)
        hit = table.get(choice_key(text))
        if hit is None:
            raise ValidationError(f"“{text}”不是可选的{fs.header}；可选：{shown}")
        return hit
    return convert


_MEMO_TYPES = frozenset({"money", "choice", "bool", "date", "credit_code", "id_number", "code", "name", "phone",
                         "percent"})


def _memo(conv: Callable[[object], object]) -> Callable[[object], object]:
    """Remember the conversion of each distinct text or number in a column (领域, 单位代码, amounts and
    dates repeat a lot). Only for immutable results; errors are not remembered. (Keys are only str and
    float, so True never meets 1.0.)"""
    cache: dict[str | float, object] = {}

    def convert(value: object) -> object:
        if value.__class__ is str or value.__class__ is float:
            hit = cache.get(value)
            if hit is None:
                hit = cache[value] = conv(value)
            return hit
        return conv(value)
    return convert


def make_converter(fs: FieldSpec, unit: str | None, choices: Choices) -> Callable[[object], object]:
    """The function that turns one non-blank cell of this column into its typed value."""
    if fs.vtype == "money":
        conv: Callable[[object], object] = partial(V.to_money if fs.required else V.to_optional_money,
                                                   unit=unit or V.WAN)
    elif fs.vtype == "choice":
        conv = _choice_converter(fs, choices)
    else:
        conv = _SIMPLE[fs.vtype]
    return _memo(conv) if fs.vtype in _MEMO_TYPES else conv


def default_value(fs: FieldSpec) -> object:
    """What a blank optional cell (or an absent optional column) stands for."""
    return {"money": Money(0), "bool": False, "date": None, "team": None}.get(
        fs.vtype, None if fs.choices == "unit_type" else "")


# -- sheet selection -----------------------------------------------------------------------------------
def _best_sheet(sheets: list[SheetData], spec: SheetSpec) -> tuple[SheetData, HeaderMatch] | None:
    index = build_index(spec)
    best: tuple[SheetData, HeaderMatch] | None = None
    for sheet in sheets:
        fill_merged(sheet)
        hm = find_header(sheet.rows, spec, index=index)
        if hm is not None and (best is None or hm.score > best[1].score):
            best = (sheet, hm)
    return best


def _is_aux(name: str) -> bool:
    """Instruction, code-list and problem-list sheets (ours or the bureau's) hold no data rows."""
    name = name.replace(" ", "")
    return name == "说明" or any(a in name for a in AUX_SHEETS)


def parse_workbook(path: str | Path, kind: str, *, choices: Choices | None = None) -> ParseResult:
    """Read ``path`` and parse it as ``kind`` ("units", "experts", "applications", "expenditures").

    Raises :class:`ExcelFileError` for a file that cannot be used at all; everything else — a missing
    column, a bad cell, a duplicate row — is a :class:`CellProblem` in ``result.problems``.
    ``choices`` restricts drop-down fields ("call", "field", "unit_type", "budget_subject")."""
    with gc_paused():
        wb = read_workbook(path)
        return parse_sheets(wb.sheets, kind, path=wb.path, choices=choices)


def parse_sheets(sheets: list[SheetData], kind: str, *, path: str | Path = "",
                 choices: Choices | None = None) -> ParseResult:
    """:func:`parse_workbook` over sheets already read (or built in memory)."""
    spec = spec_for(kind)
    choices = choices or {}
    result = ParseResult(kind, Path(path))
    visible = [s for s in sheets if s.visible and not _is_aux(s.name)]
    detail = None
    if kind == "applications":
        detail = next((s for s in visible if "预算明细" in s.name.replace(" ", "")), None)
        visible = [s for s in visible if s is not detail]
    found = _best_sheet(visible, spec)
    if found is None:
        names = "、".join(f"“{f.header}”" for f in spec.required[:4])
        sheet = visible[0].name if visible else (sheets[0].name if sheets else "")
        result.problems.append(CellProblem(sheet, 0, "", "", "", None,
                                           f"没有找到{spec.title}表的表头行（前 15 行中没有包含 {names} 等列标题的行），"
                                           f"请确认选择的文件和导入类型是否正确"))
        return result
    sheet, hm = found
    for other in visible:
        if other is not sheet and not other.is_empty():
            result.notes.append(f"已忽略工作表“{other.name}”（不是{spec.title}表或表头不完整）")
    result.rows = parse_rows(sheet, hm, spec, choices, result)
    if not result.rows:
        result.problems.append(CellProblem(sheet.name, hm.row_index + 1, "", "", "", None,
                                           f"表头（第 {hm.row_index + 1} 行）下面没有数据行"))
    if kind == "applications":
        column_budget_lines(result.rows)
        if detail is not None and not detail.is_empty():
            fill_merged(detail)
            dm = find_header(detail.rows, BUDGET_DETAIL)
            if dm is None:
                result.problems.append(CellProblem(detail.name, 0, "", "", "", None,
                                                   "预算明细工作表没有找到表头（项目名称、单位统一社会信用代码、预算科目、财政资金…）"))
            else:
                result.budget_rows = parse_rows(detail, dm, BUDGET_DETAIL, choices, result)
                attach_budget_lines(result.rows, result.budget_rows, result.problems)
        check_budgets(result.rows, result.problems)
    order = {s.name: i for i, s in enumerate(sheets)}
    result.problems.sort(key=lambda p: (order.get(p.sheet, 0), p.row, len(p.column), p.column))
    return result


# -- rows -------------------------------------------------------------------------------------------
def _column_problems(sheet: SheetData, hm: HeaderMatch, spec: SheetSpec, result: ParseResult) -> bool:
    """Report missing required columns, doubled columns, money columns without a unit. True if fatal."""
    row = hm.row_index + 1
    fatal = False
    present = hm.fields()
    for f in spec.required:
        if f.name not in present:
            also = "、".join(f.synonyms[:3])
            result.problems.append(CellProblem(sheet.name, row, "", f.header, f.name, None,
                                               f"缺少必填列“{f.header}”" + (f"（也可写作：{also}）" if also else "")))
            fatal = True
    for first, dup in hm.duplicates:
        result.problems.append(CellProblem(
            sheet.name, row, get_column_letter(dup.index + 1), dup.header, dup.field.name, dup.header,
            f"与 {get_column_letter(first.index + 1)} 列“{first.header}”重复，都是“{dup.field.header}”，请删除其中一列"))
        fatal = True
    for c in hm.columns:
        if c.field.vtype == "money" and not (c.unit or hm.sheet_unit or c.field.unit):
            result.problems.append(CellProblem(
                sheet.name, row, get_column_letter(c.index + 1), c.header, c.field.name, c.header,
                f"“{c.header}”列标题没有注明单位，请写成“{c.field.header}(元)”或“{c.field.header}(万元)”"))
            fatal = True
    if hm.unknown:
        cols = "、".join(f"{get_column_letter(i + 1)} 列“{t}”" for i, t in hm.unknown[:10])
        result.notes.append(f"工作表“{sheet.name}”中无法识别、已忽略的列：{cols}")
    return fatal


def parse_rows(sheet: SheetData, hm: HeaderMatch, spec: SheetSpec, choices: Choices,
               result: ParseResult) -> list[ParsedRow]:
    """Convert every data row under the header; problems go into ``result.problems``."""
    fatal = _column_problems(sheet, hm, spec, result)
    letters = {c.index: get_column_letter(c.index + 1) for c in hm.columns}
    units = {c.field.name: c.unit or hm.sheet_unit or c.field.unit or V.WAN for c in hm.columns
             if c.field.vtype == "money"}
    layout = ColumnLayout(sheet.name, hm.row_index + 1,
                          {c.field.name: (letters[c.index], c.header) for c in hm.columns},
                          {c.field.name: c.index for c in hm.columns}, units)
    plan = [(c.index, c.field.name, make_converter(c.field, units.get(c.field.name), choices),
             c.field.required, c.field.fill_down) for c in hm.columns]
    where = layout.columns
    present = hm.fields()
    base = {f.name: default_value(f) for f in spec.fields
            if f.name not in present and not f.name.startswith("budget:")}
    team_missing = "team" in base
    defaults = {c.field.name: default_value(c.field) for c in hm.columns}
    has_dates = "start_date" in present and "end_date" in present
    end_col = next((p[0] for p in plan if p[1] == "end_date"), -1)
    width = max((p[0] for p in plan), default=0) + 1
    ncols = len(plan)
    problems = result.problems
    name = sheet.name
    out: list[ParsedRow] = []
    filled_down: list[int] = []      # rows holding only values copied down a column (申报批次): empty
    filled_down_fields: set[str] = set()
    for r in range(hm.row_index + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if len(row) < width:
            row = row + [""] * (width - len(row))
        mark = len(problems)
        values = dict(base)
        if team_missing:
            values["team"] = []
        blanks = copied = 0
        bad: list[str] = []
        for j, fname, conv, required, fill_down in plan:
            value = row[j]
            if value.__class__ is str:
                blank = not value or value.isspace() or (value[0] in ZERO_WIDTH and not value.strip(ZERO_WIDTH))
            else:
                blank = value is None
            if blank:
                blanks += 1
                if required:
                    letter, header = where[fname]
                    problems.append(CellProblem(name, r + 1, letter, header, fname, value,
                                                f"“{header.rstrip('*＊')}”为必填项，不能为空"))
                    bad.append(fname)
                values[fname] = [] if fname == "team" else defaults[fname]
                continue
            if fill_down:
                copied += 1
            try:
                values[fname] = conv(value)
            except ValidationError as exc:
                letter, header = where[fname]
                problems.append(CellProblem(name, r + 1, letter, header, fname, value, exc.message))
                values[fname] = defaults[fname]
                bad.append(fname)
        filled = ncols - blanks
        if not filled:
            del problems[mark:]
            continue
        if filled == copied and not _skippable(row, filled):
            del problems[mark:]
            filled_down.append(r + 1)
            filled_down_fields.update(p[1] for p in plan if p[4] and not V.is_blank(row[p[0]]))
            continue
        if bad and _skippable(row, filled):
            del problems[mark:]
            result.notes.append(f"工作表“{name}”第 {r + 1} 行是合计或说明行，已跳过")
            continue
        if has_dates:
            start, end = values["start_date"], values["end_date"]
            if start is not None and end is not None and end <= start:
                letter, header = layout.columns["end_date"]
                problems.append(CellProblem(name, r + 1, letter, header, "end_date", row[end_col],
                                            f"结束日期 {end:%Y-%m-%d} 应晚于开始日期 {start:%Y-%m-%d}"))
                bad.append("end_date")
        out.append(ParsedRow(name, r + 1, values, layout, not fatal and not bad, tuple(bad), row))
    if filled_down:
        cols = "".join(f"“{where[p[1]][1]}”" for p in plan if p[1] in filled_down_fields)
        result.notes.append(f"工作表“{name}”{row_ranges(filled_down)}只填了{cols}，其余各列都是空的，"
                            "已按空行忽略")
    _duplicates(out, spec, problems)
    return out


def _skippable(row: list[object], filled: int) -> bool:
    """A 合计/总计 row, or a lone note ("注：…", "填表说明…") under the table."""
    first = next((v for v in row if v.__class__ is not str or v.strip()), None)
    if first.__class__ is not str:
        return False
    text = first.strip().replace(" ", "").replace("\u3000", "")
    return bool(_TOTAL_ROW.match(text) or (filled == 1 and _NOTE_ROW.match(text)))


def row_key_text(value: object) -> str:
    """Comparison form of a key value (already normalised by its converter): spaces gone, lower case."""
    return "".join(str(value).split()).lower() if value else ""


def _duplicates(rows: list[ParsedRow], spec: SheetSpec, problems: list[CellProblem]) -> None:
    """Rows with the same natural key inside the file: each is reported, naming the other row."""
    key_fields = [(k, spec.field(k).vtype in ("text", "name", "choice")) for k in spec.key]
    keyset = set(spec.key)
    where = spec.key[-1]
    first_seen: dict[tuple[object, ...], ParsedRow] = {}
    for row in rows:
        if row.bad_fields and not keyset.isdisjoint(row.bad_fields):
            continue    # a key cell is empty or wrong: already reported
        v = row.values
        key = tuple([row_key_text(v[k]) if text else v[k] for k, text in key_fields])
        prev = first_seen.setdefault(key, row)
        if prev is row:
            continue
        for a, b in ((prev, row), (row, prev)):
            problems.append(a.problem(where, f"与第 {b.row_number} 行重复（{spec.key_label}相同）"))
            a.ok = False
