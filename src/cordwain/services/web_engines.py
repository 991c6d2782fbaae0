"""What the web pages and the API show of the engines' stored results: forecasts, batch
plans, schedules, cutting plans and quality records, and their pictures as SVG text.

Read-only helpers over the documents the engine services store (``forecast``, ``plan``,
``schedule``, ``cutting-plan``, ``quality.*``): the HTML page and its JSON twin are built from
the same call. Pictures are plain strings (no plotting library: a page with twenty fan charts
must still answer in a few milliseconds), every piece of text XML-escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from cordwain.domain.sizes import size_key

from .errors import ServiceError
from .web_views import NotFound

if TYPE_CHECKING:
    from cordwain.store import SqlUnitOfWork

_FONT = 'font-family="sans-serif"'
_FAN_OUT, _FAN_IN, _MEDIAN, _HISTORY, _PLAN = "#f0d3a6", "#e3a857", "#8a4b08", "#6b7c93", "#1f4e79"


def _svg_open(width: int, height: int, title: str, cls: str = "chart") -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class={quoteattr(cls)} role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]


def _text(
    x: float,
    y: float,
    text: str,
    size: int = 10,
    anchor: str = "start",
    fill: str = "#444",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {_FONT} '
        f'fill="{fill}"{extra}>{escape(text)}</text>'
    )


# --- demand ---------------------------------------------------------------------------------


def forecast_overview(uow: SqlUnitOfWork) -> dict[str, Any] | None:
    """The newest stored forecast without its variants, with the style × colourway pairs."""
    latest = uow.documents.latest("forecast")
    if latest is None:
        return None
    body = latest[1]
    groups = sorted({(r["style"], r["colourway"]) for r in body["variants"]})
    return {
        **{k: v for k, v in body.items() if k != "variants"},
        "groups": [f"{s}-{c}" for s, c in groups],
        "variant_count": len(body["variants"]),
    }


def forecast_rows(body: dict[str, Any], style: str, colourway: str) -> list[dict[str, Any]]:
    """The forecast rows of one style × colourway, smallest size first."""
    rows = [r for r in body["variants"] if r["style"] == style and r["colourway"] == colourway]
    return sorted(rows, key=lambda r: size_key(r["size"]))


def weekly_history(
    uow: SqlUnitOfWork, style: str, colourway: str, as_of: date, weeks: int = 26
) -> dict[str, list[int]]:
    """Pairs sold per week of each size of a colourway over the ``weeks`` before ``as_of``."""
    start = as_of - timedelta(weeks=weeks)
    out: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for line in uow.sales.list(since=start, until=as_of - timedelta(days=1), style_code=style):
        if line.variant.colourway_code == colourway:
            out[line.variant.sku][(line.day - start).days // 7] += line.quantity
    return dict(out)


def demand_view(
    uow: SqlUnitOfWork, group: str | None = None, *, weeks_shown: int = 26
) -> dict[str, Any] | None:
    """One colourway's forecast (``STYLE-CW``; default the first) with each size's history."""
    body = uow.documents.latest("forecast")
    if body is None:
        return None
    body = body[1]
    groups = sorted({(r["style"], r["colourway"]) for r in body["variants"]})
    if not groups:
        raise ServiceError("the stored forecast has no variants")
    if group:
        style, _, colourway = group.strip().upper().partition("-")
        if (style, colourway) not in groups:
            raise NotFound(f"no colourway {group} in the latest forecast")
    else:
        style, colourway = groups[0]
    as_of = date.fromisoformat(body["as_of"])
    rows = forecast_rows(body, style, colourway)
    history = weekly_history(uow, style, colourway, as_of, weeks_shown)
    return {
        "as_of": body["as_of"],
        "horizon_weeks": body["horizon_weeks"],
        "quantile_levels": body["quantile_levels"],
        "models": body.get("models", {}),
        "group": f"{style}-{colourway}",
        "groups": [f"{s}-{c}" for s, c in groups],
        "style": style,
        "colourway": colourway,
        "weeks_shown": weeks_shown,
        "variants": [{**r, "history": history.get(r["sku"], [0] * weeks_shown)} for r in rows],
    }


def fan_svg(
    history: Sequence[float],
    quantiles: Sequence[float],
    levels: Sequence[float],
    horizon: int,
    mean: float,
    *,
    title: str,
    width: int = 340,
    height: int = 150,
) -> str:
    """A variant's weekly sales (bars) and its forecast fan per week (bands, median, mean)."""
    per_week = {lv: q / horizon for lv, q in zip(levels, quantiles, strict=True)}
    n = len(history)
    left, right, top, bottom = 28, 8, 18, 18
    inner_w, inner_h = width - left - right, height - top - bottom
    top_value = max([*history, *per_week.values(), mean / horizon, 1.0])
    step = inner_w / (n + horizon)

    def y(v: float) -> float:
        return top + inner_h * (1 - v / top_value)

    parts = _svg_open(width, height, title, "chart fan")
    parts.append(_text(left, 12, title, 11))
    base = top + inner_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>')
    parts.append(_text(left - 4, top + 8, f"{top_value:g}", 9, "end", "#666"))
    for i, v in enumerate(history):
        if v > 0:
            x = left + i * step
            parts.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{y(v):.1f}" width="{step * 0.8:.1f}" '
                f'height="{base - y(v):.1f}" fill="{_HISTORY}"><title>'
                f"{escape(f'{n - i} weeks ago: {v:g} pairs')}</title></rect>"
            )
    x0, x1 = left + n * step, left + (n + horizon) * step
    parts.append(
        f'<line x1="{x0:.1f}" y1="{top}" x2="{x0:.1f}" y2="{base}" stroke="#bbb" '
        'stroke-dasharray="3 3"/>'
    )
    lo, hi = min(levels), max(levels)
    bands = [(lo, hi, _FAN_OUT)]
    if 0.25 in per_week and 0.75 in per_week:
        bands.append((0.25, 0.75, _FAN_IN))
    for a, b, colour in bands:
        top_y, bot_y = y(per_week[b]), y(per_week[a])
        parts.append(
            f'<rect x="{x0:.1f}" y="{top_y:.1f}" width="{x1 - x0:.1f}" '
            f'height="{max(bot_y - top_y, 1.0):.1f}" fill="{colour}"><title>'
            f"{escape(f'{a:.0%}–{b:.0%}: {per_week[a]:.2g}–{per_week[b]:.2g} pairs a week')}"
            "</title></rect>"
        )
    if 0.5 in per_week:
        ym = y(per_week[0.5])
        parts.append(
            f'<line x1="{x0:.1f}" y1="{ym:.1f}" x2="{x1:.1f}" y2="{ym:.1f}" '
            f'stroke="{_MEDIAN}" stroke-width="2"/>'
        )
    ymean = y(mean / horizon)
    parts.append(
        f'<line x1="{x0:.1f}" y1="{ymean:.1f}" x2="{x1:.1f}" y2="{ymean:.1f}" '
        f'stroke="{_PLAN}" stroke-width="1.5" stroke-dasharray="4 2">'
        f"<title>{escape(f'mean {mean:.1f} pairs over {horizon} weeks')}</title></line>"
    )
    parts.append(_text(left, height - 4, f"{n} weeks sold", 9, fill="#666"))
    parts.append(_text(x1, height - 4, f"next {horizon}", 9, "end", "#666"))
    parts.append("</svg>")
    return "".join(parts)


