"""The discrete working calendar: each artisan's days, breaks and break-free working windows.

Breaks are laid at fixed times in each artisan-day (meal 4 h in, rests in the middle of each
stretch), so a task is simply confined to one break-free window: it can never span a break.
Windows after the daily normal time are overtime windows, open only to opted-in artisans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from cordwain.domain import Artisan
from cordwain.domain.people import WEEKDAYS

from .problem import ScheduleProblem, Task
from .rules import HumaneRules


@dataclass(slots=True)
class ArtisanDay:
    """One artisan's day in minutes from the problem start."""

    artisan_code: str
    day: date
    week: tuple[int, int]
    shift_start: int
    normal_end: int
    day_end: int
    breaks: list[tuple[int, int, str]] = field(default_factory=list)
    normal: list[tuple[int, int]] = field(default_factory=list)
    overtime: list[tuple[int, int]] = field(default_factory=list)


def lay_breaks(shift_minutes: int, extra_minutes: int, rules: HumaneRules) -> dict:
    """Breaks for a day of ``shift_minutes`` on site, plus ``extra_minutes`` of overtime.

    Returns offsets from the shift start: breaks, the end of normal time and of the day.
    """
    meals: list[tuple[int, int]] = []
    # Normal paid time is the shift less its meal, capped at the daily normal time.
    in_shift_meal = rules.meal_minutes if shift_minutes > rules.meal_required_over_minutes else 0
    normal_paid = min(rules.daily_normal_minutes, shift_minutes - in_shift_meal)
    total_paid = normal_paid + extra_minutes

    # Meals are placed on the paid clock: the first 4 h in, a second one after 10 h.
    if total_paid > rules.meal_required_over_minutes and rules.meal_minutes:
        meals.append((rules.meal_after_minutes, rules.meal_after_minutes + rules.meal_minutes))
    if total_paid > rules.second_meal_over_minutes and rules.meal_minutes:
        at = rules.meal_after_minutes + rules.meal_minutes + (rules.second_meal_over_minutes - 60)
        meals.append((at, at + rules.meal_minutes))

    def to_elapsed(paid: int) -> int:
        t = paid
        for s, e in meals:
            if t > s:
                t += e - s
        return t

    normal_end = to_elapsed(normal_paid)
    day_end = to_elapsed(total_paid)

    # Rests go in the middle of each stretch of the normal day; a longer (overtime) day gets
    # its extra rests right when normal time ends, before the overtime starts.
    cuts = [0] + [x for m in meals if m[1] <= normal_end for x in m] + [normal_end]
    stretches = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2) if cuts[i + 1] > cuts[i]]
    need = rules.rests_required(normal_paid)
    counts = [0] * len(stretches)
    for _ in range(need):
        i = max(
            range(len(stretches)),
            key=lambda k: (stretches[k][1] - stretches[k][0]) / (counts[k] + 1),
        )
        counts[i] += 1
    rests: list[tuple[int, int]] = []
    for (a, b), n in zip(stretches, counts, strict=True):
        length = b - a
        # Add rests until no continuous piece is longer than the continuous-work limit.
        while (
            rules.rest_minutes
            and (length - n * rules.rest_minutes) / (n + 1) > rules.max_continuous_work_minutes
        ):
            n += 1
        for k in range(1, n + 1):
            at = a + round(length * k / (n + 1) / 5) * 5 - rules.rest_minutes // 2
            at = max(a, min(b - rules.rest_minutes, at))
            rests.append((at, at + rules.rest_minutes))
    extra = rules.rests_required(total_paid) - len(rests)
    if day_end > normal_end and rules.rest_minutes:
        at = normal_end
        for _ in range(max(0, extra)):
            rests.append((at, at + rules.rest_minutes))
            at += rules.rest_minutes
    breaks = sorted([(s, e, "meal") for s, e in meals] + [(s, e, "rest") for s, e in rests])
    return {"breaks": breaks, "normal_end": normal_end, "day_end": day_end}


