"""``cordwain cut …``: cutting plans (clicking) on the command line.

A Typer sub-app (``cut_app``) that the main CLI registers as ``cut``. Each command is a thin call
into :mod:`cordwain.services.cutting`, prints a Rich summary for people and JSON (``--json``)
for scripts, and carries a runnable example.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cordwain.cli_common import DbOption, JsonOption, console
from cordwain.cli_common import echo_json as _echo_json
from cordwain.cli_common import fail as _fail
from cordwain.cli_common import progress_bar as _progress
from cordwain.services import cutting
from cordwain.services.errors import ServiceError
from cordwain.services.workshop import unit_of_work

cut_app = typer.Typer(
    help="Cutting plans: nest a batch's pattern pieces on the hides, offcuts and rolls on the "
    "shelf, draw the plan per hide, import patterns and hides.\n\n"
    "Example:  cordwain cut plan B2605MARA --svg-dir plans/",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


SvgDir = Annotated[
    Path | None, typer.Option("--svg-dir", help="Write one SVG picture per hide / roll here.")
]
DxfDir = Annotated[
    Path | None, typer.Option("--dxf-dir", help="Write one DXF per hide / roll (cutting table).")
]


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _print_plan(body: dict, files: list[Path]) -> None:
    """The summary the clicker reads: hides, yield, sq ft per pair, what is not cut, offcuts."""
    table = Table(title=f"Cutting plan {body['batch']} ({body['pairs']} pairs)")
    for col, just in (
        ("hide / roll", "left"),
        ("kind", "left"),
        ("material", "left"),
        ("pieces", "right"),
        ("yield", "right"),
        ("scrap sq ft", "right"),
    ):
        table.add_column(col, justify=just)  # type: ignore[arg-type]  # fmt: skip
    for s in body["sheets"]:
        scrap = f"{s['scrap_sqft']:.2f}" if "scrap_sqft" in s else f"{s.get('metres', 0):.2f} m"
        table.add_row(s["code"], s["kind"], s["material"], str(s["pieces"]),
                      _pct(s["yield"]), scrap)  # fmt: skip
    console.print(table)
    arts = Table(title="Per material")
    for col in ("material", "status", "placed", "hides", "offcuts", "yield", "sq ft / pair"):
        arts.add_column(col, justify="left" if col in ("material", "status") else "right")
    for a in body["articles"].values():
        per_pair = f"{a['sqft_per_pair']:.2f}" if a["kind"] == "leather" else f"{a['metres']:.2f} m"
        arts.add_row(a["material"], a["status"], f"{a['placed']}/{a['pieces']}",
                     str(a["hides_used"]), str(a["offcuts_used"]), _pct(a["yield"]),
                     per_pair)  # fmt: skip
    console.print(arts)
    hides = sum(1 for s in body["sheets"] if s["kind"] == "hide")
    console.print(
        f"[bold]{hides}[/] hides opened, {len(body['offcuts_used'])} offcuts used, "
        f"{len(body['offcuts_kept'])} offcuts kept for small pieces; "
        f"{body['runtime_s']:.1f} s; status [bold]{body['status']}[/]"
    )
    if body["unplaced"]:
        miss = Table(title="Not cut", title_style="bold red")
        for col in ("material", "SKU", "piece", "side", "count", "reason"):
            miss.add_column(col)
        for u in body["unplaced"]:
            miss.add_row(u["material"], u["sku"], u["piece"], u["side"], str(u["count"]),
                         u["reason"])  # fmt: skip
        console.print(miss)
    if files:
        folders = sorted({str(f.parent) for f in files})
        console.print(f"{len(files)} drawings written to {', '.join(folders)}")


@cut_app.command("plan")
def plan(
    batch: Annotated[str, typer.Argument(help="Code of the stored batch to cut.")],
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds the search may take in all.")
    ] = 60.0,
    seed: Annotated[int, typer.Option(help="Seed of the search.")] = 0,
    gap: Annotated[
        float, typer.Option("--gap", help="Knife / laser gap between pieces, mm.")
    ] = 2.0,
    replan: Annotated[
        bool, typer.Option("--replan", help="Put back what the batch's old plan took; plan again.")
    ] = False,
    svg_dir: SvgDir = None,
    dxf_dir: DxfDir = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Nest a batch's pieces on the hides, offcuts and rolls on the shelf; store the plan.

    Hides opened leave the shelf, offcuts used are removed, new offcuts are kept, and the
    measured yield per leather article is recorded for the batch planner.

    Example:  cordwain cut plan B2605MARA --time-limit 60 --svg-dir plans/
    """
    try:
        with _progress(f"Cutting plan {batch}") as report, unit_of_work(db) as uow:
            cutting.plan_cutting(
                uow, batch, time_limit=time_limit, seed=seed, gap_mm=gap, replan=replan,
                progress=report,
            )  # fmt: skip
            body = cutting.cutting_plan(uow, batch)
            files = cutting.write_plan_files(uow, batch, svg_dir=svg_dir, dxf_dir=dxf_dir)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(_plan_json(body, files))
        return
    _print_plan(body, files)


def _plan_json(body: dict, files: list[Path]) -> dict:
    keep = ("batch", "status", "pairs", "runtime_s", "articles", "sheets", "sqft_per_pair",
            "unplaced")  # fmt: skip
    out = {k: body[k] for k in keep}
    out["sheets"] = [{k: v for k, v in s.items() if k not in ("hide", "offcut")}
                     for s in body["sheets"]]  # fmt: skip
    out["hides_used"] = sum(1 for s in body["sheets"] if s["kind"] == "hide")
    out["pieces_placed"] = len(body["placements"])
    out["offcuts_kept"] = [o["code"] for o in body["offcuts_kept"]]
    out["offcuts_used"] = [o["code"] for o in body["offcuts_used"]]
    out["files"] = [str(f) for f in files]
    return out


