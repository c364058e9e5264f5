"""Where things live: the user's data folder, backups, bundled resources and migrations (dev and frozen)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "STIDesk"

_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p",
               "afs", "ncpfs", "davfs", "fuse.davfs2", "glusterfs", "ceph", "fuse.rclone"}


def _frozen_root() -> Path | None:
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else None


def project_root() -> Path:
    """The source checkout (dev) or the PyInstaller bundle folder (frozen)."""
    return _frozen_root() or Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    frozen = _frozen_root()
    if frozen:
        return frozen / "resources"
    here = Path(__file__).resolve().parent / "_resources"  # installed wheel (force-included)
    return here if here.is_dir() else project_root() / "resources"


def migrations_dir() -> Path:
    frozen = _frozen_root()
    if frozen:
        return frozen / "migrations"
    here = Path(__file__).resolve().parent / "_migrations"  # installed wheel (force-included)
    return here if here.is_dir() else project_root() / "migrations"


def user_data_dir() -> Path:
    """%LOCALAPPDATA%\\STIDesk on Windows, $XDG_DATA_HOME/sti-desk elsewhere; STI_DESK_HOME overrides."""
    override = os.environ.get("STI_DESK_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / APP_DIR_NAME
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "sti-desk"


def default_db_path() -> Path:
    return user_data_dir() / "sti_desk.db"


def demo_db_path() -> Path:
    return user_data_dir() / "demo.db"


def backup_dir_for(db_path: Path) -> Path:
    return db_path.resolve().parent / "backups"


def _windows_is_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True  # UNC path \\server\share
    import ctypes  # only on Windows

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]


def _posix_fs_type(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    try:
        lines = Path(mounts_file).read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def is_network_path(path: Path, *, mounts_file: str = "/proc/mounts") -> bool:
    """True for a path on a network share (SMB/NFS …), where SQLite's locking and WAL are unsafe."""
    if sys.platform == "win32":
        return _windows_is_remote(path)
    if str(path).startswith("//"):
        return True
    probe = path if path.exists() else path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return (_posix_fs_type(probe, mounts_file) or "") in _NETWORK_FS
