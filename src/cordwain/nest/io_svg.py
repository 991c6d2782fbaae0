"""SVG in and out for pattern pieces and hides.

Each ``<path>``, ``<polygon>`` or ``<rect>`` is one closed outline; straight segments and
Bézier curves (C, S, Q, T) are flattened. One user unit is one millimetre unless ``scale`` says
otherwise. SVG's y axis points down: it is flipped on the way in and out so a left piece stays
a left piece. For hides, the element's ``class`` (or ``id`` prefix) says what it is: ``hide``,
``hole`` / ``reject``, ``zone-A`` / ``zone-B`` / ``zone-C``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import shapely

from cordwain.domain import Grade, Hide, PatternPiece, Polygon, QualityZone

from .model import NestInputError, Ring

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZzAa]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class SvgOutline:
    element: str  # tag and id, for messages
    role: str  # class attribute (or id) as written
    points: Ring


def _cubic(p0, p1, p2, p3, n):
    out = []
    for k in range(1, n + 1):
        t = k / n
        a = (1 - t) ** 3
        b = 3 * (1 - t) ** 2 * t
        c = 3 * (1 - t) * t * t
        d = t**3
        out.append(
            (
                a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
            )
        )
    return out


def parse_path(d: str, where: str, segments: int = 16) -> list[list[tuple[float, float]]]:
    """Sub-paths of an SVG path's ``d`` as point lists; raises on arcs and open sub-paths."""
    toks = _TOKEN.findall(d)
    subs: list[list[tuple[float, float]]] = []
    cur: list[tuple[float, float]] = []
    pos = (0.0, 0.0)
    start = pos
    last_ctrl = None
    cmd = ""
    i = 0

    def num() -> float:
        nonlocal i
        if i >= len(toks) or toks[i].isalpha():
            raise NestInputError(f"{where}: path data ends early after {cmd!r}")
        i += 1
        return float(toks[i - 1])

    closed_flags: list[bool] = []
    while i < len(toks):
        if toks[i].isalpha():
            cmd = toks[i]
            i += 1
        elif not cmd:
            raise NestInputError(f"{where}: path data must start with a command")
        rel = cmd.islower()
        c = cmd.upper()
        ox, oy = pos if rel else (0.0, 0.0)
        if c == "M":
            if cur:
                subs.append(cur)
                closed_flags.append(False)
            pos = (ox + num(), oy + num())
            start = pos
            cur = [pos]
            cmd = "l" if rel else "L"
            last_ctrl = None
        elif c == "L":
            pos = (ox + num(), oy + num())
            cur.append(pos)
            last_ctrl = None
        elif c == "H":
            pos = (ox + num() if rel else num(), pos[1])
            cur.append(pos)
            last_ctrl = None
        elif c == "V":
            pos = (pos[0], (pos[1] + num()) if rel else num())
            cur.append(pos)
            last_ctrl = None
        elif c in ("C", "S"):
            if c == "C":
                p1 = (ox + num(), oy + num())
            else:
                p1 = (2 * pos[0] - last_ctrl[0], 2 * pos[1] - last_ctrl[1]) if last_ctrl else pos
            p2 = (ox + num(), oy + num())
            p3 = (ox + num(), oy + num())
            cur.extend(_cubic(pos, p1, p2, p3, segments))
            pos, last_ctrl = p3, p2
        elif c in ("Q", "T"):
            if c == "Q":
                q = (ox + num(), oy + num())
            else:
                q = (2 * pos[0] - last_ctrl[0], 2 * pos[1] - last_ctrl[1]) if last_ctrl else pos
            p3 = (ox + num(), oy + num())
            p1 = (pos[0] + 2 / 3 * (q[0] - pos[0]), pos[1] + 2 / 3 * (q[1] - pos[1]))
            p2 = (p3[0] + 2 / 3 * (q[0] - p3[0]), p3[1] + 2 / 3 * (q[1] - p3[1]))
            cur.extend(_cubic(pos, p1, p2, p3, segments))
            pos, last_ctrl = p3, q
        elif c == "Z":
            if cur:
                subs.append(cur)
                closed_flags.append(True)
            cur = []
            pos = start
            last_ctrl = None
        else:
            raise NestInputError(f"{where}: arc commands (A) are not supported; convert to curves")
    if cur:
        subs.append(cur)
        closed_flags.append(False)
    out = []
    for pts, closed in zip(subs, closed_flags, strict=True):
        if not closed and not (len(pts) > 2 and pts[0] == pts[-1]):
            raise NestInputError(f"{where}: the outline is open (no Z and ends apart)")
        out.append(pts)
    return out


