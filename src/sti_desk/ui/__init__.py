"""PySide6 desktop shell (图形界面).

Talks only to the services handed over in :class:`sti_desk.bootstrap.Services`; never imports SQLAlchemy
or ``sti_desk.db``. Every visible string is Simplified Chinese written directly in the source (no .ts
round trip); ``tests/ui/test_chinese_strings.py`` walks every window and fails on a visible string with
Latin letters but no Chinese character.

Entry point: :func:`sti_desk.ui.app.run_gui`.
"""
