"""Two years of what customers did: daily sales, stock-outs, pre-orders, waitlists, feedback.

Expected pairs per SKU per day = style level × life cycle (launch ramp, plateau, decline)
× season of its category × a weekly shock shared by the style (a good or bad week)
× promotions (Black Friday, the January sale, end-of-life markdowns) × channel share
× weekday pattern × colourway share × size share. Counts are Poisson draws around that; days
inside a stock-out spell of a SKU sell nothing, and the spells are kept so a forecaster can
treat them as censored, not as zero demand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from cordwain.domain import (
    Feedback,
    FeedbackKind,
    Fit,
    PreOrder,
    PreOrderStatus,
    SalesLine,
    SizeSystem,
    Style,
    Variant,
    WaitlistEntry,
)
from cordwain.domain.units import money

#: Share of pairs by US men's size (%), after the 99,956 StockX sales in FOOTWEAR.md: 10 is
#: the peak (~11%), 9–11 about half, 12.5 and 14 rare.
MEN_SIZE_CURVE: dict[str, float] = {
    "7": 4.5, "7.5": 5.0, "8": 7.5, "8.5": 7.5, "9": 10.0, "9.5": 10.0, "10": 11.5,
    "10.5": 9.5, "11": 9.7, "11.5": 6.0, "12": 9.5, "12.5": 0.8, "13": 6.0, "14": 2.5,
}  # fmt: skip
#: US women's: peak at 8, thin tails at 5 and 11.
WOMEN_SIZE_CURVE: dict[str, float] = {
    "5": 2.0, "5.5": 2.5, "6": 6.0, "6.5": 8.0, "7": 11.0, "7.5": 12.0, "8": 13.0,
    "8.5": 12.0, "9": 11.0, "9.5": 8.0, "10": 7.0, "10.5": 3.5, "11": 4.0,
}  # fmt: skip

#: Monthly demand multipliers (Jan..Dec) by category: holidays for sneakers, winter for
#: boots, spring and summer for loafers.
SEASONS: dict[str, tuple[float, ...]] = {
    "sneaker": (0.78, 0.80, 0.95, 1.02, 1.05, 1.00, 0.95, 1.08, 0.98, 0.95, 1.15, 1.30),
    "boot": (0.95, 0.75, 0.65, 0.55, 0.45, 0.40, 0.42, 0.60, 0.95, 1.35, 1.65, 1.85),
    "loafer": (0.72, 0.82, 1.05, 1.25, 1.35, 1.30, 1.15, 1.00, 0.90, 0.82, 0.92, 1.05),
    "derby": (0.85, 0.85, 1.00, 1.05, 1.08, 1.02, 0.90, 0.92, 1.00, 1.02, 1.12, 1.25),
}

#: Weekday weights (Mon..Sun): the web sells every day (Monday is email day); the flagship
#: store on Sunset is closed on Mondays and busiest at the weekend.
WEEKDAY = {
    "web": (1.15, 1.05, 1.00, 0.95, 0.90, 0.95, 1.00),
    "retail": (0.0, 0.75, 0.85, 0.95, 1.25, 1.75, 1.45),
}
CHANNELS = ("web", "retail")


@dataclass(frozen=True, slots=True)
class LifeCycle:
    """How a style sells over its life, relative to ``today`` (weeks; negative is past)."""

    launch_week: float
    level: float  # pairs per week at maturity, before season
    season: str
    ramp_weeks: float = 5.0
    launch_spike: float = 0.8  # extra demand at launch (the waitlist converting)
    decline_week: float | None = None
    half_life_weeks: float = 40.0
    web_share: float = 0.68
    colourway_shares: tuple[float, float, float] = (0.45, 0.35, 0.20)
    #: probabilities that a customer finds it small / true / large
    fit: tuple[float, float, float] = (0.10, 0.82, 0.08)
    #: markdown for clearance, from this week on (end of life)
    clearance_week: float | None = None


LIFE: dict[str, LifeCycle] = {
    "MARA": LifeCycle(-190, 40, "sneaker", decline_week=-24, half_life_weeks=90,
                      colourway_shares=(0.42, 0.38, 0.20)),
    "ECHO": LifeCycle(-112, 34, "sneaker", ramp_weeks=8, launch_spike=1.2, decline_week=-58,
                      half_life_weeks=42, colourway_shares=(0.48, 0.30, 0.22),
                      fit=(0.12, 0.80, 0.08)),
    "SILV": LifeCycle(-250, 20, "boot", colourway_shares=(0.50, 0.32, 0.18),
                      fit=(0.08, 0.80, 0.12)),
    "ROSE": LifeCycle(-95, 13, "derby", ramp_weeks=10, colourway_shares=(0.40, 0.35, 0.25),
                      fit=(0.45, 0.50, 0.05)),
    "VENI": LifeCycle(-200, 17, "loafer", decline_week=-50, half_life_weeks=20,
                      colourway_shares=(0.45, 0.30, 0.25), fit=(0.06, 0.66, 0.28),
                      clearance_week=-14),
    "LUNA": LifeCycle(-24, 28, "sneaker", ramp_weeks=4, launch_spike=1.5, web_share=0.82,
                      colourway_shares=(0.40, 0.38, 0.22), fit=(0.15, 0.75, 0.10)),
    # The chukka drops in January: pre-orders and a waitlist, no sales yet.
    "TOPA": LifeCycle(5, 22, "boot", colourway_shares=(0.50, 0.30, 0.20)),
}  # fmt: skip

_CATEGORY_SEASON = {
    "sneaker": "sneaker",
    "high-top": "sneaker",
    "sneaker-women": "sneaker",
    "boot": "boot",
    "chukka": "boot",
    "derby": "derby",
    "loafer": "loafer",
}


@dataclass(frozen=True, slots=True)
class StockOut:
    """A spell with no pair of a SKU on the shelf (days inclusive): its sales are censored.

    A spell still running when the demo was generated ends on ``today``.
    """

    variant: Variant
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class DemandHistory:
    sales: list[SalesLine]
    stockouts: list[StockOut]
    preorders: list[PreOrder]
    waitlist: list[WaitlistEntry]
    feedback: list[Feedback]
    #: expected pairs per week per SKU over the last eight weeks (for stock levels)
    recent_weekly: dict[str, float]


def black_friday(year: int) -> date:
    """The day after the fourth Thursday of November."""
    first = date(year, 11, 1)
    first_thu = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thu + timedelta(days=22)


def size_curve(system: SizeSystem, sizes: tuple[str, ...]) -> np.ndarray:
    base = MEN_SIZE_CURVE if system is SizeSystem.US_MEN else WOMEN_SIZE_CURVE
    w = np.array([base.get(s, 0.5) for s in sizes], dtype=float)
    return w / w.sum()


def _season_by_day(days: list[date], curve: tuple[float, ...]) -> np.ndarray:
    months = np.array(curve) / np.mean(curve)
    # Interpolate between mid-months so demand changes smoothly across a month boundary.
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    mids = (np.arange(12) + 0.5) * 365.25 / 12
    xs = np.concatenate([mids - 365.25, mids, mids + 365.25])
    ys = np.concatenate([months, months, months])
    return np.interp(doy, xs, ys)


def _life_by_day(life: LifeCycle, weeks: np.ndarray) -> np.ndarray:
    t = weeks - life.launch_week
    on = t >= 0
    ramp = 1 - np.exp(-np.clip(t, 0, None) / max(life.ramp_weeks / 3, 0.1))
    spike = life.launch_spike * np.exp(-np.clip(t, 0, None) / 2.5)
    level = np.where(on, ramp + spike, 0.0)
    if life.decline_week is not None:
        past = np.clip(weeks - life.decline_week, 0, None)
        level = level * 0.5 ** (past / life.half_life_weeks)
    return level


def _price_factor(
    style: str, days: list[date], weeks: np.ndarray, channel: str
) -> tuple[np.ndarray, np.ndarray]:
    """Price multiplier and demand lift per day: promotions and clearance."""
    price = np.ones(len(days))
    lift = np.ones(len(days))
    life = LIFE[style]
    for i, d in enumerate(days):
        bf = black_friday(d.year)
        if bf - timedelta(days=1) <= d <= bf + timedelta(days=3):  # Thursday to Cyber Monday
            price[i] = 0.80 if channel == "web" else 0.90
            lift[i] = 2.4 if channel == "web" else 1.7
        elif d.month == 1 and 2 <= d.day <= 20 and channel == "web":
            price[i], lift[i] = 0.80, 1.2
        if life.clearance_week is not None and weeks[i] >= life.clearance_week:
            price[i] = min(price[i], 0.70)
            lift[i] *= 1.3
    return price, lift


def _variants(style: Style, colourways: list[str]) -> list[Variant]:
    return [Variant(style.code, c, s) for c in colourways for s in style.size_run.sizes]


def make_demand(
    rng: np.random.Generator,
    styles: list[Style],
    colourways: dict[str, list[str]],
    today: date,
) -> DemandHistory:
    start = today - timedelta(days=731)
    days = [start + timedelta(days=i) for i in range((today - start).days)]
    n_days = len(days)
    weeks = np.array([(d - today).days / 7 for d in days])
    weekday = np.array([d.weekday() for d in days])
    week_index = (np.arange(n_days) + start.weekday()) // 7

    sales: list[tuple[date, str, str, Variant, int, Decimal]] = []
    stockouts: list[StockOut] = []
    recent: dict[str, float] = {}
    prices: dict[tuple[str, float], Decimal] = {}

    for style in styles:
        life = LIFE[style.code]
        cws = colourways[style.code]
        variants = _variants(style, cws)
        size_w = size_curve(style.size_run.system, style.size_run.sizes)
        size_w = size_w * rng.lognormal(0, 0.06, len(size_w))
        size_w /= size_w.sum()
        cw_w = np.array(life.colourway_shares) * rng.lognormal(0, 0.08, 3)
        cw_w /= cw_w.sum()
        share = np.outer(cw_w, size_w).ravel()  # per variant, colourway-major like `variants`

        season = _season_by_day(days, SEASONS[_CATEGORY_SEASON[style.category]])
        shock = rng.gamma(25.0, 1 / 25.0, week_index.max() + 1)[week_index]
        base = life.level * _life_by_day(life, weeks) * season * shock / 7.0
        for key, v in zip((v.sku for v in variants), base[-56:].mean() * 7 * share, strict=True):
            recent[key] = float(v)
        if not base.any():
            continue

        rates = np.empty((n_days, len(variants), 2))
        factors = []
        for c, channel in enumerate(CHANNELS):
            price, lift = _price_factor(style.code, days, weeks, channel)
            ch_share = life.web_share if channel == "web" else 1 - life.web_share
            dow = np.array(WEEKDAY[channel])[weekday] * 7 / sum(WEEKDAY[channel])
            rates[:, :, c] = np.outer(base * lift * ch_share * dow, share)
            factors.append(price)
        counts = rng.poisson(rates)

        spells = _stockout_spells(rng, style, life, variants, size_w, days, today)
        for vi, d0, d1 in spells:
            counts[d0 : d1 + 1, vi, :] = 0
            last = days[d1] if d1 < n_days - 1 else today
            stockouts.append(StockOut(variants[vi], days[d0], last))

        for d, vi, c in zip(*np.nonzero(counts), strict=True):
            f = round(float(factors[c][d]), 2)
            key = (style.code, f)
            if key not in prices:
                prices[key] = money(style.retail_price * Decimal(str(f)))
            sales.append(
                (days[d], variants[vi].sku, CHANNELS[c], variants[vi], int(counts[d, vi, c]),
                 prices[key])
            )  # fmt: skip

    sales.sort(key=lambda r: (r[0], r[1], r[2]))
    sales_lines = [
        SalesLine(day=d, variant=v, quantity=q, unit_price=p, channel=ch)
        for d, _, ch, v, q, p in sales
    ]
    stockouts.sort(key=lambda s: (s.first_day, s.variant.sku))
    by_style = {s.code: s for s in styles}
    preorders, waitlist = _drops(rng, by_style, colourways, today, stockouts)
    feedback = _feedback(rng, by_style, sales_lines, today)
    return DemandHistory(sales_lines, stockouts, preorders, waitlist, feedback, recent)


def _stockout_spells(
    rng: np.random.Generator,
    style: Style,
    life: LifeCycle,
    variants: list[Variant],
    size_w: np.ndarray,
    days: list[date],
    today: date,
) -> list[tuple[int, int, int]]:
    """Spells of (variant index, first day index, last day index) with nothing on the shelf.

    Popular sizes sell out between batches; odd sizes run out because few were made. Two
    styles also have a SKU sold out right now (the spell reaches the last day).
    """
    n_days = len(days)
    first_active = int(np.searchsorted([(d - today).days / 7 for d in days], life.launch_week))
    first_active = min(max(first_active + 28, 0), n_days - 1)
    if first_active >= n_days - 14:
        return []
    n_sizes = len(size_w)
    n_spells = int(round(life.level / 5)) + int(rng.integers(0, 3))
    out: list[tuple[int, int, int]] = []
    for _ in range(n_spells):
        size_i = int(
            rng.choice(n_sizes, p=size_w) if rng.random() < 0.5 else rng.integers(0, n_sizes)
        )
        vi = int(rng.integers(0, 3)) * n_sizes + size_i
        length = int(rng.integers(7, 36))
        d0 = int(rng.integers(first_active, max(first_active + 1, n_days - length)))
        out.append((vi, d0, d0 + length - 1))
    if style.code in ("MARA", "LUNA"):
        for _ in range(2):
            vi = int(rng.integers(0, 3)) * n_sizes + int(rng.choice(n_sizes, p=size_w))
            out.append((vi, n_days - int(rng.integers(8, 25)), n_days - 1))
    # One spell per SKU at a time: merge overlaps so the records do not contradict.
    out.sort()
    merged: list[tuple[int, int, int]] = []
    for vi, d0, d1 in out:
        if merged and merged[-1][0] == vi and d0 <= merged[-1][2] + 1:
            merged[-1] = (vi, merged[-1][1], max(d1, merged[-1][2]))
        else:
            merged.append((vi, d0, d1))
    return merged


def _pick_variant(
    rng: np.random.Generator, style: Style, colourways: list[str], n: int
) -> list[Variant]:
    life = LIFE[style.code]
    cw = np.array(life.colourway_shares) / sum(life.colourway_shares)
    sw = size_curve(style.size_run.system, style.size_run.sizes)
    ci = rng.choice(len(colourways), size=n, p=cw)
    si = rng.choice(len(sw), size=n, p=sw)
    return [
        Variant(style.code, colourways[c], style.size_run.sizes[s])
        for c, s in zip(ci, si, strict=True)
    ]


def _drops(
    rng: np.random.Generator,
    styles: dict[str, Style],
    colourways: dict[str, list[str]],
    today: date,
    stockouts: list[StockOut],
) -> tuple[list[PreOrder], list[WaitlistEntry]]:
    """Pre-orders and waitlists: the Topanga drop ahead, the Luna launch behind, restocks."""
    preorders: list[PreOrder] = []
    waitlist: list[WaitlistEntry] = []
    number = 1

    def campaign(
        style: Style,
        drop: str,
        wait_from: date,
        open_on: date,
        close_on: date,
        promise: list[tuple[date, date]],
        status: PreOrderStatus,
        rate: float,
    ) -> None:
        nonlocal number
        cws = colourways[style.code]
        day = wait_from
        while day < open_on:
            n = int(rng.poisson(rate * 1.6))
            if n:
                for v in _pick_variant(rng, style, cws, n):
                    # About half the sign-ups leave a size; the rest only a colourway.
                    size = v.size if rng.random() < 0.55 else None
                    waitlist.append(WaitlistEntry(day, style.code, v.colourway_code, size, 1, drop))
            day += timedelta(days=1)
        day = open_on
        while day < close_on:
            # The first days convert the waitlist; then a steady trickle.
            n = int(rng.poisson(rate * (1 + 5 * math.exp(-(day - open_on).days / 3))))
            for v in _pick_variant(rng, style, cws, n):
                promised = next(p for until, p in promise if day < until)
                cancelled = rng.random() < 0.04
                preorders.append(
                    PreOrder(
                        reference=f"PRE-{number:05d}",
                        variant=v,
                        quantity=2 if rng.random() < 0.08 else 1,
                        placed_on=day,
                        promised_by=promised,
                        status=PreOrderStatus.CANCELLED if cancelled else status,
                    )
                )
                number += 1
            day += timedelta(days=1)

    luna_launch = today + timedelta(weeks=LIFE["LUNA"].launch_week)
    campaign(
        styles["LUNA"],
        "LUNA-LAUNCH",
        luna_launch - timedelta(days=75),
        luna_launch - timedelta(days=35),
        luna_launch,
        [(luna_launch, luna_launch + timedelta(days=7))],
        PreOrderStatus.FULFILLED,
        2.0,
    )
    open_on = today - timedelta(days=38)
    # Early orders make the first production slot; later ones the second.
    campaign(
        styles["TOPA"],
        "TOPA-DROP-1",
        today - timedelta(days=95),
        open_on,
        today,
        [
            (today - timedelta(days=14), today + timedelta(days=33)),
            (today + timedelta(days=1), today + timedelta(days=54)),
        ],
        PreOrderStatus.OPEN,
        3.0,
    )
    # "Notify me" sign-ups on SKUs sold out right now.
    for so in stockouts:
        if so.last_day != today:
            continue
        day = so.first_day
        while day < today:
            n = int(rng.poisson(0.6))
            if n:
                v = so.variant
                waitlist.append(
                    WaitlistEntry(day, v.style_code, v.colourway_code, v.size, n, "RESTOCK")
                )
            day += timedelta(days=1)
    # One entry per day, colourway, size and drop, counting its sign-ups.
    tally: dict[tuple[date, str, str, str | None, str], int] = {}
    for w in waitlist:
        key = (w.day, w.style_code, w.colourway_code, w.size, w.drop)
        tally[key] = tally.get(key, 0) + w.signups
    merged = [
        WaitlistEntry(d, st, cw, size, n, drop) for (d, st, cw, size, drop), n in tally.items()
    ]
    merged.sort(key=lambda w: (w.day, w.style_code, w.colourway_code, w.size or "", w.drop))
    return preorders, merged


_REVIEW_TEXT = {
    Fit.TRUE: (
        "Fits true to size, comfortable from day one.",
        "Beautiful leather, took a week to break in, now my daily pair.",
        "Great craftsmanship, you can tell they're made by hand.",
        "Love the colour, looks even better in person.",
    ),
    Fit.SMALL: (
        "Runs small - size up half a size.",
        "Lovely shoe but tight in the toe box; I had to exchange for a half size up.",
        "Snug across the width, would order half a size bigger.",
    ),
    Fit.LARGE: (
        "Runs large, my heel slips. Size down half.",
        "Roomy fit, I wear thicker socks with them.",
        "A bit big; go half a size down.",
    ),
}
_LOW_TEXT = (
    "Sole started separating at the toe after a month.",
    "Stitching on the collar came loose.",
    "Colour is darker than the photos.",
    "Creased a lot more than I expected.",
)
_RETURN_TEXT = {
    "TOO_SMALL": "Too small",
    "TOO_LARGE": "Too big",
    "DEFECT": "Glue mark on the toe / loose stitch",
    "NOT_AS_PICTURED": "Colour not as pictured",
    "CHANGED_MIND": "Changed my mind",
    "COMFORT": "Uncomfortable at the heel",
}


def _neighbour(style: Style, size: str, up: bool) -> str | None:
    sizes = style.size_run.sizes
    i = sizes.index(size) + (1 if up else -1)
    return sizes[i] if 0 <= i < len(sizes) else None


def _feedback(
    rng: np.random.Generator, styles: dict[str, Style], sales: list[SalesLine], today: date
) -> list[Feedback]:
    """Reviews (~5% of pairs), returns (~10% web, ~2% store) and size exchanges."""
    out: list[Feedback] = []
    qty = np.array([s.quantity for s in sales])
    web = np.array([s.channel == "web" for s in sales])
    fit_small = np.array([LIFE[s.variant.style_code].fit[0] for s in sales])
    fit_large = np.array([LIFE[s.variant.style_code].fit[2] for s in sales])
    misfit = fit_small + fit_large
    n_review = rng.binomial(qty, 0.05)
    n_return = rng.binomial(qty, np.where(web, 0.08, 0.02) + 0.08 * misfit * web)
    n_exchange = rng.binomial(qty, 0.015 + 0.1 * misfit)
    reasons = ("TOO_SMALL", "TOO_LARGE", "DEFECT", "NOT_AS_PICTURED", "CHANGED_MIND", "COMFORT")
    for i in np.nonzero(n_review + n_return + n_exchange)[0]:
        line = sales[i]
        style = styles[line.variant.style_code]
        p_small, p_true, p_large = LIFE[style.code].fit
        for _ in range(n_review[i]):
            day = line.day + timedelta(days=int(rng.integers(7, 45)))
            if day >= today:
                continue
            fit = Fit(rng.choice(["small", "true", "large"], p=[p_small, p_true, p_large]))
            good = fit is Fit.TRUE
            rating = int(
                rng.choice(
                    [1, 2, 3, 4, 5],
                    p=[0.01, 0.02, 0.06, 0.24, 0.67] if good else [0.04, 0.08, 0.24, 0.38, 0.26],
                )
            )
            texts = _LOW_TEXT if rating <= 2 else _REVIEW_TEXT[fit]
            out.append(
                Feedback(
                    day,
                    line.variant,
                    FeedbackKind.REVIEW,
                    rating=rating,
                    fit=fit,
                    text=str(texts[int(rng.integers(len(texts)))]),
                )
            )
        for _ in range(n_return[i]):
            day = line.day + timedelta(days=int(rng.integers(5, 31)))
            if day >= today:
                continue
            # Fit returns grow with how often the style is found small or large.
            w = np.array([3 * p_small, 3 * p_large, 0.08, 0.12, 0.20, 0.10])
            w /= w.sum()
            reason = str(rng.choice(reasons, p=w))
            fit = {"TOO_SMALL": Fit.SMALL, "TOO_LARGE": Fit.LARGE}.get(reason)
            out.append(
                Feedback(
                    day,
                    line.variant,
                    FeedbackKind.RETURN,
                    fit=fit,
                    text=_RETURN_TEXT[reason],
                    reason_code=reason,
                )
            )
        for _ in range(n_exchange[i]):
            day = line.day + timedelta(days=int(rng.integers(4, 25)))
            if day >= today:
                continue
            up = rng.random() < (p_small + 0.02) / (p_small + p_large + 0.04)
            to = _neighbour(style, line.variant.size, up)
            if to is None:
                continue  # no bigger (smaller) size in the run: it came back as a return
            out.append(
                Feedback(
                    day,
                    line.variant,
                    FeedbackKind.EXCHANGE,
                    fit=Fit.SMALL if up else Fit.LARGE,
                    text=f"Exchanged {line.variant.size} for {to}",
                    reason_code="TOO_SMALL" if up else "TOO_LARGE",
                    exchanged_to_size=to,
                )
            )
    out.sort(key=lambda f: (f.day, f.variant.sku, f.kind.value))
    return out
