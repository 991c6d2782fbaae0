"""``cordwain schedule …``: schedule a batch at a humane pace, repair it, print day sheets.

A Typer sub-app (``schedule_app``) that the main CLI registers; each command is a thin call
into :mod:`cordwain.services.scheduling`, prints a Rich summary for people and JSON
(``--json``) for scripts, and carries a runnable example.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from typer.core import TyperGroup

from cordwain.cli_common import DbOption, JsonOption, console
from cordwain.cli_common import echo_json as _echo_json
from cordwain.cli_common import fail as _fail
from cordwain.cli_common import progress_bar as _progress
from cordwain.services import scheduling as s
from cordwain.services.errors import ServiceError
from cordwain.services.workshop import unit_of_work


class _BatchFirst(TyperGroup):
    """``cordwain schedule BATCH …`` means ``cordwain schedule run BATCH …``."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["run", *args]
        return super().resolve_command(ctx, args)


schedule_app = typer.Typer(
    cls=_BatchFirst,
    help="Who makes what, when: every operation of a batch on the right artisan, inside shifts "
    "and legal breaks, with fair load and pre-order promises kept or flagged early. "
    "`cordwain schedule BATCH` is short for `cordwain schedule run BATCH`.\n\n"
    "Example:  cordwain schedule B2612MARA --time-limit 30 --html schedule/",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


_MOMENT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
BatchArg = Annotated[str, typer.Argument(help="The batch code, e.g. B2612MARA.")]
HtmlDir = Annotated[
    Path | None,
    typer.Option("--html", help="Write the Gantt charts and every day sheet as pages here."),
]
TimeLimit = Annotated[
    float, typer.Option("--time-limit", help="Seconds the optimiser may search.", min=0.1)
]


def _hours(minutes: float | None) -> str:
    if minutes is None:
        return "—"
    return f"{minutes / 60:.1f} h"


def _summary(rep: s.ScheduleReport) -> None:
    """What a workshop owner reads first: when it ends, how sure, who carries what."""
    done = f"{rep.completion:%a %d %b %H:%M}" if rep.completion else "—"
    gap = f"{rep.gap:.1%}" if rep.gap is not None else "not proven"
    console.print(
        f"Batch [bold]{rep.batch_code}[/]: {rep.pairs} pairs, {rep.tasks} tasks, "
        f"from {rep.start:%a %d %b %H:%M} over {len(rep.working_days)} working days"
    )
    console.print(
        f"Status [bold]{rep.status}[/] ({rep.method}) · makespan [bold]"
        f"{_hours(rep.makespan_minutes)}[/] (last pair packed {done}) · gap {gap} · "
        f"{rep.runtime:.1f} s"
    )
    jain = f"{rep.jain_index:.3f}" if rep.jain_index is not None else "—"
    console.print(
        f"Overtime {rep.overtime_minutes} min (cost {rep.overtime_cost:,.2f}) · "
        f"late pre-orders {len(rep.late_preorders)} of {len(rep.promises)} · "
        f"Jain fairness {jain} · {rep.work_orders} work orders stored"
    )
    table = Table(title="Load per artisan vs contract")
    table.add_column("artisan")
    table.add_column("name")
    for col in ("scheduled", "contract", "load", "overtime"):
        table.add_column(col, justify="right")
    for x in rep.loads:
        table.add_row(
            x["artisan"], x["name"], _hours(x["minutes"]), _hours(x["contract_minutes"]),
            f"{x['utilisation']:.0%}", f"{x['overtime_minutes']} min",
        )  # fmt: skip
    console.print(table)
    if rep.late_preorders:
        late = Table(title="Pre-orders that will be late", title_style="bold red")
        for col in ("pre-order", "SKU", "pairs", "promised by", "expected", "note"):
            late.add_column(col)
        for p in rep.late_preorders:
            expected = p["expected"][:16].replace("T", " ") if p["expected"] else "not in batch"
            late.add_row(
                p["reference"], p["sku"], str(p["quantity"]), p["promised_by"], expected,
                p["note"],
            )  # fmt: skip
        console.print(late)
    for note in rep.notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)
    if rep.violations:
        console.print(
            f"[bold red]{len(rep.violations)} hard rules broken[/] by the stored schedule "
            "(re-run `cordwain schedule run`):",
            highlight=False,
        )
        for v in rep.violations[:10]:
            console.print(f"  - {v}", highlight=False)


