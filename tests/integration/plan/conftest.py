"""A tiny hand-made workshop where the right plan is known (see the module docstrings)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cordwain import services
from cordwain.domain import (
    BOM,
    Artisan,
    BOMLine,
    Colourway,
    InventoryLevel,
    Material,
    PreOrder,
    RoutingStep,
    SalesLine,
    SizeRun,
    SizeSystem,
    StockKind,
    Style,
    Variant,
)

TODAY = date(2026, 3, 4)  # a Wednesday
START = date(2026, 3, 9)  # the Monday after: batch B2026W11, 3 weeks to 29 March


def build(url: str, *, boots: bool = False, boot_preorder: bool = False) -> str:
    """MARA (size 9 only): BLK sells 10 pairs a week; TAN one pair a month; RED never sold
    but has 5 pre-ordered pairs against 2 on the shelf, and red leather for exactly 3 pairs
    that cannot be restocked in time. One closer with 5 contracted hours a week: 900 minutes
    × 0.9 utilisation = 810 closing minutes = 13 pairs at 60 minutes. Laces and black
    leather have short lead times and no stock: they are bought.

    ``boots`` adds a BOOT style that sells well but needs lasting, which nobody can do.
    """
    with services.unit_of_work(url) as uow:
        run = SizeRun(SizeSystem.US_MEN, ("9",))
        uow.styles.add(
            Style("MARA", "Mara", "L1", "sneaker", run,
                  (RoutingStep("clicking", 10), RoutingStep("closing", 60)),
                  Decimal("200"), Decimal("80"))
        )  # fmt: skip
        for cw in ("BLK", "TAN", "RED"):
            uow.colourways.add(Colourway("MARA", cw, cw.title()))
        uow.materials.add(
            Material("LTH_BLK", "Black calf", "leather", "sqft", Decimal("8"), "Tannery A", 2,
                     default_yield=0.8)
        )  # fmt: skip
        uow.materials.add(
            Material("LTH_RED", "Red calf", "leather", "sqft", Decimal("9"), "Tannery B", 60,
                     default_yield=0.8)
        )  # fmt: skip
        uow.materials.add(
            Material("LACE", "Laces", "component", "pair", Decimal("0.5"), "Findings", 2,
                     min_order=50)
        )  # fmt: skip
        for cw, leather in (("BLK", "LTH_BLK"), ("TAN", "LTH_BLK"), ("RED", "LTH_RED")):
            uow.boms.put(BOM("MARA", cw, (BOMLine(leather, "9", 2.0), BOMLine("LACE", "9", 1.0))))
        uow.artisans.add(Artisan("CLK", "Clicker", {"clicking": 10}))
        uow.artisans.add(Artisan("CLS", "Closer", {"closing": 60}, weekly_hours=5))
        uow.inventory.set(InventoryLevel(StockKind.MATERIAL, "LTH_RED", 7.5))
        uow.inventory.set(InventoryLevel(StockKind.FINISHED, "MARA-RED-9", 2))
        uow.preorders.add(
            PreOrder("PO-RED", Variant("MARA", "RED", "9"), 5, date(2026, 2, 20),
                     date(2026, 3, 31))
        )  # fmt: skip
        lines = []
        first = START - timedelta(weeks=52)
        for week in range(52):
            monday = first + timedelta(weeks=week)
            for d in range(5):
                lines.append(
                    SalesLine(monday + timedelta(days=d), Variant("MARA", "BLK", "9"), 2,
                              Decimal("200"))
                )  # fmt: skip
            if week % 4 == 0:
                lines.append(SalesLine(monday, Variant("MARA", "TAN", "9"), 1, Decimal("200")))
        if boots:
            uow.styles.add(
                Style("BOOT", "Boot", "L2", "boot", run,
                      (RoutingStep("clicking", 10), RoutingStep("lasting", 20)),
                      Decimal("300"), Decimal("120"))
            )  # fmt: skip
            uow.colourways.add(Colourway("BOOT", "BLK", "Black"))
            uow.boms.put(BOM("BOOT", "BLK", (BOMLine("LTH_BLK", "9", 4.0),)))
            for week in range(52):
                day = first + timedelta(weeks=week, days=1)
                lines.append(SalesLine(day, Variant("BOOT", "BLK", "9"), 3, Decimal("300")))
            if boot_preorder:
                uow.preorders.add(
                    PreOrder("PO-BOOT", Variant("BOOT", "BLK", "9"), 2, date(2026, 2, 20),
                             date(2026, 3, 31))
                )  # fmt: skip
        uow.sales.add_many(lines)
        uow.commit()
    return url


@pytest.fixture
def small_workshop(workshop_url):
    return build(workshop_url)
