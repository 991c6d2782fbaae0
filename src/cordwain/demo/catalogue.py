"""The demo brand's catalogue: styles, colourways, materials and BOMs graded by size.

A small Los Angeles brand: cemented sneakers and a high-top on one last, a Chelsea boot, a
derby, a penny loafer, a women's low-top on its own last, and a chukka about to drop.
Costs, lead times and footprints are *typical* planning figures (see docs/demo.md), not any
supplier's real terms. Nothing here depends on the seed: a brand's catalogue is what it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cordwain.domain import (
    BOM,
    BOMLine,
    Colourway,
    Material,
    MaterialKind,
    Operation,
    PatternPiece,
    Polygon,
    RoutingStep,
    SizeRun,
    SizeSystem,
    Style,
    Unit,
)
from cordwain.domain.units import mm2_to_sqft

from .patterns import area_grade_per_step, base_pieces, pattern_pieces

#: Lining fabric and elastic goring widths (m): BOM metres are net area over the roll width.
LINING_WIDTH_M = 1.45
GORE_WIDTH_M = 0.16

#: Full-grain cattle leather, cradle-to-tannery-gate: ~17 kg CO2e per m² (typical LCA figure).
LEATHER_CO2E_PER_M2 = 17.0
SQFT_PER_M2 = 10.7639


@dataclass(frozen=True, slots=True)
class ColourwaySpec:
    code: str
    name: str
    leather: str
    lining: str
    sole: str
    laces: str | None = None
    eyelets: str | None = None
    gore: str | None = None


@dataclass(frozen=True, slots=True)
class StyleSpec:
    code: str
    name: str
    last: str
    last_length_mm: float
    category: str
    size_run: SizeRun
    base_size: str
    #: (operation, standard minutes per pair, elapsed minutes after the step)
    routing: tuple[tuple[Operation, float, float], ...]
    retail_price: str
    unit_cost: str
    colourways: tuple[ColourwaySpec, ...]
    eyelets_per_pair: int
    thread_g: float
    cement_g: float
    insole: str
    toe_puff: str
    counter: str


_O = Operation


def _routing(
    clicking: float,
    skiving: float,
    closing: float,
    lasting: float,
    drying: float,
    bottoming: float,
    finishing: float,
    inspection: float = 3,
    packing: float = 2,
) -> tuple[tuple[Operation, float, float], ...]:
    # Cement dries between lasting and bottoming: elapsed time, no labour.
    return (
        (_O.CLICKING, clicking, 0),
        (_O.SKIVING, skiving, 0),
        (_O.CLOSING, closing, 0),
        (_O.LASTING, lasting, drying),
        (_O.BOTTOMING, bottoming, 0),
        (_O.FINISHING, finishing, 0),
        (_O.INSPECTION, inspection, 0),
        (_O.PACKING, packing, 0),
    )


def _men(lo: str, hi: str, *, with_14: bool = False) -> SizeRun:
    run = SizeRun.between(SizeSystem.US_MEN, lo, hi)
    sizes = run.sizes + (("14",) if with_14 else ())
    return SizeRun(SizeSystem.US_MEN, sizes, core=("8.5", "9", "9.5", "10", "10.5", "11"))


_WOMEN = SizeRun(
    SizeSystem.US_WOMEN,
    SizeRun.between(SizeSystem.US_WOMEN, "5", "11").sizes,
    core=("6.5", "7", "7.5", "8", "8.5", "9"),
)

_CW = ColourwaySpec

STYLE_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec(
        "MARA",
        "Mara low-top",
        "LA270-SNK",
        270,
        "sneaker",
        _men("7", "13", with_14=True),
        "9",
        _routing(11, 4, 34, 14, 45, 14, 10),
        "185",
        "72",
        (
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_CUP_BLK", "LACE_FLAT_BLK",
                "EYELET_BLK"),
            _CW("WHT", "Bone white", "LTH_WHT", "FAB_LIN_NAT", "SOLE_CUP_WHT", "LACE_FLAT_WHT",
                "EYELET_BLK"),
            _CW("TAN", "Saddle tan on gum", "LTH_TAN", "FAB_LIN_NAT", "SOLE_CUP_GUM",
                "LACE_WAX_NAT", "EYELET_BRASS"),
        ),
        14,
        6.5,
        30,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
    StyleSpec(
        "ECHO",
        "Echo high-top",
        "LA270-SNK",
        270,
        "high-top",
        _men("7", "13", with_14=True),
        "9",
        _routing(14, 5, 44, 15, 45, 15, 11),
        "215",
        "84",
        (
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_CUP_BLK", "LACE_FLAT_BLK",
                "EYELET_BLK"),
            _CW("WHT", "Bone white", "LTH_WHT", "FAB_LIN_NAT", "SOLE_CUP_WHT", "LACE_FLAT_WHT",
                "EYELET_BLK"),
            _CW("OLV", "Olive nubuck", "LTH_OLV", "FAB_LIN_NAT", "SOLE_CUP_GUM", "LACE_WAX_NAT",
                "EYELET_BRASS"),
        ),
        20,
        8.5,
        32,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
    StyleSpec(
        "SILV",
        "Silver Lake Chelsea boot",
        "LA285-BOOT",
        285,
        "boot",
        _men("7", "13"),
        "9",
        _routing(15, 6, 40, 20, 60, 20, 14, 4, 3),
        "295",
        "118",
        (
            _CW("BRN", "Chocolate crazy-horse", "LTH_BRN", "FAB_LIN_NAT", "SOLE_LUG_BLK",
                gore="FAB_GORE_BRN"),
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_LUG_BLK",
                gore="FAB_GORE_BLK"),
            _CW("TAN", "Saddle tan", "LTH_TAN", "FAB_LIN_NAT", "SOLE_LUG_BLK",
                gore="FAB_GORE_BRN"),
        ),
        0,
        9,
        38,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
    StyleSpec(
        "ROSE",
        "Rosewood derby",
        "LA272-DRS",
        272,
        "derby",
        _men("7", "13"),
        "9",
        _routing(13, 6, 38, 18, 50, 18, 15),
        "265",
        "104",
        (
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_LEATHER", "LACE_WAX_BLK",
                "EYELET_BLK"),
            _CW("OXB", "Oxblood aniline", "LTH_OXB", "FAB_LIN_NAT", "SOLE_LEATHER",
                "LACE_WAX_BLK", "EYELET_BRASS"),
            _CW("BRN", "Chocolate crazy-horse", "LTH_BRN", "FAB_LIN_NAT", "SOLE_LEATHER",
                "LACE_WAX_NAT", "EYELET_BRASS"),
        ),
        10,
        7.5,
        34,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
    StyleSpec(
        "VENI",
        "Venice penny loafer",
        "LA272-DRS",
        272,
        "loafer",
        _men("7", "13"),
        "9",
        _routing(12, 5, 45, 16, 40, 16, 13),
        "245",
        "96",
        (
            _CW("BRN", "Chocolate crazy-horse", "LTH_BRN", "FAB_LIN_NAT", "SOLE_LEATHER"),
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_LEATHER"),
            _CW("NVY", "Navy suede", "LTH_NVY", "FAB_LIN_NAT", "SOLE_LEATHER"),
        ),
        0,
        10,
        34,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
    StyleSpec(
        "LUNA",
        "Luna women's low-top",
        "LA255-W",
        255,
        "sneaker-women",
        _WOMEN,
        "8",
        _routing(10, 4, 30, 13, 45, 13, 9),
        "175",
        "66",
        (
            _CW("WHT", "Bone white", "LTH_WHT", "FAB_LIN_NAT", "SOLE_CUPW_WHT",
                "LACE_FLAT_WHT", "EYELET_BLK"),
            _CW("BLS", "Blush (custom dye lot)", "LTH_BLS", "FAB_LIN_NAT", "SOLE_CUPW_WHT",
                "LACE_FLAT_WHT", "EYELET_BRASS"),
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_CUPW_WHT",
                "LACE_FLAT_BLK", "EYELET_BLK"),
        ),
        12,
        6,
        28,
        "INSOLE_W",
        "TOEPUFF_W",
        "COUNTER_W",
    ),
    StyleSpec(
        "TOPA",
        "Topanga chukka",
        "LA272-DRS",
        272,
        "chukka",
        _men("7", "13"),
        "9",
        _routing(11, 4, 28, 15, 50, 16, 10),
        "235",
        "92",
        (
            _CW("SND", "Sand suede", "LTH_SND", "FAB_LIN_NAT", "SOLE_CREPE", "LACE_WAX_NAT",
                "EYELET_BRASS"),
            _CW("BRN", "Chocolate crazy-horse", "LTH_BRN", "FAB_LIN_NAT", "SOLE_CREPE",
                "LACE_WAX_NAT", "EYELET_BRASS"),
            _CW("BLK", "Black calf", "LTH_BLK", "FAB_LIN_BLK", "SOLE_CREPE", "LACE_WAX_BLK",
                "EYELET_BLK"),
        ),
        6,
        6,
        32,
        "INSOLE_M",
        "TOEPUFF_M",
        "COUNTER_M",
    ),
)  # fmt: skip

#: Leather articles: (code, name, USD/sqft, supplier, lead days, min order sqft, thickness mm)
LEATHERS: tuple[tuple[str, str, str, str, int, float, float], ...] = (
    ("LTH_BLK", "Black full-grain calf side", "7.50", "Curtidos del Bajío, León MX", 21, 100, 1.3),
    ("LTH_WHT", "Bone white full-grain side", "8.25", "Curtidos del Bajío, León MX", 21, 100, 1.3),
    ("LTH_TAN", "Saddle tan vegetable-tanned side", "9.75", "Conceria Val d'Arno, Santa Croce IT",
     49, 200, 1.5),
    ("LTH_OLV", "Olive nubuck side", "8.00", "Curtidos del Bajío, León MX", 28, 100, 1.3),
    ("LTH_BRN", "Chocolate crazy-horse side", "10.50", "Lake Shore Leather Co., Chicago IL", 35,
     150, 1.8),
    ("LTH_OXB", "Oxblood aniline calf side", "11.75", "Conceria Val d'Arno, Santa Croce IT", 49,
     200, 1.2),
    ("LTH_NVY", "Navy suede side", "6.75", "Curtidos del Bajío, León MX", 28, 100, 1.2),
    # A custom colour is a tannery dye lot: a big minimum and the longest lead time.
    ("LTH_BLS", "Blush full-grain side (custom dye lot)", "9.00", "Curtidos del Bajío, León MX",
     56, 400, 1.2),
    ("LTH_SND", "Sand suede side", "6.25", "Curtidos del Bajío, León MX", 28, 100, 1.3),
)  # fmt: skip

_LEATHER_CO2E_PER_SQFT = LEATHER_CO2E_PER_M2 / SQFT_PER_M2

_FINDINGS = "LA Shoe Findings, Downtown LA"
_SOLES = "Suelas Guanajuato, León MX"
_TEXTILE = "Vernon Textile Supply, Vernon CA"

_K, _U = MaterialKind, Unit

#: Everything else: (code, name, kind, unit, USD, supplier, lead days, min, per size, kg CO2e)
_Other = tuple[str, str, MaterialKind, Unit, str, str, int, float, bool, float]
OTHER_MATERIALS: tuple[_Other, ...] = (
    ("FAB_LIN_NAT", "Natural cotton drill lining, 1.45 m", _K.FABRIC, _U.METRE, "7.20", _TEXTILE,
     14, 50, False, 2.9),
    ("FAB_LIN_BLK", "Black cotton drill lining, 1.45 m", _K.FABRIC, _U.METRE, "7.60", _TEXTILE,
     14, 50, False, 3.1),
    ("FAB_GORE_BLK", "Black elastic goring, 16 cm", _K.FABRIC, _U.METRE, "11.50",
     "Ribbon & Gore Inc., Commerce CA", 21, 25, False, 0.35),
    ("FAB_GORE_BRN", "Brown elastic goring, 16 cm", _K.FABRIC, _U.METRE, "11.50",
     "Ribbon & Gore Inc., Commerce CA", 21, 25, False, 0.35),
    ("SOLE_CUP_WHT", "White rubber cupsole (men's)", _K.COMPONENT, _U.PAIR, "8.40", _SOLES, 42,
     120, True, 2.4),
    ("SOLE_CUP_BLK", "Black rubber cupsole (men's)", _K.COMPONENT, _U.PAIR, "8.40", _SOLES, 42,
     120, True, 2.4),
    ("SOLE_CUP_GUM", "Gum rubber cupsole (men's)", _K.COMPONENT, _U.PAIR, "9.10", _SOLES, 42,
     120, True, 2.4),
    ("SOLE_CUPW_WHT", "White rubber cupsole (women's)", _K.COMPONENT, _U.PAIR, "7.60", _SOLES, 42,
     120, True, 2.1),
    ("SOLE_LUG_BLK", "Black commando lug sole with heel", _K.COMPONENT, _U.PAIR, "11.80", _SOLES,
     49, 100, True, 2.8),
    ("SOLE_LEATHER", "Oak-bark leather sole with rubber heel top", _K.COMPONENT, _U.PAIR, "13.50",
     _SOLES, 35, 100, True, 1.6),
    ("SOLE_CREPE", "Natural crepe sole", _K.COMPONENT, _U.PAIR, "12.20",
     "Pacific Crepe Co., Long Beach CA", 56, 150, True, 1.4),
    ("INSOLE_M", "Cellulose insole board (men's)", _K.COMPONENT, _U.PAIR, "1.35", _FINDINGS, 14,
     200, True, 0.25),
    ("INSOLE_W", "Cellulose insole board (women's)", _K.COMPONENT, _U.PAIR, "1.20", _FINDINGS, 14,
     200, True, 0.22),
    ("TOEPUFF_M", "Thermoplastic toe puff (men's)", _K.COMPONENT, _U.PAIR, "0.38", _FINDINGS, 14,
     200, True, 0.08),
    ("TOEPUFF_W", "Thermoplastic toe puff (women's)", _K.COMPONENT, _U.PAIR, "0.34", _FINDINGS,
     14, 200, True, 0.07),
    ("COUNTER_M", "Heel counter stiffener (men's)", _K.COMPONENT, _U.PAIR, "0.52", _FINDINGS, 14,
     200, True, 0.12),
    ("COUNTER_W", "Heel counter stiffener (women's)", _K.COMPONENT, _U.PAIR, "0.46", _FINDINGS,
     14, 200, True, 0.1),
    ("LACE_FLAT_WHT", "Flat cotton laces, white", _K.COMPONENT, _U.PAIR, "0.45", _FINDINGS, 7,
     100, False, 0.05),
    ("LACE_FLAT_BLK", "Flat cotton laces, black", _K.COMPONENT, _U.PAIR, "0.45", _FINDINGS, 7,
     100, False, 0.05),
    ("LACE_WAX_BLK", "Waxed round laces, black", _K.COMPONENT, _U.PAIR, "0.55", _FINDINGS, 7,
     100, False, 0.05),
    ("LACE_WAX_NAT", "Waxed round laces, natural", _K.COMPONENT, _U.PAIR, "0.55", _FINDINGS, 7,
     100, False, 0.05),
    ("EYELET_BLK", "Black enamel eyelets", _K.COMPONENT, _U.PIECE, "0.03", _FINDINGS, 7, 1000,
     False, 0.002),
    ("EYELET_BRASS", "Antique brass eyelets", _K.COMPONENT, _U.PIECE, "0.03", _FINDINGS, 7, 1000,
     False, 0.002),
    ("THREAD_NYL", "Bonded nylon thread, tex 70", _K.COMPONENT, _U.GRAM, "0.045", _FINDINGS, 7,
     500, False, 0.009),
    ("CEMENT_PU", "PU shoe cement", _K.COMPONENT, _U.GRAM, "0.014", _FINDINGS, 7, 4000, False,
     0.004),
)  # fmt: skip


def materials() -> list[Material]:
    """Every material the demo brand buys: leathers first, then fabrics and components."""
    out = [
        Material(
            code=code,
            name=name,
            kind=MaterialKind.LEATHER,
            unit=Unit.SQFT,
            unit_cost=Decimal(cost),
            supplier=supplier,
            lead_time_days=lead,
            min_order=minimum,
            # Suede and crazy-horse are cut around more marks than smooth calf.
            default_yield=0.72 if code in ("LTH_BRN", "LTH_NVY", "LTH_SND") else 0.75,
            co2e_per_unit=round(_LEATHER_CO2E_PER_SQFT * (1.2 if thick >= 1.8 else 1.0), 3),
        )
        for code, name, cost, supplier, lead, minimum, thick in LEATHERS
    ]
    for code, name, kind, unit, cost, supplier, lead, minimum, per_size, co2e in OTHER_MATERIALS:
        out.append(
            Material(
                code=code,
                name=name,
                kind=kind,
                unit=unit,
                unit_cost=Decimal(cost),
                supplier=supplier,
                lead_time_days=lead,
                min_order=minimum,
                per_size=per_size,
                default_yield=0.88 if kind is MaterialKind.FABRIC else 1.0,
                co2e_per_unit=co2e,
            )
        )
    return out


def leather_thickness(material_code: str) -> float:
    return next(t for c, *_, t in LEATHERS if c == material_code)


def styles() -> list[Style]:
    return [
        Style(
            code=s.code,
            name=s.name,
            last=s.last,
            category=s.category,
            size_run=s.size_run,
            routing=tuple(RoutingStep(op, mins, lag) for op, mins, lag in s.routing),
            retail_price=Decimal(s.retail_price),
            unit_cost=Decimal(s.unit_cost),
        )
        for s in STYLE_SPECS
    ]


def colourways() -> list[Colourway]:
    return [Colourway(s.code, c.code, c.name) for s in STYLE_SPECS for c in s.colourways]


def _layers(c: ColourwaySpec) -> dict[str, str]:
    out = {"upper": c.leather, "lining": c.lining}
    if c.gore:
        out["gore"] = c.gore
    return out


def _net_area_mm2(style_code: str, layer: str) -> float:
    return sum(
        Polygon(p.outline).area * p.count_per_pair
        for p in base_pieces(style_code)
        if p.layer == layer
    )


def boms() -> list[BOM]:
    """One BOM per colourway; leather and fabric quantities are the pattern's net area."""
    out = []
    for s in STYLE_SPECS:
        grade = round(area_grade_per_step(s.last_length_mm), 4)
        upper_sqft = round(mm2_to_sqft(_net_area_mm2(s.code, "upper")), 3)
        lining_m = round(_net_area_mm2(s.code, "lining") / 1e6 / LINING_WIDTH_M, 3)
        gore_m = round(_net_area_mm2(s.code, "gore") / 1e6 / GORE_WIDTH_M, 3)
        for c in s.colourways:
            lines = [
                BOMLine(c.leather, s.base_size, upper_sqft, grade),
                BOMLine(c.lining, s.base_size, lining_m, grade),
                BOMLine(c.sole, s.base_size, 1.0),
                BOMLine(s.insole, s.base_size, 1.0),
                BOMLine(s.toe_puff, s.base_size, 1.0),
                BOMLine(s.counter, s.base_size, 1.0),
                BOMLine("THREAD_NYL", s.base_size, float(s.thread_g), 0.012),
                BOMLine("CEMENT_PU", s.base_size, float(s.cement_g), 0.015),
            ]
            if c.gore:
                lines.append(BOMLine(c.gore, s.base_size, gore_m, grade))
            if c.laces:
                lines.append(BOMLine(c.laces, s.base_size, 1.0))
            if c.eyelets and s.eyelets_per_pair:
                lines.append(BOMLine(c.eyelets, s.base_size, float(s.eyelets_per_pair)))
            out.append(BOM(s.code, c.code, tuple(lines)))
    return out


def all_pattern_pieces() -> list[PatternPiece]:
    return [
        piece
        for s in STYLE_SPECS
        for piece in pattern_pieces(
            s.code,
            s.size_run,
            s.base_size,
            s.last_length_mm,
            [_layers(c) for c in s.colourways],
        )
    ]


def spec(style_code: str) -> StyleSpec:
    return next(s for s in STYLE_SPECS if s.code == style_code)
