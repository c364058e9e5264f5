"""Every visible string of the GUI is Simplified Chinese.

Opens the login dialog, the main window with every page (as administrator and as reviewer), the project
detail (with budget lines, team, events and a side exit), both edit dialogs (new and edit), the stage
change prompt, the delayed progress dialog, the date pop-up calendar and a line edit's context menu, then
walks every widget: window titles, label and button texts, group-box titles, tab texts, list items,
combo-box items, placeholder texts, tool tips, status tips, accessible names, action texts of menus and
tool bars, and the header labels of every item view. It fails listing every string that has Latin
letters but no Chinese character.

Not checked (user data, not interface text): the contents of table cells and line edits, and labels
explicitly marked with the ``dataText`` property (project titles, codes, names shown in the detail).
"""
from __future__ import annotations

import re
import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QDateEdit,
                               QGroupBox, QLabel, QLineEdit, QListWidget, QMenu, QPlainTextEdit, QTabWidget,
                               QTextEdit, QWidget)

from sti_desk.domain.entities import BudgetLine
from sti_desk.domain.lifecycle import ProjectState
from sti_desk.domain.money import Money
from sti_desk.services.dto import ProjectInput, TeamMemberInput
from sti_desk.ui.detail.dialog import ProjectDetailDialog
from sti_desk.ui.detail.transition import ReasonDialog
from sti_desk.ui.forms.project_edit import ProjectEditDialog
from sti_desk.ui.forms.unit_edit import UnitEditDialog
from sti_desk.ui.login import LoginDialog
from sti_desk.ui.tasks import TaskRunner

from .helpers import id_number

LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: product and format names that may stand alone
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


def _actions(actions: list[QAction], where: str, out: list[tuple[str, str]], seen: set[int]) -> None:
    for action in actions:
        if id(action) in seen:
            continue
        seen.add(id(action))
        if action.isSeparator():
            continue
        out.append((f"{where} 动作文字", action.text()))
        out.append((f"{where} 动作提示", action.toolTip()))
        out.append((f"{where} 动作状态栏提示", action.statusTip()))
        menu = action.menu()
        if isinstance(menu, QMenu):
            out.append((f"{where} 菜单标题", menu.title()))
            _actions(menu.actions(), where, out, seen)


