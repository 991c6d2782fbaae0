"""Plan the next batch: forecast → demand scenarios → batch sizing → materials → stored plan.

``plan_next_batch`` reads the workshop from the store (catalogue, BOMs, artisans, stock,
purchase orders, pre-orders, sales), asks the demand engine for scenarios over the batch
window, sizes the batch with :mod:`cordwain.plan` (exact integer program, or the two-stage
"accurate response" variant), explodes it into material requirements and purchase
suggestions, compares it with a mass-production run via :mod:`cordwain.impact`, and stores a
``Batch`` (status planned) plus a ``plan`` document holding the whole result. The caller
commits: a plan is stored whole or not at all.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from cordwain import forecast as fc
from cordwain import impact
from cordwain import plan as engine
from cordwain.domain import (
    Batch,
    BatchLine,
    BatchStatus,
    MaterialKind,
    PreOrderStatus,
    StockKind,
    Variant,
    variants_of,
)
from cordwain.store import SqlUnitOfWork

from .errors import ServiceError
from .quality import batch_inspection_plan
from .workshop import Progress, _quiet

PLAN_DOCUMENT = "plan"
SETTINGS_DOCUMENT = ("settings", "plan")
#: Demand quantiles kept per variant for the report's fan.
FAN_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class PlanSettings:
    """The workshop's planning rules and economics (kept as the ``settings/plan`` document).

    ``salvage_share``: what an unsold pair fetches at outlet, as a share of retail (capped at
    the unit cost). ``waste_penalty``: extra cost counted on every unsold pair.
    ``min_run``: fewest pairs worth making of a colourway (dye lot, die set-up); 0 = none;
    ``min_run_by_colourway`` overrides it per ``STYLE-CW``. ``whole_size_run``: a made
    colourway gets every core size. ``scenarios``: demand scenarios drawn from the forecast.
    The mass-production comparison sizes one run to ``mass_quantile`` of demand at
    ``bulk_cost_share`` of the workshop's unit cost. ``utilisation`` of the artisans' paid
    minutes; ``first_ratio`` and ``reserve_share`` shape the two-stage plan.
    """

    salvage_share: float = 0.35
    waste_penalty: float = 20.0
    min_run: int = 12
    min_run_by_colourway: dict[str, int] = field(default_factory=dict)
    whole_size_run: bool = True
    scenarios: int = 200
    mass_quantile: float = 0.95
    bulk_cost_share: float = 0.8
    utilisation: float = 0.9
    first_ratio: float = 0.5
    reserve_share: float = 0.3

    def __post_init__(self) -> None:
        checks = [
            ("salvage_share", 0 <= self.salvage_share <= 1, "between 0 and 1"),
            ("waste_penalty", self.waste_penalty >= 0, ">= 0"),
            ("min_run", int(self.min_run) == self.min_run and self.min_run >= 0, "whole >= 0"),
            ("scenarios", 1 <= self.scenarios <= 5000, "between 1 and 5000"),
            ("mass_quantile", 0 < self.mass_quantile < 1, "between 0 and 1"),
            ("bulk_cost_share", 0 < self.bulk_cost_share <= 2, "in (0, 2]"),
            ("utilisation", 0 < self.utilisation <= 1, "in (0, 1]"),
            ("first_ratio", 0 < self.first_ratio < 1, "between 0 and 1"),
            ("reserve_share", 0 < self.reserve_share < 1, "between 0 and 1"),
        ]
        for name, ok, want in checks:
            if not ok:
                raise ServiceError(
                    f"plan setting {name} must be {want}, got {getattr(self, name)!r}"
                )
        for cw, m in self.min_run_by_colourway.items():
            if int(m) != m or m < 0:
                raise ServiceError(f"plan setting min_run_by_colourway[{cw}] must be whole >= 0")

    @classmethod
    def from_dict(cls, body: dict[str, Any]) -> PlanSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(body) - known)
        if unknown:
            raise ServiceError(f"plan settings: unknown field(s) {unknown}; known: {sorted(known)}")
        return cls(**body)


def load_settings(uow: SqlUnitOfWork) -> PlanSettings:
    """The stored planning settings, or the defaults."""
    body = uow.documents.get(*SETTINGS_DOCUMENT)
    return PlanSettings() if not body else PlanSettings.from_dict(body)


def save_settings(uow: SqlUnitOfWork, settings: PlanSettings) -> None:
    """Keep the workshop's planning settings (caller commits)."""
    uow.documents.put(*SETTINGS_DOCUMENT, asdict(settings))


