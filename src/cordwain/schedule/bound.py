"""A proven lower bound on the makespan of a workshop schedule (engine-internal).

CP-SAT's own bound on a model with thousands of optional intervals in break-free windows stays
near the length of one bundle's routing. This module proves a real one with a time-indexed
linear relaxation solved by HiGHS, tested for a candidate finishing time ``T`` and bisected:

* time is cut into buckets at every window edge of every artisan (and at most ``step`` long);
* each artisan works at their own pace on the operations they are skilled for, at most the
  bucket's length, and at most the pairs that fit in bundles into each break-free window
  (a 115-minute stretch holds one 3-pair bundle of closing, not 1.3);
* machines give ``capacity`` posts per minute, rotation caps each operation per meal block,
  the weekly normal-time caps hold;
* along each routing, pairs cannot have gone further at an operation than they have gone at
  the one before it (``lag`` minutes earlier); no bundle starts an operation before the
  fastest chain could reach it, and every bundle must be through each operation early enough
  that the rest of its routing still fits by ``T`` on the fastest skilled artisan's calendar.

Everything relaxed (bundles split into fractions of pairs, work split across breaks inside a
window, artisans shared freely between operations) only makes the relaxation easier, so when it
is infeasible at ``T`` no schedule finishes by ``T``.

Sharing machine posts in minutes is where this relaxation is weakest; ``makespan_lower_bound``
therefore starts the bisection from the whole-bundle machine bound of ``bottleneck.py``.
"""

from __future__ import annotations

import bisect
import math
import time
from collections import defaultdict
from dataclasses import dataclass

from .bottleneck import machine_pattern_bound
from .calendar import ArtisanDay, block_spans
from .problem import ScheduleProblem, Task

_INF = 10**9


@dataclass(slots=True)
class _Group:
    """Bundles sharing a routing signature (operations and lags) flow as one stream."""

    ops: list  # Operation per position
    lags: list[int]
    total: int  # pairs
    min_pairs: list[int]  # smallest bundle per position


def _windows(days: list[ArtisanDay], overtime: bool) -> list[tuple[int, int, bool]]:
    out = []
    for d in days:
        out += [(s, e, False) for s, e in d.normal]
        if overtime:
            out += [(s, e, True) for s, e in d.overtime]
    return sorted(out)


def _earliest_finish(wins: list[tuple[int, int, bool]], est: int, d: int) -> int:
    for s, e, _ in wins:
        if max(s, est) + d <= e:
            return max(s, est) + d
    return _INF


def _latest_start(wins: list[tuple[int, int, bool]], lft: int, d: int) -> int:
    for s, e, _ in reversed(wins):
        if min(e, lft) - d >= s:
            return min(e, lft) - d
    return -_INF


def _pack(sizes: set[int], rate: float, length: int) -> int:
    """Most pairs of one operation that fit in ``length`` minutes as whole bundles."""
    items = [(p, max(1, math.ceil(p * rate - 1e-9))) for p in sizes]
    best = [0] * (length + 1)
    for m in range(1, length + 1):
        b = best[m - 1]
        for p, w in items:
            if w <= m and best[m - w] + p > b:
                b = best[m - w] + p
        best[m] = b
    return best[length]


