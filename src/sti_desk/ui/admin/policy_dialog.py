"""新建政策参数版本: every parameter prefilled with the value in force, the effective date (tomorrow by
default) and a required 说明. Values are typed as they are shown and parsed by the domain
(:mod:`sti_desk.domain.policy_text`, exactly like the CLI); a wrong value is explained under its field as soon
as the field is left, and the service's refusals (a past date, a date that already has a version, nothing
changed) are shown in the dialog, which stays open with the input intact. Esc, 取消 or × after a change asks
放弃未保存的修改？ (:class:`~sti_desk.ui.forms.unsaved.UnsavedChangesGuard`)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QScrollArea, QVBoxLayout, QWidget)

from ...domain.errors import ValidationError
from ...domain.policy import PolicyParameters
from ...domain.policy_params import GROUPS, PARAMETERS, ParamKind, ParamSpec
from ...domain.policy_text import UNLIMITED, accepted, edit_text, parse_value
from ...services.policy import MAX_NOTE_LENGTH, PolicyVersionInfo
from ..forms.combos import ChoiceCombo
from ..forms.fields import DateEdit, ErrorLabel, FieldGrid, ok_cancel_buttons
from ..forms.saving import save_or_explain
from ..forms.unsaved import UnsavedChangesGuard
from .policy_subjects import SubjectsButton

class PolicyVersionDialog(UnsavedChangesGuard, QDialog):
    """``base``: the version in force (its values prefill the form); ``pending``: versions not yet in force."""

    def __init__(self, services: Any, actor: Any, base: PolicyVersionInfo, pending: list[PolicyVersionInfo],
                 parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.setWindowTitle("新建政策参数版本")
        self.saved_id: int | None = None
        self.edits: dict[str, QWidget] = {}
        today = today or date.today()

        self.date_edit = DateEdit(today + timedelta(days=1))
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(MAX_NOTE_LENGTH)
        self.note_edit.setPlaceholderText("如 县科发〔2026〕12号 关于调整间接费用比例的通知")
        self.head = FieldGrid(columns=2)
        self.head.add("effective_from", "生效日期", self.date_edit, is_required=True)
        self.head.add("note", "说明", self.note_edit, column=1, is_required=True)
        self.head.finish()
        intro = (f"已按 {base.effective_from:%Y-%m-%d} 起的现行版本预填。只改需要改的参数；生效日期只能是今天或以后，"
                 "保存后从该日起适用。")
        if pending:
            intro += ("注意：已有待生效的版本（" + "，".join(f"{v.effective_from:%Y-%m-%d}" for v in pending) +
                      "），本版本只适用于它的生效日期到下一个版本之前。")
        hint = QLabel(intro)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")

        self.grids: list[FieldGrid] = [self.head]
        groups = QWidget()
        columns = QGridLayout(groups)
        columns.setContentsMargins(0, 0, 0, 0)
        for i, group in enumerate(GROUPS):
            box = QGroupBox(group)
            grid = FieldGrid()
            for spec in (p for p in PARAMETERS if p.group == group):
                self._add_field(grid, spec, base.params)
            grid.finish()
            QVBoxLayout(box).addWidget(grid)
            self.grids.append(grid)
            columns.addWidget(box, i % 2, i // 2)
        columns.setRowStretch(2, 1)
        scroll = QScrollArea()
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(groups)
        self._levels_changed()

        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self, "保存", self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self._fit(groups)

    def _fit(self, groups: QWidget) -> None:
        """As large as the form wants, but never beyond the screen (the groups scroll then)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        want = groups.sizeHint()
        width, height = max(want.width() + 60, 920), want.height() + 200
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    # -- the fields ---------------------------------------------------------------------------------
    def _add_field(self, grid: FieldGrid, spec: ParamSpec, params: PolicyParameters) -> None:
        value = getattr(params, spec.name)
        widget: QWidget
        if spec.kind is ParamKind.FLAG:
            widget = QCheckBox("是")
            widget.setChecked(bool(value))
        elif spec.kind is ParamKind.CHOICE:
            widget = ChoiceCombo()
            widget.set_choices([(c.label, c) for c in spec.choices], value)
        elif spec.kind is ParamKind.LEVEL:
            widget = ChoiceCombo()
            widget.set_choices([(level, level) for level in params.credit_levels], value)
        else:
            widget = QLineEdit(edit_text(spec, value))
            widget.setCursorPosition(0)  # a long list shows its beginning
            if spec.kind in (ParamKind.OPTIONAL_COUNT, ParamKind.OPTIONAL_RATIO):
                widget.setPlaceholderText(UNLIMITED)
            widget.editingFinished.connect(lambda s=spec: self._check_field(s))
        widget.setToolTip(f"{spec.source_tip}\n{accepted(spec)}")
        shown: QWidget = widget
        if spec.kind is ParamKind.SUBJECTS:
            shown = QWidget()
            line = QHBoxLayout(shown)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget, 1)
            line.addWidget(SubjectsButton(widget, self))  # type: ignore[arg-type]
        grid.add(spec.name, spec.title, shown, suffix=spec.unit)
        grid.widgets[spec.name] = widget  # focus goes to the input itself on an error
        self.edits[spec.name] = widget
        if spec.kind is ParamKind.LEVELS:
            widget.editingFinished.connect(self._levels_changed)  # type: ignore[attr-defined]

    def _grid_of(self, name: str) -> FieldGrid:
        return next(g for g in self.grids if name in g.errors)

    def _check_field(self, spec: ParamSpec) -> bool:
        """Explain a wrong value under its field as soon as the field is left."""
        edit = self.edits[spec.name]
        assert isinstance(edit, QLineEdit)
        try:
            parse_value(spec, edit.text())
        except ValidationError as exc:
            self._grid_of(spec.name).errors[spec.name].set_error(exc.message)
            return False
        self._grid_of(spec.name).errors[spec.name].set_error(None)
        return True

    def _levels_changed(self) -> None:
        """The minimum credit level for retention is chosen among the levels typed above it."""
        levels_edit = self.edits["credit_levels"]
        combo = self.edits["retention_min_credit"]
        assert isinstance(levels_edit, QLineEdit) and isinstance(combo, ChoiceCombo)
        spec = next(p for p in PARAMETERS if p.name == "credit_levels")
        try:
            levels = parse_value(spec, levels_edit.text())
        except ValidationError:
            return  # the levels field explains itself; keep the choices until it is right
        keep = combo.value()
        combo.set_choices([(level, level) for level in levels], keep if keep in levels else None)

    def texts(self) -> dict[str, str]:
        """Every parameter as the text the domain parses (a check box is 是/否, a choice its code)."""
        out: dict[str, str] = {}
        for spec in PARAMETERS:
            widget = self.edits[spec.name]
            if isinstance(widget, QCheckBox):
                out[spec.name] = "是" if widget.isChecked() else "否"
            elif isinstance(widget, ChoiceCombo):
                chosen = widget.value()
                out[spec.name] = "" if chosen is None else str(getattr(chosen, "value", chosen))
            else:
                assert isinstance(widget, QLineEdit)
                out[spec.name] = widget.text()
        return out

    # -- saving -------------------------------------------------------------------------------------
    def _show(self, errors: dict[str, str]) -> None:
        rest = dict(errors)
        for grid in self.grids:
            rest = grid.show_errors(rest)
        self.error.set_error("；".join(rest.values()) if rest else None)

    def save(self) -> bool:
        self._show({})
        policy, actor = self.services.policy, self.actor
        effective_from, note, texts = self.date_edit.value(), self.note_edit.text(), self.texts()
        ok, info = save_or_explain(self, lambda: policy.add_from_texts(actor, effective_from, note, texts),
                                   self._show, self.discard_changes)  # stale: told the input is lost
        if not ok or info is None:
            return False
        self.saved_id = info.id
        self.accept()
        return True


def ask_new_version(parent: QWidget, services: Any, actor: Any, base: PolicyVersionInfo,
                    pending: list[PolicyVersionInfo]) -> int | None:
    """The new version's id, or None when cancelled. Tests replace this function."""
    dialog = PolicyVersionDialog(services, actor, base, pending, parent)
    return dialog.saved_id if dialog.exec() == QDialog.DialogCode.Accepted else None