@dataclass(frozen=True)
class PlanReport:
    """A stored plan: the batch code, whether an earlier plan was replaced, and the document."""

    code: str
    replaced: bool
    body: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return self.body

    @property
    def summary(self) -> dict[str, Any]:
        return self.body["summary"]


def batch_code(start: date) -> str:
    """``B2026W49``: the ISO year and week the batch starts in."""
    year, week, _ = start.isocalendar()
    return f"B{year}W{week:02d}"


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


def planned_code(start: date | None = None, today: date | None = None) -> str:
    """The code of the batch ``plan_next_batch`` would plan for ``start`` (default: the
    Monday after ``today``)."""
    return batch_code(start or _next_monday(today or date.today()))


def _previous_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _r(x: float, nd: int = 2) -> float:
    return round(float(x), nd)


@dataclass
class _Workshop:
    """What the plan reads from the store, in engine-ready shape."""

    styles: dict
    boms: dict
    materials: dict
    artisans: list
    inventory: list
    purchase_orders: list
    hide_area: dict[str, float]
    variants: list[Variant]
    skipped: list[str]
    finished: np.ndarray
    preorders: np.ndarray
    deferred: np.ndarray
    #: Cutting yield per leather article measured by stored cutting plans (else defaults).
    yields: dict[str, float] = field(default_factory=dict)
    #: The articles among ``yields`` that took the workshop's pooled yield.
    pooled: tuple[str, ...] = ()


def _read_workshop(uow: SqlUnitOfWork, *, due_before: date) -> _Workshop:
    styles = {s.code: s for s in uow.styles.list()}
    if not styles:
        raise ServiceError("the workshop has no styles yet: import a catalogue first")
    boms = {(b.style_code, b.colourway_code): b for b in uow.boms.list()}
    materials = {m.code: m for m in uow.materials.list()}
    artisans = uow.artisans.list()
    if not artisans:
        raise ServiceError("the workshop has no artisans yet: import artisans first")
    variants, skipped = [], []
    for cw in uow.colourways.list():
        style = styles.get(cw.style_code)
        if style is None:
            continue
        if (cw.style_code, cw.code) not in boms:
            skipped.append(f"{cw.style_code}-{cw.code} has no bill of materials: not planned")
            continue
        variants += variants_of(style, cw)
    if not variants:
        raise ServiceError("no colourway has a bill of materials: nothing can be planned")
    index = {v.sku: i for i, v in enumerate(variants)}
    inventory = uow.inventory.list()
    finished = np.zeros(len(variants), dtype=np.int64)
    for level in inventory:
        if level.kind is StockKind.FINISHED:
            try:
                sku = Variant.parse(level.code).sku
            except ValueError:
                continue
            if sku in index:
                finished[index[sku]] += int(level.quantity)
    preorders = np.zeros(len(variants), dtype=np.int64)
    deferred = np.zeros(len(variants), dtype=np.int64)
    for order in uow.preorders.list(PreOrderStatus.OPEN):
        i = index.get(order.variant.sku)
        if i is None:
            skipped.append(
                f"pre-order {order.reference} is for {order.variant.sku}, which cannot be "
                "planned (no bill of materials or not in the catalogue)"
            )
            continue
        if order.promised_by < due_before:
            preorders[i] += order.quantity
        else:
            deferred[i] += order.quantity
    hide_area: dict[str, list[float]] = {}
    for hide in uow.hides.list():
        hide_area.setdefault(hide.material_code, []).append(hide.stamped_area_sqft)
    yields, pooled = measured_yields(uow)
    return _Workshop(
        styles=styles,
        boms=boms,
        materials=materials,
        artisans=artisans,
        inventory=inventory,
        purchase_orders=uow.purchase_orders.list(),
        hide_area={k: float(np.mean(v)) for k, v in hide_area.items()},
        variants=variants,
        skipped=skipped,
        finished=finished,
        preorders=preorders,
        deferred=deferred,
        yields=yields,
        pooled=pooled,
    )


#: A measured yield replaces an article's configured one once this many pairs were cut.
MIN_PAIRS_FOR_MEASURED_YIELD = 20


def _yield_source(shop: _Workshop) -> str:
    own = sorted(set(shop.yields) - set(shop.pooled))
    if not shop.yields:
        return "configured default yield per article (no cutting plan measured yet)"
    parts = []
    if own:
        parts.append("measured by cutting plans for " + ", ".join(own))
    if shop.pooled:
        parts.append(
            f"the workshop's measured yield ({shop.yields[shop.pooled[0]]:.0%}) for "
            + ", ".join(shop.pooled)
            + f" (fewer than {MIN_PAIRS_FOR_MEASURED_YIELD} pairs cut of their own)"
        )
    else:
        parts.append("configured default yield for the other articles")
    return "; ".join(parts)