class MakespanBound:
    """Builds the relaxation once per problem and answers "can it finish by T?"."""

    def __init__(
        self,
        problem: ScheduleProblem,
        tasks: list[Task],
        cal: dict[str, list[ArtisanDay]],
        *,
        overtime: bool,
        step: int = 30,
    ) -> None:
        self.problem = problem
        self.step = step
        self.artisans = [a for a in problem.artisans if cal.get(a.code)]
        self.wins = {a.code: _windows(cal[a.code], overtime) for a in self.artisans}
        self.cal = cal
        chains: dict[tuple[str, int], list[Task]] = defaultdict(list)
        for t in tasks:
            chains[(t.sku, t.bundle)].append(t)
        groups: dict[tuple, _Group] = {}
        self.chains = []
        self.sizes: dict = defaultdict(set)
        for chain in chains.values():
            chain.sort(key=lambda t: t.position)
            self.chains.append(chain)
            sig = tuple((t.operation, t.lag_after) for t in chain)
            g = groups.get(sig)
            if g is None:
                g = groups[sig] = _Group(
                    [t.operation for t in chain], [t.lag_after for t in chain], 0,
                    [chain[0].pairs] * len(chain),
                )  # fmt: skip
            g.total += chain[0].pairs
            for i, t in enumerate(chain):
                g.min_pairs[i] = min(g.min_pairs[i], t.pairs)
                self.sizes[t.operation].add(t.pairs)
        self.groups = list(groups.values())
        self.heads = [self._heads(g) for g in self.groups]
        union: list[list[int]] = []
        for s, e, _ in sorted(w for ws in self.wins.values() for w in ws):
            if union and s <= union[-1][1]:
                union[-1][1] = max(union[-1][1], e)
            else:
                union.append([s, e])
        self._union = union
        self._union_starts = [u[0] for u in union]

    def _anyone_works(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self._union_starts, a) - 1
        return i >= 0 and self._union[i][1] >= b

    # -- calendar simulations -----------------------------------------------------------
    def _dur(self, a, op, pairs: int) -> int:
        return max(1, math.ceil(pairs * a.skills[op] - 1e-9))

    def _heads(self, g: _Group) -> list[int]:
        """Earliest moment each operation of the group can start (fastest chain)."""
        heads, t = [], 0
        for k, op in enumerate(g.ops):
            heads.append(t)
            fin = min(
                (
                    _earliest_finish(self.wins[a.code], t, self._dur(a, op, g.min_pairs[k]))
                    for a in self.artisans
                    if op in a.skills
                ),
                default=_INF,
            )
            t = fin + g.lags[k] if fin < _INF else _INF
        return heads

    def _tails(self, g: _Group, T: int) -> list[int]:
        """Latest moment each operation of the group must be done for the rest to fit by T."""
        n = len(g.ops)
        tails = [T] * n
        for k in range(n - 2, -1, -1):
            op = g.ops[k + 1]
            st = max(
                (
                    _latest_start(
                        self.wins[a.code], tails[k + 1], self._dur(a, op, g.min_pairs[k + 1])
                    )
                    for a in self.artisans
                    if op in a.skills
                ),
                default=-_INF,
            )
            tails[k] = st - g.lags[k]
        return tails

    def chain_bound(self) -> int:
        """The longest single bundle: its routing alone on the fastest artisans' calendars."""
        best = 0
        for chain in self.chains:
            t = 0
            for x in chain:
                fin = min(
                    (
                        _earliest_finish(self.wins[a.code], t, self._dur(a, x.operation, x.pairs))
                        for a in self.artisans
                        if x.operation in a.skills
                    ),
                    default=_INF,
                )
                if fin >= _INF:
                    return _INF
                t = fin + x.lag_after
            best = max(best, t - chain[-1].lag_after)
        return best

    def op_heads(self) -> dict:
        """Earliest start of any bundle at each operation."""
        out: dict = {}
        for g, heads in zip(self.groups, self.heads, strict=True):
            for op, h in zip(g.ops, heads, strict=True):
                out[op] = min(out.get(op, _INF), h)
        return out

    def finish_after(self, op, t: int) -> int:
        """Earliest completion of any bundle whose ``op`` ends at ``t``."""
        best = _INF
        for g in self.groups:
            for k, o in enumerate(g.ops):
                if o != op:
                    continue
                fin = t
                for j in range(k + 1, len(g.ops)):
                    est = fin + g.lags[j - 1]
                    fin = min(
                        (
                            _earliest_finish(self.wins[a.code], est,
                                             self._dur(a, g.ops[j], g.min_pairs[j]))
                            for a in self.artisans
                            if g.ops[j] in a.skills
                        ),
                        default=_INF,
                    )  # fmt: skip
                    if fin >= _INF:
                        break
                best = min(best, fin)
        return best

    # -- the relaxation -----------------------------------------------------------------
    def feasible(self, T: int) -> bool | None:
        """False when no schedule can finish by ``T``; True when the relaxation can;
        None when HiGHS gave no answer."""
        import numpy as np
        from scipy.optimize import linprog
        from scipy.sparse import coo_matrix

        rules = self.problem.rules
        tails = [self._tails(g, T) for g in self.groups]
        for heads, tl in zip(self.heads, tails, strict=True):
            if any(h > t for h, t in zip(heads, tl, strict=True)):
                return False
        pts = {0, T}
        for code in self.wins:
            for s, e, _ in self.wins[code]:
                if s < T:
                    pts.add(s)
                    pts.add(min(e, T))
        for heads, tl in zip(self.heads, tails, strict=True):
            pts.update(x for x in heads + tl if 0 < x < T)
        cuts = sorted(p for p in pts if 0 <= p <= T)
        edges = [cuts[0]]
        for p in cuts[1:]:
            # Only working time needs fine buckets; a night is one bucket.
            if self._anyone_works(edges[-1], p):
                while p - edges[-1] > self.step:
                    edges.append(edges[-1] + self.step)
            edges.append(p)
        starts, ends = edges[:-1], edges[1:]
        nb = len(starts)
        if nb == 0:
            return False

        # Which artisan works in which bucket (each bucket is inside or outside each window).
        work: dict[str, list[tuple[int, int, bool]]] = {}  # code -> [(bucket, window#, ot)]
        for a in self.artisans:
            lst, wins = [], self.wins[a.code]
            wstarts = [w[0] for w in wins]
            for b in range(nb):
                i = bisect.bisect_right(wstarts, starts[b]) - 1
                if i >= 0 and wins[i][1] >= ends[b]:
                    lst.append((b, i, wins[i][2]))
            work[a.code] = lst

        cols = 0
        rows: list[tuple[list[int], list[float], float]] = []  # A_ub rows
        eq_rows: list[tuple[list[int], list[float], float]] = []
        bcap: dict[tuple[str, int], list] = defaultdict(list)
        wpack: dict[tuple[str, int, object], list[int]] = defaultdict(list)
        weekly: dict[tuple[str, tuple, bool], list] = defaultdict(list)
        rot: dict[tuple[str, object, object], list] = defaultdict(list)
        mach: dict[tuple[str, int], list] = defaultdict(list)
        flow: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        block_index = {}
        for a in self.artisans:
            spans = [(s, e, blk) for d in self.cal[a.code] for s, e, blk in block_spans(d)]
            block_index[a.code] = spans
        week_of = {}
        for a in self.artisans:
            for d in self.cal[a.code]:
                week_of[(a.code, d.day)] = d.week
        for a in self.artisans:
            spans = block_index[a.code]
            span_starts = [s for s, _, _ in spans]
            for gi, g in enumerate(self.groups):
                for k, op in enumerate(g.ops):
                    if op not in a.skills:
                        continue
                    r = a.skills[op]
                    lo, hi = self.heads[gi][k], tails[gi][k]
                    for b, wi, ot in work[a.code]:
                        if starts[b] < lo or ends[b] > hi:
                            continue
                        j = cols
                        cols += 1
                        bcap[(a.code, b)].append((j, r))
                        wpack[(a.code, wi, op)].append(j)
                        si = bisect.bisect_right(span_starts, starts[b]) - 1
                        blk = spans[si][2] if si >= 0 else None
                        if blk is not None:
                            rot[(a.code, blk, op)].append((j, r))
                            wk = week_of.get((a.code, blk[0]))
                            weekly[(a.code, wk, ot)].append((j, r))
                        for m in self.problem.machines:
                            if op in m.operations:
                                mach[(m.code, b)].append((j, r))
                        flow[(gi, k, b)].append(j)
        if cols == 0:
            return False
        # cumulative pairs C[g,k,b] after the y columns
        cbase = {}
        for gi, g in enumerate(self.groups):
            for k in range(len(g.ops)):
                cbase[(gi, k)] = cols
                cols += nb
        for (_code, b), items in bcap.items():
            rows.append(([j for j, _ in items], [r for _, r in items], ends[b] - starts[b]))
        by_code = {a.code: a for a in self.artisans}
        for (code, wi, op), js in wpack.items():
            s, e, _ = self.wins[code][wi]
            r = by_code[code].skills[op]
            cap = _pack(self.sizes[op], r, e - s)
            if cap * r < (e - s) - 1e-9 or cap == 0:
                rows.append((js, [1.0] * len(js), cap))
        if rules.max_same_operation_minutes is not None:
            for items in rot.values():
                rows.append(
                    ([j for j, _ in items], [r for _, r in items], rules.max_same_operation_minutes)
                )
        for (code, _wk, ot), items in weekly.items():
            cap = (
                rules.overtime_weekly_cap_minutes
                if ot
                else min(rules.weekly_normal_minutes, int(by_code[code].weekly_hours * 60))
            )
            rows.append(([j for j, _ in items], [r for _, r in items], cap))
        caps = {m.code: m for m in self.problem.machines}
        for (mc, b), items in mach.items():
            m = caps[mc]
            lost = 0
            for dt in self.problem.downtimes:
                if dt.machine_code == mc:
                    s0 = self.problem.minute(dt.start)
                    e0 = self.problem.minute(dt.end) if dt.end else _INF
                    ov = max(0, min(e0, ends[b]) - max(s0, starts[b]))
                    lost += ov * min(m.capacity, dt.units or m.capacity)
            rows.append(
                (
                    [j for j, _ in items],
                    [r for _, r in items],
                    m.capacity * (ends[b] - starts[b]) - lost,
                )
            )
        # C[b] - C[b-1] - sum y = 0 ; C[last] = total ; C_k[b] <= C_{k-1}[beta(b)]
        for gi, g in enumerate(self.groups):
            for k in range(len(g.ops)):
                base = cbase[(gi, k)]
                for b in range(nb):
                    js = flow.get((gi, k, b), [])
                    idx = [base + b] + ([base + b - 1] if b else []) + js
                    val = [1.0] + ([-1.0] if b else []) + [-1.0] * len(js)
                    eq_rows.append((idx, val, 0.0))
                eq_rows.append(([base + nb - 1], [1.0], float(g.total)))
                if k == 0:
                    continue
                prev, lag = cbase[(gi, k - 1)], g.lags[k - 1]
                for b in range(nb):
                    t = ends[b] - lag
                    i = bisect.bisect_left(ends, t)
                    if t <= starts[0]:
                        rows.append(([base + b], [1.0], 0.0))
                    else:
                        rows.append(([base + b, prev + i], [1.0, -1.0], 0.0))

        def matrix(rs):
            ri, ci, vv = [], [], []
            for n, (idx, val, _) in enumerate(rs):
                ri += [n] * len(idx)
                ci += idx
                vv += val
            return coo_matrix((vv, (ri, ci)), shape=(len(rs), cols)).tocsr(), np.array(
                [r[2] for r in rs], dtype=float
            )

        A_ub, b_ub = matrix(rows)
        A_eq, b_eq = matrix(eq_rows)
        res = linprog(
            np.zeros(cols), A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=(0, None),
            method="highs", options={"presolve": True, "time_limit": 20.0},
        )  # fmt: skip
        if res.status == 2:
            return False
        if res.status == 0:
            return True
        self.last_message = res.message
        return None


