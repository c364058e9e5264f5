"""Developer tool: write a new Alembic revision from the difference between the models and head.

    uv run python -m sti_desk.db.migrate_dev 0002_review "review tables"
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from .engine import make_engine
from .migrate import alembic_config, upgrade


def autogenerate(rev_id: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "scratch.db"
        try:
            upgrade(db)
        except Exception:  # noqa: BLE001 - an empty history has no head yet
            pass
        engine = make_engine(db, foreign_keys=False)
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()


if __name__ == "__main__":
    autogenerate(sys.argv[1], sys.argv[2])
