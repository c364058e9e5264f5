"""What to tell the user when the computer, not the data, stops a command (read-only folder, full disk,
a database locked by another program …): a Chinese sentence saying what failed and what to do, with the
technical text only as a short tail. ``sti-desk`` exits 1 (运行失败) after printing it; with
``STI_DESK_DEBUG=1`` the traceback is shown instead."""
from __future__ import annotations

import errno
import sqlite3
import sys

#: Set to 1 to see the Python traceback instead of the Chinese explanation.
DEBUG_ENV = "STI_DESK_DEBUG"

_TAIL_MAX = 160

_OS_ERRORS: dict[int, str] = {
    errno.EROFS: "{where}所在的磁盘或文件夹是只读的（只读文件系统），无法写入。"
                 "请把数据库复制到本机可写的文件夹后用 --db 打开，或请管理员开放写权限。",
    errno.EACCES: "没有权限访问{where}。请检查该文件和所在文件夹的权限（是否只读、是否属于其他用户），"
                  "或把数据库复制到本机可写的文件夹后用 --db 打开。",
    errno.ENOSPC: "磁盘空间已满，无法写入{where}。请清理磁盘（如删除不需要的旧备份）后重试。",
    errno.EDQUOT: "磁盘配额已用完，无法写入{where}。请清理空间或联系管理员后重试。",
    errno.EISDIR: "{where}是文件夹，不是文件。请给出文件的完整路径（如 D:\\科技局\\项目.db）。",
    errno.ENOTDIR: "{where}的路径中有一段不是文件夹。请检查路径是否写错。",
    errno.EEXIST: "{where}已经存在：路径中的这一段是文件，不是文件夹（或要新建的文件已存在）。请检查路径是否写错。",
    errno.ENOENT: "找不到{where}（路径错误、已被移动，或所在的 U 盘/网络盘已断开）。请检查路径后重试。",
    errno.EBUSY: "{where}正被另一个程序占用。请关闭占用它的程序后重试。",
    errno.EIO: "读写{where}时磁盘出错（磁盘故障或 U 盘被拔出）。请检查磁盘，必要时用备份恢复。",
}
_OS_ERRORS[errno.EPERM] = _OS_ERRORS[errno.EACCES]

#: (words in SQLite's message, explanation) — the first match wins.
_SQLITE_ERRORS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("locked", "busy"), "数据库正被另一个程序使用（已锁定）：可能有同事正在保存，或另一个 STI Desk 正在导入、备份。"
                         "请稍后重试；若一直如此，请关闭其他正在使用该数据库的程序后再试。"),
    (("readonly", "read-only"), "数据库文件或所在文件夹是只读的，无法写入。"
                                "请把数据库复制到本机可写的文件夹后用 --db 打开，或请管理员开放写权限。"),
    (("unable to open",), "无法打开数据库文件：所在文件夹不存在、没有访问权限，或是只读的"
                          "（SQLite 需要在数据库文件旁写入临时文件）。请检查路径和权限，"
                          "或把数据库复制到本机可写的文件夹后用 --db 打开。"),
    (("disk is full", "database or disk is full"), "磁盘空间已满，数据库无法写入。请清理磁盘（如删除不需要的旧备份）后重试。"),
    (("disk i/o",), "读写数据库文件时磁盘出错（磁盘故障、U 盘被拔出，或文件夹是只读的）。请检查磁盘，必要时用备份恢复。"),
    (("not a database", "malformed", "corrupt"), "数据库文件已损坏或不是 STI Desk 的数据库。请用 sti-desk restore 从备份恢复。"),
)


def _tail(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return text if len(text) <= _TAIL_MAX else text[:_TAIL_MAX - 1] + "…"


def _dbapi_cause(exc: BaseException) -> BaseException | None:
    """The sqlite3 error inside SQLAlchemy's wrapper (SQLAlchemy is only looked at when already loaded)."""
    if isinstance(exc, sqlite3.Error):
        return exc
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return exc.orig
    return None


def explain_failure(exc: BaseException) -> str | None:
    """The lines to print for a failure of the file system or of SQLite; ``None`` for anything else
    (a bug: let it show its traceback)."""
    db_error = _dbapi_cause(exc)
    if db_error is not None:
        lower = str(db_error).lower()
        message = next((text for words, text in _SQLITE_ERRORS if any(w in lower for w in words)),
                       "数据库操作失败。请稍后重试；若仍失败，请检查磁盘和数据库文件，必要时用备份恢复。")
        return f"错误：{message}\n（技术信息：{_tail(db_error)}）"
    if isinstance(exc, OSError):
        where = f"“{exc.filename}”" if exc.filename else "文件"
        template = _OS_ERRORS.get(exc.errno or 0, "读写{where}失败。请检查路径、权限和磁盘空间后重试。")
        return f"错误：{template.format(where=where)}\n（技术信息：{_tail(exc)}）"
    return None