def makespan_lower_bound(
    problem: ScheduleProblem,
    tasks: list[Task],
    cal: dict[str, list[ArtisanDay]],
    *,
    upper: int,
    overtime: bool,
    time_limit: float,
    precision: int = 5,
) -> int:
    """The largest proven lower bound found within ``time_limit`` seconds (at least the
    longest single bundle's routing); ``upper`` is a makespan known to be reachable."""
    t0 = time.perf_counter()
    mb = MakespanBound(problem, tasks, cal, overtime=overtime)
    lo = mb.chain_bound()  # every schedule ends at or after lo
    if lo < upper and problem.machines:
        # Whole bundles on the bottleneck machine: usually the tightest part of the bound.
        got = machine_pattern_bound(
            problem, tasks, cal, overtime=overtime, heads=mb.op_heads(),
            finish_after=mb.finish_after, time_limit=0.7 * time_limit,
        )  # fmt: skip
        if got is not None:
            lo = max(lo, got)
    if lo >= upper:
        return min(lo, upper)
    hi = upper
    # Invariant: no schedule ends before lo; the relaxation is feasible at hi.
    while hi - lo > precision and time.perf_counter() - t0 < time_limit:
        mid = (lo + hi) // 2
        ok = mb.feasible(mid)
        if ok is False:
            lo = mid + 1
        else:
            hi = mid  # feasible, or HiGHS undecided: either way nothing is proven above mid
    return lo
