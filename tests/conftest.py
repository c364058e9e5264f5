"""Shared fixtures for every test suite.

``QT_QPA_PLATFORM=offscreen`` is set before anything imports Qt (without a display pytest would abort).

Databases: a template file with the four standard users is built once per session and copied for each
test, so ``app_ctx`` costs a file copy instead of four scrypt hashes and the migrations.

=========  ==========  ===========  ========
user       password    role         fixture
=========  ==========  ===========  ========
admin      admin123    管理员        admin_actor
clerk      clerk1234   经办人        clerk_actor
manager    manager123  分管领导      manager_actor
reviewer   review1234  评审专家      reviewer_actor
=========  ==========  ===========  ========
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

USERS: dict[str, tuple[str, str, str]] = {
    # username: (password, display name, role value)
    "admin": ("admin123", "系统管理员", "admin"),
    "clerk": ("clerk1234", "李经办", "clerk"),
    "manager": ("manager123", "王科长", "manager"),
    "reviewer": ("review1234", "赵专家", "reviewer"),
}


@pytest.fixture(autouse=True)
def _isolated_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep QSettings and the user data folder of every test away from the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STI_DESK_SETTINGS", str(home / "settings.ini"))
    monkeypatch.setenv("STI_DESK_HOME", str(home))


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """Once a GUI test has handed cyclic collection to the UI's timer (sti_desk.gc_policy), tests that never
    spin an event loop would otherwise never collect: collect what is due after each test."""
    yield
    from sti_desk import gc_policy

    if gc_policy.is_handed_over():
        gc_policy.collect_if_due()


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    from sti_desk.bootstrap import open_app
    from sti_desk.domain.permissions import Role
    from sti_desk.services.actor import Actor

    path = tmp_path_factory.mktemp("template") / "template.db"
    ctx = open_app(path, backup_daily=False)
    try:
        auth = ctx.services.auth
        password, display, _ = USERS["admin"]
        admin = Actor(auth.bootstrap_admin("admin", password, display), "admin", display, Role.ADMIN)
        for username, (password, display, role) in USERS.items():
            if username != "admin":
                auth.create_user(admin, username, display, Role(role), password)
        actors = {u.username: Actor(u.id, u.username, u.display_name, u.role, u.expert_id)
                  for u in auth.list_users(admin)}
    finally:
        ctx.close()
    return path, actors


@pytest.fixture
def app_ctx(_template_db: tuple[Path, dict[str, object]], tmp_path: Path,
            request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh temp-file database (bootstrap.open_app) holding the four standard users."""
    from sti_desk.bootstrap import open_app

    source, _ = _template_db
    target = tmp_path / "sti_desk.db"
    for suffix in ("", "-wal", "-shm"):
        extra = Path(str(source) + suffix)
        if extra.exists():
            shutil.copyfile(extra, str(target) + suffix)
    ctx = open_app(target, backup_daily=False)
    yield ctx
    try:
        from tests.audit_check import assert_log_matches_data

        assert_log_matches_data(ctx, request)
    finally:
        ctx.close()




@pytest.fixture
def services(app_ctx):  # type: ignore[no-untyped-def]
    return app_ctx.services


@pytest.fixture
def admin_actor(_template_db):  # type: ignore[no-untyped-def]
    return _template_db[1]["admin"]


@pytest.fixture
def clerk_actor(_template_db):  # type: ignore[no-untyped-def]
    return _template_db[1]["clerk"]


@pytest.fixture
def manager_actor(_template_db):  # type: ignore[no-untyped-def]
    return _template_db[1]["manager"]


@pytest.fixture
def reviewer_actor(_template_db):  # type: ignore[no-untyped-def]
    return _template_db[1]["reviewer"]
