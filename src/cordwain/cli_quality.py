"""``cordwain qc …`` and ``cordwain trace …``: quality and traceability on the command line.

Two Typer sub-apps (``quality_app``, ``trace_app``) that the main CLI registers; each command is
a thin call into :mod:`cordwain.services.quality` / :mod:`cordwain.services.trace`, prints a
Rich table for people and JSON (``--json``) for scripts, and carries a runnable example.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cordwain.cli_common import DbOption, JsonOption, console
from cordwain.cli_common import echo_json as _echo_json
from cordwain.cli_common import fail as _fail
from cordwain.services import quality as q
from cordwain.services import trace as tr
from cordwain.services.errors import ServiceError
from cordwain.services.workshop import unit_of_work

quality_app = typer.Typer(
    help="Quality: sampling plans, final-lot inspection, checklists, lab tests, control charts, "
    "Pareto, non-conformances.\n\nExample:  cordwain qc plan --lot-size 1000 --aql 2.5 --json",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
record_app = typer.Typer(
    help="Record in-process checklists and lab tests of a batch.\n\n"
    "Example:  cordwain qc record lab B2607MARA SOLE_BOND=4.6,4.9,5.1",
    no_args_is_help=True,
)
ncr_app = typer.Typer(
    help="Non-conformances and their corrective actions.\n\n"
    "Example:  cordwain qc ncr list --status open",
    no_args_is_help=True,
)
quality_app.add_typer(record_app, name="record")
quality_app.add_typer(ncr_app, name="ncr")
trace_app = typer.Typer(
    help="Trace a pair to its hides, makers and inspections, or a hide to every pair cut from "
    "it.\n\nExample:  cordwain trace pair B2606MARA-0006",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


DayOption = Annotated[
    datetime | None,
    typer.Option("--day", formats=["%Y-%m-%d"], help="Day it was done (default: today)."),
]
StyleOption = Annotated[
    str | None, typer.Option("--style", help="The style (product line) of the lot.")
]


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


# --- sampling plans and final lots ----------------------------------------------------------


@quality_app.command("plan")
def plan(
    lot_size: Annotated[
        int | None, typer.Option("--lot-size", "--lot", help="Pairs in the lot.")
    ] = None,
    aql: Annotated[
        str | None, typer.Option("--aql", help="One AQL column (e.g. 2.5): print that plan.")
    ] = None,
    aql_critical: Annotated[str, typer.Option(help="AQL for critical defects.")] = "0",
    aql_major: Annotated[str, typer.Option(help="AQL for major defects.")] = "2.5",
    aql_minor: Annotated[str, typer.Option(help="AQL for minor defects.")] = "4.0",
    level: Annotated[str, typer.Option(help="Inspection level: S-1..S-4, I, II, III.")] = "II",
    severity: Annotated[
        str, typer.Option(help="normal, tightened or reduced inspection.")
    ] = "normal",
    batch: Annotated[
        str | None,
        typer.Option("--batch", help="Plan a stored batch, per style, at its switching state."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """ISO 2859-1 / Z1.4 sampling plan: how many pairs to pull, how many defects to allow.

    With --aql prints one plan {code_letter, sample_size, accept, reject, hundred_percent};
    otherwise one plan per defect class (footwear: critical 0, major 2.5, minor 4.0).

    Example:  cordwain qc plan --lot-size 1000 --aql 2.5 --json
    """
    try:
        if batch is not None:
            with unit_of_work(db) as uow:
                data: dict[str, Any] = q.batch_inspection_plan(uow, batch, level=level)
        elif lot_size is None:
            _fail("give --lot-size N (or --batch CODE)")
            return
        elif aql is not None:
            data = q.quality_plan(lot_size, aql=aql, level=level, severity=severity)
        else:
            aqls = {"critical": aql_critical, "major": aql_major, "minor": aql_minor}
            data = q.quality_plan(lot_size, aqls=aqls, level=level, severity=severity)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(data)
        return
    if aql is not None and batch is None:
        verdict = "inspect every pair" if data["hundred_percent"] else "inspect"
        console.print(
            f"Code letter [bold]{data['code_letter']}[/]: {verdict} [bold]{data['sample_size']}"
            f"[/] pairs; ship with up to {data['accept']} defective, reject at {data['reject']}."
        )
        return
    groups = data.items() if batch is not None else [("lot", data)]
    for name, group in groups:
        table = Table(
            title=f"{name}: {group['lot_size']} pairs, {group['severity']} inspection — "
            f"pull {group['pairs_to_inspect']} pairs"
        )
        for col in ("class", "AQL", "letter", "sample", "accept (Ac)", "reject (Re)", "100%"):
            table.add_column(col, justify="left" if col == "class" else "right")
        for sev, p in group["plans"].items():
            table.add_row(
                sev, p["aql"], p["code_letter"], str(p["sample_size"]), str(p["accept"]),
                str(p["reject"]), "yes" if p["hundred_percent"] else "",
            )  # fmt: skip
        console.print(table)


@quality_app.command("sample")
def sample(
    batch: Annotated[str, typer.Argument(help="Batch code of the finished lot.")],
    style: StyleOption = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the random draw.")] = None,
    level: Annotated[str, typer.Option(help="Inspection level.")] = "II",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draw the pairs to pull from a finished lot for its final inspection (kept for `inspect`).

    Example:  cordwain qc sample B2610ROSE --json
    """
    try:
        with unit_of_work(db) as uow:
            draw = q.draw_sample(uow, batch, style=style, seed=seed, level=level)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(draw.as_dict())
        return
    console.print(
        f"Lot {draw.batch_code}/{draw.style_code} (attempt {draw.attempt}): {draw.lot_size} "
        f"pairs, {draw.severity} inspection, seed {draw.seed}. Pull these "
        f"{len(draw.serials)} pairs:"
    )
    for sev, p in draw.plans.items():
        console.print(
            f"  {sev}: first {p['sample_size']} pairs of the list, accept ≤ {p['accept']}, "
            f"reject ≥ {p['reject']}"
        )
    console.print("  " + "  ".join(draw.serials), soft_wrap=True)


