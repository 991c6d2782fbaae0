"""Leather on the shelf: cowhide sides with quality zones and defects, and fabric rolls.

A side is drawn as a star-shaped polygon around its centre: a rounded-rectangle radius with
smooth random harmonics, leg bumps on the belly edge and a straight backbone cut along the top
(+y). Quality zones are bands along rays from the same centre, so each lies inside the
outline by construction: neck and belly C, shoulder B, the rest (butt and bend) A. Defects are
small polygons kept clear of the edge: holes go in ``Hide.holes``; scars, brand marks and
insect bites are reject zones.
"""

from __future__ import annotations

import math

import numpy as np

from cordwain.domain import FabricRoll, Grade, Hide, Polygon, QualityZone
from cordwain.domain.units import sqft_to_mm2

#: Hides on the shelf per leather article (40 in all): the stock colours and the new drop's.
HIDES_PER_ARTICLE: tuple[tuple[str, str, int], ...] = (
    ("LTH_BLK", "MX", 8),
    ("LTH_WHT", "MX", 5),
    ("LTH_TAN", "IT", 4),
    ("LTH_OLV", "MX", 3),
    ("LTH_BRN", "US", 5),
    ("LTH_OXB", "IT", 3),
    ("LTH_NVY", "MX", 3),
    ("LTH_BLS", "MX", 3),
    ("LTH_SND", "MX", 6),
)

_N_VERTICES = 72


def _deg(d: float) -> float:
    return math.radians(d)