def _windows(a: int, b: int, breaks: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    out, t = [], a
    for s, e, _ in breaks:
        if e <= t or s >= b:
            continue
        if s > t:
            out.append((t, s))
        t = max(t, e)
    if t < b:
        out.append((t, b))
    return out


def _cut(windows: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    for hs, he in holes:
        nxt = []
        for s, e in windows:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        windows = nxt
    return windows


def artisan_days(problem: ScheduleProblem, artisan: Artisan) -> list[ArtisanDay]:
    """The artisan's working days with breaks and windows, clipped to the horizon and absences."""
    rules = problem.rules
    shift = artisan.shift
    extra = rules.overtime_daily_cap_minutes if artisan.overtime_opt_in else 0
    lay = lay_breaks(shift.minutes_per_day, extra, rules)
    holes = [(-(10**9), 0)]  # nothing before the horizon starts
    for ab in problem.absences:
        if ab.artisan_code == artisan.code:
            end = problem.minute(ab.end) if ab.end else 10**9
            holes.append((problem.minute(ab.start), end))
    days = []
    for d in problem.working_days:
        if WEEKDAYS[d.weekday()] not in shift.days:
            continue
        base = problem.minute(datetime.combine(d, shift.start))
        breaks = [(base + s, base + e, k) for s, e, k in lay["breaks"]]
        ne, de = base + lay["normal_end"], base + lay["day_end"]
        iso = d.isocalendar()
        days.append(
            ArtisanDay(
                artisan_code=artisan.code,
                day=d,
                week=(iso[0], iso[1]),
                shift_start=base,
                normal_end=ne,
                day_end=de,
                breaks=breaks,
                normal=_cut(_windows(base, ne, breaks), holes),
                overtime=_cut(_windows(ne, de, breaks), holes),
            )
        )
    return days


def calendars(problem: ScheduleProblem) -> dict[str, list[ArtisanDay]]:
    return {a.code: artisan_days(problem, a) for a in problem.artisans}


def longest_window(days: list[ArtisanDay]) -> int:
    return max((e - s for d in days for s, e in d.normal), default=0)


def style_bundle_sizes(
    problem: ScheduleProblem, cal: dict[str, list[ArtisanDay]]
) -> dict[str, int]:
    """Pairs per bundle per style: the asked size, reduced until every operation of the
    routing fits between two breaks for most of the artisans skilled for it (the lower
    median), so a bundle is not tied to the one artisan with the longest stretch."""
    longest = {a.code: longest_window(cal[a.code]) for a in problem.artisans}
    sizes = {}
    for style in problem.styles:
        size = problem.bundle_size
        for step in style.routing:
            fits = sorted(
                math.floor(longest[a.code] / a.skills[step.operation] + 1e-9)
                for a in problem.artisans
                if step.operation in a.skills and longest[a.code] > 0
            )
            fit = fits[(len(fits) - 1) // 2] if fits else 0
            if fit == 0 and fits:
                fit = 1 if fits[-1] >= 1 else 0
            size = min(size, fit)
        sizes[style.code] = max(size, 1)
    return sizes


def expand_tasks(problem: ScheduleProblem, sizes: dict[str, int]) -> list[Task]:
    """Split every batch line into bundles and every bundle into its routing's operations."""
    styles = problem.style_by_code
    tasks = []
    for line in problem.batch.lines:
        if line.quantity <= 0:
            continue
        style = styles[line.variant.style_code]
        size = max(1, sizes.get(style.code, 1))
        n = math.ceil(line.quantity / size)
        for b in range(n):
            pairs = line.quantity // n + (1 if b < line.quantity % n else 0)
            for pos, step in enumerate(style.routing):
                tasks.append(
                    Task(
                        key=f"{line.variant.sku}#{b + 1}/{step.operation.value}",
                        sku=line.variant.sku,
                        style_code=style.code,
                        bundle=b + 1,
                        position=pos,
                        operation=step.operation,
                        pairs=pairs,
                        lag_after=math.ceil(step.lag_minutes),
                    )
                )
    return tasks


def bundle_chains(tasks: list[Task]) -> dict[tuple[str, int], list[Task]]:
    chains: dict[tuple[str, int], list[Task]] = {}
    for t in tasks:
        chains.setdefault((t.sku, t.bundle), []).append(t)
    for chain in chains.values():
        chain.sort(key=lambda t: t.position)
    return chains


def block_of(day: ArtisanDay, minute: int) -> tuple[date, int]:
    """Rotation block: the stretch of a day between meal breaks the minute falls in."""
    return (day.day, sum(1 for s, _, k in day.breaks if k == "meal" and s < minute))


def block_spans(day: ArtisanDay) -> list[tuple[int, int, tuple[date, int]]]:
    cuts = [day.shift_start] + [x for s, e, k in day.breaks if k == "meal" for x in (s, e)]
    cuts.append(day.day_end)
    return [(cuts[i], cuts[i + 1], (day.day, i // 2)) for i in range(0, len(cuts), 2)]


def contract_minutes(artisan: Artisan, days: list[ArtisanDay], until: int | None = None) -> int:
    """Contracted minutes of ``artisan`` over the days of the schedule: each of their working
    days that starts before ``until`` (the makespan; all days when ``None``) counts one day's
    share of the weekly hours (a 32 h, four-day contract: 8 h a day).

    Fairness is measured against this: counting the days after the last pair is packed would
    charge every person for time the batch did not use, unevenly for part-timers whose days
    fall after the end."""
    used = sum(1 for d in days if until is None or d.shift_start < until)
    return int(artisan.weekly_hours * 60 * used / max(1, len(artisan.shift.days)))