def measured_yields(uow: SqlUnitOfWork) -> tuple[dict[str, float], tuple[str, ...]]:
    """Cutting yield per leather article from stored cutting plans (``cordwain cut plan``).

    An article with at least ``MIN_PAIRS_FOR_MEASURED_YIELD`` pairs cut has its own. One with
    fewer, or none yet, takes the workshop's pooled yield (piece area over usable area of
    every leather plan stored) once that many pairs were cut in all, rather than the
    configured default: the same hides hold about as much of one leather as of another,
    and a default set before any cutting plan was measured is a guess. Returns the yields
    and, apart, the articles given the pooled one.
    """
    doc = uow.documents.get("cutting-yield", "current") or {}
    out: dict[str, float] = {}
    piece = usable = pairs = 0.0
    for code, entry in doc.items():
        y = entry.get("yield") if isinstance(entry, dict) else None
        if not (y and 0 < y <= 1):
            continue
        if entry.get("pairs", 0) >= MIN_PAIRS_FOR_MEASURED_YIELD:
            out[code] = float(y)
        for b in (entry.get("batches") or {}).values():
            piece += float(b.get("piece_sqft", 0.0))
            usable += float(b.get("usable_sqft", 0.0))
            pairs += float(b.get("pairs", 0.0))
    pooled: list[str] = []
    if pairs >= MIN_PAIRS_FOR_MEASURED_YIELD and usable > 0 and 0 < piece / usable <= 1:
        pooled = sorted(
            m.code for m in uow.materials.list()
            if m.kind is MaterialKind.LEATHER and m.code not in out
        )  # fmt: skip
        out.update(dict.fromkeys(pooled, round(piece / usable, 4)))
    return out, tuple(pooled)


