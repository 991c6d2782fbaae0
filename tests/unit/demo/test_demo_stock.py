"""Stock on the shelves and on order agrees with the leather room and the catalogue."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from cordwain.demo import DemoWorkshop
from cordwain.domain import MaterialKind, StockKind


def test_finished_stock_lists_every_sellable_sku_and_sold_out_ones_hold_none(
    workshop: DemoWorkshop,
) -> None:
    finished = {i.code: i.quantity for i in workshop.inventory if i.kind is StockKind.FINISHED}
    sold = {s.variant.sku for s in workshop.sales}
    assert sold <= set(finished)
    assert not any(code.startswith("TOPA-") for code in finished)  # not made yet
    for spell in workshop.stockouts:
        if spell.last_day == workshop.today:
            assert finished[spell.variant.sku] == 0
    total = sum(finished.values())
    assert 100 <= total <= 3000  # weeks of sales, not a warehouse


def test_leather_stock_is_the_stamped_area_of_the_hides(workshop: DemoWorkshop) -> None:
    on_shelf = defaultdict(float)
    for h in workshop.hides:
        on_shelf[h.material_code] += h.stamped_area_sqft
    kinds = {m.code: m.kind for m in workshop.materials}
    for level in workshop.inventory:
        if level.kind is StockKind.MATERIAL and kinds[level.code] is MaterialKind.LEATHER:
            assert level.quantity == pytest.approx(on_shelf[level.code])


def test_sized_components_are_stocked_per_size_and_others_in_bulk(workshop: DemoWorkshop) -> None:
    per_size = {m.code: m.per_size for m in workshop.materials}
    materials = [i for i in workshop.inventory if i.kind is StockKind.MATERIAL]
    assert {i.code for i in materials} == set(per_size)
    for level in materials:
        assert (level.size is not None) == per_size[level.code], level.code
    keys = [(i.kind, i.code, i.size, i.location) for i in workshop.inventory]
    assert len(keys) == len(set(keys))


def test_open_purchase_orders_are_for_known_materials_and_due_soon(
    workshop: DemoWorkshop,
) -> None:
    materials = {m.code: m for m in workshop.materials}
    assert len({p.reference for p in workshop.purchase_orders}) >= 5
    for po in workshop.purchase_orders:
        m = materials[po.material_code]
        assert workshop.today < po.due <= workshop.today + timedelta(days=60)
        assert (po.size is not None) == m.per_size
    crepe = [po for po in workshop.purchase_orders if po.material_code == "SOLE_CREPE"]
    assert sum(po.quantity for po in crepe) >= materials["SOLE_CREPE"].min_order
    keys = [(p.reference, p.material_code, p.size) for p in workshop.purchase_orders]
    assert len(keys) == len(set(keys))
