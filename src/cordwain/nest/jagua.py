"""Read the public jagua-rs / sparrow JSON instances (bin packing and strip packing).

Bin packing (``ExtBPInstance``): bins are hides with a contour, holes (quality 0) and quality
zones; an item with ``min_quality = q`` may not overlap zones of quality below q, and an item
without it needs the best leather (it avoids every zone). Strip packing (``ExtSPInstance``):
items and a strip height, the ESICUP classics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import ItemType, NestInputError, NestProblem, Ring, Sheet, Zone


def _shape(obj: Any, where: str) -> tuple[Ring, tuple[Ring, ...]]:
    """(outer ring, holes) of a jagua shape object."""
    try:
        kind = obj["type"]
        data = obj["data"]
    except (KeyError, TypeError) as exc:
        raise NestInputError(f"{where}: shape needs 'type' and 'data'") from exc
    if kind == "simple_polygon":
        return tuple(map(tuple, data)), ()
    if kind == "polygon":
        return tuple(map(tuple, data["outer"])), tuple(
            tuple(map(tuple, h)) for h in data.get("inner", [])
        )
    if kind == "rectangle":
        x, y, w, h = data["x_min"], data["y_min"], data["width"], data["height"]
        return ((x, y), (x + w, y), (x + w, y + h), (x, y + h)), ()
    raise NestInputError(f"{where}: shape type {kind!r} is not supported")


def _read(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        return json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise NestInputError(f"{p}: cannot read instance ({exc})") from exc


def load_jagua_bins(
    path: str | Path, *, rotation_step_deg: float = 30.0, gap: float = 0.0
) -> NestProblem:
    """A jagua-rs bin-packing instance (e.g. baldacci1–6) as a nesting problem."""
    raw = _read(path)
    p = Path(path)
    quals = [z["quality"] for b in raw.get("bins", []) for z in b.get("zones", [])]
    quals += [i["min_quality"] for i in raw.get("items", []) if i.get("min_quality") is not None]
    best = max([1, *quals]) + 1  # unmarked leather is better than any zone
    sheets = []
    for n, b in enumerate(raw.get("bins", [])):
        where = f"{p.name}: bin {b.get('id', n)}"
        outer, holes = _shape(b.get("shape"), where)
        zones = []
        for k, z in enumerate(b.get("zones", [])):
            zo, _ = _shape(z.get("shape"), f"{where} zone {k}")
            zones.append(Zone(int(z["quality"]), zo))
        sheets.append(
            Sheet(
                id=str(b.get("id", n)),
                outline=outer,
                holes=holes,
                zones=tuple(zones),
                base_level=best,
                cost=float(b.get("cost", 1)),
                stock=int(b.get("stock", 1)),
            )
        )
    items = []
    for n, it in enumerate(raw.get("items", [])):
        where = f"{p.name}: item {it.get('id', n)}"
        outer, holes = _shape(it.get("shape"), where)
        if holes:
            raise NestInputError(f"{where}: items with holes are not supported")
        q = it.get("min_quality")
        orient = it.get("allowed_orientations")
        items.append(
            ItemType(
                id=str(it.get("id", n)),
                shape=outer,
                demand=int(it.get("demand", 1)),
                min_level=best if q is None else max(1, int(q)),
                orientations=None if orient is None else tuple(float(a) for a in orient),
            )
        )
    return NestProblem(
        sheets=tuple(sheets),
        items=tuple(items),
        gap=gap,
        rotation_step_deg=rotation_step_deg,
        name=str(raw.get("name", p.stem)),
    )


def load_jagua_strip(path: str | Path) -> tuple[str, float, list[dict[str, Any]]]:
    """A jagua-rs / sparrow strip-packing instance: (name, strip height, items).

    Each item is ``{"id", "shape": ring, "demand", "orientations": list | None}``.
    """
    raw = _read(path)
    p = Path(path)
    try:
        height = float(raw["strip_height"])
    except (KeyError, TypeError, ValueError) as exc:
        raise NestInputError(f"{p}: missing or bad 'strip_height'") from exc
    items = []
    for n, it in enumerate(raw.get("items", [])):
        outer, holes = _shape(it.get("shape"), f"{p.name}: item {it.get('id', n)}")
        orient = it.get("allowed_orientations")
        items.append(
            {
                "id": str(it.get("id", n)),
                "shape": outer,
                "demand": int(it.get("demand", 1)),
                "orientations": None if orient is None else [float(a) for a in orient],
            }
        )
    return str(raw.get("name", p.stem)), height, items
