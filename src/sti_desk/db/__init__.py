"""Persistence: SQLAlchemy models, engine and pragmas, unit of work, migrations, backup, audit.
Never imports Qt."""
