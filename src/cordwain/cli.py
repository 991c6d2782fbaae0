"""The ``cordwain`` command line: a thin Typer layer over :mod:`cordwain.services`.

Every command carries a runnable example in its help; ``--json`` prints what a script reads.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cordwain import services
from cordwain.services.errors import ServiceError

app = typer.Typer(
    name="cordwain",
    help="Planning and quality for a small-batch footwear workshop.\n\n"
    "Example:  cordwain init --demo && cordwain status",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $CORDWAIN_DATABASE_URL or ./cordwain.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def _progress(description: str, enabled: bool = True):
    """A Rich progress bar fed by a service's ``progress(step, done, total)`` callback."""
    if not enabled or not sys.stderr.isatty():
        yield lambda *_: None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=1, step="")

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, 1), step=step)

        yield report


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


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


def main() -> None:  # pragma: no cover - console entry point
    app()
