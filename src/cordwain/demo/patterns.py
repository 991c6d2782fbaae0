"""Pattern pieces of the demo styles: outlines in mm at the base size, graded to every size.

Each style's pieces are drawn once at its base size (men's 9 on a ~270 mm last, women's 8 on
a ~255 mm last) from a coarse control outline smoothed by corner cutting, then graded by
scaling: length by ~4.23 mm per half size (a sixth of an inch on the last), width by ~0.8%
per half size. Vamps and toe caps run toe-to-throat along +x.
"""

from __future__ import annotations

from dataclasses import dataclass

from cordwain.domain import Grade, GrainRule, PatternPiece, Polygon, SizeRun

#: Length grade per half size: 4.23 mm on the last (1/6 inch, two thirds of a Paris point).
LENGTH_STEP_MM = 4.23
#: Width grows more slowly than length across a size run (girth grades ~0.8% per half size).
WIDTH_GRADE_PER_STEP = 0.008

Pts = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class PieceSpec:
    """A piece of a style at its base size, before grading and before a material is chosen.

    ``layer`` says what it is cut from: ``"upper"`` (the colourway's leather), ``"lining"``
    (the colourway's lining fabric) or ``"gore"`` (elastic goring of a Chelsea boot).
    """

    name: str
    layer: str
    outline: Pts
    count_per_pair: int
    mirrored: bool
    min_grade: Grade
    grain: GrainRule
    grain_tolerance_deg: float = 10.0


def _chaikin(points: Pts, rounds: int = 1) -> Pts:
    """Corner cutting: turns a coarse control outline into the smooth curve a pattern has."""
    pts = list(points)
    for _ in range(rounds):
        out = []
        n = len(pts)
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[(i + 1) % n]
            out.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            out.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        pts = out
    return tuple((round(x, 2), round(y, 2)) for x, y in pts)


def _symmetric(upper_half: Pts) -> Pts:
    """Whole outline of a piece symmetric about the x axis, from its upper half.

    ``upper_half`` runs from a point on the axis to another point on the axis (toe tip to
    throat for a vamp); the lower half is its mirror image.
    """
    lower = tuple((x, -y) for x, y in reversed(upper_half[1:-1]))
    return tuple(upper_half) + lower


def _scaled(points: Pts, sx: float, sy: float) -> Pts:
    return tuple((x * sx, y * sy) for x, y in points)


def _rounded_rect(length: float, width: float, r: float) -> Pts:
    """A tab or strap: a rectangle whose corners are cut twice (smoothed later)."""
    h = width / 2
    return (
        (0, -h + r),
        (r, -h),
        (length - r, -h),
        (length, -h + r),
        (length, h - r),
        (length - r, h),
        (r, h),
        (0, h - r),
    )


# --- control outlines at men's 9, mm -------------------------------------------------------

_SNEAKER_VAMP = _symmetric(
    (
        (0, 0),
        (5, 42),
        (25, 78),
        (65, 100),
        (120, 108),
        (178, 104),
        (200, 92),
        (196, 64),
        (165, 32),
        (152, 0),
    )
)
_SNEAKER_QUARTER = (
    (0, 0),
    (60, -8),
    (140, -8),
    (205, 0),
    (212, 40),
    (206, 88),
    (180, 96),
    (140, 80),
    (100, 84),
    (60, 98),
    (30, 104),
    (10, 96),
    (2, 50),
)
_HIGHTOP_QUARTER = (
    (0, 0),
    (60, -8),
    (140, -8),
    (210, 0),
    (216, 60),
    (206, 150),
    (186, 172),
    (150, 166),
    (100, 172),
    (55, 180),
    (22, 178),
    (6, 150),
    (0, 80),
)
_TONGUE = _symmetric(((0, 0), (0, 36), (20, 40), (150, 42), (172, 36), (184, 20), (186, 0)))
_COUNTER = (
    (0, 0),
    (40, -6),
    (90, -8),
    (140, -6),
    (180, 0),
    (170, 30),
    (140, 55),
    (90, 66),
    (40, 55),
    (10, 30),
)
_TOE_CAP = _symmetric(((0, 0), (4, 38), (22, 70), (55, 88), (85, 92), (96, 80), (92, 40), (90, 0)))
_DERBY_VAMP = _symmetric(
    (
        (0, 0),
        (5, 45),
        (26, 82),
        (70, 104),
        (130, 110),
        (185, 106),
        (205, 96),
        (200, 70),
        (172, 38),
        (160, 0),
    )
)
_DERBY_TOE_CAP = _symmetric(((0, 0), (4, 40), (22, 74), (52, 94), (80, 100), (86, 60), (84, 0)))
_DERBY_QUARTER = (
    (0, 0),
    (70, -8),
    (150, -8),
    (218, 0),
    (222, 45),
    (214, 80),
    (190, 86),
    (150, 74),
    (112, 78),
    (82, 92),
    (52, 116),
    (30, 122),
    (14, 104),
    (24, 70),
    (8, 36),
)
_CHELSEA_VAMP = _symmetric(
    (
        (0, 0),
        (6, 50),
        (30, 95),
        (80, 122),
        (150, 130),
        (225, 128),
        (275, 118),
        (292, 88),
        (268, 52),
        (250, 0),
    )
)
# One-piece quarter wrapping the heel, with the two V notches where the goring sits.
_CHELSEA_QUARTER = (
    (0, 0),
    (130, -14),
    (260, -18),
    (390, -14),
    (520, 0),
    (528, 120),
    (520, 250),
    (470, 256),
    (440, 256),
    (418, 150),
    (396, 258),
    (260, 262),
    (124, 258),
    (102, 150),
    (80, 256),
    (50, 256),
    (8, 250),
    (-8, 120),
)
_GORE = _symmetric(((0, 0), (0, 40), (60, 36), (120, 22), (150, 8), (152, 0)))
_PULL_TAB = _rounded_rect(80, 30, 8)
_HEEL_TAB = _rounded_rect(60, 38, 10)
_LOAFER_VAMP = _symmetric(
    (
        (0, 0),
        (4, 48),
        (24, 88),
        (68, 112),
        (130, 118),
        (190, 112),
        (212, 100),
        (218, 60),
        (214, 0),
    )
)
_LOAFER_QUARTER = (
    (0, 0),
    (120, -12),
    (260, -12),
    (380, 0),
    (386, 40),
    (372, 74),
    (320, 70),
    (190, 64),
    (60, 70),
    (10, 74),
    (-4, 40),
)
_SADDLE = _rounded_rect(124, 34, 10)
_CHUKKA_VAMP = _symmetric(
    (
        (0, 0),
        (5, 44),
        (26, 80),
        (70, 102),
        (125, 110),
        (172, 108),
        (190, 98),
        (186, 70),
        (160, 36),
        (150, 0),
    )
)
_CHUKKA_QUARTER = (
    (0, 0),
    (80, -8),
    (160, -8),
    (225, 0),
    (230, 70),
    (222, 140),
    (200, 150),
    (120, 148),
    (60, 152),
    (25, 150),
    (10, 120),
    (0, 60),
)
_BACK_STRAP = _rounded_rect(150, 30, 8)