def size_curve_svg(
    rows: Sequence[dict[str, Any]], *, title: str, width: int = 640, height: int = 200
) -> str:
    """Share of a colourway's forecast demand per size (bars), with the 10–90% range per size."""
    total = sum(r["mean"] for r in rows) or 1.0
    n = max(1, len(rows))
    left, bottom, top = 40, 24, 20
    inner_w, inner_h = width - left - 8, height - bottom - top
    shares = [r["mean"] / total for r in rows]
    top_value = max([*shares, 0.01])
    step = inner_w / n
    parts = _svg_open(width, height, title, "chart size-curve")
    parts.append(_text(left, 13, title, 11))
    base = top + inner_h
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + inner_w}" y2="{base}" stroke="#999"/>')
    parts.append(_text(left - 4, top + 8, f"{top_value:.0%}", 9, "end", "#666"))
    for i, (r, share) in enumerate(zip(rows, shares, strict=True)):
        h = inner_h * share / top_value
        x = left + i * step
        tip = f"size {r['size']}: {share:.1%} of demand, mean {r['mean']:.1f} pairs"
        parts.append(
            f'<rect x="{x + step * 0.12:.1f}" y="{base - h:.1f}" width="{step * 0.76:.1f}" '
            f'height="{h:.1f}" fill="#8a5a34"><title>{escape(tip)}</title></rect>'
        )
        parts.append(_text(x + step / 2, height - 8, str(r["size"]), 9, "middle", "#444"))
    parts.append("</svg>")
    return "".join(parts)


