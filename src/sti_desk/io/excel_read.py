"""Reading workbooks (.xlsx, legacy .xls, also .xlsb/.ods) into rows of raw values with python-calamine.

Before calamine sees a file it is sniffed, so that every unusable file gets a precise Chinese message:
empty, not Excel at all (text, HTML page saved as .xls, PDF, Word …), a damaged ZIP, a password-protected
workbook (an OLE2/CFB container holding an ``EncryptedPackage`` stream), or a workbook without any data.

Raw values are what calamine gives: ``''`` for empty cells, ``float`` for every number (whole numbers
too), ``str``, ``bool``, ``datetime.date`` / ``datetime.datetime`` / ``datetime.time``.
"""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from .excel_types import ExcelFileError

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
ENCRYPTED_STREAM = "EncryptedPackage"
#: What a clerk can do with a workbook the reader cannot follow (the error's class name helps nobody).
RESAVE_HINT = ("请用 Excel（或 WPS）打开该文件，确认内容完整后“另存为” Excel 工作簿（.xlsx）再导入；"
               "若打不开，请向报送单位重新索取")

MergedRange = tuple[tuple[int, int], tuple[int, int]]   # ((row0, col0), (row1, col1)), 0-based inclusive


@dataclass(slots=True)
class SheetData:
    """One worksheet: ``rows[i][j]`` is Excel row i+1, column j+1 (rows start at A1, blanks included)."""

    name: str
    rows: list[list[object]]
    merged: list[MergedRange] = field(default_factory=list)
    visible: bool = True

    def is_empty(self) -> bool:
        return not any(v != "" and v is not None for row in self.rows for v in row)


@dataclass(slots=True)
class WorkbookData:
    path: Path
    format: str            # "xlsx" | "xls" | "xlsb" | "ods"
    sheets: list[SheetData]

    def sheet(self, name: str) -> SheetData | None:
        return next((s for s in self.sheets if s.name == name), None)


# -- sniffing -----------------------------------------------------------------------------------------
def _cfb_stream_names(data: bytes) -> list[str] | None:
    """Names in an OLE2 compound file's directory, or None when the structure cannot be followed."""
    try:
        sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
        if sector_shift not in (9, 12):
            return None
        size = 1 << sector_shift
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
        difat, guard = first_difat, 0
        while difat < 0xFFFFFFFA and guard < n_difat + 1:   # extra DIFAT sectors for big files
            entries = struct.unpack_from(f"<{size // 4}I", data, (difat + 1) * size)
            fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
            difat, guard = entries[-1], guard + 1
        fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            fat += struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size)
        names: list[str] = []
        sector, seen = first_dir, set()
        while sector < 0xFFFFFFFA and sector not in seen:
            seen.add(sector)
            base = (sector + 1) * size
            for off in range(base, base + size, 128):
                name_len = struct.unpack_from("<H", data, off + 0x40)[0]
                if 2 <= name_len <= 64:
                    names.append(data[off:off + name_len - 2].decode("utf-16-le", "replace"))
            sector = fat[sector]
        return names
    except (struct.error, IndexError):
        return None


def _sniff_text(head: bytes) -> tuple[str, str]:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if text.startswith(b"%pdf"):
        return "not_excel", "不是 Excel 工作簿，而是 PDF 文件"
    if text.startswith(b"<") and (b"<html" in text or b"<table" in text or b"urn:schemas-microsoft" in text):
        return "html", "实际是网页（HTML）格式，并不是真正的 Excel 文件；请用 Excel 打开后“另存为” .xlsx 再导入"
    if text.startswith(b"<?xml"):
        return "not_excel", "是 XML 文本（可能是 Excel 2003 XML 表格），请用 Excel 打开后“另存为” .xlsx 再导入"
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return "not_excel", "不是 Excel 工作簿，而是纯文本（可能是 CSV 改了扩展名）；请用 Excel 打开后“另存为” .xlsx"
        except UnicodeDecodeError:
            continue
    return "not_excel", "不是 Excel 工作簿（无法识别的文件格式）；请确认选择了正确的文件"


