"""Demand verbs: forecast the workshop's variants, backtest the forecaster, plot a fan.

The forecast engine is pure; here it is fed from the store (sales, stock-outs, pre-orders,
waitlist, feedback) and its result is kept as a ``forecast`` document keyed by its start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from cordwain import forecast as fc
from cordwain.domain import PreOrderStatus, SoldOut, Variant
from cordwain.store import SqlUnitOfWork

from .errors import ServiceError
from .workshop import Progress, _quiet

STOCKOUT_DOCUMENT = ("stockouts", "ledger")


def record_stockouts(uow: SqlUnitOfWork, spells: list[tuple[str, date, date]]) -> None:
    """Keep the sold-out spells (SKU, first day, last day) the forecaster treats as censored."""
    body = {"spells": [[sku, a.isoformat(), b.isoformat()] for sku, a, b in spells]}
    uow.documents.put(*STOCKOUT_DOCUMENT, body)


def list_stockouts(uow: SqlUnitOfWork) -> list[SoldOut]:
    """The sold-out spells on record, by SKU then first day."""
    doc = uow.documents.get(*STOCKOUT_DOCUMENT)
    if not doc:
        return []
    spells = [
        SoldOut(Variant.parse(sku), date.fromisoformat(a), date.fromisoformat(b))
        for sku, a, b in doc["spells"]
    ]
    return sorted(spells, key=lambda s: (s.variant.sku, s.first_day))


def add_stockouts(uow: SqlUnitOfWork, spells: list[SoldOut]) -> None:
    """Add sold-out spells to the record (no commit). Spells of one SKU that overlap or
    follow one another day after day become one: importing a file twice, or a ledger
    export that repeats last month's spells, changes nothing."""
    by_sku: dict[str, list[list[date]]] = {}
    for s in [*list_stockouts(uow), *spells]:
        by_sku.setdefault(s.variant.sku, []).append([s.first_day, s.last_day])
    merged: list[tuple[str, date, date]] = []
    for sku, runs in sorted(by_sku.items()):
        runs.sort()
        cur = runs[0]
        for a, b in runs[1:]:
            if a <= cur[1] + timedelta(days=1):
                cur[1] = max(cur[1], b)
            else:
                merged.append((sku, cur[0], cur[1]))
                cur = [a, b]
        merged.append((sku, cur[0], cur[1]))
    record_stockouts(uow, merged)


def _stockouts(uow: SqlUnitOfWork) -> list[fc.StockOut]:
    return [fc.StockOut(s.variant, s.first_day, s.last_day) for s in list_stockouts(uow)]


def next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


def forecast_problem(
    uow: SqlUnitOfWork,
    *,
    horizon_weeks: int = 4,
    as_of: date | None = None,
    critical_ratio: float = 0.75,
) -> fc.ForecastProblem:
    """The forecast problem of the whole workshop as the store knows it today."""
    styles = uow.styles.list()
    if not styles:
        raise ServiceError("the workshop has no styles yet: import a catalogue first")
    colourways = uow.colourways.list()
    sales = uow.sales.list()
    last_sale = max((s.day for s in sales), default=None)
    if as_of is None:
        as_of = next_monday(last_sale) if last_sale else next_monday(date.today())
    sales = [s for s in sales if s.day < as_of]
    first_sale: dict[tuple[str, str], date] = {}
    for s in sales:
        key = (s.variant.style_code, s.variant.colourway_code)
        first_sale.setdefault(key, s.day)
    profiles = []
    for style in styles:
        cws = [c.code for c in colourways if c.style_code == style.code]
        launches = {c: first_sale[(style.code, c)] for c in cws if (style.code, c) in first_sale}
        # A style that has never sold is launching with this batch.
        launched = min(launches.values()) if launches else as_of
        profile = fc.StyleProfile.from_style(style, cws, launched_on=launched)
        profiles.append(replace(profile, colourway_launches=launches))
    history = fc.weekly_history(sales, profiles, as_of=as_of, stockouts=_stockouts(uow))
    waitlist = uow.waitlist.list()
    return fc.ForecastProblem(
        history=history,
        styles=tuple(profiles),
        horizon_weeks=horizon_weeks,
        critical_ratio=critical_ratio,
        as_of=as_of,
        pre_orders=tuple(uow.preorders.list(PreOrderStatus.OPEN)),
        waitlist=tuple(w for w in waitlist if w.day < as_of),
        past_drops=fc.drop_outcomes(waitlist, sales),
        feedback=tuple(f for f in uow.feedback.list() if f.day < as_of),
    )


@dataclass(frozen=True)
class ForecastReport:
    """A stored forecast: what the CLI, API and pages show."""

    as_of: date
    horizon_weeks: int
    runtime: float
    quantile_levels: tuple[float, ...]
    rows: list[dict]
    models: dict[str, int]
    conversion: float

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "horizon_weeks": self.horizon_weeks,
            "runtime_s": round(self.runtime, 3),
            "quantile_levels": list(self.quantile_levels),
            "models": self.models,
            "waitlist_conversion": round(self.conversion, 4),
            "variants": self.rows,
        }