def _side_shape(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    """Unit-scale side outline around (0, 0): angles, radii, and the backbone's y."""
    n = _N_VERTICES
    theta = (np.arange(n) + rng.uniform(-0.25, 0.25, n)) * (2 * math.pi / n)
    a, b = rng.uniform(1.05, 1.25), 0.5  # half length along the backbone, half width
    p = rng.uniform(2.1, 2.6)
    base = (np.abs(np.cos(theta) / a) ** p + np.abs(np.sin(theta) / b) ** p) ** (-1 / p)
    noise = np.zeros(n)
    for k in range(2, 9):
        noise += rng.uniform(0.01, 0.045) / math.sqrt(k) * np.cos(k * theta + rng.uniform(0, 6.3))

    def bump(at_deg: float, height: float, width_deg: float) -> np.ndarray:
        d = np.angle(np.exp(1j * (theta - _deg(at_deg))))
        return height * np.exp(-0.5 * (d / _deg(width_deg)) ** 2)

    # Fore and hind shanks hang off the belly edge; the neck end is narrower than the butt.
    legs = bump(rng.uniform(222, 236), rng.uniform(0.22, 0.34), 5) + bump(
        rng.uniform(306, 318), rng.uniform(0.25, 0.38), 6
    )
    neck = bump(180, -rng.uniform(0.04, 0.10), 14)
    r = base * (1 + noise + legs + neck)
    y = r * np.sin(theta)
    y_line = b * rng.uniform(0.80, 0.88)
    # The spine is cut straight: pull vertices above it back along their ray onto it,
    # which keeps the outline star-shaped (hence simple).
    over = y > y_line
    r = np.where(over, r * y_line / np.maximum(y, 1e-12), r)
    return theta, r, y_line


def _band(
    theta: np.ndarray,
    pts: np.ndarray,
    centre: tuple[float, float],
    lo_deg: float,
    hi_deg: float,
    f_in: np.ndarray,
) -> Polygon:
    """Region from the hide's edge in to fraction ``f_in`` of the radius, for angles in range.

    The outer side is the outline itself (the belly runs to the edge, no A sliver left);
    the inner side lies on the rays from the centre, hence inside the star-shaped outline.
    """
    idx = np.nonzero((theta >= _deg(lo_deg)) & (theta <= _deg(hi_deg)))[0]
    cx, cy = centre
    outer = [(float(pts[i, 0]), float(pts[i, 1])) for i in idx]
    inner = [
        (round(cx + f_in[i] * (pts[i, 0] - cx), 1), round(cy + f_in[i] * (pts[i, 1] - cy), 1))
        for i in idx[::-1]
    ]
    return Polygon(tuple(outer + inner))


def _blob(
    rng: np.random.Generator, cx: float, cy: float, radius: float, n: int = 12
) -> tuple[tuple[float, float], ...]:
    ang = np.linspace(0, 2 * math.pi, n, endpoint=False) + rng.uniform(-0.15, 0.15, n)
    rad = radius * (1 + 0.22 * np.cos(2 * ang + rng.uniform(0, 6.3))) * rng.uniform(0.85, 1.0, n)
    return tuple(
        (round(cx + q * math.cos(t), 1), round(cy + q * math.sin(t), 1))
        for t, q in zip(ang, rad, strict=True)
    )


def _scar(
    rng: np.random.Generator, cx: float, cy: float, length: float
) -> tuple[tuple[float, float], ...]:
    """A healed scratch: a thin, slightly bent sliver, widest in the middle."""
    width = rng.uniform(4, 10)
    phi = rng.uniform(0, math.pi)
    bend = rng.uniform(-0.6, 0.6) / length  # curvature, at most ~0.6 rad over the length
    ux, uy = math.cos(phi), math.sin(phi)
    nx, ny = -uy, ux
    ts = np.linspace(-length / 2, length / 2, 9)
    mid = bend * ts**2 / 2
    half = width / 2 * np.sqrt(np.clip(1 - (2 * ts / length) ** 2, 0, 1)) + 0.8
    left = [
        (cx + t * ux + (m + h) * nx, cy + t * uy + (m + h) * ny)
        for t, m, h in zip(ts, mid, half, strict=True)
    ]
    right = [
        (cx + t * ux + (m - h) * nx, cy + t * uy + (m - h) * ny)
        for t, m, h in zip(ts, mid, half, strict=True)
    ]
    return tuple((round(x, 1), round(y, 1)) for x, y in left + right[::-1])


def _clearance(outline: np.ndarray, x: float, y: float) -> float:
    """Distance from (x, y) to the nearest edge of a closed outline (n × 2 array)."""
    a = outline
    b = np.roll(outline, -1, axis=0)
    ab = b - a
    t = np.clip(((x - a[:, 0]) * ab[:, 0] + (y - a[:, 1]) * ab[:, 1]) / (ab**2).sum(1), 0, 1)
    px, py = a[:, 0] + t * ab[:, 0], a[:, 1] + t * ab[:, 1]
    return float(np.sqrt((px - x) ** 2 + (py - y) ** 2).min())


#: (kind, weight, angle range in degrees from the centre, radius fraction range)
_DEFECT_KINDS = (
    ("scar", 0.40, (0, 360), (0.10, 0.80)),
    ("hole", 0.20, (210, 335), (0.60, 0.85)),
    ("insect bites", 0.25, (110, 200), (0.30, 0.80)),
    ("brand mark", 0.15, (10, 60), (0.45, 0.75)),
)


def _defects(
    rng: np.random.Generator,
    theta: np.ndarray,
    r: np.ndarray,
    centre: tuple[float, float],
    outline: np.ndarray,
    polygon: Polygon,
) -> tuple[list[QualityZone], list[Polygon]]:
    zones: list[QualityZone] = []
    holes: list[Polygon] = []
    placed: list[tuple[float, float, float]] = []
    weights = np.array([k[1] for k in _DEFECT_KINDS])
    wanted = int(rng.integers(2, 7))
    brand_used = False
    attempts = 0
    while len(zones) + len(holes) < wanted and attempts < 200:
        attempts += 1
        kind, _, (lo, hi), (f_lo, f_hi) = _DEFECT_KINDS[rng.choice(4, p=weights / weights.sum())]
        if kind == "brand mark" and brand_used:
            continue
        ang = _deg(rng.uniform(lo, hi))
        i = int(np.argmin(np.abs(np.angle(np.exp(1j * (theta - ang))))))
        f = rng.uniform(f_lo, f_hi)
        cx, cy = centre[0] + f * r[i] * math.cos(ang), centre[1] + f * r[i] * math.sin(ang)
        if kind == "scar":
            length = rng.uniform(60, 220)
            pts, reach = _scar(rng, cx, cy, length), length / 2 + 12
        elif kind == "hole":
            radius = rng.uniform(5, 14)
            pts, reach = _blob(rng, cx, cy, radius), radius * 1.25
        elif kind == "insect bites":
            radius = rng.uniform(20, 40)
            pts, reach = _blob(rng, cx, cy, radius, 14), radius * 1.25
        else:
            radius = rng.uniform(30, 55)
            pts, reach = _blob(rng, cx, cy, radius, 16), radius * 1.25
        # Keep clear of the edge and of other defects, so every defect lies wholly inside.
        if not polygon.contains_point((cx, cy)) or _clearance(outline, cx, cy) < reach + 15:
            continue
        if any(math.hypot(cx - x, cy - y) < reach + q + 10 for x, y, q in placed):
            continue
        placed.append((cx, cy, reach))
        if kind == "hole":
            holes.append(Polygon(pts))
        else:
            brand_used |= kind == "brand mark"
            zones.append(QualityZone(Grade.REJECT, Polygon(pts), kind))
    return zones, holes


def make_hide(
    rng: np.random.Generator, code: str, material_code: str, lot: str, thickness_mm: float
) -> Hide:
    """One side of 20–28 sq ft, stamped within ±2% (plus rounding) of its drawn outline."""
    theta, r_unit, y_line_unit = _side_shape(rng)
    stamped = round(rng.uniform(20.0, 28.0) * 4) / 4  # tanneries stamp to the quarter foot
    target_mm2 = sqft_to_mm2(stamped) * (1 + rng.uniform(-0.02, 0.02))
    x, y = r_unit * np.cos(theta), r_unit * np.sin(theta)
    unit_area = 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)))
    s = math.sqrt(target_mm2 / unit_area)
    r = r_unit * s
    x, y = x * s, y * s
    dx, dy = -x.min() + 20.0, -y.min() + 20.0  # drawn in positive mm, 20 mm off the axes
    centre = (dx, dy)
    pts = tuple(
        (round(float(a) + dx, 1), round(float(b) + dy, 1)) for a, b in zip(x, y, strict=True)
    )
    outline = Polygon(pts)
    arr = np.array(outline.points)
    y_spine = float(y_line_unit * s + dy)
    on_spine = arr[np.abs(arr[:, 1] - y_spine) < 0.2]
    x0, x1 = float(on_spine[:, 0].min()), float(on_spine[:, 0].max())
    backbone = ((round(x0 + 40, 1), round(y_spine, 1)), (round(x1 - 40, 1), round(y_spine, 1)))

    # Graders draw zone borders freehand: a slow wave, not jitter.
    wobble = sum(
        rng.uniform(0.01, 0.04) * np.cos(k * theta + rng.uniform(0, 6.3)) for k in (3, 5, 8)
    )
    zones = [
        QualityZone(Grade.B, _band(theta, arr, centre, 110, 205, 0.12 + wobble), "shoulder"),
        QualityZone(Grade.C, _band(theta, arr, centre, 150, 215, 0.70 + wobble), "neck"),
        QualityZone(Grade.C, _band(theta, arr, centre, 205, 340, 0.62 + wobble), "belly"),
    ]
    defect_zones, holes = _defects(rng, theta, r, centre, arr, outline)
    return Hide(
        code=code,
        material_code=material_code,
        lot=lot,
        stamped_area_sqft=stamped,
        outline=outline,
        zones=tuple(zones + defect_zones),
        base_grade=Grade.A,
        backbone=backbone,
        thickness_mm=round(thickness_mm + rng.uniform(-0.1, 0.1), 2),
        holes=tuple(holes),
    )