def strings_of(root: QWidget) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen_actions: set[int] = set()
    for w in [root, *root.findChildren(QWidget)]:
        if w.property("dataText"):
            continue
        name = f"{type(w).__name__}({w.objectName() or '-'}) in {type(root).__name__}"
        if w.isWindow():
            out.append((f"{name} 窗口标题", w.windowTitle()))
        out.append((f"{name} 提示", w.toolTip()))
        out.append((f"{name} 状态栏提示", w.statusTip()))
        out.append((f"{name} 无障碍名称", w.accessibleName()))
        if isinstance(w, QLabel):
            out.append((f"{name} 文字", w.text()))
        if isinstance(w, QAbstractButton):
            out.append((f"{name} 文字", w.text()))
        if isinstance(w, QGroupBox):
            out.append((f"{name} 标题", w.title()))
        if isinstance(w, QTabWidget):
            out.extend((f"{name} 标签页", w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            out.append((f"{name} 占位文字", w.placeholderText()))
        if isinstance(w, QComboBox):
            out.extend((f"{name} 选项", w.itemText(i)) for i in range(w.count()))
            if w.isEditable() and w.lineEdit() is not None:
                out.append((f"{name} 占位文字", w.lineEdit().placeholderText()))
        if isinstance(w, QListWidget):
            out.extend((f"{name} 列表项", w.item(i).text()) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            header = getattr(w, "horizontalHeader", None)
            if header is not None and not header().isHidden():
                out.extend((f"{name} 表头", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                           for c in range(model.columnCount()))
        _actions(w.actions(), name, out, seen_actions)
    return out


def assert_chinese(*roots: QWidget) -> int:
    found: list[tuple[str, str]] = []
    for root in roots:
        found.extend(strings_of(root))
    bad = sorted({f"{where}: {text!r}" for where, text in found if offending(text)})
    assert not bad, "界面上有非中文文字：\n" + "\n".join(bad)
    return len(found)


def test_offending_rule(qapp):  # type: ignore[no-untyped-def]
    assert offending("Save") and offending("Previous Month") and offending("<b>OK</b>")
    assert not offending("保存") and not offending("STI Desk 科技项目管理") and not offending("导出 Excel")
    assert not offending("0.00") and not offending("2025-07-01") and not offending("文件(&F)")
    assert offending("&Cancel") and not offending("PDF") and not offending("")


def _seed_rich_project(services, admin, ids):  # type: ignore[no-untyped-def]
    from datetime import date

    pid = services.projects.create_project(admin, ProjectInput(
        call_id=ids["call"], unit_id=ids["unit_a"], title="高精度农业传感器研发", field="电子信息",
        leader_name="陈明", leader_id_number=id_number(21), start_date=date(2025, 7, 1),
        end_date=date(2027, 6, 30), requested=Money.wan("40"), self_raised=Money.wan("60"),
        summary="研制土壤墒情传感器。",
        budget_lines=[BudgetLine("设备费", Money.wan("20"), Money.wan("30"), "采购测试仪器"),
                      BudgetLine("业务费", Money.wan("20"), Money.wan("30"), "")],
        team=[TeamMemberInput("刘洋", id_number(22), ids["unit_a"], "骨干成员")]))
    services.projects.change_state(admin, pid, ProjectState.SCREENING)
    rejected = services.projects.create_project(admin, ProjectInput(
        call_id=ids["call"], unit_id=ids["unit_b"], title="水产养殖尾水处理", field="资源环境",
        leader_name="孙丽", leader_id_number=id_number(23), start_date=date(2025, 7, 1),
        end_date=date(2026, 6, 30), requested=Money.wan("10")))
    services.projects.change_state(admin, rejected, ProjectState.SCREENING)
    services.projects.change_state(admin, rejected, ProjectState.REJECTED, "不符合申报条件")
    return pid, rejected


def test_every_window_is_chinese(qtbot, qapp_configured, make_window, services, app_ctx, admin_actor,  # type: ignore[no-untyped-def]
                                 reviewer_actor, seeded):
    assert qapp_configured.property("stiTranslators") >= 1, "未加载 Qt 中文翻译 qtbase_zh_CN.qm"
    pid, rejected = _seed_rich_project(services, admin_actor, seeded)
    checked = 0

    login = LoginDialog(services, db_path=app_ctx.db_path, demo_hint="演示账号：clerk / clerk1234")
    qtbot.addWidget(login)
    login.try_login()  # shows the inline error too
    checked += assert_chinese(login)

    window = make_window(admin_actor)
    for key in window.specs:
        window.navigate(key)
    projects = window.pages["projects"]
    qtbot.waitUntil(lambda: projects.load_handle.done and window.pages["units"].load_handle.done)
    qtbot.waitUntil(lambda: window.pages["dashboard"].load_handle.done)
    checked += assert_chinese(window)
    checked += assert_chinese(make_window(reviewer_actor))

    for project_id in (pid, rejected):
        detail = ProjectDetailDialog(services, admin_actor, project_id, parent=window)
        qtbot.addWidget(detail)
        detail.show()
        for i in range(detail.tabs.count()):
            detail.tabs.setCurrentIndex(i)
        checked += assert_chinese(detail)
        if detail.detail.next_states:
            reason = ReasonDialog(detail.detail, detail.detail.next_states[-1], detail)
            qtbot.addWidget(reason)
            checked += assert_chinese(reason)
        detail.close()

    new_project = ProjectEditDialog(services, admin_actor)
    edit_project = ProjectEditDialog(services, admin_actor, pid)
    new_unit = UnitEditDialog(services, admin_actor)
    edit_unit = UnitEditDialog(services, admin_actor, seeded["unit_a"])
    for dialog in (new_project, edit_project, new_unit, edit_unit):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.save() if dialog in (new_project, new_unit) else None  # inline messages visible
    for dialog in (new_project, edit_project):
        for date_edit in dialog.findChildren(QDateEdit):
            date_edit.calendarWidget()  # creates the pop-up calendar (its navigation tooltips)
        dialog.budget.table.setCurrentCell(0, 0)
    checked += assert_chinese(new_project, edit_project, new_unit, edit_unit)

    menu = new_project.title_edit.createStandardContextMenu()  # Qt's own strings, from qtbase_zh_CN
    _menu_strings: list[tuple[str, str]] = []
    _actions(menu.actions(), "输入框右键菜单", _menu_strings, set())
    bad = [t for _, t in _menu_strings if offending(t)]
    assert not bad, f"输入框右键菜单未翻译：{bad}"

    release = threading.Event()
    runner = TaskRunner()
    handle = runner.run(lambda p, c: release.wait(5), title="正在加载项目列表…", progress_delay_ms=0,
                        parent=window)
    qtbot.waitUntil(lambda: handle.dialog is not None)
    checked += assert_chinese(handle.dialog)
    release.set()
    qtbot.waitUntil(lambda: handle.done)
    assert checked > 400
    for w in QApplication.topLevelWidgets():
        if isinstance(w, ProjectDetailDialog):
            w.close()
