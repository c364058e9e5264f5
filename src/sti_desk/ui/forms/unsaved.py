"""放弃未保存的修改？ — one guard for every edit dialog against losing typed input to Esc, 取消 or ×.

``UnsavedChangesGuard`` is a mixin listed before ``QDialog``. When the dialog is first shown it remembers
the value of every field (line and text edits, combos, check boxes, spin and date boxes, table cells and
the widgets in them); a dialog that refills itself later (e.g. reloading after a refused stale save)
calls :meth:`remember_fields` again. Esc, 取消 and the window's close button all end in ``reject()``
(Qt's ``closeEvent`` calls it too): if a field differs from what was remembered, ``messages.confirm`` asks
whether to discard, naming the changed fields; 继续编辑 keeps the dialog open with the input. Nothing
changed, or a save that ``accept()``\\s, closes without a question. :meth:`discard_changes` closes without
asking, for a caller that has already told the user the input will be lost.

Fields are named by their label (``QLabel.setBuddy``, as ``FieldGrid`` and ``QFormLayout`` do), else by
the widget's ``accessibleName``, else by the tab they are on; values, e.g. passwords, are never shown.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDialog, QLabel,
                               QLineEdit, QPlainTextEdit, QStackedWidget, QTableWidget, QTabWidget, QTextEdit,
                               QWidget)

from .. import messages

QUESTION = "放弃未保存的修改？"
DISCARD, KEEP_EDITING = "放弃修改", "继续编辑"
OTHER_FIELDS = "其他内容"

_TAG = re.compile(r"<[^>]*>")


def _value(widget: QWidget) -> object:
    """What the user can change in ``widget``; ``None`` for a widget that holds no input."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractSpinBox):     # also QDateEdit: the text shown is the value
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked() if widget.isCheckable() else None
    if isinstance(widget, QTableWidget):
        return _table_value(widget)
    return None


def _table_value(table: QTableWidget) -> tuple[object, ...]:
    rows = []
    for r in range(table.rowCount()):
        cells: list[object] = []
        for c in range(table.columnCount()):
            inner = table.cellWidget(r, c)
            if inner is not None:
                cells.append(_value(inner))
                continue
            item = table.item(r, c)
            checkable = item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsUserCheckable)
            cells.append(None if item is None else (item.text(), item.checkState().value if checkable else None))
        rows.append(tuple(cells))
    return tuple(rows)


def _fields(root: QWidget) -> list[QWidget]:
    """The input widgets of ``root``: not the line edit inside a combo or spin box, nor a table's cell
    editors and cell widgets (the table's own value covers them), nor those of a dialog opened from it."""
    out = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        inner = False
        while parent is not None and parent is not root:
            if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView, QDialog)):
                inner = True
                break
            parent = parent.parentWidget()
        if not inner and not isinstance(widget, QDialog) and _value(widget) is not None:
            out.append(widget)
    return sorted(out, key=lambda w: _place(w, root))


def _place(widget: QWidget, root: QWidget) -> tuple[tuple[int, ...], int, int]:
    """Where a field is in the form, to name changes in reading order: its tab, then top to bottom."""
    tabs: list[int] = []
    w: QWidget | None = widget
    while w is not None and w is not root:
        parent = w.parentWidget()
        holder = parent.parentWidget() if isinstance(parent, QStackedWidget) else None
        if isinstance(holder, QTabWidget):
            tabs.insert(0, holder.indexOf(w))
        w = parent
    at = widget.mapTo(root, QPoint(0, 0))
    return tuple(tabs), at.y(), at.x()


def _clean(text: str) -> str:
    return _TAG.sub("", text).replace("&", "").strip().rstrip("*：: ").strip()


def field_name(widget: QWidget, root: QWidget) -> str:
    """The Chinese name of a field: its label, its accessible name, or the title of the tab it is on."""
    labels = {}
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and _clean(label.text()):
            labels[buddy] = _clean(label.text())
    w: QWidget | None = widget
    while w is not None and w is not root:
        if w in labels:
            return labels[w]
        if w.accessibleName():
            return w.accessibleName()
        parent = w.parentWidget()
        tabs = parent.parentWidget() if isinstance(parent, QStackedWidget) else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(w) >= 0:
            return _clean(tabs.tabText(tabs.indexOf(w)).split("（")[0])
        w = parent
    return OTHER_FIELDS


def question(changed: list[str]) -> str:
    return f"{QUESTION}\n\n以下内容已修改但尚未保存，关闭后将丢失：{'、'.join(changed)}。"


class UnsavedChangesGuard:
    """Mixin for an edit dialog (``class X(UnsavedChangesGuard, QDialog)``): asks before Esc, 取消 or the
    close button throws away what was typed."""

    _remembered: dict[QWidget, object] | None = None
    _shown_once = False

    def remember_fields(self) -> None:
        """Take the current field values as the saved state (called on first show and after a refill)."""
        assert isinstance(self, QDialog)
        self._remembered = {w: _value(w) for w in _fields(self)}

    def changed_fields(self) -> list[str]:
        """The names of the fields that differ from the remembered values, in the form's order."""
        assert isinstance(self, QDialog)
        if self._remembered is None:
            return []
        names: list[str] = []
        for widget in _fields(self):
            before = self._remembered.get(widget, _value(widget))  # a widget added since: the program's
            if _value(widget) != before:
                name = field_name(widget, self)
                if name not in names:
                    names.append(name)
        return names

    def discard_changes(self) -> None:
        """Close without asking (the user was already told the input will be lost)."""
        super().reject()  # type: ignore[misc]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)  # type: ignore[misc]
        if not self._shown_once:
            self._shown_once = True
            self.remember_fields()

    def reject(self) -> None:
        assert isinstance(self, QDialog)
        changed = self.changed_fields() if self.isVisible() else []
        if changed and not messages.confirm(self, question(changed), title=QUESTION, yes=DISCARD,
                                            no=KEEP_EDITING, safe_default=True):  # Enter keeps editing
            return
        super().reject()  # type: ignore[misc]