@schedule_app.command("run")
def run(
    batch: BatchArg,
    start: Annotated[
        datetime | None,
        typer.Option(
            formats=_MOMENT,
            help="When the schedule starts (default: first shift of the first batch day).",
        ),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(
            help="Working days the schedule may use (default: the batch's window).", min=1
        ),
    ] = None,
    time_limit: TimeLimit = 60.0,
    seed: Annotated[int, typer.Option(help="Seed of the optimiser.")] = 0,
    gantt: Annotated[
        Path | None, typer.Option("--gantt", help="Also write the Gantt chart (SVG) here.")
    ] = None,
    by: Annotated[str, typer.Option(help="Gantt rows: artisan or machine.")] = "artisan",
    html: HtmlDir = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Schedule a planned or released batch and store it (with its work orders).

    Promises and overtime come first, then the earliest finish, then a fair load. Every
    schedule is re-checked against every humane rule before it is stored.

    Example:  cordwain schedule run B2612MARA --start 2026-12-01T08:00 --days 10 --html schedule/
    """
    try:
        with _progress("Scheduling", enabled=not as_json) as report, unit_of_work(db) as uow:
            rep = s.schedule_batch(
                uow, batch, start=start, days=days, time_limit=time_limit, seed=seed,
                progress=report,
            )  # fmt: skip
            uow.commit()
            picture = s.gantt(uow, batch, by) if gantt else None
            index = s.write_schedule_html(uow, batch, html) if html else None
    except ServiceError as exc:
        _fail(str(exc))
        return
    if gantt and picture is not None:
        gantt.write_text(picture, encoding="utf-8")
    if as_json:
        _echo_json({**rep.as_dict(), "gantt": str(gantt) if gantt else None,
                    "html": str(index) if index else None})  # fmt: skip
        return
    _summary(rep)
    if gantt:
        console.print(f"Gantt chart written to {gantt}")
    if index:
        console.print(f"Gantt charts and day sheets written to {index}")


@schedule_app.command("show")
def show(
    batch: BatchArg,
    gantt: Annotated[
        Path | None, typer.Option("--gantt", help="Also write the Gantt chart (SVG) here.")
    ] = None,
    by: Annotated[str, typer.Option(help="Gantt rows: artisan or machine.")] = "artisan",
    html: HtmlDir = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show the schedule stored for a batch.

    Example:  cordwain schedule show B2612MARA --gantt plan.svg
    """
    try:
        with unit_of_work(db) as uow:
            rep = s.stored_schedule(uow, batch)
            picture = s.gantt(uow, batch, by) if gantt else None
            index = s.write_schedule_html(uow, batch, html) if html else None
    except ServiceError as exc:
        _fail(str(exc))
        return
    if gantt and picture is not None:
        gantt.write_text(picture, encoding="utf-8")
    if as_json:
        _echo_json({**rep.as_dict(), "html": str(index) if index else None})
        return
    _summary(rep)
    if gantt:
        console.print(f"Gantt chart written to {gantt}")
    if index:
        console.print(f"Gantt charts and day sheets written to {index}")


@schedule_app.command("repair")
def repair(
    batch: BatchArg,
    from_: Annotated[
        datetime, typer.Option("--from", formats=_MOMENT, help="When the absence/breakdown starts.")
    ],
    absent: Annotated[
        str | None, typer.Option("--absent", help="The artisan who is absent.")
    ] = None,
    machine_down: Annotated[
        str | None, typer.Option("--machine-down", help="The machine out of service.")
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=_MOMENT, help="When they are back (default: not in this schedule)."),
    ] = None,
    time_limit: TimeLimit = 20.0,
    seed: Annotated[int, typer.Option(help="Seed of the optimiser.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Re-plan a stored schedule after an absence or a machine breakdown.

    Work already done stays; everyone else keeps their tasks and times wherever possible.
    Prints what changed for whom.

    Example:  cordwain schedule repair B2612MARA --absent A04 --from 2026-12-03T08:00
    """
    try:
        with _progress("Repairing", enabled=not as_json) as report, unit_of_work(db) as uow:
            rep = s.repair_schedule(
                uow, batch, absent=absent, machine_down=machine_down, from_=from_, until=until,
                time_limit=time_limit, seed=seed, progress=report,
            )  # fmt: skip
            uow.commit()
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(rep.as_dict())
        return
    console.print(f"Repaired after: [bold]{rep.event}[/]; {len(rep.changes)} tasks changed")
    table = Table(title="What changed for whom")
    table.add_column("artisan")
    for col in ("kept", "lost", "gained", "moved in time"):
        table.add_column(col, justify="right")
    for code, t in rep.by_artisan.items():
        table.add_row(code, str(t["kept"]), str(t["lost"]), str(t["gained"]), str(t["moved"]))
    console.print(table)
    _summary(rep.schedule)


@schedule_app.command("day-sheet")
def day_sheet(
    batch: BatchArg,
    artisan: Annotated[str, typer.Argument(help="The artisan's code, e.g. A04.")],
    day: Annotated[datetime, typer.Argument(formats=["%Y-%m-%d"], help="The day, 2026-12-02.")],
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a printable HTML page here instead.")
    ] = None,
    db: DbOption = None,
) -> None:
    """An artisan's printable day sheet: each task (what, how many pairs, when) and the breaks.

    Example:  cordwain schedule day-sheet B2612MARA A04 2026-12-02 --html a04.html
    """
    try:
        with unit_of_work(db) as uow:
            sheet = s.day_sheet(uow, batch, artisan, day.date(), html=html is not None)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if html is not None:
        html.write_text(sheet, encoding="utf-8")
        console.print(f"Day sheet written to {html}")
        return
    typer.echo(sheet)


@schedule_app.command("jobshop")
def jobshop(
    file: Annotated[
        Path, typer.Argument(help="A classic job-shop instance file.", exists=True, dir_okay=False)
    ],
    time_limit: TimeLimit = 60.0,
    seed: Annotated[int, typer.Option(help="Seed of the optimiser.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Solve a classic job-shop instance (the yardstick of the scheduling engine).

    Example:  cordwain schedule jobshop ft06.txt --time-limit 10 --json
    """
    try:
        out = s.solve_jobshop_file(file, time_limit=time_limit, seed=seed)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        typer.echo(json.dumps(out))
        return
    console.print(
        f"{out['instance']}: makespan [bold]{out['makespan']}[/] (lower bound "
        f"{out['lower_bound']}, {out['status']}) in {out['seconds']:.1f} s"
    )
