"""The hide nesting engine: which hides a batch opens and where every piece is cut.

Constructive start: hides are filled one at a time, biggest and most quality-demanding pieces
first, each at the best raster position toward a corner (then slid exactly into place).
Local search, inside the time budget and from the seed: randomised rebuilds (piece order,
hide order, corner per hide), emptying the least-filled hide into the gaps of the others,
and swapping a hide for a smaller unused one that still holds its pieces. Every returned
layout goes through the independent validator.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from dataclasses import dataclass

import numpy as np
import shapely

from .model import NestProblem, NestResult, Placement, Sheet, SheetUsage, Unplaced
from .raster import Grid, SheetState, angles_for, region_at_level
from .validate import validate


@dataclass
class _Sol:
    states: dict[str, SheetState]
    unplaced: list[int]


class _Nester:
    def __init__(self, problem: NestProblem, seed: int):
        self.p = problem
        self.items = [it for it in problem.items]
        self.slots: list[Sheet] = []
        for s in problem.sheets:
            if s.stock == 1:
                self.slots.append(s)
            else:
                for k in range(s.stock):
                    self.slots.append(_copy_sheet(s, f"{s.id}#{k + 1}"))
        self.by_id = {s.id: s for s in self.slots}
        self.grid = Grid(self.slots, self.items, problem.gap, problem.resolution)
        self.rng = random.Random(seed)
        self.area = [it.area for it in self.items]
        self.usable = {s.id: float(region_at_level(s, 1).area) for s in self.slots}
        self.angle_cache: dict[tuple[int, str], list[float]] = {}
        self.fresh: dict[str, SheetState] = {}
        self.evals = 0
        self.trials = 4
        h = self.grid.h
        steps = [0.0, 0.5 * h, -0.5 * h, h, -h]
        self.nudges = sorted(
            ((a, b) for a in steps for b in steps if a or b), key=lambda d: abs(d[0]) + abs(d[1])
        )

    # basic moves ---------------------------------------------------------------------
    def compatible(self, idx: int, sheet: Sheet) -> bool:
        it = self.items[idx]
        return (
            not it.material or not sheet.material or it.material == sheet.material
        ) and it.min_level <= sheet.base_level

    def angles(self, idx: int, sheet: Sheet, coarse: bool) -> list[float]:
        key = (idx, sheet.id if self.items[idx].relative_to_backbone else "", coarse)
        a = self.angle_cache.get(key)
        if a is None:
            it = self.items[idx]
            if coarse:
                a = angles_for(it, sheet, 90.0, 1)
                if it.orientations is not None:
                    a = [x for x in a if abs((x - a[0]) % 90.0) < 1e-6] or a[:1]
            else:
                a = angles_for(it, sheet, self.p.rotation_step_deg, self.p.orientation_samples)
            self.angle_cache[key] = a
        return a

    def state(self, sheet: Sheet) -> SheetState:
        base = self.fresh.get(sheet.id)
        if base is None:
            base = SheetState(sheet, self.grid)
            self.fresh[sheet.id] = base
        return base.clone()

    def place(
        self, st: SheetState, idx: int, direction: int, *, coarse=False, compact=True, k=3
    ) -> bool:
        it = self.items[idx]
        level = it.min_level
        if self.area[idx] > st.free_area(level) + 1e-9:
            return False
        cands = []
        for a in self.angles(idx, st.sheet, coarse):
            self.evals += 1
            for i, j, key in st.candidates(it, a, level, direction, k, contact=compact):
                cands.append((key, a, i, j))
        cands.sort(key=lambda c: c[0])
        for _, a, i, j in cands[: 3 * k]:
            m = self.grid.mask(it, a)
            x, y = st.offset_to_xy(m, i, j)
            poly = shapely.Polygon(m.shape + (x, y))
            if not st.fits(poly, level):
                # The raster samples cell centres, so it can be off by up to a cell:
                # look for the exact position among small nudges.
                for dx, dy in self.nudges:
                    poly = shapely.Polygon(m.shape + (x + dx, y + dy))
                    if st.fits(poly, level):
                        x, y = x + dx, y + dy
                        break
                else:
                    continue
            if compact:
                x, y = st.compact(m, x, y, level, st.slide_sides(m, i, j, level, direction))
                poly = shapely.Polygon(m.shape + (x, y))
            st.add(idx, a, x, y, poly, self.area[idx])
            return True
        return False

    def fill(self, st: SheetState, copies: list[int], direction: int, deadline: float) -> list[int]:
        """Cut as many of ``copies`` (in order) as fit on one sheet; returns the rest."""
        fails: set[int] = set()
        rest: list[int] = []
        for n, idx in enumerate(copies):
            if time.monotonic() > deadline:
                rest.extend(copies[n:])
                break
            if idx in fails or not self.compatible(idx, st.sheet):
                rest.append(idx)
                continue
            if not self.place(st, idx, direction):
                fails.add(idx)
                rest.append(idx)
        return rest

    # constructions -------------------------------------------------------------------
    def copies(self, noise: float) -> list[int]:
        out = []
        for idx, it in enumerate(self.items):
            out.extend([idx] * it.demand)
        r = self.rng

        def prio(idx: int) -> float:
            it = self.items[idx]
            base = self.area[idx] * (1.0 + 0.15 * min(it.min_level, 4))
            return base * (1.0 + noise * (r.random() - 0.5)) if noise else base

        keys = {}
        for idx in set(out):
            keys[idx] = prio(idx)
        return sorted(out, key=lambda i: (-keys[i], i))

    def sheet_order(self, noise: float) -> list[Sheet]:
        r = self.rng

        def key(s: Sheet):
            ratio = s.cost / max(self.usable[s.id], 1e-9)
            jitter = 1.0 + noise * (r.random() - 0.5) if noise else 1.0
            return (s.kind != "offcut", ratio * jitter, -self.usable[s.id] * jitter)

        return sorted(self.slots, key=key)

    def fill_best(
        self, sheet: Sheet, copies: list[int], trials: int, deadline: float
    ) -> tuple[SheetState, list[int]]:
        """Fill one sheet ``trials`` times (corner, order jitter) and keep the fullest."""
        best: tuple[SheetState, list[int]] | None = None
        dirs = list(range(4))
        self.rng.shuffle(dirs)
        for t in range(trials):
            if best is not None and time.monotonic() > deadline:
                break
            order = copies if t == 0 else self.jitter(copies, 0.3)
            st = self.state(sheet)
            rest = self.fill(st, order, dirs[t % 4], deadline)
            if best is None or st.piece_area > best[0].piece_area + 1e-9:
                best = (st, rest)
        assert best is not None
        return best

    def jitter(self, copies: list[int], noise: float) -> list[int]:
        keys = {i: self.area[i] * (1.0 + noise * (self.rng.random() - 0.5)) for i in set(copies)}
        return sorted(copies, key=lambda i: (-keys[i], i))

    def construct(self, noise: float, deadline: float, trials: int = 1) -> _Sol:
        copies = self.copies(noise)
        states: dict[str, SheetState] = {}
        for sheet in self.sheet_order(noise):
            if not copies or time.monotonic() > deadline:
                break
            if not any(self.compatible(i, sheet) for i in set(copies)):
                continue
            st, copies = self.fill_best(sheet, copies, trials, deadline)
            if st.pieces:
                states[sheet.id] = st
        return _Sol(states, copies)

    def greedy_first_fit(self) -> _Sol:
        """Baseline: each piece (largest first) at the bottom-left of the first hide it fits,
        hides in the order given, right angles only, no sliding and no search."""
        copies = self.copies(0.0)
        states: dict[str, SheetState] = {}
        unplaced = []
        for idx in copies:
            done = False
            for sheet in self.slots:
                if not self.compatible(idx, sheet):
                    continue
                st = states.get(sheet.id)
                new = st is None
                if new:
                    st = self.state(sheet)
                if self.place(st, idx, 2, coarse=True, compact=False, k=1):
                    states[sheet.id] = st
                    done = True
                    break
            if not done:
                unplaced.append(idx)
        return _Sol(states, unplaced)

    # local search --------------------------------------------------------------------
    def key(self, sol: _Sol):
        cost = sum(st.sheet.cost for st in sol.states.values())
        usable = sum(st.usable for st in sol.states.values())
        fills = sorted(st.piece_area / max(st.usable, 1e-9) for st in sol.states.values())
        low = fills[0] if fills else 0.0
        return (len(sol.unplaced), round(cost, 9), len(sol.states), round(usable, 3), low)

    def empty_weakest(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Try to move every piece of a lightly filled hide into the others' gaps."""
        if len(sol.states) < 2:
            return None
        order = sorted(sol.states.values(), key=lambda s: s.piece_area)
        victim = order[0] if self.rng.random() < 0.7 else self.rng.choice(order[:3])
        others = {k: v.clone() for k, v in sol.states.items() if k != victim.sheet.id}
        pieces = sorted((p[0] for p in victim.pieces), key=lambda i: -self.area[i])
        pieces += sol.unplaced
        targets = sorted(others.values(), key=lambda s: -(s.usable - s.piece_area))
        rest = pieces
        for st in targets:
            if not rest or time.monotonic() > deadline:
                break
            rest = self.fill(st, rest, self.rng.randrange(4), deadline)
        if rest:
            return None
        return _Sol(others, [])

    def downsize(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Swap a used hide for a smaller (or cheaper) unused one that holds all its pieces."""
        used = set(sol.states)
        for st in sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1)):
            if st.sheet.kind != "hide":
                continue
            pieces = sorted((p[0] for p in st.pieces), key=lambda i: -self.area[i])
            options = [
                s
                for s in self.slots
                if s.id not in used
                and (s.cost, self.usable[s.id]) < (st.sheet.cost, st.usable)
                and self.usable[s.id] >= st.piece_area * 1.05
                and all(self.compatible(i, s) for i in set(pieces))
            ]
            self.rng.shuffle(options)
            for cand in options[:2]:
                if time.monotonic() > deadline:
                    return None
                new = self.state(cand)
                rest = self.fill(new, pieces, self.rng.randrange(4), deadline)
                if not rest:
                    states = {k: v for k, v in sol.states.items() if k != st.sheet.id}
                    states[cand.id] = new
                    return _Sol(states, list(sol.unplaced))
        return None

    def search(self, time_limit: float) -> tuple[_Sol, int]:
        t0 = time.monotonic()
        deadline = t0 + time_limit
        # The first plan always completes, whatever the budget: a plan beats no plan.
        best = self.construct(0.0, math.inf, trials=1)
        best_key = self.key(best)
        iters = 1
        bound = _bound(self)
        while time.monotonic() < deadline:
            if not best.unplaced and best_key[1] <= bound + 1e-9:
                break  # as few hides as the area allows: nothing left to gain on the count
            iters += 1
            roll = self.rng.random()
            cand = None
            if roll < 0.45:
                cand = self.empty_weakest(best, deadline)
            elif roll < 0.6:
                cand = self.downsize(best, deadline)
            else:
                cand = self.construct(0.6, deadline, trials=self.trials)
                if time.monotonic() > deadline and cand.unplaced:
                    break
            if cand is None:
                continue
            k = self.key(cand)
            if k < best_key:
                best, best_key = cand, k
        return best, iters

    # reporting -----------------------------------------------------------------------
    def why_unplaced(self, idx: int, sol: _Sol) -> str:
        it = self.items[idx]
        sheets = [s for s in self.slots if self.compatible(idx, s)]
        if not sheets:
            mats = {s.material for s in self.slots}
            if it.material and it.material not in mats:
                return f"no hide of material {it.material} on hand"
            return f"no hide has leather of the required quality (level {it.min_level})"
        for s in sheets:
            if float(region_at_level(s, it.min_level).area) < self.area[idx]:
                continue
            st = self.state(s)
            if self.place(st, idx, 0, k=2):
                return (
                    f"no room left: it fits an empty hide ({s.id}) but all {len(self.slots)} "
                    "hides and offcuts on hand are taken"
                )
        return (
            "does not fit on any hide even when empty (too large for the leather of "
            f"quality level >= {it.min_level}, with the allowed orientations and gap)"
        )


def _copy_sheet(s: Sheet, new_id: str) -> Sheet:
    return Sheet(
        id=new_id,
        outline=s.outline,
        holes=s.holes,
        zones=s.zones,
        base_level=s.base_level,
        cost=s.cost,
        backbone_deg=s.backbone_deg,
        material=s.material,
        kind=s.kind,
    )


def _bound(n: _Nester) -> float:
    """Area lower bound on the cost of hides needed (offcuts are free)."""
    need = sum(n.area[i] * it.demand for i, it in enumerate(n.items))
    need -= sum(n.usable[s.id] for s in n.slots if s.kind == "offcut")
    if need <= 0:
        return 0.0
    hides = [s for s in n.slots if s.kind == "hide"]
    costs = {s.cost for s in hides}
    if len(costs) == 1:
        c = costs.pop()
        acc, k = 0.0, 0
        for a in sorted((n.usable[s.id] for s in hides), reverse=True):
            if acc >= need:
                break
            acc += a
            k += 1
        return c * k
    acc, cost = 0.0, 0.0
    for s in sorted(hides, key=lambda s: s.cost / max(n.usable[s.id], 1e-9)):
        take = min(n.usable[s.id], need - acc)
        if take <= 0:
            break
        cost += s.cost * take / n.usable[s.id]
        acc += take
    return cost


def _result(n: _Nester, sol: _Sol, t0: float, iters: int) -> NestResult:
    placements = []
    usage = []
    for sid, st in sol.states.items():
        for idx, angle, x, y, poly in st.pieces:
            it = n.items[idx]
            placements.append(
                Placement(
                    item_id=it.id,
                    sheet_id=sid,
                    x=float(x),
                    y=float(y),
                    angle=float(angle),
                    mirror=it.mirror,
                    level=st.level_under(poly),
                    outline=tuple(
                        (float(a), float(b)) for a, b in np.asarray(poly.exterior.coords)[:-1]
                    ),
                    piece=it.piece,
                    size=it.size,
                    side=it.side,
                    article=it.article,
                )
            )
        usage.append(SheetUsage(sid, st.sheet.kind, len(st.pieces), st.piece_area, st.usable))
    counts: dict[int, int] = {}
    for idx in sol.unplaced:
        counts[idx] = counts.get(idx, 0) + 1
    unplaced = tuple(
        Unplaced(n.items[idx].id, c, n.why_unplaced(idx, sol)) for idx, c in sorted(counts.items())
    )
    problem = dataclasses.replace(n.p, sheets=tuple(n.slots))
    violations = tuple(validate(problem, placements, unplaced))
    pairs: dict[tuple[str, str], int] = {}
    for it in n.items:
        if it.pairs:
            key = (it.article, it.size)
            pairs[key] = max(pairs.get(key, 0), it.pairs)
    status = "invalid" if violations else ("partial" if unplaced else "complete")
    return NestResult(
        status=status,
        objective=sum(st.sheet.cost for st in sol.states.values()),
        bound=_bound(n),
        runtime=time.monotonic() - t0,
        placements=tuple(placements),
        usage=tuple(usage),
        unplaced=unplaced,
        violations=violations,
        iterations=iters,
        pairs=pairs,
        stats={"resolution": n.grid.h, "evaluations": float(n.evals)},
    )


def solve(problem: NestProblem, *, time_limit: float = 30.0, seed: int = 0) -> NestResult:
    """Nest every demanded piece on the fewest / cheapest hides within ``time_limit`` s.

    Offcuts (cost 0) are filled first. Pieces that cannot be cut are returned in
    ``unplaced`` with the reason. Same seed and time budget on the same machine give the
    same plan up to timing (the search stops on the clock).
    """
    t0 = time.monotonic()
    if not problem.items or all(it.demand == 0 for it in problem.items):
        n = _Nester(problem, seed)
        return _result(n, _Sol({}, []), t0, 0)
    n = _Nester(problem, seed)
    remaining = max(0.0, time_limit - (time.monotonic() - t0))
    sol, iters = n.search(remaining)
    return _result(n, sol, t0, iters)


def solve_greedy(problem: NestProblem) -> NestResult:
    """The baseline the benchmark compares with: first-fit, bottom-left, no search."""
    t0 = time.monotonic()
    n = _Nester(problem, 0)
    return _result(n, n.greedy_first_fit(), t0, 1)


__all__ = ["solve", "solve_greedy"]
