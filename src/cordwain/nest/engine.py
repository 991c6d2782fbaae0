"""The hide nesting engine: which hides a batch opens and where every piece is cut.

Constructive start: biggest and most quality-demanding pieces first, each on the fullest open
hide that takes it (best fit; on big batches hides are filled one at a time instead), at the
raster position touching the most edge and neighbours, then slid exactly into place.
Local search, inside the time budget and from the seed, always keeping the best plan:
emptying the lightest hide into the gaps of the others (straight in, or by shuffling a few
neighbours), pushing a big piece onto a fuller hide and sending what no longer fits back,
re-cutting two hides together so one gets fuller, working a hide's pieces into the others
while they wait aside (closing one hide), swapping a hide for a smaller unused one, and, when
all that stalls, a randomised rebuild. The last share of the budget is a finishing sweep that
offers every part-used hide each smaller unused one that holds its pieces. Plans are compared
on unplaced pieces, cost, hides, leather opened, then how much the pieces are gathered on few
hides. Every returned layout goes through the independent validator.

On small batches the sequential construction fills each hide several times (corner and
order varied) and keeps the fullest, freely turning pieces drawn askew are also tried
squared up, and with ``workers`` > 1 several seeds search at once in their own processes,
the best validated plan winning.
"""

from __future__ import annotations

import dataclasses
import math
import random
import time
from dataclasses import dataclass

import numpy as np
import shapely

from .model import ItemType, NestProblem, NestResult, Placement, Sheet, SheetUsage, Unplaced
from .raster import Grid, SheetState, angles_for, region_at_level, transform
from .validate import validate

#: Above this many pieces the best-fit construction (every piece tries every open hide)
#: costs more than it brings.
BEST_FIT_MAX = 400
#: Trials per sheet in the sequential construction of a small batch.
TRIALS = 6
#: Also try the angles that square up a freely turning piece drawn askew.
SQUARE_UP = True
#: Share of the search budget kept for the finishing sweep onto smaller hides, and the
#: fills tried per (hide, smaller hide) pair in it.
SETTLE_SHARE = 0.15
SETTLE_TRIES = 3


@dataclass
class _Sol:
    states: dict[str, SheetState]
    unplaced: list[int]


