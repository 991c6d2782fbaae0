"""Where the database is: an explicit URL, ``CORDWAIN_DATABASE_URL``, or ./cordwain.db."""

from __future__ import annotations

import os

ENV_VAR = "CORDWAIN_DATABASE_URL"
DEFAULT_URL = "sqlite:///./cordwain.db"


def database_url(explicit: str | None = None) -> str:
    """The database URL to use, read at call time so tests and shells can change it.

    Order: ``explicit`` when given, else the ``CORDWAIN_DATABASE_URL`` environment variable,
    else a SQLite file ``cordwain.db`` in the current directory.
    """
    if explicit:
        return explicit
    from_env = os.environ.get(ENV_VAR, "").strip()
    return from_env or DEFAULT_URL
