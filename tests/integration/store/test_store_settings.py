"""Where the database is, and that nothing opens one at import time."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import text

from cordwain.store import database_url
from cordwain.store.engine import dispose_engine, get_engine
from cordwain.store.testing import sqlite_url


def test_an_explicit_url_beats_the_environment(monkeypatch):
    monkeypatch.setenv("CORDWAIN_DATABASE_URL", "postgresql+psycopg://shop@db/cordwain")
    assert database_url("sqlite:///other.db") == "sqlite:///other.db"


def test_the_environment_is_read_at_call_time(monkeypatch):
    monkeypatch.delenv("CORDWAIN_DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///./cordwain.db"
    monkeypatch.setenv("CORDWAIN_DATABASE_URL", "postgresql+psycopg://shop@db/cordwain")
    assert database_url() == "postgresql+psycopg://shop@db/cordwain"
    monkeypatch.setenv("CORDWAIN_DATABASE_URL", "  ")
    assert database_url() == "sqlite:///./cordwain.db"


def test_importing_the_store_creates_no_database_file(tmp_path):
    code = (
        "import cordwain.store, cordwain.store.uow, cordwain.store.tables, cordwain.store.testing"
    )
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True)
    assert list(tmp_path.iterdir()) == []


def test_sqlite_connections_enforce_foreign_keys(tmp_path):
    url = sqlite_url(tmp_path)
    try:
        with get_engine(url).connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert get_engine(url) is get_engine(url)
    finally:
        dispose_engine(url)


NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/postgres"


def test_an_unreachable_postgres_skips_with_the_reason(monkeypatch):
    import pytest

    from cordwain.store.testing import postgres_unavailable_reason, skip_or_fail_without_postgres

    monkeypatch.delenv("CORDWAIN_REQUIRE_POSTGRES", raising=False)
    assert "127.0.0.1:1" in postgres_unavailable_reason(NOWHERE)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL not reachable"):
        skip_or_fail_without_postgres(NOWHERE)


def test_an_unreachable_postgres_fails_when_ci_requires_it(monkeypatch):
    import pytest

    from cordwain.store.testing import skip_or_fail_without_postgres

    monkeypatch.setenv("CORDWAIN_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="CORDWAIN_REQUIRE_POSTGRES=1"):
        skip_or_fail_without_postgres(NOWHERE)
