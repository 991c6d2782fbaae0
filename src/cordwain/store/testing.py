"""Throwaway databases for tests: a SQLite file in a temp folder, or a fresh PostgreSQL database.

Used by the store's own tests and reusable by any test folder::

    from cordwain.store.testing import postgres_url_or_skip, sqlite_url

    with postgres_url_or_skip() as url:   # skips (or fails under CORDWAIN_REQUIRE_POSTGRES=1)
        upgrade(url)
        ...

The PostgreSQL server is found at ``CORDWAIN_TEST_POSTGRES_URL`` (an admin URL to an existing
database), by default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from . import tables as t
from .engine import dispose_engine, get_engine

ADMIN_URL_ENV = "CORDWAIN_TEST_POSTGRES_URL"
REQUIRE_ENV = "CORDWAIN_REQUIRE_POSTGRES"
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def sqlite_url(tmp_path: Path | str, name: str = "cordwain.db") -> str:
    """URL of a SQLite file ``name`` inside ``tmp_path`` (created on first connection)."""
    return f"sqlite:///{Path(tmp_path) / name}"


def postgres_admin_url() -> str:
    return os.environ.get(ADMIN_URL_ENV, "").strip() or DEFAULT_ADMIN_URL


def postgres_required() -> bool:
    """True when PostgreSQL tests must fail rather than skip (CI sets this)."""
    return os.environ.get(REQUIRE_ENV, "").strip() in {"1", "true", "yes"}


def postgres_unavailable_reason(admin_url: str | None = None) -> str | None:
    """None when the PostgreSQL server answers, else a sentence saying why not."""
    admin_url = admin_url or postgres_admin_url()
    engine = create_engine(admin_url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any driver or network failure means "not available here"
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL not reachable at {make_url(admin_url).render_as_string()}: {first_line}"
    finally:
        engine.dispose()
    return None


@contextmanager
def temporary_postgres_database(
    admin_url: str | None = None, prefix: str = "cordwain_test"
) -> Iterator[str]:
    """Create an empty database with a random name, yield its URL, then drop it."""
    admin = make_url(admin_url or postgres_admin_url())
    name = f"{prefix}_{secrets.token_hex(6)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.set(database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            dispose_engine(url)
            with engine.connect() as conn:
                # FORCE: a test that failed midway may still hold a connection open.
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def skip_or_fail_without_postgres(admin_url: str | None = None) -> None:
    """Skip the calling test when PostgreSQL is absent (fail under CORDWAIN_REQUIRE_POSTGRES=1)."""
    import pytest

    reason = postgres_unavailable_reason(admin_url)
    if reason is None:
        return
    if postgres_required():
        pytest.fail(f"{reason} (and {REQUIRE_ENV}=1 says it must be)", pytrace=False)
    pytest.skip(f"{reason}; set {ADMIN_URL_ENV} to point at a server")


@contextmanager
def postgres_url_or_skip(admin_url: str | None = None) -> Iterator[str]:
    """A fresh throwaway PostgreSQL database URL, or a pytest skip/fail when there is none."""
    skip_or_fail_without_postgres(admin_url)
    with temporary_postgres_database(admin_url) as url:
        yield url


def clear_all(url: str) -> None:
    """Delete every row of every cordwain table (keeps the schema and its revision)."""
    engine = get_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{name}"' for name in t.metadata.tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(t.metadata.sorted_tables):
                conn.execute(delete(table))
