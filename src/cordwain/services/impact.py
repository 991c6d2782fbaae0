"""What a batch (or a season of batches) wasted, and what it saved against mass production.

``batch_impact_report`` accounts one batch from what the store holds about it:

* leather bought vs. cut into pieces vs. offcuts kept vs. scrap, from the batch's stored
  cutting plan (``cordwain cut plan``) when there is one, else from the plan's expected
  figures (``cordwain plan``), else from the bills of materials × the pairs made at the
  articles' yields — the report names which;
* pairs made (the serialised pairs when there are some, else the planned ones) vs. the
  plan's expected sold and unsold pairs vs. the pairs customers sent back;
* the footprint of each through :mod:`cordwain.impact`, with emission factors that keep
  their published source and can be overridden in the ``settings/impact-factors`` document;
* the plan's mass-production counterfactual (one run sized to a high quantile of the same
  demand) with its footprint recomputed under the same factors.

``season_impact_report`` sums the batches whose window starts in a date range.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from cordwain import impact
from cordwain import plan as plan_engine
from cordwain.domain import Batch, BatchStatus, FeedbackKind, MaterialKind, Polygon
from cordwain.domain.units import mm2_to_sqft
from cordwain.store import SqlUnitOfWork

from .cutting import KIND_PLAN as CUTTING_PLAN_DOCUMENT
from .errors import ServiceError
from .plan import MIN_PAIRS_FOR_MEASURED_YIELD, PLAN_DOCUMENT, measured_yields

FACTORS_DOCUMENT = ("settings", "impact-factors")
#: Where the leather figures of a batch came from, best first.
SOURCE_CUTTING = "cutting plan"
SOURCE_PLAN = "plan (expected figures)"
SOURCE_BOM = "bills of materials × pairs made"
_FACTOR_NAMES = ("leather_kg_per_sqft", "pair_kg")


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(float(x), nd)


# --- factors --------------------------------------------------------------------------------


def _factor_json(f: impact.Factor) -> dict[str, Any]:
    return {"value": f.value, "unit": f.unit, "source": f.source}


def _factors_json(factors: impact.EmissionFactors) -> dict[str, Any]:
    return {name: _factor_json(getattr(factors, name)) for name in _FACTOR_NAMES}


def impact_factors(uow: SqlUnitOfWork) -> impact.EmissionFactors:
    """The workshop's emission factors: the stored overrides over the published defaults."""
    body = uow.documents.get(*FACTORS_DOCUMENT) or {}
    where = "/".join(FACTORS_DOCUMENT)
    unknown = sorted(set(body) - set(_FACTOR_NAMES))
    if unknown:
        raise ServiceError(f"{where}: unknown factor(s) {unknown}; known: {list(_FACTOR_NAMES)}")
    chosen = {}
    for name in _FACTOR_NAMES:
        default = getattr(impact.DEFAULT_FACTORS, name)
        entry = body.get(name)
        if entry is None:
            chosen[name] = default
            continue
        try:
            chosen[name] = impact.Factor(
                float(entry["value"]), str(entry.get("unit") or default.unit), str(entry["source"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceError(
                f"{where}: factor {name} needs a value >= 0 and its source, got {entry!r} ({exc})"
            ) from exc
    return impact.EmissionFactors(**chosen)


def save_impact_factors(
    uow: SqlUnitOfWork,
    *,
    leather_kg_per_sqft: float | None = None,
    leather_source: str | None = None,
    pair_kg: float | None = None,
    pair_source: str | None = None,
    reset: bool = False,
) -> impact.EmissionFactors:
    """Override the leather and/or pair factor (each new value must name its published source);
    ``reset`` first goes back to the defaults. Returns the factors now in force; caller commits.
    """
    current = impact.DEFAULT_FACTORS if reset else impact_factors(uow)
    given = {
        "leather_kg_per_sqft": (leather_kg_per_sqft, leather_source),
        "pair_kg": (pair_kg, pair_source),
    }
    chosen = {}
    for name, (value, source) in given.items():
        old = getattr(current, name)
        if value is None and source is None:
            chosen[name] = old
            continue
        if value is not None and not (source or "").strip():
            raise ServiceError(
                f"impact factor {name}: name the published source of {value} {old.unit}"
            )
        try:
            chosen[name] = impact.Factor(
                old.value if value is None else float(value), old.unit, source or old.source
            )
        except ValueError as exc:
            raise ServiceError(f"impact factor {name}: {exc}") from exc
    factors = impact.EmissionFactors(**chosen)
    overrides = {
        name: _factor_json(getattr(factors, name))
        for name in _FACTOR_NAMES
        if getattr(factors, name) != getattr(impact.DEFAULT_FACTORS, name)
    }
    uow.documents.put(*FACTORS_DOCUMENT, overrides)
    return factors


def impact_factors_report(uow: SqlUnitOfWork) -> dict[str, Any]:
    """The factors in force, each with its unit, source and whether it is the default."""
    factors = impact_factors(uow)
    out = {}
    for name in _FACTOR_NAMES:
        f = getattr(factors, name)
        out[name] = {**_factor_json(f), "default": f == getattr(impact.DEFAULT_FACTORS, name)}
    return out


# --- leather --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leather:
    source: str
    bought: float  # fresh leather: hides opened for this batch
    offcuts_used: float  # offcuts of earlier batches cut into (bought then)
    cut: float
    kept: float
    articles: list[dict[str, Any]]
    notes: list[str]

    @property
    def account(self) -> impact.LeatherAccount:
        # The engine's "bought" is all leather the batch took in: scrap is what of it was
        # neither cut nor kept, whether it came from a new hide or an old offcut.
        return impact.leather_account(self.bought + self.offcuts_used, self.cut, self.kept)


def _offcut_sqft(o: dict[str, Any]) -> float:
    return mm2_to_sqft(Polygon.from_list(o["outline"]).area)


def _leather_from_cutting(body: dict[str, Any], code: str) -> _Leather:
    per: dict[str, dict[str, float]] = {}

    def row(material: str) -> dict[str, float]:
        return per.setdefault(
            material, {"bought_sqft": 0.0, "offcuts_used_sqft": 0.0, "cut_sqft": 0.0,
                       "offcuts_kept_sqft": 0.0, "hides": 0}
        )  # fmt: skip

    notes: list[str] = []
    for s in body.get("sheets", []):
        kind = s.get("kind")
        if kind not in ("hide", "offcut"):
            continue  # fabric rolls: linings are not leather
        r = row(s["material"])
        piece, usable = float(s.get("piece_sqft", 0.0)), float(s.get("usable_sqft", 0.0))
        r["cut_sqft"] += piece
        if kind == "hide":
            stamped = float((s.get("hide") or {}).get("stamped_area_sqft", usable))
            # The tannery's stamp may read a little under the drawn outline: never count
            # less leather bought than the cutter had to work with.
            r["bought_sqft"] += max(stamped, usable, piece)
            r["hides"] += 1
        else:
            r["offcuts_used_sqft"] += max(usable, piece)
    for o in body.get("offcuts_kept", []):
        row(o["material"])["offcuts_kept_sqft"] += _offcut_sqft(o)
    if body.get("status") not in (None, "complete"):
        n = len(body.get("unplaced", []))
        notes.append(
            f"the cutting plan of {code} is {body.get('status')}: {n} piece(s) were not placed,"
            " so the leather cut covers fewer pairs than the batch"
        )
    articles = []
    for material, r in sorted(per.items()):
        taken = r["bought_sqft"] + r["offcuts_used_sqft"]
        scrap = max(0.0, taken - r["cut_sqft"] - r["offcuts_kept_sqft"])
        articles.append(
            {"material": material, "hides": int(r["hides"]),
             **{k: _r(v, 2) for k, v in r.items() if k != "hides"},
             "scrap_sqft": _r(scrap, 2),
             "cutting_yield": _r(r["cut_sqft"] / taken, 4) if taken > 0 else None}
        )  # fmt: skip
    if not per:
        notes.append(f"the cutting plan of {code} cut no leather (no hide or offcut used)")
    return _Leather(
        SOURCE_CUTTING,
        bought=sum(r["bought_sqft"] for r in per.values()),
        offcuts_used=sum(r["offcuts_used_sqft"] for r in per.values()),
        cut=sum(r["cut_sqft"] for r in per.values()),
        kept=sum(r["offcuts_kept_sqft"] for r in per.values()),
        articles=articles,
        notes=notes,
    )


def _leather_from_plan(plan: dict[str, Any]) -> _Leather:
    b = plan["impact"]["batch"]
    return _Leather(
        SOURCE_PLAN,
        bought=float(b["leather_bought_sqft"]),
        offcuts_used=0.0,
        cut=float(b["leather_cut_sqft"]),
        kept=0.0,
        articles=[],
        notes=[
            "no cutting plan stored for this batch: leather figures are the plan's expected "
            f"ones ({plan['impact'].get('cutting_yield_source', 'configured yields')}); "
            f"run `cordwain cut plan {plan['code']}` for measured ones"
        ],
    )


def _leather_from_boms(uow: SqlUnitOfWork, made: Counter[str], batch: Batch) -> _Leather:
    styles = {s.code: s for s in uow.styles.list()}
    boms = {(b.style_code, b.colourway_code): b for b in uow.boms.list()}
    materials = {m.code: m for m in uow.materials.list()}
    # The planner's rule (own measured yield, else the workshop's pooled one, else the
    # configured default), so a batch is accounted at the yield it was planned with.
    yields, pooled = measured_yields(uow)
    variants = {ln.variant.sku: ln.variant for ln in batch.lines}
    for p in uow.pairs.list(batch_code=batch.code):
        variants.setdefault(p.variant.sku, p.variant)
    bought = cut = 0.0
    missing = []
    for sku, n in sorted(made.items()):
        try:
            gross = plan_engine.gross_per_pair(variants[sku], styles, boms, materials, yields)
        except (KeyError, ValueError):
            missing.append(sku)
            continue
        for (mcode, _), qty in gross.items():
            mat = materials[mcode]
            if mat.kind is MaterialKind.LEATHER:
                bought += qty * n
                cut += qty * yields.get(mcode, mat.default_yield) * n
    notes = [
        f"no plan and no cutting plan stored for batch {batch.code}: leather is estimated from "
        "the bills of materials of the pairs made at each article's "
        + ("measured or configured yield" if yields else "configured yield")
    ]
    if pooled:
        notes.append(
            f"{', '.join(pooled)}: fewer than {MIN_PAIRS_FOR_MEASURED_YIELD} pairs cut of their "
            f"own, so the workshop's measured yield ({yields[pooled[0]]:.0%}) is used"
        )
    if missing:
        notes.append(f"no bill of materials for {', '.join(missing)}: their leather is not counted")
    return _Leather(SOURCE_BOM, bought, 0.0, cut, 0.0, [], notes)


# --- one batch ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Accounted:
    batch: Batch
    body: dict[str, Any]
    impact: impact.BatchImpact
    expected_known: bool
    mass: impact.MassRun | None
    leather: _Leather


def _mass_from_plan(plan: dict[str, Any], factors: impact.EmissionFactors) -> impact.MassRun | None:
    m = (plan.get("impact") or {}).get("mass_production")
    if not m:
        return None
    unsold, scrap = float(m["expected_unsold"]), float(m["leather_scrap_sqft"])
    # Recomputed so the counterfactual carries the same factors as the batch.
    co2e = unsold * factors.pair_kg.value + scrap * factors.leather_kg_per_sqft.value
    return impact.MassRun(
        quantile=float(m["quantile"]),
        pairs=int(m["pairs_made"]),
        expected_sold=float(m["expected_sold"]),
        expected_unsold=unsold,
        unit_cost=float("nan"),  # not stored in the plan; not reported
        cost=float("nan"),
        expected_margin=float(m["expected_margin"]),
        leather_bought_sqft=float(m["leather_bought_sqft"]),
        leather_scrap_sqft=scrap,
        co2e_waste_kg=co2e,
    )


def _mass_json(mass: impact.MassRun | None, bulk_share: Any = None) -> dict[str, Any] | None:
    if mass is None:
        return None
    out = {
        "quantile": mass.quantile,
        "pairs_made": mass.pairs,
        "expected_sold": _r(mass.expected_sold),
        "expected_unsold": _r(mass.expected_unsold),
        "expected_margin": _r(mass.expected_margin),
        "leather_bought_sqft": _r(mass.leather_bought_sqft, 1),
        "leather_scrap_sqft": _r(mass.leather_scrap_sqft, 1),
        "co2e_waste_kg": _r(mass.co2e_waste_kg, 1),
    }
    if bulk_share is not None:
        out["bulk_unit_cost_share"] = bulk_share
    return out


def _expected_sales(
    plan: dict[str, Any], made: Counter[str], serialised: bool
) -> tuple[float, float, list[str]]:
    """The plan's expected sold and unsold pairs, for the pairs actually made."""
    s = plan["summary"]
    notes = []
    if s.get("finished_stock_pairs"):
        notes.append(
            f"the plan's expected sold and unsold pairs include the {s['finished_stock_pairs']} "
            "finished pairs already on the shelf, which it sells first"
        )
    if not serialised:
        return float(s["expected_sold"]), float(s["expected_unsold"]), notes
    lines = {ln["sku"]: ln for ln in plan.get("lines", []) if ln.get("quantity", 0) > 0}
    sold = unsold = 0.0
    differ = 0
    for sku in sorted(set(lines) | set(made)):
        q, ln = made.get(sku, 0), lines.get(sku)
        if ln is not None and int(ln["quantity"]) == q:
            sold += float(ln["expected_sold"])
            unsold += float(ln["expected_unsold"])
            continue
        differ += 1
        # Fewer pairs than planned cannot sell more than were made; more than planned sell
        # at least what was expected, and the extra pairs are counted unsold (a ceiling).
        got = min(float(ln["expected_sold"]) if ln else 0.0, float(q))
        sold += got
        unsold += q - got
    if differ:
        notes.append(
            f"{differ} SKU(s) were made in other quantities than planned: their expected "
            "sales are capped at the pairs made and any pairs beyond the plan count as unsold"
        )
    return sold, max(0.0, unsold), notes


def _account(
    uow: SqlUnitOfWork, batch: Batch, factors: impact.EmissionFactors, returns: Counter[str]
) -> _Accounted:
    code = batch.code
    plan = uow.documents.get(PLAN_DOCUMENT, code)
    cutting = uow.documents.get(CUTTING_PLAN_DOCUMENT, code)
    pairs = uow.pairs.list(batch_code=code)
    serialised = bool(pairs)
    made = (
        Counter(p.variant.sku for p in pairs)
        if serialised
        else Counter({ln.variant.sku: ln.quantity for ln in batch.lines if ln.quantity > 0})
    )
    pairs_made = sum(made.values())
    returned = sum(returns[p.serial] for p in pairs)
    notes: list[str] = []

    if cutting is not None:
        leather = _leather_from_cutting(cutting, code)
    elif plan is not None and (plan.get("impact") or {}).get("batch"):
        leather = _leather_from_plan(plan)
    else:
        leather = _leather_from_boms(uow, made, batch)
    notes += leather.notes
    try:
        account = leather.account
    except ValueError as exc:
        raise ServiceError(f"batch {code}: the leather figures do not add up: {exc}") from exc

    mass = None
    if plan is not None:
        sold, unsold, more = _expected_sales(plan, made, serialised)
        notes += more
        mass = _mass_from_plan(plan, factors)
        expected_known = True
    else:
        sold = unsold = 0.0
        expected_known = False
        notes.append(
            f"no plan stored for batch {code}: expected sold and unsold pairs and the "
            "mass-production comparison are not known"
        )
    if mass is None and plan is not None:
        notes.append(f"the plan of {code} holds no mass-production comparison")
    made_impact = impact.batch_impact(
        pairs_made=pairs_made,
        pairs_sold=sold,
        pairs_unsold=unsold,
        pairs_returned=returned,
        leather=account,
        factors=factors,
        mass=mass,
    )
    body = _body(
        batch,
        made_impact,
        leather=leather,
        factors=factors,
        expected_known=expected_known,
        made_source="serialised pairs" if serialised else "planned pairs (none serialised yet)",
        planned=batch.pairs,
        bulk_share=((plan or {}).get("impact") or {})
        .get("mass_production", {})
        .get("bulk_unit_cost_share"),
        notes=notes,
    )
    return _Accounted(batch, body, made_impact, expected_known, mass, leather)


def _footprint_json(
    b: impact.BatchImpact, factors: impact.EmissionFactors, expected_known: bool, bought: float
) -> dict[str, Any]:
    pair, leather = factors.pair_kg.value, factors.leather_kg_per_sqft.value
    return {
        "pairs_made_kg": _r(b.pairs_made * pair, 1),
        # Fresh leather only: a reused offcut's footprint was counted by the batch that bought it.
        "leather_bought_kg": _r(bought * leather, 1),
        "unsold_kg": _r(b.co2e_unsold_kg, 1) if expected_known else None,
        "scrap_kg": _r(b.co2e_scrap_kg, 1),
        "waste_kg": _r(b.co2e_waste_kg, 1) if expected_known else None,
        # A returned pair's footprint is lost only if it cannot be resold: shown apart.
        "returned_kg": _r(b.pairs_returned * pair, 1),
    }


def _compared_json(b: impact.BatchImpact) -> dict[str, Any] | None:
    """This batch (or these batches) next to the mass run for the same demand."""
    if b.mass is None:
        return None
    return {
        "pairs_made": b.pairs_made,
        "expected_unsold": _r(b.pairs_unsold),
        "leather_taken_sqft": _r(b.leather.bought_sqft, 1),
        "leather_scrap_sqft": _r(b.leather.scrap_sqft, 1),
        "co2e_waste_kg": _r(b.co2e_waste_kg, 1),
        "unsold_vs_mass": _r(b.unsold_vs_mass, 4),
        "unsold_pairs_saved": _r(b.mass.expected_unsold - b.pairs_unsold),
        "leather_scrap_saved_sqft": _r(b.mass.leather_scrap_sqft - b.leather.scrap_sqft, 1),
        "co2e_saved_kg": _r(b.co2e_saved_vs_mass_kg, 1),
    }


def _body(
    batch: Batch,
    b: impact.BatchImpact,
    *,
    leather: _Leather,
    factors: impact.EmissionFactors,
    expected_known: bool,
    made_source: str,
    planned: int,
    bulk_share: Any,
    notes: list[str],
) -> dict[str, Any]:
    acc = b.leather
    return {
        "batch": batch.code,
        "status": batch.status.value,
        "start": batch.start.isoformat(),
        "end": batch.end.isoformat(),
        "leather": {
            "source": leather.source,
            "bought_sqft": _r(leather.bought, 1),
            "offcuts_used_sqft": _r(leather.offcuts_used, 1),
            "cut_sqft": _r(acc.cut_sqft, 1),
            "offcuts_kept_sqft": _r(acc.offcuts_kept_sqft, 1),
            "scrap_sqft": _r(acc.scrap_sqft, 1),
            "cutting_yield": _r(acc.cutting_yield, 4),
            "articles": leather.articles,
        },
        "pairs": {
            "made": b.pairs_made,
            "made_source": made_source,
            "planned": planned,
            "expected_sold": _r(b.pairs_sold) if expected_known else None,
            "expected_unsold": _r(b.pairs_unsold) if expected_known else None,
            "returned": int(b.pairs_returned),
            "returned_share": _r(b.pairs_returned / b.pairs_made, 4) if b.pairs_made else None,
        },
        "footprint_co2e": _footprint_json(b, factors, expected_known, leather.bought),
        "mass_production": _mass_json(b.mass, bulk_share),
        "compared_with_mass": _compared_json(b),
        "factors": _factors_json(factors),
        "notes": notes,
    }


def _returns_by_serial(uow: SqlUnitOfWork) -> Counter[str]:
    return Counter(
        f.pair_serial
        for f in uow.feedback.list()
        if f.kind is FeedbackKind.RETURN and f.pair_serial
    )


def batch_impact_report(uow: SqlUnitOfWork, batch_code: str) -> dict[str, Any]:
    """Leather, pairs, footprint and the mass-production comparison of one batch (see module
    docstring for where each figure comes from). Raises :class:`ServiceError` for an unknown
    batch."""
    code = str(batch_code).strip().upper()
    batch = uow.batches.get(code) if code else None
    if batch is None:
        known = [b.code for b in uow.batches.list()][-5:]
        hint = f"; latest batches: {', '.join(known)}" if known else "; there are no batches yet"
        raise ServiceError(f"batch {code or batch_code!r} is not known{hint}")
    factors = impact_factors(uow)
    return _account(uow, batch, factors, _returns_by_serial(uow)).body


# --- a season -------------------------------------------------------------------------------


def season_impact_report(
    uow: SqlUnitOfWork, *, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """The batches whose window starts between ``since`` and ``until`` (both included; open
    ends take every batch), each accounted as :func:`batch_impact_report` does, and summed.
    Cancelled batches are left out. The mass-production comparison covers the batches that
    have a stored plan (the sum of each one's counterfactual run)."""
    if since is not None and until is not None and until < since:
        raise ServiceError(f"the season ends ({until}) before it starts ({since})")
    chosen = [
        b
        for b in uow.batches.list()
        if b.status is not BatchStatus.CANCELLED
        and (since is None or b.start >= since)
        and (until is None or b.start <= until)
    ]
    span = f"{since or 'the first batch'} .. {until or 'the last batch'}"
    if not chosen:
        raise ServiceError(f"no batch starts in {span}: nothing to account")
    factors = impact_factors(uow)
    returns = _returns_by_serial(uow)
    done = [_account(uow, b, factors, returns) for b in chosen]
    season = impact.season_impact([a.impact for a in done])
    with_plan = [a for a in done if a.mass is not None]
    compared = None
    mass_json = None
    if with_plan:
        mass = _summed_mass([a.mass for a in with_plan if a.mass is not None])
        covered = impact.season_impact([a.impact for a in with_plan], mass)
        quantiles = sorted({m.quantile for a in with_plan if (m := a.mass) is not None})
        mass_json = {
            **(_mass_json(mass) or {}),
            "quantile": quantiles[0] if len(quantiles) == 1 else quantiles,
            "batches": [a.batch.code for a in with_plan],
        }
        compared = {**(_compared_json(covered) or {}), "batches": [a.batch.code for a in with_plan]}
    expected = [a for a in done if a.expected_known]
    sources = Counter(a.body["leather"]["source"] for a in done)
    notes = []
    if len(expected) < len(done):
        notes.append(
            f"expected sold and unsold pairs are known for {len(expected)} of {len(done)} "
            "batches (the others have no stored plan): the unsold figures cover those only"
        )
    if with_plan and len(with_plan) < len(done):
        notes.append(
            f"the mass-production comparison covers the {len(with_plan)} batch(es) with a plan"
        )
    leather = season.leather
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "batches": len(done),
        "leather": {
            "sources": dict(sorted(sources.items())),
            "bought_sqft": _r(sum(a.leather.bought for a in done), 1),
            "offcuts_used_sqft": _r(sum(a.leather.offcuts_used for a in done), 1),
            "cut_sqft": _r(leather.cut_sqft, 1),
            "offcuts_kept_sqft": _r(leather.offcuts_kept_sqft, 1),
            "scrap_sqft": _r(leather.scrap_sqft, 1),
            "cutting_yield": _r(leather.cutting_yield, 4),
        },
        "pairs": {
            "made": season.pairs_made,
            "planned": sum(a.batch.pairs for a in done),
            "expected_sold": _r(season.pairs_sold) if expected else None,
            "expected_unsold": _r(season.pairs_unsold) if expected else None,
            "expected_known_for": len(expected),
            "returned": int(season.pairs_returned),
            "returned_share": _r(season.pairs_returned / season.pairs_made, 4)
            if season.pairs_made
            else None,
        },
        "footprint_co2e": _footprint_json(
            season, factors, bool(expected), sum(a.leather.bought for a in done)
        ),
        "mass_production": mass_json,
        "compared_with_mass": compared,
        "factors": _factors_json(factors),
        "by_batch": [
            {
                "batch": a.batch.code,
                "start": a.body["start"],
                "status": a.body["status"],
                "leather_source": a.body["leather"]["source"],
                "pairs_made": a.body["pairs"]["made"],
                "expected_unsold": a.body["pairs"]["expected_unsold"],
                "returned": a.body["pairs"]["returned"],
                "leather_bought_sqft": a.body["leather"]["bought_sqft"],
                "leather_scrap_sqft": a.body["leather"]["scrap_sqft"],
                "co2e_waste_kg": a.body["footprint_co2e"]["waste_kg"],
                "mass_unsold": (a.body["mass_production"] or {}).get("expected_unsold"),
            }
            for a in done
        ],
        "notes": notes,
    }


def _summed_mass(runs: list[impact.MassRun]) -> impact.MassRun:
    """Each batch's counterfactual run, added up (one run per batch window's demand)."""
    return impact.MassRun(
        quantile=runs[0].quantile,
        pairs=sum(r.pairs for r in runs),
        expected_sold=sum(r.expected_sold for r in runs),
        expected_unsold=sum(r.expected_unsold for r in runs),
        unit_cost=float("nan"),
        cost=float("nan"),
        expected_margin=sum(r.expected_margin for r in runs),
        leather_bought_sqft=sum(r.leather_bought_sqft for r in runs),
        leather_scrap_sqft=sum(r.leather_scrap_sqft for r in runs),
        co2e_waste_kg=sum(r.co2e_waste_kg for r in runs),
    )


__all__ = [
    "FACTORS_DOCUMENT",
    "batch_impact_report",
    "impact_factors",
    "impact_factors_report",
    "save_impact_factors",
    "season_impact_report",
]
