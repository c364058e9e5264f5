"""Message boxes with Chinese buttons.

Callers use ``messages.error(...)`` (module attribute, not ``from … import``) so tests can replace these
functions with recorders instead of clicking through modal boxes.
"""
from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.errors import DomainError

log = logging.getLogger(__name__)


def describe(exc: BaseException) -> str:
    """The Chinese text to show for an exception (domain errors already carry one)."""
    if isinstance(exc, DomainError):
        return str(exc)
    log.error("意外错误：%s", "".join(traceback.format_exception(exc)))
    return f"发生意外错误，操作未完成。\n技术信息：{type(exc).__name__}: {exc}"


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    return box


def error(parent: QWidget | None, text: str, title: str = "操作未完成") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, text: str, *, title: str = "请确认", yes: str = "确定",
            no: str = "取消", safe_default: bool = False) -> bool:
    """True when ``yes`` was clicked. ``safe_default``: Enter answers ``no`` (for questions whose ``yes``
    throws work away, so a reflexive Enter keeps it)."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep if safe_default else ok)
    box.exec()
    return box.clickedButton() is ok


def show_exception(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    error(parent, describe(exc), title)
