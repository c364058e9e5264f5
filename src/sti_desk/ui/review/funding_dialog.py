"""审批资助名单 (拟立项): the manager ticks the projects to fund and sets each approved amount in 万元
(default: the request, capped by the call's cap per project). Totals are compared with the call's
budget; going over is shown as a warning that must be explicitly acknowledged. The service
(:meth:`approve_funding`) checks everything again; listed projects go to 拟立项, the others to 不予立项.
导出名单… writes the list as it stands (ticked or not, the amounts typed), e.g. for the 党组会."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHeaderView,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ...domain.errors import ValidationError
from ...domain.money import Money
from ...domain.review import EMPTY_FUNDING_LIST, check_funding_list, committed_funding
from ...services.actor import Actor
from ...services.review_dto import ConfirmationNeeded, ResultRow
from .. import messages
from ..forms.fields import ErrorLabel, MoneyEdit
from ..forms.unsaved import UnsavedChangesGuard
from ..intake.table_export import TableExport, as_number
from .common import LATE_COLOR, attempt, fmt_score, hint_label
from .state import CallState

COLUMNS = ("资助", "名次", "项目编号", "项目名称", "得分", "申请额（万元）", "拟资助额（万元）")
COL_CHECK, COL_AMOUNT = 0, 6


class FundingDialog(UnsavedChangesGuard, QDialog):
    approved = Signal()

    def __init__(self, services: Any, actor: Actor, state: CallState, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.state = services, actor, state
        self.call = state.call
        undecided = set(state.undecided())
        assert state.results is not None
        self.rows: list[ResultRow] = [r for r in state.results.rows if r.project.id in undecided]
        #: approved earlier for this call (other rounds or lists): counts towards the budget shown
        self.previous = committed_funding(((p.id, p.state.value, p.approved) for p in state.projects), undecided)
        #: P5: the least one project of this call may get (揭榜挂帅); the service checks it again
        self.minimum = services.policy.in_force(actor, self.call.opens).funding_minimum(
            self.call.category, self.call.organisation_mode)
        self.setWindowTitle(f"审批资助名单：{self.call.name}")
        self.resize(1000, 640)

        cap, budget = self.call.cap, self.call.total_budget
        intro = QLabel("勾选拟资助的项目并确定资助金额（万元）。资助额不能超过申请额"
                       + (f"和单项资助上限 {cap.wan_str()} 万元" if cap.fen else "")
                       + (f"，也不能低于揭榜挂帅项目最低资助额 {self.minimum.wan_str()} 万元（P5）" if self.minimum.fen else "")
                       + "；"
                       + (f"批次总预算 {budget.wan_str()} 万元。" if budget.fen else "批次未设总预算。")
                       + "未勾选的项目将不予立项。")
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), len(COLUMNS))
        self.table.setAccessibleName("资助名单（勾选与资助额）")  # named so in 放弃未保存的修改？
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        hh = self.table.horizontalHeader()
        em = self.fontMetrics().horizontalAdvance("中")
        for col, w in enumerate((3, 3, 8.5, 16, 4, 7, 8)):
            hh.resizeSection(col, int(w * em) + 14)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.checks: list[QTableWidgetItem] = []
        self.amounts: list[MoneyEdit] = []
        for i, r in enumerate(self.rows):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(i, COL_CHECK, check)
            self.checks.append(check)
            for col, text in ((1, str(r.rank)), (2, r.project.code), (3, r.project.title), (4, fmt_score(r.score)),
                              (5, r.requested.wan_str())):
                item = QTableWidgetItem(text)
                item.setTextAlignment((Qt.AlignmentFlag.AlignRight if col in (4, 5) else Qt.AlignmentFlag.AlignLeft)
                                      | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
            edit = MoneyEdit()
            edit.set_money(self.default_amount(r))
            edit.setEnabled(False)
            edit.textChanged.connect(self._update)
            self.table.setCellWidget(i, COL_AMOUNT, edit)
            self.amounts.append(edit)
        self.table.itemChanged.connect(self._item_changed)

        self.by_rank = QPushButton("按排名勾选（不超预算）")
        self.by_rank.setToolTip("从第一名起依次勾选，直到批次总预算用完")
        self.by_rank.clicked.connect(self.select_by_rank)
        self.none_button = QPushButton("全部取消勾选")
        self.none_button.clicked.connect(lambda: self._set_checked(set()))
        self.export = TableExport(self, self.table, f"拟资助名单（{self.call.code}）", "个项目", services, actor,
                                  cells=self.shown_cells)
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-weight: bold;")
        self.problems_label = ErrorLabel()
        self.over_label = QLabel()
        self.over_label.setWordWrap(True)
        self.over_label.setStyleSheet(f"color: {LATE_COLOR}; background: #fdecea; padding: 6px; border-radius: 4px;")
        self.ack_check = QCheckBox("我已知悉拟资助总额超过批次总预算，仍按此名单审批")
        self.ack_check.setAccessibleName("超出预算确认")
        self.ack_check.toggled.connect(self._update)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("审批意见（记入项目进度记录）")
        self.note_edit.setFixedHeight(56)
        self.reject_edit = QLineEdit("评审未入选")
        self.reject_edit.setToolTip("未勾选项目转为“不予立项”的理由")
        form = QFormLayout()
        form.addRow("审批意见", self.note_edit)
        form.addRow("未入选理由", self.reject_edit)
        self.error_label = ErrorLabel()

        buttons = QDialogButtonBox()
        buttons.addButton(self.by_rank, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.none_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export.button("导出名单…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.ok_button = buttons.addButton("确认审批", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.approve)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.over_label)
        layout.addWidget(self.ack_check)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(hint_label("确认后，勾选的项目转为“拟立项”，进入公示；其余项目转为“不予立项”。"))
        layout.addWidget(buttons)
        self._update()

    # -- amounts ------------------------------------------------------------------------------------
    def default_amount(self, r: ResultRow) -> Money:
        cap = self.call.cap
        return cap if cap.fen and r.requested > cap else r.requested

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_CHECK:
            self.amounts[item.row()].setEnabled(item.checkState() == Qt.CheckState.Checked)
            self._update()

    def _set_checked(self, rows: set[int]) -> None:
        for i, check in enumerate(self.checks):
            check.setCheckState(Qt.CheckState.Checked if i in rows else Qt.CheckState.Unchecked)

    def set_checked(self, row: int, on: bool = True) -> None:
        self.checks[row].setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def select_by_rank(self) -> None:
        budget, total, chosen = self.call.total_budget, self.previous, set()
        for i, r in enumerate(self.rows):
            amount = self.default_amount(r)
            if budget.fen and total + amount > budget:
                break
            total = total + amount
            chosen.add(i)
        self._set_checked(chosen)

    def shown_cells(self, columns: list[int]) -> list[list[object]]:
        """The list for 导出: 资助 是/否, numbers as numbers, the amount typed for a ticked project (blank for
        one that is not, since it will not be funded; the text itself when it cannot be read)."""
        out = []
        for i, r in enumerate(self.rows):
            ticked = self.checks[i].checkState() == Qt.CheckState.Checked
            typed = self.amounts[i].text().strip()
            amount = as_number(typed)
            cells = ("是" if ticked else "否", r.rank, r.project.code, r.project.title, as_number(fmt_score(r.score)),
                     r.requested, ("" if not ticked else typed if amount is None else amount))
            out.append([cells[c] for c in columns])
        return out

    def items(self) -> tuple[list[tuple[str, Money, Money]], list[str]]:
        """(code, requested, approved) of the ticked rows, and amounts that cannot be read."""
        items, bad = [], []
        for i, r in enumerate(self.rows):
            if self.checks[i].checkState() != Qt.CheckState.Checked:
                continue
            try:
                items.append((r.project.code, r.requested, self.amounts[i].money()))
            except ValidationError as exc:
                bad.append(f"项目 {r.project.code}：{exc.message}")
        return items, bad

    def warnings(self, items: list[tuple[str, Money, Money]]) -> tuple[list[str], list[str]]:
        """(errors, warnings) of the list: the domain's checks, and the budget with earlier approvals."""
        return check_funding_list(items, self.call.cap, self.call.total_budget, self.previous, self.minimum)

    def _update(self, *_: object) -> None:
        items, bad = self.items()
        errors, warnings = self.warnings(items)
        total = sum((m for _, _, m in items), Money(0))
        budget = self.call.total_budget
        left = budget - total - self.previous
        rest = f"，剩余 {left.wan_str()} 万元" if budget.fen and left.fen >= 0 else ""
        before = f"；此前已批准 {self.previous.wan_str()} 万元" if self.previous.fen else ""
        self.total_label.setText(f"已勾选 {len(items)} 个项目，拟资助合计 {total.wan_str()} 万元{before}"
                                 + (f"；批次总预算 {budget.wan_str()} 万元{rest}" if budget.fen else ""))
        self.problems_label.set_error("；".join(bad + errors) if bad or errors else None)
        self.over_label.setText("超出预算：" + "；".join(warnings) if warnings else "")
        self.over_label.setVisible(bool(warnings))
        self.ack_check.setVisible(bool(warnings))
        if not warnings:
            self.ack_check.setChecked(False)
        # nothing ticked would turn every project of the round into 不予立项 (irreversible): not offered;
        # nor while an amount is wrong (the red line says which) or going over the budget is not acknowledged
        why_not = ("资助名单有误，请按红色提示修改" if bad or errors else "请至少勾选一个拟资助的项目" if not items else
                   "请勾选“我已知悉……”确认超出预算" if warnings and not self.ack_check.isChecked() else "")
        self.ok_button.setEnabled(not why_not)
        self.ok_button.setToolTip(why_not)

    # -- approving ----------------------------------------------------------------------------------
    def approve(self) -> bool:
        self.error_label.set_error(None)
        items, bad = self.items()
        errors, warnings = self.warnings(items)
        if bad or errors:
            self.error_label.set_error("资助名单有误，未审批：" + "；".join(bad + errors))
            return False
        if not items:
            self.error_label.set_error(EMPTY_FUNDING_LIST + "。")
            return False
        if warnings and not self.ack_check.isChecked():
            self.error_label.set_error("拟资助总额超过批次总预算，须勾选“我已知悉……”后才能审批。")
            return False
        rejected = len(self.rows) - len(items)
        text = (f"将 {len(items)} 个项目列入拟立项（合计 {sum((m for _, _, m in items), Money(0)).wan_str()} 万元），"
                f"其余 {rejected} 个项目不予立项。")
        if warnings:
            text += "\n\n注意：" + "；".join(warnings) + "。"
        if not messages.confirm(self, text + "\n确定审批吗？", title="审批资助名单", yes="确认审批"):
            return False
        args = (self.actor, self.call.code, [(code, amount) for code, _, amount in items], self.note_edit.toPlainText())
        kw = {"rejection_reason": self.reject_edit.text().strip(), "acknowledge_over_budget": bool(warnings)}
        try:
            outcome = self.services.review.approve_funding(*args, **kw)
        except ConfirmationNeeded as exc:
            if not messages.confirm(self, str(exc), title="超出预算", yes="确认超出预算"):
                return False
            ok, outcome = attempt(self, self.services.review.approve_funding, *args, error_label=self.error_label,
                                  **{**kw, "acknowledge_over_budget": True})
            if not ok:
                return False
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.error_label.set_error(messages.describe(exc))
            return False
        messages.info(self, f"已审批：{len(outcome.proposed)} 个项目拟立项，合计 {outcome.total.wan_str()} 万元；"
                            f"{len(outcome.rejected)} 个项目不予立项。", "审批完成")
        self.approved.emit()
        self.accept()
        return True
