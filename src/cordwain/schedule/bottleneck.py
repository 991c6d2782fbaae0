"""A makespan bound from the bottleneck machine's day patterns (engine-internal).

The time-indexed relaxation in ``bound.py`` shares machine posts in minutes: it lets a post do
3.4 bundles in a day when only 3 whole ones fit between the breaks. In a workshop whose sewing
posts are the bottleneck that is where most of its gap lies. This bound looks at one machine
at a time, with whole bundles:

1. For each working day, the most bundles the machine's posts can take that day, weighed by
   how much of a break-free stretch each kind of bundle (operation, pairs) fills on the
   quickest hand (then by pairs, then by bundles: each weighing is a valid bound on its own):
   every skilled artisan at their own pace inside their break-free windows, at most
   ``capacity`` bundles at once, the rotation cap per meal block. A small time-indexed
   integer programme per kind of day (HiGHS); its *proven* upper bound is used, so a search
   cut short only weakens the bound, never breaks it.
2. Days are added in calendar order until the machine's whole weight of bundles could be
   through; on that last day, the earliest minute by which the weight left over could be done
   is found by bisection.
3. The last bundle off the machine still needs the rest of its routing: the fastest skilled
   artisans' calendars give the earliest it can then be packed.

Everything else is relaxed (other operations, weekly caps, who does what before and after, the
order of bundles), so no schedule finishes before this bound.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict

from .calendar import ArtisanDay, block_spans
from .problem import ScheduleProblem, Task

_INF = 10**9
# Minutes per step of the day programmes: five keeps them small enough to prove in a second.
_GRID = 5


def _day_model(slots, capacity: int, rot_cap, kinds: Counter, w: dict, limit: float) -> int:
    """A proven upper bound on the total weight ``w`` of the bundles (at most ``kinds[k]`` of
    each kind) the machine's posts can take in one day.

    ``slots`` are (artisan, block, kind, duration, lo, hi): a break-free window of an artisan
    skilled for that kind. Time-indexed integer programme solved by HiGHS: one 0/1 variable per
    possible starting minute, at most one bundle per artisan and ``capacity`` per minute, the
    rotation cap per meal block. Its LP relaxation is strong, so HiGHS proves the day's best in
    about a second; when cut short, its dual bound is still a valid upper bound.
    """
    res, trivial, _ = _solve_day(slots, capacity, rot_cap, kinds, w, limit, prefer_early=False)
    if res is None:
        return trivial
    dual = getattr(res, "mip_dual_bound", None)
    if res.status == 0 and res.fun is not None:
        dual = res.fun if dual is None else min(dual, res.fun)
    if dual is None or not math.isfinite(dual):
        return trivial  # no answer in time: the count of every kind is still an upper bound
    return min(trivial, int(math.floor(-dual + 1e-6)))


def _units(lo: int, hi: int, dur: int, grid: int, *, relax: bool) -> tuple[int, int, int]:
    """A window and a duration on a coarser clock of ``grid`` minutes.

    ``relax``: rounded so that every real placement still fits (window outwards, duration
    down), which keeps a bound valid: two tasks one after the other stay one after the other.
    Otherwise rounded so that every coarse placement is a real one (window inwards, duration
    up), which keeps a plan valid.
    """
    if relax:
        return lo // grid, hi // grid, dur // grid
    return -(-lo // grid), hi // grid, -(-dur // grid)


def _solve_day(
    slots,
    capacity,
    rot_cap,
    kinds,
    w,
    limit,
    *,
    prefer_early: bool,
    follow=(),
    carry=None,
    grid: int = _GRID,
):
    """The time-indexed programme of one day; returns (HiGHS result, trivial bound, columns).

    With ``prefer_early``, among days of equal weight the one with the earlier starts wins
    (used to build a plan, never for the bound, whose objective must be the weight alone).
    ``follow``: windows for the operation after the machine (same shape as ``slots``), which
    must keep pace with it within one bundle (``carry``: pairs per bundle size it is behind
    at the start of the day): the people it shares with the machine are then left whole
    stretches for it (used to build a plan only).
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    rows: dict = defaultdict(list)
    obj: list[float] = []
    cols: list[tuple] = []
    first = min((lo for *_, lo, _ in slots), default=0)
    slack = max((k[1] for k in kinds), default=0)
    for code, block, kind, dur, lo, hi in follow:
        ulo, uhi, ud = _units(lo, hi, dur, grid, relax=not prefer_early)
        for u in range(ulo, uhi - ud + 1):
            j = len(obj)
            obj.append((u * grid + dur - first) / 1_000_000.0)
            cols.append(("follow", code, kind, u * grid, dur))
            for t in range(u, u + ud):
                rows[("artisan", code, t)].append((j, 1.0))
            if rot_cap is not None:
                rows[("rotation", code, block, kind[0])].append((j, float(dur)))
            rows[("pace", kind[1])].append((j, -float(kind[1])))
    for code, block, kind, dur, lo, hi in slots:
        if kinds.get(kind, 0) <= 0:
            continue
        ulo, uhi, ud = _units(lo, hi, dur, grid, relax=not prefer_early)
        for u in range(ulo, uhi - ud + 1):
            j = len(obj)
            # Weights are whole numbers: an early start is worth less than any bundle.
            late = (u * grid + dur - first) / 10_000.0 if prefer_early else 0.0
            obj.append(-float(w[kind]) + late)
            cols.append(("machine", code, kind, u * grid, dur))
            for t in range(u, u + ud):
                rows[("artisan", code, t)].append((j, 1.0))
                rows[("posts", t)].append((j, 1.0))
            if rot_cap is not None:
                rows[("rotation", code, block, kind[0])].append((j, float(dur)))
            rows[("kind", kind)].append((j, 1.0))
            if follow:
                rows[("pace", kind[1])].append((j, float(kind[1])))
    trivial = sum(w[k] * n for k, n in kinds.items() if rows.get(("kind", k)))
    if not obj:
        return None, 0, cols
    ri, ci, vv, ub = [], [], [], []
    for n, (key, items) in enumerate(rows.items()):
        for j, v in items:
            ri.append(n)
            ci.append(j)
            vv.append(v)
        cap = {"artisan": 1, "posts": capacity, "rotation": rot_cap}.get(key[0])
        if key[0] == "pace":
            cap = slack - (carry or {}).get(key[1], 0)
        ub.append(float(kinds[key[1]] if key[0] == "kind" else cap))
    a = coo_matrix((vv, (ri, ci)), shape=(len(ub), len(obj))).tocsr()
    res = milp(
        np.array(obj), constraints=LinearConstraint(a, -np.inf, np.array(ub)),
        integrality=np.ones(len(obj)), bounds=Bounds(0, 1),
        options={"time_limit": max(0.1, limit), "presolve": True},
    )  # fmt: skip
    return res, trivial, cols


