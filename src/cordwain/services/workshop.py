"""Verbs over the whole workshop: open its database, create it (with the demo), summarise it."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from cordwain import demo as demo_workshop
from cordwain.demo.history import history as demo_history
from cordwain.domain import PreOrderStatus, StockKind, Variant
from cordwain.store import SqlUnitOfWork, database_url
from cordwain.store.migrate import upgrade

from .errors import ServiceError
from .quality import store_history

#: progress(step description, done, total): how slow services report to a progress bar.
Progress = Callable[[str, int, int], None]
T = TypeVar("T")


def _quiet(_: str, __: int, ___: int) -> None:
    return None


def with_clock(run: Callable[[], T], label: str, limit: float, progress: Progress) -> T:
    """Run a time-limited search while a progress bar moves with the clock (the engines
    give no callback of their own)."""
    if progress is _quiet:
        return run()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(run)
        t0 = time.perf_counter()
        while True:
            try:
                return future.result(timeout=0.25)
            except FutureTimeout:
                spent = time.perf_counter() - t0
                share = min(0.99, spent / max(limit, 0.1))
                progress(f"{label} {spent:.0f}/{limit:.0f} s", 5 + int(90 * share), 100)


def unit_of_work(url: str | None = None) -> SqlUnitOfWork:
    """The composition root: a unit of work on the workshop's database."""
    return SqlUnitOfWork(database_url(url))


def prepare_database(url: str | None = None) -> str:
    """Create or migrate the schema to the newest version; returns the URL used."""
    resolved = database_url(url)
    upgrade(resolved)
    return resolved


@dataclass(frozen=True)
class InitReport:
    url: str
    demo: bool
    counts: dict[str, int]


def init_workshop(
    url: str | None = None,
    *,
    demo: bool = False,
    seed: int = 7,
    today: date | None = None,
    progress: Progress = _quiet,
) -> InitReport:
    """Create the database; with ``demo`` fill it with the seeded demo workshop, all or nothing.

    Refuses to add the demo to a database that already holds a workshop, so running it
    twice never duplicates anything.
    """
    resolved = prepare_database(url)
    with unit_of_work(resolved) as uow:
        existing = sum(uow.counts().values())
        if demo:
            if existing:
                raise ServiceError(
                    f"{resolved} already holds a workshop ({existing} records); "
                    "use a new database file or set CORDWAIN_DATABASE_URL"
                )
            shop = demo_workshop.generate(seed, today=today or date.today())
            store_workshop(uow, shop, progress=progress)
            progress("past production", 1, 1)
            store_history(uow, demo_history(shop, seed=seed))
            uow.commit()
        counts = uow.counts()
    return InitReport(resolved, demo, counts)


def store_workshop(uow: SqlUnitOfWork, shop, *, progress: Progress = _quiet) -> None:
    """Add every object of a generated workshop through the repositories (no commit)."""
    steps: list[tuple[str, Callable[[], None]]] = [
        ("materials", lambda: [uow.materials.add(m) for m in shop.materials]),
        ("styles", lambda: [uow.styles.add(s) for s in shop.styles]),
        ("colourways", lambda: [uow.colourways.add(c) for c in shop.colourways]),
        ("bills of materials", lambda: [uow.boms.put(b) for b in shop.boms]),
        ("pattern pieces", lambda: [uow.patterns.add(p) for p in shop.pattern_pieces]),
        ("hides", lambda: [uow.hides.add(h) for h in shop.hides]),
        ("fabric rolls", lambda: [uow.rolls.add(r) for r in shop.rolls]),
        ("artisans", lambda: [uow.artisans.add(a) for a in shop.artisans]),
        ("sales", lambda: uow.sales.add_many(shop.sales)),
        ("pre-orders", lambda: [uow.preorders.add(p) for p in shop.preorders]),
        ("waitlist", lambda: [uow.waitlist.add(w) for w in shop.waitlist]),
        ("inventory", lambda: [uow.inventory.set(i) for i in shop.inventory]),
        ("purchase orders", lambda: [uow.purchase_orders.add(p) for p in shop.purchase_orders]),
        ("feedback", lambda: [uow.feedback.add(f) for f in shop.feedback]),
        ("stock-outs", lambda: _record_stockouts(uow, shop)),
    ]
    for i, (label, run) in enumerate(steps):
        progress(label, i, len(steps))
        run()
    progress("done", len(steps), len(steps))


