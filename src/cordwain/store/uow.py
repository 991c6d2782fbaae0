"""The unit of work: one transaction over all repositories, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, RootTransaction, func, select

from . import accounts as acc
from . import jobs as jb
from . import repositories as r
from . import tables as t
from .engine import get_engine
from .errors import StoreError
from .settings import database_url

#: What ``counts()`` reports, in the order a workshop owner reads it.
COUNTED_TABLES: dict[str, object] = {
    "styles": t.styles,
    "colourways": t.colourways,
    "materials": t.materials,
    "boms": t.boms,
    "pattern_pieces": t.pattern_pieces,
    "hides": t.hides,
    "fabric_rolls": t.fabric_rolls,
    "offcuts": t.offcuts,
    "artisans": t.artisans,
    "sales_lines": t.sales_lines,
    "preorders": t.preorders,
    "waitlist_entries": t.waitlist_entries,
    "feedback": t.feedback,
    "inventory_levels": t.inventory_levels,
    "purchase_orders": t.purchase_orders,
    "batches": t.batches,
    "work_orders": t.work_orders,
    "pairs": t.pairs,
    "operation_records": t.operation_records,
    "inspections": t.inspections,
    "documents": t.documents,
}


#: The repositories a unit of work carries, made when it takes its connection.
_REPOSITORIES = frozenset({
    "styles", "colourways", "materials", "boms", "patterns", "hides", "rolls", "offcuts",
    "artisans", "sales", "preorders", "waitlist", "feedback", "inventory", "purchase_orders",
    "batches", "work_orders", "pairs", "operation_records", "inspections", "documents", "users",
    "tokens", "login_failures", "secrets", "jobs",
})  # fmt: skip


class SqlUnitOfWork:
    """``with SqlUnitOfWork(url) as uow: ...; uow.commit()`` — nothing is kept unless committed.

    Leaving the ``with`` block (normally or by an exception) rolls back whatever was not
    committed. ``commit()`` may be called more than once; work after it starts a new
    transaction. ``url`` defaults to :func:`cordwain.store.settings.database_url`.

    With ``lazy=True`` entering the block takes no connection: the first repository (or
    ``connection``) used takes one. A web request that is answered from memory (a cached
    dashboard, a cached sign-in) then costs the database nothing — no pool checkout, no
    BEGIN/ROLLBACK round trips on PostgreSQL.
    """

    styles: r.StyleRepository
    colourways: r.ColourwayRepository
    materials: r.MaterialRepository
    boms: r.BOMRepository
    patterns: r.PatternRepository
    hides: r.HideRepository
    rolls: r.FabricRollRepository
    offcuts: r.OffcutRepository
    artisans: r.ArtisanRepository
    sales: r.SalesRepository
    preorders: r.PreOrderRepository
    waitlist: r.WaitlistRepository
    feedback: r.FeedbackRepository
    inventory: r.InventoryRepository
    purchase_orders: r.PurchaseOrderRepository
    batches: r.BatchRepository
    work_orders: r.WorkOrderRepository
    pairs: r.PairRepository
    operation_records: r.OperationRecordRepository
    inspections: r.InspectionRepository
    documents: r.DocumentRepository
    users: acc.UserRepository
    tokens: acc.TokenRepository
    login_failures: acc.LoginFailureRepository
    secrets: acc.SecretRepository
    jobs: jb.JobRepository

    def __init__(self, url: str | None = None, *, lazy: bool = False) -> None:
        self.url = database_url(url)
        self.lazy = lazy
        self._conn: Connection | None = None
        self._tx: RootTransaction | None = None
        self._entered = False

    def __enter__(self) -> SqlUnitOfWork:
        if self._entered:
            raise StoreError("this unit of work is already open")
        self._entered = True
        if not self.lazy:
            self._connect()
        return self

    def __getattr__(self, name: str):
        # Only called for attributes not set yet: the repositories of a lazy unit of work
        # before its first use.
        if name in _REPOSITORIES and self.__dict__.get("_entered"):
            self._connect()
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")

    @property
    def opened(self) -> bool:
        """True once a connection was taken (always, unless lazy and not used yet)."""
        return self._conn is not None

    def _connect(self) -> None:
        conn = get_engine(self.url).connect()
        self._conn = conn
        self._tx = conn.begin()
        self.styles = r.StyleRepository(conn)
        self.colourways = r.ColourwayRepository(conn)
        self.materials = r.MaterialRepository(conn)
        self.boms = r.BOMRepository(conn)
        self.patterns = r.PatternRepository(conn)
        self.hides = r.HideRepository(conn)
        self.rolls = r.FabricRollRepository(conn)
        self.offcuts = r.OffcutRepository(conn)
        self.artisans = r.ArtisanRepository(conn)
        self.sales = r.SalesRepository(conn)
        self.preorders = r.PreOrderRepository(conn)
        self.waitlist = r.WaitlistRepository(conn)
        self.feedback = r.FeedbackRepository(conn)
        self.inventory = r.InventoryRepository(conn)
        self.purchase_orders = r.PurchaseOrderRepository(conn)
        self.batches = r.BatchRepository(conn)
        self.work_orders = r.WorkOrderRepository(conn)
        self.pairs = r.PairRepository(conn)
        self.operation_records = r.OperationRecordRepository(conn)
        self.inspections = r.InspectionRepository(conn)
        self.documents = r.DocumentRepository(conn)
        self.users = acc.UserRepository(conn)
        self.tokens = acc.TokenRepository(conn)
        self.login_failures = acc.LoginFailureRepository(conn)
        self.secrets = acc.SecretRepository(conn)
        self.jobs = jb.JobRepository(conn)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, tx = self._conn, self._tx
        self._conn = self._tx = None
        self._entered = False
        if self.lazy:  # entered again, it must take a fresh connection on first use
            for name in _REPOSITORIES:
                self.__dict__.pop(name, None)
        if conn is None:
            return
        try:
            if tx is not None and tx.is_active:
                tx.rollback()
        finally:
            conn.close()

    def release(self) -> None:
        """Roll back what was not committed and give the connection back to the pool now.

        The unit of work stays usable: used again, it takes a connection afresh (as a lazy
        one does). For a request that has read all it needs before rendering its answer.
        """
        conn, tx = self._conn, self._tx
        if conn is None:
            return
        self._conn = self._tx = None
        for name in _REPOSITORIES:
            self.__dict__.pop(name, None)
        try:
            if tx is not None and tx.is_active:
                tx.rollback()
        finally:
            conn.close()

    def _open(self) -> Connection:
        if self._conn is None:
            if not self._entered:
                raise StoreError("use the unit of work inside a `with SqlUnitOfWork(...)` block")
            self._connect()
            assert self._conn is not None
        return self._conn

    def commit(self) -> None:
        """Keep everything done so far; later work goes into a new transaction."""
        if self._conn is None and self._entered:
            return  # lazy and never used: nothing to keep
        conn = self._open()
        assert self._tx is not None
        self._tx.commit()
        self._tx = conn.begin()

    def rollback(self) -> None:
        """Throw away everything since the last commit."""
        if self._conn is None and self._entered:
            return
        conn = self._open()
        assert self._tx is not None
        self._tx.rollback()
        self._tx = conn.begin()

    @property
    def connection(self) -> Connection:
        """The open connection, for services that need a query no repository offers."""
        return self._open()

    def counts(self) -> dict[str, int]:
        """Rows per main table (what ``cordwain status`` shows)."""
        conn = self._open()
        return {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in COUNTED_TABLES.items()
        }
