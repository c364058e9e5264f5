"""新增专家 and the 工作单位 field shared with 编辑专家: a unit chosen from 单位库, or the name typed for a
unit that is not registered there (an expert from outside the county, e.g. 浙江大学)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from ...domain.codes import normalize_id_number
from ...domain.entities import FIELDS
from ...domain.errors import ValidationError
from ...domain.review import unit_name_key
from ...services.actor import Actor
from ...services.review_dto import ExpertInput, WorkUnit
from ..forms.combos import ChoiceCombo
from ..forms.fields import CodeEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.phone_check import PhoneCheck
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard
from .common import attempt, hint_label

TYPED_NOTE = "不在单位库：按此名称保存，抽取时按名称与项目各单位比对回避。"
EMPTY_NOTE = "未填写工作单位：抽取时无法按同单位回避。"


def unit_choices(services: Any, actor: Actor, error_label: ErrorLabel | None = None) -> list[tuple[str, int]]:
    """(name, id) of every unit of 单位库, for :class:`WorkUnitField`."""
    ok, units = attempt(None, services.units.list_units, actor, error_label=error_label)
    return [(u.name, u.id) for u in units or [] if u.id is not None]


class WorkUnitField(QWidget):
    """One editable combo: pick a unit of 单位库 (type to search) or type a name that is not there. The line
    under it says which it will be; a typed name equal to one registered unit (spaces, full width ignored)
    is linked to it by the service, and the line says so."""

    def __init__(self, units: list[tuple[str, int]], parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = ChoiceCombo(searchable=True)
        self.combo.setMinimumContentsLength(30)
        self.combo.set_choices(units)
        self.combo.lineEdit().setPlaceholderText("从单位库选择，或直接填写单位名称（如 浙江大学）")
        self.combo.setEditText("")
        self._by_key: dict[str, list[str]] = {}
        for name, _ in units:
            self._by_key.setdefault(unit_name_key(name), []).append(name)
        self.note = hint_label(EMPTY_NOTE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.note)
        self.combo.editTextChanged.connect(lambda _t: self._update_note())
        self.combo.currentIndexChanged.connect(lambda _i: self._update_note())

    def value(self) -> WorkUnit:
        unit_id = self.combo.value()
        if isinstance(unit_id, int):
            return WorkUnit(unit_id)
        return WorkUnit(text=" ".join(self.combo.currentText().split()))

    def set_value(self, unit_id: int | None, text: str) -> None:
        if unit_id is not None and self.combo.index_of(unit_id) >= 0:
            self.combo.select(unit_id)
        else:
            self.combo.setEditText(text)
        self._update_note()

    def _update_note(self) -> None:
        value = self.value()
        if value.unit_id is not None:
            self.note.setText("单位库中的单位。")
        elif not value.text:
            self.note.setText(EMPTY_NOTE)
        elif len(same := self._by_key.get(unit_name_key(value.text), [])) == 1:
            self.note.setText(f"即单位库中的“{same[0]}”，保存时关联该单位。")
        else:
            self.note.setText(TYPED_NOTE)
        self.note.setToolTip(self.note.text())


def add_profile_rows(grid: FieldGrid, units: list[tuple[str, int]]
                     ) -> tuple[QLineEdit, QLineEdit, QLineEdit, WorkUnitField]:
    """The 专长, 职称, 联系电话 and 工作单位 rows shared by 新增专家 and 编辑专家: (specialty, title, phone, unit).
    The dialog adds a :class:`PhoneCheck` on the phone field."""
    specialty, title, phone = QLineEdit(), QLineEdit(), QLineEdit()
    specialty.setPlaceholderText("研究方向、擅长领域")
    title.setPlaceholderText("例如 高级工程师、教授")
    unit = WorkUnitField(units)
    phone.setPlaceholderText("固定电话带区号（如 0571-88888888）或 11 位手机号")
    for key, label, widget in (("specialty", "专长", specialty), ("title", "职称", title), ("phone", "联系电话", phone),
                               ("work_unit", "工作单位", unit)):
        grid.add(key, label, widget)
    return specialty, title, phone, unit


def show_field_errors(grid: FieldGrid, general: ErrorLabel, errors: dict[str, str]) -> None:
    """Each message under its field; those of no field of the form at the top."""
    rest = grid.show_errors(errors)
    general.set_error("；".join(rest.values()) or None)


class ExpertAddDialog(UnsavedChangesGuard, QDialog):
    """新增专家: name, 身份证号 (checked as it is typed), field, specialty, title, phone, 工作单位. The service
    checks everything again and its refusals appear under the fields; ``saved(expert_id)`` after adding."""

    saved = Signal(int)

    def __init__(self, services: Any, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.setWindowTitle("新增专家")
        self.setMinimumWidth(600)
        self.general_error = ErrorLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(50)
        self.id_edit = CodeEdit("18 位居民身份证号，末位可为 X")
        self.field_combo = ChoiceCombo(empty_label="请选择技术领域")
        self.field_combo.set_choices([(f, f) for f in FIELDS])
        grid = self.grid = FieldGrid()
        grid.add("name", "姓名", self.name_edit, is_required=True)
        grid.add("id_number", "身份证号", self.id_edit, is_required=True)
        grid.add("field", "技术领域", self.field_combo, is_required=True)
        self.specialty_edit, self.title_edit, self.phone_edit, self.unit_field = add_profile_rows(
            grid, unit_choices(services, actor, self.general_error))
        grid.finish()
        self.phone_check = PhoneCheck(grid, self.phone_edit, "添加")
        self.buttons = ok_cancel_buttons(self, "添加", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(grid)
        layout.addWidget(hint_label("新增的专家立即在库，今后的抽取可以抽到；身份证号已登记的人员（如项目负责人）直接加入专家库。"))
        layout.addWidget(self.buttons)
        self.id_edit.textEdited.connect(self._check_id)
        self.id_edit.editingFinished.connect(lambda: self._check_id(final=True))

    def _check_id(self, _text: str = "", final: bool = False) -> bool:
        """The check digit (GB 11643) as soon as 18 characters are typed, or when the field is left."""
        text = self.id_edit.text().strip()
        message = None
        if text and (final or len(text) >= 18):
            try:
                normalize_id_number(text)
            except ValidationError as exc:
                message = exc.message
        self.grid.errors["id_number"].set_error(message)
        return message is None

    def data(self) -> ExpertInput:
        return ExpertInput(name=self.name_edit.text(), id_number=self.id_edit.text(),
                           field=str(self.field_combo.value() or ""), specialty=self.specialty_edit.text(),
                           title=self.title_edit.text(), phone=self.phone_edit.text(),
                           work_unit=self.unit_field.value())

    def save(self) -> bool:
        self.general_error.set_error(None)
        if not self.phone_check.ready():
            return False
        ok, expert_id = save_or_explain(self, lambda: self.services.review.add_expert(self.actor, self.data()),
                                        lambda errors: show_field_errors(self.grid, self.general_error, errors),
                                        lambda: None)
        if ok and expert_id is not None:
            self.saved.emit(int(expert_id))
            self.accept()
        return ok