_ALONG = GrainRule.ALONG_BACKBONE
_ANY = GrainRule.ANY


def _vamp(outline: Pts) -> PieceSpec:
    return PieceSpec("vamp", "upper", outline, 2, True, Grade.A, _ALONG, 10.0)


def _toe_cap(outline: Pts) -> PieceSpec:
    return PieceSpec("toe cap", "upper", outline, 2, True, Grade.A, _ALONG, 10.0)


def _quarter(name: str, outline: Pts) -> PieceSpec:
    # Quarters stretch round the foot: along the backbone, but with a looser tolerance.
    return PieceSpec(name, "upper", outline, 2, True, Grade.B, _ALONG, 15.0)


def _small(name: str, outline: Pts, grade: Grade = Grade.B) -> PieceSpec:
    return PieceSpec(name, "upper", outline, 2, False, grade, _ANY, 180.0)


def _lining(name: str, outline: Pts, count: int = 2, mirrored: bool = False) -> PieceSpec:
    return PieceSpec(name, "lining", outline, count, mirrored, Grade.C, _ANY, 180.0)


def _sneaker_pieces(quarter: Pts, tongue_len: float, toe_cap: bool) -> list[PieceSpec]:
    inner = _scaled(quarter, 0.97, 0.93)  # the inside quarter sits lower under the ankle bone
    pieces = [
        _vamp(_SNEAKER_VAMP),
        _quarter("outside quarter", quarter),
        _quarter("inside quarter", inner),
        _small("tongue", _scaled(_TONGUE, tongue_len / 186, 1.0)),
        _small("counter", _COUNTER, Grade.C),
        _small("heel tab", _HEEL_TAB),
        _lining("vamp lining", _scaled(_SNEAKER_VAMP, 0.96, 0.96)),
        _lining("quarter lining", _scaled(quarter, 1.0, 1.1), count=4, mirrored=True),
    ]
    if toe_cap:
        pieces.insert(1, _toe_cap(_TOE_CAP))
    return pieces


