"""Template-like 项目申报 workbooks and helpers for the intake GUI tests and the screenshot script."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from sti_desk.ui.intake import files as intake_files

from ..helpers import credit_code, id_number

HEADERS = ("申报批次", "项目名称*", "申报单位*", "单位统一社会信用代码*", "项目负责人*", "负责人身份证号*", "技术领域*",
           "开始日期*", "结束日期*", "申请财政资金(万元)*", "自筹资金(万元)", "包干制诚信承诺", "项目简介", "团队成员")
TITLES = ("茶园病虫害智能监测预警系统研发", "高效节水灌溉控制器研制", "县域慢病早筛试剂盒开发", "竹纤维复合板材制备工艺研究",
          "农村生活污水一体化处理设备研发", "低功耗物联网环境监测终端研制")
UNITS = (("青溪县智农科技有限公司", 41), ("青溪县人民医院", 42), ("青溪竹材新材料有限公司", 43))


def application_rows(call: str, n: int = 3, seq: int = 100) -> list[list[object]]:
    rows = []
    for i in range(n):
        unit, code_seq = UNITS[i % len(UNITS)]
        rows.append([call, TITLES[i % len(TITLES)] + (f"（{i // len(TITLES) + 1}）" if i >= len(TITLES) else ""),
                     unit, credit_code(code_seq), f"测试{'甲乙丙丁戊己庚辛'[i % 8]}", id_number(seq + i),
                     "现代农业", "2026-09-01", "2028-08-31", 30, 30, "是", "示例项目简介", ""])
    return rows


def write_applications(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目申报"
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(row)
    for cell in ws["F"]:
        cell.number_format = "@"
    wb.save(path)
    return path


def good_file(path: Path, call: str, n: int = 3) -> Path:
    return write_applications(path, application_rows(call, n))


def bad_file(path: Path, call: str) -> Path:
    """Four rows: row 3 has a bad ID number (wrong check digit), row 4 misses the leader's name."""
    rows = application_rows(call, 4)
    good = str(rows[1][5])
    rows[1][5] = good[:-1] + ("1" if good[-1] != "1" else "2")
    rows[2][4] = None
    return write_applications(path, rows)


def run_screening(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Run 形式审查 on the page (confirm answered by the message recorder) and wait for the reload."""
    handle = page.run_screening()
    assert handle is not None
    qtbot.waitUntil(lambda: handle.done, timeout=10000)
    qtbot.waitUntil(lambda: page.load_handle.done and page.model.items[0].outcome is not None)


def record_saves(monkeypatch, tmp_path: Path) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Answer every save dialog with a file in ``tmp_path`` and record the default names, the success
    messages, their titles and the paths (for the ``saved`` fixtures of the export tests)."""
    record: dict[str, list] = {"names": [], "texts": [], "paths": [], "titles": []}

    def ask(parent, title, default_name, file_filter=""):  # type: ignore[no-untyped-def]
        record["names"].append(default_name)
        return tmp_path / default_name

    monkeypatch.setattr(intake_files, "ask_save_path", ask)
    monkeypatch.setattr(intake_files, "show_saved", lambda parent, text, path, title="导出完成": (
        record["texts"].append(text), record["paths"].append(path), record["titles"].append(title)))
    return record


def sheet_rows(path: Path) -> list[list[object]]:
    """Every row of the first sheet, as values (header first)."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