def make_hides(
    rng: np.random.Generator, thickness: dict[str, float], received_yymm: str
) -> list[Hide]:
    """The ~40 sides in the leather room, grouped in tannery lots of 2–5 sides."""
    out: list[Hide] = []
    number = 1
    for material, country, count in HIDES_PER_ARTICLE:
        left = count
        lot_no = int(rng.integers(100, 900))
        while left:
            in_lot = min(left, int(rng.integers(2, 6)))
            lot = f"{country}-{received_yymm}-{lot_no}"
            for _ in range(in_lot):
                out.append(make_hide(rng, f"H{number:04d}", material, lot, thickness[material]))
                number += 1
            left -= in_lot
            lot_no += int(rng.integers(1, 40))
    return out


def make_rolls(rng: np.random.Generator, received_yymm: str) -> list[FabricRoll]:
    """Lining and goring rolls: a full and an opened roll of each lining, one of each goring."""
    specs = (
        ("FAB_LIN_NAT", 1.45, (35.0, 50.0)),
        ("FAB_LIN_NAT", 1.45, (8.0, 20.0)),
        ("FAB_LIN_BLK", 1.45, (35.0, 50.0)),
        ("FAB_LIN_BLK", 1.45, (3.0, 9.0)),
        ("FAB_GORE_BLK", 0.16, (15.0, 25.0)),
        ("FAB_GORE_BRN", 0.16, (10.0, 25.0)),
    )
    return [
        FabricRoll(
            code=f"R{i:03d}",
            material_code=material,
            width_m=width,
            length_m=round(float(rng.uniform(lo, hi)), 1),
            lot=f"VT-{received_yymm}-{int(rng.integers(10, 99))}",
        )
        for i, (material, width, (lo, hi)) in enumerate(specs, start=1)
    ]
