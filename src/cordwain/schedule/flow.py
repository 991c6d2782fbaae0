"""The flow dispatcher: artisans pull work as they come free, like a well-run bench.

Where the first-fit dispatcher (``greedy.dispatch``) loads bundle after bundle through the whole
routing, this one walks the clock: whenever an artisan is free, they take the most pressing
bundle that is ready for an operation they are skilled for and that fits before their next
break (hour caps, rotation and machine posts respected). "Most pressing" is the operation with
the most work left per skilled person (the bottleneck pulls first); among equals the bundle
promised earliest. When two artisans are free at once, the one with the lowest load relative to
contracted hours chooses first, so work spreads by contract. Only normal time is used: it is a
starting plan for the optimiser, and the first-fit dispatcher remains the fallback.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict

from .calendar import ArtisanDay, contract_minutes
from .greedy import _FAR, _ArtisanState, _earliest, _Placed, record_placement
from .problem import ScheduleProblem, Task


def flow_dispatch(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    due: dict[str, int],
    *,
    rule: str = "pressure",
    seed: int = 0,
    fixed: dict[str, tuple[str, int, int, bool]] | None = None,
    not_before: int = 0,
) -> dict[str, _Placed] | None:
    """Place every task in normal time; ``None`` when some task finds no room."""
    rules = problem.rules
    rng = random.Random(seed)
    fixed = fixed or {}
    artisans = [a for a in problem.artisans if cal.get(a.code)]
    state = {a.code: _ArtisanState() for a in problem.artisans}
    machines: list[tuple] = [(m, []) for m in problem.machines]
    for m, usage in machines:
        for dt in problem.downtimes:
            if dt.machine_code == m.code:
                end = problem.minute(dt.end) if dt.end else _FAR
                usage.append((problem.minute(dt.start), end, dt.units or m.capacity))
    weekly_cap = {
        a.code: min(rules.weekly_normal_minutes, int(a.weekly_hours * 60)) for a in problem.artisans
    }
    contract = {a.code: max(1.0, a.weekly_hours * 60) for a in problem.artisans}
    placed: dict = {}

    chains: dict[tuple[str, int], list[Task]] = defaultdict(list)
    for t in tasks:
        chains[(t.sku, t.bundle)].append(t)
    nxt: dict[str, Task] = {}
    ready: dict[str, int] = {}
    for chain in chains.values():
        chain.sort(key=lambda t: t.position)
        for x, y in zip(chain, chain[1:], strict=False):
            nxt[x.key] = y
        ready[chain[0].key] = not_before
    for t in tasks:
        if t.key in fixed:
            a, s, e, ot = fixed[t.key]
            record_placement(problem, cal, state, machines, placed, t, a, s, e, ot)
    for chain in chains.values():
        for x, y in zip(chain, chain[1:], strict=False):
            if x.key in placed:
                ready[y.key] = max(not_before, placed[x.key].end + x.lag_after)
        if chain[0].key in placed:
            ready.pop(chain[0].key, None)

    jitter = {t.key: rng.random() for t in tasks} if rule == "random" else {}
    queues: dict[object, list[Task]] = defaultdict(list)
    for t in tasks:
        if t.key not in placed:
            queues[t.operation].append(t)
    for q in queues.values():
        q.sort(key=lambda t: (due.get(t.sku, _FAR), jitter.get(t.key, 0), t.sku, t.bundle))
    skilled: dict[object, list] = defaultdict(list)
    for a in artisans:
        for op in a.skills:
            skilled[op].append(a)
    # Each person's time is shared among their skills; time already booked (work fixed in
    # advance, e.g. the bottleneck machine's bookings) is not there to share.
    window = {a.code: sum(e - s for d in cal[a.code] for s, e in d.normal) for a in artisans}
    free = {c: max(0, w - state[c].load) for c, w in window.items()}
    most = max(window.values(), default=1) or 1
    share = {
        op: sum(max(free[a.code], 1) / most / len(a.skills) for a in people)
        for op, people in skilled.items()
        if people
    }
    left = {
        op: sum(t.pairs * sum(a.skills[op] for a in skilled[op]) / max(1, len(skilled[op]))
                for t in q)
        for op, q in queues.items()
    }  # fmt: skip
    todo = sum(len(q) for q in queues.values())
    # Machine posts are the scarce resource of a workshop: with rule "fast-posts" a slow hand
    # (over 25 % slower than the fastest skilled person) leaves machine work to faster ones.
    on_machine = {op for m in problem.machines for op in m.operations}
    fastest = {op: min(a.skills[op] for a in people) for op, people in skilled.items()}

    heap: list[tuple] = []
    first = {
        a.code: min((s for d in cal[a.code] for s, _ in d.normal), default=_FAR) for a in artisans
    }
    for a in artisans:
        if first[a.code] < _FAR:
            heapq.heappush(heap, (max(first[a.code], not_before), 0.0, a.code))
    by_code = {a.code: a for a in artisans}
    sleeping: set[str] = set()

    def wake(op, at: int) -> None:
        for a in skilled.get(op, ()):
            if a.code in sleeping:
                sleeping.discard(a.code)
                heapq.heappush(heap, (at, state[a.code].load / contract[a.code], a.code))

    while todo and heap:
        t, _, code = heapq.heappop(heap)
        a = by_code[code]
        st = state[code]
        best = None  # (start, -score, order, task)
        next_event = _FAR
        for op in a.skills:
            q = queues.get(op)
            if not q:
                continue
            if rule == "fast-posts" and op in on_machine and a.skills[op] > 1.25 * fastest[op]:
                continue
            cand, cand_ready = None, _FAR
            for x in q:
                r = ready.get(x.key)
                if r is None:
                    continue
                if r <= t:
                    cand, cand_ready = x, r
                    break
                if r < cand_ready:
                    cand, cand_ready = x, r
            if cand is None:
                continue
            d = cand.minutes_for(a)
            s = _earliest(
                problem, cand, code, d, max(t, cand_ready), cal[code], st, weekly_cap[code],
                False, machines, rules,
            )  # fmt: skip
            if s is None:
                continue
            if rule == "downstream":
                score = cand.position + left[op] / (share[op] * 1e6)
            elif rule == "random":
                score = left[op] / share[op] * (0.75 + 0.5 * rng.random())
            else:
                score = left[op] / share[op]
            key = (s, -score, due.get(cand.sku, _FAR), cand)
            if best is None or key[:3] < best[:3]:
                best = key
            next_event = min(next_event, s)
        if best is None:
            sleeping.add(code)
            continue
        s, _, _, task = best
        if s > t:
            heapq.heappush(heap, (s, st.load / contract[code], code))
            continue
        d = task.minutes_for(a)
        record_placement(problem, cal, state, machines, placed, task, code, s, s + d, False)
        queues[task.operation].remove(task)
        ready.pop(task.key, None)
        left[task.operation] -= (
            task.pairs
            * sum(b.skills[task.operation] for b in skilled[task.operation])
            / max(1, len(skilled[task.operation]))
        )
        todo -= 1
        follow = nxt.get(task.key)
        if follow is not None and follow.key not in placed:
            ready[follow.key] = s + d + task.lag_after
            wake(follow.operation, s + d + task.lag_after)
        heapq.heappush(heap, (s + d, st.load / contract[code], code))
    if todo:
        return None
    return placed


def balance(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    plan: dict[str, tuple[str, int, bool]],
    *,
    fixed: set[str] | frozenset[str] = frozenset(),
    rounds: int = 4,
) -> dict[str, tuple[str, int, bool]]:
    """Hand bundles from the most loaded artisans (relative to contract) to the least loaded
    skilled ones at the same start time, where the other person is free, the bundle still fits
    before their break, their caps and rotation allow it, machine posts allow it, and the next
    operation of the bundle (or its promise) is not delayed. Nothing else moves, so promises,
    overtime and makespan never get worse; the caller re-validates the result."""
    rules = problem.rules
    by_code = {a.code: a for a in problem.artisans}
    tk = {t.key: t for t in tasks}
    end = max((s + tk[k].minutes_for(by_code[c]) for k, (c, s, _) in plan.items()), default=None)
    contract = {a.code: contract_minutes(a, cal[a.code], end) for a in problem.artisans}
    nxt: dict[str, Task] = {}
    prv: dict[str, Task] = {}
    chains: dict[tuple[str, int], list[Task]] = defaultdict(list)
    for t in tasks:
        chains[(t.sku, t.bundle)].append(t)
    for chain in chains.values():
        chain.sort(key=lambda t: t.position)
        for x, y in zip(chain, chain[1:], strict=False):
            nxt[x.key] = y
            prv[y.key] = x
    plan = dict(plan)

    def dur(key: str, code: str) -> int:
        return tk[key].minutes_for(by_code[code])

    def rebuild():
        busy: dict[str, list[tuple[int, int]]] = defaultdict(list)
        load: dict[str, int] = defaultdict(int)
        for key, (code, s, _) in plan.items():
            d = dur(key, code)
            busy[code].append((s, s + d))
            load[code] += d
        for v in busy.values():
            v.sort()
        return busy, load

    windows = {
        a.code: [(d, s, e) for d in cal[a.code] for s, e in d.normal] for a in problem.artisans
    }
    weekly_cap = {
        a.code: min(rules.weekly_normal_minutes, int(a.weekly_hours * 60)) for a in problem.artisans
    }
    cap_rot = rules.max_same_operation_minutes
    on_machine = {op: m for m in problem.machines for op in m.operations}

    for _ in range(rounds):
        busy, load = rebuild()
        ratio = {c: load[c] / contract[c] for c in contract if contract[c] > 0}
        if len(ratio) < 2:
            return plan
        moved = False
        donors = sorted(ratio, key=lambda c: -ratio[c])
        for donor in donors[: max(1, len(donors) // 2)]:
            mine = sorted((k for k, v in plan.items() if v[0] == donor and k not in fixed),
                          key=lambda k: -dur(k, donor))  # fmt: skip
            for key in mine:
                code0, s, ot = plan[key]
                if ot or plan[key][0] != donor:
                    continue
                t = tk[key]
                d0 = dur(key, donor)
                takers = sorted(
                    (a for a in problem.artisans if t.operation in a.skills and a.code != donor
                     and a.code in ratio),
                    key=lambda a: ratio[a.code],
                )  # fmt: skip
                for a in takers:
                    d = dur(key, a.code)
                    # Only a move that narrows the spread: the taker stays below the donor.
                    if (load[a.code] + d) / contract[a.code] >= (load[donor] - d0) / contract[
                        donor
                    ] or ratio[a.code] >= ratio[donor]:
                        continue
                    # Any start between the previous operation and the next one will do.
                    before = prv.get(key)
                    lo = 0
                    if before is not None:
                        pc, ps, _ = plan[before.key]
                        lo = ps + dur(before.key, pc) + before.lag_after
                    follow = nxt.get(key)
                    hi = (plan[follow.key][1] - t.lag_after - d) if follow else s + d0 - d
                    starts = sorted(
                        {x for x in [s, lo] + [be for _, be in busy[a.code]]
                         + [ws for _, ws, _ in windows[a.code]] if lo <= x <= hi}
                    )  # fmt: skip
                    s1 = next(
                        (x for x in starts
                         if _can_take(plan, key, a.code, x, d, d0, busy, windows, weekly_cap,
                                      cap_rot, on_machine, nxt, dur, tk, rules, s)),
                        None,
                    )  # fmt: skip
                    if s1 is None:
                        continue
                    plan[key] = (a.code, s1, False)
                    busy[donor].remove((s, s + d0))
                    bisect_insort(busy[a.code], (s1, s1 + d))
                    load[donor] -= d0
                    load[a.code] += d
                    ratio[donor] = load[donor] / contract[donor]
                    ratio[a.code] = load[a.code] / contract[a.code]
                    moved = True
                    break
        if not moved:
            break
    return plan


def bisect_insort(lst: list, item) -> None:
    import bisect

    bisect.insort(lst, item)


def _can_take(plan, key, code, s, d, d0, busy, windows, weekly_cap, cap_rot, on_machine, nxt,
              dur, tk, rules, s0) -> bool:  # fmt: skip
    from .calendar import block_of

    e = s + d
    t = tk[key]
    day = next((dd for dd, ws, we in windows[code] if ws <= s and e <= we), None)
    if day is None:
        return False
    if any(bs < e and be > s for bs, be in busy[code]):
        return False
    follow = nxt.get(key)
    if follow is not None:
        if plan[follow.key][1] < e + t.lag_after:
            return False
    elif e > s0 + d0:
        return False  # the last operation: its end is the promise and the makespan
    # weekly normal time and rotation for the taker
    week = sum(
        dur(k, code)
        for k, (c, ks, o) in plan.items()
        if c == code and not o and _week_of(windows[code], ks) == day.week
    )
    if week + d > weekly_cap[code]:
        return False
    if cap_rot is not None:
        blk = block_of(day, s)
        same = sum(
            dur(k, code)
            for k, (c, ks, _) in plan.items()
            if c == code and tk[k].operation == t.operation and ks // 1440 == s // 1440
            and block_of(day, ks) == blk
        )  # fmt: skip
        if same + d > cap_rot:
            return False
    m = on_machine.get(t.operation)
    if m is not None:
        # Conservative: every other bundle at the machine during [s, e) counts as overlapping.
        level = 0
        for k, (c, ks, _) in plan.items():
            if k != key and tk[k].operation in m.operations and ks < e and ks + dur(k, c) > s:
                level += 1
        if level >= m.capacity:
            return False
    return True


def _week_of(wins, s: int):
    for d, ws, we in wins:
        if ws <= s < we:
            return d.week
    return None
