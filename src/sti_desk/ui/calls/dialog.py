"""新建/编辑申报批次 dialog: 基本信息 (every field of the call) and 评审规则 (the rubric tab).

The call and its rubric are saved together by ``services.calls.save_call`` in one transaction. Problems the
form can see (an amount that is not a number, a wrong criteria row) and the service's field checks are shown
next to their fields on both tabs at once; a stale version offers to reload (``save_or_explain``). Users
without 管理申报批次 (分管领导) get the same dialog read-only.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from ...domain.calls import MAX_YEAR, MIN_YEAR, check_call_fields
from ...domain.entities import Call
from ...domain.permissions import Permission, has_permission
from ...domain.policy import BudgetScheme, CallCategory, FundingMode, OrganisationMode
from ...domain.review import Rubric, default_rubric
from ...domain.validation import FieldErrors
from ...services.actor import Actor
from .. import theme
from ..forms.combos import ChoiceCombo
from ..forms.fields import ErrorLabel, FieldGrid, MoneyEdit, parse_money
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard
from .fields import OptionalDateEdit, PlanEdit
from .rubric_tab import RubricTab

FIX_HINT = "请按红色提示修改后再保存"
BASIC_TAB, RUBRIC_TAB = "基本信息", "评审规则"


def _enum_combo(enum: type) -> ChoiceCombo:
    combo = ChoiceCombo()
    members = list(enum)
    combo.set_choices([(m.label, m) for m in members], members[0])
    return combo


class CallEditDialog(UnsavedChangesGuard, QDialog):
    """``code=None`` creates a call; otherwise edits the call with that code."""

    saved = Signal(str)

    def __init__(self, services, actor: Actor, code: str | None = None,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.code = services, actor, code
        self.call: Call | None = None
        self.read_only = not has_permission(actor.role, Permission.EDIT_CALLS)
        self.setWindowTitle("新建申报批次" if code is None else "编辑申报批次")
        self.setMinimumSize(760, 540)
        self.resize(900, 600)

        self.general_error = ErrorLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(24)
        self.code_edit.setPlaceholderText("如 2026-ZDYF（创建后不能修改）")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText("如 2026年度重点研发计划")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(MIN_YEAR, MAX_YEAR)
        self.category_combo = _enum_combo(CallCategory)
        self.funding_combo = _enum_combo(FundingMode)
        self.organisation_combo = _enum_combo(OrganisationMode)
        self.scheme_combo = _enum_combo(BudgetScheme)
        self.opens_edit = OptionalDateEdit()
        self.closes_edit = OptionalDateEdit()
        self.cap_edit = MoneyEdit()
        self.cap_edit.setToolTip("单项资助上限，单位：万元；0 表示不设上限")
        self.budget_edit = MoneyEdit()
        self.ratio_edit = QLineEdit()
        self.ratio_edit.setPlaceholderText("如 1（即 1:1）、0.5、2:1；0 为不要求")
        self.ratio_edit.setToolTip("自筹资金与申请财政资金之比的下限，形式审查按此检查")
        self.plan_edit = PlanEdit()
        self.status_label = QLabel("新批次")

        grid = self.grid = FieldGrid(columns=2)
        grid.add("code", "批次编号", self.code_edit, is_required=True)
        grid.add("name", "批次名称", self.name_edit, is_required=True)
        grid.add("year", "年度", self.year_spin, is_required=True)
        grid.add("category", "类别", self.category_combo, is_required=True)
        grid.add("funding_mode", "资金管理方式", self.funding_combo)
        grid.add("organisation_mode", "组织方式", self.organisation_combo)
        grid.add("budget_scheme", "预算科目", self.scheme_combo)
        grid.add("opens", "申报开始日期", self.opens_edit, column=1)
        grid.add("closes", "申报截止日期", self.closes_edit, column=1)
        grid.add("cap", "单项资助上限", self.cap_edit, column=1, suffix="万元")
        grid.add("total_budget", "批次总预算", self.budget_edit, column=1, suffix="万元")
        grid.add("self_funding_ratio", "自筹比例（自筹:财政）", self.ratio_edit, column=1)
        grid.add("disbursement_plan", "拨付计划", self.plan_edit, column=1)
        grid.add("status", "项目与评审", self.status_label, column=1)
        grid.finish()
        grid.widgets["disbursement_plan"] = self.plan_edit.edit

        self.rubric_tab = RubricTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(grid, BASIC_TAB)
        self.tabs.addTab(self.rubric_tab, RUBRIC_TAB)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton("关闭" if self.read_only else "取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(not self.read_only)
        close.clicked.connect(self.reject)
        hint = QLabel(f"当前角色“{actor.role.label}”只能查看申报批次。" if self.read_only else
                      "带 * 的为必填项；金额单位为万元，精确到分。")
        hint.setProperty("role", "hint")
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        theme.apply_roles(self)
        if code is None:
            self._fill_new()
        else:
            self.reload()

    # -- filling --------------------------------------------------------------------------------------
    def _fill_new(self) -> None:
        from datetime import date

        self.year_spin.setValue(date.today().year)
        self.plan_edit.set_plan("0.7,0.3")
        self.ratio_edit.setText("0")
        blank = Call("", "", date.today().year, CallCategory.KEY_RD)
        params = self.services.policy.in_force(self.actor)
        self.rubric_tab.fill(default_rubric(), blank.aggregation, blank.experts_per_group,
                             locked_reason=None, policy_text=policy_text(params.review_drop_extremes_min,
                                                                         params.review_disagreement_spread))
        self._set_read_only()

    def reload(self) -> None:
        assert self.code is not None
        d = self.services.calls.details(self.actor, self.code)
        c = self.call = d.call
        self.setWindowTitle(f"编辑申报批次 — {c.name}" if not self.read_only else f"查看申报批次 — {c.name}")
        self.code_edit.setText(c.code)
        self.code_edit.setReadOnly(True)
        self.code_edit.setToolTip("批次编号创建后不能修改（项目编号以它开头）")
        self.name_edit.setText(c.name)
        self.year_spin.setValue(c.year)
        for combo, value in ((self.category_combo, c.category), (self.funding_combo, c.funding_mode),
                             (self.organisation_combo, c.organisation_mode), (self.scheme_combo, c.budget_scheme)):
            combo.select(value)
        self.opens_edit.set_value(c.opens)
        self.closes_edit.set_value(c.closes)
        self.cap_edit.set_money(c.cap)
        self.budget_edit.set_money(c.total_budget)
        self.ratio_edit.setText(c.self_funding_ratio)
        self.plan_edit.set_plan(c.disbursement_plan)
        self.status_label.setText(f"{d.projects} 个项目；{d.review_status}")
        locked = None
        if d.rubric_locked:
            locked = (f"本批次已抽取评审专家（{d.review_status}）：评分标准、汇总规则和每组人数已锁定，不能再修改，"
                      "以保证已给出的分数含义不变（评审公平）。批次的其他信息仍可修改。")
        self.rubric_tab.fill(d.rubric, c.aggregation, c.experts_per_group, locked_reason=locked,
                             policy_text=policy_text(d.drop_extremes_min, d.disagreement_spread))
        self._show_errors({})
        self._set_read_only()
        self.remember_fields()  # after a reload too: the form holds the stored call again

    def _set_read_only(self) -> None:
        if not self.read_only:
            return
        for w in self.grid.widgets.values():
            w.setEnabled(False)
        locked = self.rubric_tab.locked_label.text() if self.rubric_tab.locked else ""
        self.rubric_tab.set_locked(f"当前角色“{self.actor.role.label}”只能查看评审规则。{locked}")

    # -- saving ---------------------------------------------------------------------------------------
    def collect(self, errors: dict[str, str]) -> Call:
        """The form as a Call; amounts the form cannot read go into ``errors``."""
        base = self.call or Call("", "", 0, CallCategory.KEY_RD)
        return replace(base, code=self.code_edit.text().strip(), name=self.name_edit.text().strip(),
                       year=self.year_spin.value(), category=self.category_combo.value(),
                       funding_mode=self.funding_combo.value(), organisation_mode=self.organisation_combo.value(),
                       budget_scheme=self.scheme_combo.value(), opens=self.opens_edit.value(),
                       closes=self.closes_edit.value(), cap=parse_money(self.cap_edit, "cap", errors),
                       total_budget=parse_money(self.budget_edit, "total_budget", errors),
                       self_funding_ratio=self.ratio_edit.text().strip() or "0",
                       disbursement_plan=self.plan_edit.text(), aggregation=self.rubric_tab.aggregation(),
                       experts_per_group=self.rubric_tab.experts_per_group())

    def save(self) -> bool:
        if self.read_only:
            return False
        errors: dict[str, str] = {}
        call = self.collect(errors)
        rubric: Rubric | None = None
        if not self.rubric_tab.locked:
            try:
                rubric = self.rubric_tab.rubric()
            except FieldErrors as exc:
                errors.update(exc.errors)
        # the service checks the fields again; checking here too shows both tabs' problems at once
        errors = {**check_call_fields(call, new=self.call is None), **errors}
        if errors:
            self._show_errors(errors)
            return False
        ok, _ = save_or_explain(self, lambda: self.services.calls.save_call(self.actor, call, rubric),
                                self._show_errors, self.reload)
        if not ok:
            return False
        self.code = call.code
        self.saved.emit(call.code)
        self.accept()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        shown = dict(errors)
        plan_problem = self.plan_edit.problem()
        if plan_problem is not None and shown.get("disbursement_plan") == plan_problem:
            shown["disbursement_plan"] = ""  # the plan's own live line already says exactly this
        rest = self.grid.show_errors(shown)
        on_basic = len(rest) < len(shown)
        remaining = self.rubric_tab.show_errors(rest)
        on_rubric = len(remaining) < len(rest)
        for index, (title, wrong) in enumerate(((BASIC_TAB, on_basic), (RUBRIC_TAB, on_rubric))):
            self.tabs.setTabText(index, f"{title}（待修改）" if wrong else title)
        if on_basic or on_rubric:
            self.tabs.setCurrentIndex(0 if on_basic else 1)
        self.general_error.set_error("；".join(remaining.values()) if remaining else FIX_HINT if errors else None)


def policy_text(drop_extremes_min: int, spread: object) -> str:
    return (f"按政策参数：去掉最高分和最低分在 {drop_extremes_min} 个及以上分数时进行（仅“去掉最高分和最低分后平均”）；"
            f"最高分与最低分相差超过 {spread} 分时提示专家意见分歧较大。政策参数由管理员维护，不随批次设置。")
