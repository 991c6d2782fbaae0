"""Alembic environment: runs cordwain's migrations on a given connection or URL.

``cordwain.store.migrate`` passes an open connection in ``config.attributes["connection"]``;
the ``alembic`` command line (with the ``alembic.ini`` next to this file) falls back to the
URL from ``CORDWAIN_DATABASE_URL`` or ./cordwain.db.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from cordwain.store.settings import database_url
from cordwain.store.tables import metadata

config = context.config


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        # SQLite cannot ALTER most things in place: later migrations copy-and-move tables.
        render_as_batch=connection.dialect.name == "sqlite",
    )


def run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or database_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
