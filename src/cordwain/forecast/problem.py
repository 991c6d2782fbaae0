"""What the demand engine is asked: weekly history per variant, style facts and signals.

The history is a tidy table, one row per variant and week (Monday starts):
``style, colourway, size, week_start, units, in_stock``. Weeks that are missing count
as zero sales with the size in stock; ``in_stock=False`` marks a week when the size was
sold out for most of the week, so that zero sales that week are not read as zero demand.

:func:`weekly_history` builds that table from :class:`~cordwain.domain.SalesLine` records
and a stock-out calendar, so a service only has to load them and call it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from cordwain.domain import (
    DomainError,
    Feedback,
    PreOrder,
    PreOrderStatus,
    SalesLine,
    Style,
    UnknownSize,
    Variant,
    WaitlistEntry,
    check_code,
    format_size,
)

HISTORY_COLUMNS = ("style", "colourway", "size", "week_start", "units", "in_stock")

#: Candidate models for the style × colourway series (statsforecast names, in tie order).
DEFAULT_MODELS: tuple[str, ...] = (
    "IMAPA",
    "ADIDA",
    "CrostonOptimized",
    "TSB",
    "AutoETS",
    "WindowAverage",
    "Naive",
)

#: Retail price bands used to find similar styles for a launch (upper bounds, currency units).
PRICE_BANDS: tuple[tuple[str, float], ...] = (
    ("entry", 150.0),
    ("core", 200.0),
    ("premium", 250.0),
    ("luxury", float("inf")),
)


class ForecastInputError(DomainError):
    """Bad forecast input; the message names the table, row and column (or the entity)."""


def monday(day: date) -> date:
    """The Monday that starts ``day``'s week (weeks are Monday-based, ISO style)."""
    return day - timedelta(days=day.weekday())


def price_band_of(retail_price: float | Decimal) -> str:
    """The band of a retail price (see :data:`PRICE_BANDS`)."""
    price = float(retail_price)
    for name, upper in PRICE_BANDS:
        if price < upper:
            return name
    return PRICE_BANDS[-1][0]


