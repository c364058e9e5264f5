"""Colours and the few style rules shared by the widgets (one place, so pages stay consistent)."""
from __future__ import annotations

PRIMARY = "#1565c0"
DONE = "#2e7d32"
DANGER = "#c62828"
MUTED = "#8a8a8a"
BORDER = "#d0d7de"
PANEL = "#f5f7fa"

ERROR_STYLE = f"color: {DANGER};"
HINT_STYLE = f"color: {MUTED};"
TITLE_STYLE = "font-size: 15pt; font-weight: bold;"
SUBTITLE_STYLE = "font-size: 11pt; font-weight: bold;"

APP_STYLESHEET = f"""
QListWidget#navigation {{ background: {PANEL}; border: none; border-right: 1px solid {BORDER};
                          outline: 0; }}
QListWidget#navigation::item {{ padding: 7px 14px; }}
QListWidget#navigation::item:selected {{ background: {PRIMARY}; color: white; }}
QFrame#statTile {{ background: white; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#statTile:hover {{ border-color: {PRIMARY}; }}
QLabel#pageTitle {{ {TITLE_STYLE} }}
QLabel[role="fieldError"] {{ {ERROR_STYLE} }}
QLabel[role="hint"] {{ {HINT_STYLE} }}
"""
