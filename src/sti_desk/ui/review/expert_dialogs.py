"""Dialogs of the 专家库 page: edit an expert, and declare a conflict (申报声明回避, P13). 新增专家 and the
工作单位 field: :mod:`.expert_add`."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from ...domain.entities import FIELDS
from ...services.actor import Actor
from ...services.review_dto import ExpertInfo
from ..forms.combos import ChoiceCombo
from ..forms.fields import DateEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.phone_check import PhoneCheck
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard
from .common import attempt, hint_label
from .expert_add import add_profile_rows, show_field_errors, unit_choices


class ExpertEditDialog(UnsavedChangesGuard, QDialog):
    """Field and specialty of the expert; title, phone and 工作单位 (a unit of 单位库 or the typed name) of the
    person. The name is the person record's (identified by the ID number) and is not edited here."""

    saved = Signal(int)

    def __init__(self, services: Any, actor: Actor, expert: ExpertInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.expert = services, actor, expert
        self.setWindowTitle(f"编辑专家：{expert.name}")
        self.setMinimumWidth(520)
        self.general_error = ErrorLabel()
        name = QLabel(expert.name)
        name.setProperty("dataText", True)
        self.field_combo = QComboBox()
        self.field_combo.addItems(list(FIELDS))
        if expert.field in FIELDS:
            self.field_combo.setCurrentText(expert.field)
        grid = self.grid = FieldGrid()
        grid.add("name", "姓名", name)
        grid.add("field", "技术领域", self.field_combo, is_required=True)
        self.specialty_edit, self.title_edit, self.phone_edit, self.unit_field = add_profile_rows(
            grid, unit_choices(services, actor, self.general_error))
        grid.finish()
        self.phone_check = PhoneCheck(grid, self.phone_edit, "保存")
        self.specialty_edit.setText(expert.specialty)
        self.title_edit.setText(expert.title)
        self.phone_edit.setText(expert.phone)
        self.phone_check.stored(expert.phone)
        self.unit_field.set_value(expert.unit_id, expert.workplace or expert.unit_name)
        self._unit_before = self.unit_field.value()
        buttons = ok_cancel_buttons(self, "保存", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(grid)
        layout.addWidget(hint_label("修改技术领域和工作单位只影响今后的抽取，已完成的抽取记录不变。"))
        layout.addWidget(buttons)

    def _reload(self) -> None:
        """After a colleague saved first: show their version (the form's typing is dropped, as asked)."""
        ok, fresh = attempt(self, self.services.review.get_expert, self.actor, self.expert.id,
                            error_label=self.general_error)
        if ok and fresh is not None:
            self.expert = fresh
            self.field_combo.setCurrentText(fresh.field)
            self.specialty_edit.setText(fresh.specialty)
            self.title_edit.setText(fresh.title)
            self.phone_edit.setText(fresh.phone)
            self.phone_check.stored(fresh.phone)
            self.unit_field.set_value(fresh.unit_id, fresh.workplace or fresh.unit_name)
            self._unit_before = self.unit_field.value()
            self.remember_fields()

    def save(self) -> bool:
        self.general_error.set_error(None)
        self.grid.clear_errors()
        if not self.phone_check.ready():        # the remark stays on screen; 保存 again keeps the number
            return False
        unit = self.unit_field.value()
        ok, _ = save_or_explain(self, lambda: self.services.review.save_expert(
            self.actor, self.expert.id, field=self.field_combo.currentText(), specialty=self.specialty_edit.text(),
            title=self.title_edit.text(), phone=self.phone_edit.text(), expected_version=self.expert.version,
            work_unit=unit if unit != self._unit_before else None),
            lambda errors: show_field_errors(self.grid, self.general_error, errors), self._reload)
        if ok:
            self.saved.emit(self.expert.id)
            self.accept()
        return ok


KINDS = (("项目", "project"), ("单位", "unit"), ("人员（项目负责人）", "person"))


class ConflictDialog(UnsavedChangesGuard, QDialog):
    """添加回避声明: exactly one project, unit or person, a reason and an optional last day in force."""

    saved = Signal(int)

    def __init__(self, services: Any, actor: Actor, expert: ExpertInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.expert = services, actor, expert
        self.setWindowTitle(f"添加回避声明：{expert.name}")
        self.setMinimumWidth(580)
        self.general_error = ErrorLabel()
        self.kind_combo = ChoiceCombo()
        self.kind_combo.set_choices(list(KINDS), "project")
        self.target_combo = ChoiceCombo(searchable=True)
        self.target_combo.setMinimumContentsLength(30)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("例如：曾与该单位合作研发、师生关系、亲属关系（必填）")
        self.reason_edit.setFixedHeight(70)
        self.forever_check = QCheckBox("长期有效")
        self.forever_check.setChecked(True)
        self.expires_edit = DateEdit(date.today() + timedelta(days=365))
        self.expires_edit.setEnabled(False)
        self.forever_check.toggled.connect(lambda on: self.expires_edit.setEnabled(not on))
        expiry = QWidget()
        line = QHBoxLayout(expiry)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.forever_check)
        line.addWidget(QLabel("或有效至（含当日）"))
        line.addWidget(self.expires_edit)
        line.addStretch(1)
        grid = self.grid = FieldGrid()
        grid.add("kind", "回避对象类型", self.kind_combo, is_required=True)
        grid.add("target", "回避对象", self.target_combo, is_required=True)
        grid.add("reason", "回避理由", self.reason_edit, is_required=True)
        grid.add("expires", "有效期", expiry)
        grid.finish()
        buttons = ok_cancel_buttons(self, "添加", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(grid)
        layout.addWidget(hint_label("抽取专家时，与声明对象有关的项目（申报单位、负责人或团队成员）所在评审组不会抽到该专家。"))
        layout.addWidget(buttons)

        self._projects: list[tuple[str, int]] = []
        self._leaders: list[tuple[str, int]] = []
        self._units: list[tuple[str, int]] = []
        ok, rows = attempt(self, services.projects.list_projects, actor, error_label=self.general_error)
        for r in rows or []:
            self._projects.append((f"{r.code} {r.title}", r.id))
            self._leaders.append((f"{r.leader_name}（{r.code} 项目负责人）", r.id))
        ok, units = attempt(self, services.units.list_units, actor, error_label=self.general_error)
        self._units = [(u.name, u.id) for u in units or [] if u.id is not None]
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        kind = self.kind_combo.value()
        items = {"project": self._projects, "unit": self._units, "person": self._leaders}.get(kind, [])  # type: ignore[call-overload]
        self.target_combo.set_choices(items)
        self.target_combo.setEditText("")

    def save(self) -> bool:
        self.grid.clear_errors()
        self.general_error.set_error(None)
        kind, target = self.kind_combo.value(), self.target_combo.value()
        reason = self.reason_edit.toPlainText().strip()
        errors = {}
        if target is None:
            errors["target"] = "请选择回避对象（可输入名称查找）"
        if not reason:
            errors["reason"] = "请填写回避理由"
        if errors:
            self.grid.show_errors(errors)
            return False
        kw: dict[str, Any] = {}
        if kind == "project":
            kw["project_id"] = target
        elif kind == "unit":
            kw["unit_id"] = target
        else:
            ok, detail = attempt(self, self.services.projects.get_project, self.actor, target,
                                 error_label=self.general_error)
            if not ok or detail is None:
                return False
            kw["person_id"] = detail.leader_id
        expires = None if self.forever_check.isChecked() else self.expires_edit.value()
        ok, cid = attempt(self, self.services.review.add_conflict, self.actor, self.expert.id, reason=reason,
                          expires=expires, error_label=self.general_error, **kw)
        if ok:
            self.saved.emit(int(cid or 0))
            self.accept()
        return ok