@dataclass(frozen=True, slots=True)
class StyleProfile:
    """The facts about a style that demand pooling needs.

    ``sizes`` is the size run made; ``core_sizes`` are never given a zero forecast;
    ``colourways`` lists colourways to forecast even without sales (a new colourway or a
    new style); ``launched_on`` is the first day on sale, and ``colourway_launches`` the
    first day of a colourway launched on its own date. A colourway with little or no
    history uses the launch curve of similar styles from its launch week on.
    """

    code: str
    category: str
    last: str
    price_band: str
    sizes: tuple[str, ...]
    core_sizes: tuple[str, ...] = ()
    colourways: tuple[str, ...] = ()
    launched_on: date | None = None
    colourway_launches: Mapping[str, date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        where = f"style {self.code!r}"
        object.__setattr__(self, "code", check_code(self.code, "style"))
        for name in ("category", "last", "price_band"):
            if not str(getattr(self, name)).strip():
                raise ForecastInputError(f"{where}: {name} is empty", field=name)
        if not self.sizes:
            raise ForecastInputError(f"{where}: the size run is empty", field="sizes")
        try:
            sizes = tuple(format_size(s) for s in self.sizes)
            core = tuple(format_size(s) for s in self.core_sizes)
        except UnknownSize as exc:
            raise ForecastInputError(f"{where}: {exc}", field="sizes") from exc
        if len(set(sizes)) != len(sizes):
            raise ForecastInputError(f"{where}: a size is listed twice", field="sizes")
        missing = [c for c in core if c not in sizes]
        if missing:
            raise ForecastInputError(f"{where}: core sizes {missing} not in run", field="core")
        object.__setattr__(self, "sizes", tuple(sorted(sizes, key=float)))
        object.__setattr__(self, "core_sizes", core)
        object.__setattr__(
            self, "colourways", tuple(check_code(c, "colourway") for c in self.colourways)
        )
        object.__setattr__(
            self,
            "colourway_launches",
            {check_code(c, "colourway"): d for c, d in dict(self.colourway_launches).items()},
        )

    def launch_of(self, colourway: str) -> date | None:
        """The launch day of a colourway (its own, else the style's), if known."""
        return self.colourway_launches.get(colourway, self.launched_on)

    @classmethod
    def from_style(
        cls,
        style: Style,
        colourways: Iterable[str] = (),
        *,
        price_band: str | None = None,
        launched_on: date | None = None,
    ) -> StyleProfile:
        """Profile of a catalogue :class:`~cordwain.domain.Style` (price band from retail)."""
        return cls(
            code=style.code,
            category=style.category,
            last=style.last,
            price_band=price_band or price_band_of(style.retail_price),
            sizes=tuple(style.size_run.sizes),
            core_sizes=tuple(style.size_run.core),
            colourways=tuple(colourways),
            launched_on=launched_on,
        )


@dataclass(frozen=True, slots=True)
class DropOutcome:
    """A past waitlist drop: how many signed up and how many pairs they ordered after."""

    drop: str
    signups: int
    orders: int

    def __post_init__(self) -> None:
        if self.signups < 0 or self.orders < 0:
            raise ForecastInputError(
                f"drop {self.drop!r}: sign-ups and orders cannot be negative", field="signups"
            )


@dataclass(frozen=True, eq=False)
class ForecastProblem:
    """Everything :func:`cordwain.forecast.solve` needs.

    ``as_of`` is the Monday the horizon starts (default: the week after the last history
    week); history must end before it. ``critical_ratio`` is the newsvendor ratio
    ``underage / (underage + overage)`` at which models are compared. Signals:
    ``pre_orders`` (open ones are committed demand), ``waitlist`` (sign-ups still waiting,
    per style × colourway, optionally per size), ``past_drops`` (to learn how many
    sign-ups turn into orders) and ``feedback`` (reviews with fit, size exchanges).
    """

    history: pd.DataFrame
    styles: tuple[StyleProfile, ...]
    horizon_weeks: int = 4
    quantile_levels: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9)
    critical_ratio: float = 0.75
    as_of: date | None = None
    pre_orders: tuple[PreOrder, ...] = ()
    waitlist: tuple[WaitlistEntry, ...] = ()
    past_drops: tuple[DropOutcome, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    candidate_models: tuple[str, ...] = DEFAULT_MODELS
    cv_windows: int = 6
    min_history_weeks: int = 8
    #: Pseudo-weeks given to the pooled category rate when a series is short.
    pooling_weeks: float = 4.0
    #: A core size gets at least this fraction of a uniform share of its style.
    core_share_floor: float = 0.25
    #: Weight of the all-series average CV loss when choosing a model for one series.
    selection_pooling: float = 1.0
    #: False gives each colourway its plain historical size share (for comparison only).
    size_pooling: bool = True
    style_index: dict[str, StyleProfile] = field(init=False, repr=False)
    weeks: pd.DatetimeIndex = field(init=False, repr=False)

    def __post_init__(self) -> None:
        styles = tuple(self.styles)
        object.__setattr__(self, "styles", styles)
        index: dict[str, StyleProfile] = {}
        for i, s in enumerate(styles):
            if not isinstance(s, StyleProfile):
                raise ForecastInputError(f"styles[{i}] is not a StyleProfile", field="styles")
            if s.code in index:
                raise ForecastInputError(f"style {s.code} is listed twice", field="styles")
            index[s.code] = s
        object.__setattr__(self, "style_index", index)
        if not isinstance(self.horizon_weeks, int | np.integer) or self.horizon_weeks < 1:
            raise ForecastInputError("horizon_weeks must be a positive whole number", "horizon")
        levels = tuple(float(q) for q in self.quantile_levels)
        if not levels or any(not 0.0 < q < 1.0 for q in levels):
            raise ForecastInputError(
                f"quantile levels must lie strictly between 0 and 1, got {levels}",
                field="quantile_levels",
            )
        object.__setattr__(self, "quantile_levels", tuple(sorted(set(levels))))
        if not 0.0 < float(self.critical_ratio) < 1.0:
            raise ForecastInputError("critical_ratio must lie strictly between 0 and 1", "cr")
        unknown = [m for m in self.candidate_models if m not in DEFAULT_MODELS]
        if unknown or not self.candidate_models:
            raise ForecastInputError(
                f"unknown candidate models {unknown}; choose from {DEFAULT_MODELS}",
                field="candidate_models",
            )
        if self.cv_windows < 1 or self.min_history_weeks < 2:
            raise ForecastInputError("cv_windows ≥ 1 and min_history_weeks ≥ 2", "cv_windows")
        history = _validate_history(self.history, index)
        as_of = self.as_of
        if as_of is None:
            if history.empty:
                raise ForecastInputError("no history and no as_of date", field="as_of")
            as_of = (history["week_start"].max() + pd.Timedelta(weeks=1)).date()
        as_of = monday(pd.Timestamp(as_of).date())
        object.__setattr__(self, "as_of", as_of)
        late = history.index[history["week_start"] >= pd.Timestamp(as_of)]
        if len(late):
            row = int(late[0])
            raise ForecastInputError(
                f"history row {row} (column 'week_start'): week "
                f"{history.loc[row, 'week_start'].date()} is not before the forecast start "
                f"{as_of} — a date in the future",
                field="week_start",
            )
        object.__setattr__(self, "history", history)
        for i, p in enumerate(self.pre_orders):
            _check_variant(p.variant, index, f"pre_orders[{i}] ({p.reference})")
        for i, w in enumerate(self.waitlist):
            where = f"waitlist[{i}]"
            style = _check_style(w.style_code, index, where)
            if w.size is not None and format_size(w.size) not in style.sizes:
                raise ForecastInputError(f"{where}: size {w.size} not in the run", field="size")
        for i, f in enumerate(self.feedback):
            _check_variant(f.variant, index, f"feedback[{i}]")
        for name in ("pooling_weeks", "core_share_floor", "selection_pooling"):
            if not float(getattr(self, name)) >= 0:
                raise ForecastInputError(f"{name} cannot be negative", field=name)
        first = history["week_start"].min() if not history.empty else pd.Timestamp(as_of)
        weeks = pd.date_range(first, pd.Timestamp(as_of) - pd.Timedelta(weeks=1), freq="7D")
        object.__setattr__(self, "weeks", weeks)

    @property
    def open_pre_orders(self) -> list[PreOrder]:
        return [p for p in self.pre_orders if p.status is PreOrderStatus.OPEN]


def _check_style(code: str, index: Mapping[str, StyleProfile], where: str) -> StyleProfile:
    try:
        return index[check_code(code, "style")]
    except (KeyError, DomainError) as exc:
        raise ForecastInputError(f"{where}: unknown style {code!r}", field="style") from exc


def _check_variant(v: Variant, index: Mapping[str, StyleProfile], where: str) -> None:
    style = _check_style(v.style_code, index, where)
    if v.size not in style.sizes:
        raise ForecastInputError(
            f"{where}: unknown variant {v.sku} (size {v.size} not in the run of {style.code})",
            field="size",
        )


def _validate_history(raw: pd.DataFrame, index: Mapping[str, StyleProfile]) -> pd.DataFrame:
    """A clean copy of the history table; errors name the row and column."""
    if not isinstance(raw, pd.DataFrame):
        raise ForecastInputError("history must be a pandas DataFrame", field="history")
    missing = [c for c in HISTORY_COLUMNS if c not in raw.columns and c != "in_stock"]
    if missing:
        raise ForecastInputError(f"history is missing columns {missing}", field="history")
    df = raw.reset_index(drop=True).copy()
    if "in_stock" not in df.columns:
        df["in_stock"] = True

    def fail(rows: pd.Index, column: str, why: str) -> None:
        row = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        raise ForecastInputError(
            f"history row {row} (column {column!r}): {df.loc[row, column]!r} {why}{more}",
            field=column,
        )

    for column in ("style", "colourway", "size"):
        bad = df.index[df[column].isna()]
        if len(bad):
            fail(bad, column, "is missing")
    # Normalise each distinct label once: tables have many rows and few labels.
    style_map: dict[object, str | None] = {}
    for value in df["style"].unique():
        try:
            code = check_code(str(value), "style")
        except DomainError:
            code = None
        style_map[value] = code if code in index else None
    df["style"] = df["style"].map(style_map)
    bad = df.index[df["style"].isna()]
    if len(bad):
        df.loc[bad, "style"] = raw.reset_index(drop=True).loc[bad, "style"]
        fail(bad, "style", "is an unknown style (not in the catalogue given)")
    colour_map: dict[object, str | None] = {}
    for value in df["colourway"].unique():
        try:
            colour_map[value] = check_code(str(value), "colourway")
        except DomainError:
            colour_map[value] = None
    cw = df["colourway"].map(colour_map)
    bad = df.index[cw.isna()]
    if len(bad):
        fail(bad, "colourway", "is not a colourway code (letters, digits, _)")
    df["colourway"] = cw
    size_map: dict[object, str | None] = {}
    for value in df["size"].unique():
        try:
            size_map[value] = format_size(str(value))
        except DomainError:
            size_map[value] = None
    sizes = df["size"].map(size_map)
    bad = df.index[sizes.isna()]
    if len(bad):
        fail(bad, "size", "is not a size")
    df["size"] = sizes
    in_run = np.fromiter(
        (s in index[st].sizes for st, s in zip(df["style"], df["size"], strict=True)),
        dtype=bool,
        count=len(df),
    )
    bad = df.index[~in_run]
    if len(bad):
        row = int(bad[0])
        raise ForecastInputError(
            f"history row {row} (column 'size'): unknown variant "
            f"{df.loc[row, 'style']}-{df.loc[row, 'colourway']}-{df.loc[row, 'size']} — size "
            f"not in the run of {df.loc[row, 'style']}",
            field="size",
        )
    weeks = pd.to_datetime(df["week_start"], errors="coerce")
    bad = df.index[weeks.isna()]
    if len(bad):
        fail(bad, "week_start", "is not a date")
    df["week_start"] = weeks.dt.normalize() - pd.to_timedelta(weeks.dt.weekday, unit="D")
    units = pd.to_numeric(df["units"], errors="coerce")
    bad = df.index[units.isna() | ~np.isfinite(units.to_numpy(dtype=float, na_value=np.nan))]
    if len(bad):
        fail(bad, "units", "is not a number")
    bad = df.index[units < 0]
    if len(bad):
        fail(bad, "units", "is negative: units sold cannot be below zero")
    bad = df.index[units != np.round(units)]
    if len(bad):
        fail(bad, "units", "is not a whole number of pairs")
    df["units"] = units.astype(np.int64)
    df["in_stock"] = df["in_stock"].fillna(True).astype(bool)
    dup = df.duplicated(["style", "colourway", "size", "week_start"], keep="first")
    if dup.any():
        # The same SKU-week twice is most likely two channels: add them up.
        df = (
            df.groupby(["style", "colourway", "size", "week_start"], as_index=False, sort=False)
            .agg(units=("units", "sum"), in_stock=("in_stock", "all"))
            .reset_index(drop=True)
        )
    return df[list(HISTORY_COLUMNS)]


@dataclass(frozen=True, slots=True)
class StockOut:
    """A variant sold out from ``start`` to ``end`` inclusive (from the stock ledger)."""

    variant: Variant
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ForecastInputError(f"stock-out of {self.variant} ends before it starts", "end")


def weekly_history(
    sales: Iterable[SalesLine],
    styles: Sequence[StyleProfile],
    *,
    as_of: date,
    stockouts: Iterable[StockOut] = (),
    start: date | None = None,
) -> pd.DataFrame:
    """Weekly units per variant from sales lines, with sold-out weeks flagged.

    Sales on or after ``as_of`` are an error (the history would see the future). A week
    counts as out of stock for a size when the size was sold out on 4 or more of its 7 days.
    Every size of a style × colourway gets a row for every week from its first sale (or
    ``start``) to the week before ``as_of``, so zero weeks are explicit.
    """
    index = {s.code: s for s in styles}
    as_of_week = pd.Timestamp(monday(as_of))
    records: dict[tuple[str, str, str, pd.Timestamp], int] = {}
    first_week: dict[tuple[str, str], pd.Timestamp] = {}
    for i, line in enumerate(sales):
        where = f"sales line {i} ({line.day}, {line.variant.sku})"
        _check_variant(line.variant, index, where)
        if line.day >= as_of:
            raise ForecastInputError(
                f"{where}: dated on or after the forecast start {as_of} — a date in the future",
                field="day",
            )
        if line.quantity < 0:
            raise ForecastInputError(f"{where}: negative quantity", field="quantity")
        week = pd.Timestamp(monday(line.day))
        v = line.variant
        key = (v.style_code, v.colourway_code, v.size, week)
        records[key] = records.get(key, 0) + int(line.quantity)
        sc = (v.style_code, v.colourway_code)
        first_week[sc] = min(first_week.get(sc, week), week)
    for s in styles:
        for c in s.colourways:
            launch = s.launch_of(c)
            if (s.code, c) not in first_week and launch and launch < as_of:
                first_week[(s.code, c)] = pd.Timestamp(monday(launch))
    out_days: dict[tuple[str, str, str, pd.Timestamp], int] = {}
    for i, so in enumerate(stockouts):
        _check_variant(so.variant, index, f"stockouts[{i}] ({so.variant.sku})")
        day = so.start
        last = min(so.end, as_of - timedelta(days=1))
        while day <= last:
            v = so.variant
            key = (v.style_code, v.colourway_code, v.size, pd.Timestamp(monday(day)))
            out_days[key] = out_days.get(key, 0) + 1
            day += timedelta(days=1)
    rows = []
    for (style, colour), first in sorted(first_week.items()):
        begin = max(first, pd.Timestamp(monday(start))) if start else first
        for week in pd.date_range(begin, as_of_week - pd.Timedelta(weeks=1), freq="7D"):
            for size in index[style].sizes:
                key = (style, colour, size, week)
                rows.append(
                    (style, colour, size, week, records.get(key, 0), out_days.get(key, 0) < 4)
                )
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


def drop_outcomes(
    waitlist: Iterable[WaitlistEntry],
    sales: Iterable[SalesLine],
    *,
    window_weeks: int = 4,
) -> tuple[DropOutcome, ...]:
    """Past drops: sign-ups per drop and the pairs of that colourway sold after it opened.

    A drop opens on the first sale of its style × colourway on or after its last sign-up;
    orders are the pairs sold in the ``window_weeks`` that follow. Drops with no sale yet
    are still open and are left out (they belong in the problem's ``waitlist``).
    """
    signups: dict[str, int] = {}
    last_signup: dict[str, date] = {}
    colourway_of: dict[str, tuple[str, str]] = {}
    for w in waitlist:
        if not w.drop:
            continue
        signups[w.drop] = signups.get(w.drop, 0) + int(w.signups)
        last_signup[w.drop] = max(last_signup.get(w.drop, w.day), w.day)
        colourway_of[w.drop] = (
            check_code(w.style_code, "style"),
            check_code(w.colourway_code, "colourway"),
        )
    by_colourway: dict[tuple[str, str], list[SalesLine]] = {}
    for line in sales:
        key = (line.variant.style_code, line.variant.colourway_code)
        by_colourway.setdefault(key, []).append(line)
    out = []
    for drop, n in sorted(signups.items()):
        lines = [
            ln for ln in by_colourway.get(colourway_of[drop], []) if ln.day >= last_signup[drop]
        ]
        if not lines:
            continue
        opened = min(ln.day for ln in lines)
        end = opened + timedelta(weeks=window_weeks)
        orders = sum(ln.quantity for ln in lines if ln.day < end)
        out.append(DropOutcome(drop, n, orders))
    return tuple(out)
