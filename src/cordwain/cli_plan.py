"""``cordwain plan``: size the next batch, store it, and show what it saves.

A thin layer over :func:`cordwain.services.plan.plan_next_batch`; the lead registers it on
the main app with ``app.command("plan")(plan)``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordwain.cli_common import DbOption, JsonOption, console, echo_json, fail, progress_bar
from cordwain.services.errors import ServiceError


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--start must be a date like 2026-12-07, got {text!r}")


def plan(
    weeks: Annotated[int, typer.Option(help="Length of the batch window in weeks.")] = 3,
    start: Annotated[
        str | None, typer.Option(help="First day of the batch (YYYY-MM-DD); default next Monday.")
    ] = None,
    two_stage: Annotated[
        bool,
        typer.Option(
            "--two-stage", help="Cautious first batch now, labour kept for a top-up batch."
        ),
    ] = False,
    time_limit: Annotated[float, typer.Option(help="Seconds the integer program may take.")] = 30.0,
    critical_ratio: Annotated[
        float | None,
        typer.Option(help="Make a pair only if it sells in at least this share of futures."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the demand scenarios.")] = 0,
    top: Annotated[int, typer.Option(help="How many batch lines to show.")] = 15,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write an HTML report with plots here.")
    ] = None,
    cut: Annotated[
        bool,
        typer.Option("--cut/--no-cut", help="Lay the pieces on the hides on the shelf."),
    ] = True,
    schedule: Annotated[
        bool, typer.Option("--schedule/--no-schedule", help="Put the batch's work on the artisans.")
    ] = True,
    cut_time_limit: Annotated[
        float, typer.Option(help="Seconds the cutting plan may search.")
    ] = 30.0,
    schedule_time_limit: Annotated[
        float, typer.Option(help="Seconds the schedule may search.")
    ] = 20.0,
    refit: Annotated[
        bool,
        typer.Option(
            "--refit/--no-refit",
            help="Plan once more when the schedule runs past the window or the cut runs short.",
        ),
    ] = True,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Plan the next batch against demand, labour and materials; store it as planned.

    Then, unless told not to, cut it (which hides, where each piece goes) and schedule it
    (who makes what, when, within the humane rules); the plan shows both. Re-running for
    the same window replaces a still-planned batch and its cutting plan; a released one is kept.

    Example:  cordwain plan --weeks 3 --report plan-report
    """
    # Imported here so `cordwain --help` stays fast (the planner pulls in scipy and pandas).
    from cordwain import services
    from cordwain.services.batch_plan import plan_cut_and_schedule

    day = _parse_day(start)
    try:
        with progress_bar("Planning the batch") as bar, services.unit_of_work(db) as uow:
            result = plan_cut_and_schedule(
                uow, cut=cut, schedule=schedule, cut_time_limit=cut_time_limit,
                schedule_time_limit=schedule_time_limit, refit=refit, seed=seed,
                progress=bar, start=day, weeks=weeks, two_stage=two_stage, time_limit=time_limit,
                critical_ratio=critical_ratio,
            )  # fmt: skip
    except ServiceError as exc:
        fail(str(exc))
    body = result.as_dict()
    index = None
    if report is not None:
        from cordwain.services.plan_report import write_plan_report

        drawings, link = [], None
        try:
            with services.unit_of_work(db) as uow:
                if (body.get("cutting") or {}).get("status", "not cut") != "not cut":
                    from cordwain.services.cutting import write_plan_files

                    files = write_plan_files(uow, body["code"], svg_dir=report / "cutting")
                    drawings = [str(f.relative_to(report)) for f in files]
                if (body.get("schedule") or {}).get("status", "not scheduled") != "not scheduled":
                    from cordwain.services.scheduling import write_schedule_html

                    page = write_schedule_html(uow, body["code"], report / "schedule")
                    link = str(page.relative_to(report))
        except ServiceError as exc:
            fail(str(exc))
        index = write_plan_report(body, report, drawings=drawings, schedule_link=link)
    if as_json:
        echo_json(body)
        return
    _show(body, result.replaced, top)
    if index is not None:
        console.print(f"Report written to [bold]{index}[/]")


