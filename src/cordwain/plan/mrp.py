"""Material requirements: explode a batch through its BOMs, net against stock and purchase
orders that arrive in time, and suggest what to buy from whom (leather in whole hides)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from cordwain.domain import (
    BOM,
    BatchLine,
    InventoryLevel,
    Material,
    MaterialKind,
    PurchaseOrder,
    StockKind,
    Style,
    Unit,
    Variant,
)

from .problem import gross_per_pair

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class MaterialRequirement:
    """What a batch needs of one material (one size of it for per-size components).

    ``net`` is what goes into the shoes (net leather area); ``gross`` is what must be bought or
    taken from stock (leather: net ÷ cutting yield). ``shortfall`` is what is still missing
    after stock and purchase orders arriving by ``need_by``.
    """

    material_code: str
    size: str | None
    unit: Unit
    net: float
    gross: float
    cutting_yield: float
    on_hand: float
    on_order_in_time: float
    on_order_late: float
    shortfall: float
    need_by: date


@dataclass(frozen=True, slots=True)
class PurchaseSuggestion:
    """One line to order: rounded to the supplier's minimum and, for leather, to whole hides."""

    supplier: str
    material_code: str
    size: str | None
    unit: Unit
    shortfall: float
    quantity: float
    hides: int | None
    unit_cost: Decimal
    cost: Decimal
    order_by: date
    arrives: date
    late: bool


def _lines(lines: Mapping[Variant, int] | Sequence[BatchLine]) -> list[tuple[Variant, int]]:
    if isinstance(lines, Mapping):
        items = list(lines.items())
    else:
        items = [(ln.variant, ln.quantity) for ln in lines]
    for v, q in items:
        if int(q) != q or q < 0:
            raise ValueError(f"batch line {v}: quantity must be whole pairs >= 0, got {q}")
    return [(v, int(q)) for v, q in items if q > 0]


