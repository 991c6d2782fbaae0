"""The unit of work: one transaction over all repositories, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, RootTransaction, func, select

from . import accounts as acc
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


class SqlUnitOfWork:
    """``with SqlUnitOfWork(url) as uow: ...; uow.commit()`` — nothing is kept unless committed.

    Leaving the ``with`` block (normally or by an exception) rolls back whatever was not
    committed. ``commit()`` may be called more than once; work after it starts a new
    transaction. ``url`` defaults to :func:`cordwain.store.settings.database_url`.
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

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self._conn: Connection | None = None
        self._tx: RootTransaction | None = None

    def __enter__(self) -> SqlUnitOfWork:
        if self._conn is not None:
            raise StoreError("this unit of work is already open")
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
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, tx = self._conn, self._tx
        self._conn = self._tx = None
        if conn is None:
            return
        try:
            if tx is not None and tx.is_active:
                tx.rollback()
        finally:
            conn.close()

    def _open(self) -> Connection:
        if self._conn is None:
            raise StoreError("use the unit of work inside a `with SqlUnitOfWork(...)` block")
        return self._conn

    def commit(self) -> None:
        """Keep everything done so far; later work goes into a new transaction."""
        conn = self._open()
        assert self._tx is not None
        self._tx.commit()
        self._tx = conn.begin()

    def rollback(self) -> None:
        """Throw away everything since the last commit."""
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
