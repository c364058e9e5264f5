"""Alembic environment. Run in code by sti_desk.db.migrate, which passes an open connection
(``config.attributes["connection"]``) with foreign keys OFF; there is no alembic.ini or fileConfig."""
from alembic import context

from sti_desk.db.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("请通过 sti-desk migrate 运行数据库迁移")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
