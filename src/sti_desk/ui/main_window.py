"""The main window: navigation by lifecycle stage on the left, the current page on the right, menus and
a status bar with the user, role and database file. Pages come from :mod:`sti_desk.ui.pages`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget,
                               QWidget)

from ..services.actor import Actor
from . import messages, theme
from .login import APP_TITLE
from .pages import PageSpec, load_page_modules, pages_for
from .pages.placeholder import PlaceholderPage
from .settings import settings

_KEY_ROLE = Qt.ItemDataRole.UserRole + 10


class MainWindow(QMainWindow):
    def __init__(self, services: Any, actor: Actor, *, db_path: Path | None = None,
                 start_page: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services, self.actor, self.db_path = services, actor, db_path
        self.logout_requested = False
        self.pages: dict[str, QWidget] = {}
        load_page_modules()
        self.specs: dict[str, PageSpec] = {s.key: s for s in pages_for(actor)}
        self.setWindowTitle(f"{APP_TITLE} — {actor.display_name}（{actor.role.label}）")
        self.setMinimumSize(QSize(960, 600))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setStyleSheet(theme.NAV_STYLESHEET)
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
        self.nav.setFont(nav_font)
        self.nav.setMinimumWidth(140)
        self.nav.setMaximumWidth(280)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        metrics = self.nav.fontMetrics()
        longest = max((metrics.horizontalAdvance("    " + s.title) for s in self.specs.values()), default=120)
        self.splitter.setSizes([min(260, longest + 48), 1200])
        self.setCentralWidget(self.splitter)
        self._build_navigation()
        # never narrower than its longest item: the divider is remembered across users, and a reviewer's
        # single short entry must not leave the clerk's “申报受理/形式审查” cut to “申报受理/形…”
        self.nav.setMinimumWidth(min(self.nav.maximumWidth(),
                                     max(140, self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 2)))
        self._build_menus()
        self._build_status_bar()
        self.nav.currentItemChanged.connect(self._nav_changed)

        self._restore_state()
        last = start_page or str(settings().value("main/last_page", "") or "")
        self.navigate(last if last in self.specs else self._first_key())

    # -- construction ------------------------------------------------------------------------------
    def _first_key(self) -> str:
        return next(iter(self.specs), "")

    def _build_navigation(self) -> None:
        section = None
        for spec in self.specs.values():
            if spec.section and spec.section != section:
                header = QListWidgetItem(spec.section)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setPointSizeF(font.pointSizeF() * 0.9)
                header.setFont(font)
                header.setForeground(Qt.GlobalColor.darkGray)
                self.nav.addItem(header)
            section = spec.section
            item = QListWidgetItem(("    " if spec.section else "") + spec.title)
            item.setData(_KEY_ROLE, spec.key)
            item.setToolTip(spec.title + ("（后续版本提供）" if spec.placeholder else ""))
            self.nav.addItem(item)
        if not self.specs:
            self.stack.addWidget(PlaceholderPage("没有可用的功能", "您的账号没有可用的功能",
                                                 "请联系系统管理员为您分配角色。"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        switch = QAction("切换用户(&U)…", self)
        switch.triggered.connect(self.logout)
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        project_menu = bar.addMenu("项目(&P)")
        self.new_project_action = QAction("新建项目(&N)…", self)
        self.new_project_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_project_action.triggered.connect(lambda: self.navigate("projects", {"new": True}))
        self.new_project_action.setEnabled("projects" in self.specs)
        self.refresh_action = QAction("刷新当前页(&R)", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_current)
        project_menu.addAction(self.new_project_action)
        project_menu.addAction(self.refresh_action)

        view_menu = bar.addMenu("视图(&V)")
        self.page_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for n, spec in enumerate(self.specs.values(), start=1):
            action = QAction(spec.title, self)
            action.setCheckable(True)
            if n <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, key=spec.key: self.navigate(key))
            group.addAction(action)
            view_menu.addAction(action)
            self.page_actions[spec.key] = action

        help_menu = bar.addMenu("帮助(&H)")
        about = QAction("关于本软件(&A)", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.user_label = QLabel(f"当前用户：{self.actor.display_name}（{self.actor.username}，"
                                 f"{self.actor.role.label}）")
        self.db_label = QLabel(f"数据库：{self.db_path}" if self.db_path else "数据库：未知")
        self.db_label.setToolTip("当前打开的数据库文件")
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.db_label)

    # -- navigation ------------------------------------------------------------------------------------
    def navigate(self, key: str, args: dict[str, Any] | None = None) -> QWidget | None:
        """Show the page ``key`` (building it on first use) and pass it ``args``."""
        if key not in self.specs:
            return None
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(_KEY_ROLE) == key:
                if self.nav.currentRow() != row:
                    self.nav.setCurrentRow(row)  # → _nav_changed
                break
        page = self.pages.get(key) or self._show(key)
        if args:
            opener = getattr(page, "open_with", None)
            if opener is not None:
                opener(args)
        return page

    @Slot(QListWidgetItem, QListWidgetItem)
    def _nav_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        key = current.data(_KEY_ROLE)
        if key:
            self._show(key)

    def _show(self, key: str) -> QWidget:
        page = self.pages.get(key)
        if page is None:
            page = self._create(key)
            self.pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if key in self.page_actions:
            self.page_actions[key].setChecked(True)
        settings().setValue("main/last_page", key)
        on_shown = getattr(page, "on_shown", None)
        if on_shown is not None:
            on_shown()
        return page

    def _create(self, key: str) -> QWidget:
        spec = self.specs[key]
        try:
            page = spec.factory(self.services, self.actor)
        except Exception as exc:  # noqa: BLE001 - a broken page must not take the window down
            return PlaceholderPage(spec.title, f"“{spec.title}”页面无法打开", messages.describe(exc))
        theme.apply_roles(page)
        page.setProperty("pageKey", key)
        navigate = getattr(page, "navigate_requested", None)
        if navigate is not None:
            navigate.connect(self.navigate)
        changed = getattr(page, "data_changed", None)
        if changed is not None:
            changed.connect(lambda kind, source=key: self.broadcast_change(kind, source))
        return page

    def broadcast_change(self, kind: str, source: str | None = None) -> None:
        """Tell every built page except ``source`` that data of ``kind`` changed."""
        for key, page in self.pages.items():
            handler = getattr(page, "on_data_changed", None)
            if key != source and handler is not None:
                handler(kind)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def current_key(self) -> str | None:
        page = self.stack.currentWidget()
        return page.property("pageKey") if page is not None else None

    def refresh_current(self) -> None:
        refresh = getattr(self.current_page(), "refresh", None)
        if refresh is not None:
            refresh()

    # -- menu actions ---------------------------------------------------------------------------------
    def logout(self) -> None:
        self.logout_requested = True
        self.close()

    def about(self) -> None:
        messages.info(self, f"{APP_TITLE}\n\n区县科技局科技项目全生命周期管理：申报、形式审查、专家评审、立项、"
                            "实施、中期检查、检查、验收、结余资金。\n\n数据保存在本机数据库文件中，所有修改记入"
                            "审计日志。", "关于本软件")

    # -- state ------------------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = settings()
        geometry = s.value("main/geometry")
        self.has_saved_geometry = isinstance(geometry, QByteArray) and not geometry.isEmpty()
        if self.has_saved_geometry:
            self.restoreGeometry(geometry)
        splitter = s.value("main/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def show_initial(self) -> None:
        """Show with the saved geometry; first time: maximised on small screens, else a roomy size."""
        if self.has_saved_geometry:
            self.show()
            return
        screen = self.screen().availableGeometry()
        if screen.width() <= 1440 or screen.height() <= 800:
            self.showMaximized()
        else:
            self.resize(min(1400, screen.width() - 80), min(860, screen.height() - 80))
            self.move(screen.center() - self.rect().center())
            self.show()

    def save_state(self) -> None:
        s = settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/splitter", self.splitter.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_state()
        for page in self.pages.values():
            shutdown = getattr(page, "shutdown", None)
            if shutdown is not None:
                shutdown()
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone(3000)
        super().closeEvent(event)
