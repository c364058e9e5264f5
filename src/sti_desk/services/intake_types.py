"""Plain data of the intake use cases (导入、形式审查、导出): what the CLI and the GUI wizard get back.

Every type is a dataclass of plain values (``str``, ``int``, ``date``, :class:`Money`), so a GUI can run
the service in a background thread and show the result on the UI thread without touching the database.
Problems are the Excel layer's :class:`~sti_desk.io.excel_types.CellProblem` (sheet, row, column header,
Chinese message), whether the parser or the database check found them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..domain.lifecycle import ProjectState
from ..domain.money import Money
from ..domain.screening_status import AutoCounts, AutoResult, auto_result, count_auto, decision_label
from ..io.excel_types import CellProblem

#: ``progress(done, total, message)``; total 0 means "busy, no count yet".
Progress = Callable[[int, int, str], None]

KIND_LABELS = {"units": "单位", "experts": "专家", "applications": "项目申报", "expenditures": "支出台账"}
#: What one record of each kind is called in messages.
RECORD_LABELS = {"units": "家单位", "experts": "位专家", "applications": "个项目", "expenditures": "笔支出"}


class CancelToken(Protocol):
    """Anything with ``is_set()`` (threading.Event, the GUI's CancelToken)."""

    def is_set(self) -> bool: ...


def is_cancelled(token: object | None) -> bool:
    """True when ``token`` asks to stop: ``is_set()`` or a truthy ``cancelled`` attribute."""
    if token is None:
        return False
    is_set = getattr(token, "is_set", None)
    if callable(is_set) and is_set():
        return True
    return bool(getattr(token, "cancelled", False))


def no_progress(done: int, total: int, message: str) -> None:
    return None


#: Columns of a problem list (the wizard's table, the workbook written when the file cannot be annotated).
PROBLEM_COLUMNS = ("工作表", "行", "列", "问题")


def problem_cells(p: CellProblem) -> tuple[str, str, str, str]:
    """(工作表, 行, 列, 问题) of one problem; a file-level problem has no sheet or row."""
    column = f"{p.column}（{p.header}）" if p.column and p.header else (p.column or p.header or "")
    return (p.sheet or "整个文件", str(p.row) if p.row else "—", column or "—", p.message)


def format_problem(p: CellProblem) -> str:
    """'工作表 项目申报 第 5 行「申请财政资金(万元)」：…' (the CLI's line for one problem)."""
    where = f"工作表 {p.sheet}" if p.sheet else "文件"
    if p.row:
        where += f" 第 {p.row} 行"
    if p.header:
        where += f"「{p.header}」"
    return f"{where}：{p.message}"


@dataclass(frozen=True)
class RecordPlan:
    """What an import will do with one data row: ``status`` is new | changed | unchanged | invalid."""

    sheet: str
    row: int
    key: str                    # the natural key as text, e.g. "91331099MA0000001X" or "2026-ZDYF / … / 项目名"
    label: str                  # what the clerk recognises: unit name, expert name, project title, voucher
    status: str
    changes: tuple[str, ...] = ()   # Chinese names of the fields that differ from the stored record

    @property
    def status_label(self) -> str:
        return {"new": "新增", "changed": "更新", "unchanged": "无变化", "invalid": "有问题"}[self.status]


@dataclass(frozen=True)
class SkippedRow:
    """A row an import with ``partial=True`` left out, with the reasons."""

    sheet: str
    row: int
    label: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    """Parse + database check of one file, nothing written (导入预览)."""

    kind: str
    file_name: str
    sha256: str
    call_code: str | None
    records: list[RecordPlan]
    problems: list[CellProblem]
    new_units: list[tuple[str, str]] = field(default_factory=list)   # (name, credit code) to be created
    new_persons: int = 0
    notes: list[str] = field(default_factory=list)
    previous_imports: list[str] = field(default_factory=list)       # "2026-11-23 10:00 clerk" of the same file

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def invalid(self) -> int:
        return self.count("invalid")


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of :meth:`IntakeService.import_file`.

    ``written`` is True only when the transaction was committed (never for a dry run, a cancelled run, or
    an all-or-nothing import that found problems).
    """

    kind: str
    file_name: str
    sha256: str
    written: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    new_units: list[tuple[str, str]] = field(default_factory=list)
    new_persons: int = 0
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    partial: bool = False
    cancelled: bool = False
    seconds: float = 0.0
    errors_file: Path | None = None
    #: True when ``errors_file`` is an annotated copy of the input; False when the input could not be read
    #: as a workbook at all, so ``errors_file`` is a plain list of the problems.
    errors_annotated: bool = False

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def blocked(self) -> bool:
        """True when problems prevented the import (the CLI's exit code 1)."""
        return bool(self.problems) and not (self.partial and (self.created or self.updated or self.unchanged))

    def message(self) -> str:
        """One Chinese sentence for a status line or the CLI."""
        what = RECORD_LABELS[self.kind]
        counts = f"新增 {self.created} {what}，更新 {self.updated}，无变化 {self.unchanged}"
        if self.cancelled:
            return "导入已取消，数据库未作任何修改。"
        if self.problems and not self.partial:
            return f"发现 {len(self.problems)} 处问题，未导入任何数据（整批导入：有问题时全部不写入）。"
        head = "试运行（未写入数据库）：" if self.dry_run else "导入完成："
        if self.blocked:        # partial, but no row could be imported (every row bad, or a whole column is)
            return (head if self.dry_run else "") + f"发现 {len(self.problems)} 处问题，没有可以导入的行，未导入任何数据。"
        text = head + counts
        if self.skipped:
            text += f"；跳过有问题的 {len(self.skipped)} 行"
        if self.new_units:
            text += f"；新登记单位 {len(self.new_units)} 家"
        if self.new_persons:
            text += f"；新登记人员 {self.new_persons} 人"
        return text + "。"


# -- screening ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckLine:
    """One automatic check as stored and shown (形式审查结果的一行)."""

    code: str
    name: str
    status: str        # 通过 / 不适用 / 不通过 / 需人工判断
    passed: bool
    blocks: bool
    message: str
    rule: str


@dataclass(frozen=True)
class ScreeningOutcome:
    """The automatic screening of one project, with the clerk's decision if already made."""

    project_id: int
    project_code: str
    title: str
    unit_name: str
    leader_name: str
    state: ProjectState
    version: int
    screening_id: int
    run_at: datetime
    auto_passed: bool
    checks: tuple[CheckLine, ...]
    decision: str = "pending"       # pending | pass | reject
    decision_note: str = ""
    decided_by: str = ""            # 处理人 by name (王丽)
    decided_at: datetime | None = None
    requested: Money = Money(0)
    decided_by_username: str = ""   # the account (wangli), for a tooltip

    @property
    def failures(self) -> list[CheckLine]:
        """Failed checks, errors first (what the clerk must look at)."""
        failed = [c for c in self.checks if not c.passed]
        return sorted(failed, key=lambda c: not c.blocks)

    @property
    def auto_result(self) -> AutoResult:
        """不通过 / 需人工判断 / 通过 (domain.screening_status), the same on every page, command and export."""
        return auto_result(self.auto_passed, any(not c.passed for c in self.checks))

    @property
    def auto_label(self) -> str:
        return self.auto_result.label

    @property
    def decision_label(self) -> str:
        return decision_label(self.decision)


def screening_counts(outcomes: Iterable[ScreeningOutcome | None]) -> AutoCounts:
    """How many of these screenings are 不通过 / 需人工判断 / 通过 (None = not checked yet)."""
    return count_auto(o.auto_result if o is not None else AutoResult.UNCHECKED for o in outcomes)


@dataclass(frozen=True)
class ExportResult:
    """Where an export was written and how many data rows it has."""

    path: Path
    rows: int
