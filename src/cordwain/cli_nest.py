"""``cordwain nest …``: the nesting engines on instance files, and on a stored batch.

``hides`` and ``strip`` read the public jagua-rs / sparrow JSON instances so anyone can
re-check a layout; ``batch`` is the workshop's own cutting plan (the same as ``cut plan``).
With ``--json`` the last line printed is one JSON object: ``bins_used``, ``utilisation``,
``unplaced`` and ``placements`` in the instance's own ids and coordinates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordwain.cli_common import DbOption, JsonOption, console, fail, progress_bar
from cordwain.services.errors import ServiceError

nest_app = typer.Typer(
    help="Nest pattern pieces: on the hides of a bin-packing instance, on a roll (strip "
    "packing), or a stored batch on the workshop's shelf.\n\n"
    "Example:  cordwain nest hides --instance baldacci1.json --time-limit 60 --svg plans/",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

Instance = Annotated[
    Path, typer.Option("--instance", help="A jagua-rs / sparrow JSON instance file.")
]
Seed = Annotated[int, typer.Option(help="Seed of the search.")]
Svg = Annotated[Path | None, typer.Option("--svg", help="Write SVG drawings into this folder.")]


def _show(report, as_json: bool) -> None:
    if as_json:
        # One line, last: scripts read it with `tail -1`.
        typer.echo(json.dumps(report.layout | {"violations": list(report.violations)}))
        return
    lay = report.layout
    table = Table(
        title=f"{report.name}: {lay['bins_used']} {'hides' if report.kind == 'hides' else 'roll'}"
    )
    for col in ("bin", "pieces", "utilisation") + (("length",) if report.kind == "strip" else ()):
        table.add_column(col, justify="left" if col == "bin" else "right")
    for s in report.sheets:
        row = [str(s["bin_id"]), str(s["pieces"]), f"{s['utilisation']:.1%}"]
        if report.kind == "strip":
            row.append(f"{s['length']:,.2f}")
        table.add_row(*row)
    console.print(table)
    base = report.baseline
    if report.kind == "hides":
        console.print(
            f"{len(lay['placements'])} pieces placed on [bold]{lay['bins_used']}[/] hides "
            f"(utilisation {lay['utilisation']:.1%}); first-fit baseline: {base['bins_used']} "
            f"hides, {base['utilisation']:.1%}. {report.runtime:.1f} s."
        )
    else:
        console.print(
            f"Length [bold]{lay['length']:,.2f}[/], density {lay['utilisation']:.1%}; shelf "
            f"baseline: length {base['length']:,.2f}, {base['utilisation']:.1%}. "
            f"{report.runtime:.1f} s."
        )
    for u in lay["unplaced"]:
        console.print(f"[red]Not placed[/]: {u['count']} × item {u['item_id']} — {u['reason']}")
    for v in report.violations:
        console.print(f"[bold red]Rule broken[/]: {v}")
    if report.files:
        console.print(f"{len(report.files)} drawings written to {report.files[0].parent}")


@nest_app.command("hides")
def hides(
    instance: Instance,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds of search.")] = 60.0,
    seed: Seed = 0,
    svg: Svg = None,
    as_json: JsonOption = False,
) -> None:
    """Nest a bin-packing instance on the fewest hides (quality zones, holes, orientations).

    Example:  cordwain nest hides --instance baldacci1.json --time-limit 60 --json | tail -1
    """
    from cordwain.services.nest_instances import nest_hide_instance

    try:
        with progress_bar(f"Nesting {instance.name}", enabled=not as_json) as bar:
            report = nest_hide_instance(
                instance, time_limit=time_limit, seed=seed, svg_dir=svg, progress=bar
            )
    except ServiceError as exc:
        fail(str(exc))
    _show(report, as_json)


@nest_app.command("strip")
def strip(
    instance: Instance,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds of search.")] = 30.0,
    seed: Seed = 0,
    svg: Svg = None,
    as_json: JsonOption = False,
) -> None:
    """Pack a strip-packing instance (a fabric roll of fixed width) in the least length.

    Example:  cordwain nest strip --instance shirts.json --time-limit 30 --svg plans/
    """
    from cordwain.services.nest_instances import nest_strip_instance

    try:
        with progress_bar(f"Packing {instance.name}", enabled=not as_json) as bar:
            report = nest_strip_instance(
                instance, time_limit=time_limit, seed=seed, svg_dir=svg, progress=bar
            )
    except ServiceError as exc:
        fail(str(exc))
    _show(report, as_json)


@nest_app.command("batch")
def batch(
    batch_id: Annotated[str, typer.Argument(help="Code of the stored batch to cut.")],
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds of search.")] = 60.0,
    seed: Seed = 0,
    svg: Svg = None,
    replan: Annotated[
        bool, typer.Option("--replan", help="Put back what the batch's old plan took; plan again.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Nest a stored batch on the hides, offcuts and rolls on the shelf; store the plan.

    The same as ``cordwain cut plan`` (which also writes DXF for the cutting table).

    Example:  cordwain nest batch B2026W49 --time-limit 60 --svg plans/
    """
    from cordwain.cli_cut import _plan_json, _print_plan
    from cordwain.services import cutting
    from cordwain.services.workshop import unit_of_work

    try:
        with (
            progress_bar(f"Cutting plan {batch_id}", enabled=not as_json) as bar,
            unit_of_work(db) as uow,
        ):
            cutting.plan_cutting(
                uow, batch_id, time_limit=time_limit, seed=seed, replan=replan, progress=bar
            )
            body = cutting.cutting_plan(uow, batch_id)
            files = cutting.write_plan_files(uow, batch_id, svg_dir=svg, dxf_dir=None)
    except ServiceError as exc:
        fail(str(exc))
    if not as_json:
        _print_plan(body, files)
        return
    sheets = body["sheets"]
    piece_area = sum(s.get("piece_sqft", 0.0) for s in sheets if s["kind"] != "roll")
    usable = sum(s.get("usable_sqft", 0.0) for s in sheets if s["kind"] != "roll")
    layout = {
        "bins_used": len(sheets),
        "utilisation": round(piece_area / usable, 6) if usable else 0.0,
        "unplaced": body["unplaced"],
        # Items are the graded piece outlines of ``shapes`` (mm), bins the hides/rolls.
        "placements": [
            {"item_id": p["shape"], "bin_id": p["sheet"], "rotation": p["rotation"],
             "mirror": p["mirror"], "x": p["x"], "y": p["y"]}
            for p in body["placements"]
        ],
        "shapes": body["shapes"],
    }  # fmt: skip
    typer.echo(json.dumps(_plan_json(body, files) | layout, default=str))
