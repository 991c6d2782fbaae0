"""The independent validator: re-checks a schedule against every hard rule.

It works from the problem and the schedule's own assignments and breaks only (not from the
model or the calendar builder), so a bug in the model cannot hide a broken rule.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from cordwain.domain.people import WEEKDAYS

from .problem import Assignment, BreakSlot, ScheduleProblem, Violation


def validate(
    problem: ScheduleProblem,
    assignments: Sequence[Assignment],
    breaks: Sequence[BreakSlot],
) -> list[Violation]:
    """Every broken hard rule, named with its artisan/operation/bundle; empty when valid."""
    rules = problem.rules
    out: list[Violation] = []
    add = lambda rule, subject, msg: out.append(Violation(rule, subject, msg))  # noqa: E731
    artisans = problem.artisan_by_code
    styles = problem.style_by_code
    fmt = lambda minute: problem.moment(minute).strftime("%a %d %b %H:%M")  # noqa: E731

    # 1. Every pair of every line goes through every operation of its routing, once.
    done: dict[tuple[str, str], int] = defaultdict(int)
    for a in assignments:
        done[(a.sku, a.operation.value)] += a.pairs
    for line in problem.batch.lines:
        style = styles[line.variant.style_code]
        for step in style.routing:
            got = done.pop((line.variant.sku, step.operation.value), 0)
            if line.quantity > 0 and got != line.quantity:
                add(
                    "coverage",
                    f"{line.variant.sku} {step.operation.value}",
                    f"{got} of {line.quantity} pairs scheduled",
                )
    for (sku, op), got in done.items():
        add("coverage", f"{sku} {op}", f"{got} pairs scheduled for work that is not in the batch")

    # 2. Skills and pace.
    for a in assignments:
        art = artisans.get(a.artisan_code)
        if art is None or a.operation not in art.skills:
            add("skill", a.task, f"{a.artisan_code} is not skilled for {a.operation.value}")
            continue
        need = max(1, math.ceil(a.pairs * art.skills[a.operation] - 1e-9))
        if a.end_minute - a.start_minute < need:
            add(
                "pace",
                a.task,
                f"{a.artisan_code} needs {need} min for {a.pairs} pairs of {a.operation.value}, "
                f"given {a.end_minute - a.start_minute}",
            )
        if a.start_minute < 0:
            add("horizon", a.task, "starts before the schedule starts")

    # 3. Routing order and elapsed lags per bundle.
    bundles: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in assignments:
        bundles[(a.sku, a.bundle)].append(a)
    for (sku, bundle), items in bundles.items():
        style = styles.get(sku.split("-")[0])
        if style is None:
            continue
        pos = {s.operation: i for i, s in enumerate(style.routing)}
        items.sort(key=lambda x: pos.get(x.operation, 99))
        for x, y in zip(items, items[1:], strict=False):
            lag = math.ceil(style.routing[pos[x.operation]].lag_minutes)
            if y.start_minute < x.end_minute + lag:
                what = f" + {lag} min drying/lag" if lag else ""
                add(
                    "precedence",
                    f"{sku} bundle {bundle}",
                    f"{y.operation.value} starts {fmt(y.start_minute)}, before {x.operation.value} "
                    f"ends{what} ({fmt(x.end_minute + lag)})",
                )

    # 4. One task at a time per artisan.
    per_artisan: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        per_artisan[a.artisan_code].append(a)
    for code, items in per_artisan.items():
        items.sort(key=lambda x: x.start_minute)
        for x, y in zip(items, items[1:], strict=False):
            if y.start_minute < x.end_minute:
                add("no-overlap", code, f"{x.task} and {y.task} overlap at {fmt(y.start_minute)}")

    # 5. Machine capacity (with breakdowns).
    for mach in problem.machines:
        events = []
        for a in assignments:
            if a.operation in mach.operations:
                events += [(a.start_minute, 1), (a.end_minute, -1)]
        for dt in problem.downtimes:
            if dt.machine_code == mach.code:
                units = min(mach.capacity, dt.units or mach.capacity)
                end = problem.minute(dt.end) if dt.end else 10**9
                events += [(problem.minute(dt.start), units), (end, -units)]
        level = 0
        for t, u in sorted(events, key=lambda e: (e[0], e[1])):
            level += u
            if level > mach.capacity:
                add(
                    "machine-capacity",
                    mach.code,
                    f"{level} in use at {fmt(t)}, capacity {mach.capacity}",
                )
                break

    # 6. Shifts, breaks, hour caps, overtime and rotation per artisan-day.
    breaks_by: dict[tuple[str, object], list[BreakSlot]] = defaultdict(list)
    for br in breaks:
        breaks_by[(br.artisan_code, br.day)].append(br)
    working = set(problem.working_days)
    week_normal: dict[tuple[str, tuple], int] = defaultdict(int)
    week_ot: dict[tuple[str, tuple], int] = defaultdict(int)
    for code, items in per_artisan.items():
        art = artisans.get(code)
        if art is None:
            continue
        for ab in problem.absences:
            if ab.artisan_code != code:
                continue
            s0 = problem.minute(ab.start)
            e0 = problem.minute(ab.end) if ab.end else 10**9
            for a in items:
                if a.start_minute < e0 and a.end_minute > s0:
                    add("absence", code, f"{a.task} is scheduled while {code} is {ab.reason}")
        by_day: dict[object, list[Assignment]] = defaultdict(list)
        for a in items:
            by_day[a.start.date()].append(a)
        for day, tasks in sorted(by_day.items()):
            subject = f"{code} {day.isoformat()}"
            if day not in working or WEEKDAYS[day.weekday()] not in art.shift.days:
                add("shift", subject, f"{code} does not work on {day:%a %d %b}")
                continue
            base = problem.minute(datetime.combine(day, art.shift.start))
            shift_end = problem.minute(datetime.combine(day, art.shift.end))
            brs = sorted(breaks_by.get((code, day), []), key=lambda b: b.start_minute)
            meals = [b for b in brs if b.kind == "meal"]
            rests = [b for b in brs if b.kind == "rest"]
            last = max(t.end_minute for t in tasks)

            def paid_at(minute: int, meals=meals, base=base) -> int:
                gone = sum(
                    max(0, min(minute, m.end_minute) - m.start_minute)
                    for m in meals
                    if m.start_minute < minute
                )
                return minute - base - gone

            # The moment the paid clock reaches normal daily time (or the shift ends).
            boundary = shift_end
            for probe in range(base, shift_end + 1):
                if paid_at(probe) >= rules.daily_normal_minutes:
                    boundary = probe
                    break
            ot_day = 0
            for t in tasks:
                if t.start_minute < base:
                    add("shift", t.task, f"starts {fmt(t.start_minute)}, before {code}'s shift")
                ot = max(0, t.end_minute - max(boundary, t.start_minute))
                ot_day += ot
                if ot and not art.overtime_opt_in:
                    add(
                        "overtime-opt-in",
                        t.task,
                        f"{code} has not opted in to overtime but works until {fmt(t.end_minute)}",
                    )
                for br in brs:
                    if t.start_minute < br.end_minute and t.end_minute > br.start_minute:
                        add(
                            "break",
                            t.task,
                            f"spans {code}'s {br.kind} break at {fmt(br.start_minute)}",
                        )
            if ot_day > rules.overtime_daily_cap_minutes:
                add(
                    "overtime-cap",
                    subject,
                    f"{ot_day} min overtime, cap {rules.overtime_daily_cap_minutes}",
                )
            work = sum(t.end_minute - t.start_minute for t in tasks)
            iso = day.isocalendar()
            week_ot[(code, (iso[0], iso[1]))] += ot_day
            week_normal[(code, (iso[0], iso[1]))] += work - ot_day
            if work - ot_day > rules.daily_normal_minutes:
                add(
                    "daily-hours",
                    subject,
                    f"{work - ot_day} min normal time, cap {rules.daily_normal_minutes}",
                )
            # Meal: a day running over 5 h needs one, starting by the end of the 5th hour.
            paid_day = paid_at(last)
            if paid_day > rules.meal_required_over_minutes:
                ok = any(
                    m.end_minute - m.start_minute >= rules.meal_minutes
                    and m.start_minute - base <= rules.meal_latest_start_minutes
                    for m in meals
                )
                if not ok:
                    add(
                        "meal-break",
                        subject,
                        f"works {paid_day} min with no {rules.meal_minutes}-min meal starting "
                        f"within the first {rules.meal_latest_start_minutes // 60} h",
                    )
            owed = rules.rests_required(paid_day)
            given = sum(
                1
                for r in rests
                if r.end_minute - r.start_minute >= rules.rest_minutes and r.start_minute < last
            )
            if given < owed:
                add(
                    "rest-break",
                    subject,
                    f"{owed} paid rests owed for {paid_day} min, {given} given",
                )
            # No stretch of work longer than the limit without a break.
            runs_start, prev_end = None, None
            for t in sorted(tasks, key=lambda x: x.start_minute):
                if runs_start is None or t.start_minute - prev_end >= max(1, rules.rest_minutes):
                    runs_start = t.start_minute
                prev_end = t.end_minute
                if prev_end - runs_start > rules.max_continuous_work_minutes:
                    add(
                        "continuous-work",
                        subject,
                        f"works from {fmt(runs_start)} to {fmt(prev_end)} without a break",
                    )
                    break
            # Rotation: work on one operation between two meal breaks.
            if rules.max_same_operation_minutes is not None:
                run_op, run_min, run_meals = None, 0, -1
                for t in sorted(tasks, key=lambda x: x.start_minute):
                    n_meals = sum(1 for m in meals if m.start_minute < t.start_minute)
                    if t.operation != run_op or n_meals != run_meals:
                        run_op, run_min, run_meals = t.operation, 0, n_meals
                    run_min += t.end_minute - t.start_minute
                    if run_min > rules.max_same_operation_minutes:
                        add(
                            "rotation",
                            f"{subject} {t.operation.value}",
                            f"{run_min} min of {t.operation.value} in a row, limit "
                            f"{rules.max_same_operation_minutes}",
                        )
                        break
    for (code, week), minutes in week_normal.items():
        cap = min(rules.weekly_normal_minutes, int(artisans[code].weekly_hours * 60))
        if minutes > cap:
            add("weekly-hours", f"{code} week {week[1]}", f"{minutes} min normal time, cap {cap}")
    for (code, week), minutes in week_ot.items():
        if minutes > rules.overtime_weekly_cap_minutes:
            add(
                "overtime-cap",
                f"{code} week {week[1]}",
                f"{minutes} min overtime, weekly cap {rules.overtime_weekly_cap_minutes}",
            )
    return out
