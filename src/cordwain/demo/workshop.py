"""The demo workshop as one value, and the seeded generator that builds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from cordwain.domain import (
    BOM,
    Artisan,
    Colourway,
    FabricRoll,
    Feedback,
    Hide,
    InventoryLevel,
    Material,
    PatternPiece,
    PreOrder,
    PurchaseOrder,
    SalesLine,
    Style,
    Variant,
    WaitlistEntry,
    variants_of,
)

from . import catalogue
from .artisans import make_artisans
from .demand import LIFE, StockOut, make_demand
from .hides import make_hides, make_rolls
from .stock import make_inventory, make_purchase_orders


@dataclass(frozen=True)
class DemoWorkshop:
    """Everything a small Los Angeles shoe workshop knows, as plain domain objects.

    Lists are in a stable order (catalogue order, then by day / code), so two workshops
    made from the same seed and day compare equal.
    """

    seed: int
    today: date
    styles: list[Style]
    colourways: list[Colourway]
    materials: list[Material]
    boms: list[BOM]
    pattern_pieces: list[PatternPiece]
    hides: list[Hide]
    rolls: list[FabricRoll]
    artisans: list[Artisan]
    sales: list[SalesLine]
    preorders: list[PreOrder]
    waitlist: list[WaitlistEntry]
    inventory: list[InventoryLevel]
    purchase_orders: list[PurchaseOrder]
    feedback: list[Feedback]
    #: spells when a SKU was sold out: its zero sales there are censored demand
    stockouts: list[StockOut]

    def variants(self) -> list[Variant]:
        """Every SKU of the catalogue: style × colourway × size run."""
        by_code = {s.code: s for s in self.styles}
        return [v for c in self.colourways for v in variants_of(by_code[c.style_code], c)]

    def style(self, code: str) -> Style:
        return next(s for s in self.styles if s.code == code)

    def bom(self, style_code: str, colourway_code: str) -> BOM:
        return next(
            b
            for b in self.boms
            if b.style_code == style_code and b.colourway_code == colourway_code
        )


def generate(seed: int = 7, *, today: date = date(2026, 11, 27)) -> DemoWorkshop:
    """A deterministic demo workshop: the same ``seed`` and ``today`` give equal workshops.

    The catalogue (styles, materials, BOMs, patterns) is the brand's and does not change with
    the seed; hides, artisans' paces, two years of sales up to the day before ``today``,
    pre-orders, waitlists, feedback, stock and purchase orders do.
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]
    rng_hides, rng_people, rng_demand, rng_stock, rng_orders = streams

    styles = catalogue.styles()
    colourways = catalogue.colourways()
    materials = catalogue.materials()
    boms = catalogue.boms()
    pieces = catalogue.all_pattern_pieces()
    received = f"{today:%y%m}"
    thickness = {code: catalogue.leather_thickness(code) for code, *_ in catalogue.LEATHERS}
    hides = make_hides(rng_hides, thickness, received)
    rolls = make_rolls(rng_hides, received)
    artisans = make_artisans(rng_people, styles)

    cw_codes: dict[str, list[str]] = {}
    for c in colourways:
        cw_codes.setdefault(c.style_code, []).append(c.code)
    history = make_demand(rng_demand, styles, cw_codes, today)
    unreleased = {code for code, life in LIFE.items() if life.launch_week > 0}
    inventory = make_inventory(
        rng_stock,
        styles,
        boms,
        materials,
        hides,
        rolls,
        history.recent_weekly,
        history.stockouts,
        today,
        unreleased,
    )
    purchase_orders = make_purchase_orders(rng_orders, styles, boms, today)
    return DemoWorkshop(
        seed=seed,
        today=today,
        styles=styles,
        colourways=colourways,
        materials=materials,
        boms=boms,
        pattern_pieces=pieces,
        hides=hides,
        rolls=rolls,
        artisans=artisans,
        sales=history.sales,
        preorders=history.preorders,
        waitlist=history.waitlist,
        inventory=inventory,
        purchase_orders=purchase_orders,
        feedback=history.feedback,
        stockouts=history.stockouts,
    )
