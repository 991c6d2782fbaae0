"""MRP: BOM explosion by size, netting against stock and purchase orders, what to buy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    BOMLine,
    InventoryLevel,
    Material,
    PurchaseOrder,
    RoutingStep,
    SizeRun,
    SizeSystem,
    StockKind,
    Style,
    Variant,
)
from cordwain.plan import explode_and_net, material_limits, suggest_purchases

NEED_BY = date(2025, 3, 17)
TODAY = date(2025, 3, 3)

STYLE = Style(
    "MARA",
    "Mara sneaker",
    "L-MARA",
    "sneaker",
    SizeRun.between(SizeSystem.US_MEN, "8", "10"),
    (RoutingStep("closing", 35),),
    Decimal("220"),
    Decimal("90"),
)
CALF = Material("BLKCALF", "Black calf", "leather", "sqft", Decimal("8"), "TANNERY", 21)
SOLE = Material(
    "SOLE", "Cup sole", "component", "pair", Decimal("9"), "SOLECO", 7, min_order=50,
    per_size=True,
)  # fmt: skip
LACE = Material("LACE", "Lace", "component", "pair", Decimal("0.5"), "LACECO", 5)
MATERIALS = {m.code: m for m in (CALF, SOLE, LACE)}
BOMS = {
    ("MARA", "BLK"): BOM(
        "MARA",
        "BLK",
        (
            BOMLine("BLKCALF", "9", 2.0, grade_per_step=0.05),
            BOMLine("SOLE", "9", 1.0),
            BOMLine("LACE", "9", 1.0),
        ),
    )
}
STYLES = {"MARA": STYLE}
LINES = {Variant("MARA", "BLK", "8"): 10, Variant("MARA", "BLK", "9"): 20}


def req_by_key(reqs):
    return {(r.material_code, r.size): r for r in reqs}


def test_leather_is_graded_by_size_and_divided_by_the_cutting_yield():
    reqs = req_by_key(
        explode_and_net(LINES, STYLES, BOMS, MATERIALS, [], [], need_by=NEED_BY,
                        yields={"BLKCALF": 0.8})
    )  # fmt: skip
    leather = reqs[("BLKCALF", None)]
    net = 10 * 2.0 * (1 - 0.1) + 20 * 2.0  # size 8 is two half sizes below the base
    assert leather.net == pytest.approx(net)
    assert leather.gross == pytest.approx(net / 0.8)
    assert reqs[("SOLE", "8")].gross == 10 and reqs[("SOLE", "9")].gross == 20
    assert reqs[("LACE", None)].gross == 30


def test_a_purchase_order_arriving_too_late_does_not_cover_the_need():
    stock = [InventoryLevel(StockKind.MATERIAL, "SOLE", 4, size="9")]
    in_time = PurchaseOrder("PO-1", "SOLE", 10, due=date(2025, 3, 14), size="9")
    too_late = PurchaseOrder("PO-2", "SOLE", 10, due=date(2025, 3, 20), size="9")
    reqs = req_by_key(
        explode_and_net(LINES, STYLES, BOMS, MATERIALS, stock, [in_time, too_late],
                        need_by=NEED_BY)
    )  # fmt: skip
    sole9 = reqs[("SOLE", "9")]
    assert (sole9.on_hand, sole9.on_order_in_time, sole9.on_order_late) == (4, 10, 10)
    assert sole9.shortfall == 20 - 4 - 10


def test_purchases_respect_the_minimum_order_and_buy_leather_in_whole_hides():
    reqs = explode_and_net(LINES, STYLES, BOMS, MATERIALS, [], [], need_by=NEED_BY)
    buys = suggest_purchases(reqs, MATERIALS, today=TODAY, hide_area_sqft={"BLKCALF": 22.0})
    soles = [b for b in buys if b.material_code == "SOLE"]
    assert sum(b.quantity for b in soles) >= 50  # 30 needed, supplier minimum 50
    assert {b.size for b in soles} == {"8", "9"}
    [hide] = [b for b in buys if b.material_code == "BLKCALF"]
    gross = (10 * 1.8 + 20 * 2.0) / 0.75
    assert hide.hides == 4 and hide.quantity == pytest.approx(88.0)
    assert gross < hide.quantity
    assert hide.late  # 21 days lead time, needed in 14
    assert [b.supplier for b in buys] == sorted(b.supplier for b in buys)


def test_only_materials_that_cannot_arrive_in_time_limit_the_batch():
    variants = list(LINES)
    stock = [InventoryLevel(StockKind.MATERIAL, "BLKCALF", 50.0)]
    keys, use, avail = material_limits(
        variants, STYLES, BOMS, MATERIALS, stock, [], today=TODAY, need_by=NEED_BY
    )
    # Leather takes 21 days and is needed in 14: on-hand leather caps the batch. Soles and
    # laces can still be bought in time.
    assert keys == (("BLKCALF", None),)
    assert avail.tolist() == [50.0]
    assert use[1, 0] == pytest.approx(2.0 / 0.75)
