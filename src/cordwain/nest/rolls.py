"""Fabric rolls (linings, textile uppers): strip packing with spyrrow behind our interface.

spyrrow (Python bindings of sparrow / jagua-rs) minimises the length used on a roll of fixed
width. Its layout is never trusted as is: every placement is rebuilt and checked with shapely
(inside the roll, no overlap, allowed angle) before it is returned.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

import numpy as np
import shapely

from .model import NestInputError, Ring, _check_valid, _ring


@dataclass(frozen=True)
class RollItem:
    id: str
    shape: Ring
    demand: int
    orientations: tuple[float, ...] | None = (0.0, 180.0)  # None = free rotation

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", _ring(self.shape, f"roll item {self.id!r}"))
        _check_valid(self.shape, f"roll item {self.id!r}")
        if self.demand < 1:
            raise NestInputError(f"roll item {self.id!r}: demand must be >= 1")


@dataclass(frozen=True)
class RollProblem:
    """Pieces to cut from a roll ``width`` wide (same unit as the shapes, mm for fabric)."""

    width: float
    items: tuple[RollItem, ...]
    gap: float = 0.0
    name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        if self.width <= 0:
            raise NestInputError("roll width must be positive")
        if not self.items:
            raise NestInputError("a roll plan needs at least one item")
        if self.gap < 0:
            raise NestInputError("gap must be >= 0")


@dataclass(frozen=True)
class RollPlacement:
    item_id: str
    x: float
    y: float
    angle: float
    outline: Ring


@dataclass(frozen=True)
class RollResult:
    status: str  # "complete" or "invalid"
    objective: float  # length used along the roll
    bound: float  # area bound on length: item area / width
    runtime: float
    placements: tuple[RollPlacement, ...]
    density: float
    violations: tuple[str, ...] = ()

    @property
    def metres(self) -> float:
        """Length used in metres when the shapes are in mm."""
        return self.objective / 1000.0


def check_roll(problem: RollProblem, placements, length: float) -> list[str]:
    """Independent check: inside [0, length] x [0, width], no overlap (gap), allowed angles."""
    out: list[str] = []
    items = {i.id: i for i in problem.items}
    tol = 1e-6 * max(problem.width, length)
    strip = shapely.box(-tol, -tol, length + tol, problem.width + tol)
    polys = []
    counts: dict[str, int] = {}
    for p in placements:
        it = items[p.item_id]
        counts[it.id] = counts.get(it.id, 0) + 1
        poly = shapely.Polygon(p.outline)
        if not strip.contains(poly):
            out.append(f"{p.item_id} at ({p.x:.2f}, {p.y:.2f}) leaves the roll")
        if it.orientations is not None and not any(
            abs((p.angle - a + 180) % 360 - 180) < 1e-3 for a in it.orientations
        ):
            out.append(f"{p.item_id}: angle {p.angle:.2f} not allowed")
        polys.append(poly)
    geoms = np.array(polys, dtype=object)
    if len(geoms):
        tree = shapely.STRtree(geoms)
        a_idx, b_idx = tree.query(geoms, predicate="intersects")
        for a, b in zip(a_idx, b_idx, strict=True):
            if a < b:
                ov = geoms[a].intersection(geoms[b]).area
                if ov > 1e-6 * min(geoms[a].area, geoms[b].area):
                    out.append(f"{placements[a].item_id} and {placements[b].item_id} overlap")
                elif problem.gap > 0 and geoms[a].distance(geoms[b]) < problem.gap - tol:
                    out.append(f"{placements[a].item_id} and {placements[b].item_id} too close")
    for it in problem.items:
        if counts.get(it.id, 0) != it.demand:
            out.append(f"{it.id}: {counts.get(it.id, 0)} cut, {it.demand} demanded")
    return out


def _outline(shape: Ring, angle: float, dx: float, dy: float) -> Ring:
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    return tuple((x * c - y * s + dx, x * s + y * c + dy) for x, y in shape)


def _narrowest(it: RollItem) -> float:
    """The least height across the roll the piece can take in its allowed angles."""
    if it.orientations is None:
        # Free rotation: the minimum-width rectangle's short side (rotating calipers).
        box = shapely.Polygon(it.shape).minimum_rotated_rectangle
        xs, ys = box.exterior.coords.xy
        sides = [math.hypot(xs[k + 1] - xs[k], ys[k + 1] - ys[k]) for k in range(2)]
        return min(sides)
    heights = []
    for a in it.orientations:
        o = _outline(it.shape, a, 0.0, 0.0)
        heights.append(max(y for _, y in o) - min(y for _, y in o))
    return min(heights)


def solve_roll(
    problem: RollProblem, *, time_limit: float = 30.0, seed: int = 0, workers: int | None = None
) -> RollResult:
    """Pack every piece on the roll with the least length (spyrrow), then validate.

    ``workers`` threads search in parallel (default: every core of the machine); on the
    classic ESICUP rolls a second thread buys more density in 30 s than anything else.
    """
    import spyrrow

    t0 = time.monotonic()
    for it in problem.items:
        narrowest = _narrowest(it)
        # sparrow cannot place a piece exactly as wide as the roll either (it panics).
        if narrowest >= problem.width * (1 - 1e-6):
            raise NestInputError(
                f"roll item {it.id!r} is wider than the roll in every allowed angle "
                f"(narrowest {narrowest:.2f}, roll {problem.width:.2f}; it needs some room)"
            )
    items = [
        spyrrow.Item(
            it.id,
            list(it.shape),
            demand=it.demand,
            allowed_orientations=None if it.orientations is None else list(it.orientations),
        )
        for it in problem.items
    ]
    inst = spyrrow.StripPackingInstance(problem.name or "roll", problem.width, items)
    config = spyrrow.StripPackingConfig(
        early_termination=True,
        total_computation_time=max(1, int(time_limit)),
        num_workers=workers if workers is not None else (os.cpu_count() or 1),
        seed=seed,
        min_items_separation=problem.gap or None,
    )
    try:
        sol = inst.solve(config)
    except BaseException as exc:  # pyo3's PanicException derives from BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise NestInputError(f"roll {problem.name or ''}: spyrrow gave up: {exc}") from exc
    shapes = {it.id: it.shape for it in problem.items}
    placements = tuple(
        RollPlacement(
            p.id,
            float(p.translation[0]),
            float(p.translation[1]),
            float(p.rotation),
            _outline(shapes[p.id], p.rotation, p.translation[0], p.translation[1]),
        )
        for p in sol.placed_items
    )
    return _roll_result(problem, placements, t0)


def _roll_result(problem: RollProblem, placements, t0: float) -> RollResult:
    xs = [q[0] for p in placements for q in p.outline] or [0.0]
    length = max(xs)
    area = sum(shapely.Polygon(it.shape).area * it.demand for it in problem.items)
    violations = tuple(check_roll(problem, list(placements), length))
    return RollResult(
        status="invalid" if violations else "complete",
        objective=length,
        bound=area / problem.width,
        runtime=time.monotonic() - t0,
        placements=tuple(placements),
        density=area / (length * problem.width) if length > 0 else 0.0,
        violations=violations,
    )


def solve_roll_shelf(problem: RollProblem) -> RollResult:
    """The baseline: bounding boxes in columns along the roll, tallest first, no nesting."""
    t0 = time.monotonic()
    boxes = []
    for it in problem.items:
        best = None
        for a in it.orientations or (0.0, 90.0):
            o = _outline(it.shape, a, 0.0, 0.0)
            x0, y0, x1, y1 = shapely.Polygon(o).bounds
            if y1 - y0 > problem.width + 1e-9:
                continue
            cand = (x1 - x0, y1 - y0, a, x0, y0)
            if best is None or cand[0] * cand[1] < best[0] * best[1] - 1e-9:
                best = cand
        if best is None:
            raise NestInputError(f"roll item {it.id!r} is wider than the roll in every angle")
        boxes.extend([(it, best)] * it.demand)
    boxes.sort(key=lambda b: -b[1][0])
    placements = []
    col_x, col_w, y = 0.0, 0.0, 0.0
    g = problem.gap
    for it, (w, h, a, x0, y0) in boxes:
        if y + h > problem.width + 1e-9:
            col_x += col_w + g
            col_w, y = 0.0, 0.0
        dx, dy = col_x - x0, y - y0
        placements.append(RollPlacement(it.id, dx, dy, a, _outline(it.shape, a, dx, dy)))
        y += h + g
        col_w = max(col_w, w)
    return _roll_result(problem, placements, t0)
