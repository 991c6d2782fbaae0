"""The ``cordwain`` command line: a thin Typer layer over :mod:`cordwain.services`.

Every command carries a runnable example in its help; ``--json`` prints what a script reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordwain import services
from cordwain.cli_common import DbOption, JsonOption, console
from cordwain.cli_common import echo_json as _echo_json
from cordwain.cli_common import fail as _fail
from cordwain.cli_common import progress_bar as _progress
from cordwain.cli_cut import cut_app
from cordwain.cli_impact import impact_app
from cordwain.cli_nest import nest_app
from cordwain.cli_plan import plan
from cordwain.cli_quality import quality_app, trace_app
from cordwain.cli_schedule import schedule_app
from cordwain.cli_web import serve, user_app
from cordwain.services.errors import ServiceError

app = typer.Typer(
    name="cordwain",
    help="Planning and quality for a small-batch footwear workshop.\n\n"
    "Example:  cordwain init --demo && cordwain status",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


@app.command()
def init(
    demo: Annotated[bool, typer.Option("--demo", help="Fill it with the demo workshop.")] = False,
    seed: Annotated[int, typer.Option(help="Seed of the demo generator.")] = 7,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create the workshop database (migrated to the newest schema).

    Example:  cordwain init --demo
    """
    try:
        with _progress("Creating the demo workshop", enabled=demo) as report:
            result = services.init_workshop(db, demo=demo, seed=seed, progress=report)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json({"url": result.url, "demo": result.demo, "counts": result.counts})
        return
    console.print(f"Workshop database ready at [bold]{result.url}[/]")
    if demo:
        c = result.counts
        console.print(
            f"Demo workshop: {c['styles']} styles, {c['colourways']} colourways, "
            f"{c['hides']} hides, {c['artisans']} artisans, {c['sales_lines']:,} sales lines."
        )


@app.command()
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """What is in the workshop: catalogue, stock value, open pre-orders, recent sales.

    Example:  cordwain status --json
    """
    try:
        with services.unit_of_work(db) as uow:
            st = services.workshop_status(uow)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(st.as_dict())
        return
    c = st.counts
    console.print(
        f"[bold]{c['styles']}[/] styles · [bold]{c['colourways']}[/] colourways · "
        f"[bold]{st.variants}[/] variants · [bold]{c['materials']}[/] materials · "
        f"[bold]{c['hides']}[/] hides · [bold]{c['artisans']}[/] artisans"
    )
    console.print(
        f"Stock: materials worth {st.currency} {st.material_value:,}, "
        f"{st.finished_pairs} finished pairs worth {st.currency} {st.finished_value:,}"
    )
    promise = st.next_promise.isoformat() if st.next_promise else "—"
    console.print(
        f"Open pre-orders: {st.open_preorders} orders, {st.open_preorder_pairs} pairs "
        f"(next promised {promise})"
    )
    last = st.last_sale.isoformat() if st.last_sale else "no sales yet"
    console.print(
        f"Sold in the last 4 weeks: {st.pairs_sold_last_4_weeks} pairs (last sale {last})"
    )
    if st.by_style:
        table = Table(title="Styles")
        for col in ("style", "name", "category"):
            table.add_column(col)
        for col in ("colourways", "sizes", "sold 4 wk", "pre-orders"):
            table.add_column(col, justify="right")
        for row in st.by_style:
            table.add_row(
                row["style"], row["name"], row["category"], str(row["colourways"]),
                str(row["sizes"]), str(row["sold_last_4_weeks"]), str(row["open_preorder_pairs"]),
            )  # fmt: skip
        console.print(table)