def _report(result: fc.ForecastResult) -> ForecastReport:
    model_of: dict[tuple[str, str], str] = {}
    for series in result.series:
        model_of[(series.style, series.colourway)] = series.model
    rows = []
    for i, v in enumerate(result.variants):
        rows.append(
            {
                "sku": v.sku,
                "style": v.style_code,
                "colourway": v.colourway_code,
                "size": v.size,
                "mean": round(float(result.mean[i]), 3),
                "quantiles": [int(q) for q in result.quantiles[i]],
                "committed": int(result.committed[i]),
                "model": model_of.get((v.style_code, v.colourway_code), ""),
            }
        )
    models: dict[str, int] = {}
    for m in model_of.values():
        models[m] = models.get(m, 0) + 1
    return ForecastReport(
        as_of=result.as_of,
        horizon_weeks=result.horizon_weeks,
        runtime=result.runtime,
        quantile_levels=tuple(result.quantile_levels),
        rows=rows,
        models=dict(sorted(models.items())),
        conversion=float(result.conversion),
    )


def forecast_demand(
    uow: SqlUnitOfWork,
    *,
    horizon_weeks: int = 4,
    as_of: date | None = None,
    critical_ratio: float = 0.75,
    progress: Progress = _quiet,
) -> ForecastReport:
    """Forecast every variant over the next ``horizon_weeks`` and store it (caller commits)."""
    progress("reading sales", 0, 3)
    try:
        problem = forecast_problem(
            uow, horizon_weeks=horizon_weeks, as_of=as_of, critical_ratio=critical_ratio
        )
        progress("fitting models", 1, 3)
        result = fc.solve(problem)
    except fc.ForecastInputError as exc:
        raise ServiceError(f"cannot forecast: {exc}") from exc
    progress("storing", 2, 3)
    report = _report(result)
    uow.documents.put("forecast", report.as_of.isoformat(), report.as_dict())
    progress("done", 3, 3)
    return report


def latest_forecast(uow: SqlUnitOfWork) -> dict | None:
    """The newest stored forecast document, if any."""
    latest = uow.documents.latest("forecast")
    return None if latest is None else latest[1]


def backtest_demand(
    uow: SqlUnitOfWork,
    *,
    windows: int = 3,
    batch_weeks: int = 4,
    progress: Progress = _quiet,
) -> list[dict]:
    """Replay the last ``windows`` batches: cordwain against the baselines, one row per model."""
    problem = forecast_problem(uow, horizon_weeks=batch_weeks)

    steps = [0]

    def report(label: str) -> None:
        steps[0] += 1
        progress(label, min(steps[0], windows * 2), windows * 2 + 1)

    try:
        result = fc.backtest(problem, windows=windows, batch_weeks=batch_weeks, progress=report)
    except fc.ForecastInputError as exc:
        raise ServiceError(f"cannot backtest: {exc}") from exc
    return [score.as_dict() for score in result.scores.values()]


def plot_forecast(uow: SqlUnitOfWork, sku: str, path: Path, *, weeks_shown: int = 52) -> Path:
    """A picture of a variant's weekly sales and its forecast fan (PNG or SVG by suffix)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    body = latest_forecast(uow)
    if body is None:
        raise ServiceError("no forecast stored yet: run `cordwain forecast` first")
    row = next((r for r in body["variants"] if r["sku"] == Variant.parse(sku).sku), None)
    if row is None:
        raise ServiceError(f"variant {sku} is not in the latest forecast")
    as_of = date.fromisoformat(body["as_of"])
    start = as_of - timedelta(weeks=weeks_shown)
    v = Variant.parse(sku)
    weekly = np.zeros(weeks_shown)
    for line in uow.sales.list(
        since=start, until=as_of - timedelta(days=1), style_code=v.style_code
    ):
        if line.variant == v:
            weekly[(line.day - start).days // 7] += line.quantity
    levels = body["quantile_levels"]
    q = dict(zip(levels, row["quantiles"], strict=True))
    horizon = body["horizon_weeks"]
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=110)
    ax.bar(range(-weeks_shown, 0), weekly, width=0.85, color="#6b7c93", label="pairs sold per week")
    per_week = {lv: val / horizon for lv, val in q.items()}
    xs = [0, horizon]
    lo, hi = min(levels), max(levels)
    ax.fill_between(
        xs,
        per_week[lo],
        per_week[hi],
        color="#e3a857",
        alpha=0.35,
        label=f"forecast {int(lo * 100)}–{int(hi * 100)}%",
    )
    if 0.25 in per_week and 0.75 in per_week:
        ax.fill_between(
            xs, per_week[0.25], per_week[0.75], color="#e3a857", alpha=0.6, label="forecast 25–75%"
        )
    ax.plot(xs, [row["mean"] / horizon] * 2, color="#8a4b08", lw=2, label="forecast mean")
    ax.set_xlabel(f"weeks from {as_of.isoformat()}")
    ax.set_ylabel("pairs per week")
    ax.set_title(f"{row['sku']}: next {horizon} weeks ≈ {row['mean']:.1f} pairs")
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