def sniff_format(path: str | Path) -> str:
    """Return "xlsx", "xls", "xlsb" or "ods", or raise :class:`ExcelFileError` saying why not."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise ExcelFileError(path, "不存在（路径错误或已被移动）", reason="missing") from None
    except OSError as exc:
        raise ExcelFileError(path, f"无法打开（{exc.strerror or exc}），可能正被其他程序占用",
                             reason="unreadable") from None
    if size == 0:
        raise ExcelFileError(path, "是空文件（0 字节），可能保存或复制时出错", reason="empty")
    if head.startswith(ZIP_MAGIC):
        return _zip_format(path)
    if head.startswith(CFB_MAGIC):
        return _cfb_format(path)
    reason, message = _sniff_text(head)
    raise ExcelFileError(path, message, reason=reason)


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ExcelFileError(path, "已损坏或不完整（压缩结构无法读取，可能下载或复制没有完成），请重新获取该文件",
                             reason="corrupt") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    if "word/document.xml" in names:
        raise ExcelFileError(path, "是 Word 文档，不是 Excel 工作簿", reason="not_excel")
    raise ExcelFileError(path, "是 ZIP 压缩包而不是 Excel 工作簿（或工作簿已损坏）", reason="not_excel")


def _cfb_format(path: Path) -> str:
    data = path.read_bytes()
    names = _cfb_stream_names(data)
    if names is None:  # cannot follow the directory: fall back to looking for the stream name itself
        encrypted = ENCRYPTED_STREAM.encode("utf-16-le") in data
    else:
        encrypted = ENCRYPTED_STREAM in names
    if encrypted:
        raise ExcelFileError(path, "设置了打开密码（已加密），无法读取；请在 Excel 中取消密码"
                             "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存再导入",
                             reason="encrypted")
    if names is not None:
        if "WordDocument" in names:
            raise ExcelFileError(path, "是 Word 文档（.doc），不是 Excel 工作簿", reason="not_excel")
        if not {"Workbook", "Book"} & set(names):
            raise ExcelFileError(path, "是 Office 复合文档，但其中没有 Excel 工作簿", reason="not_excel")
    return "xls"


# -- reading --------------------------------------------------------------------------------------------
def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise ExcelFileError(path, "设置了密码保护，无法读取；请取消密码后另存再导入",
                             reason="encrypted") from None
    except Exception:  # calamine raises several error types (ZipError, XmlError, CalamineError …)
        raise ExcelFileError(path, f"已损坏，无法读取；{RESAVE_HINT}", reason="corrupt") from None


def read_workbook(path: str | Path, *, include_hidden: bool = False) -> WorkbookData:
    """Read every (visible) worksheet's cells. Raises :class:`ExcelFileError` for unusable files,
    including a workbook whose sheets are all empty."""
    path = Path(path)
    fmt = sniff_format(path)
    wb = _open(path)
    sheets: list[SheetData] = []
    try:
        for meta in wb.sheets_metadata:
            visible = meta.visible == SheetVisibleEnum.Visible
            if meta.typ != SheetTypeEnum.WorkSheet or (not visible and not include_hidden):
                continue      # chart and macro sheets carry no cells
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = list(sheet.merged_cell_ranges or [])
            except PasswordError:
                raise ExcelFileError(path, "设置了密码保护，无法读取", reason="encrypted") from None
            except Exception:
                raise ExcelFileError(path, f"中的工作表“{meta.name}”已损坏，无法读取；{RESAVE_HINT}",
                                     reason="corrupt") from None
            sheets.append(SheetData(meta.name, rows, merged, visible))
    finally:
        wb.close()
    if all(s.is_empty() for s in sheets):
        raise ExcelFileError(path, "中没有任何数据（所有工作表都是空的）", reason="no_data")
    return WorkbookData(path, fmt, sheets)


def fill_merged(sheet: SheetData) -> None:
    """Copy each merged range's top-left value into all its cells (what the user sees on screen)."""
    rows = sheet.rows
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if value == "" or value is None:
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] == "" or row[c] is None:
                    row[c] = value
