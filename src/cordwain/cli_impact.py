"""``cordwain impact …``: what a batch or a season wasted, and what it saved against mass
production.

A Typer sub-app (``impact_app``) that the main CLI registers; each command is a thin call into
:mod:`cordwain.services.impact`, prints Rich tables for people and JSON (``--json``) for
scripts, and carries a runnable example.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from cordwain.cli_common import DbOption, JsonOption, console
from cordwain.cli_common import echo_json as _echo_json
from cordwain.cli_common import fail as _fail
from cordwain.services import impact as s
from cordwain.services.errors import ServiceError
from cordwain.services.workshop import unit_of_work

impact_app = typer.Typer(
    help="What did it save? Leather bought vs. cut vs. offcuts vs. scrap, pairs made vs. sold "
    "vs. unsold vs. returned, their footprint, next to one mass-production run for the same "
    "demand.\n\n"
    "Example:  cordwain impact batch B2612MARA",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

BatchArg = Annotated[str, typer.Argument(help="The batch code, e.g. B2612MARA.")]
_DAY = ["%Y-%m-%d"]


def _n(x: Any, fmt: str = ",.1f", unit: str = "") -> str:
    return "—" if x is None else f"{x:{fmt}}{unit}"


#: Short names of where the leather figures came from, for narrow tables.
_SOURCE_SHORT = {"cutting plan": "cutting", "plan (expected figures)": "plan"}


def _short(source: str) -> str:
    return _SOURCE_SHORT.get(source, "BOM")


def _leather_table(leather: dict[str, Any], source: str) -> Table:
    console.print(f"Leather figures from the [bold]{source}[/].", soft_wrap=True)
    t = Table(title="Leather")
    t.add_column("")
    t.add_column("sq ft", justify="right")
    t.add_row("bought (hides opened)", _n(leather["bought_sqft"]))
    if leather.get("offcuts_used_sqft"):
        t.add_row("offcuts of earlier batches used", _n(leather["offcuts_used_sqft"]))
    t.add_row("cut into pieces", _n(leather["cut_sqft"]))
    t.add_row("offcuts kept", _n(leather["offcuts_kept_sqft"]))
    t.add_row("scrap", _n(leather["scrap_sqft"]))
    t.add_row("cutting yield", _n(leather["cutting_yield"], ".1%"))
    return t


def _pairs_table(pairs: dict[str, Any]) -> Table:
    t = Table(title="Pairs")
    t.add_column("")
    t.add_column("pairs", justify="right")
    made = f"{pairs['made']:,}"
    if pairs.get("made_source", "").startswith("planned"):
        made += " (planned)"
    t.add_row("made", made)
    t.add_row("expected sold", _n(pairs["expected_sold"]))
    t.add_row("expected unsold", _n(pairs["expected_unsold"]))
    share = pairs.get("returned_share")
    t.add_row("returned", f"{pairs['returned']:,}" + (f" ({share:.1%})" if share else ""))
    return t


def _footprint_table(fp: dict[str, Any]) -> Table:
    t = Table(title="Footprint, kg CO2e")
    t.add_column("")
    t.add_column("kg CO2e", justify="right")
    t.add_row("all pairs made", _n(fp["pairs_made_kg"]))
    t.add_row("all leather bought", _n(fp["leather_bought_kg"]))
    t.add_row("wasted: unsold pairs", _n(fp["unsold_kg"]))
    t.add_row("wasted: leather scrap", _n(fp["scrap_kg"]))
    t.add_row("[bold]wasted in all[/]", _n(fp["waste_kg"]))
    t.add_row("returned pairs (lost if not resold)", _n(fp["returned_kg"]))
    return t


def _saved(compared: dict[str, Any] | None, mass: dict[str, Any] | None, what: str) -> None:
    if not compared or not mass:
        console.print("No mass-production comparison: no plan is stored for this.")
        return
    t = Table(title=f"{what} vs. one mass-production run for the same demand")
    t.add_column("")
    t.add_column("made here", justify="right")
    t.add_column("mass run", justify="right")
    t.add_column("saved", justify="right", style="green")
    rows = [
        ("pairs made", "pairs_made", "pairs_made", None, ",.0f"),
        ("expected unsold pairs", "expected_unsold", "expected_unsold", "unsold_pairs_saved",
         ",.1f"),
        ("leather bought or reused, sq ft", "leather_taken_sqft", "leather_bought_sqft", None,
         ",.1f"),
        ("leather scrap, sq ft", "leather_scrap_sqft", "leather_scrap_sqft",
         "leather_scrap_saved_sqft", ",.1f"),
        ("wasted, kg CO2e", "co2e_waste_kg", "co2e_waste_kg", "co2e_saved_kg", ",.1f"),
    ]  # fmt: skip
    for label, here, there, saved, fmt in rows:
        t.add_row(
            label, _n(compared.get(here), fmt), _n(mass.get(there), fmt),
            _n(compared.get(saved), fmt) if saved else "",
        )  # fmt: skip
    console.print(t)
    ratio = compared.get("unsold_vs_mass")
    if ratio is not None:
        console.print(f"Unsold pairs: [bold]{ratio:.0%}[/] of what the mass run would leave.")


def _factors_line(factors: dict[str, Any]) -> None:
    for f in factors.values():
        console.print(f"[dim]{f['value']:.4g} {f['unit']} — {f['source']}[/]", soft_wrap=True)


def _notes(notes: list[str]) -> None:
    for n in notes:
        console.print(f"[yellow]note:[/] {n}", soft_wrap=True)


@impact_app.command("batch")
def batch(code: BatchArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """What one batch wasted and saved: leather, pairs, returns, footprint, vs. mass production.

    Leather bought vs. cut vs. offcuts kept vs. scrap; pairs made vs. expected sold and unsold
    vs. returned; their footprint; and what one mass-production run would have wasted for the
    same demand.

    Example:  cordwain impact batch B2612MARA --json
    """
    try:
        with unit_of_work(db) as uow:
            rep = s.batch_impact_report(uow, code)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(rep)
        return
    console.print(
        f"Batch [bold]{rep['batch']}[/] ({rep['status']}, {rep['start']} .. {rep['end']})"
    )
    console.print(_leather_table(rep["leather"], rep["leather"]["source"]))
    console.print(_pairs_table(rep["pairs"]))
    console.print(_footprint_table(rep["footprint_co2e"]))
    _saved(rep["compared_with_mass"], rep["mass_production"], "This batch")
    _notes(rep["notes"])
    _factors_line(rep["factors"])


@impact_app.command("season")
def season(
    since: Annotated[
        datetime | None,
        typer.Option(formats=_DAY, help="First batch start counted (default: the first batch)."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=_DAY, help="Last batch start counted (default: the last batch)."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The batches that start between two days, each accounted as `impact batch` does, summed.

    Example:  cordwain impact season --since 2026-01-01 --until 2026-12-31
    """
    try:
        with unit_of_work(db) as uow:
            rep = s.season_impact_report(
                uow,
                since=since.date() if since else None,
                until=until.date() if until else None,
            )
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(rep)
        return
    span = f"{rep['since'] or 'first batch'} .. {rep['until'] or 'last batch'}"
    console.print(f"Season [bold]{span}[/]: {rep['batches']} batches")
    t = Table(
        title="By batch",
        caption="leather: from the cutting plan, the plan or a BOM estimate · scrap in sq ft · "
        "waste in kg CO2e · mass: the mass run's unsold pairs",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    t.add_column("batch", no_wrap=True)
    t.add_column("start", no_wrap=True)
    t.add_column("leather", no_wrap=True)
    for col in ("made", "unsold", "ret.", "scrap", "waste", "mass"):
        t.add_column(col, justify="right", no_wrap=True, min_width=len(col))
    for b in rep["by_batch"]:
        t.add_row(
            b["batch"], b["start"], _short(b["leather_source"]), f"{b['pairs_made']:,}",
            _n(b["expected_unsold"], ",.0f"), f"{b['returned']:,}",
            _n(b["leather_scrap_sqft"], ",.0f"), _n(b["co2e_waste_kg"], ",.0f"),
            _n(b["mass_unsold"], ",.0f"),
        )  # fmt: skip
    console.print(t)
    console.print(_leather_table(rep["leather"], ", ".join(rep["leather"]["sources"])))
    console.print(_pairs_table(rep["pairs"]))
    console.print(_footprint_table(rep["footprint_co2e"]))
    compared = rep["compared_with_mass"]
    what = "These batches"
    if compared and len(compared["batches"]) < rep["batches"]:
        what = f"The {len(compared['batches'])} batch(es) with a plan"
    _saved(compared, rep["mass_production"], what)
    _notes(rep["notes"])
    _factors_line(rep["factors"])


@impact_app.command("factors")
def factors(
    pair_kg: Annotated[
        float | None, typer.Option("--pair-kg", help="kg CO2e per finished pair.", min=0)
    ] = None,
    pair_source: Annotated[
        str | None, typer.Option("--pair-source", help="Published source of --pair-kg.")
    ] = None,
    leather_kg: Annotated[
        float | None,
        typer.Option("--leather-kg", help="kg CO2e per sq ft of finished leather.", min=0),
    ] = None,
    leather_source: Annotated[
        str | None, typer.Option("--leather-source", help="Published source of --leather-kg.")
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Go back to the published defaults first.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the emission factors in force, or replace one with your own figure and its source.

    Example:  cordwain impact factors --leather-kg 1.1 --leather-source "Our tannery's LCA 2025"
    """
    changing = reset or any(x is not None for x in (pair_kg, pair_source, leather_kg,
                                                     leather_source))  # fmt: skip
    try:
        with unit_of_work(db) as uow:
            if changing:
                s.save_impact_factors(
                    uow,
                    pair_kg=pair_kg,
                    pair_source=pair_source,
                    leather_kg_per_sqft=leather_kg,
                    leather_source=leather_source,
                    reset=reset,
                )
                uow.commit()
            rep = s.impact_factors_report(uow)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(rep)
        return
    t = Table(title="Emission factors")
    t.add_column("factor")
    t.add_column("value", justify="right")
    t.add_column("unit")
    t.add_column("source")
    for name, f in rep.items():
        label = name + ("" if f["default"] else " [yellow](yours)[/]")
        t.add_row(label, f"{f['value']:.4g}", f["unit"], f["source"])
    console.print(t)


__all__ = ["impact_app"]
