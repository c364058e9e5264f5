"""新建/编辑单位 dialog (单位库) with inline messages: name (also one another unit has), credit code,
研发投入强度 (a percentage) and 联系电话 (refused when it is no number, a warning when it looks doubtful)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from ...domain.entities import Unit, UnitType
from ...services.actor import Actor
from .. import theme
from .fields import CodeEdit, ErrorLabel, FieldGrid
from .phone_check import PhoneCheck
from .saving import save_or_explain
from .unsaved import UnsavedChangesGuard


class UnitEditDialog(UnsavedChangesGuard, QDialog):
    saved = Signal(int)

    def __init__(self, services, actor: Actor, unit_id: int | None = None,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.unit_id = services, actor, unit_id
        self.version = 1
        self.credit_level = "良好"
        self.setWindowTitle("新建单位" if unit_id is None else "编辑单位")
        self.setMinimumWidth(560)

        self.general_error = ErrorLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.code_edit = CodeEdit("18 位统一社会信用代码")
        self.type_combo = QComboBox()
        for t in UnitType:
            self.type_combo.addItem(t.label, t.value)
        self.above_scale_check = QCheckBox("规模以上工业企业")
        self.rd_check = QCheckBox("设有研发机构")
        self.rd_intensity_edit = QLineEdit()
        self.rd_intensity_edit.setPlaceholderText("百分数，例如 3.2%")
        self.address_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("固定电话带区号（如 0571-88888888）或 11 位手机号")
        self.credit_label = QLabel("良好")
        self.credit_label.setToolTip("信用等级由诚信记录决定，不在此处修改")

        grid = self.grid = FieldGrid()
        grid.add("name", "单位名称", self.name_edit, is_required=True)
        grid.add("credit_code", "统一社会信用代码", self.code_edit, is_required=True)
        grid.add("unit_type", "单位类型", self.type_combo)
        grid.add("above_scale_industrial", "企业规模", self.above_scale_check)
        grid.add("has_rd_institution", "研发机构", self.rd_check)
        grid.add("rd_intensity", "研发投入强度", self.rd_intensity_edit)
        grid.add("address", "地址", self.address_edit)
        grid.add("contact", "联系人", self.contact_edit)
        grid.add("phone", "联系电话", self.phone_edit)
        grid.add("credit_level", "信用等级", self.credit_label)
        grid.finish()
        self.phone_check = PhoneCheck(grid, self.phone_edit, "保存")

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addWidget(grid, 1)
        layout.addWidget(buttons)
        theme.apply_roles(self)
        if unit_id is not None:
            self.reload()

    def reload(self) -> None:
        assert self.unit_id is not None
        self.fill(self.services.units.get_unit(self.actor, self.unit_id))

    def fill(self, u: Unit) -> None:
        self.version, self.credit_level = u.version, u.credit_level
        self.setWindowTitle(f"编辑单位 — {u.name}")
        self.name_edit.setText(u.name)
        self.code_edit.setText(u.credit_code)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(u.unit_type.value)))
        self.above_scale_check.setChecked(u.above_scale_industrial)
        self.rd_check.setChecked(u.has_rd_institution)
        self.rd_intensity_edit.setText(u.rd_intensity)
        self.address_edit.setText(u.address)
        self.contact_edit.setText(u.contact)
        self.phone_edit.setText(u.phone)
        self.credit_label.setText(u.credit_level)
        self.grid.clear_errors()
        self.general_error.set_error(None)
        self.phone_check.stored(u.phone)
        self.remember_fields()

    def collect(self) -> Unit:
        return Unit(name=self.name_edit.text().strip(), credit_code=self.code_edit.text().strip(),
                    unit_type=UnitType(self.type_combo.currentData()),
                    above_scale_industrial=self.above_scale_check.isChecked(),
                    has_rd_institution=self.rd_check.isChecked(), rd_intensity=self.rd_intensity_edit.text().strip(),
                    address=self.address_edit.text().strip(), contact=self.contact_edit.text().strip(),
                    phone=self.phone_edit.text().strip(), credit_level=self.credit_level, id=self.unit_id,
                    version=self.version)

    def save(self) -> bool:
        if not self.phone_check.ready():
            return False
        ok, unit_id = save_or_explain(self, lambda: self.services.units.save_unit(self.actor, self.collect()),
                                      self._show_errors, self.reload)
        if not ok:
            return False
        self.unit_id = unit_id
        self.saved.emit(unit_id)
        self.accept()
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        rest = self.grid.show_errors(errors)
        self.general_error.set_error("；".join(rest.values()) if rest else None)
        if self.isVisible():        # a message may wrap to a second line: let the dialog grow, not clip it
            self.adjustSize()
