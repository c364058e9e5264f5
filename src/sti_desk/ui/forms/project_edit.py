"""新建/编辑项目 dialog with inline validation messages under each field."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from ...domain.entities import FIELDS, BudgetLine
from ...domain.errors import ValidationError
from ...domain.money import Money
from ...domain.permissions import Permission, has_permission
from ...domain.policy import BUDGET_SUBJECTS, BudgetScheme
from ...domain.validation import check_team
from ...services.actor import Actor
from ...services.dto import ProjectDetail, ProjectInput, TeamMemberInput
from .. import theme
from .combos import ChoiceCombo
from .fields import CodeEdit, DateEdit, ErrorLabel, FieldGrid, MoneyEdit, money_edit_text, parse_money
from .rows_table import ColumnSpec, RowsEditor
from .saving import save_or_explain
from .unsaved import UnsavedChangesGuard

TEAM_ROLES = ("成员", "骨干成员", "财务负责人", "联系人")
_ALL_SUBJECTS = tuple(dict.fromkeys(BUDGET_SUBJECTS[BudgetScheme.SIMPLIFIED] +
                                    BUDGET_SUBJECTS[BudgetScheme.TRADITIONAL]))


def _id_key(id_number: str) -> str:
    """A team member's ID number as typed, compared case- and space-insensitively."""
    return "".join(str(id_number).split()).upper()


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class ProjectEditDialog(UnsavedChangesGuard, QDialog):
    """``project_id=None`` creates a project; otherwise edits it (refused by the service if stale)."""

    saved = Signal(int)

    def __init__(self, services, actor: Actor, project_id: int | None = None,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.project_id = services, actor, project_id
        self.version: int | None = None
        self._team_units: dict[str, int] = {}
        self._schemes: dict[int, BudgetScheme] = {}   # each call's 预算科目体系: the subjects offered
        self.setWindowTitle("新建项目" if project_id is None else "编辑项目")
        self.setMinimumSize(760, 520)
        self.resize(920, 580)

        self.general_error = ErrorLabel()
        self.call_combo = ChoiceCombo(empty_label="请选择申报批次", elide=True)  # long names: “…” in the middle
        self.unit_combo = ChoiceCombo(searchable=True)
        self.new_unit_button = QPushButton("新建单位…")
        self.new_unit_button.setToolTip("单位库中没有该单位时，先登记单位")
        self.new_unit_button.setEnabled(has_permission(actor.role, Permission.EDIT_UNITS))
        self.new_unit_button.clicked.connect(self._new_unit)
        unit_row = QWidget()
        unit_line = QHBoxLayout(unit_row)
        unit_line.setContentsMargins(0, 0, 0, 0)
        unit_line.addWidget(self.unit_combo, 1)
        unit_line.addWidget(self.new_unit_button)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(100)
        self.title_edit.setPlaceholderText("不超过 100 个字")
        self.field_combo = QComboBox()
        self.field_combo.addItem("请选择技术领域", "")
        for f in FIELDS:
            self.field_combo.addItem(f, f)
        self.leader_edit = QLineEdit()
        self.leader_id_edit = CodeEdit("18 位居民身份证号码")
        self.start_edit = DateEdit()
        self.end_edit = DateEdit(_add_years(date.today(), 2))
        self.requested_edit = MoneyEdit()
        self.self_raised_edit = MoneyEdit()
        self.pledge_check = QCheckBox("已签署包干制诚信承诺书")
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText("研究内容、预期目标（可选）")
        self.summary_edit.setFixedHeight(90)

        grid = self.grid = FieldGrid(columns=2)
        grid.add("call", "申报批次", self.call_combo, is_required=True)
        grid.add("unit", "申报单位", unit_row, is_required=True)
        grid.widgets["unit"] = self.unit_combo
        grid.add("title", "项目名称", self.title_edit, is_required=True)
        grid.add("field", "技术领域", self.field_combo, is_required=True)
        grid.add("leader_name", "项目负责人", self.leader_edit, is_required=True)
        grid.add("leader_id_number", "负责人身份证号", self.leader_id_edit, is_required=True)
        grid.add("start", "开始日期", self.start_edit, column=1, is_required=True)
        grid.add("end", "结束日期", self.end_edit, column=1, is_required=True)
        grid.add("requested", "申请财政资金", self.requested_edit, column=1, is_required=True, suffix="万元")
        grid.add("self_raised", "自筹资金", self.self_raised_edit, column=1, suffix="万元")
        grid.add("lump_sum_pledge", "包干制", self.pledge_check, column=1)
        grid.add("summary", "项目摘要", self.summary_edit, span=2)
        grid.finish()

        self.budget = RowsEditor([ColumnSpec("预算科目", "choice", _ALL_SUBJECTS, 260),
                                  ColumnSpec("财政资金(万元)", "money", width=130),
                                  ColumnSpec("自筹资金(万元)", "money", width=130),
                                  ColumnSpec("测算依据", width=260)])
        self.team = RowsEditor([ColumnSpec("姓名", width=120), ColumnSpec("身份证号", width=200),
                                ColumnSpec("分工", "choice", TEAM_ROLES, 140)], add_text="添加成员")
        self.tabs = QTabWidget()
        self.tabs.addTab(grid, "基本信息")
        self.tabs.addTab(self.budget, "预算明细")
        self.tabs.addTab(self.team, "项目组成员")

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        hint = QLabel("带 * 的为必填项；金额单位为万元，精确到分。")
        hint.setProperty("role", "hint")
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        theme.apply_roles(self)
        self.call_combo.currentIndexChanged.connect(lambda *_: self._offer_subjects())
        self._load_choices()
        if project_id is not None:
            self.reload()

    # -- loading ----------------------------------------------------------------------------------
    def _load_choices(self, selected_unit: int | None = None) -> None:
        calls = self.services.calls.list_calls(self.actor)
        self._schemes = {c.id: c.budget_scheme for c in calls if c.id is not None}
        self.call_combo.set_choices([(f"{c.name}（{c.code}）", c.id) for c in calls], self.call_combo.value())
        self._offer_subjects()
        units = self.services.units.list_units(self.actor)
        current = selected_unit if selected_unit is not None else self.unit_combo.value()
        self.unit_combo.set_choices([(u.name, u.id) for u in units], current)

    def _offer_subjects(self) -> None:
        """The budget subjects of the chosen call's scheme (三类直接费用 or the old 九项); every subject
        while no call is chosen. A line already holding another subject keeps it (形式审查 flags it)."""
        scheme = self._schemes.get(self.call_combo.value())  # type: ignore[arg-type]
        self.budget.set_choices(0, BUDGET_SUBJECTS[scheme] if scheme is not None else _ALL_SUBJECTS)
        self.budget.table.horizontalHeaderItem(0).setToolTip(
            f"本批次采用“{scheme.label}”预算科目" if scheme is not None else "请先在基本信息中选择申报批次")

    def reload(self) -> None:
        """Fill the form from the stored project (also after a refused stale save)."""
        assert self.project_id is not None
        detail = self.services.projects.get_project(self.actor, self.project_id)
        self.fill(detail)

    def fill(self, d: ProjectDetail) -> None:
        self.version = d.version
        self.setWindowTitle(f"编辑项目 — {d.code}")
        self.call_combo.select(d.call_id)
        self.call_combo.setEnabled(False)
        self.call_combo.set_tip("已登记的项目不能更换申报批次")
        self.unit_combo.select(d.unit_id)
        self.title_edit.setText(d.title)
        self.field_combo.setCurrentIndex(max(0, self.field_combo.findData(d.field)))
        self.leader_edit.setText(d.leader_name)
        self.leader_id_edit.setText(d.leader_id_number)
        if d.start_date:
            self.start_edit.set_value(d.start_date)
        if d.end_date:
            self.end_edit.set_value(d.end_date)
        self.requested_edit.set_money(d.requested)
        self.self_raised_edit.set_money(d.self_raised)
        self.pledge_check.setChecked(d.lump_sum_pledge)
        self.summary_edit.setPlainText(d.summary)
        self.budget.set_rows([[b.subject, money_edit_text(b.fiscal), money_edit_text(b.self_raised), b.basis]
                              for b in d.budget_lines])
        self.team.set_rows([[m.name, m.id_number, m.role] for m in d.team])
        # each member's unit on this project (not shown in the grid) goes back unchanged on save
        self._team_units = {_id_key(m.id_number): m.unit_id for m in d.team if m.unit_id is not None}
        self.grid.clear_errors()
        self.general_error.set_error(None)
        self.remember_fields()  # after a reload too: the form holds the stored project again

    # -- saving -----------------------------------------------------------------------------------
    def collect(self, errors: dict[str, str]) -> ProjectInput:
        """The form as a ProjectInput; problems the form itself can see go into ``errors``."""
        requested = parse_money(self.requested_edit, "requested", errors)
        self_raised = parse_money(self.self_raised_edit, "self_raised", errors)
        lines: list[BudgetLine] = []
        bad_lines: list[str] = []
        for n, (subject, fiscal, own, basis) in enumerate(self.budget.rows(), start=1):
            try:
                lines.append(BudgetLine(subject, Money.wan(fiscal or "0"), Money.wan(own or "0"), basis))
            except ValidationError as exc:
                bad_lines.append(f"预算明细第 {n} 行：{exc.message}")
        if bad_lines:
            errors["budget"] = "\n".join(bad_lines)
        team: list[TeamMemberInput] = []
        rows = self.team.rows()
        if problems := check_team(self.leader_id_edit.text(), [(name, id_number) for name, id_number, _ in rows]):
            errors["team"] = "\n".join(problems)     # every bad row, not only the last one
        for name, id_number, role in rows:
            team.append(TeamMemberInput(name=name, id_number=id_number, role=role or "成员",
                                        unit_id=self._team_units.get(_id_key(id_number))))
        return ProjectInput(
            call_id=self.call_combo.value(), unit_id=self.unit_combo.value(),  # type: ignore[arg-type]
            title=self.title_edit.text().strip(), field=self.field_combo.currentData() or "",
            leader_name=self.leader_edit.text().strip(), leader_id_number=self.leader_id_edit.text().strip(),
            start_date=self.start_edit.value(), end_date=self.end_edit.value(), requested=requested,
            self_raised=self_raised, summary=self.summary_edit.toPlainText().strip(),
            lump_sum_pledge=self.pledge_check.isChecked(), budget_lines=lines, team=team)

    def save(self) -> bool:
        errors: dict[str, str] = {}
        data = self.collect(errors)
        self.budget.error.set_error(errors.pop("budget", None))
        self.team.error.set_error(errors.pop("team", None))
        if self.budget.error.text() or self.team.error.text():
            self.tabs.setCurrentWidget(self.budget if self.budget.error.text() else self.team)
        if errors or self.budget.error.text() or self.team.error.text():
            self._show_field_errors(errors)
            return False

        def save() -> int:
            if self.project_id is None:
                return self.services.projects.create_project(self.actor, data)  # type: ignore[no-any-return]
            self.services.projects.update_project(self.actor, self.project_id, data, self.version)
            return self.project_id

        ok, new_id = save_or_explain(self, save, self._show_field_errors, self.reload,
                                     field_alias={"id_number": "leader_id_number"})
        if not ok:
            return False
        self.project_id = new_id
        self.saved.emit(new_id)
        self.accept()
        return True

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        if "team" in errors:          # the service's refusal of team rows: under the team grid
            errors = dict(errors)
            self.team.error.set_error(errors.pop("team"))
            if not errors:
                self.tabs.setCurrentWidget(self.team)
                self.general_error.set_error("请按“项目组成员”页的红色提示修改后再保存")
                return
        rest = self.grid.show_errors(errors)
        if len(rest) < len(errors):
            self.tabs.setCurrentWidget(self.grid)
        self.general_error.set_error("；".join(rest.values()) if rest else
                                     "请按红色提示修改后再保存" if errors else None)

    def _new_unit(self) -> None:
        from .unit_edit import UnitEditDialog

        dialog = UnitEditDialog(self.services, self.actor, parent=self)
        dialog.saved.connect(lambda unit_id: self._load_choices(selected_unit=unit_id))
        dialog.open()