@app.command("import")
def import_(
    kind: Annotated[
        str, typer.Argument(help="What the file holds: " + ", ".join(services.CSV_KINDS))
    ],
    file: Annotated[Path, typer.Argument(help="The CSV file.", exists=True, dir_okay=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a CSV file: all rows or nothing; errors name the file, row and column.

    Example:  cordwain import sales sales-2026-11.csv
    """
    try:
        report = services.import_csv(kind, file, url=db)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json({"kind": report.kind, "file": str(report.file), "rows": report.rows})
        return
    console.print(f"Imported {report.rows} {report.kind} rows from {report.file}")


@app.command()
def export(
    kind: Annotated[str, typer.Argument(help="What to export: " + ", ".join(services.CSV_KINDS))],
    file: Annotated[Path, typer.Argument(help="The CSV file to write.", dir_okay=False)],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Export a kind of record to CSV (the same columns `cordwain import` reads).

    Example:  cordwain export styles styles.csv
    """
    try:
        report = services.export_csv(kind, file, url=db)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json({"kind": report.kind, "file": str(report.file), "rows": report.rows})
        return
    console.print(f"Wrote {report.rows} {report.kind} rows to {report.file}")


app.command("plan")(plan)
app.add_typer(quality_app, name="qc")
app.add_typer(quality_app, name="quality", hidden=True)
app.add_typer(trace_app, name="trace")
app.add_typer(cut_app, name="cut")
app.add_typer(nest_app, name="nest")
app.add_typer(impact_app, name="impact")
app.add_typer(schedule_app, name="schedule")
app.command()(serve)
app.add_typer(user_app, name="user")


def main() -> None:  # pragma: no cover - console entry point
    app()


forecast_app = typer.Typer()
app.add_typer(forecast_app, name="forecast")


@forecast_app.callback(invoke_without_command=True)
def forecast_run(
    ctx: typer.Context,
    horizon_weeks: Annotated[int, typer.Option(help="Weeks the batch will sell over.")] = 4,
    critical_ratio: Annotated[
        float, typer.Option(help="Missed sale cost / (missed + unsold): models are chosen here.")
    ] = 0.75,
    top: Annotated[int, typer.Option(help="How many variants to show.")] = 20,
    plot: Annotated[
        str | None, typer.Option(help="Also draw history + forecast fan of this SKU.")
    ] = None,
    plot_file: Annotated[Path, typer.Option(help="Where to write the plot (.png/.svg).")] = Path(
        "forecast.png"
    ),
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Forecast demand per style × colourway × size as a distribution, and store it.

    Example:  cordwain forecast --horizon-weeks 4 --plot MARA-BLK-10

    Replay past batches against the baselines with `cordwain forecast backtest`.
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        with _progress("Forecasting demand") as report, services.unit_of_work(db) as uow:
            result = services.forecast_demand(
                uow, horizon_weeks=horizon_weeks, critical_ratio=critical_ratio, progress=report
            )
            uow.commit()
            picture = services.plot_forecast(uow, plot, plot_file) if plot else None
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(result.as_dict())
        return
    rows = sorted(result.rows, key=lambda r: -r["mean"])[:top]
    levels = result.quantile_levels
    table = Table(title=f"Demand {result.as_of} + {result.horizon_weeks} weeks (top {len(rows)})")
    table.add_column("SKU")
    table.add_column("model")
    table.add_column("mean", justify="right")
    for q in levels:
        table.add_column(f"q{int(q * 100)}", justify="right")
    table.add_column("pre-ordered", justify="right")
    for r in rows:
        table.add_row(
            r["sku"], r["model"], f"{r['mean']:.1f}", *[str(x) for x in r["quantiles"]],
            str(r["committed"]),
        )  # fmt: skip
    console.print(table)
    total = sum(r["mean"] for r in result.rows)
    console.print(
        f"{len(result.rows)} variants, {total:,.0f} pairs expected; models: "
        + ", ".join(f"{m} ×{n}" for m, n in result.models.items())
        + f"; {result.runtime:.1f} s"
    )
    if picture:
        console.print(f"Plot written to {picture}")


@forecast_app.command("backtest")
def forecast_backtest(
    windows: Annotated[int, typer.Option(help="How many past batches to replay.")] = 3,
    batch_weeks: Annotated[int, typer.Option(help="Weeks per batch.")] = 4,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replay past batches: cordwain's forecast against the baselines on your own sales.

    Example:  cordwain forecast backtest --windows 3 --json
    """
    try:
        with _progress("Backtesting") as report, services.unit_of_work(db) as uow:
            rows = services.backtest_demand(
                uow, windows=windows, batch_weeks=batch_weeks, progress=report
            )
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(rows)
        return
    table = Table(title=f"Backtest: {windows} batches of {batch_weeks} weeks (lower is better)")
    for col in ("model", "pinball 0.5", "pinball 0.75", "pinball 0.9", "newsvendor", "fill rate"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for r in sorted(rows, key=lambda r: r["pinball_075"]):
        table.add_row(
            r["model"], f"{r['pinball_050']:.3f}", f"{r['pinball_075']:.3f}",
            f"{r['pinball_090']:.3f}", f"{r['newsvendor_cost_075']:.3f}",
            f"{r['fill_rate_075']:.1%}",
        )  # fmt: skip
    console.print(table)
