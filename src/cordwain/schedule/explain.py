"""Presolve checks that say, in the workshop's words, why a schedule cannot be made."""

from __future__ import annotations

import math

from .calendar import ArtisanDay, calendars, longest_window
from .problem import Explanation, ScheduleProblem


def _hm(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{minutes // 60} h"


def explain(
    problem: ScheduleProblem, cal: dict[str, list[ArtisanDay]] | None = None
) -> list[Explanation]:
    """What makes the problem impossible (``blocking``) or a promise unkeepable (notes)."""
    cal = cal if cal is not None else calendars(problem)
    out: list[Explanation] = []
    if not problem.working_days:
        return [Explanation("calendar", "calendar", "The calendar has no working days at all.")]
    avail = {
        code: sum(e - s for d in days for s, e in d.normal + d.overtime)
        for code, days in cal.items()
    }
    for a in problem.artisans:
        if avail[a.code] == 0:
            out.append(
                Explanation(
                    "calendar",
                    a.code,
                    f"{a.name} ({a.code}) has no working time: their shift days "
                    f"({', '.join(a.shift.days)}) fall on none of the calendar's working days "
                    f"from {problem.working_days[0]} to {problem.working_days[-1]}"
                    " (or they are absent).",
                    blocking=False,
                )
            )
    if all(v == 0 for v in avail.values()):
        out.append(
            Explanation(
                "calendar",
                "calendar",
                "No artisan has any working time in this calendar: no shift falls on a "
                "working day after the schedule start.",
            )
        )
        return out
    styles = problem.style_by_code
    seen: set[tuple[str, str]] = set()
    need: dict[str, float] = {}
    for line in problem.batch.lines:
        if line.quantity <= 0:
            continue
        style = styles[line.variant.style_code]
        for step in style.routing:
            op = step.operation
            skilled = [a for a in problem.artisans if op in a.skills]
            working = [a for a in skilled if avail[a.code] > 0]
            key = (style.code, op.value)
            if working:
                fastest = min(a.skills[op] for a in working)
                need[op.value] = need.get(op.value, 0.0) + fastest * line.quantity
            if key in seen:
                continue
            seen.add(key)
            if not skilled:
                out.append(
                    Explanation(
                        "skill",
                        f"{style.code} {op.value}",
                        f"Nobody is skilled for {op.value}, which style {style.code} "
                        f"({style.name}) needs: add {op.value} to an artisan's skills.",
                    )
                )
                continue
            if not working:
                names = ", ".join(a.code for a in skilled)
                out.append(
                    Explanation(
                        "skill",
                        f"{style.code} {op.value}",
                        f"Only {names} can do {op.value} for style {style.code}, and they have "
                        "no working time in this calendar.",
                    )
                )
                continue
            fits = [a for a in working if a.skills[op] <= longest_window(cal[a.code])]
            if not fits:
                window = max(longest_window(cal[a.code]) for a in working)
                pace = min(a.skills[op] for a in working)
                out.append(
                    Explanation(
                        "breaks",
                        f"{style.code} {op.value}",
                        f"One pair of {style.code} takes at least {pace:g} min of {op.value}, "
                        f"but the longest stretch between two breaks is {window} min: a task "
                        "may not span a break.",
                    )
                )
            for mach in problem.machines:
                if op in mach.operations and mach.capacity == 0:
                    out.append(
                        Explanation(
                            "machine",
                            mach.code,
                            f"{op.value} needs machine {mach.code} ({mach.name}), which has "
                            "no working posts.",
                        )
                    )
    for op, minutes in need.items():
        have = sum(avail[a.code] for a in problem.artisans if op in {o.value for o in a.skills})
        if minutes > have:
            out.append(
                Explanation(
                    "capacity",
                    op,
                    f"{op} needs at least {_hm(math.ceil(minutes))} of work, but the artisans "
                    f"skilled for it have only {_hm(have)} of working time in the calendar "
                    "(normal time plus allowed overtime).",
                )
            )
    out += _promises(problem, cal)
    return out


def _promises(problem: ScheduleProblem, cal: dict[str, list[ArtisanDay]]) -> list[Explanation]:
    rules = problem.rules
    styles = problem.style_by_code
    lines = {ln.variant.sku: ln for ln in problem.batch.lines if ln.quantity > 0}
    first_window = min(
        (s for days in cal.values() for d in days for s, _ in d.normal), default=None
    )
    out = []
    for po in problem.pre_orders:
        sku = po.variant.sku
        if sku not in lines:
            out.append(
                Explanation(
                    "promise",
                    po.reference,
                    f"Pre-order {po.reference} ({po.quantity} × {sku}) is not in batch "
                    f"{problem.batch.code}: this schedule cannot keep it.",
                    blocking=False,
                )
            )
            continue
        due = problem.due_minute(po.promised_by)
        style = styles[po.variant.style_code]
        # Fastest possible first pair: one pair through the routing, back to back.
        chain = 0.0
        for step in style.routing:
            paces = [
                a.skills[step.operation] for a in problem.artisans if step.operation in a.skills
            ]
            chain += (min(paces) if paces else 0.0) + step.lag_minutes
        earliest = (first_window or 0) + math.ceil(chain)
        if due <= 0:
            msg = (
                f"Pre-order {po.reference} ({sku}) was promised by {po.promised_by}, before "
                f"the schedule starts on {problem.start:%Y-%m-%d %H:%M}: it is already late."
            )
        elif due < earliest:
            msg = (
                f"Pre-order {po.reference} ({sku}) is promised by {po.promised_by}, but even "
                f"one pair needs the whole routing ({_hm(math.ceil(chain))} incl. drying) "
                f"and work can start only {problem.moment(first_window or 0):%Y-%m-%d %H:%M}."
            )
        else:
            continue
        out.append(Explanation("promise", po.reference, msg, blocking=rules.promises_are_hard))
    return out
