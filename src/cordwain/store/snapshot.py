"""A deterministic text dump of a whole database, to prove that something changed nothing.

Two snapshots of the same database are equal exactly when every table holds the same rows
(compared by value, ordered by primary key), on SQLite and PostgreSQL alike. On SQLite the
file's bytes can be compared too; this works where there is no file.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select

from . import tables as t
from .engine import get_engine


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Normalised so 12.5 and 12.5000 (SQLite vs PostgreSQL scale) read the same.
        return f"D:{value.normalize():f}"
    if isinstance(value, datetime | date | time):
        return f"T:{value.isoformat()}"
    return value


def snapshot(url: str) -> str:
    """Every row of every cordwain table (and the migration revision), one JSON line each."""
    lines: list[str] = []
    with get_engine(url).connect() as conn:
        present = set(inspect(conn).get_table_names())
        if "alembic_version" in present:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
            lines.append("alembic_version " + json.dumps(sorted(v[0] for v in version)))
        for name in sorted(t.metadata.tables):
            if name not in present:
                lines.append(f"{name} <missing>")
                continue
            table = t.metadata.tables[name]
            stmt = select(table).order_by(*table.primary_key.columns)
            for row in conn.execute(stmt).mappings():
                body = {k: _plain(v) for k, v in row.items()}
                lines.append(f"{name} " + json.dumps(body, sort_keys=True, default=str))
    return "\n".join(lines) + "\n"