def read_svg_outlines(path: str | Path, *, scale: float = 1.0) -> list[SvgOutline]:
    """Every closed outline of an SVG file, in mm, y up."""
    p = Path(path)
    try:
        root = ET.parse(p).getroot()
    except (OSError, ET.ParseError) as exc:
        raise NestInputError(f"{p}: cannot read SVG ({exc})") from exc
    out = []
    for n, el in enumerate(root.iter()):
        tag = el.tag.split("}")[-1]
        if tag not in ("path", "polygon", "rect"):
            continue
        ident = el.get("id") or f"#{n}"
        where = f"{p}: <{tag} id={ident}>"
        role = el.get("class") or el.get("id") or ""
        if el.get("transform"):
            raise NestInputError(f"{where}: transforms are not supported; flatten them first")
        if tag == "path":
            rings = parse_path(el.get("d", ""), where)
        elif tag == "polygon":
            nums = [float(v) for v in re.split(r"[\s,]+", el.get("points", "").strip()) if v]
            if len(nums) % 2:
                raise NestInputError(f"{where}: odd number of coordinates")
            rings = [list(zip(nums[::2], nums[1::2], strict=True))]
        else:
            x, y = float(el.get("x", 0)), float(el.get("y", 0))
            w, h = float(el.get("width", 0)), float(el.get("height", 0))
            rings = [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)]]
        for ring in rings:
            pts = [(x * scale, -y * scale) for x, y in ring]
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            poly = shapely.Polygon(pts) if len(pts) >= 3 else shapely.Polygon()
            if poly.is_empty or poly.area <= 0 or not poly.is_valid:
                raise NestInputError(f"{where}: the outline is degenerate or intersects itself")
            out.append(SvgOutline(where, role, tuple(pts)))
    if not out:
        raise NestInputError(f"{p}: no closed outline found")
    return out


def read_pattern_svg(
    path: str | Path, *, style_code: str, material_code: str, size: str, **piece: object
) -> list[PatternPiece]:
    """One pattern piece per outline, named by the element's class/id."""
    pieces = []
    for k, o in enumerate(read_svg_outlines(path)):
        pieces.append(
            PatternPiece(
                style_code=style_code,
                name=o.role or f"piece {k + 1}",
                material_code=material_code,
                outlines={size: Polygon(o.points)},
                **piece,  # type: ignore[arg-type]
            )
        )
    return pieces


def read_hide_svg(
    path: str | Path,
    *,
    code: str,
    material_code: str,
    stamped_area_sqft: float,
    lot: str = "",
    base_grade: Grade = Grade.A,
    scale: float = 1.0,
) -> Hide:
    """A hide drawn in SVG: classes ``hide``, ``hole``/``reject``, ``zone-A|B|C``."""
    outlines = read_svg_outlines(path, scale=scale)
    hide = [o for o in outlines if o.role.lower().startswith("hide")]
    if len(hide) != 1:
        raise NestInputError(f"{path}: needs exactly one element of class 'hide'")
    holes, zones = [], []
    for o in outlines:
        role = o.role.lower()
        if role.startswith("hide"):
            continue
        if role.startswith(("hole", "reject")):
            holes.append(Polygon(o.points))
        elif role.startswith("zone-") and role[5:6].upper() in ("A", "B", "C"):
            zones.append(QualityZone(Grade(role[5:6].upper()), Polygon(o.points)))
        else:
            raise NestInputError(f"{o.element}: class {o.role!r} is not hide/hole/zone-A|B|C")
    return Hide(
        code=code,
        material_code=material_code,
        lot=lot,
        stamped_area_sqft=stamped_area_sqft,
        outline=Polygon(hide[0].points),
        zones=tuple(zones),
        holes=tuple(holes),
        base_grade=base_grade,
    )


def pieces_svg(outlines: dict[str, Ring]) -> str:
    """Outlines (mm, y up) as an SVG document, one ``<path>`` per piece (class = name)."""
    xs = [p[0] for r in outlines.values() for p in r] or [0.0]
    ys = [-p[1] for r in outlines.values() for p in r] or [0.0]
    x0, y0, w, h = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.3f}mm" height="{h:.3f}mm" '
        f'viewBox="{x0:.4f} {y0:.4f} {w:.4f} {h:.4f}">'
    ]
    for name, ring in outlines.items():
        d = "M " + " L ".join(f"{x:.4f} {-y:.4f}" for x, y in ring) + " Z"
        cls = re.sub(r"[^A-Za-z0-9_-]", "_", name)
        parts.append(f'<path class="{cls}" d="{d}" fill="none" stroke="black"/>')
    parts.append("</svg>")
    return "\n".join(parts)
