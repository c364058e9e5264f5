"""Fixtures for the GUI tests (pytest-qt, offscreen)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import seed_basics


@pytest.fixture
def qapp_configured(qapp):  # type: ignore[no-untyped-def]
    """The QApplication with the app's Chinese translations, font and style."""
    from sti_desk.ui.app import create_application

    return create_application()


@pytest.fixture
def seeded(services, admin_actor):  # type: ignore[no-untyped-def]
    return seed_basics(services, admin_actor)


class MessageRecorder:
    """Replaces the message boxes of sti_desk.ui.messages (and the stage-change prompt) in a test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.reason: str | None = ""

    def error(self, parent, text, title="操作未完成"):  # type: ignore[no-untyped-def]
        self.errors.append(text)

    def info(self, parent, text, title="提示"):  # type: ignore[no-untyped-def]
        self.infos.append(text)

    def confirm(self, parent, text, **kw):  # type: ignore[no-untyped-def]
        self.confirms.append(text)
        return self.confirm_answer

    def ask_reason(self, parent, detail, target):  # type: ignore[no-untyped-def]
        return self.reason


@pytest.fixture(autouse=True)
def unsaved_question_never_blocks(monkeypatch):  # type: ignore[no-untyped-def]
    """pytest-qt closes a test's widgets before the fixtures end; a guarded edit dialog (forms.unsaved) left
    with typed input would then ask 放弃未保存的修改？ in a real, offscreen box that nobody answers. Without
    ``recorder`` that question alone is answered 放弃修改; ``recorder`` replaces this and records it."""
    from sti_desk.ui import messages
    from sti_desk.ui.forms.unsaved import QUESTION

    real = messages.confirm

    def confirm(parent, text, **kw):  # type: ignore[no-untyped-def]
        return True if text.startswith(QUESTION) else real(parent, text, **kw)

    monkeypatch.setattr(messages, "confirm", confirm)


@pytest.fixture
def recorder(monkeypatch) -> Iterator[MessageRecorder]:  # type: ignore[no-untyped-def]
    from sti_desk.ui import messages
    from sti_desk.ui.detail import transition

    rec = MessageRecorder()
    monkeypatch.setattr(messages, "error", rec.error)
    monkeypatch.setattr(messages, "info", rec.info)
    monkeypatch.setattr(messages, "confirm", rec.confirm)
    monkeypatch.setattr(transition, "ask", rec.ask_reason)
    yield rec


@pytest.fixture
def make_window(qtbot, qapp_configured, services, app_ctx):  # type: ignore[no-untyped-def]
    """Build a MainWindow for an actor; closed (and its background work finished) after the test."""
    from sti_desk.ui.main_window import MainWindow

    windows = []

    def make(actor, start_page=None):  # type: ignore[no-untyped-def]
        window = MainWindow(services, actor, db_path=app_ctx.db_path, start_page=start_page)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.close()
