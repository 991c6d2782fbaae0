"""Shared fixtures: migrated throwaway databases on SQLite and PostgreSQL.

PostgreSQL tests use a fresh database per session on 127.0.0.1:5432; without a server they
skip with the reason, unless CORDWAIN_REQUIRE_POSTGRES=1 (CI) makes them fail.
"""

from __future__ import annotations

import pytest

from cordwain.store import upgrade
from cordwain.store.engine import dispose_engine
from cordwain.store.testing import clear_all, postgres_url_or_skip, sqlite_url

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def shared_postgres_url():
    with postgres_url_or_skip() as url:
        upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def workshop_url(request, tmp_path):
    """A migrated, empty workshop database on each backend."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path)
        upgrade(url)
        yield url
        dispose_engine(url)
    else:
        url = request.getfixturevalue("shared_postgres_url")
        clear_all(url)
        yield url
