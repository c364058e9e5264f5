"""Every visible string of the review pages is Simplified Chinese (the same rule as
tests/ui/test_chinese_strings.py, kept here so the review tests stand alone): window titles, labels,
buttons, group boxes, tabs, list and tree items, combo items, placeholders, tool tips, actions and the
header labels of every item view. Widgets marked ``dataText`` show user data and are skipped."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QGroupBox, QLabel,
                               QLineEdit, QListWidget, QMenu, QPlainTextEdit, QTabWidget, QTextEdit, QTreeWidget,
                               QTreeWidgetItemIterator, QWidget)

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ALLOWED_WORDS = ("STI Desk", "Excel", "PDF", "ID")


def offending(text: str) -> bool:
    if not text:
        return False
    if re.search(r"<[a-zA-Z/][^>]*>", text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = text.replace("&&", "").replace("&", "")
    for word in ALLOWED_WORDS:
        text = text.replace(word, "")
    return bool(LATIN.search(text)) and not CJK.search(text)


def _actions(actions: list[QAction], where: str, out: list[tuple[str, str]]) -> None:
    for a in actions:
        if a.isSeparator():
            continue
        out += [(f"{where} 动作", a.text()), (f"{where} 动作提示", a.toolTip())]
        if isinstance(a.menu(), QMenu):
            _actions(a.menu().actions(), where, out)


def strings_of(root: QWidget) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if w.property("dataText"):
            continue
        name = f"{type(w).__name__}({w.objectName() or '-'})"
        if w.isWindow():
            out.append((f"{name} 窗口标题", w.windowTitle()))
        out += [(f"{name} 提示", w.toolTip()), (f"{name} 无障碍名称", w.accessibleName())]
        if isinstance(w, QLabel | QAbstractButton):
            out.append((f"{name} 文字", w.text()))
        if isinstance(w, QGroupBox):
            out.append((f"{name} 标题", w.title()))
        if isinstance(w, QTabWidget):
            out += [(f"{name} 标签页", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            out.append((f"{name} 占位文字", w.placeholderText()))
        if isinstance(w, QAbstractSpinBox):
            out += [(f"{name} 特殊值", getattr(w, "specialValueText", lambda: "")()),
                    (f"{name} 后缀", getattr(w, "suffix", lambda: "")())]
        if isinstance(w, QComboBox):
            out += [(f"{name} 选项", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QListWidget):
            out += [(f"{name} 列表项", w.item(i).text()) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            it = QTreeWidgetItemIterator(w)
            while it.value():
                out += [(f"{name} 树节点", it.value().text(c)) for c in range(w.columnCount())]
                it += 1
            out += [(f"{name} 表头", w.headerItem().text(c)) for c in range(w.columnCount())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            header = getattr(w, "horizontalHeader", None)
            if header is not None and not header().isHidden():
                model = w.model()
                out += [(f"{name} 表头", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                        for c in range(model.columnCount())]
        _actions(w.actions(), name, out)
    return out


def assert_chinese(*roots: QWidget) -> int:
    found: list[tuple[str, str]] = []
    for root in roots:
        found += strings_of(root)
    bad = sorted({f"{where}: {text!r}" for where, text in found if offending(text)})
    assert not bad, "界面上有非中文文字：\n" + "\n".join(bad)
    return len(found)