def base_pieces(style_code: str) -> list[PieceSpec]:
    """The pieces of one demo style at its base size (control outlines already smoothed)."""
    if style_code in ("MARA", "LUNA"):
        specs = _sneaker_pieces(_SNEAKER_QUARTER, 186, toe_cap=False)
    elif style_code == "ECHO":
        specs = _sneaker_pieces(_scaled(_HIGHTOP_QUARTER, 1.0, 0.88), 220, toe_cap=True)
    elif style_code == "SILV":
        specs = [
            _vamp(_CHELSEA_VAMP),
            _quarter("quarter", _CHELSEA_QUARTER),
            _small("counter cover", _scaled(_COUNTER, 1.15, 1.35), Grade.C),
            _small("pull tab", _PULL_TAB),
            PieceSpec("gusset", "gore", _GORE, 4, False, Grade.C, _ANY, 180.0),
            _lining("vamp lining", _scaled(_CHELSEA_VAMP, 0.96, 0.96)),
            _lining("quarter lining", _scaled(_CHELSEA_QUARTER, 0.98, 0.97), mirrored=True),
        ]
    elif style_code == "ROSE":
        specs = [
            _vamp(_DERBY_VAMP),
            _toe_cap(_DERBY_TOE_CAP),
            _quarter("outside quarter", _DERBY_QUARTER),
            _quarter("inside quarter", _scaled(_DERBY_QUARTER, 0.97, 0.94)),
            _small("tongue", _scaled(_TONGUE, 0.95, 1.0)),
            _small("back strap", _scaled(_BACK_STRAP, 0.55, 1.0)),
            _lining("vamp lining", _scaled(_DERBY_VAMP, 0.96, 0.96)),
            _lining("quarter lining", _scaled(_DERBY_QUARTER, 1.0, 1.08), count=4, mirrored=True),
        ]
    elif style_code == "VENI":
        specs = [
            _vamp(_LOAFER_VAMP),
            _quarter("quarter", _LOAFER_QUARTER),
            _small("saddle", _SADDLE),
            _small("counter", _COUNTER, Grade.C),
            _lining("vamp lining", _scaled(_LOAFER_VAMP, 0.96, 0.96)),
            _lining("quarter lining", _scaled(_LOAFER_QUARTER, 0.98, 1.25), mirrored=True),
        ]
    elif style_code == "TOPA":
        specs = [
            _vamp(_CHUKKA_VAMP),
            _quarter("outside quarter", _CHUKKA_QUARTER),
            _quarter("inside quarter", _scaled(_CHUKKA_QUARTER, 0.97, 0.95)),
            _small("tongue", _scaled(_TONGUE, 1.08, 1.05)),
            _small("back strap", _BACK_STRAP),
            _lining("quarter lining", _scaled(_CHUKKA_QUARTER, 1.0, 1.05), count=4, mirrored=True),
        ]
    else:
        raise ValueError(f"no pattern for demo style {style_code!r}")
    if style_code == "LUNA":
        # The women's line is the same pattern redrawn on a 255 mm last.
        specs = [_respec(p, _scaled(p.outline, 255 / 270, 0.93)) for p in specs]
    # The big pieces get a second round of smoothing: their curves are what the eye sees.
    big = ("vamp", "cap", "quarter")
    return [_respec(p, _chaikin(p.outline, 2 if p.name.split()[-1] in big else 1)) for p in specs]


def _respec(p: PieceSpec, outline: Pts) -> PieceSpec:
    return PieceSpec(
        p.name,
        p.layer,
        outline,
        p.count_per_pair,
        p.mirrored,
        p.min_grade,
        p.grain,
        p.grain_tolerance_deg,
    )


def grade_factors(steps: float, last_length_mm: float) -> tuple[float, float]:
    """Scale factors (length, width) from the base size to a size ``steps`` half sizes away."""
    return 1.0 + steps * LENGTH_STEP_MM / last_length_mm, 1.0 + steps * WIDTH_GRADE_PER_STEP


def area_grade_per_step(last_length_mm: float) -> float:
    """Linear area grade per half size of pieces graded by :func:`grade_factors`."""
    return LENGTH_STEP_MM / last_length_mm + WIDTH_GRADE_PER_STEP


def graded_outlines(
    spec: PieceSpec, size_run: SizeRun, base_size: str, last_length_mm: float
) -> dict[str, Polygon]:
    """The piece drawn at every size of the run (one polygon per size label)."""
    base = Polygon(spec.outline)
    out: dict[str, Polygon] = {}
    for size in size_run.sizes:
        sx, sy = grade_factors(size_run.steps_from(size, base_size), last_length_mm)
        out[size] = base if size == base_size else base.scaled(sx, sy)
    return out


def pattern_pieces(
    style_code: str,
    size_run: SizeRun,
    base_size: str,
    last_length_mm: float,
    materials_by_layer: list[dict[str, str]],
) -> list[PatternPiece]:
    """The style's pieces for every colourway's materials, sharing one set of graded outlines.

    ``materials_by_layer`` has one mapping per colourway, layer → material code. A piece is
    listed once per distinct material, so colourways that share a lining share its pieces;
    its name carries the material (``"vamp (LTH_BLK)"``) so (style, name) stays unique.
    The pieces of one colourway are those cut from a material of its BOM.
    """
    out: list[PatternPiece] = []
    seen: set[tuple[str, str]] = set()
    for spec in base_pieces(style_code):
        outlines = graded_outlines(spec, size_run, base_size, last_length_mm)
        for layers in materials_by_layer:
            material = layers[spec.layer]
            if (spec.name, material) in seen:
                continue
            seen.add((spec.name, material))
            out.append(
                PatternPiece(
                    style_code=style_code,
                    name=f"{spec.name} ({material})",
                    material_code=material,
                    outlines=outlines,
                    count_per_pair=spec.count_per_pair,
                    mirrored=spec.mirrored,
                    min_grade=spec.min_grade,
                    grain=spec.grain,
                    grain_tolerance_deg=spec.grain_tolerance_deg,
                )
            )
    return out