@quality_app.command("inspect")
def inspect(
    batch: Annotated[str, typer.Argument(help="Batch code of the finished lot.")],
    file: Annotated[
        Path,
        typer.Option(
            "--file",
            help="Defects found: CSV serial,code[,count,severity,note] or JSON.",
            exists=True,
            dir_okay=False,
        ),
    ],  # fmt: skip
    style: StyleOption = None,
    inspector: Annotated[str, typer.Option(help="Who inspected (artisan code).")] = "",
    day: DayOption = None,
    seed: Annotated[
        int | None, typer.Option(help="Draw the sample with this seed (default: kept draw).")
    ] = None,
    level: Annotated[str, typer.Option(help="Inspection level.")] = "II",
    reduced_approved: Annotated[
        bool, typer.Option(help="Allow switching to reduced inspection when earned.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Final inspection of a lot: record defects, accept or reject, hold a rejected lot.

    The file lists the defects found on the sampled pairs (an empty file means none). The
    decision moves the style's switching state (normal / tightened / reduced); a rejected lot
    is held and a non-conformance opened. All of it is one transaction.

    Example:  cordwain qc inspect B2610ROSE --file defects.csv --inspector A10
    """
    try:
        findings = q.read_findings(file)
        with unit_of_work(db) as uow:
            report = q.inspect_lot(
                uow, batch, findings, style=style, day=_day(day), inspector=inspector,
                seed=seed, level=level, reduced_approved=reduced_approved,
            )  # fmt: skip
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(report.as_dict())
        return
    verdict = "[green]ACCEPTED[/]" if report.accepted else "[bold red]REJECTED — lot on hold[/]"
    console.print(
        f"Lot {report.batch_code}/{report.style_code}: {verdict} "
        f"(inspection {report.inspection_id}, {report.sample_size} of {report.lot_size} pairs)"
    )
    table = Table()
    for col in ("class", "sample", "found", "Ac", "Re", "verdict"):
        table.add_column(col, justify="left" if col in ("class", "verdict") else "right")
    for c in report.classes:
        table.add_row(
            c["severity"], str(c["sample_size"]), str(c["found"]), str(c["accept"]),
            str(c["reject"]), "accept" if c["accepted"] else "reject",
        )  # fmt: skip
    console.print(table)
    console.print(
        f"Style {report.style_code}: {report.severity_used} → {report.switching_after} "
        f"inspection ({report.switching_reason})"
    )
    if report.ncr:
        console.print(f"Non-conformance {report.ncr} opened.")


@quality_app.command("holds")
def holds(
    show_all: Annotated[bool, typer.Option("--all", help="Include released lots.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Lots on hold after a rejected final inspection.

    Example:  cordwain qc holds --all
    """
    with unit_of_work(db) as uow:
        data = q.lot_holds(uow, held_only=not show_all)
    if as_json:
        _echo_json(data)
        return
    table = Table(title="Lots on hold" if not show_all else "Holds")
    for col in ("batch", "style", "status", "since", "reason", "NCR", "released"):
        table.add_column(col)
    for code, h in data.items():
        rel = h.get("released") or {}
        table.add_row(
            code, h["style_code"], h["status"], h["since"], h["reason"], h.get("ncr") or "",
            f"{rel.get('day', '')} {rel.get('note', '')}".strip(),
        )  # fmt: skip
    console.print(table)


@quality_app.command("release")
def release(
    batch: Annotated[str, typer.Argument(help="Batch code of the held lot.")],
    note: Annotated[str, typer.Option(help="Why it may ship now.")],
    day: DayOption = None,
    db: DbOption = None,
) -> None:
    """Release a held lot after sorting it 100% and reworking what failed.

    Example:  cordwain qc release B2607MARA --note "100% sorted, 9 pairs re-cemented"
    """
    try:
        with unit_of_work(db) as uow:
            q.release_lot(uow, batch, note=note, day=_day(day))
    except ServiceError as exc:
        _fail(str(exc))
    console.print(f"Lot {batch} released.")


@quality_app.command("switching")
def switching(
    style: Annotated[str | None, typer.Argument(help="One style (default: all).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Normal / tightened / reduced inspection per style, and why.

    Example:  cordwain qc switching MARA --json
    """
    with unit_of_work(db) as uow:
        data = q.switching_report(uow, style)
    if as_json:
        _echo_json(data)
        return
    table = Table(title="Switching state per style")
    for col in ("style", "inspection", "lots", "score", "reason"):
        table.add_column(col)
    for s, st in data.items():
        sev = st["severity"] + (" (discontinued)" if st["discontinued"] else "")
        table.add_row(s, sev, str(st["lots"]), str(st["switching_score"]), st["reason"])
    console.print(table)


@quality_app.command("resume")
def resume(
    style: Annotated[str, typer.Argument(help="Style whose inspection was discontinued.")],
    db: DbOption = None,
) -> None:
    """After corrective action: resume a discontinued style on tightened inspection.

    Example:  cordwain qc resume MARA
    """
    try:
        with unit_of_work(db) as uow:
            state = q.resume_line(uow, style)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(f"Style {style.upper()}: {state.severity.value} inspection ({state.reason}).")


# --- in-process records ---------------------------------------------------------------------


@record_app.command("checklist")
def record_checklist(
    batch: Annotated[str, typer.Argument(help="Batch code.")],
    stage: Annotated[
        str, typer.Argument(help="clicking, closing, lasting, bottoming, finishing or final.")
    ],
    file: Annotated[
        Path,
        typer.Option(
            "--file",
            help="CSV: serial + one column per item code; or JSON.",
            exists=True,
            dir_okay=False,
        ),
    ],  # fmt: skip
    inspector: Annotated[str, typer.Option(help="Who checked (artisan code).")] = "",
    day: DayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a stage's checklist for some pairs: failed items become defects on those pairs.

    Example:  cordwain qc record checklist B2610ROSE closing --file closing.csv
    """
    try:
        answers = q.read_checklist(file, stage)
        with unit_of_work(db) as uow:
            report = q.record_checklist(
                uow, batch, stage, answers, day=_day(day), inspector=inspector
            )
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(report.as_dict())
        return
    console.print(
        f"{stage} check of {report.pairs} pairs of {report.batch_code} recorded "
        f"(inspection {report.inspection_id}): {len(report.failed_pairs)} pair(s) failed, "
        f"{len(report.defects)} defect(s)."
    )
    for d in report.defects:
        console.print(f"  {d['pair_serial']}: {d['code']} {d['severity']} — {d['note']}")


@record_app.command("lab")
def record_lab(
    batch: Annotated[str, typer.Argument(help="Batch code.")],
    measurements: Annotated[
        list[str], typer.Argument(help="TEST=value[,value...], e.g. SOLE_BOND=4.6,4.9")
    ],
    tester: Annotated[str, typer.Option(help="Who tested.")] = "",
    day: DayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record lab tests of a batch (SOLE_BOND N/mm, FLEX cycles, FLEX_CUT_GROWTH mm).

    A failed test opens a non-conformance.

    Example:  cordwain qc record lab B2610ROSE SOLE_BOND=4.6,4.9,5.1 FLEX=32000
    """
    try:
        values = q.parse_measurements(measurements)
        with unit_of_work(db) as uow:
            report = q.record_lab_tests(uow, batch, values, day=_day(day), tester=tester)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(report.as_dict())
        return
    table = Table(title=f"Lab tests of {report.batch_code}")
    for col in ("test", "values", "limits", "result"):
        table.add_column(col)
    for code, r in report.results.items():
        limits = " ".join(
            x for x in (f"≥ {r['lower']:g}" if r["lower"] is not None else "",
                        f"≤ {r['upper']:g}" if r["upper"] is not None else "") if x
        )  # fmt: skip
        table.add_row(
            code, ", ".join(f"{v:g}" for v in r["values"]), f"{limits} {r['unit']}",
            "pass" if r["passed"] else f"FAIL: {r['message']}",
        )  # fmt: skip
    console.print(table)
    if report.ncr:
        console.print(f"Non-conformance {report.ncr} opened.")


# --- charts ---------------------------------------------------------------------------------


@quality_app.command("chart")
def chart(
    operation: Annotated[
        str, typer.Argument(help="clicking, closing, lasting, bottoming, finishing or final.")
    ],
    kind: Annotated[
        str, typer.Option("--kind", help="p: share of defective pairs; u: defects per pair.")
    ] = "p",
    severity: Annotated[
        str | None, typer.Option(help="Only one defect class: critical, major or minor.")
    ] = None,
    rules: Annotated[str, typer.Option(help="nelson or western-electric.")] = "nelson",
    svg: Annotated[Path | None, typer.Option("--svg", help="Write the chart as SVG.")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Write the chart as PNG.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Control chart of an operation's inspections, with the run rules that fired.

    Example:  cordwain qc chart bottoming --kind p --svg bottoming.svg
    """
    try:
        with unit_of_work(db) as uow:
            report = q.control_chart(uow, operation, kind=kind, severity=severity, rules=rules)
        if svg is not None:
            svg.write_text(report.svg(), encoding="utf-8")
        if png is not None:
            report.png(png)
    except ServiceError as exc:
        _fail(str(exc))
        return
    except OSError as exc:
        _fail(f"cannot write the chart: {exc}")
        return
    data = report.as_dict()
    if as_json:
        _echo_json(data)
        return
    c = report.chart
    console.print(
        f"{report.operation}: {c.kind} chart of {len(c.values)} inspections, centre line "
        f"{_fmt_value(c.kind, c.center)}"
    )
    if report.violations:
        table = Table(title=f"Run rules ({rules})")
        for col in ("rule", "point", "inspection", "what"):
            table.add_column(col)
        for v in data["violations"]:
            table.add_row(v["rule"], str(v["at"] + 1), v["label"], v["description"])
        console.print(table)
    else:
        console.print("No run rule fired: the process is doing what it usually does.")
    for path in (svg, png):
        if path is not None:
            console.print(f"Chart written to {path}")


def _fmt_value(kind: str, v: float) -> str:
    return _pct(v) if kind == "p" else f"{v:.3f} defects/pair"


@quality_app.command("pareto")
def pareto(
    by: Annotated[str, typer.Option(help="family, code or severity.")] = "family",
    operation: Annotated[str | None, typer.Option(help="Only one operation.")] = None,
    returns: Annotated[
        bool, typer.Option("--returns/--no-returns", help="Count returns with a defect code.")
    ] = True,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write the chart as SVG.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pareto of defects by cause (inspections plus returns), most frequent first.

    Example:  cordwain qc pareto --by code --svg pareto.svg
    """
    try:
        with unit_of_work(db) as uow:
            report = q.defect_pareto(uow, by=by, operation=operation, returns=returns)
        if svg is not None:
            svg.write_text(report.svg(), encoding="utf-8")
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(report.as_dict())
        return
    table = Table(
        title=f"Defects by {by} ({report.from_inspections} from inspections, "
        f"{report.from_returns} from returns)"
    )
    for col in (by, "name", "count", "share", "cumulative"):
        table.add_column(
            col, justify="right" if col in ("count", "share", "cumulative") else "left"
        )
    for b in report.as_dict()["bars"]:
        table.add_row(b["key"], b["name"], f"{b['count']:g}", _pct(b["share"]),
                      _pct(b["cumulative"]))  # fmt: skip
    console.print(table)


@quality_app.command("yield")
def yield_(db: DbOption = None, as_json: JsonOption = False) -> None:
    """First-pass yield per operation and the chance a pair goes through clean.

    Example:  cordwain qc yield --json
    """
    try:
        with unit_of_work(db) as uow:
            data = q.first_pass_yields(uow)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(data)
        return
    table = Table(title="First-pass yield")
    for col in ("operation", "pairs checked", "first time right", "yield"):
        table.add_column(col, justify="left" if col == "operation" else "right")
    for r in data["operations"]:
        table.add_row(r["operation"], str(r["pairs"]), str(r["first_pass"]), _pct(r["fpy"]))
    console.print(table)
    console.print(f"Rolled throughput yield: {_pct(data['rolled_throughput_yield'])}")


@quality_app.command("defects")
def defects(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The defect taxonomy: codes, families, default severity (with the workshop's own).

    Example:  cordwain qc defects --json
    """
    with unit_of_work(db) as uow:
        tax = q.taxonomy(uow)
    rows = [
        {"code": t.code, "family": t.family.value, "severity": t.severity.value, "name": t.name}
        for t in tax.types
    ]
    if as_json:
        _echo_json(rows)
        return
    table = Table(title="Defect taxonomy")
    for col in ("code", "family", "severity", "name"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["code"], r["family"], r["severity"], r["name"])
    console.print(table)


@quality_app.command("add-defect")
def add_defect(
    code: Annotated[str, typer.Argument(help="New code, letters and digits (e.g. UP10).")],
    family: Annotated[
        str,
        typer.Option(help="upper, stitching, lasting, bonding, finishing, sizing, packaging."),
    ],
    severity: Annotated[str, typer.Option(help="critical, major or minor.")],
    name: Annotated[str, typer.Option(help="What the defect is.")],
    db: DbOption = None,
) -> None:
    """Add the workshop's own defect code to the taxonomy.

    Example:  cordwain qc add-defect UP10 --family upper --severity minor --name "glue shadow"
    """
    try:
        with unit_of_work(db) as uow:
            new = q.add_defect_type(uow, code, family, name, severity)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(f"Added {new.code} ({new.family.value}, {new.severity.value}): {new.name}")


# --- non-conformances -----------------------------------------------------------------------


def _ncr_table(ncrs: list[Any]) -> Table:
    table = Table(title="Non-conformances")
    for col in ("ref", "raised", "status", "batch", "hides", "description", "action"):
        table.add_column(col)
    for n in ncrs:
        table.add_row(
            n.reference, n.raised_on.isoformat(), n.status.value, n.batch_code or "",
            " ".join(n.hide_codes), n.description, n.action,
        )  # fmt: skip
    return table


@ncr_app.command("open")
def ncr_open(
    description: Annotated[str, typer.Argument(help="What is wrong.")],
    batch: Annotated[str | None, typer.Option(help="Batch concerned.")] = None,
    pair: Annotated[list[str] | None, typer.Option(help="Pair serial (repeatable).")] = None,
    hide: Annotated[list[str] | None, typer.Option(help="Hide code (repeatable).")] = None,
    owner: Annotated[str, typer.Option(help="Who follows it up.")] = "",
    day: DayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open a non-conformance (a bad hide, a pattern of returns, a process problem).

    Example:  cordwain qc ncr open "grain crack on vamps" --hide H2606_12 --owner A01
    """
    try:
        with unit_of_work(db) as uow:
            ncr = q.open_ncr(
                uow, description, day=_day(day), batch_code=batch, pair_serials=pair or [],
                hide_codes=hide or [], owner=owner,
            )  # fmt: skip
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(q.ncr_json(ncr))
        return
    console.print(f"Opened {ncr.reference}.")


@ncr_app.command("list")
def ncr_list(
    status: Annotated[
        str | None,
        typer.Option(help="open, action-planned, action-taken, verified or closed."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List non-conformances and where their corrective action stands.

    Example:  cordwain qc ncr list --status open --json
    """
    try:
        with unit_of_work(db) as uow:
            ncrs = q.list_ncrs(uow, status)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json([q.ncr_json(n) for n in ncrs])
        return
    console.print(_ncr_table(ncrs))


@ncr_app.command("move")
def ncr_move(
    reference: Annotated[str, typer.Argument(help="e.g. NCR-0003")],
    status: Annotated[
        str, typer.Argument(help="action-planned, action-taken, verified or closed.")
    ],
    note: Annotated[str, typer.Option(help="The action planned, or what was done/verified.")] = "",
    day: DayOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move a non-conformance on: open → action-planned → action-taken → verified → closed.

    Example:  cordwain qc ncr move NCR-0003 action-planned --note "re-train on press time"
    """
    try:
        with unit_of_work(db) as uow:
            ncr = q.move_ncr(uow, reference, status, day=_day(day), note=note)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(q.ncr_json(ncr))
        return
    console.print(f"{ncr.reference} is now {ncr.status.value}.")


# --- traceability ---------------------------------------------------------------------------


@trace_app.command("pair")
def trace_pair(
    serial: Annotated[str, typer.Argument(help="The pair's serial, e.g. B2606MARA-0006.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A pair's batch, SKU, hides and zones, who made it and when, inspections and returns.

    Example:  cordwain trace pair B2606MARA-0006 --json
    """
    try:
        with unit_of_work(db) as uow:
            data = tr.trace_pair(uow, serial)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(data)
        return
    console.print(
        f"[bold]{data['serial']}[/]  {data['sku']}  batch {data['batch_code']} "
        f"({data['batch_status']})"
    )
    hides = Table(title="Cut from")
    for col in ("hide", "material", "lot", "pieces (zone)"):
        hides.add_column(col)
    for h in data["hides"]:
        pieces = ", ".join(f"{p['piece']} ({p['zone']})" for p in h["pieces"])
        hides.add_row(h["hide_code"], h["material_code"] or "", h["lot"] or "", pieces)
    console.print(hides)
    ops = Table(title="Made by")
    for col in ("operation", "artisan", "started", "finished"):
        ops.add_column(col)
    for o in data["operations"]:
        ops.add_row(o["operation"], f"{o['artisan']} {o['name']}", o["started"], o["finished"])
    console.print(ops)
    insp = Table(title="Inspections")
    for col in ("day", "operation", "sample", "result", "pair checked", "defects on this pair"):
        insp.add_column(col)
    for i in data["inspections"]:
        mark = {True: "yes", False: "no", None: "?"}[i["in_sample"]]
        found = ", ".join(d["code"] for d in i["defects_on_pair"])
        insp.add_row(i["day"], i["operation"], f"{i['sample_size']}/{i['lot_size']}",
                     i["result"], mark, found)  # fmt: skip
    console.print(insp)
    for f in data["feedback"]:
        console.print(f"{f['day']} {f['kind']} {f['reason_code']} {f['text']}")
    if data["ncrs"]:
        console.print("Non-conformances: " + ", ".join(data["ncrs"]))


@trace_app.command("hide")
def trace_hide(
    hide_code: Annotated[str, typer.Argument(help="The hide's code, e.g. H2606_12.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every pair with a piece cut from a hide: the recall list.

    Example:  cordwain trace hide H2606_12 --json
    """
    try:
        with unit_of_work(db) as uow:
            data = tr.trace_hide(uow, hide_code)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json(data)
        return
    state = "in stock" if data["in_stock"] else "cut up"
    console.print(
        f"[bold]{data['hide_code']}[/] {data['material_code'] or ''} lot {data['lot'] or '?'} "
        f"({state}): {len(data['pairs'])} pairs in {', '.join(data['batches'])}"
    )
    table = Table(title="Pairs cut from it")
    for col in ("serial", "SKU", "pieces (zone)", "defects", "returns/reviews"):
        table.add_column(col)
    for p in data["pairs"]:
        table.add_row(
            p["serial"], p["sku"], ", ".join(f"{x['piece']} ({x['zone']})" for x in p["pieces"]),
            ", ".join(d["code"] for d in p["defects"]),
            ", ".join(f"{f['kind']} {f['reason_code']}".strip() for f in p["feedback"]),
        )  # fmt: skip
    console.print(table)
    if data["ncrs"]:
        console.print("Non-conformances: " + ", ".join(data["ncrs"]))


@trace_app.command("serialise")
def serialise(
    batch: Annotated[str, typer.Argument(help="Batch code.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Give every pair of a batch its serial (BATCH-0001, ...), for labels and tracing.

    Example:  cordwain trace serialise B2612MARA
    """
    try:
        with unit_of_work(db) as uow:
            pairs = tr.serialise_batch(uow, batch)
    except ServiceError as exc:
        _fail(str(exc))
        return
    if as_json:
        _echo_json([{"serial": p.serial, "sku": p.variant.sku} for p in pairs])
        return
    console.print(f"{len(pairs)} serials: {pairs[0].serial} … {pairs[-1].serial}")


@trace_app.command("cut")
def cut(
    file: Annotated[
        Path,
        typer.Option("--file", help="CSV serial,hide[,piece][,zone].", exists=True, dir_okay=False),
    ],  # fmt: skip
    db: DbOption = None,
) -> None:
    """Record which hide (piece, zone) each pair was cut from.

    Example:  cordwain trace cut --file cuts.csv
    """
    try:
        links = tr.read_cuts(file)
        with unit_of_work(db) as uow:
            n = tr.record_cuts(uow, links)
    except ServiceError as exc:
        _fail(str(exc))
        return
    console.print(f"Recorded {n} cuts.")