# --- batch plans ----------------------------------------------------------------------------


def plan_codes(uow: SqlUnitOfWork) -> list[str]:
    """Batch codes with a stored plan, newest first."""
    return sorted(uow.documents.list("plan"), reverse=True)


def plan_groups(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's lines per style × colourway: pairs planned vs. expected demand."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for ln in plan["lines"]:
        g = groups.setdefault(
            (ln["style"], ln["colourway"]),
            {
                "group": f"{ln['style']}-{ln['colourway']}",
                "quantity": 0,
                "demand_mean": 0.0,
                "preorders": 0,
                "finished_stock": 0,
                "expected_unsold": 0.0,
                "lines": [],
            },
        )
        g["quantity"] += ln["quantity"]
        g["demand_mean"] += ln["demand_mean"]
        g["preorders"] += ln["preorders"]
        g["finished_stock"] += ln["finished_stock"]
        g["expected_unsold"] += ln["expected_unsold"]
        g["lines"].append(ln)
    out = sorted(groups.values(), key=lambda g: -g["demand_mean"])
    for g in out:
        g["demand_mean"] = round(g["demand_mean"], 1)
        g["expected_unsold"] = round(g["expected_unsold"], 1)
    return out


def plan_fan_svg(
    lines: Sequence[dict[str, Any]], *, title: str, width: int = 900, height: int = 230
) -> str:
    """Per variant: the demand fan over the batch window (5–95%, 25–75%, median) against the
    pairs planned (diamond) and planned + on the shelf (ring)."""
    n = max(1, len(lines))
    left, right, top, bottom = 34, 8, 20, 56
    inner_w, inner_h = width - left - right, height - top - bottom
    top_value = max(
        [
            1.0,
            *(max(ln["demand_fan"]) for ln in lines),
            *(ln["quantity"] + ln["finished_stock"] for ln in lines),
        ]
    )
    step = inner_w / n
    base = top + inner_h

    def y(v: float) -> float:
        return top + inner_h * (1 - v / top_value)

    parts = _svg_open(width, height, title, "chart plan-fan")
    parts.append(_text(left, 13, title, 11))
    parts.append(f'<line x1="{left}" y1="{base}" x2="{left + inner_w}" y2="{base}" stroke="#999"/>')
    parts.append(_text(left - 4, top + 8, f"{top_value:g}", 9, "end", "#666"))
    w = min(step * 0.6, 14)
    for i, ln in enumerate(lines):
        cx = left + (i + 0.5) * step
        q05, q25, q50, q75, q95 = ln["demand_fan"]
        parts.append(
            f'<rect x="{cx - w / 2:.1f}" y="{y(q95):.1f}" width="{w:.1f}" '
            f'height="{max(y(q05) - y(q95), 1):.1f}" fill="{_FAN_OUT}"/>'
        )
        parts.append(
            f'<rect x="{cx - w / 2:.1f}" y="{y(q75):.1f}" width="{w:.1f}" '
            f'height="{max(y(q25) - y(q75), 1):.1f}" fill="{_FAN_IN}"/>'
        )
        parts.append(
            f'<line x1="{cx - w / 2:.1f}" y1="{y(q50):.1f}" x2="{cx + w / 2:.1f}" '
            f'y2="{y(q50):.1f}" stroke="{_MEDIAN}" stroke-width="1.5"/>'
        )
        q, shelf = ln["quantity"], ln["quantity"] + ln["finished_stock"]
        d = max(3.0, w / 3)
        tip = (
            f"{ln['sku']}: {q} planned, {ln['finished_stock']} on the shelf, "
            f"{ln['preorders']} pre-ordered; demand median {q50}, 5–95% {q05}–{q95}"
        )
        parts.append(
            f'<path d="M{cx:.1f},{y(q) - d:.1f}l{d:.1f},{d:.1f}l{-d:.1f},{d:.1f}'
            f'l{-d:.1f},{-d:.1f}Z" fill="{_PLAN}"><title>{escape(tip)}</title></path>'
        )
        if ln["finished_stock"]:
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{y(shelf):.1f}" r="{d:.1f}" fill="none" '
                f'stroke="{_MEDIAN}"/>'
            )
        parts.append(
            _text(
                cx,
                base + 8,
                ln["size"],
                9,
                "end",
                "#444",
                f' transform="rotate(-60 {cx:.1f} {base + 8:.1f})"',
            )
        )
    lx = left
    for colour, label in (
        (_FAN_OUT, "demand 5–95%"),
        (_FAN_IN, "25–75%"),
        (_PLAN, "pairs planned"),
    ):
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
        parts.append(_text(lx + 14, height - 5, label, 10))
        lx += 130
    parts.append("</svg>")
    return "".join(parts)


