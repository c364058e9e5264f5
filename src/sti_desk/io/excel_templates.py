"""Import templates (导入模板) with drop-downs, text-formatted code columns and a 填写说明 sheet.

``choices`` come from the caller (the database): "call" (申报批次 names), "field" (技术领域), "unit_type"
(单位类型 labels), "budget_subject" (预算科目); missing keys fall back to the domain's lists. Short lists
are written into the drop-down itself, long ones go to the hidden sheet "代码表" and are referenced by
range. The header row is locked and the sheet protected; the input area — every row below the header, the
whole column — is unlocked and carries the column's drop-down / length check, so row 5,000 is checked like
row 2; formatting, sorting, filtering and inserting/deleting rows stay allowed. The workbook structure is
locked too and the 代码表 is "very hidden", so sheets cannot be renamed, deleted, added or unhidden (a sheet
renamed or a list deleted would silently break the drop-downs). No password: the protection prevents
accidents, it is not a security measure.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .excel_errors import put_text
from .excel_export import HEADER_ALIGN, HEADER_BORDER, HEADER_FILL, HEADER_FONT, display_width
from .excel_specs import BUDGET_DETAIL, DEFAULT_CHOICES, FieldSpec, SheetSpec, spec_for

CODE_SHEET = "代码表"
HELP_SHEET = "填写说明"
INPUT_ROWS = 1000           # rows with their own cell format (the column format covers the rest)
LAST_ROW = 1_048_576        # Excel's last row: drop-downs cover the whole unlocked input area
INLINE_LIMIT = 200          # Excel refuses an inline list longer than 255 characters
REQUIRED_FONT = Font(bold=True, color="C00000")
UNLOCKED = Protection(locked=False)
_FORMATS = {"id_number": "@", "credit_code": "@", "code": "@", "phone": "@", "text": "@", "name": "@",
            "team": "@", "choice": "@", "percent": "@", "date": "yyyy-mm-dd", "money": "0.00####"}

GENERAL_NOTES = (
    "标题带 * 的列为必填项；表头行请勿修改、删除或调换顺序（可以隐藏不用的列）。",
    "每行填写一条记录，中间可以留空行，空行会被忽略；不要合并单元格。",
    "身份证号、统一社会信用代码等代码列已设为文本格式；若从别处粘贴，请使用“选择性粘贴 → 值”，"
    "并确认没有变成 3.30102E+17 这样的数字（此类单元格会被拒绝，因为 Excel 已丢失末几位）。",
    "日期可写 2024-06-18、2024/6/18、2024.6.18 或 2024年6月18日。",
    "金额单位见列标题：(万元) 或 (元)；单元格中也可写 12.5万元、125,000元、￥1,000.00，单元格中写明的单位优先。",
    "带下拉箭头的列请从下拉列表中选择；下拉和位数检查覆盖表头以下的所有行。",
    "工作表和工作簿结构已保护（无密码），以免误改表头或删掉下拉列表所用的代码；不需要也不要增加、删除或重命名工作表。",
    "导入时会逐格检查；有问题时可导出一份标注了问题的副本（问题单元格标红并附批注，另有“问题清单”工作表）。",
)
#: The 项目申报 sheet is protected (no new columns), so the budget goes on the second sheet; subject columns
#: (设备费、业务费 …) are read only from a bureau's own workbook, never asked for in the template.
BUDGET_NOTES = (
    "预算填在“预算明细”工作表中：每个项目的每个预算科目填一行（项目名称、单位统一社会信用代码须与“项目申报”表一致），"
    "可填财政资金、自筹资金（万元）和测算依据。",
    "各科目财政资金之和须等于申请财政资金；三类直接费用（2021）与九项科目（旧）不能混用。",
    "“项目申报”表已保护，不能增加或删除列，请不要在其中添加预算科目列。"
    "（不用本模板、自制的申报汇总表中以预算科目命名的列，如“设备费”“业务费”，导入时也能识别，按万元读取；"
    "同一项目不能既有科目列又有预算明细。）",
)


def _lists(choices: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    lists = {k: list(v) for k, v in DEFAULT_CHOICES.items()}
    lists.update({k: [str(x) for x in v] for k, v in choices.items() if v})
    return lists


class _CodeSheet:
    """The hidden 代码表: one column per long list, created on first use."""

    def __init__(self, wb: Workbook):
        self.wb, self.ws, self.cols = wb, None, {}

    def ref(self, key: str, items: list[str]) -> str:
        if key not in self.cols:
            if self.ws is None:
                self.ws = self.wb.create_sheet(CODE_SHEET)
                self.ws.sheet_state = "veryHidden"      # not offered by 取消隐藏
            col = len(self.cols) + 1
            self.cols[key] = col
            put_text(self.ws.cell(1, col), key)
            for r, item in enumerate(items, start=2):
                put_text(self.ws.cell(r, col), item)
        letter = get_column_letter(self.cols[key])
        return f"{quote_sheetname(CODE_SHEET)}!${letter}$2:${letter}${len(items) + 1}"


def _list_validation(fs: FieldSpec, items: list[str], codes: _CodeSheet) -> DataValidation:
    inline = ",".join(items)
    if len(inline) <= INLINE_LIMIT and not any("," in i or '"' in i for i in items):
        formula = f'"{inline}"'
    else:
        formula = codes.ref(fs.choices or fs.name, items)
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.error, dv.errorTitle = f"请从下拉列表中选择{fs.header}", "输入值无效"
    dv.prompt, dv.promptTitle = (fs.help or f"请从下拉列表中选择{fs.header}")[:255], fs.header[:32]
    dv.showErrorMessage = dv.showInputMessage = True
    return dv


def _length_validation(fs: FieldSpec) -> DataValidation:
    dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True)
    dv.error, dv.errorTitle = f"{fs.header}应为 18 位", "位数不对"
    dv.prompt, dv.promptTitle = fs.help[:255], fs.header[:32]
    dv.showErrorMessage = dv.showInputMessage = True
    return dv


def _protect(ws: Worksheet) -> None:
    p = ws.protection
    p.sheet = True
    # In SheetProtection True means "forbidden": keep entering, formatting, sorting, filtering, row edits.
    p.formatCells = p.formatColumns = p.formatRows = False
    p.insertRows = p.deleteRows = p.sort = p.autoFilter = False
    p.selectLockedCells = p.selectUnlockedCells = False


def _data_sheet(wb: Workbook, spec: SheetSpec, title: str, lists: dict[str, list[str]], codes: _CodeSheet,
                rows: int) -> Worksheet:
    ws = wb.create_sheet(title)
    fields = [f for f in spec.fields if f.in_template]
    last = rows + 1             # cells formatted one by one; the column format and unlocking go on below
    for c, fs in enumerate(fields, start=1):
        letter = get_column_letter(c)
        head = ws.cell(1, c)
        put_text(head, fs.template_header)
        head.font = REQUIRED_FONT if fs.required else HEADER_FONT
        head.fill, head.alignment, head.border = HEADER_FILL, HEADER_ALIGN, HEADER_BORDER
        if fs.help:
            head.comment = Comment(f"{fs.header}：{fs.help}", "STI Desk", width=260, height=110)
        fmt = _FORMATS.get(fs.vtype, "General")
        dim = ws.column_dimensions[letter]          # the whole column: format and unlocked beyond ``rows`` too
        dim.width = max(fs.width, display_width(fs.template_header) + 4)
        dim.number_format, dim.protection = fmt, UNLOCKED
        for r in range(2, last + 1):
            cell = ws.cell(r, c)
            cell.protection = UNLOCKED
            cell.number_format = fmt
        dv = None
        if fs.vtype == "bool":
            dv = _list_validation(fs, lists["bool"], codes)
        elif fs.vtype == "choice" and lists.get(fs.choices or ""):
            dv = _list_validation(fs, lists[fs.choices or ""], codes)
        elif fs.vtype in ("id_number", "credit_code"):
            dv = _length_validation(fs)
        if dv is not None:
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    _protect(ws)
    return ws


def _help_sheet(wb: Workbook, specs: list[tuple[str, SheetSpec]], kind: str) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 26, 8
    ws.column_dimensions["C"].width, ws.column_dimensions["D"].width = 80, 36
    put_text(ws.cell(1, 1), f"{specs[0][1].title}导入模板 填写说明")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    r = 3
    notes = GENERAL_NOTES + (BUDGET_NOTES if kind == "applications" else ())
    for i, note in enumerate(notes, start=1):
        put_text(ws.cell(r, 1), f"{i}. {note}")
        r += 1
    for title, spec in specs:
        r += 1
        put_text(ws.cell(r, 1), f"工作表“{title}”各列")
        ws.cell(r, 1).font = Font(bold=True, size=12)
        r += 1
        for c, text in enumerate(("列标题", "必填", "说明与可接受的格式", "示例"), start=1):
            cell = ws.cell(r, c)
            put_text(cell, text)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        for fs in spec.fields:
            if not fs.in_template:
                continue
            r += 1
            synonyms = f"（也可写作：{'、'.join(fs.synonyms[:5])}）" if fs.synonyms else ""
            for c, text in enumerate((fs.template_header, "是" if fs.required else "", fs.help + synonyms,
                                      fs.example), start=1):
                put_text(ws.cell(r, c), text)
                ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


def write_template(path: str | Path, kind: str, choices: Mapping[str, Sequence[str]] | None = None, *,
                   rows: int = INPUT_ROWS) -> Path:
    """Write the import template of ``kind`` ("units", "experts", "applications", "expenditures").

    The applications template also has the "预算明细" sheet. A filled template parses back with
    :func:`parse_workbook` given the same ``choices``."""
    spec = spec_for(kind)
    path = Path(path)
    lists = _lists(choices or {})
    wb = Workbook()
    wb.remove(wb.active)
    codes = _CodeSheet(wb)
    sheets = [(spec.title, spec)] + ([(BUDGET_DETAIL.title, BUDGET_DETAIL)] if kind == "applications" else [])
    for title, sheet_spec in sheets:
        _data_sheet(wb, sheet_spec, title, lists, codes, rows)
    _help_sheet(wb, sheets, kind)
    if codes.ws is not None:         # keep the hidden code sheet last
        wb.move_sheet(codes.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(CODE_SHEET))
        codes.ws.protection.sheet = True
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{spec.title}导入模板"
    wb.properties.creator = "STI Desk"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
