"""The 形式审查 tab of the project detail: the latest screening's checks (result, reason with the
calculation, rule), the clerk's decision with its note, who made it and when, and earlier runs if any.

Everything comes from ``services.intake.project_screenings`` (plain ``ScreeningOutcome`` rows, newest
first, people by name): the same data the 形式审查 page shows, so both read the same.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...domain.screening_status import decision_label
from ...services.actor import Actor
from ...services.dto import ProjectDetail
from ...services.intake_types import ScreeningOutcome
from .. import messages, theme
from ..intake.screening_detail import CheckTableModel, check_table
from ..intake.screening_model import PASS_COLOUR, auto_colour, auto_label, auto_summary
from .basic_tab import read_only_table
from .review_tab import Facts, hint, username_tip

NOT_SCREENED = ("本项目尚未运行形式审查：经办人在“申报受理/形式审查”页选择申报批次后点击“运行形式审查”，"
                "自动检查结果和审查结论将显示在这里。")
PENDING = f"{decision_label('pending')}：经办人在“申报受理/形式审查”页核对检查结果后作出审查决定。"
NO_LINES = "这次审查没有保存逐项检查明细（较早录入的历史数据），只记录了审查结论。"


def when(o: ScreeningOutcome) -> str:
    return f"{o.decided_at:%Y-%m-%d %H:%M}" if o.decided_at else ""


class ScreeningTab(QWidget):
    def __init__(self, services: Any, actor: Actor, detail: ProjectDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs: list[ScreeningOutcome] = []
        self.error = ""
        self.shown: ScreeningOutcome | None = None
        self.history_table: QTableWidget | None = None
        self.layout_ = QVBoxLayout(self)
        try:
            self.runs = services.intake.project_screenings(actor, detail.id)
        except DomainError as exc:                 # e.g. a role without 查看项目
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001
            self.error = str(exc)
            messages.show_exception(self, exc, "无法显示形式审查情况")
        if self.error or not self.runs:
            self.notice = hint(f"无法显示形式审查情况：{self.error}" if self.error else NOT_SCREENED)
            self.layout_.addWidget(self.notice)
            self.layout_.addStretch(1)
            return
        self.title = QLabel()
        self.title.setStyleSheet(theme.SUBTITLE_STYLE)
        self.auto = QLabel()
        self.auto.setWordWrap(True)
        self.decision_box = QGroupBox("审查决定")
        self.decision_layout = QVBoxLayout(self.decision_box)
        self.decision: Facts | None = None
        self.no_lines = hint(NO_LINES)
        self.checks = check_table(self)
        self.check_model: CheckTableModel = self.checks.model()  # type: ignore[assignment]
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.decision_box)
        self.layout_.addWidget(self.auto)
        self.layout_.addWidget(self.no_lines)
        self.layout_.addWidget(self.checks, 1)
        self.layout_.addStretch(0)        # takes the room the checks table leaves when a run has no lines
        if len(self.runs) > 1:
            self.layout_.addWidget(self._history_box())
        self.show_run(0)

    # -- one run ------------------------------------------------------------------------------------------
    def show_run(self, index: int) -> None:
        o = self.shown = self.runs[index]
        latest = index == 0
        self.title.setText(("最近一次形式审查" if latest else f"较早的形式审查（第 {len(self.runs) - index} 次）")
                           + f"　检查时间：{o.run_at:%Y-%m-%d %H:%M}")
        self.auto.setText(auto_summary(o) if o.checks else f"自动检查：{auto_label(o)}")
        self.auto.setStyleSheet(f"color: {auto_colour(auto_label(o))}; font-weight: bold;")
        self.check_model.set_lines(list(o.checks))
        self.checks.resizeRowsToContents()
        self.no_lines.setVisible(not o.checks)
        self.checks.setVisible(bool(o.checks))
        checks_at = self.layout_.indexOf(self.checks)
        self.layout_.setStretch(checks_at, 1 if o.checks else 0)
        self.layout_.setStretch(checks_at + 1, 0 if o.checks else 1)
        self._show_decision(o)

    def _show_decision(self, o: ScreeningOutcome) -> None:
        while self.decision_layout.count():
            item = self.decision_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
            elif item.layout() is not None:
                self._clear(item.layout())
        if o.decision == "pending":
            self.decision = None
            self.decision_layout.addWidget(hint(PENDING))
            return
        self.decision = facts = Facts()
        colour = PASS_COLOUR if o.decision == "pass" else theme.DANGER
        facts.add("审查结论", o.decision_label, colour=colour)
        facts.add("处理人", o.decided_by or "（未记录）", username_tip(o.decided_by_username))
        facts.add("决定时间", when(o) or "（未记录）")
        caption = "不通过理由" if o.decision == "reject" else "审查意见"
        facts.add(caption, o.decision_note or "（未填写）", wide=True)
        self.decision_layout.addLayout(facts)

    @staticmethod
    def _clear(layout: Any) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    # -- every run ----------------------------------------------------------------------------------------
    def _history_box(self) -> QGroupBox:
        box = QGroupBox(f"历次形式审查（共 {len(self.runs)} 次，选择一行查看该次的检查明细）")
        rows = [[f"{o.run_at:%Y-%m-%d %H:%M}", auto_label(o), o.decision_label,
                 o.decided_by, when(o), o.decision_note] for o in self.runs]
        table = read_only_table(["检查时间", "自动检查", "审查结论", "处理人", "决定时间", "审查意见"], rows)
        for i, o in enumerate(self.runs):
            table.item(i, 1).setForeground(QColor(auto_colour(auto_label(o))))
            table.item(i, 3).setToolTip(username_tip(o.decided_by_username))
            table.item(i, 5).setToolTip(o.decision_note)
        table.selectRow(0)
        table.itemSelectionChanged.connect(
            lambda: table.currentRow() >= 0 and self.show_run(table.currentRow()))
        self.history_table = table
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        return box

    def check_texts(self) -> list[tuple[str, str, str, str]]:
        """What the checks table shows, row by row (for tests and screenshots)."""
        return [(c.name, c.status, c.message, c.rule) for c in self.check_model.lines]