def hbar_svg(
    rows: Sequence[tuple[str, float, str]],
    *,
    title: str,
    unit: str = "%",
    width: int = 640,
    limit_line: float | None = 1.0,
) -> str:
    """Horizontal bars (label, value, tooltip); ``limit_line`` marks 100 % of what is there."""
    row_h, left, top = 22, 110, 22
    height = top + row_h * max(1, len(rows)) + 10
    inner_w = width - left - 60
    top_value = max([*(v for _, v, _ in rows), limit_line or 0, 1e-9])
    parts = _svg_open(width, height, title, "chart hbar")
    parts.append(_text(4, 14, title, 11))
    for i, (label, v, tip) in enumerate(rows):
        yy = top + i * row_h
        wv = inner_w * v / top_value
        colour = "#b03a2e" if limit_line is not None and v >= limit_line * 0.98 else "#8a5a34"
        parts.append(_text(left - 6, yy + 14, label, 10, "end"))
        parts.append(
            f'<rect x="{left}" y="{yy + 3}" width="{max(wv, 1):.1f}" height="{row_h - 6}" '
            f'fill="{colour}"><title>{escape(tip)}</title></rect>'
        )
        shown = f"{v:.0%}" if unit == "%" else f"{v:g} {unit}"
        parts.append(_text(left + wv + 4, yy + 14, shown, 10))
    if limit_line is not None:
        xl = left + inner_w * limit_line / top_value
        parts.append(
            f'<line x1="{xl:.1f}" y1="{top}" x2="{xl:.1f}" y2="{height - 8}" '
            'stroke="#444" stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def capacity_svg(plan: dict[str, Any]) -> str:
    rows = [
        (
            c["operation"],
            c["share_of_max"] or 0.0,
            f"{c['operation']}: {c['standard_minutes']:g} of {c['max_available_minutes']:g} "
            "standard minutes" + (" (binding)" if c["binding"] else ""),
        )
        for c in plan["capacity"]
    ]
    return hbar_svg(rows, title="Capacity use per operation (share of the artisans' minutes)")


# --- schedules ------------------------------------------------------------------------------


def scheduled_batches(uow: SqlUnitOfWork) -> list[str]:
    """Batch codes with a stored schedule, newest first."""
    return sorted(uow.documents.list("schedule"), reverse=True)


def _schedule_body(uow: SqlUnitOfWork, batch_code: str) -> dict[str, Any]:
    body = uow.documents.get("schedule", batch_code.strip().upper())
    if body is None:
        raise NotFound(f"batch {batch_code} has no stored schedule")
    return body


def schedule_days(uow: SqlUnitOfWork, batch_code: str) -> dict[str, list[str]]:
    """Artisan code -> the days they have work in a stored schedule (for day-sheet links)."""
    days: dict[str, set[str]] = defaultdict(set)
    for a in _schedule_body(uow, batch_code)["assignments"]:
        days[a["artisan"]].add(a["start"][:10])
    return {k: sorted(v) for k, v in sorted(days.items())}


def day_sheet_rows(
    uow: SqlUnitOfWork, batch_code: str, artisan_code: str, day: date
) -> dict[str, Any]:
    """An artisan's day in a stored schedule: tasks and breaks in time order (no pay)."""
    body = _schedule_body(uow, batch_code)
    artisan = uow.artisans.get(artisan_code)
    if artisan is None:
        raise NotFound(f"artisan {artisan_code} does not exist")
    iso = day.isoformat()
    rows = []
    for a in body["assignments"]:
        if a["artisan"] == artisan.code and a["start"][:10] == iso:
            rows.append(
                {
                    "start": a["start"][11:16],
                    "end": a["end"][11:16],
                    "kind": "task",
                    "operation": a["operation"],
                    "sku": a["sku"],
                    "bundle": a["bundle"],
                    "pairs": a["pairs"],
                    "overtime": a["overtime"],
                    "minutes": a["minutes"],
                }
            )
    for b in body["breaks"]:
        if b["artisan"] == artisan.code and b["day"] == iso:
            rows.append(
                {
                    "start": b["start"][11:16],
                    "end": b["end"][11:16],
                    "kind": "break",
                    "operation": "paid rest" if b["paid"] else "meal break",
                    "sku": "",
                    "bundle": None,
                    "pairs": 0,
                    "overtime": False,
                    "minutes": b["end_minute"] - b["start_minute"],
                }
            )
    rows.sort(key=lambda r: r["start"])
    return {
        "batch": body["batch"],
        "artisan": artisan.code,
        "name": artisan.name,
        "day": iso,
        "shift": f"{artisan.shift.start:%H:%M}–{artisan.shift.end:%H:%M}",
        "rows": rows,
        "pairs": sum(r["pairs"] for r in rows),
        "work_minutes": sum(r["minutes"] for r in rows if r["kind"] == "task"),
    }


def my_scheduled_work(
    uow: SqlUnitOfWork, artisan_code: str, *, since: date | None = None, days: int = 14
) -> list[dict[str, Any]]:
    """Every day an artisan has scheduled work from ``since`` (today) on, in any stored
    schedule: batch, day, tasks and pairs (what their day-sheet links list)."""
    since = since or date.today()
    until = since + timedelta(days=days)
    out = []
    for code in uow.documents.list("schedule"):
        body = uow.documents.get("schedule", code) or {}
        per_day: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for a in body.get("assignments", []):
            if (
                a["artisan"] == artisan_code
                and since.isoformat() <= a["start"][:10] < until.isoformat()
            ):
                per_day[a["start"][:10]].append(a)
        for d, tasks in per_day.items():
            out.append(
                {
                    "batch": code,
                    "day": d,
                    "tasks": len(tasks),
                    "pairs": sum(t["pairs"] for t in tasks),
                    "first": min(t["start"][11:16] for t in tasks),
                    "last": max(t["end"][11:16] for t in tasks),
                }
            )
    return sorted(out, key=lambda r: (r["day"], r["batch"]))


def schedule_without_pay(report: dict[str, Any]) -> dict[str, Any]:
    """A schedule report without its overtime cost, for roles that see no pay."""
    out = {k: v for k, v in report.items() if k != "overtime_cost"}
    out["loads"] = [
        {k: v for k, v in ld.items() if k != "overtime_cost"} for ld in report.get("loads", [])
    ]
    return out


# --- cutting --------------------------------------------------------------------------------


def cutting_batches(uow: SqlUnitOfWork) -> list[str]:
    """Batch codes with a stored cutting plan, newest first."""
    return sorted(uow.documents.list("cutting-plan"), reverse=True)


def cutting_summary(body: dict[str, Any]) -> dict[str, Any]:
    """A stored cutting plan without its piece-by-piece placements and outlines (what a page
    lists): articles as a list, and each sheet without the hide or offcut it was cut from."""
    keep = ("batch", "created", "status", "runtime_s", "params", "pairs", "lines",
            "sqft_per_pair", "unplaced", "rolls_used")  # fmt: skip
    articles = body.get("articles", [])
    if isinstance(articles, dict):
        articles = list(articles.values())
    sheets = [{k: v for k, v in s.items() if k not in ("hide", "offcut")}
              for s in body.get("sheets", [])]  # fmt: skip
    return {**{k: body[k] for k in keep if k in body}, "articles": articles, "sheets": sheets,
            "offcuts_kept": [o.get("code") for o in body.get("offcuts_kept", [])]}  # fmt: skip


def cutting_sheet_svg(uow: SqlUnitOfWork, batch_code: str, sheet_code: str) -> str:
    """The stored cutting plan of one hide, offcut or roll as an SVG picture."""
    from cordwain import nest

    from . import cutting

    body = cutting.cutting_plan(uow, batch_code)
    sheet = next((s for s in body["sheets"] if s["code"] == sheet_code.strip()), None)
    if sheet is None:
        raise NotFound(f"cutting plan {body['batch']} has no hide, offcut or roll {sheet_code}")
    problem, result = cutting.sheet_drawing(body, sheet)
    return nest.plan_svg(problem, result, sheet["code"])


# --- quality --------------------------------------------------------------------------------


def lots_to_inspect(uow: SqlUnitOfWork) -> list[dict[str, Any]]:
    """Final lots (a batch's serialised pairs of one style) not yet accepted."""
    from .quality import lot_holds, lot_records

    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for p in uow.pairs.list():
        pairs[(p.batch_code, p.variant.style_code)] += 1
    decided: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in lot_records(uow):
        decided[(r["batch_code"], r["style_code"])].append(r)
    # A rejected lot released after a 100% sort ships as it is: nothing left to inspect.
    released = {(b, h.get("style_code")) for b, h in lot_holds(uow, held_only=False).items()
                if h.get("status") == "released"}  # fmt: skip
    out = []
    for (batch, style), n in sorted(pairs.items()):
        tries = sorted(decided.get((batch, style), []), key=lambda r: r["attempt"])
        if tries and (tries[-1]["accepted"] or (batch, style) in released):
            continue
        out.append(
            {
                "batch": batch,
                "style": style,
                "pairs": n,
                "attempt": len(tries) + 1,
                "lot": f"{batch}/{style}",
                "last": "rejected, resubmitted" if tries else "not inspected yet",
            }
        )
    return out


def trace_kind(uow: SqlUnitOfWork, text: str) -> str:
    """Whether a search names a pair serial or a hide code ("pair" or "hide")."""
    code = text.strip()
    if not code:
        raise ServiceError("give a pair serial (B2606MARA-0042) or a hide code (H0412)")
    if uow.pairs.get(code) is not None:
        return "pair"
    return "hide"


def iso_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ServiceError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def now_minute() -> str:
    return datetime.now().strftime("%Y-%m-%dT%H:%M")


__all__ = [
    "capacity_svg",
    "cutting_batches",
    "cutting_sheet_svg",
    "cutting_summary",
    "day_sheet_rows",
    "demand_view",
    "fan_svg",
    "find_trace",
    "forecast_overview",
    "forecast_rows",
    "hbar_svg",
    "iso_day",
    "lots_to_inspect",
    "my_scheduled_work",
    "now_minute",
    "plan_codes",
    "plan_fan_svg",
    "plan_groups",
    "schedule_days",
    "schedule_without_pay",
    "scheduled_batches",
    "size_curve_svg",
    "trace_kind",
    "weekly_history",
]


def find_trace(
    uow: SqlUnitOfWork, text: str, kind: str | None = None
) -> tuple[str, dict[str, Any]]:
    """Trace a pair serial or a hide code: ``("pair" | "hide", the trace)``.

    Raises :class:`NotFound` when the code names no pair and no pair was cut from it.
    """
    from .trace import trace_hide, trace_pair

    kind = kind or trace_kind(uow, text)
    if kind == "pair":
        if uow.pairs.get(text.strip()) is None:
            raise NotFound(f"pair serial {text.strip()} does not exist")
        return "pair", trace_pair(uow, text)
    try:
        return "hide", trace_hide(uow, text)
    except ServiceError as exc:
        if str(exc).startswith("no pair was cut"):
            raise NotFound(f"{exc}; and no pair has the serial {text.strip()}") from exc
        raise
