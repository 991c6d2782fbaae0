"""Nest a bin-packing (hides) or strip-packing (roll) instance file, outside any workshop.

The public jagua-rs / sparrow JSON instances (baldacci leather hides, ESICUP rolls) are how
anyone can re-check the nesting engines against published work; ``cordwain nest hides`` and
``cordwain nest strip`` call these. Nothing is stored. The machine-readable answer uses the
instance's own ids and coordinates and the placement convention of jagua-rs and spyrrow: the
item's shape, mirrored in x first when ``mirror`` is true, then rotated by ``rotation``
degrees about the origin, then translated by ``(x, y)``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cordwain import nest

from .errors import ServiceError
from .workshop import Progress, _quiet, with_clock

T = TypeVar("T")
STRIP_BIN = "strip"


@dataclass(frozen=True)
class InstanceReport:
    """What a nesting of an instance file gives: the summary, the layout and drawings."""

    name: str
    kind: str  # "hides" or "strip"
    layout: dict[str, Any]  # bins_used, utilisation, unplaced, placements (instance ids)
    sheets: list[dict[str, Any]]  # per hide/strip: id, pieces, utilisation (strip: length)
    violations: tuple[str, ...]
    runtime: float
    baseline: dict[str, Any] = field(default_factory=dict)
    files: tuple[Path, ...] = ()


def _raw_ids(path: Path, key: str) -> dict[str, Any]:
    """Our string ids back to the instance's own ids (jagua-rs numbers them)."""
    raw = json.loads(path.read_text())
    return {str(x.get("id", n)): x.get("id", n) for n, x in enumerate(raw.get(key, []))}


def _check_file(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise ServiceError(f"{path}: no such instance file")
    return path


def nest_hide_instance(
    path: Path,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    svg_dir: Path | None = None,
    progress: Progress = _quiet,
) -> InstanceReport:
    """Nest a jagua-rs bin-packing instance (hides with quality zones) on the fewest hides.

    The first-fit bottom-left baseline runs too, so the answer says what the search bought.
    Every layout is validated independently before it is returned.
    """
    if time_limit <= 0:
        raise ServiceError(f"the time limit must be positive, got {time_limit}")
    path = _check_file(path)
    progress("reading the instance", 0, 100)
    try:
        problem = nest.load_jagua_bins(path)
    except nest.NestInputError as exc:
        raise ServiceError(str(exc)) from exc
    t0 = time.monotonic()
    base = nest.solve_greedy(problem)
    result = with_clock(
        # Two seeds searched at once where the machine has the cores (the engine's multistart).
        lambda: nest.solve(problem, time_limit=time_limit, seed=seed,
                           workers=min(2, os.cpu_count() or 1)),
        "nesting", time_limit, progress,
    )  # fmt: skip
    items, bins = _raw_ids(path, "items"), _raw_ids(path, "bins")
    layout = nest.plan_summary(result)
    for p in layout["placements"]:
        p["item_id"] = items.get(p["item_id"], p["item_id"])
        sheet = str(p["bin_id"])
        # A bin with stock > 1 is opened as "id#k"; the instance knows only "id".
        base_id, _, copy = sheet.partition("#")
        p["bin_id"] = bins.get(base_id, base_id)
        if copy:
            p["bin_copy"] = int(copy)
    for u in layout["unplaced"]:
        u["item_id"] = items.get(u["item_id"], u["item_id"])
    sheets = [
        {"bin_id": u.sheet_id, "pieces": u.pieces, "utilisation": round(u.utilisation, 4)}
        for u in result.usage
    ]
    files: list[Path] = []
    if svg_dir is not None:
        progress("drawing", 97, 100)
        svg_dir = Path(svg_dir)
        svg_dir.mkdir(parents=True, exist_ok=True)
        for u in result.usage:
            # Sheet ids come from the instance file, so keep only safe characters in names.
            safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in u.sheet_id)
            out = svg_dir / f"{problem.name or path.stem}_hide_{safe}.svg"
            out.write_text(nest.plan_svg(problem, result, u.sheet_id))
            files.append(out)
    progress("done", 100, 100)
    return InstanceReport(
        name=problem.name or path.stem, kind="hides", layout=layout, sheets=sheets,
        violations=tuple(result.violations), runtime=round(time.monotonic() - t0, 2),
        baseline={"bins_used": base.hides_used, "utilisation": round(base.utilisation, 6),
                  "placed": len(base.placements)},
        files=tuple(files),
    )  # fmt: skip


