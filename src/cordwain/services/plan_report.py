"""The HTML report of a stored plan: headline figures, plots and tables, in one folder.

Built from the ``plan`` document alone (the same data ``cordwain plan --json`` prints), so a
report can be redrawn for any stored plan. Writes ``index.html`` with every plot embedded as
inline SVG (the page opens on its own, offline) and the same plots as ``.svg`` files beside it
for slides or print.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Colours: demand fan (outer, inner), planned pairs, pairs on the shelf after the batch.
_FAN_OUT, _FAN_IN, _PLAN, _SHELF = "#f0d3a6", "#e3a857", "#1f4e79", "#8a4b08"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> str:
    """Write ``fig`` as SVG to ``path`` and return the markup to inline in the page."""
    fig.savefig(path, format="svg", bbox_inches="tight")
    _pyplot().close(fig)
    text = path.read_text(encoding="utf-8")
    # Inline SVG needs neither the XML prolog nor the DOCTYPE.
    text = re.sub(r"^<\?xml[^>]*>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    return text


def _fan(lines: list[dict], title: str, path: Path) -> str:
    plt = _pyplot()
    n = len(lines)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.32 * n + 2), 3.6), dpi=100)
    xs = list(range(n))
    for x, ln in zip(xs, lines, strict=True):
        q05, q25, q50, q75, q95 = ln["demand_fan"]
        ax.vlines(x, q05, q95, color=_FAN_OUT, lw=7, label="demand 5–95%" if x == 0 else None)
        ax.vlines(x, q25, q75, color=_FAN_IN, lw=7, label="demand 25–75%" if x == 0 else None)
        ax.hlines(q50, x - 0.3, x + 0.3, color="#5a3b0a", lw=1.2,
                  label="median demand" if x == 0 else None)  # fmt: skip
    ax.scatter(xs, [ln["quantity"] for ln in lines], marker="D", s=22, color=_PLAN, zorder=3,
               label="pairs in this batch")  # fmt: skip
    ax.scatter(
        xs, [ln["quantity"] + ln["finished_stock"] for ln in lines], marker="o", s=26,
        facecolors="none", edgecolors=_SHELF, zorder=3, label="batch + pairs on the shelf",
    )  # fmt: skip
    ax.set_xticks(xs)
    ax.set_xticklabels([ln["sku"] for ln in lines], rotation=70, fontsize=7, ha="right")
    ax.set_ylabel("pairs")
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False, loc="upper right", ncol=2)
    return _save(fig, path)


def _capacity(rows: list[dict], path: Path) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.2), dpi=100)
    ys = list(range(len(rows)))[::-1]
    avail = [r["max_available_minutes"] for r in rows]
    used = [r["standard_minutes"] for r in rows]
    ax.barh(ys, avail, color="#d9dee6", label="most it could get (everyone able on it)")
    colours = ["#b03a2e" if r["binding"] else "#1f4e79" for r in rows]
    ax.barh(ys, used, color=colours, height=0.5, label="planned (red: full)")
    ax.set_yticks(ys)
    ax.set_yticklabels([r["operation"] for r in rows])
    ax.set_xlabel("standard minutes in the batch window")
    ax.set_title("Capacity use per operation", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    return _save(fig, path)


def _purchases(rows: list[dict], path: Path) -> str:
    plt = _pyplot()
    cost: dict[str, float] = defaultdict(float)
    qty: dict[str, float] = defaultdict(float)
    unit: dict[str, str] = {}
    for p in rows:
        cost[p["material"]] += float(p["cost"])
        qty[p["material"]] += float(p["quantity"])
        unit[p["material"]] = p["unit"]
    names = sorted(cost, key=lambda m: -cost[m])
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(1, len(names)) + 1.2), dpi=100)
    ys = list(range(len(names)))[::-1]
    ax.barh(ys, [cost[m] for m in names], color="#4f7f52")
    for y, m in zip(ys, names, strict=True):
        ax.text(cost[m], y, f"  {qty[m]:,.1f} {unit[m]}", va="center", fontsize=7)
    ax.set_yticks(ys)
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xlabel("cost of the suggested order")
    ax.set_title("Materials to buy", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return _save(fig, path)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _money(x: float | str) -> str:
    return f"{float(x):,.0f}"


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;
color:#222;padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #ddd}table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}th{background:#f4f4f4}
td:first-child,th:first-child{text-align:left}.figs svg{max-width:100%;height:auto}
.warn{color:#b03a2e}.kpi{display:flex;flex-wrap:wrap;gap:1rem}.kpi div{background:#f6f3ee;
padding:.6rem 1rem;border-radius:6px}.kpi b{display:block;font-size:1.3rem}
"""


