"""Maintenance subcommands: init, demo, migrate, backup, restore, audit verify, user add."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..bootstrap import check_location
from ..db.backup import backup_database, check_backup, list_backups, restore_from_backup
from ..db.migrate import current_revision, head_revision
from ..domain.errors import DomainError, ValidationError
from ..domain.permissions import Role
from ..services.actor import SYSTEM
from ..services.auth import check_password_strength
from ..services.demo import populate
from .common import db_path, login, open_ctx, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="创建或升级数据库，并创建管理员账号",
                       description="创建数据库（已存在则升级到最新结构）并创建第一个管理员账号。"
                                   "可无人值守运行：密码用 --admin-password 或环境变量 STI_DESK_ADMIN_PASSWORD 提供。")
    p.add_argument("--admin-user", default=None, metavar="用户名",
                   help="管理员用户名（默认 admin）；数据库已有用户时给出新的用户名会被拒绝（请改用 user add）")
    p.add_argument("--admin-password", default=None, metavar="密码", help="管理员密码（至少 8 位，含字母和数字）")
    p.add_argument("--admin-name", default="系统管理员", metavar="姓名", help="管理员姓名")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="写入演示数据（约 150 个项目）并创建演示账号",
                       description="向空数据库写入一个虚构县（青溪县）的演示数据：25 家单位（县内 21 家、县外评审机构 4 家）、"
                                   "96 位专家、3 个申报批次、150 个处于各阶段的项目，以及演示账号。")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("migrate", help="把数据库升级到最新结构（升级前自动备份）",
                       description="把数据库升级到本版本程序需要的最新结构。升级前自动把数据库备份到它旁边的 backups 文件夹；"
                                   "已是最新时不做任何修改。")
    p.set_defaults(handler=cmd_migrate)

    p = sub.add_parser("backup", help="备份数据库（可在程序运行时进行）",
                       description="在线备份数据库（程序正在使用时也可以）。默认放在数据库旁的 backups 文件夹，文件名含日期和时间；"
                                   "--list 列出已有备份。")
    p.add_argument("--out", type=Path, metavar="备份文件", help="备份文件路径（默认放在数据库旁的 backups 文件夹）；文件已存在时拒绝覆盖")
    p.add_argument("--force", action="store_true", help="--out 给出的文件已存在时覆盖它（请确认它不是另一份数据库）")
    p.add_argument("--list", action="store_true", help="列出已有备份")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复数据库（恢复前自动备份当前数据库）",
                       description="用备份文件替换数据库。须先关闭 STI Desk。先检查备份（完整、属于 STI Desk、结构版本不比本程序新），"
                                   "再替换：当前数据库完好时先自动备份（backups 文件夹，“恢复前”）；已损坏时原样改名为"
                                   "“文件名.damaged-时间”留作抢救。")
    p.add_argument("file", type=Path, metavar="备份文件", help="要恢复的备份文件")
    p.add_argument("--yes", action="store_true", help="不再确认，直接恢复")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("audit", help="审计日志")
    audit_sub = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))
    v = audit_sub.add_parser("verify", help="校验审计日志哈希链；发现篡改时退出码 1",
                             description="逐条校验审计日志的哈希链，并用审计日志与备份核对数据。全部一致时退出码 0；发现篡改、缺失或"
                                         "未记入日志的修改时指出第一条有问题的记录，退出码 1。")
    v.set_defaults(handler=cmd_audit_verify)

    p = sub.add_parser("user", help="用户管理")
    user_sub = p.add_subparsers(title="子命令", metavar="子命令", parser_class=type(p))
    a = user_sub.add_parser("add", help="新增用户（需管理员登录；新用户密码由环境变量 STI_DESK_NEW_PASSWORD 提供）")
    a.add_argument("username", metavar="用户名", help="新用户的用户名")
    a.add_argument("--name", required=True, metavar="姓名", help="姓名")
    a.add_argument("--role", required=True, choices=[r.value for r in Role], metavar="角色",
                   help="角色：clerk 经办人 / reviewer 评审专家 / manager 分管领导 / admin 管理员")
    a.add_argument("--expert-id", type=int, metavar="专家编号", help="评审专家对应的专家库编号")
    a.set_defaults(handler=cmd_user_add)


def _existing_database(path: Path) -> tuple[bool, list[str]]:
    """(is an STI Desk database, its user names) for an existing non-empty file, read before anything is
    written; refuses a damaged file and an SQLite file of another program."""
    import sqlite3

    from ..db.backup import check_integrity, read_only_uri
    from ..db.migrate import scan_revisions
    from ..db.tables import Base

    report = check_integrity(path)
    if not report.ok:
        raise DomainError(f"未初始化：{report.message}")
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  if not r[0].startswith("sqlite_")}
        revisions = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")] \
            if "alembic_version" in tables else []
        users = [r[0] for r in con.execute("SELECT username FROM users")] if "users" in tables else []
    finally:
        con.close()
    ours = set(Base.metadata.tables)
    if not tables:
        return True, []
    if "alembic_version" not in tables or (not (tables & ours) and not set(revisions) & set(scan_revisions())):
        shown = "、".join(sorted(tables)[:5]) + ("等" if len(tables) > 5 else "")
        raise DomainError(f"{path} 不是 STI Desk 的数据库（其中有其他程序的表：{shown}）。为免改动其他程序的数据，"
                          "未初始化、未做任何改动；新建数据库请用 --db 给出一个新的文件名", rule="数据安全")
    return True, users


def cmd_init(args: argparse.Namespace) -> int:
    # Every argument is checked, and the file looked at, before anything is created.
    password = args.admin_password if args.admin_password is not None else os.environ.get("STI_DESK_ADMIN_PASSWORD")
    admin_user = (args.admin_user if args.admin_user is not None else "admin").strip()
    if not admin_user:
        raise ValidationError("管理员用户名不能为空（--admin-user）")
    if not (args.admin_name or "").strip():
        raise ValidationError("管理员姓名不能为空（--admin-name）")
    if password is not None:
        check_password_strength(password)
    path = db_path(args)
    check_location(path)
    if path.is_dir():
        raise ValidationError(f"{path} 是文件夹；请用 --db 给出数据库文件的路径（如 {path / 'sti-desk.db'}）")
    users: list[str] = []
    if path.exists() and path.stat().st_size > 0:
        _, users = _existing_database(path)
    if users and args.admin_user is not None and admin_user not in users:
        raise DomainError(f"数据库 {path} 已有用户（{len(users)} 个），init 只在没有用户时创建第一个管理员，"
                          f"未创建 {admin_user}、未做任何改动。新增用户请由管理员运行 sti-desk user add {admin_user} …")
    if not users and not password:
        raise ValidationError("请用 --admin-password 或环境变量 STI_DESK_ADMIN_PASSWORD 提供管理员密码"
                              "（至少 8 位，含字母和数字）；未创建数据库")
    ctx = open_ctx(args, create=True)
    try:
        m = ctx.migration
        say(f"数据库：{ctx.db_path}")
        say(f"数据库结构：{m.before or '新建'} → {m.after}" if m.changed else f"数据库结构已是最新（{m.after}）")
        if m.backup:
            say(f"升级前已备份到：{m.backup}")
        if ctx.services.auth.has_users():
            say("已有用户，未创建管理员。")
            return 0
        ctx.services.auth.bootstrap_admin(admin_user, password, args.admin_name.strip())
        say(f"已创建管理员账号：{admin_user}")
        return 0
    finally:
        ctx.close()


def cmd_demo(args: argparse.Namespace) -> int:
    ctx = open_ctx(args, create=True)
    try:
        summary = populate(ctx.db)
        say(f"已写入演示数据：{summary.units} 家单位、{summary.experts} 位专家、{summary.calls} 个申报批次、"
            f"{summary.projects} 个项目")
        say("各阶段项目数：" + "，".join(f"{k} {v}" for k, v in summary.by_state.items()))
        if summary.accounts:
            say("新建演示账号（用户名/密码）：" + "，".join(f"{u}/{p}" for u, p in summary.accounts.items()))
        return 0
    finally:
        ctx.close()


def cmd_migrate(args: argparse.Namespace) -> int:
    path = db_path(args)
    check_location(path)
    if not path.exists():
        raise ValidationError(f"数据库文件 {path} 不存在；新建数据库请用 sti-desk init")
    before = current_revision(path)
    ctx = open_ctx(args)
    try:
        if ctx.migration.changed:
            say(f"已升级数据库结构：{before or '无'} → {ctx.migration.after}；升级前备份：{ctx.migration.backup}")
        else:
            say(f"数据库结构已是最新（{head_revision()}），无需升级。")
        return 0
    finally:
        ctx.close()


def cmd_backup(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.list:
        backups = list_backups(path)
        say("\n".join(str(b) for b in backups) if backups else "暂无备份")
        return 0
    target = backup_database(path, reason="manual", target=args.out, overwrite=args.force)
    say(f"已备份到：{target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = db_path(args)
    check_backup(args.file)  # (a missing or unusable backup is said before asking)
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise ValidationError("没有可交互的终端，无法确认；请加上 --yes 参数执行恢复")
        answer = input(f"将用 {args.file} 覆盖 {path}（当前数据库会先自动备份）。确认恢复？输入 y 继续：")
        if answer.strip().lower() not in ("y", "yes", "是"):
            say("已取消恢复。")
            return 1
    result = restore_from_backup(args.file, path)
    for line in result.lines():
        say(line)
    ctx = open_ctx(args)  # runs the integrity check and migrates an older backup to the current schema
    try:
        ctx.services.backups.record_restore(SYSTEM, Path(args.file), result.safety)
    finally:
        ctx.close()
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        report = ctx.services.audit.verify(SYSTEM)
        say(report.message)
        for line in report.mismatch_lines()[1:]:
            say(f"  另：{line}")
        return 0 if report.ok else 1
    finally:
        ctx.close()


def cmd_user_add(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        actor = login(ctx, args)
        password = os.environ.get("STI_DESK_NEW_PASSWORD")
        if not password:
            raise ValidationError("请用环境变量 STI_DESK_NEW_PASSWORD 提供新用户的密码")
        ctx.services.auth.create_user(actor, args.username, args.name, Role(args.role), password, args.expert_id)
        say(f"已创建用户 {args.username}（{Role(args.role).label}）")
        return 0
    finally:
        ctx.close()
