"""What is on the shelves and on order: finished pairs, materials, open purchase orders.

Leather stock is exactly the stamped area of the hides in the leather room and fabric stock
the length of the rolls, so the two views never disagree. Components bought per size (soles,
insoles, toe puffs, counters) are stocked per size label of the styles that use them (US
men's, or US women's for the ``_W`` / ``CUPW`` parts).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import numpy as np

from cordwain.domain import (
    BOM,
    FabricRoll,
    Hide,
    InventoryLevel,
    Material,
    MaterialKind,
    PurchaseOrder,
    StockKind,
    Style,
)

from .demand import StockOut, size_curve


def _sizes_per_material(styles: list[Style], boms: list[BOM]) -> dict[str, list[str]]:
    runs = {s.code: s for s in styles}
    out: dict[str, list[str]] = defaultdict(list)
    for bom in boms:
        for line in bom.lines:
            for size in runs[bom.style_code].size_run.sizes:
                if size not in out[line.material_code]:
                    out[line.material_code].append(size)
    return out


def _curve_for(styles: list[Style], boms: list[BOM], material: str) -> tuple[list[str], np.ndarray]:
    style = next(
        s
        for s in styles
        for b in boms
        if b.style_code == s.code and any(ln.material_code == material for ln in b.lines)
    )
    sizes = list(style.size_run.sizes)
    return sizes, size_curve(style.size_run.system, style.size_run.sizes)


def make_inventory(
    rng: np.random.Generator,
    styles: list[Style],
    boms: list[BOM],
    materials: list[Material],
    hides: list[Hide],
    rolls: list[FabricRoll],
    recent_weekly: dict[str, float],
    stockouts: list[StockOut],
    today: date,
    unreleased: set[str],
) -> list[InventoryLevel]:
    out: list[InventoryLevel] = []
    sold_out = {s.variant.sku for s in stockouts if s.last_day == today}
    for style in styles:
        if style.code in unreleased:
            continue
        for bom in (b for b in boms if b.style_code == style.code):
            for size in style.size_run.sizes:
                sku = f"{style.code}-{bom.colourway_code}-{size}"
                weekly = recent_weekly.get(sku, 0.0)
                # Between batches a SKU holds one to five weeks of sales; sold-out ones hold 0.
                qty = 0 if sku in sold_out else int(rng.poisson(weekly * rng.uniform(1, 5)))
                out.append(InventoryLevel(StockKind.FINISHED, sku, qty))

    area: dict[str, float] = defaultdict(float)
    for h in hides:
        area[h.material_code] += h.stamped_area_sqft
    length: dict[str, float] = defaultdict(float)
    for r in rolls:
        length[r.material_code] += r.length_m
    sizes_of = _sizes_per_material(styles, boms)
    for m in materials:
        if m.kind is MaterialKind.LEATHER:
            out.append(InventoryLevel(StockKind.MATERIAL, m.code, round(area[m.code], 2)))
        elif m.kind is MaterialKind.FABRIC:
            out.append(InventoryLevel(StockKind.MATERIAL, m.code, round(length[m.code], 1)))
        elif m.per_size:
            sizes, curve = _curve_for(styles, boms, m.code)
            # Soles come in by the size run; board components in bigger cartons.
            run_total = rng.uniform(40, 160) if m.code.startswith("SOLE") else rng.uniform(150, 350)
            if m.code == "SOLE_CREPE":
                run_total = rng.uniform(10, 25)  # only the sample run so far
            for size, share in zip(sizes, curve, strict=True):
                if size in sizes_of[m.code]:
                    qty = float(rng.poisson(run_total * share))
                    out.append(InventoryLevel(StockKind.MATERIAL, m.code, qty, size=size))
        else:
            lo, hi = {"pair": (150, 600), "piece": (4000, 15000), "g": (2000, 20000)}[m.unit.value]
            out.append(InventoryLevel(StockKind.MATERIAL, m.code, float(int(rng.uniform(lo, hi)))))
    return out


def make_purchase_orders(
    rng: np.random.Generator, styles: list[Style], boms: list[BOM], today: date
) -> list[PurchaseOrder]:
    """Open orders: leather and crepe soles for the chukka drop, the blush dye lot, refills."""
    out: list[PurchaseOrder] = []
    number = 1

    def order(material: str, qty: float, days: int, size: str | None = None) -> None:
        nonlocal number
        out.append(
            PurchaseOrder(
                f"PUR-{today:%y}-{number:04d}", material, qty, today + timedelta(days=days), size
            )
        )
        if size is None:
            number += 1

    order("LTH_SND", float(50 * int(rng.integers(8, 11))), int(rng.integers(8, 13)))
    order("LTH_BLS", 400.0, int(rng.integers(30, 40)))  # the custom dye lot's minimum
    order("FAB_LIN_NAT", 60.0, int(rng.integers(4, 9)))
    order("CEMENT_PU", 8000.0, int(rng.integers(3, 6)))
    order("EYELET_BRASS", 3000.0, int(rng.integers(7, 12)))
    # Sized components: one purchase order with a line per size (same reference).
    for material, total, days in (("SOLE_CREPE", 220, 18), ("SOLE_CUP_WHT", 140, 24)):
        sizes, curve = _curve_for(styles, boms, material)
        counts = np.maximum(1, np.round(curve * total * rng.uniform(0.9, 1.1)))
        for size, q in zip(sizes, counts, strict=True):
            order(material, float(q), days, size)
        number += 1
    return out
