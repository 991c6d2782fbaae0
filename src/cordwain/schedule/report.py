"""What people read: a Gantt chart (SVG) per artisan and per machine, and day sheets."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date

from cordwain.domain import ROUTING_ORDER

from .problem import ScheduleProblem, ScheduleResult

_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"]


def _colour(op) -> str:
    return _COLOURS[ROUTING_ORDER.index(op) % len(_COLOURS)]


def gantt_svg(
    problem: ScheduleProblem, result: ScheduleResult, *, by: str = "artisan", px_per_hour: int = 24
) -> str:
    """An SVG Gantt chart with one row per artisan (``by="artisan"``) or machine post usage
    (``by="machine"``); breaks are drawn grey, overtime outlined red."""
    if by not in ("artisan", "machine"):
        raise ValueError(f"gantt_svg: by must be 'artisan' or 'machine', got {by!r}")
    rows: dict[str, list] = defaultdict(list)
    if by == "artisan":
        for a in problem.artisans:
            rows[a.code] = []
        for x in result.assignments:
            rows[x.artisan_code].append(x)
    else:
        for m in problem.machines:
            lanes: list[int] = []  # end minute of each post
            for x in sorted(result.assignments, key=lambda x: x.start_minute):
                if x.operation not in m.operations:
                    continue
                lane = next((i for i, e in enumerate(lanes) if e <= x.start_minute), None)
                if lane is None:
                    lanes.append(0)
                    lane = len(lanes) - 1
                lanes[lane] = x.end_minute
                rows[f"{m.code} #{lane + 1}"].append(x)
    end = max((x.end_minute for x in result.assignments), default=60)
    first = min((x.start_minute for x in result.assignments), default=0)
    first -= first % 1440
    scale = px_per_hour / 60
    left, top, row_h = 110, 30, 22
    width = left + int((end - first) * scale) + 20
    height = top + row_h * max(1, len(rows)) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="10">',
        f"<title>Schedule of batch {html.escape(problem.batch.code)} by {by}</title>",
    ]
    for day_start in range(first, end + 1, 1440):
        x = left + (day_start - first) * scale
        label = problem.moment(day_start).strftime("%a %d %b")
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 5}" x2="{x:.1f}" y2="{height - 30}" stroke="#ccc"/>'
        )
        out.append(f'<text x="{x + 2:.1f}" y="{top - 10}">{label}</text>')
    for i, (name, items) in enumerate(rows.items()):
        y = top + i * row_h
        out.append(f'<text x="4" y="{y + 14}">{html.escape(name)}</text>')
        if by == "artisan":
            for br in result.breaks:
                if br.artisan_code == name:
                    x = left + (br.start_minute - first) * scale
                    w = max(1.0, (br.end_minute - br.start_minute) * scale)
                    out.append(
                        f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" '
                        f'fill="#ddd"><title>{br.kind} {br.start:%H:%M}-{br.end:%H:%M}'
                        "</title></rect>"
                    )
        for x_ in items:
            x = left + (x_.start_minute - first) * scale
            w = max(1.0, x_.minutes * scale)
            stroke = ' stroke="#c00" stroke-width="2"' if x_.overtime else ""
            tip = (
                f"{x_.sku} bundle {x_.bundle}: {x_.operation.value}, {x_.pairs} pairs, "
                f"{x_.artisan_code}, {x_.start:%a %H:%M}-{x_.end:%H:%M}"
            )
            out.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 4}" '
                f'fill="{_colour(x_.operation)}"{stroke}><title>{html.escape(tip)}</title></rect>'
            )
    ly = height - 15
    for k, op in enumerate(ROUTING_ORDER):
        out.append(
            f'<rect x="{left + k * 90}" y="{ly - 9}" width="10" height="10" fill="{_colour(op)}"/>'
        )
        out.append(f'<text x="{left + k * 90 + 14}" y="{ly}">{op.value}</text>')
    out.append("</svg>")
    return "\n".join(out)


def day_sheet_text(
    problem: ScheduleProblem, result: ScheduleResult, artisan_code: str, day: date
) -> str:
    """A printable plain-text day sheet: each task (what, how many pairs, when) and break."""
    art = problem.artisan_by_code.get(artisan_code)
    if art is None:
        raise ValueError(f"day sheet: unknown artisan {artisan_code}")
    rows = []
    for x in result.assignments:
        if x.artisan_code == artisan_code and x.start.date() == day:
            ot = "  (overtime)" if x.overtime else ""
            rows.append(
                (x.start_minute, f"{x.start:%H:%M}-{x.end:%H:%M}  {x.operation.value:<10} "
                 f"{x.pairs:>3} pairs  {x.sku} bundle {x.bundle}{ot}")
            )  # fmt: skip
    for br in result.breaks:
        if br.artisan_code == artisan_code and br.day == day:
            paid = "paid rest" if br.paid else "meal break"
            rows.append((br.start_minute, f"{br.start:%H:%M}-{br.end:%H:%M}  -- {paid} --"))
    head = [
        f"Day sheet: {art.name} ({art.code}), {day:%A %d %B %Y}",
        f"Batch {problem.batch.code}; shift {art.shift.start:%H:%M}-{art.shift.end:%H:%M}",
        "",
    ]
    if not rows:
        return "\n".join([*head, "No work scheduled.", ""])
    pairs = sum(
        x.pairs
        for x in result.assignments
        if x.artisan_code == artisan_code and x.start.date() == day
    )
    return "\n".join([*head, *(r for _, r in sorted(rows)), "", f"Pairs handled: {pairs}", ""])


def day_sheet_html(
    problem: ScheduleProblem, result: ScheduleResult, artisan_code: str, day: date
) -> str:
    """The same day sheet as a printable HTML page."""
    text = day_sheet_text(problem, result, artisan_code, day)
    lines = text.splitlines()
    body = "\n".join(f"<li>{html.escape(ln)}</li>" for ln in lines[3:] if ln.strip())
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(lines[0])}</title>"
        "<style>body{font-family:sans-serif} li{font-family:monospace;list-style:none}</style>"
        f"</head><body><h1>{html.escape(lines[0])}</h1><p>{html.escape(lines[1])}</p>"
        f"<ul>{body}</ul></body></html>"
    )