@cut_app.command("show")
def show(
    batch: Annotated[str, typer.Argument(help="Code of a batch that has a cutting plan.")],
    svg_dir: SvgDir = None,
    dxf_dir: DxfDir = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a stored cutting plan, and draw it again (SVG per hide, DXF for the table).

    Example:  cordwain cut show B2605MARA --svg-dir plans/
    """
    try:
        with unit_of_work(db) as uow:
            body = cutting.cutting_plan(uow, batch)
            files = cutting.write_plan_files(uow, batch, svg_dir=svg_dir, dxf_dir=dxf_dir)
    except ServiceError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(_plan_json(body, files))
        return
    _print_plan(body, files)


def _size_files(files: list[str]) -> Path | dict[str, Path]:
    sized = [f for f in files if "=" in f]
    if not sized:
        if len(files) != 1:
            raise ServiceError("give one drawing graded to the run, or SIZE=FILE for every file")
        return Path(files[0])
    if len(sized) != len(files):
        raise ServiceError("give either one FILE or SIZE=FILE for every file, not a mix")
    return {f.split("=", 1)[0]: Path(f.split("=", 1)[1]) for f in sized}


@cut_app.command("patterns")
def patterns(
    style: Annotated[str, typer.Argument(help="Style code the pieces belong to.")],
    files: Annotated[
        list[str], typer.Argument(help="A DXF/SVG drawing, or SIZE=FILE per graded size.")
    ],
    material: Annotated[str, typer.Option("--material", help="Material the pieces are cut from.")],
    size: Annotated[
        str | None, typer.Option("--size", help="Size the drawing is at (default: mid-run).")
    ] = None,
    grade: Annotated[
        bool, typer.Option("--grade/--no-grade", help="Grade one drawing to the whole size run.")
    ] = True,
    last_length: Annotated[
        float, typer.Option("--last-length", help="Last length in mm at the drawn size.")
    ] = 270.0,
    units_mm: Annotated[
        float | None, typer.Option("--units-mm", help="mm per drawing unit (unitless DXF).")
    ] = None,
    count: Annotated[int, typer.Option("--count", help="Pieces per pair.")] = 2,
    mirrored: Annotated[
        bool, typer.Option("--mirrored/--not-mirrored", help="Cut as left/right pairs.")
    ] = True,
    min_grade: Annotated[str, typer.Option("--min-grade", help="Lowest leather grade.")] = "B",
    grain: Annotated[str, typer.Option("--grain", help="along-backbone or any.")] = (
        "along-backbone"
    ),
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Grain tolerance in degrees.")
    ] = 10.0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a style's pattern pieces from DXF or SVG (one piece per closed outline).

    Example:  cordwain cut patterns MARA vamp.dxf --material LTH_BLK --min-grade A
    """
    try:
        source = _size_files(files)
        with unit_of_work(db) as uow:
            result = cutting.import_patterns(
                uow, style, source, material, size=size, grade=grade,
                last_length_mm=last_length, units_mm=units_mm, count_per_pair=count,
                mirrored=mirrored, min_grade=min_grade.upper(), grain=grain,
                grain_tolerance_deg=tolerance,
            )  # fmt: skip
    except (ServiceError, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        _echo_json({"style": result.style_code, "material": result.material_code,
                    "pieces": list(result.pieces), "sizes": list(result.sizes),
                    "files": list(result.files)})  # fmt: skip
        return
    console.print(
        f"{len(result.pieces)} pattern pieces of [bold]{result.style_code}[/] in "
        f"{result.material_code}, graded to {len(result.sizes)} sizes "
        f"({result.sizes[0]}–{result.sizes[-1]}): " + ", ".join(result.pieces)
    )


@cut_app.command("hide")
def hide(
    file: Annotated[Path, typer.Argument(help="Our hides JSON, jagua-rs JSON, DXF or SVG.")],
    material: Annotated[
        str | None, typer.Option("--material", help="Leather article (needed but for our JSON).")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Hide code (default: file name).")] = (
        None
    ),
    stamped: Annotated[
        float | None, typer.Option("--stamped", help="Tannery's stamped area, sq ft.")
    ] = None,
    lot: Annotated[str, typer.Option("--lot", help="Tannery lot.")] = "",
    units_mm: Annotated[
        float | None, typer.Option("--units-mm", help="mm per drawing unit.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Put hides on the shelf from a scanner or CAD file (outline, holes, zones, backbone).

    Example:  cordwain cut hide scans/side-17.dxf --material LTH_BLK --stamped 24.5 --lot L7
    """
    try:
        with unit_of_work(db) as uow:
            hides = cutting.import_hide_file(
                uow, file, code=code, material_code=material, stamped_area_sqft=stamped,
                lot=lot, units_mm=units_mm,
            )  # fmt: skip
    except ServiceError as exc:
        _fail(str(exc))
    rows = [{"code": h.code, "material": h.material_code, "stamped_sqft": h.stamped_area_sqft,
             "zones": len(h.zones), "holes": len(h.holes)} for h in hides]  # fmt: skip
    if as_json:
        _echo_json({"hides": rows})
        return
    for r in rows:
        console.print(
            f"Hide [bold]{r['code']}[/] ({r['material']}, {r['stamped_sqft']:.2f} sq ft, "
            f"{r['zones']} zones, {r['holes']} holes) is on the shelf"
        )


__all__ = ["cut_app"]
