"""The workshop's database: tables, repositories, a unit of work, and Alembic migrations.

SQLite by default (``./cordwain.db``), PostgreSQL through the same code; the URL comes from
:func:`database_url`. Nothing connects at import time.
"""

from .errors import DuplicateError, NotFoundError, StoreError
from .migrate import current_revision, head_revision, is_up_to_date, upgrade
from .settings import database_url
from .snapshot import snapshot
from .uow import SqlUnitOfWork

__all__ = [
    "DuplicateError",
    "NotFoundError",
    "SqlUnitOfWork",
    "StoreError",
    "current_revision",
    "database_url",
    "head_revision",
    "is_up_to_date",
    "snapshot",
    "upgrade",
]