def _demand(
    uow: SqlUnitOfWork,
    shop: _Workshop,
    *,
    start: date,
    weeks: int,
    critical_ratio: float,
    scenarios: int,
    seed: int,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Scenarios of the batch's demand per planned variant: new demand plus the pre-orders
    this batch must deliver."""
    # Imported here: the demand service builds the forecast problem from the store.
    from .demand import forecast_problem

    try:
        problem = forecast_problem(
            uow, horizon_weeks=weeks, as_of=start, critical_ratio=critical_ratio
        )
        result = fc.solve(problem)
    except fc.ForecastInputError as exc:
        raise ServiceError(f"cannot forecast demand for the plan: {exc}") from exc
    draws = result.sample(scenarios, np.random.default_rng(seed))
    total = np.zeros((len(shop.variants), scenarios), dtype=np.int64)
    row = {v.sku: i for i, v in enumerate(result.variants)}
    for i, v in enumerate(shop.variants):
        j = row.get(v.sku)
        if j is not None:
            total[i] = draws[j]
    # The forecast counts every open pre-order; those promised after the next batch are
    # left to it, so this batch sees new demand plus the pre-orders it must deliver.
    new = np.maximum(total - (shop.preorders + shop.deferred)[:, None], 0)
    total = new + shop.preorders[:, None]
    info = {
        "as_of": result.as_of.isoformat(),
        "horizon_weeks": result.horizon_weeks,
        "runtime_s": _r(result.runtime, 3),
        "models": result.diagnostics.get("model_counts", {}),
        "scenarios": scenarios,
        "critical_ratio": _r(critical_ratio, 4),
    }
    return total, info


def material_dates(start: date, end: date) -> tuple[date, date]:
    """When materials must be on the shelf: (leather and fabric, components).

    Leather and fabric are cut in waves, so what arrives by the window's midpoint still goes
    into its later half; soles, insoles, counters and other components go on at lasting and
    bottoming, so they may arrive until three working days before the end (finishing,
    inspection and packing follow).
    """
    cut_by = start + timedelta(days=(end - start).days // 2)
    fit_by, left = end, 3
    while left:
        if fit_by.weekday() < 5:
            left -= 1
        fit_by -= timedelta(days=1)
    return cut_by, max(fit_by, cut_by)


def _need_by(kind: MaterialKind, cut_by: date, fit_by: date) -> date:
    return cut_by if kind in (MaterialKind.LEATHER, MaterialKind.FABRIC) else fit_by


def _material_limits(shop: _Workshop, today: date, cut_by: date, fit_by: date):
    """Materials that cannot arrive in time cap the batch: (keys, use per pair, available)."""
    per_pair = [
        engine.gross_per_pair(v, shop.styles, shop.boms, shop.materials, shop.yields)
        for v in shop.variants
    ]
    need = {}
    for row in per_pair:
        for key in row:
            mat = shop.materials[key[0]]
            by = _need_by(mat.kind, cut_by, fit_by)
            if today + timedelta(days=mat.lead_time_days) > by:
                need[key] = by
    keys = sorted(need, key=lambda k: (k[0], k[1] or ""))
    index = {k: j for j, k in enumerate(keys)}
    use = np.zeros((len(shop.variants), len(keys)))
    for i, row in enumerate(per_pair):
        for key, qty in row.items():
            if key in index:
                use[i, index[key]] = qty
    avail = np.array(
        [
            engine.material_available([k], shop.inventory, shop.purchase_orders, need[k])[0]
            for k in keys
        ]
    )
    return tuple(keys), use, avail


def _requirements(shop: _Workshop, quantities, cut_by: date, fit_by: date):
    """MRP rows, each netted against purchase orders due by its own need date."""
    out = []
    for by in sorted({cut_by, fit_by}):
        rows = engine.explode_and_net(
            quantities, shop.styles, shop.boms, shop.materials, shop.inventory,
            shop.purchase_orders, need_by=by, yields=shop.yields,
        )  # fmt: skip
        out += [
            r for r in rows if _need_by(shop.materials[r.material_code].kind, cut_by, fit_by) == by
        ]
    return sorted(out, key=lambda r: (r.material_code, r.size or ""))


def _economics(shop: _Workshop, settings: PlanSettings, critical_ratio: float | None):
    price = np.array([float(shop.styles[v.style_code].retail_price) for v in shop.variants])
    cost = np.array([float(shop.styles[v.style_code].unit_cost) for v in shop.variants])
    salvage = np.minimum(price * settings.salvage_share, cost)
    penalty = np.full(len(price), float(settings.waste_penalty))
    if critical_ratio is not None:
        # A stricter ratio is reached by charging more per unsold pair, never less.
        penalty = np.maximum(penalty, (price - cost) / critical_ratio - (price - salvage))
    ratio = (price - cost) / np.maximum(price - salvage + penalty, 1e-9)
    return price, cost, salvage, penalty, ratio


def _capacity_table(problem: engine.BatchProblem, result: engine.BatchResult) -> list[dict]:
    rows = []
    for j, op in enumerate(problem.operations):
        if not problem.routing[:, j].any():
            continue
        used = float(result.capacity_use.get(op.value, 0.0))
        avail = problem.capacity.max_minutes(op) if problem.capacity else 0.0
        rows.append(
            {
                "operation": op.value,
                "standard_minutes": _r(used, 1),
                "max_available_minutes": _r(avail, 1),
                "share_of_max": _r(used / avail, 4) if avail > 0 else None,
                "binding": any(
                    b.kind in ("capacity", "skill") and b.name == op.value for b in result.binding
                ),
            }
        )
    return rows


def _requirement_json(r: engine.MaterialRequirement) -> dict:
    return {
        "material": r.material_code,
        "size": r.size,
        "unit": r.unit.value,
        "net": _r(r.net, 3),
        "gross": _r(r.gross, 3),
        "cutting_yield": _r(r.cutting_yield, 3),
        "on_hand": _r(r.on_hand, 3),
        "on_order_in_time": _r(r.on_order_in_time, 3),
        "on_order_late": _r(r.on_order_late, 3),
        "shortfall": _r(r.shortfall, 3),
        "need_by": r.need_by.isoformat(),
    }


def _purchase_json(p: engine.PurchaseSuggestion) -> dict:
    return {
        "supplier": p.supplier,
        "material": p.material_code,
        "size": p.size,
        "unit": p.unit.value,
        "shortfall": _r(p.shortfall, 3),
        "quantity": _r(p.quantity, 3),
        "hides": p.hides,
        "unit_cost": str(p.unit_cost),
        "cost": str(p.cost),
        "order_by": p.order_by.isoformat(),
        "arrives": p.arrives.isoformat(),
        "late": p.late,
    }


def _leather_per_pair(shop: _Workshop, v: Variant) -> tuple[float, float]:
    """(net, bought) square feet of leather in one pair of ``v``."""
    gross = engine.gross_per_pair(v, shop.styles, shop.boms, shop.materials, shop.yields)
    net = bought = 0.0
    for (code, _), qty in gross.items():
        mat = shop.materials[code]
        if mat.kind is MaterialKind.LEATHER:
            bought += qty
            net += qty * shop.yields.get(code, mat.default_yield)
    return net, bought


def _impact(
    shop: _Workshop,
    settings: PlanSettings,
    result: engine.BatchResult,
    total_demand: np.ndarray,
    price: np.ndarray,
    cost: np.ndarray,
    salvage: np.ndarray,
) -> dict[str, Any]:
    per_pair = np.array([_leather_per_pair(shop, v) for v in shop.variants])
    net, bought = per_pair[:, 0], per_pair[:, 1]
    q = np.array([result.quantities[v] for v in shop.variants], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        yields = np.where(bought > 0, net / np.where(bought > 0, bought, 1), 0.0)
    mean_yield = float(yields[bought > 0].mean()) if (bought > 0).any() else 0.75
    leather = impact.leather_account(float(bought @ q), float(net @ q))
    mass = impact.mass_production_run(
        total_demand,
        bulk_unit_cost=cost * settings.bulk_cost_share,
        price=price,
        salvage=salvage,
        quantile=settings.mass_quantile,
        leather_sqft_per_pair=net,
        cutting_yield=mean_yield,
    )
    made = impact.batch_impact(
        pairs_made=result.pairs,
        # Float round-off can leave -1e-15 where nothing is left over.
        pairs_sold=max(0.0, result.expected_sold),
        pairs_unsold=max(0.0, result.expected_unsold),
        leather=leather,
        mass=mass,
    )
    factors = impact.DEFAULT_FACTORS
    return {
        "batch": {
            "pairs_made": made.pairs_made,
            "expected_sold": _r(made.pairs_sold),
            "expected_unsold": _r(made.pairs_unsold),
            "leather_bought_sqft": _r(leather.bought_sqft, 1),
            "leather_cut_sqft": _r(leather.cut_sqft, 1),
            "leather_scrap_sqft": _r(leather.scrap_sqft, 1),
            "co2e_unsold_kg": _r(made.co2e_unsold_kg, 1),
            "co2e_scrap_kg": _r(made.co2e_scrap_kg, 1),
            "co2e_waste_kg": _r(made.co2e_waste_kg, 1),
        },
        "mass_production": {
            "quantile": mass.quantile,
            "pairs_made": mass.pairs,
            "expected_sold": _r(mass.expected_sold),
            "expected_unsold": _r(mass.expected_unsold),
            "bulk_unit_cost_share": settings.bulk_cost_share,
            "expected_margin": _r(mass.expected_margin),
            "leather_bought_sqft": _r(mass.leather_bought_sqft, 1),
            "leather_scrap_sqft": _r(mass.leather_scrap_sqft, 1),
            "co2e_waste_kg": _r(mass.co2e_waste_kg, 1),
        },
        "unsold_vs_mass": None if made.unsold_vs_mass is None else _r(made.unsold_vs_mass, 4),
        "co2e_saved_vs_mass_kg": _r(made.co2e_saved_vs_mass_kg or 0.0, 1),
        "cutting_yield_source": _yield_source(shop),
        "factors": {
            "pair": {
                "value": factors.pair_kg.value,
                "unit": factors.pair_kg.unit,
                "source": factors.pair_kg.source,
            },
            "leather": {
                "value": _r(factors.leather_kg_per_sqft.value, 4),
                "unit": factors.leather_kg_per_sqft.unit,
                "source": factors.leather_kg_per_sqft.source,
            },
        },  # fmt: skip
    }


def _lines_json(
    shop: _Workshop,
    result: engine.BatchResult,
    total_demand: np.ndarray,
    mean: np.ndarray,
    top_up: dict[Variant, int],
) -> list[dict]:
    fan = np.quantile(total_demand, FAN_LEVELS, axis=1, method="inverted_cdf").T
    by_variant = {ln.variant: ln for ln in result.lines}
    out = []
    for i, v in enumerate(shop.variants):
        ln = by_variant.get(v)
        row = {
            "sku": v.sku,
            "style": v.style_code,
            "colourway": v.colourway_code,
            "size": v.size,
            "quantity": int(result.quantities.get(v, 0)),
            "finished_stock": int(shop.finished[i]),
            "preorders": int(shop.preorders[i]),
            "demand_mean": _r(mean[i], 3),
            "demand_fan": [int(x) for x in fan[i]],
            "expected_sold": _r(ln.expected_sold, 3) if ln else 0.0,
            "expected_unsold": _r(ln.expected_unsold, 3) if ln else 0.0,
            "fill_rate": _r(ln.fill_rate, 4) if ln else 0.0,
            "expected_margin": _r(ln.expected_margin) if ln else 0.0,
        }
        if top_up:
            row["top_up_up_to"] = int(top_up.get(v, 0))
        out.append(row)
    return out


def _two_stage_json(
    two: engine.TwoStagePlan, shop: _Workshop, start: date, today: date
) -> tuple[dict, date]:
    """The two-stage part of the plan; the decision date counts the top-up's material lead."""
    # Materials the top-up would still need once the first batch has taken its share.
    first_req = engine.explode_and_net(
        two.first.quantities, shop.styles, shop.boms, shop.materials, shop.inventory,
        shop.purchase_orders, need_by=two.top_up_start, yields=shop.yields,
    )  # fmt: skip
    left = {(r.material_code, r.size): r.on_hand + r.on_order_in_time - r.gross for r in first_req}
    lead, slow = 0, []
    if two.top_up_up_to:
        top_req = engine.explode_and_net(
            two.top_up_up_to, shop.styles, shop.boms, shop.materials, [], [],
            need_by=two.top_up_start, yields=shop.yields,
        )  # fmt: skip
        for r in top_req:
            have = left.get((r.material_code, r.size))
            if have is None:
                have = sum(
                    inv.quantity
                    for inv in shop.inventory
                    if inv.kind is StockKind.MATERIAL
                    and (inv.code, inv.size if shop.materials[r.material_code].per_size else None)
                    == (r.material_code, r.size)
                )
            if r.gross > have + 1e-9:
                days = shop.materials[r.material_code].lead_time_days
                slow.append((days, r.material_code))
                lead = max(lead, days)
    due = _previous_working_day(two.top_up_start - timedelta(days=lead))
    notes = list(two.notes)
    if due < today:
        mats = ", ".join(sorted({m for d, m in slow if d == lead}))
        notes.append(
            f"the top-up decision would be due on {due}, before today: order {mats} "
            f"({lead}-day lead time) with the first batch or the top-up cannot use it"
        )
    body = {
        "first_ratio": two.first_ratio,
        "reserve_share": _r(two.reserve_share, 4),
        "reserved_minutes": _r(two.reserved_minutes, 1),
        "top_up_start": two.top_up_start.isoformat(),
        "decision_due": due.isoformat(),
        "top_up_lead_days": lead,
        "top_up_pairs_up_to": int(sum(two.top_up_up_to.values())),
        "single_plan": {
            "pairs": two.single.pairs,
            "expected_sold": _r(two.single.expected_sold),
            "expected_unsold": _r(two.single.expected_unsold),
            "fill_rate": _r(two.single.fill_rate, 4),
            "expected_margin": _r(two.single.expected_margin),
        },
        "notes": notes,
    }
    return body, due


def plan_next_batch(
    uow: SqlUnitOfWork,
    *,
    start: date | None = None,
    weeks: int = 3,
    critical_ratio: float | None = None,
    two_stage: bool = False,
    settings: PlanSettings | None = None,
    seed: int = 0,
    time_limit: float = 30.0,
    mip_gap: float = 0.01,
    strict_preorders: bool = False,
    today: date | None = None,
    progress: Progress = _quiet,
) -> PlanReport:
    """Size the batch that starts on ``start`` (next Monday by default) and runs ``weeks``.

    Demand is forecast over the ``weeks`` after ``start``; materials are needed on ``start``
    (what cannot arrive by then caps the batch; the rest is suggested for purchase).
    ``critical_ratio``, when given, makes the plan at least that cautious: a pair is made only
    if it sells in at least that share of the futures. Stores a ``Batch`` (planned) with its
    lines and a ``plan`` document; re-planning the same window replaces a still-planned batch
    and refuses a released one. Open pre-orders promised before the *next* batch could deliver
    them must be made now; when they cannot all be made, the plan makes what it can and
    lists the pairs at risk with the reason (``strict_preorders`` raises instead).
    Raises :class:`ServiceError` with a plain-language diagnosis when the batch cannot be
    planned. The caller commits.
    """
    t0 = time.perf_counter()
    if not 1 <= weeks <= 26:
        raise ServiceError(f"a batch runs 1 to 26 weeks, got {weeks}")
    if critical_ratio is not None and not 0 < critical_ratio < 1:
        raise ServiceError(f"critical ratio must be between 0 and 1, got {critical_ratio}")
    if time_limit <= 0:
        raise ServiceError(f"time limit must be positive, got {time_limit}")
    today = today or date.today()
    start = start or _next_monday(today)
    end = start + timedelta(days=7 * weeks - 1)
    cut_by, fit_by = material_dates(start, end)
    # Pre-orders the next batch could still deliver on time wait for it.
    next_end = end + timedelta(days=7 * weeks)
    code = batch_code(start)
    existing = uow.batches.get(code)
    if existing is not None and existing.status is not BatchStatus.PLANNED:
        raise ServiceError(
            f"batch {code} ({existing.start}..{existing.end}) is already {existing.status.value}:"
            " it cannot be re-planned; plan another window with --start"
        )
    if settings is None:
        settings = load_settings(uow)

    progress("reading the workshop", 0, 6)
    shop = _read_workshop(uow, due_before=next_end)
    price, cost, salvage, penalty, ratio = _economics(shop, settings, critical_ratio)

    progress("forecasting demand", 1, 6)
    total, forecast_info = _demand(
        uow, shop, start=start, weeks=weeks,
        critical_ratio=float(np.clip(np.median(ratio), 0.05, 0.95)),
        scenarios=settings.scenarios, seed=seed,
    )  # fmt: skip
    new_demand = total - shop.preorders[:, None]
    mean = total.mean(axis=1)

    progress("sizing the batch", 2, 6)
    try:
        capacity = engine.capacity_from_artisans(
            shop.artisans, start, end, utilisation=settings.utilisation
        )
        routing = engine.routing_matrix(shop.variants, shop.styles)
        keys, use, avail = _material_limits(shop, today, cut_by, fit_by)
        min_run = {}
        for v in shop.variants:
            cw = engine.colourway_of(v)
            min_run[cw] = int(settings.min_run_by_colourway.get(cw, settings.min_run))
        problem = engine.BatchProblem(
            tuple(shop.variants),
            new_demand,
            price=price,
            unit_cost=cost,
            salvage=salvage,
            waste_penalty=penalty,
            finished_stock=shop.finished,
            preorders=shop.preorders,
            routing=routing,
            capacity=capacity,
            material_keys=keys,
            material_use=use,
            material_available=avail,
            material_units={k[0]: shop.materials[k[0]].unit.value for k in keys},
            min_run={k: m for k, m in min_run.items() if m > 0},
            whole_size_run=settings.whole_size_run,
            core_sizes={s.code: s.size_run.core for s in shop.styles.values()},
            max_scenarios=settings.scenarios,
        )
    except ValueError as exc:
        raise ServiceError(f"cannot set up the plan: {exc}") from exc

    def size(problem: engine.BatchProblem):
        if not two_stage:
            return engine.solve(problem, time_limit=time_limit, seed=seed, mip_gap=mip_gap), None
        try:
            two = engine.solve_two_stage(
                problem, start=start, end=end, first_ratio=settings.first_ratio,
                reserve_share=settings.reserve_share, time_limit=time_limit, seed=seed,
                mip_gap=mip_gap,
            )  # fmt: skip
        except ValueError as exc:
            raise ServiceError(f"cannot plan in two stages: {exc}") from exc
        return two.first, two

    result, two = size(problem)
    at_risk: list[dict] = []
    blocked: tuple[str, ...] = ()
    if result.status == "infeasible":
        blocked = result.diagnosis or (
            "the open pre-orders cannot be made with this labour and these materials",
        )
        if strict_preorders or not shop.preorders.any():
            raise ServiceError(f"batch {code} cannot be planned: " + "; ".join(blocked))
        # Plan what can be made: pre-orders become certain demand (every scenario holds them)
        # instead of a must, and the ones left short are reported with the reason.
        soft = dataclasses.replace(problem, demand=total, preorders=0)
        result, two = size(soft)
        if result.status == "infeasible":
            raise ServiceError(f"batch {code} cannot be planned: " + "; ".join(blocked))
        for i, v in enumerate(shop.variants):
            covered = min(int(shop.preorders[i]), int(shop.finished[i]) + result.quantities[v])
            if covered < shop.preorders[i]:
                at_risk.append(
                    {"sku": v.sku, "preorders": int(shop.preorders[i]), "covered": covered,
                     "short": int(shop.preorders[i]) - covered}
                )  # fmt: skip
    two_body, top_up = None, {}
    if two is not None:
        two_body, _ = _two_stage_json(two, shop, start, today)
        top_up = two.top_up_up_to

    progress("materials to buy", 3, 6)
    requirements = _requirements(shop, result.quantities, cut_by, fit_by)
    purchases = engine.suggest_purchases(
        requirements, shop.materials, today=today, hide_area_sqft=shop.hide_area
    )

    progress("comparing with mass production", 4, 6)
    waste = _impact(shop, settings, result, total, price, cost, salvage)

    progress("storing the plan", 5, 6)
    lines = [BatchLine(v, q) for v, q in result.quantities.items() if q > 0]
    q_made = np.array([result.quantities[v] for v in shop.variants], dtype=float)
    batch = Batch(
        code,
        start,
        end,
        lines,
        BatchStatus.PLANNED,
        note=f"planned {today.isoformat()}: {result.pairs} pairs, {result.method}"
        + (" (two-stage first batch)" if two_stage else ""),
    )
    replaced = existing is not None
    if replaced:
        uow.batches.save(batch)
    else:
        uow.batches.add(batch)
    purchase_total = sum((p.cost for p in purchases), Decimal(0))
    body: dict[str, Any] = {
        "code": code,
        "status": "planned",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "weeks": weeks,
        "planned_on": today.isoformat(),
        "two_stage": two_body,
        "settings": asdict(settings),
        "forecast": forecast_info,
        "solver": {
            "status": result.status,
            "method": result.method,
            "gap": _r(result.gap, 6),
            "objective": _r(result.objective),
            "bound": _r(result.bound),
            "greedy_objective": _r(result.greedy_objective),
            "objective_vs_greedy": _r(result.objective / result.greedy_objective, 6)
            if result.greedy_objective > 0
            else None,
            "runtime_s": _r(result.runtime, 3),
            "time_limit_s": time_limit,
            "scenarios_given": result.scenarios_given,
            "scenarios_used": result.scenarios_used,
        },
        "summary": {
            "variants": len(shop.variants),
            "variants_made": sum(1 for q in result.quantities.values() if q > 0),
            "pairs": result.pairs,
            "expected_demand": _r(mean.sum()),
            "preorder_pairs": int(shop.preorders.sum()),
            "preorder_pairs_later": int(shop.deferred.sum()),
            "preorder_pairs_at_risk": sum(r["short"] for r in at_risk),
            "finished_stock_pairs": int(shop.finished.sum()),
            "expected_sold": _r(result.expected_sold),
            "expected_unsold": _r(result.expected_unsold),
            "fill_rate": _r(result.fill_rate, 4),
            "expected_margin": _r(result.expected_margin),
            "mass_production_unsold": waste["mass_production"]["expected_unsold"],
            "purchase_cost": str(purchase_total),
            "critical_ratio_median": _r(float(np.median(ratio)), 4),
        },
        "capacity": _capacity_table(problem, result),
        "labour": {
            "standard_minutes_planned": _r(float((problem.routing.T @ q_made).sum()), 1),
            "artisan_minutes": _r(sum(w.minutes for w in capacity.workers), 1),
            "artisans": len(capacity.workers),
        },
        "binding": [
            {
                "kind": b.kind,
                "name": b.name,
                "used": _r(b.used, 2),
                "available": _r(b.available, 2),
                "message": b.message,
            }
            for b in result.binding
        ],  # fmt: skip
        "preorders_at_risk": {
            "pairs": sum(r["short"] for r in at_risk),
            "why": list(blocked),
            "variants": at_risk,
        },
        "notes": list(result.diagnosis) + shop.skipped,
        "lines": _lines_json(shop, result, total, mean, top_up),
        "materials": [_requirement_json(r) for r in requirements],
        "purchases": [_purchase_json(p) for p in purchases],
        "impact": waste,
    }
    # Quality plugs in here: how many pairs of each style's final lot will be inspected,
    # under that style's current switching state (normal / tightened / reduced).
    body["inspection"] = batch_inspection_plan(uow, code)
    body["runtime_s"] = _r(time.perf_counter() - t0, 3)
    uow.documents.put(PLAN_DOCUMENT, code, body)
    progress("done", 6, 6)
    return PlanReport(code, replaced, body)


def plan_versions(uow: SqlUnitOfWork) -> dict[str, str]:
    """Batch code → when its stored plan was last written (cheap: no plan body is read)."""
    return {code: stamp.isoformat() for code, stamp in uow.documents.stamps(PLAN_DOCUMENT).items()}


def get_plan(uow: SqlUnitOfWork, code: str | None = None) -> dict[str, Any] | None:
    """A stored plan document by batch code, or the newest one."""
    if code is not None:
        return uow.documents.get(PLAN_DOCUMENT, code)
    latest = uow.documents.latest(PLAN_DOCUMENT)
    return None if latest is None else latest[1]
