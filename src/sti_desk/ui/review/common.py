"""Shared pieces of the review pages: number and date formats, a configured table view, the reason
prompt (tests replace :func:`ask_text`), and calling a service with the error shown in Chinese."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.errors import DomainError
from ...domain.review import fmt_fixed, fmt_points
from .. import messages
from ..forms.fields import ErrorLabel
from ..forms.unsaved import UnsavedChangesGuard
from .models import RowsModel, RowsProxy

T = TypeVar("T")
LATE_COLOR = "#c62828"
LATE_BACKGROUND = "#fdecea"
OK_COLOR = "#2e7d32"
MUTED_COLOR = "#8a8a8a"
WARN_BACKGROUND = "#fff4e5"


def fmt_mark(value: Decimal | None) -> str:
    """A mark, an expert's total or a spread as the domain shows it everywhere (92, 25.5, 87.14; '' when
    missing): :func:`sti_desk.domain.review.fmt_points`, so tables, explanations and exports agree."""
    return "" if value is None else fmt_points(value)


def fmt_score(value: Decimal | None, places: int = 2) -> str:
    """A result with fixed decimals (80.48; a z-score with 4): :func:`sti_desk.domain.review.fmt_fixed`."""
    return "" if value is None else fmt_fixed(value, places)


def fmt_date(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def fmt_dt(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


def hint_label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setStyleSheet(f"color: {MUTED_COLOR};")
    label.setWordWrap(wrap)
    return label


def read_only_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A read-only table over ``model`` that selects one whole row, one line per row, no row numbers."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setHighlightSections(False)
    return view


def table_view(model: RowsModel, widths_em: Sequence[float] = (), *, sortable: bool = True,
               stretch_last: bool = True, stretch: int | None = None,
               parent: QWidget | None = None) -> tuple[QTableView, RowsProxy]:
    """A read-only, row-selecting table over ``model`` (through a sort/filter proxy); ``stretch`` is a
    column that takes the free width."""
    proxy = RowsProxy(model, parent)
    view = read_only_table(proxy, parent)
    hh = view.horizontalHeader()
    hh.setStretchLastSection(stretch_last)
    em = view.fontMetrics().horizontalAdvance("中")
    for col, ems in enumerate(widths_em):
        hh.resizeSection(col, int(ems * em) + 14)
    if stretch is not None:
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    if sortable:
        view.setSortingEnabled(True)
        hh.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return view, proxy


def selected_key(view: QTableView) -> Any:
    index = view.currentIndex()
    if not index.isValid() or not view.selectionModel().isSelected(index):
        rows = view.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0]
    proxy: RowsProxy = view.model()  # type: ignore[assignment]
    return proxy.key_at(index.row())


def select_key(view: QTableView, key: Any) -> bool:
    proxy: RowsProxy = view.model()  # type: ignore[assignment]
    row = proxy.row_of_key(key)
    if row is None:
        return False
    view.setCurrentIndex(proxy.index(row, 0))
    view.selectRow(row)
    view.scrollTo(proxy.index(row, 0))
    return True


class TextDialog(UnsavedChangesGuard, QDialog):
    """Ask for a reason (理由) or another text; the OK button stays disabled while a required text is empty.
    Esc, 取消 or × after something was typed asks 放弃未保存的修改？ (forms.unsaved)."""

    def __init__(self, title: str, prompt: str, *, ok: str = "确定", required: bool = True,
                 placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.required = required
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        question = QLabel(prompt)
        question.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(placeholder or ("填写理由（必填）" if required else "备注（可选）"))
        self.edit.setFixedHeight(96)
        self.edit.setAccessibleName("理由" if required else "备注")
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(not self.required or bool(self.text()))

    def text(self) -> str:
        return self.edit.toPlainText().strip()


def ask_text(parent: QWidget | None, title: str, prompt: str, *, ok: str = "确定", required: bool = True,
             placeholder: str = "") -> str | None:
    """The text entered, or None when cancelled. Tests replace this function."""
    dialog = TextDialog(title, prompt, ok=ok, required=required, placeholder=placeholder, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.text()


def attempt(parent: QWidget | None, fn: Callable[..., T], *args: Any, title: str = "操作未完成",
            error_label: ErrorLabel | None = None, **kwargs: Any) -> tuple[bool, T | None]:
    """Call a service; a DomainError goes to ``error_label`` (when given) or a message box."""
    try:
        return True, fn(*args, **kwargs)
    except DomainError as exc:
        if error_label is not None:
            error_label.set_error(str(exc))
        else:
            messages.error(parent, str(exc), title)
        return False, None
    except Exception as exc:  # noqa: BLE001 - shown, never swallowed silently
        messages.show_exception(parent, exc, title)
        return False, None
