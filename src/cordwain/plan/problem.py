"""The batch-sizing problem: variants, demand scenarios, money, capacity, materials, run rules.

Everything the solver needs is held as plain arrays indexed by variant, so the engine can be
driven from the store, from the demo workshop or from a benchmark alike. Helpers here turn
domain objects (artisans and their shifts, styles' routings, BOMs, stock and purchase orders)
into those arrays.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from cordwain.domain import (
    BOM,
    ROUTING_ORDER,
    Artisan,
    InventoryLevel,
    Material,
    MaterialKind,
    Operation,
    PurchaseOrder,
    StockKind,
    Style,
    Variant,
)
from cordwain.domain.people import WEEKDAYS

#: A material as the planner counts it: (material code, size) — size only for per-size items.
MaterialKey = tuple[str, str | None]


def colourway_of(variant: Variant) -> str:
    """The colourway key ``STYLE-CW`` a variant belongs to (min runs and size runs apply here)."""
    return f"{variant.style_code}-{variant.colourway_code}"


@dataclass(frozen=True, slots=True)
class WorkTime:
    """Minutes one person (or one fixed pool) can give in the batch window.

    ``speed`` maps an operation to how many standard routing minutes one of their minutes is
    worth (1.0 = the workshop's usual pace for that operation, 0.77 = a trainee 30% slower).
    Their minutes are shared across the operations they can do as the plan needs.
    """

    code: str
    minutes: float
    speed: Mapping[Operation, float]

    def __post_init__(self) -> None:
        if not self.minutes >= 0:
            raise ValueError(f"work time {self.code}: minutes must be >= 0, got {self.minutes}")
        speed = {Operation(k): float(v) for k, v in self.speed.items()}
        bad = [k.value for k, v in speed.items() if not v > 0]
        if bad:
            raise ValueError(f"work time {self.code}: speed must be positive for {bad}")
        object.__setattr__(self, "speed", speed)


@dataclass(frozen=True, slots=True)
class Capacity:
    """The workshop's labour in the batch window, as flexible people with skill sets.

    Each person's minutes can go to any operation they are skilled in; the solver decides the
    split. A fixed per-operation budget is the special case of one pool per operation
    (:meth:`per_operation`).
    """

    workers: tuple[WorkTime, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "workers", tuple(self.workers))
        codes = [w.code for w in self.workers]
        if len(codes) != len(set(codes)):
            raise ValueError(f"capacity lists a worker twice: {sorted(codes)}")

    @classmethod
    def per_operation(cls, minutes: Mapping[Operation, float]) -> Capacity:
        """Fixed minutes per operation, not shareable between operations."""
        return cls(
            tuple(
                WorkTime(f"{Operation(op).value}-pool", float(m), {Operation(op): 1.0})
                for op, m in minutes.items()
            )
        )

    def max_minutes(self, operation: Operation) -> float:
        """Standard minutes of ``operation`` if everyone able gave it all their time."""
        return sum(w.minutes * w.speed[operation] for w in self.workers if operation in w.speed)


def working_days(start: date, end: date, weekdays: Sequence[str], holidays=()) -> list[date]:
    """Dates from ``start`` to ``end`` inclusive that fall on ``weekdays`` and are not holidays."""
    wanted = {WEEKDAYS.index(d) for d in weekdays}
    off = set(holidays)
    out, day = [], start
    while day <= end:
        if day.weekday() in wanted and day not in off:
            out.append(day)
        day += timedelta(days=1)
    return out


def productive_minutes_per_day(
    shift_minutes: float, *, meal_break: float = 30.0, rest_per_4h: float = 10.0
) -> float:
    """Minutes of a shift that can go to pairs.

    California rules (see docs/planning.md): a 30-minute meal break once a day runs over five
    hours, and a 10-minute rest per four hours worked (or major fraction of four hours).
    """
    minutes = shift_minutes
    if shift_minutes > 5 * 60:
        minutes -= meal_break
    rests = math.floor(minutes / 240 + 0.5)
    return max(0.0, minutes - rests * rest_per_4h)


def capacity_from_artisans(
    artisans: Sequence[Artisan],
    start: date,
    end: date,
    *,
    holidays: Sequence[date] = (),
    absences: Mapping[str, Sequence[date]] | None = None,
    reference_minutes: Mapping[Operation, float] | None = None,
    utilisation: float = 0.9,
    meal_break: float = 30.0,
    rest_per_4h: float = 10.0,
) -> Capacity:
    """Labour in the window ``start``..``end`` from each artisan's shift and contracted hours.

    Each artisan gives ``working days × productive shift minutes`` (capped by weekly hours per
    calendar week) × ``utilisation`` (set-up, bundling, walking: 0.9 by default). Their speed on
    an operation is the workshop's reference minutes per pair for it divided by theirs; the
    reference defaults to the median of the artisans able to do it, so a style's routing
    minutes are read as minutes at the workshop's usual pace.
    """
    if end < start:
        raise ValueError(f"batch window ends ({end}) before it starts ({start})")
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation}")
    absences = absences or {}
    ref: dict[Operation, float] = {}
    for op in ROUTING_ORDER:
        paces = sorted(a.skills[op] for a in artisans if op in a.skills)
        if paces:
            ref[op] = float(np.median(paces))
    if reference_minutes:
        ref.update({Operation(k): float(v) for k, v in reference_minutes.items()})
    workers = []
    for a in artisans:
        days = working_days(start, end, a.shift.days, (*holidays, *absences.get(a.code, ())))
        per_day = productive_minutes_per_day(
            a.shift.minutes_per_day, meal_break=meal_break, rest_per_4h=rest_per_4h
        )
        by_week: dict[tuple[int, int], int] = {}
        for d in days:
            key = tuple(d.isocalendar())[:2]
            by_week[key] = by_week.get(key, 0) + 1
        total = sum(min(n * per_day, a.weekly_hours * 60.0) for n in by_week.values())
        speed = {op: ref[op] / mins for op, mins in a.skills.items()}
        workers.append(WorkTime(a.code, total * utilisation, speed))
    return Capacity(tuple(workers))


def routing_matrix(
    variants: Sequence[Variant],
    styles: Mapping[str, Style],
    operations: Sequence[Operation] = ROUTING_ORDER,
) -> np.ndarray:
    """Standard minutes per pair, variants × operations, from each style's routing."""
    out = np.zeros((len(variants), len(operations)))
    for i, v in enumerate(variants):
        style = styles.get(v.style_code)
        if style is None:
            raise ValueError(f"variant {v.sku}: style {v.style_code} is not in the catalogue")
        for j, op in enumerate(operations):
            step = style.step(op)
            if step is not None:
                out[i, j] = step.minutes_per_pair
    return out


def _bom_for(v: Variant, boms: Mapping[tuple[str, str], BOM]) -> BOM:
    bom = boms.get((v.style_code, v.colourway_code))
    if bom is None:
        raise ValueError(f"variant {v.sku}: no BOM for colourway {colourway_of(v)}")
    return bom


def gross_per_pair(
    variant: Variant,
    styles: Mapping[str, Style],
    boms: Mapping[tuple[str, str], BOM],
    materials: Mapping[str, Material],
    yields: Mapping[str, float] | None = None,
) -> dict[MaterialKey, float]:
    """Material bought per pair of ``variant``: BOM net quantities, leather divided by yield.

    ``yields`` maps a leather article to its cutting yield (from a cutting plan when there is
    one); otherwise the material's ``default_yield`` applies.
    """
    yields = yields or {}
    style = styles.get(variant.style_code)
    if style is None:
        raise ValueError(f"variant {variant.sku}: style {variant.style_code} is not known")
    out: dict[MaterialKey, float] = {}
    for code, qty in _bom_for(variant, boms).explode(variant.size, style.size_run).items():
        mat = materials.get(code)
        if mat is None:
            raise ValueError(f"BOM of {colourway_of(variant)}: material {code} is not known")
        if mat.kind is MaterialKind.LEATHER:
            y = float(yields.get(code, mat.default_yield))
            if not 0 < y <= 1:
                raise ValueError(f"cutting yield of {code} must be in (0, 1], got {y}")
            qty = qty / y
        out[(code, variant.size if mat.per_size else None)] = qty
    return out


def material_available(
    keys: Sequence[MaterialKey],
    inventory: Sequence[InventoryLevel],
    purchase_orders: Sequence[PurchaseOrder],
    need_by: date,
) -> np.ndarray:
    """On hand plus open purchase orders due on or before ``need_by``, per material key."""
    index = {k: i for i, k in enumerate(keys)}
    out = np.zeros(len(keys))
    for inv in inventory:
        if inv.kind is StockKind.MATERIAL and (inv.code, inv.size) in index:
            out[index[(inv.code, inv.size)]] += inv.quantity
    for po in purchase_orders:
        if po.due <= need_by and (po.material_code, po.size) in index:
            out[index[(po.material_code, po.size)]] += po.quantity
    return out


def material_limits(
    variants: Sequence[Variant],
    styles: Mapping[str, Style],
    boms: Mapping[tuple[str, str], BOM],
    materials: Mapping[str, Material],
    inventory: Sequence[InventoryLevel],
    purchase_orders: Sequence[PurchaseOrder],
    *,
    today: date,
    need_by: date,
    yields: Mapping[str, float] | None = None,
) -> tuple[tuple[MaterialKey, ...], np.ndarray, np.ndarray]:
    """The materials that limit the batch: (keys, use per pair V×M, available M).

    A material whose supplier can still deliver before ``need_by`` (lead time fits) is not a
    limit — it is bought (see :func:`cordwain.plan.suggest_purchases`). Only materials that
    cannot arrive in time are capped by what is on hand plus already ordered in time.
    """
    per_pair = [gross_per_pair(v, styles, boms, materials, yields) for v in variants]
    keys = sorted(
        {
            k
            for row in per_pair
            for k in row
            if today + timedelta(days=materials[k[0]].lead_time_days) > need_by
        },
        key=lambda k: (k[0], k[1] or ""),
    )
    use = np.zeros((len(variants), len(keys)))
    index = {k: j for j, k in enumerate(keys)}
    for i, row in enumerate(per_pair):
        for k, q in row.items():
            if k in index:
                use[i, index[k]] = q
    avail = material_available(keys, inventory, purchase_orders, need_by)
    return tuple(keys), use, avail


def _vector(value, n: int, name: str, *, integer: bool = False) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        arr = np.full(n, float(arr))
    if arr.shape != (n,):
        raise ValueError(f"{name} must have one value per variant ({n}), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} has a missing or infinite value at variant {_first_bad(arr)}")
    if np.any(arr < 0):
        raise ValueError(f"{name} is negative at variant {int(np.argmax(arr < 0))}")
    if integer and np.any(arr != np.round(arr)):
        raise ValueError(
            f"{name} must be whole pairs (variant {int(np.argmax(arr != arr.round()))})"
        )
    return arr


def _first_bad(arr: np.ndarray) -> int:
    return int(np.argmax(~np.isfinite(arr)))


@dataclass(frozen=True)
class BatchProblem:
    """What to decide: pairs to make per variant for one batch.

    ``demand`` holds scenarios of *new* demand in the selling period (variants × scenarios,
    whole pairs), e.g. the forecast engine's samples. Open ``preorders`` are firm demand on
    top of it and are covered first from ``finished_stock``, then from the batch.

    Money per pair: ``price`` (what a sale brings), ``unit_cost`` (what making one costs),
    ``salvage`` (what an unsold pair brings at outlet / markdown), ``waste_penalty`` (an extra
    cost the workshop puts on every unsold pair, to count waste beyond money).

    ``routing`` is standard minutes per pair (variants × ``operations``), checked against
    ``capacity``. ``material_use`` (variants × ``material_keys``) is bought quantity per pair,
    capped by ``material_available`` (``material_units`` names units for messages).
    ``min_run`` maps a colourway key ``STYLE-CW`` to the
    fewest pairs worth making (dye lot, die set-up) when it is made at all. With
    ``whole_size_run`` every core size of a made colourway gets at least one pair; core sizes
    come from ``core_sizes[style_code]`` (all sizes of the colourway in the problem if absent).
    """

    variants: tuple[Variant, ...]
    demand: np.ndarray
    price: Sequence[float] | np.ndarray
    unit_cost: Sequence[float] | np.ndarray
    salvage: Sequence[float] | np.ndarray | float = 0.0
    waste_penalty: Sequence[float] | np.ndarray | float = 0.0
    finished_stock: Sequence[int] | np.ndarray | int = 0
    preorders: Sequence[int] | np.ndarray | int = 0
    operations: tuple[Operation, ...] = ROUTING_ORDER
    routing: np.ndarray | None = None
    capacity: Capacity | None = None
    material_keys: tuple[MaterialKey, ...] = ()
    material_use: np.ndarray | None = None
    material_available: Sequence[float] | np.ndarray = ()
    material_units: Mapping[str, str] = field(default_factory=dict)
    min_run: Mapping[str, int] = field(default_factory=dict)
    whole_size_run: bool = False
    core_sizes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    max_scenarios: int = 200

    def __post_init__(self) -> None:
        variants = tuple(self.variants)
        object.__setattr__(self, "variants", variants)
        n = len(variants)
        if n == 0:
            raise ValueError("a batch problem needs at least one variant")
        skus = [v.sku for v in variants]
        if len(set(skus)) != n:
            dup = sorted({s for s in skus if skus.count(s) > 1})
            raise ValueError(f"variants listed twice: {dup}")
        demand = np.asarray(self.demand, dtype=float)
        if demand.ndim == 1:
            demand = demand[:, None]
        if demand.ndim != 2 or demand.shape[0] != n or demand.shape[1] == 0:
            raise ValueError(
                f"demand must be variants × scenarios ({n} × S), got shape {demand.shape}"
            )
        if not np.all(np.isfinite(demand)) or np.any(demand < 0):
            row = int(np.argmax(~np.isfinite(demand).all(1) | (demand < 0).any(1)))
            raise ValueError(f"demand of {skus[row]} has a negative or missing scenario")
        if np.any(demand != np.round(demand)):
            row = int(np.argmax((demand != np.round(demand)).any(1)))
            raise ValueError(f"demand of {skus[row]} must be whole pairs")
        object.__setattr__(self, "demand", demand.astype(np.int64))
        for name in ("price", "unit_cost", "salvage", "waste_penalty"):
            object.__setattr__(self, name, _vector(getattr(self, name), n, name))
        for name in ("finished_stock", "preorders"):
            arr = _vector(getattr(self, name), n, name, integer=True)
            object.__setattr__(self, name, arr.astype(np.int64))
        over = np.flatnonzero(self.salvage > self.unit_cost + 1e-9)
        if over.size:
            raise ValueError(
                f"salvage of {skus[over[0]]} exceeds its unit cost: making pairs to sell them "
                "off would look profitable"
            )
        ops = tuple(Operation(o) for o in self.operations)
        object.__setattr__(self, "operations", ops)
        if self.routing is None:
            routing = np.zeros((n, len(ops)))
        else:
            routing = np.asarray(self.routing, dtype=float)
            if routing.shape != (n, len(ops)):
                raise ValueError(
                    f"routing must be variants × operations ({n} × {len(ops)}), got {routing.shape}"
                )
            if np.any(~np.isfinite(routing)) or np.any(routing < 0):
                raise ValueError("routing minutes must be finite and >= 0")
        object.__setattr__(self, "routing", routing)
        if self.capacity is None and routing.any():
            raise ValueError("routing minutes are given but no capacity to check them against")
        keys = tuple(self.material_keys)
        object.__setattr__(self, "material_keys", keys)
        use = (
            np.zeros((n, len(keys)))
            if self.material_use is None
            else np.asarray(self.material_use, dtype=float)
        )
        if use.shape != (n, len(keys)):
            raise ValueError(
                f"material_use must be variants × materials ({n} × {len(keys)}), got {use.shape}"
            )
        if np.any(use < 0) or not np.all(np.isfinite(use)):
            raise ValueError("material use per pair must be finite and >= 0")
        object.__setattr__(self, "material_use", use)
        avail = np.asarray(self.material_available, dtype=float).reshape(-1)
        if avail.shape != (len(keys),):
            raise ValueError(
                f"material_available needs one value per material key ({len(keys)}), "
                f"got {avail.shape}"
            )
        if np.any(avail < 0):
            raise ValueError(f"material {keys[int(np.argmax(avail < 0))]} has negative stock")
        object.__setattr__(self, "material_available", avail)
        known = {colourway_of(v) for v in variants}
        for cw, m in self.min_run.items():
            if cw not in known:
                raise ValueError(f"min_run names colourway {cw!r} which has no variant here")
            if int(m) != m or m < 0:
                raise ValueError(f"min_run of {cw} must be a whole number of pairs >= 0")
        if not self.max_scenarios >= 1:
            raise ValueError("max_scenarios must be at least 1")

    # -- derived views -------------------------------------------------------------------
    @property
    def n_variants(self) -> int:
        return len(self.variants)

    @property
    def colourways(self) -> dict[str, list[int]]:
        """Colourway key → indices of its variants, in problem order."""
        out: dict[str, list[int]] = {}
        for i, v in enumerate(self.variants):
            out.setdefault(colourway_of(v), []).append(i)
        return out

    def core_indices(self, colourway: str) -> list[int]:
        """Variants of ``colourway`` that must get a pair when it is made (whole size run)."""
        idx = self.colourways[colourway]
        if not self.whole_size_run:
            return []
        style = self.variants[idx[0]].style_code
        core = self.core_sizes.get(style)
        if not core:
            return list(idx)
        wanted = {str(s) for s in core}
        return [i for i in idx if self.variants[i].size in wanted]

    @property
    def firm(self) -> np.ndarray:
        """Pairs that must be made for open pre-orders not covered by finished stock."""
        return np.maximum(0, self.preorders - self.finished_stock)

    @property
    def free_stock(self) -> np.ndarray:
        """Finished pairs left for new demand after pre-orders are served."""
        return np.maximum(0, self.finished_stock - self.preorders)
