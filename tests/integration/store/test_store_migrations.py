"""The schema comes from Alembic migrations, up from an empty database, matching the tables."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import cordwain.store
from cordwain.store import current_revision, head_revision, is_up_to_date, upgrade
from cordwain.store.engine import get_engine
from cordwain.store.migrate import alembic_config
from cordwain.store.tables import metadata

VERSIONS = Path(cordwain.store.__file__).parent / "migrations" / "versions"


def test_an_empty_database_has_no_revision_until_migrated(empty_db_url):
    assert current_revision(empty_db_url) is None
    assert not is_up_to_date(empty_db_url)
    upgrade(empty_db_url)
    assert current_revision(empty_db_url) == head_revision()
    assert head_revision() == sorted(p.stem.split("_")[0] for p in VERSIONS.glob("0*.py"))[-1]
    assert is_up_to_date(empty_db_url)


def test_the_migrated_schema_is_exactly_the_declared_tables(empty_db_url):
    upgrade(empty_db_url)
    with get_engine(empty_db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
        names = set(inspect(conn).get_table_names())
    assert names == set(metadata.tables) | {"alembic_version"}


def test_upgrading_twice_changes_nothing(empty_db_url):
    upgrade(empty_db_url)
    before = current_revision(empty_db_url)
    upgrade(empty_db_url)
    assert current_revision(empty_db_url) == before == head_revision()


def test_downgrading_to_base_removes_every_table(empty_db_url):
    upgrade(empty_db_url)
    cfg = alembic_config(empty_db_url)
    with get_engine(empty_db_url).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with get_engine(empty_db_url).connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    assert current_revision(empty_db_url) is None
