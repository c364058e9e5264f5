"""The demo database's accounts (演示账号), apart from :mod:`sti_desk.services.demo` so that the login
window can show them before the database code is imported."""
from __future__ import annotations

DEMO_PASSWORDS = {"admin": "admin123", "clerk": "clerk1234", "manager": "manager123", "expert01": "expert123"}


def demo_hint() -> str:
    """The line the login dialog shows for the demo database."""
    return "演示账号：" + "，".join(f"{u} / {p}" for u, p in DEMO_PASSWORDS.items())