def _show(body: dict, replaced: bool, top: int) -> None:
    s, solver = body["summary"], body["solver"]
    mass = body["impact"]["mass_production"]
    verb = "replaced" if replaced else "stored"
    console.print(
        f"Batch [bold]{body['code']}[/] ({body['start']} → {body['end']}) {verb} as planned: "
        f"[bold]{s['pairs']:,}[/] pairs of {s['variants_made']} variants "
        f"(of {s['variants']} considered)."
    )
    console.print(
        f"Expected pairs sold [bold]{s['expected_sold']:,.0f}[/] · expected unsold pairs "
        f"[bold]{s['expected_unsold']:,.0f}[/] · fill rate [bold]{s['fill_rate']:.1%}[/] · "
        f"expected margin [bold]{s['expected_margin']:,.0f}[/]"
    )
    console.print(
        f"MIP gap {solver['gap']:.2%} ({solver['method']}, {solver['status']}, "
        f"{solver['runtime_s']:.1f} s; {solver['objective_vs_greedy'] or 0:.3f}× the greedy plan)"
    )
    console.print(
        f"A mass-production run (q{int(mass['quantile'] * 100)} of the same demand, bulk cost) "
        f"would make {mass['pairs_made']:,} pairs and leave [bold]{mass['expected_unsold']:,.0f}"
        f"[/] unsold."
    )
    risk = body.get("preorders_at_risk") or {}
    if risk.get("pairs"):
        console.print(f"[bold red]Pre-orders at risk: {risk['pairs']} pairs[/]")
        for why in risk["why"][:5]:
            console.print(f"  [red]•[/] {why}", highlight=False)
    inspection = body.get("inspection") or {}
    if inspection:
        per_style = ", ".join(
            f"{style} {i['pairs_to_inspect']} of {i['lot_size']}"
            + ("" if i["severity"] == "normal" else f" ({i['severity']})")
            for style, i in sorted(inspection.items())
        )
        console.print(f"Final inspection (ISO 2859-1, level II): {per_style} pairs.")
    if body.get("two_stage"):
        t = body["two_stage"]
        console.print(
            f"Two-stage: top-up slot from {t['top_up_start']}, decide by "
            f"[bold]{t['decision_due']}[/] (up to {t['top_up_pairs_up_to']} pairs)."
        )
        for note in t["notes"]:
            console.print(f"  [yellow]•[/] {note}", highlight=False)
    if body.get("refit"):
        console.print(f"Planned once more: {body['refit']}.", highlight=False)
    lines = sorted((ln for ln in body["lines"] if ln["quantity"] > 0), key=lambda r: -r["quantity"])
    table = Table(title=f"Top lines ({min(len(lines), top)} of {len(lines)})")
    for col in ("SKU", "pairs", "on shelf", "pre-orders", "demand", "sold", "unsold"):
        table.add_column(col, justify="left" if col == "SKU" else "right")
    for ln in lines[:top]:
        table.add_row(
            ln["sku"], str(ln["quantity"]), str(ln["finished_stock"]), str(ln["preorders"]),
            f"{ln['demand_mean']:.1f}", f"{ln['expected_sold']:.1f}",
            f"{ln['expected_unsold']:.1f}",
        )  # fmt: skip
    console.print(table)
    cap = Table(title="Capacity use (standard minutes)")
    for col in ("operation", "planned", "most available", "share"):
        cap.add_column(col, justify="left" if col == "operation" else "right")
    for row in body["capacity"]:
        share = row["share_of_max"]
        cap.add_row(
            ("[red]" if row["binding"] else "") + row["operation"],
            f"{row['standard_minutes']:,.0f}", f"{row['max_available_minutes']:,.0f}",
            "—" if share is None else f"{share:.0%}",
        )  # fmt: skip
    console.print(cap)
    if body["binding"]:
        console.print("[bold]What held the plan back[/]")
        shown = body["binding"][:8]
        for b in shown:
            console.print(f"  • {b['message']}", highlight=False)
        if len(body["binding"]) > len(shown):
            console.print(f"  … and {len(body['binding']) - len(shown)} more (see --json)")
    _show_cutting(body.get("cutting"))
    _show_schedule(body.get("schedule"))
    buys = body["purchases"]
    if buys:
        pt = Table(title=f"Purchase suggestions (total {float(s['purchase_cost']):,.2f})")
        for col in ("supplier", "material", "size", "quantity", "cost", "order by"):
            pt.add_column(col, justify="right" if col in ("quantity", "cost") else "left")
        for p in buys[:12]:
            qty = f"{p['quantity']:,.1f} {p['unit']}" + (
                f" ({p['hides']} hides)" if p["hides"] else ""
            )
            order_by = p["order_by"] + (" [red]late[/]" if p["late"] else "")
            pt.add_row(p["supplier"], p["material"], p["size"] or "", qty, p["cost"], order_by)
        console.print(pt)
        if len(buys) > 12:
            console.print(f"  … and {len(buys) - 12} more lines (see --json or --report)")
    else:
        console.print("Nothing to buy: stock and open orders cover the batch.")


def _show_cutting(c: dict | None) -> None:
    if c is None:
        return
    if c["status"] == "not cut":
        console.print(f"[yellow]Not cut:[/] {c['reason']}", highlight=False)
        return
    y = "—" if c["leather_yield"] is None else f"{c['leather_yield']:.0%}"
    console.print(
        f"Cutting plan ([bold]{c['status']}[/]): {c['placed']:,} of {c['pieces']:,} pieces on "
        f"[bold]{c['hides_used']}[/] hides and {c['offcuts_used']} offcuts, leather yield {y}; "
        f"{c['offcuts_kept']} offcuts kept (`cordwain cut show` draws it)."
    )
    for mat, n in c["waiting_for_purchase"].items():
        console.print(
            f"  • {n} pieces of {mat} wait for the leather on order"
            " (to buy, or ordered to arrive in time)"
        )
    for line in c["unplaced"][:5]:
        console.print(f"  [red]•[/] not cut: {line}", highlight=False)
    if len(c["unplaced"]) > 5:
        console.print(f"  … and {len(c['unplaced']) - 5} more (see --json)")


def _show_schedule(sch: dict | None) -> None:
    if sch is None:
        return
    if sch["status"] == "not scheduled":
        console.print(f"[yellow]Not scheduled:[/] {sch['reason']}", highlight=False)
        return
    gap = "not proven" if sch["gap"] is None else f"{sch['gap']:.1%}"
    jain = "—" if sch["jain_index"] is None else f"{sch['jain_index']:.2f}"
    console.print(
        f"Schedule ([bold]{sch['status']}[/]): last pair packed [bold]"
        f"{(sch['completion'] or '—')[:16].replace('T', ' ')}[/] (gap {gap}), overtime "
        f"{sch['overtime_minutes']} min, fairness (Jain) {jain}, {len(sch['late_preorders'])} "
        "pre-orders late (`cordwain schedule show` has the Gantt chart and day sheets)."
    )
    if sch.get("past_window_days"):
        console.print(
            f"  [yellow]•[/] the last pairs finish {sch['past_window_days']} days after the "
            "batch window: routing order, machines and breaks need more than pooled hours"
        )
