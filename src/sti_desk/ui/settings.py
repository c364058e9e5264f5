"""Window geometry and view state (QSettings, organisation "STIDesk").

Tests and portable installs point the settings at an INI file: set the environment variable
``STI_DESK_SETTINGS`` to a file path, or call :func:`use_settings_file`.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "STIDesk"
APPLICATION = "STIDesk"
ENV_VAR = "STI_DESK_SETTINGS"

_override: Path | None = None


def use_settings_file(path: Path | str | None) -> None:
    """Store settings in the INI file ``path`` (None = back to the platform default)."""
    global _override
    _override = Path(path) if path is not None else None


def settings() -> QSettings:
    """A QSettings for the app; cheap to create, so callers make one per use."""
    path = _override or (Path(os.environ[ENV_VAR]) if os.environ.get(ENV_VAR) else None)
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)