def _record_stockouts(uow: SqlUnitOfWork, shop) -> None:
    from .demand import record_stockouts

    spells = [(s.variant.sku, s.first_day, s.last_day) for s in getattr(shop, "stockouts", [])]
    record_stockouts(uow, spells)


@dataclass(frozen=True)
class WorkshopStatus:
    """What is in the workshop, as ``cordwain status`` shows it."""

    counts: dict[str, int]
    variants: int
    material_value: Decimal
    finished_pairs: int
    finished_value: Decimal
    open_preorders: int
    open_preorder_pairs: int
    next_promise: date | None
    pairs_sold_last_4_weeks: int
    last_sale: date | None
    currency: str = "USD"
    by_style: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = asdict(self)
        for k in ("material_value", "finished_value"):
            out[k] = str(out[k])
        for k in ("next_promise", "last_sale"):
            out[k] = out[k].isoformat() if out[k] else None
        return out


def workshop_status(uow: SqlUnitOfWork) -> WorkshopStatus:
    """Counts, stock value, open pre-orders and recent sales of the workshop."""
    counts = uow.counts()
    styles = {s.code: s for s in uow.styles.list()}
    colourways = uow.colourways.list()
    variants = sum(len(styles[c.style_code].size_run) for c in colourways if c.style_code in styles)
    materials = {m.code: m for m in uow.materials.list()}
    material_value = Decimal(0)
    finished_pairs = 0
    finished_value = Decimal(0)
    for level in uow.inventory.list():
        if level.kind is StockKind.MATERIAL and level.code in materials:
            material_value += materials[level.code].unit_cost * Decimal(str(level.quantity))
        elif level.kind is StockKind.FINISHED:
            pairs = int(level.quantity)
            finished_pairs += pairs
            style = styles.get(Variant.parse(level.code).style_code)
            if style is not None:
                finished_value += style.unit_cost * pairs
    open_orders = uow.preorders.list(PreOrderStatus.OPEN)
    last_sale = uow.sales.last_day()
    recent = 0
    per_style: dict[str, int] = {}
    if last_sale is not None:
        since = last_sale - timedelta(days=27)
        for line in uow.sales.list(since=since):
            recent += line.quantity
            per_style[line.variant.style_code] = per_style.get(line.variant.style_code, 0)
            per_style[line.variant.style_code] += line.quantity
    preorder_pairs: dict[str, int] = {}
    for o in open_orders:
        preorder_pairs[o.variant.style_code] = preorder_pairs.get(o.variant.style_code, 0)
        preorder_pairs[o.variant.style_code] += o.quantity
    by_style = [
        {
            "style": s.code,
            "name": s.name,
            "category": s.category,
            "colourways": sum(1 for c in colourways if c.style_code == s.code),
            "sizes": len(s.size_run),
            "sold_last_4_weeks": per_style.get(s.code, 0),
            "open_preorder_pairs": preorder_pairs.get(s.code, 0),
        }
        for s in styles.values()
    ]
    return WorkshopStatus(
        counts=counts,
        variants=variants,
        material_value=material_value.quantize(Decimal("0.01")),
        finished_pairs=finished_pairs,
        finished_value=finished_value.quantize(Decimal("0.01")),
        open_preorders=len(open_orders),
        open_preorder_pairs=sum(o.quantity for o in open_orders),
        next_promise=min((o.promised_by for o in open_orders), default=None),
        pairs_sold_last_4_weeks=recent,
        last_sale=last_sale,
        by_style=by_style,
    )