class _Day:
    def __init__(self, slots: list, end: int):
        self.slots, self.end = slots, end
        self.week: dict = {}

    def clipped(self, until: int) -> list:
        out = []
        for code, block, kind, dur, lo, hi in self.slots:
            hi = min(hi, until)
            if hi - lo >= dur:
                out.append((code, block, kind, dur, lo, hi))
        return out


def machine_pattern_bound(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    *,
    overtime: bool,
    heads: dict,
    finish_after,
    time_limit: float,
) -> int | None:
    """The largest bound over the machines (``None`` when none could be proven in time).

    ``heads[op]``: earliest start of any bundle at ``op``; ``finish_after(op, t)``: earliest
    completion of a bundle whose ``op`` ends at ``t`` (the rest of its routing).
    """
    t0 = time.perf_counter()
    best = None

    def load(mach) -> float:
        # Post minutes on the quickest skilled hand per post: the likely bottleneck goes first.
        quick = {op: min((a.skills[op] for a in problem.artisans if op in a.skills), default=0)
                 for op in mach.operations}  # fmt: skip
        work = sum(t.pairs * quick[t.operation] for t in tasks if t.operation in quick)
        return work / max(1, mach.capacity)

    for mach in sorted(problem.machines, key=lambda m: -load(m)):
        left = time_limit - (time.perf_counter() - t0)
        if left <= 0.2 or mach.capacity <= 0:
            break
        got = _one_machine(problem, tasks, cal, mach, overtime, heads, finish_after, left)
        if got is not None:
            best = got if best is None else max(best, got)
    return best


