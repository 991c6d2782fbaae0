"""The greedy dispatcher: first fit in routing order, as common ERPs load finite capacity.

Work orders are taken by promise date, each bundle through its routing in order; every task
goes to the skilled artisan who can start it first in a break-free window (the one least loaded
relative to contracted hours among equals), respecting hour caps, rotation and machine
capacity. Overtime windows are used only when normal time cannot take the task at all. It is
the fallback; the flow dispatcher (flow.py) usually gives the starting hint.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .calendar import ArtisanDay, block_of
from .problem import ScheduleProblem, Task

_FAR = 10**9


@dataclass(slots=True)
class _Placed:
    artisan: str
    start: int
    end: int
    overtime: bool


@dataclass(slots=True)
class _ArtisanState:
    busy: list[tuple[int, int]] = field(default_factory=list)
    week_normal: dict[tuple[int, int], int] = field(default_factory=dict)
    week_ot: dict[tuple[int, int], int] = field(default_factory=dict)
    block_op: dict[tuple, int] = field(default_factory=dict)
    load: int = 0


def _free_from(busy: list[tuple[int, int]], s: int, d: int) -> int:
    """Earliest t >= s with [t, t+d) clear of the sorted busy list."""
    i = bisect.bisect_right(busy, (s, _FAR)) - 1
    i = max(i, 0)
    t = s
    for a, b in busy[i:]:
        if b <= t:
            continue
        if a >= t + d:
            break
        t = b
    return t


def _machine_clear(usage: list[tuple[int, int, int]], cap: int, s: int, e: int) -> int | None:
    """None when ``[s, e)`` fits under the capacity, else the next time worth trying."""
    events = sorted(
        [(max(a, s), u) for a, b, u in usage if a < e and b > s]
        + [(min(b, e), -u) for a, b, u in usage if a < e and b > s],
        key=lambda x: (x[0], x[1]),
    )
    level = 0
    for _, u in events:
        level += u
        if level >= cap and u > 0:
            return min(b for a, b, _ in usage if a < e and b > s)
    return None


def record_placement(
    problem: ScheduleProblem,
    cal: dict[str, list[ArtisanDay]],
    state: dict[str, _ArtisanState],
    machines: list[tuple],
    placed: dict[str, _Placed],
    t: Task,
    a: str,
    s: int,
    e: int,
    ot: bool,
) -> None:
    """Book ``t`` on artisan ``a`` over ``[s, e)``: busy list, week and rotation counters,
    machine posts."""
    st = state[a]
    bisect.insort(st.busy, (s, e))
    st.load += e - s
    day = next((d for d in cal[a] if d.shift_start <= s < d.day_end + 1), None)
    if day is not None:
        target = st.week_ot if ot else st.week_normal
        target[day.week] = target.get(day.week, 0) + (e - s)
        bk = (block_of(day, s), t.operation)
        st.block_op[bk] = st.block_op.get(bk, 0) + (e - s)
    for m, usage in machines:
        if t.operation in m.operations:
            usage.append((s, e, 1))
    placed[t.key] = _Placed(a, s, e, ot)


def dispatch(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    due: dict[str, int],
    *,
    fixed: dict[str, tuple[str, int, int, bool]] | None = None,
    not_before: int = 0,
) -> dict[str, _Placed] | None:
    """Place every task; ``None`` when some task finds no room within the horizon."""
    rules = problem.rules
    state = {a.code: _ArtisanState() for a in problem.artisans}
    # each machine with its usage: (start, end, posts taken)
    machines: list[tuple] = [(m, []) for m in problem.machines]
    for m, usage in machines:
        for dt in problem.downtimes:
            if dt.machine_code == m.code:
                end = problem.minute(dt.end) if dt.end else _FAR
                usage.append((problem.minute(dt.start), end, dt.units or m.capacity))
    weekly_cap = {
        a.code: min(rules.weekly_normal_minutes, int(a.weekly_hours * 60)) for a in problem.artisans
    }
    placed: dict[str, _Placed] = {}

    def record(t: Task, a: str, s: int, e: int, ot: bool) -> None:
        record_placement(problem, cal, state, machines, placed, t, a, s, e, ot)

    fixed = fixed or {}
    for t in tasks:
        if t.key in fixed:
            a, s, e, ot = fixed[t.key]
            record(t, a, s, e, ot)

    def order(t: Task) -> tuple:
        return (due.get(t.sku, _FAR), t.sku, t.bundle, t.position)

    chain_prev: dict[tuple[str, int], Task] = {}
    todo = sorted(tasks, key=order)
    for t in todo:
        prev = chain_prev.get((t.sku, t.bundle))
        chain_prev[(t.sku, t.bundle)] = t
        if t.key in fixed:
            continue
        est = not_before
        if prev is not None:
            est = max(est, placed[prev.key].end + prev.lag_after)
        best = None
        for use_ot in (False, True):
            for a in problem.artisans:
                d = t.minutes_for(a)
                if d is None or (use_ot and not a.overtime_opt_in):
                    continue
                got = _earliest(
                    problem,
                    t,
                    a.code,
                    d,
                    est,
                    cal[a.code],
                    state[a.code],
                    weekly_cap[a.code],
                    use_ot,
                    machines,
                    rules,
                )
                if got is None:
                    continue
                # Contract-aware: of those who can start soonest, the one with the lowest
                # load relative to contracted hours takes it (then the quicker hand).
                ratio = state[a.code].load / max(1, weekly_cap[a.code])
                cand = (got, round(ratio, 3), got + d, a.code)
                if best is None or cand < best:
                    best = cand
            if best is not None:
                break
        if best is None:
            return None
        s, _, end, code = best
        record(t, code, s, end, _in_ot(cal[code], s))
    return placed


def _in_ot(days: list[ArtisanDay], s: int) -> bool:
    return any(ws <= s < we for d in days for ws, we in d.overtime)


def _earliest(problem, t, code, d, est, days, st, week_cap, use_ot, machines, rules):
    cap_rot = rules.max_same_operation_minutes
    for day in days:
        if day.day_end <= est:
            continue
        windows = day.overtime if use_ot else day.normal
        used = (st.week_ot if use_ot else st.week_normal).get(day.week, 0)
        limit = rules.overtime_weekly_cap_minutes if use_ot else week_cap
        if used + d > limit:
            continue
        for ws, we in windows:
            s = max(ws, est)
            while s + d <= we:
                s2 = _free_from(st.busy, s, d)
                if s2 != s:
                    s = s2
                    continue
                if cap_rot is not None:
                    bk = (block_of(day, s), t.operation)
                    if st.block_op.get(bk, 0) + d > cap_rot:
                        break
                nxt = None
                for m, usage in machines:
                    if t.operation in m.operations:
                        r = _machine_clear(usage, m.capacity, s, s + d)
                        if r is not None:
                            nxt = r if nxt is None else max(nxt, r)
                if nxt is not None:
                    s = max(nxt, s + 1)
                    continue
                return s
    return None