def _strip_svg(problem: nest.RollProblem, result: nest.RollResult) -> str:
    """The roll seen from above: its width across, the pieces along it, labelled by id."""
    length = max(result.objective, 1e-9)
    scale = 1200.0 / length
    w, h = 1200.0, problem.width * scale
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.1f} {h:.1f}">',
        f'<rect width="{w:.1f}" height="{h:.1f}" fill="#f4efe6" stroke="#555"/>',
    ]
    for p in result.placements:
        pts = " ".join(f"{x * scale:.1f},{h - y * scale:.1f}" for x, y in p.outline)
        cx = sum(x for x, _ in p.outline) / len(p.outline) * scale
        cy = h - sum(y for _, y in p.outline) / len(p.outline) * scale
        parts.append(
            f'<polygon points="{pts}" fill="#8fb3d9" stroke="#1d3557" stroke-width="0.6"/>'
            f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="9" text-anchor="middle">'
            f"{p.item_id}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def nest_strip_instance(
    path: Path,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    svg_dir: Path | None = None,
    progress: Progress = _quiet,
) -> InstanceReport:
    """Pack a strip-packing instance (a fabric roll of fixed width) in the least length.

    spyrrow searches; the result is re-validated with shapely. The shelf packer (bounding
    boxes in columns) is the baseline in the same call.
    """
    if time_limit <= 0:
        raise ServiceError(f"the time limit must be positive, got {time_limit}")
    path = _check_file(path)
    progress("reading the instance", 0, 100)
    try:
        name, width, raw_items = nest.load_jagua_strip(path)
        problem = nest.RollProblem(
            width=width,
            items=tuple(
                nest.RollItem(i["id"], i["shape"], i["demand"],
                              None if i["orientations"] is None else tuple(i["orientations"]))
                for i in raw_items
            ),
            name=name,
        )  # fmt: skip
        base = nest.solve_roll_shelf(problem)
    except nest.NestInputError as exc:
        raise ServiceError(str(exc)) from exc
    t0 = time.monotonic()
    result = with_clock(
        lambda: nest.solve_roll(problem, time_limit=time_limit, seed=seed), "packing",
        time_limit, progress,
    )  # fmt: skip
    items = _raw_ids(path, "items")
    layout = {
        "bins_used": 1,
        "utilisation": round(result.density, 6),
        "length": round(result.objective, 6),
        "unplaced": [],
        "placements": [
            {"item_id": items.get(p.item_id, p.item_id), "bin_id": STRIP_BIN,
             "rotation": p.angle, "mirror": False, "x": p.x, "y": p.y}
            for p in result.placements
        ],
    }  # fmt: skip
    files: list[Path] = []
    if svg_dir is not None:
        svg_dir = Path(svg_dir)
        svg_dir.mkdir(parents=True, exist_ok=True)
        out = svg_dir / f"{''.join(c if c.isalnum() or c in '-_' else '_' for c in name)}.svg"
        out.write_text(_strip_svg(problem, result))
        files.append(out)
    progress("done", 100, 100)
    return InstanceReport(
        name=name, kind="strip", layout=layout,
        sheets=[{"bin_id": STRIP_BIN, "pieces": len(result.placements),
                 "utilisation": round(result.density, 4), "length": round(result.objective, 3)}],
        violations=tuple(result.violations), runtime=round(time.monotonic() - t0, 2),
        baseline={"length": round(base.objective, 3), "utilisation": round(base.density, 6)},
        files=tuple(files),
    )  # fmt: skip
