"""Dialogs of the draw: 抽取专家 (parameters), 更换专家 (reason), the rejected score sheet's problems,
and the file choosers (module functions, so tests can replace them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ...domain.calls import MAX_EXPERTS_PER_GROUP, MIN_EXPERTS_PER_GROUP
from ...domain.review import DEFAULT_GROUP_SIZE, new_seed
from ..forms.fields import DateEdit, FieldGrid
from ..forms.unsaved import UnsavedChangesGuard
from .common import hint_label


@dataclass(frozen=True)
class DrawParams:
    per_group: int
    reserves: int
    seed: str | None
    deadline: date | None
    open_scoring: bool


class DrawDialog(QDialog):
    """抽取专家: experts per group, reserves, an optional seed (blank: generated and recorded), an
    optional deadline for the marks.

    The experts per group is the call's 每组评审专家: at the call's first draw a different number here
    changes the call too (the service does it in the draw's transaction, so the call, the round and the
    record agree); once the call has a round the setting is locked and the box only shows it."""

    def __init__(self, call_name: str, per_group: int, waiting: int, parent: QWidget | None = None, *,
                 locked: bool = False, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.setWindowTitle("抽取评审专家")
        self.setMinimumWidth(560)
        self.call_per_group = per_group
        self.per_group = QSpinBox()
        # the bounds the service enforces (domain.calls), so the box never offers a size the draw refuses
        self.per_group.setRange(MIN_EXPERTS_PER_GROUP, MAX_EXPERTS_PER_GROUP)
        self.per_group.setValue(min(max(MIN_EXPERTS_PER_GROUP, per_group), MAX_EXPERTS_PER_GROUP))
        self.per_group.setSuffix(" 人")
        self.per_group.setEnabled(not locked)
        self.per_group.setToolTip(f"本批次已抽取过评审专家，每组人数首轮抽取后锁定为 {per_group} 人（评审公平）"
                                  if locked else f"{MIN_EXPERTS_PER_GROUP}–{MAX_EXPERTS_PER_GROUP} 人；"
                                  "即申报批次评审规则中的“每组评审专家”")
        self.per_group_note = hint_label()
        self.per_group.valueChanged.connect(self._note_per_group)
        per_group_box = QWidget()
        pl = QVBoxLayout(per_group_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.setSpacing(2)
        pl.addWidget(self.per_group)
        pl.addWidget(self.per_group_note)
        self.locked = locked
        self._note_per_group()
        self.reserves = QSpinBox()
        self.reserves.setRange(0, 10)
        self.reserves.setValue(2)
        self.reserves.setSuffix(" 人")
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText("留空则自动生成并记录")
        self.seed_edit.setToolTip("相同的输入和相同的种子总是得到相同的抽取结果，可在评审会上公布以便复核")
        seed_line = QWidget()
        sl = QHBoxLayout(seed_line)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.seed_edit, 1)
        generate = QPushButton("生成")
        generate.setToolTip("现在生成一个随机种子（可先公布再抽取）")
        generate.clicked.connect(lambda: self.seed_edit.setText(new_seed()))
        sl.addWidget(generate)
        self.deadline_check = QCheckBox("设置评分截止日期")
        self.deadline_edit = DateEdit(self.today + timedelta(days=14))
        self.deadline_edit.setEnabled(False)
        self.deadline_check.toggled.connect(self.deadline_edit.setEnabled)
        deadline = QWidget()
        dl = QHBoxLayout(deadline)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.deadline_check)
        dl.addWidget(self.deadline_edit)
        dl.addStretch(1)
        self.open_check = QCheckBox("抽取后立即开始评分（专家即可看到分配给自己的项目）")
        self.open_check.setChecked(True)
        self.grid = grid = FieldGrid()
        grid.add("per_group", "每组评审专家", per_group_box, is_required=True)
        grid.add("reserves", "每组备选专家", self.reserves)
        grid.add("seed", "随机种子", seed_line)
        grid.add("deadline", "评分截止", deadline)
        grid.add("open", "开始评分", self.open_check)
        grid.finish()
        intro = QLabel(f"为“{call_name}”中待评审的 {waiting} 个项目抽取专家。按技术领域分组，"
                       f"每组超过 {DEFAULT_GROUP_SIZE} 个项目时平均拆分；与组内任一项目有回避关系或已暂停的专家不会被抽取。")
        intro.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("开始抽取", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(grid)
        layout.addWidget(hint_label("抽取结果、排除的专家及理由、每位专家的签号和随机种子都记入抽取记录，任何人可复核。"))
        layout.addWidget(buttons)

    def _note_per_group(self) -> None:
        size = self.per_group.value()
        if self.locked:
            text = "首轮抽取后锁定（评审公平），本轮沿用批次设置。"
        elif size == self.call_per_group:
            text = "即申报批次的“每组评审专家”设置；在此修改将同时修改批次设置，抽取后锁定。"
        else:
            text = f"将把申报批次的“每组评审专家”由 {self.call_per_group} 人改为 {size} 人，与本轮抽取一并记录，抽取后锁定。"
        self.per_group_note.setText(text)

    def try_accept(self) -> bool:
        """开始抽取: a deadline before today is refused under the field (the service refuses it too)."""
        deadline = self.params().deadline
        if deadline is not None and deadline < self.today:
            self.grid.show_errors({"deadline": f"评分截止日期 {deadline:%Y-%m-%d} 早于今天（{self.today:%Y-%m-%d}）"})
            return False
        self.accept()
        return True

    def params(self) -> DrawParams:
        seed = self.seed_edit.text().strip() or None
        return DrawParams(self.per_group.value(), self.reserves.value(), seed,
                          self.deadline_edit.value() if self.deadline_check.isChecked() else None,
                          self.open_check.isChecked())


def ask_draw(parent: QWidget | None, call_name: str, per_group: int, waiting: int, *,
             locked: bool = False) -> DrawParams | None:
    dialog = DrawDialog(call_name, per_group, waiting, parent, locked=locked)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.params()


class ReplaceDialog(UnsavedChangesGuard, QDialog):
    """Esc, 取消 or × after a reason was typed asks 放弃未保存的修改？ (forms.unsaved)."""

    def __init__(self, expert: str, group: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("更换专家")
        self.setMinimumWidth(500)
        text = QLabel(f"专家“{expert}”退出评审组“{group}”：其在本组所有未提交的项目，由下一位符合回避规则的备选专家"
                      "接替（已提交的评分保留）。请填写退出原因：")
        text.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("例如：因出差无法参加评审、评审中发现利益冲突（必填）")
        self.reason_edit.setFixedHeight(80)
        self.reason_edit.setAccessibleName("退出原因")
        self.pool_check = QCheckBox("备选专家用尽时，从本领域专家库中随机补抽一位")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("更换", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason_edit.toPlainText().strip())))
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.pool_check)
        layout.addWidget(buttons)


def ask_replace(parent: QWidget | None, expert: str, group: str) -> tuple[str, bool] | None:
    """(reason, from_pool) or None when cancelled. Tests replace this function."""
    dialog = ReplaceDialog(expert, group, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason_edit.toPlainText().strip(), dialog.pool_check.isChecked()


class ProblemsDialog(QDialog):
    """A refused score sheet: the message and every problem by row and column. A refusal without a list
    (a wrong check code, another expert's sheet) is its message alone, shown once."""

    def __init__(self, title: str, message: str, problems: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        first, _, rest = message.partition("\n")
        head = QLabel(first)
        head.setWordWrap(True)
        head.setStyleSheet("color: #c62828; font-weight: bold;")
        # the message's further lines repeat the problems (the service lists them there for the CLI)
        self.text = QPlainTextEdit("\n".join(problems) if problems else rest.strip())
        self.text.setReadOnly(True)
        self.text.setVisible(bool(self.text.toPlainText()))
        if self.text.toPlainText():
            self.resize(720, 420)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(hint_label("请按提示修改评分表后重新导入；本次未导入任何分数。" if problems else "本次未导入任何分数。"))
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def show_problems(parent: QWidget | None, title: str, message: str, problems: list[str]) -> None:
    """Tests replace this function."""
    ProblemsDialog(title, message, problems, parent).exec()


def choose_folder(parent: QWidget | None) -> str:
    return QFileDialog.getExistingDirectory(parent, "选择保存离线评分表的文件夹")


def choose_sheet(parent: QWidget | None) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "选择已填写的评分表", "", "Excel 评分表 (*.xlsx)")
    return path
