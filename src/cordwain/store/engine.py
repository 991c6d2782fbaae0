"""Engines, created on first use and cached per URL (nothing connects at import time)."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    # SQLite ignores REFERENCES clauses unless each connection asks for them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: Connections a server process keeps open to PostgreSQL, and how many more it may open
#: at a busy moment. The default pool (5 + 10 overflow) closed every overflow connection
#: when it came back, so fifty concurrent page loads kept opening fresh server processes
#: (a fork and an authentication each); twenty kept open covers the web app's requests
#: that touch the database at once (its thread pool runs up to 40), and last-in-first-out
#: reuse keeps the same few connections hot (psycopg prepares a statement on a connection
#: after its fifth use). No pre-ping: it would cost a round trip per checkout; a dead
#: connection raises once and is replaced.
PG_POOL = {"pool_size": 40, "max_overflow": 5, "pool_use_lifo": True, "pool_recycle": 3600}


def get_engine(url: str) -> Engine:
    """The engine for ``url``, created on first call and reused afterwards."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            backend = make_url(url).get_backend_name()
            engine = create_engine(url, future=True, **(PG_POOL if backend == "postgresql" else {}))
            if backend == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_foreign_keys)
            _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of ``url`` (before dropping or copying that database)."""
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def dispose_all() -> None:
    """Close every cached engine's pooled connections."""
    with _lock:
        engines = list(_engines.values())
        _engines.clear()
    for engine in engines:
        engine.dispose()