def _cutting_section(c: dict[str, Any], drawings: list[str]) -> str:
    if c["status"] == "not cut":
        return f"<h2>Cutting plan</h2><p class='warn'>Not cut: {html.escape(c['reason'])}</p>"
    y = "—" if c["leather_yield"] is None else f"{c['leather_yield']:.0%}"
    rows = [
        [code, a["status"], f"{a['placed']}/{a['pieces']}", a["hides"], f"{a['yield']:.0%}",
         a["sqft_per_pair"] if a["metres"] in (None, 0, 0.0) else f"{a['metres']} m"]
        for code, a in sorted(c["articles"].items())
    ]  # fmt: skip
    out = (
        f"<h2>Cutting plan ({html.escape(c['status'])})</h2><p>{c['placed']:,} of "
        f"{c['pieces']:,} pieces on {c['hides_used']} hides and {c['offcuts_used']} offcuts; "
        f"leather yield {y}; {c['offcuts_kept']} offcuts kept for small pieces.</p>"
        + _table(["material", "status", "placed", "hides", "yield", "sq ft per pair"], rows)
    )
    for mat, n in c.get("waiting_for_purchase", {}).items():
        out += (
            f"<p>{n} pieces of {html.escape(mat)} wait for the leather on order"
            " (to buy, or ordered to arrive in time).</p>"
        )
    if c["unplaced"]:
        out += (
            "<h3 class='warn'>Not cut</h3><ul>"
            + "".join(f"<li>{html.escape(u)}</li>" for u in c["unplaced"][:30])
            + (f"<li>… and {len(c['unplaced']) - 30} more</li>" if len(c["unplaced"]) > 30 else "")
            + "</ul>"
        )
    if drawings:
        out += (
            "<p>Drawings per hide / roll: "
            + " · ".join(
                f"<a href='{html.escape(d)}'>{html.escape(Path(d).stem)}</a>" for d in drawings
            )
            + "</p>"
        )
    return out


def _schedule_section(sch: dict[str, Any], link: str | None) -> str:
    if sch["status"] == "not scheduled":
        return f"<h2>Schedule</h2><p class='warn'>Not scheduled: {html.escape(sch['reason'])}</p>"
    gap = "not proven" if sch["gap"] is None else f"{sch['gap']:.1%}"
    jain = "—" if sch["jain_index"] is None else f"{sch['jain_index']:.2f}"
    done = (sch["completion"] or "—")[:16].replace("T", " ")
    out = (
        f"<h2>Schedule ({html.escape(sch['status'])})</h2><p>Last pair packed <b>{done}</b> "
        f"over {sch['working_days']} working days (gap to the proven bound {gap}); overtime "
        f"{sch['overtime_minutes']} min; fairness (Jain's index over contracted hours) {jain}; "
        f"{sch['work_orders']} work orders.</p>"
        + _table(["artisan", "hours", "contract hours", "load"],
                 [[x["artisan"], x["hours"], x["contract_hours"], f"{x['load']:.0%}"]
                  for x in sch["loads"]])
    )  # fmt: skip
    if sch.get("past_window_days"):
        out += (
            f"<p class='warn'>The last pairs finish {sch['past_window_days']} days after the "
            "batch window: routing order, machines and breaks need more than pooled hours.</p>"
        )
    if sch["late_preorders"]:
        out += "<h3 class='warn'>Pre-orders that will be late</h3>" + _table(
            ["pre-order", "SKU", "pairs", "promised by", "expected", "note"],
            [[p["reference"], p["sku"], p["pairs"], p["promised_by"],
              (p["expected"] or "not in batch")[:16], p["note"]] for p in sch["late_preorders"]],
        )  # fmt: skip
    if link:
        out += f"<p><a href='{html.escape(link)}'>Gantt charts and printable day sheets</a></p>"
    return out


