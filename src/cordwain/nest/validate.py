"""Independent check of a cutting plan with shapely, from the raw instance data.

It rebuilds every placed outline from the item's shape and the placement convention, and
checks: inside the hide, off every hole and every zone below the piece's quality, the gap to
other pieces and to the edge, the orientation rule, and that every demanded piece is either
placed or reported. It shares no code with the nester on purpose.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import shapely

from .model import ItemType, NestProblem, Placement, Sheet, Unplaced


def placed_outline(item: ItemType, p: Placement) -> np.ndarray:
    pts = np.asarray(item.shape, dtype=float).copy()
    if p.mirror:
        pts[:, 0] = -pts[:, 0]
    a = math.radians(p.angle)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return pts @ rot.T + np.array([p.x, p.y])


def _region(sheet: Sheet, level: int):
    if sheet.base_level < level:
        return shapely.Polygon()
    region = shapely.Polygon(sheet.outline).buffer(0)
    cuts = [shapely.Polygon(h).buffer(0) for h in sheet.holes]
    cuts += [shapely.Polygon(z.outline).buffer(0) for z in sheet.zones if z.level < level]
    if cuts:
        region = region.difference(shapely.union_all(cuts))
    return region


def _angle_ok(item: ItemType, sheet: Sheet, angle: float) -> bool:
    if item.orientations is None:
        return True
    ref = sheet.backbone_deg if item.relative_to_backbone else 0.0
    for a in item.orientations:
        diff = abs((angle - a - ref + 180.0) % 360.0 - 180.0)
        if diff <= item.tolerance_deg + 1e-6:
            return True
    return False


def validate(
    problem: NestProblem,
    placements: Sequence[Placement],
    unplaced: Iterable[Unplaced] = (),
) -> list[str]:
    """Every broken rule as a sentence naming the piece and hide; empty when sound."""
    out: list[str] = []
    sheets = {s.id: s for s in problem.sheets}
    items = {i.id: i for i in problem.items}
    span = max(
        max(max(p[0] for p in s.outline) - min(p[0] for p in s.outline), 1.0)
        for s in problem.sheets
    )
    tol = 1e-6 * span
    regions: dict[tuple[str, int], object] = {}
    by_sheet: dict[str, list[tuple[Placement, object]]] = {}
    count: dict[str, int] = {}
    for n, p in enumerate(placements):
        tag = f"placement {n} ({p.item_id} on {p.sheet_id})"
        item = items.get(p.item_id)
        sheet = sheets.get(p.sheet_id)
        if item is None or sheet is None:
            out.append(f"{tag}: unknown item or hide")
            continue
        count[item.id] = count.get(item.id, 0) + 1
        if bool(p.mirror) != bool(item.mirror):
            out.append(f"{tag}: mirrored side does not match the item")
        pts = placed_outline(item, p)
        poly = shapely.Polygon(pts)
        if len(p.outline) == len(pts) and np.abs(np.asarray(p.outline) - pts).max() > 10 * tol:
            out.append(f"{tag}: reported outline differs from shape + transformation")
        key = (sheet.id, item.min_level)
        if key not in regions:
            regions[key] = _region(sheet, item.min_level)
        region = regions[key]
        outside = poly.difference(region).area
        if outside > 1e-6 * poly.area + tol * tol:
            out.append(
                f"{tag}: {outside:.3g} of the piece lies outside the hide, on a hole or on "
                f"leather below quality level {item.min_level}"
            )
        elif problem.gap > 0:
            edge = region.boundary.distance(poly)
            if edge < problem.gap / 2.0 - 10 * tol:
                out.append(f"{tag}: only {edge:.3g} from the edge (needs {problem.gap / 2:.3g})")
        if not _angle_ok(item, sheet, p.angle):
            out.append(f"{tag}: angle {p.angle:.2f} breaks the grain rule of {item.id}")
        by_sheet.setdefault(sheet.id, []).append((p, poly))
    for sid, rows in by_sheet.items():
        geoms = np.array([g for _, g in rows], dtype=object)
        tree = shapely.STRtree(geoms)
        if problem.gap > 0:
            a_idx, b_idx = tree.query(geoms, predicate="dwithin", distance=problem.gap - 10 * tol)
        else:
            a_idx, b_idx = tree.query(geoms, predicate="intersects")
        for a, b in zip(a_idx, b_idx, strict=True):
            if a >= b:
                continue
            ga, gb = geoms[a], geoms[b]
            if problem.gap > 0:
                d = ga.distance(gb)
                out.append(
                    f"pieces {rows[a][0].item_id} and {rows[b][0].item_id} on {sid} are "
                    f"{d:.3g} apart (gap {problem.gap:.3g})"
                )
            else:
                ov = ga.intersection(gb).area
                if ov > 1e-6 * min(ga.area, gb.area) + tol * tol:
                    out.append(
                        f"pieces {rows[a][0].item_id} and {rows[b][0].item_id} overlap on {sid}"
                    )
    missing = {i.id: i.demand - count.get(i.id, 0) for i in problem.items}
    for u in unplaced:
        missing[u.item_id] = missing.get(u.item_id, 0) - u.count
        if not u.reason.strip():
            out.append(f"{u.item_id}: reported unplaced without a reason")
    for iid, m in missing.items():
        if m > 0:
            out.append(f"{iid}: {m} demanded piece(s) neither placed nor reported")
        elif m < 0:
            out.append(f"{iid}: {-m} piece(s) more placed or reported than demanded")
    return out