def explode_and_net(
    lines: Mapping[Variant, int] | Sequence[BatchLine],
    styles: Mapping[str, Style],
    boms: Mapping[tuple[str, str], BOM],
    materials: Mapping[str, Material],
    inventory: Sequence[InventoryLevel],
    purchase_orders: Sequence[PurchaseOrder],
    *,
    need_by: date,
    yields: Mapping[str, float] | None = None,
) -> list[MaterialRequirement]:
    """Requirements by material (and size for per-size components), netted.

    A purchase order counts only if due on or before ``need_by``; later ones are reported in
    ``on_order_late`` and do not reduce the shortfall. Stock of a material that is not bought
    per size counts whatever size label it carries.
    """
    yields = yields or {}
    gross: dict[tuple[str, str | None], float] = {}
    for v, q in _lines(lines):
        for key, per_pair in gross_per_pair(v, styles, boms, materials, yields).items():
            gross[key] = gross.get(key, 0.0) + per_pair * q

    def key_of(code: str, size: str | None) -> tuple[str, str | None]:
        mat = materials.get(code)
        return (code, size if mat is not None and mat.per_size else None)

    on_hand: dict[tuple[str, str | None], float] = {}
    for inv in inventory:
        if inv.kind is StockKind.MATERIAL:
            k = key_of(inv.code, inv.size)
            on_hand[k] = on_hand.get(k, 0.0) + inv.quantity
    in_time: dict[tuple[str, str | None], float] = {}
    late: dict[tuple[str, str | None], float] = {}
    for po in purchase_orders:
        k = key_of(po.material_code, po.size)
        target = in_time if po.due <= need_by else late
        target[k] = target.get(k, 0.0) + po.quantity
    out = []
    for (code, size), g in sorted(gross.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        mat = materials[code]
        y = float(yields.get(code, mat.default_yield)) if mat.kind is MaterialKind.LEATHER else 1.0
        have = on_hand.get((code, size), 0.0)
        coming = in_time.get((code, size), 0.0)
        out.append(
            MaterialRequirement(
                material_code=code,
                size=size,
                unit=mat.unit,
                net=g * y,
                gross=g,
                cutting_yield=y,
                on_hand=have,
                on_order_in_time=coming,
                on_order_late=late.get((code, size), 0.0),
                shortfall=max(0.0, g - have - coming),
                need_by=need_by,
            )
        )
    return out


def _round_up(qty: float, unit: Unit) -> float:
    if unit in (Unit.PIECE, Unit.PAIR, Unit.GRAM, Unit.SQFT):
        return float(math.ceil(qty - 1e-9))
    return math.ceil(qty * 10 - 1e-9) / 10  # fabric by the tenth of a metre


def suggest_purchases(
    requirements: Sequence[MaterialRequirement],
    materials: Mapping[str, Material],
    *,
    today: date,
    hide_area_sqft: Mapping[str, float] | None = None,
) -> list[PurchaseSuggestion]:
    """Purchase lines for every shortfall, grouped by supplier (sorted by supplier).

    The supplier's minimum order applies to the whole material (a sole minimum covers the size
    run): extra quantity is spread over sizes in proportion to need. Leather is bought by the
    hide: ``hide_area_sqft`` gives the typical area of one hide (or side) of each article;
    the quantity is rounded up to whole hides.
    """
    hide_area_sqft = hide_area_sqft or {}
    by_material: dict[str, list[MaterialRequirement]] = {}
    for r in requirements:
        if r.shortfall > _EPS:
            by_material.setdefault(r.material_code, []).append(r)
    out: list[PurchaseSuggestion] = []
    for code, reqs in by_material.items():
        mat = materials.get(code)
        if mat is None:
            raise ValueError(f"requirement for material {code}, which is not in the catalogue")
        total = sum(r.shortfall for r in reqs)
        wanted = max(total, mat.min_order)
        quantities = [r.shortfall * wanted / total for r in reqs]
        hides: list[int | None] = [None] * len(reqs)
        if mat.kind is MaterialKind.LEATHER and code in hide_area_sqft:
            area = float(hide_area_sqft[code])
            if area <= 0:
                raise ValueError(f"hide area of {code} must be positive, got {area}")
            n_hides = math.ceil(wanted / area - 1e-9)
            quantities, hides = [n_hides * area], [n_hides]
            reqs = [reqs[0]] if len(reqs) == 1 else [_merge(reqs)]
        else:
            quantities = [_round_up(q, mat.unit) for q in quantities]
        need_by = min(r.need_by for r in reqs)
        order_by = need_by - timedelta(days=mat.lead_time_days)
        is_late = order_by < today
        arrives = max(today, order_by) + timedelta(days=mat.lead_time_days)
        for r, q, h in zip(reqs, quantities, hides, strict=True):
            cost = (mat.unit_cost * Decimal(str(round(q, 4)))).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            out.append(
                PurchaseSuggestion(
                    supplier=mat.supplier,
                    material_code=code,
                    size=r.size,
                    unit=mat.unit,
                    shortfall=r.shortfall,
                    quantity=q,
                    hides=h,
                    unit_cost=mat.unit_cost,
                    cost=cost,
                    order_by=order_by,
                    arrives=arrives,
                    late=is_late,
                )
            )
    out.sort(key=lambda s: (s.supplier, s.material_code, s.size or ""))
    return out


def _merge(reqs: list[MaterialRequirement]) -> MaterialRequirement:
    first = reqs[0]
    return MaterialRequirement(
        material_code=first.material_code,
        size=None,
        unit=first.unit,
        net=sum(r.net for r in reqs),
        gross=sum(r.gross for r in reqs),
        cutting_yield=first.cutting_yield,
        on_hand=sum(r.on_hand for r in reqs),
        on_order_in_time=sum(r.on_order_in_time for r in reqs),
        on_order_late=sum(r.on_order_late for r in reqs),
        shortfall=sum(r.shortfall for r in reqs),
        need_by=min(r.need_by for r in reqs),
    )