def write_plan_report(
    plan: dict[str, Any],
    directory: Path | str,
    *,
    top: int = 30,
    drawings: list[str] | None = None,
    schedule_link: str | None = None,
) -> Path:
    """Write the report of ``plan`` (a stored plan document) into ``directory``.

    Returns the path of ``index.html``. Plots: demand fan vs. planned pairs for the ``top``
    variants by expected demand and for every style, capacity use per operation, and the
    materials to buy; then the batch's cutting plan and schedule when the plan has them
    (``drawings``: paths of the hide pictures, ``schedule_link``: the schedule's pages,
    both relative to ``directory``).
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    s, solver, impact = plan["summary"], plan["solver"], plan["impact"]
    lines = plan["lines"]
    figures: list[tuple[str, str]] = []
    ranked = sorted(lines, key=lambda ln: -ln["demand_mean"])[:top]
    figures.append(
        (
            f"Top {len(ranked)} variants by expected demand",
            _fan(ranked, "Demand over the batch's selling weeks vs. pairs planned",
                 out / "demand_top.svg"),
        )
    )  # fmt: skip
    by_style: dict[str, list[dict]] = defaultdict(list)
    for ln in lines:
        by_style[ln["style"]].append(ln)
    style_figs = []
    for style in sorted(by_style):
        rows = by_style[style]
        style_figs.append(
            (f"Style {style}", _fan(rows, f"{style}: demand vs. pairs planned",
                                   out / f"demand_{style}.svg"))
        )  # fmt: skip
    cap_svg = _capacity(plan["capacity"], out / "capacity.svg") if plan["capacity"] else ""
    buy_svg = _purchases(plan["purchases"], out / "materials.svg") if plan["purchases"] else ""

    mass = impact["mass_production"]
    kpis = [
        ("pairs to make", f"{s['pairs']:,}"),
        ("expected pairs sold", f"{s['expected_sold']:,.0f}"),
        ("expected unsold pairs", f"{s['expected_unsold']:,.0f}"),
        ("fill rate", f"{s['fill_rate']:.1%}"),
        ("expected margin", _money(s["expected_margin"])),
        ("MIP gap", f"{solver['gap']:.2%}"),
        ("mass run would leave unsold", f"{mass['expected_unsold']:,.0f}"),
    ]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Batch plan {html.escape(plan['code'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>Batch plan {html.escape(plan['code'])}: {plan['start']} to {plan['end']}</h1>",
        f"<p>Planned on {plan['planned_on']} for {plan['weeks']} weeks; "
        f"{s['variants']} variants considered, {s['variants_made']} made. Solver: "
        f"{html.escape(solver['method'])} ({html.escape(solver['status'])}), "
        f"{solver['runtime_s']} s, {solver['scenarios_used']} demand scenarios.</p>",
        "<div class='kpi'>"
        + "".join(f"<div>{html.escape(k)}<b>{html.escape(v)}</b></div>" for k, v in kpis)
        + "</div>",
    ]
    risk = plan.get("preorders_at_risk") or {}
    if risk.get("pairs"):
        parts.append(
            f"<h2 class='warn'>Pre-orders at risk: {risk['pairs']} pairs</h2><ul>"
            + "".join(f"<li>{html.escape(w)}</li>" for w in risk["why"])
            + "</ul>"
            + _table(
                ["SKU", "pre-ordered", "covered", "short"],
                [[r["sku"], r["preorders"], r["covered"], r["short"]] for r in risk["variants"]],
            )
        )
    if plan.get("two_stage"):
        t = plan["two_stage"]
        parts.append(
            "<h2>Two-stage plan</h2>"
            f"<p>This is the cautious first batch. Labour kept free: {t['reserved_minutes']:,.0f}"
            f" minutes from {t['top_up_start']}. <b>Decide the top-up by "
            f"{t['decision_due']}</b> (up to {t['top_up_pairs_up_to']} pairs).</p>"
            + "".join(f"<p class='warn'>{html.escape(n)}</p>" for n in t["notes"])
        )
    parts.append("<h2>Demand and pairs planned</h2><div class='figs'>")
    for title, svg in figures + style_figs:
        parts.append(f"<h3>{html.escape(title)}</h3>{svg}")
    parts.append("</div>")
    if plan["binding"]:
        parts.append(
            "<h2>What held the plan back</h2><ul>"
            + "".join(f"<li>{html.escape(b['message'])}</li>" for b in plan["binding"])
            + "</ul>"
        )
    parts.append(f"<h2>Capacity</h2><div class='figs'>{cap_svg}</div>")
    lab = plan.get("labour")
    if lab:
        parts.append(
            f"<p>{lab['standard_minutes_planned']:,.0f} standard minutes planned on "
            f"{lab['artisan_minutes']:,.0f} minutes of {lab['artisans']} artisans' time.</p>"
        )
    parts.append("<h2>Materials to buy</h2>")
    if plan["purchases"]:
        parts.append(f"<div class='figs'>{buy_svg}</div>")
        parts.append(
            _table(
                [
                    "supplier",
                    "material",
                    "size",
                    "quantity",
                    "unit",
                    "hides",
                    "cost",
                    "order by",
                    "arrives",
                    "late",
                ],
                [
                    [
                        p["supplier"],
                        p["material"],
                        p["size"] or "",
                        p["quantity"],
                        p["unit"],
                        p["hides"] if p["hides"] is not None else "",
                        p["cost"],
                        p["order_by"],
                        p["arrives"],
                        "LATE" if p["late"] else "",
                    ]
                    for p in plan["purchases"]
                ],
            )  # fmt: skip
        )
    else:
        parts.append("<p>Nothing to buy: stock and open orders cover the batch.</p>")
    if plan.get("cutting"):
        parts.append(_cutting_section(plan["cutting"], drawings or []))
    if plan.get("schedule"):
        parts.append(_schedule_section(plan["schedule"], schedule_link))
    b = impact["batch"]
    parts.append(
        "<h2>Waste: this batch vs. one mass-production run</h2>"
        + _table(
            ["", "this batch", f"mass run (q{int(mass['quantile'] * 100)}, bulk cost)"],
            [
                ["pairs made", b["pairs_made"], mass["pairs_made"]],
                ["expected pairs sold", b["expected_sold"], mass["expected_sold"]],
                ["expected unsold pairs", b["expected_unsold"], mass["expected_unsold"]],
                ["leather bought (sq ft)", b["leather_bought_sqft"], mass["leather_bought_sqft"]],
                ["leather scrap (sq ft)", b["leather_scrap_sqft"], mass["leather_scrap_sqft"]],
                ["CO2e of waste (kg)", b["co2e_waste_kg"], mass["co2e_waste_kg"]],
            ],
        )
        + "<p>Footprint factors: "
        + "; ".join(
            html.escape(f"{f['value']} {f['unit']} ({f['source']})")
            for f in impact["factors"].values()
        )
        + "</p>"
    )
    shown = sorted((ln for ln in lines if ln["quantity"] > 0), key=lambda ln: -ln["quantity"])
    parts.append(
        "<h2>Batch lines</h2>"
        + _table(
            [
                "SKU",
                "pairs",
                "on shelf",
                "pre-orders",
                "demand mean",
                "demand 5–95%",
                "expected sold",
                "expected unsold",
                "fill rate",
            ],
            [
                [
                    ln["sku"],
                    ln["quantity"],
                    ln["finished_stock"],
                    ln["preorders"],
                    ln["demand_mean"],
                    f"{ln['demand_fan'][0]}–{ln['demand_fan'][-1]}",
                    ln["expected_sold"],
                    ln["expected_unsold"],
                    f"{ln['fill_rate']:.0%}",
                ]
                for ln in shown
            ],
        )  # fmt: skip
    )
    if plan["notes"]:
        parts.append(
            "<h2>Notes</h2><ul>"
            + "".join(f"<li>{html.escape(n)}</li>" for n in plan["notes"])
            + "</ul>"
        )
    parts.append("</body></html>")
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index
