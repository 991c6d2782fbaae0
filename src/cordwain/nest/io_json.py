"""Our JSON for hides (documented in docs/cutting.md) and the plan as JSON lines.

```
{"hides": [{"code": "H001", "material": "CALF_BLK", "lot": "L7", "stamped_area_sqft": 24.5,
            "outline": [[x, y], ...], "holes": [[[x, y], ...]],
            "zones": [{"grade": "B", "outline": [[x, y], ...], "note": "belly"}],
            "base_grade": "A", "backbone": [[x1, y1], [x2, y2]], "thickness_mm": 1.2}]}
```
Coordinates in millimetres, y up.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cordwain.domain import DomainError, Hide, Polygon, QualityZone

from .model import NestInputError, NestResult


def hide_to_dict(h: Hide) -> dict[str, Any]:
    return {
        "code": h.code,
        "material": h.material_code,
        "lot": h.lot,
        "stamped_area_sqft": h.stamped_area_sqft,
        "outline": h.outline.to_list(),
        "holes": [x.to_list() for x in h.holes],
        "zones": [
            {"grade": z.grade.value, "outline": z.outline.to_list(), "note": z.note}
            for z in h.zones
        ],
        "base_grade": h.base_grade.value,
        "backbone": [list(p) for p in h.backbone] if h.backbone else None,
        "thickness_mm": h.thickness_mm,
    }  # fmt: skip


def hide_from_dict(d: dict[str, Any], where: str = "hide") -> Hide:
    try:
        return Hide(
            code=d["code"],
            material_code=d["material"],
            lot=d.get("lot", ""),
            stamped_area_sqft=float(d["stamped_area_sqft"]),
            outline=Polygon.from_list(d["outline"]),
            holes=tuple(Polygon.from_list(x) for x in d.get("holes", [])),
            zones=tuple(
                QualityZone(z["grade"], Polygon.from_list(z["outline"]), z.get("note", ""))
                for z in d.get("zones", [])
            ),
            base_grade=d.get("base_grade", "A"),
            backbone=tuple(tuple(p) for p in d["backbone"]) if d.get("backbone") else None,
            thickness_mm=float(d.get("thickness_mm", 1.2)),
        )
    except KeyError as exc:
        raise NestInputError(f"{where}: missing field {exc.args[0]!r}") from exc
    except (DomainError, TypeError, ValueError) as exc:
        field = getattr(exc, "field", None)
        raise NestInputError(f"{where}: {exc}" + (f" (field {field})" if field else "")) from exc


def read_hides_json(path: str | Path) -> list[Hide]:
    p = Path(path)
    try:
        raw = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise NestInputError(f"{p}: cannot read hides ({exc})") from exc
    rows = raw.get("hides") if isinstance(raw, dict) else None
    if not isinstance(rows, list):
        raise NestInputError(f"{p}: expected an object with a 'hides' list")
    return [hide_from_dict(d, f"{p}: hides[{k}]") for k, d in enumerate(rows)]


def write_hides_json(path: str | Path, hides: list[Hide]) -> None:
    Path(path).write_text(json.dumps({"hides": [hide_to_dict(h) for h in hides]}, indent=1))


def plan_summary(result: NestResult) -> dict[str, Any]:
    """The machine-readable plan: instance ids and coordinates, placement convention of
    jagua-rs / spyrrow (mirror in x, rotate about the origin, translate)."""
    return {
        "bins_used": len(result.usage),
        "utilisation": round(result.utilisation, 6),
        "unplaced": [
            {"item_id": u.item_id, "count": u.count, "reason": u.reason} for u in result.unplaced
        ],
        "placements": [
            {"item_id": p.item_id, "bin_id": p.sheet_id, "rotation": p.angle, "mirror": p.mirror,
             "x": p.x, "y": p.y}
            for p in result.placements
        ],
    }  # fmt: skip
