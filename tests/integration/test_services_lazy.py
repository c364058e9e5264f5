"""Services are created (and their modules imported) on first use; start-up needs only a few."""
from __future__ import annotations

import threading

import pytest

from sti_desk.bootstrap import SERVICE_CLASSES, Services


def test_created_on_first_use_once(app_ctx):  # type: ignore[no-untyped-def]
    services = Services(app_ctx.db)
    assert "review" not in vars(services)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(services.review)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen}) == 1 and type(seen[0]).__name__ == "ReviewService"
    services.load_all()
    assert set(SERVICE_CLASSES) <= set(vars(services))
    with pytest.raises(AttributeError):
        services.no_such_service  # noqa: B018


def test_given_services_and_unknown_names(app_ctx):  # type: ignore[no-untyped-def]
    marker = object()
    assert Services(app_ctx.db, auth=marker).auth is marker
    with pytest.raises(TypeError):
        Services(app_ctx.db, authentication=marker)
    assert app_ctx.services.extra == {}