def _one_machine(problem, tasks, cal, mach, overtime, heads, finish_after, limit):
    t0 = time.perf_counter()
    kinds = Counter((t.operation, t.pairs) for t in tasks if t.operation in mach.operations)
    if not kinds:
        return None
    rot = problem.rules.max_same_operation_minutes
    start_of = min(heads.get(op, 0) for op, _ in kinds)
    fastest: dict = {}
    days: dict = {}
    for a in problem.artisans:
        skilled = [k for k in kinds if k[0] in a.skills]
        for d in cal.get(a.code, []) if skilled else ():
            day = days.setdefault(d.day, _Day([], 0))
            spans = block_spans(d)
            wins = list(d.normal) + (list(d.overtime) if overtime and a.overtime_opt_in else [])
            for lo, hi in wins:
                lo = max(lo, start_of)
                blk = next((b for s, e, b in spans if s <= lo < e), (d.day, 0))
                for kind in skilled:
                    dur = max(1, math.ceil(kind[1] * a.skills[kind[0]] - 1e-9))
                    fastest[kind] = min(fastest.get(kind, _INF), dur)
                    if hi - lo >= dur:
                        day.slots.append((a.code, blk, kind, dur, lo, hi))
                        day.end = max(day.end, hi)
    ordered = [days[k] for k in sorted(days)]
    if not ordered:
        return None
    # A few ways of weighing bundles against each other; each gives a valid bound. First the
    # share of a break-free stretch a bundle takes on the quickest hand (a 78-minute bundle
    # fills a 115-minute stretch, a 52-minute one half of it), which is what wastes post time
    # when bundles are whole; then pairs; then bundles.
    longest = max((hi - lo for day in ordered for *_, lo, hi in day.slots), default=1)
    fits = {k: max(1, longest // fastest.get(k, longest)) for k in kinds}
    lcm = math.lcm(*fits.values())
    weighings = [
        {k: lcm // fits[k] for k in kinds},
        {k: k[1] for k in kinds},
        {k: 1 for k in kinds},
    ]
    best = None
    seen = set()
    for w in weighings:
        key = tuple(sorted(w.items(), key=str))
        if key in seen:
            continue
        seen.add(key)
        left = limit - (time.perf_counter() - t0)
        if left <= 0.2:
            break
        end = _weighted_end(ordered, kinds, w, mach.capacity, rot, left)
        if end is not None:
            best = end if best is None else max(best, end)
    if best is None:
        return None
    return min(finish_after(op, best) for op, _ in kinds)


def _weighted_end(ordered, kinds, w, capacity, rot, limit) -> int | None:
    """Earliest minute the machine's last bundle could be done when a day can take at most
    its best weight of bundles (weights ``w``); ``None`` when not proven in time."""
    t0 = time.perf_counter()
    need = sum(w[k] * n for k, n in kinds.items())
    cache: dict = {}

    def share() -> float:
        return max(0.5, min(4.0, (limit - (time.perf_counter() - t0)) / 4))

    def most(slots) -> int:
        sig = tuple(sorted((c, b[1], k, du, lo % 1440, hi - lo) for c, b, k, du, lo, hi in slots))
        if sig not in cache:
            cache[sig] = _day_model(slots, capacity, rot, kinds, w, share())
        return cache[sig]

    done = 0
    for day in ordered:
        if time.perf_counter() - t0 > limit:
            return None
        cap = most(day.slots)
        if done + cap >= need:
            rest = need - done
            lo = min(s[4] + s[3] for s in day.slots)
            hi = day.end
            while lo < hi:
                if time.perf_counter() - t0 > limit:
                    return None
                mid = (lo + hi) // 2
                if most(day.clipped(mid)) >= rest:
                    hi = mid
                else:
                    lo = mid + 1
            return lo
        done += cap
    return None


def _bottleneck(problem: ScheduleProblem, tasks: list[Task]):
    """The machine with the most post minutes per post on the quickest skilled hands."""

    def load(mach) -> float:
        quick = {op: min((a.skills[op] for a in problem.artisans if op in a.skills), default=0)
                 for op in mach.operations}  # fmt: skip
        work = sum(t.pairs * quick[t.operation] for t in tasks if t.operation in quick)
        return work / max(1, mach.capacity)

    machines = [m for m in problem.machines if m.capacity > 0]
    return max(machines, key=load) if machines else None


def _machine_days(problem, cal, kinds, overtime: bool, start_of: int):
    """Per date: the (artisan, block, kind, minutes, lo, hi) windows of the machine's work."""
    days: dict = {}
    for a in problem.artisans:
        skilled = [k for k in kinds if k[0] in a.skills]
        for d in cal.get(a.code, []) if skilled else ():
            day = days.setdefault(d.day, _Day([], 0))
            day.week[a.code] = d.week
            spans = block_spans(d)
            wins = list(d.normal) + (list(d.overtime) if overtime and a.overtime_opt_in else [])
            for lo, hi in wins:
                lo = max(lo, start_of)
                blk = next((b for s, e, b in spans if s <= lo < e), (d.day, 0))
                for kind in skilled:
                    dur = max(1, math.ceil(kind[1] * a.skills[kind[0]] - 1e-9))
                    if hi - lo >= dur:
                        day.slots.append((a.code, blk, kind, dur, lo, hi))
                        day.end = max(day.end, hi)
    return days


def bottleneck_dispatch(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    due: dict[str, int],
    *,
    heads: dict,
    offset: int,
    time_limit: float,
) -> dict[str, tuple[str, int, int, bool]] | None:
    """Bottleneck first: fill the busiest machine's posts day by day with the densest whole
    bundles, then cut and prepare (the operations before it) just in time for each booking.

    Returns the booked tasks as ``{task: (artisan, start, end, overtime)}``, to be completed by
    a dispatcher for the operations after the machine; ``None`` when it does not apply (no
    machine, a routing visiting it twice) or runs out of time.
    """
    from .greedy import _ArtisanState, _earliest, record_placement

    t0 = time.perf_counter()
    if problem.downtimes or problem.absences:
        return None
    mach = _bottleneck(problem, tasks)
    if mach is None:
        return None
    chains: dict[tuple[str, int], list[Task]] = defaultdict(list)
    for t in tasks:
        chains[(t.sku, t.bundle)].append(t)
    at: dict[tuple[str, int], int] = {}
    for key, chain in chains.items():
        chain.sort(key=lambda t: t.position)
        hits = [i for i, t in enumerate(chain) if t.operation in mach.operations]
        if len(hits) > 1:
            return None
        if hits:
            at[key] = hits[0]
    kinds = Counter((chains[k][i].operation, chains[k][i].pairs) for k, i in at.items())
    if not kinds:
        return None
    rules = problem.rules
    # Bookings start ``offset`` minutes after the first bundle could reach the machine.
    head = min(heads.get(op, 0) for op, _ in kinds) + offset
    days = _machine_days(problem, cal, kinds, False, head)
    # The operation right after the machine, when it shares people with it, keeps pace.
    nxt = Counter(
        (chains[k][i + 1].operation, chains[k][i + 1].pairs)
        for k, i in at.items()
        if i + 1 < len(chains[k])
    )
    machine_people = {a.code for a in problem.artisans if any(k[0] in a.skills for k in kinds)}
    shared = any(
        a.code in machine_people for a in problem.artisans if any(k[0] in a.skills for k in nxt)
    )
    follow_days = _machine_days(problem, cal, nxt, False, head) if shared else {}
    longest = max((hi - lo for d in days.values() for *_, lo, hi in d.slots), default=1)
    fastest = {
        k: min((s[3] for d in days.values() for s in d.slots if s[2] == k), default=longest)
        for k in kinds
    }
    fits = {k: max(1, longest // fastest[k]) for k in kinds}
    lcm = math.lcm(*fits.values())
    w = {k: lcm // fits[k] for k in kinds}

    # 1. Book the posts day by day, densest first; identical days reuse the same pattern.
    remaining = Counter(kinds)
    bookings: list[tuple[int, int, str, tuple]] = []
    follows: list[tuple[int, int, str, tuple]] = []
    used: dict = defaultdict(int)
    behind: Counter = Counter()  # pairs per bundle size the next operation is behind
    carry: dict = {}
    weekly_cap = {
        a.code: min(rules.weekly_normal_minutes, int(a.weekly_hours * 60)) for a in problem.artisans
    }
    patterns: dict = {}
    for date in sorted(days):
        if not +remaining:
            break
        left = time_limit - (time.perf_counter() - t0)
        if left <= 0.1:
            return None
        day = days[date]
        base = min(lo for *_, lo, _ in day.slots) // 1440 * 1440
        follow = follow_days[date].slots if date in follow_days else []
        sig = tuple(
            sorted((c, b[1], k, du, lo - base, hi - base) for c, b, k, du, lo, hi in day.slots)
        ) + (len(follow), tuple(sorted(carry.items())))
        got = patterns.get(sig)
        if got is None or any(
            n > remaining[k] for k, n in Counter(g[2] for g in got if g[0] == "machine").items()
        ):
            res, _, cols = _solve_day(
                day.slots, mach.capacity, rules.max_same_operation_minutes, remaining, w,
                min(left, 6.0), prefer_early=True, follow=follow, carry=carry,
            )  # fmt: skip
            if (res is None or res.x is None) and follow:
                # Cannot catch up today: book the machine alone.
                res, _, cols = _solve_day(
                    day.slots, mach.capacity, rules.max_same_operation_minutes, remaining, w,
                    min(left, 6.0), prefer_early=True,
                )  # fmt: skip
            if res is None or res.x is None:
                continue
            got = [(c[0], c[1], c[2], c[3] - base, c[4]) for c, x in zip(cols, res.x, strict=True)
                   if x > 0.5]  # fmt: skip
            patterns[sig] = got
        for what, code, kind, s, dur in sorted(got, key=lambda g: g[3]):
            week = days[date].week.get(code)
            if used[(code, week)] + dur > weekly_cap[code]:
                continue  # the weekly hours are full: the booking stays empty
            if what == "follow":
                used[(code, week)] += dur
                follows.append((base + s, base + s + dur, code, kind))
                behind[kind[1]] -= kind[1]
            elif remaining[kind] > 0:
                used[(code, week)] += dur
                remaining[kind] -= 1
                bookings.append((base + s, base + s + dur, code, kind))
                behind[kind[1]] += kind[1]
        carry = {size: max(0, n) for size, n in behind.items() if n > 0}
        behind = Counter(carry)
    bookings.sort()
    follows.sort()

    # 2. Give each booking a bundle whose cutting and preparing can be done in time.
    state = {a.code: _ArtisanState() for a in problem.artisans}
    machines: list[tuple] = [(m, []) for m in problem.machines]
    scratch: dict = {}
    template = {}
    for key, i in at.items():
        for t in chains[key][i : i + 2]:
            template.setdefault((t.operation, t.pairs), t)
    for s, e, code, kind in bookings + follows:
        # Hold the posts and the closer's time so the preparing work goes around them.
        record_placement(problem, cal, state, machines, scratch, template[kind], code, s, e, False)
    placed: dict[str, tuple[str, int, int, bool]] = {}
    by_code = problem.artisan_by_code

    def prepare(key) -> int:
        chain, k = chains[key], at[key]
        ready = 0
        for t in chain[:k]:
            best = None
            for a in problem.artisans:
                d = t.minutes_for(a)
                if d is None:
                    continue
                s = _earliest(problem, t, a.code, d, ready, cal[a.code], state[a.code],
                              weekly_cap[a.code], False, machines, rules)  # fmt: skip
                if s is not None and (best is None or (s + d, s) < best[:2]):
                    best = (s + d, s, a.code)
            if best is None:
                return _INF
            e, s, code = best
            record_placement(problem, cal, state, machines, scratch, t, code, s, e, False)
            placed[t.key] = (code, s, e, False)
            ready = e + t.lag_after
        return ready

    queue = {
        kind: sorted(
            (k for k in at if (chains[k][at[k]].operation, chains[k][at[k]].pairs) == kind),
            key=lambda k: (due.get(k[0], _INF), k[0], k[1]),
        )  # fmt: skip
        for kind in kinds
    }
    pool: dict = defaultdict(list)  # kind -> [(ready, order, key)]
    for s, e, code, kind in bookings:
        if time.perf_counter() - t0 > time_limit:
            return None
        while queue[kind] and not any(r <= s for r, _, _ in pool[kind]) and len(pool[kind]) < 3:
            key = queue[kind].pop(0)
            pool[kind].append((prepare(key), len(pool[kind]), key))
        ok = [x for x in pool[kind] if x[0] <= s]
        if not ok:
            continue  # nothing prepared in time: the booking stays empty
        pick = min(ok, key=lambda x: (due.get(x[2][0], _INF), x[1]))
        pool[kind].remove(pick)
        t = chains[pick[2]][at[pick[2]]]
        if t.minutes_for(by_code[code]) != e - s:
            return None
        placed[t.key] = (code, s, e, False)

    # 3. The operation after the machine, on its bookings, first come first served.
    waiting = []
    for key, i in at.items():
        t = chains[key][i]
        if t.key in placed and i + 1 < len(chains[key]):
            waiting.append((placed[t.key][2] + t.lag_after, chains[key][i + 1]))
    waiting.sort(key=lambda x: x[0])
    for s, e, code, kind in follows:
        pick = next((x for x in waiting if x[0] <= s and (x[1].operation, x[1].pairs) == kind),
                    None)  # fmt: skip
        if pick is None or pick[1].minutes_for(by_code[code]) != e - s:
            continue
        waiting.remove(pick)
        placed[pick[1].key] = (code, s, e, False)
    return placed
