"""评审规则 tab of the call dialog: the criteria table (名称、满分、权重; the 内部代码 column is hidden), recommendation options, when a
comment is required, the aggregation rule and experts per group.

The rows are turned into a rubric by the domain (:func:`build_rubric`), which names every wrong row. Once the
call's first review round is drawn the whole tab is read-only and says why (the service refuses anyway).
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ...domain.calls import MAX_EXPERTS_PER_GROUP, MIN_EXPERTS_PER_GROUP
from ...domain.review import RULES, Rubric, default_rubric
from ...domain.review.rubric_edit import CriterionDraft, build_rubric, drafts_of, split_list
from ..forms.combos import ChoiceCombo
from ..forms.fields import FieldGrid
from ..forms.rows_table import ColumnSpec, RowsEditor

LOCKED_BACKGROUND = "#fff4e5"


def _points(rubric_rows: list[list[str]]) -> int | None:
    try:
        return sum(int(r[2]) for r in rubric_rows if r[2])
    except ValueError:
        return None


class RubricTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._previous: Rubric | None = None
        self.locked_label = QLabel()
        self.locked_label.setWordWrap(True)
        self.locked_label.setStyleSheet(f"background: {LOCKED_BACKGROUND}; padding: 6px; border-radius: 3px;")
        self.locked_label.hide()

        # the code is the key marks are stored under (innovation, c1 …): the program assigns it (a renamed
        # criterion keeps its code by its row, a new one gets the next c-number), so it cannot be typed over
        self.criteria = RowsEditor([ColumnSpec("内部代码", width=90, read_only=True), ColumnSpec("名称", width=220),
                                    ColumnSpec("满分", width=70), ColumnSpec("权重", width=70)],
                                   add_text="添加评分项")
        # … and kept out of sight: it is English (innovation) and nothing the clerk decides
        self.criteria.table.setColumnHidden(0, True)
        self.criteria.table.setToolTip("评分项的名称可以修改（已保存的评分仍归原评分项）；满分为正整数；权重默认 1")
        self.criteria.table.itemChanged.connect(lambda *_: self._update_total())
        self.default_button = QPushButton("恢复默认评分标准")
        self.default_button.setToolTip("创新性 30、技术方案 25、团队基础 15、经济社会效益 20、预算合理性 10")
        self.default_button.clicked.connect(lambda: self.show_rubric(default_rubric()))
        self.total_label = QLabel()
        self.total_label.setProperty("role", "hint")
        total_row = QHBoxLayout()
        total_row.addWidget(self.total_label, 1)
        total_row.addWidget(self.default_button)

        self.recommendations_edit = QLineEdit()
        self.recommendations_edit.setPlaceholderText("用顿号或逗号分隔，如 优先资助、资助、不资助")
        self.comment_below_edit = QLineEdit()
        self.comment_below_edit.setPlaceholderText("如 60")
        self.comment_for_edit = QLineEdit()
        self.comment_for_edit.setPlaceholderText("如 不资助（可留空）")
        self.aggregation_combo = ChoiceCombo()
        self.aggregation_combo.set_choices([(label, key) for key, label in RULES.items()])
        self.per_group_spin = QSpinBox()
        self.per_group_spin.setRange(MIN_EXPERTS_PER_GROUP, MAX_EXPERTS_PER_GROUP)
        self.per_group_spin.setSuffix(" 人")
        self.policy_label = QLabel()
        self.policy_label.setProperty("role", "hint")
        self.policy_label.setWordWrap(True)

        grid = self.grid = FieldGrid(columns=2)
        grid.add("recommendations", "推荐意见选项", self.recommendations_edit, span=2)
        grid.add("comment_required_below", "总分低于", self.comment_below_edit, suffix="分时须填写评审意见")
        grid.add("comment_required_for", "推荐以下意见时", self.comment_for_edit, column=1, suffix="须填写意见")
        grid.add("aggregation", "汇总规则", self.aggregation_combo)
        grid.add("experts_per_group", "每组评审专家", self.per_group_spin, column=1)
        grid.finish()
        grid.widgets["criteria"] = self.criteria.table
        grid.errors["criteria"] = self.criteria.error

        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_label)
        layout.addWidget(self.criteria, 1)
        layout.addLayout(total_row)
        layout.addWidget(grid)
        layout.addWidget(self.policy_label)
        self.editable_widgets: list[QWidget] = [self.criteria, self.recommendations_edit, self.comment_below_edit,
                                                self.comment_for_edit, self.aggregation_combo, self.per_group_spin]

    # -- filling --------------------------------------------------------------------------------
    def show_rubric(self, rubric: Rubric) -> None:
        self.criteria.set_rows([[d.code, d.name, d.max_points, d.weight] for d in drafts_of(rubric)])
        self.recommendations_edit.setText("、".join(rubric.recommendations))
        self.comment_below_edit.setText(_plain(rubric.comment_required_below))
        self.comment_for_edit.setText("、".join(rubric.comment_required_for))
        self._update_total()

    def fill(self, rubric: Rubric, aggregation: str, experts_per_group: int, *, locked_reason: str | None,
             policy_text: str) -> None:
        self._previous = rubric
        self.show_rubric(rubric)
        self.aggregation_combo.select(aggregation)
        self.per_group_spin.setValue(experts_per_group)
        self.policy_label.setText(policy_text)
        self.set_locked(locked_reason)
        self.grid.clear_errors()

    def set_locked(self, reason: str | None) -> None:
        """Read-only with the reason shown (``None``: editable)."""
        self.locked_label.setText(reason or "")
        self.locked_label.setVisible(bool(reason))
        for w in (*self.editable_widgets, self.default_button):
            w.setEnabled(reason is None)

    @property
    def locked(self) -> bool:
        return not self.locked_label.isHidden()

    def _update_total(self) -> None:
        total = _points(self.criteria.rows())
        self.total_label.setText(f"满分合计 {total} 分" if total is not None else "满分须为正整数")

    # -- reading --------------------------------------------------------------------------------
    def rubric(self) -> Rubric:
        """The rubric the tab describes; raises FieldErrors (keys of :meth:`show_errors`) when wrong."""
        drafts = [CriterionDraft(name, points, weight or "1", code) for code, name, points, weight in self.criteria.rows()]
        return build_rubric(drafts, recommendations=split_list(self.recommendations_edit.text()),
                            comment_required_below=self.comment_below_edit.text(),
                            comment_required_for=split_list(self.comment_for_edit.text()), previous=self._previous)

    def aggregation(self) -> str:
        return str(self.aggregation_combo.value())

    def experts_per_group(self) -> int:
        return self.per_group_spin.value()

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Put each message next to its field; return those that belong elsewhere."""
        return self.grid.show_errors(errors)

    def clear_errors(self) -> None:
        self.grid.clear_errors()


def _plain(value: Decimal) -> str:
    """Decimal('60') → '60', Decimal('62.5') → '62.5' (never exponent form)."""
    return format(value.normalize(), "f")