class _Nester:
    def __init__(self, problem: NestProblem, seed: int):
        self.p = problem
        self.items = [it for it in problem.items]
        self.slots: list[Sheet] = _slots(problem)
        self.by_id = {s.id: s for s in self.slots}
        self.grid = Grid(self.slots, self.items, problem.gap, problem.resolution)
        self.rng = random.Random(seed)
        self.area = [it.area for it in self.items]
        self.n_pieces = sum(it.demand for it in self.items)
        self.usable = {s.id: float(region_at_level(s, 1).area) for s in self.slots}
        self.angle_cache: dict[tuple[int, str], list[float]] = {}
        self.fresh: dict[str, SheetState] = {}
        self.evals = 0
        # Layouts a sheet is filled with in a sequential construction, keeping the fullest:
        # worth it on small batches (each trial costs a fill), not on thousands of pieces.
        self.trials = TRIALS if self.n_pieces <= BEST_FIT_MAX else 1
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
                if it.orientations is None and SQUARE_UP:
                    a = a + square_angles(it, a)
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
        angles = tuple(self.angles(idx, st.sheet, coarse))
        self.evals += len(angles)
        cands = st.candidates(it, angles, level, direction, k, contact=compact)
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

    def construct_best_fit(self, noise: float, deadline: float) -> _Sol:
        """Biggest pieces first, each on the fullest open hide that takes it; a new hide is
        opened only when none does. The small pieces come last and fill the gaps of every
        hide, not only of the last ones opened."""
        copies = self.copies(noise)
        order = self.sheet_order(noise)
        states: dict[str, SheetState] = {}
        unplaced: list[int] = []
        for n, idx in enumerate(copies):
            if time.monotonic() > deadline:
                unplaced.extend(copies[n:])
                break
            lvl = self.items[idx].min_level
            open_ = sorted(
                (st for st in states.values() if self.compatible(idx, st.sheet)),
                key=lambda st: -st.piece_area / max(st.usable, 1e-9),
            )
            done = False
            for st in open_:
                if self.area[idx] <= st.free_area(lvl) + 1e-9 and self.place(
                    st, idx, self.rng.randrange(4) if noise else 0
                ):
                    done = True
                    break
            if not done:
                for sheet in order:
                    if sheet.id in states or not self.compatible(idx, sheet):
                        continue
                    st = self.state(sheet)
                    if self.place(st, idx, 0):
                        states[sheet.id] = st
                        done = True
                        break
            if not done:
                unplaced.append(idx)
        return _Sol(states, unplaced)

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
        """Fewer unplaced, then cheaper, fewer and smaller hides; for the same hides, pieces
        gathered on fewer hides (sum of squared yields) so the emptiest one can be closed."""
        cost = sum(st.sheet.cost for st in sol.states.values())
        usable = sum(st.usable for st in sol.states.values())
        spread = sum((st.piece_area / max(st.usable, 1e-9)) ** 2 for st in sol.states.values())
        return (len(sol.unplaced), round(cost, 9), len(sol.states), round(usable, 3), -spread)

    def prio_sorted(self, pieces: list[int], noise: float) -> list[int]:
        """Biggest and most demanding first, with a little noise for a different order."""
        keys = {}
        for i in set(pieces):
            k = self.area[i] * (1.0 + 0.15 * min(self.items[i].min_level, 4))
            keys[i] = k * (1.0 + noise * (self.rng.random() - 0.5)) if noise else k
        return sorted(pieces, key=lambda i: (-keys[i], i))

    def repack(
        self, sheet: Sheet, pieces: list[int], deadline: float, tries: int, lead: int | None = None
    ) -> SheetState | None:
        """Cut all of ``pieces`` on an empty ``sheet`` (``lead`` first), or None."""
        for t in range(tries):
            if time.monotonic() > deadline:
                return None
            order = self.prio_sorted(pieces, 0.0 if t == 0 else 0.5)
            if lead is not None:
                order.remove(lead)
                order.insert(0, lead)
            st = self.state(sheet)
            d = self.rng.randrange(4)
            for idx in order:
                if not self.place(st, idx, d):
                    break
            else:
                return st
        return None

    def squeeze_in(self, st: SheetState, idx: int, deadline: float, tries: int):
        """Make room for one more piece on a cut sheet: take off a few neighbouring pieces
        around a random spot, cut the newcomer first, then put the neighbours back."""
        if not st.pieces:
            return None
        cents = np.array([p[4].centroid.coords[0] for p in st.pieces])
        for _ in range(tries):
            if time.monotonic() > deadline:
                return None
            k = self.rng.randrange(len(st.pieces))
            r = min(len(st.pieces), self.rng.choice((1, 2, 2, 3, 4)))
            near = np.argsort(((cents - cents[k]) ** 2).sum(axis=1))[:r]
            new = st.clone()
            gone = [p[0] for p in new.remove([int(x) for x in near])]
            if self.area[idx] > new.free_area(self.items[idx].min_level) + 1e-9:
                continue
            d = self.rng.randrange(4)
            if all(self.place(new, i, d) for i in [idx, *self.prio_sorted(gone, 0.3)]):
                return new
        return None

    def empty_weakest(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Move the pieces of a lightly filled hide into the others: straight into a gap,
        else by shuffling a few neighbours, else by re-cutting the whole target hide.
        Keeps the moves that worked, even when the hide cannot be emptied in one go."""
        if len(sol.states) < 2:
            return None
        order = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1e-9))
        roll = self.rng.random()
        victim = order[0] if roll < 0.6 else self.rng.choice(order[: min(3, len(order))])
        vid = victim.sheet.id
        states = dict(sol.states)
        moved: list[int] = []
        ks = sorted(range(len(victim.pieces)), key=lambda k: -self.area[victim.pieces[k][0]])
        for k in ks:
            if time.monotonic() > deadline:
                break
            idx = victim.pieces[k][0]
            lvl = self.items[idx].min_level
            targets = [
                st
                for sid, st in states.items()
                if sid != vid
                and self.compatible(idx, st.sheet)
                and self.area[idx] <= st.free_area(lvl) + 1e-9
            ]
            self.rng.shuffle(targets)
            targets.sort(key=lambda s: s.piece_area / max(s.usable, 1e-9))
            done = None
            for st in targets:
                new = st.clone()
                if self.place(new, idx, self.rng.randrange(4)):
                    done = new
                    break
            if done is None:
                for st in targets[:3]:
                    done = self.squeeze_in(st, idx, deadline, tries=3)
                    if done is None and self.rng.random() < 0.5:
                        pieces = [p[0] for p in st.pieces] + [idx]
                        done = self.repack(st.sheet, pieces, deadline, tries=1, lead=idx)
                    if done is not None:
                        break
            if done is not None:
                states[done.sheet.id] = done
                moved.append(k)
        if not moved:
            return None
        if len(moved) == len(victim.pieces):
            del states[vid]
        else:
            rest = victim.clone()
            rest.remove(moved)
            states[vid] = rest
        return _Sol(states, list(sol.unplaced))

    def push_into(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Move one big piece of a light hide onto a fuller one, re-cutting the fuller hide
        with the newcomer first; the pieces it then has no room for go to the other hides'
        gaps or back to the light hide (an exchange)."""
        if len(sol.states) < 2:
            return None
        order = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1e-9))
        victim = (
            order[0] if self.rng.random() < 0.5 else self.rng.choice(order[: min(4, len(order))])
        )
        ks = sorted(range(len(victim.pieces)), key=lambda k: -self.area[victim.pieces[k][0]])
        k = self.rng.choice(ks[: min(3, len(ks))])
        idx = victim.pieces[k][0]
        targets = [s for s in order if s is not victim and self.compatible(idx, s.sheet)]
        if not targets:
            return None
        target = self.rng.choice(targets)
        st = self.state(target.sheet)
        if not self.place(st, idx, self.rng.randrange(4)):
            return None
        rest = [p[0] for p in target.pieces]
        over = self.fill(st, self.prio_sorted(rest, 0.3), self.rng.randrange(4), deadline)
        if st.piece_area <= target.piece_area + 1e-9 or time.monotonic() > deadline:
            return None
        states = dict(sol.states)
        states[target.sheet.id] = st
        light = victim.clone()
        light.remove([k])
        states[victim.sheet.id] = light
        for o in self.prio_sorted(over, 0.0):
            lvl = self.items[o].min_level
            homes = [
                s
                for sid, s in states.items()
                if sid not in (target.sheet.id, victim.sheet.id)
                and self.compatible(o, s.sheet)
                and self.area[o] <= s.free_area(lvl) + 1e-9
            ]
            homes.sort(key=lambda s: -s.piece_area / max(s.usable, 1e-9))
            homes.append(states[victim.sheet.id])
            for h in homes:
                if not self.compatible(o, h.sheet):
                    continue
                new = h.clone()
                if self.place(new, o, self.rng.randrange(4)):
                    states[h.sheet.id] = new
                    break
            else:
                return None
        if not states[victim.sheet.id].pieces:
            del states[victim.sheet.id]
        return _Sol(states, list(sol.unplaced))

    def kick_in(self, st: SheetState, idx: int) -> tuple[SheetState, list[int]] | None:
        """Cut ``idx`` on a cut sheet by taking off a few pieces around a random spot; the
        ones that do not fit back are returned to be cut elsewhere."""
        if not st.pieces:
            return None
        cents = np.array([p[4].centroid.coords[0] for p in st.pieces])
        k = self.rng.randrange(len(st.pieces))
        r = min(len(st.pieces), self.rng.choice((1, 1, 2, 2, 3)))
        near = np.argsort(((cents - cents[k]) ** 2).sum(axis=1))[:r]
        new = st.clone()
        gone = [p[0] for p in new.remove([int(x) for x in near])]
        if self.area[idx] > new.free_area(self.items[idx].min_level) + 1e-9:
            return None
        d = self.rng.randrange(4)
        if not self.place(new, idx, d):
            return None
        out = [i for i in self.prio_sorted(gone, 0.3) if not self.place(new, i, d)]
        return new, out

    def close_one(self, sol: _Sol, deadline: float, budget: float) -> _Sol | None:
        """Try the plan with one hide fewer: the pieces of a light hide wait aside and are
        worked into the others, straight into gaps or by kicking out smaller pieces (which
        then wait in turn), while the waiting area keeps shrinking; None if time runs out."""
        if len(sol.states) < 2:
            return None
        end = min(deadline, time.monotonic() + budget)
        order = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1e-9))
        victim = order[0] if self.rng.random() < 0.7 else order[1]
        states = {k: v for k, v in sol.states.items() if k != victim.sheet.id}
        pending = [p[0] for p in victim.pieces] + list(sol.unplaced)
        tabu: dict[int, int] = {}
        while pending and time.monotonic() < end:
            pending = self.prio_sorted(pending, 0.5)
            idx = pending[0] if self.rng.random() < 0.7 else self.rng.choice(pending)
            lvl = self.items[idx].min_level
            homes = [s for s in states.values() if self.compatible(idx, s.sheet)]
            if not homes:
                return None
            self.rng.shuffle(homes)
            done = False
            for h in homes:
                if self.area[idx] > h.free_area(lvl) + 1e-9:
                    continue
                new = h.clone()
                if self.place(new, idx, self.rng.randrange(4)):
                    states[h.sheet.id] = new
                    pending.remove(idx)
                    done = True
                    break
            if done:
                continue
            h = self.rng.choice(homes)
            got = self.kick_in(h, idx)
            if got is None:
                continue
            new, out = got
            out_area = sum(self.area[i] for i in out)
            # The waiting area must shrink, or stay level now and then to move on.
            if out_area < self.area[idx] - 1e-9 or (
                out_area <= self.area[idx] + 1e-9 and tabu.get(idx, 0) < 3
            ):
                tabu[idx] = tabu.get(idx, 0) + 1
                states[h.sheet.id] = new
                pending.remove(idx)
                pending.extend(out)
        if pending:
            return None
        return _Sol(states, [])

    def pair_recut(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Re-cut two hides together: the fuller one is filled to saturation from the pieces
        of both (a random order each try), the other takes what is left or is closed."""
        if len(sol.states) < 2:
            return None
        order = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1e-9))
        low = order[0] if self.rng.random() < 0.5 else self.rng.choice(order[: min(3, len(order))])
        others = [s for s in order if s is not low]
        # The two lightest hides together often fit on one: try that pair first.
        high = others[0] if self.rng.random() < 0.3 else self.rng.choice(others)
        pool = [p[0] for p in low.pieces] + [p[0] for p in high.pieces]
        best: tuple[float, SheetState, SheetState | None] | None = None
        for _t in range(2):
            if time.monotonic() > deadline:
                break
            st = self.state(high.sheet)
            rest = self.fill(st, self.prio_sorted(pool, 0.6), self.rng.randrange(4), deadline)
            if st.piece_area <= high.piece_area + 1e-6 * high.usable:
                continue
            if any(not self.compatible(i, low.sheet) for i in rest):
                continue
            other = self.repack(low.sheet, rest, deadline, tries=2) if rest else None
            if rest and other is None:
                continue
            if best is None or st.piece_area > best[0]:
                best = (st.piece_area, st, other)
        if best is None:
            return None
        states = dict(sol.states)
        states[high.sheet.id] = best[1]
        if best[2] is None:
            del states[low.sheet.id]
        else:
            states[low.sheet.id] = best[2]
        return _Sol(states, list(sol.unplaced))

    def smaller_unused(self, st: SheetState, used: set[str]) -> list[Sheet]:
        """Unused sheets cheaper or smaller than ``st``'s with room (by area) and the leather
        every piece on it may be cut from."""
        kinds = {p[0] for p in st.pieces}
        return [
            s
            for s in self.slots
            if s.id not in used
            and (s.cost, self.usable[s.id]) < (st.sheet.cost, st.usable)
            and self.usable[s.id] >= st.piece_area * 1.02
            and all(self.compatible(i, s) for i in kinds)
        ]

    def downsize(self, sol: _Sol, deadline: float) -> _Sol | None:
        """Swap a used hide for a smaller (or cheaper) unused one that holds all its pieces."""
        used = set(sol.states)
        hides = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1))
        if len(hides) > 1 and self.rng.random() < 0.5:
            self.rng.shuffle(hides)
        for st in hides:
            if st.sheet.kind != "hide":
                continue
            pieces = [p[0] for p in st.pieces]
            options = self.smaller_unused(st, used)
            # Smallest first: the aim is less leather opened for the same pieces.
            options.sort(
                key=lambda s: (s.cost, self.usable[s.id] * (0.8 + 0.4 * self.rng.random()))
            )
            for cand in options[:3]:
                if time.monotonic() > deadline:
                    return None
                new = self.repack(cand, pieces, deadline, tries=2)
                if new is not None:
                    states = {k: v for k, v in sol.states.items() if k != st.sheet.id}
                    states[cand.id] = new
                    return _Sol(states, list(sol.unplaced))
        return None

    def settle(self, sol: _Sol, deadline: float) -> _Sol:
        """The finishing sweep: every hide, emptiest first, is offered every smaller unused
        hide, smallest first, and moves there when all its pieces can be cut on it again.

        The random moves try a swap only now and then, a few hides at a time; at the end of
        the search every pair is tried, since a part-used big hide (the last one opened,
        typically) costs the most yield for the pieces it holds.
        """
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            used = set(sol.states)
            hides = sorted(sol.states.values(), key=lambda s: s.piece_area / max(s.usable, 1))
            for st in hides:
                if st.sheet.kind != "hide":
                    continue
                pieces = [p[0] for p in st.pieces]
                options = sorted(
                    self.smaller_unused(st, used), key=lambda s: (s.cost, self.usable[s.id])
                )
                for cand in options:
                    if time.monotonic() > deadline:
                        return sol
                    new = self.repack(cand, pieces, deadline, tries=SETTLE_TRIES)
                    if new is not None:
                        states = {k: v for k, v in sol.states.items() if k != st.sheet.id}
                        states[cand.id] = new
                        sol = _Sol(states, list(sol.unplaced))
                        improved = True
                        break
                if improved:
                    break
        return sol

    def search(self, time_limit: float) -> tuple[_Sol, int]:
        t0 = time.monotonic()
        deadline = t0 + time_limit
        # The last share of the budget goes to the finishing sweep (``settle``).
        settle_at = t0 + (1.0 - SETTLE_SHARE) * time_limit
        settled = False
        # The first plan always completes, whatever the budget: a plan beats no plan.
        # Best fit starts better on hides holding a few big pieces each; on big batches
        # each piece would try every open hide, so there the sequential fill comes first.
        small = self.n_pieces <= BEST_FIT_MAX
        if small:
            best = self.construct_best_fit(0.0, math.inf)
        else:
            best = self.construct(0.0, math.inf, trials=1)
        best_key = self.key(best)
        if small and time.monotonic() < deadline:
            cand = self.construct(0.0, deadline, trials=self.trials)
            if self.key(cand) < best_key:
                best, best_key = cand, self.key(cand)
        iters = 1
        stale = 0
        while time.monotonic() < deadline:
            if not settled and time.monotonic() >= settle_at:
                settled = True
                cand = self.settle(best, deadline)
                if self.key(cand) < best_key:
                    best, best_key = cand, self.key(cand)
                continue
            iters += 1
            stale += 1
            # Until the sweep has run, no move may run into its share of the budget.
            until = deadline if settled else settle_at
            # Rebuilds cost a whole plan and seldom beat a plan that local search polished:
            # only when the local moves have stalled.
            roll = self.rng.random() * (1.0 if stale > 20 else 0.9)
            cand = None
            if roll < 0.35:
                cand = self.empty_weakest(best, until)
            elif roll < 0.45:
                # Long and seldom successful, but the only move that lets pieces wait aside
                # while others make room: a small share of the time.
                left = until - time.monotonic()
                cand = self.close_one(best, until, max(2.0, 0.05 * left))
            elif roll < 0.65:
                cand = self.push_into(best, until)
            elif roll < 0.8:
                cand = self.pair_recut(best, until)
            elif roll < 0.9:
                cand = self.downsize(best, until)
            else:
                if self.n_pieces <= BEST_FIT_MAX and self.rng.random() < 0.5:
                    cand = self.construct_best_fit(0.6, until)
                else:
                    cand = self.construct(0.6, until, trials=self.trials if small else 1)
                if time.monotonic() > deadline and cand.unplaced:
                    break
            if cand is None:
                continue
            k = self.key(cand)
            if k < best_key:
                best, best_key = cand, k
                stale = 0
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


def square_angles(item: ItemType, have: list[float], tol: float = 1.0) -> list[float]:
    """For a freely turning piece drawn askew, the four angles that square it up (the sides
    of its smallest enclosing rectangle along x and y), less those within ``tol`` degrees of
    ``have``: a fixed step of 45 degrees never squares up a piece drawn at 17 degrees, and
    squared-up pieces are what sit snugly side by side."""
    ring = transform(np.asarray(item.shape), item.mirror, 0.0)
    rect = np.asarray(shapely.minimum_rotated_rectangle(shapely.Polygon(ring)).exterior.coords)
    ex, ey = rect[1] - rect[0]
    base = -math.degrees(math.atan2(ey, ex))
    out: list[float] = []
    for k in range(4):
        a = round((base + 90.0 * k) % 360.0, 6)
        if all(abs((a - b + 180.0) % 360.0 - 180.0) > tol for b in [*have, *out]):
            out.append(a)
    return out


def _slots(problem: NestProblem) -> list[Sheet]:
    """One sheet per piece of stock (a sheet in stock k times becomes k sheets)."""
    out: list[Sheet] = []
    for s in problem.sheets:
        if s.stock == 1:
            out.append(s)
        else:
            out.extend(_copy_sheet(s, f"{s.id}#{k + 1}") for k in range(s.stock))
    return out


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


def solve(
    problem: NestProblem, *, time_limit: float = 30.0, seed: int = 0, workers: int = 1
) -> NestResult:
    """Nest every demanded piece on the fewest / cheapest hides within ``time_limit`` s.

    Offcuts (cost 0) are filled first. Pieces that cannot be cut are returned in
    ``unplaced`` with the reason. Same seed and time budget on the same machine give the
    same plan up to timing (the search stops on the clock). With ``workers`` > 1 a small
    batch is searched from that many seeds at once, one process each (the first one with
    ``seed``), and the best validated plan is kept.
    """
    t0 = time.monotonic()
    if not problem.items or all(it.demand == 0 for it in problem.items):
        n = _Nester(problem, seed)
        return _result(n, _Sol({}, []), t0, 0)
    pieces = sum(it.demand for it in problem.items)
    if workers > 1 and pieces <= BEST_FIT_MAX and time_limit >= MULTI_START_MIN_S:
        res = _solve_multi(problem, time_limit, seed, workers, t0)
        if res is not None:
            return res
    n = _Nester(problem, seed)
    remaining = max(0.0, time_limit - (time.monotonic() - t0))
    sol, iters = n.search(remaining)
    return _result(n, sol, t0, iters)


#: Below this budget, starting worker processes costs more of it than they bring.
MULTI_START_MIN_S = 8.0


def _start(problem: NestProblem, end: float, seed: int) -> NestResult:
    """One seed of a multi-start, in its own process, until the wall-clock ``end``."""
    from . import raster

    # The processes share the cores: one FFT thread each.
    raster.WORKERS = 1
    return solve(problem, time_limit=max(0.5, end - time.time()), seed=seed)


def _rank(problem: NestProblem, res: NestResult):
    """Sound plans first, then fewer unplaced, cheaper, fewer and smaller hides, fuller."""
    whole = dataclasses.replace(problem, sheets=tuple(_slots(problem)))
    again = validate(whole, res.placements, res.unplaced)
    return (
        bool(again or res.violations),
        sum(u.count for u in res.unplaced),
        round(res.objective, 9),
        len(res.usage),
        round(sum(u.usable_area for u in res.usage), 3),
        -res.mean_utilisation,
    )


def _solve_multi(
    problem: NestProblem, time_limit: float, seed: int, workers: int, t0: float
) -> NestResult | None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # Wall clock, not monotonic: the deadline crosses process boundaries.
    end = time.time() + time_limit - (time.monotonic() - t0) - 1.0
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as ex:
            futs = [ex.submit(_start, problem, end, seed + k) for k in range(workers)]
            results = [f.result() for f in futs]
    except (OSError, RuntimeError):  # no processes to be had here: search in this one
        return None
    # Every plan is validated again here, from the raw problem, before one is kept.
    best = min(results, key=lambda r: _rank(problem, r))
    return dataclasses.replace(
        best,
        runtime=time.monotonic() - t0,
        iterations=sum(r.iterations for r in results),
    )


def solve_greedy(problem: NestProblem) -> NestResult:
    """The baseline the benchmark compares with: first-fit, bottom-left, no search."""
    t0 = time.monotonic()
    n = _Nester(problem, 0)
    return _result(n, n.greedy_first_fit(), t0, 1)


__all__ = ["solve", "solve_greedy"]
