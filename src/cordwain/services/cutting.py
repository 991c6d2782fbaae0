"""Cutting-room use cases: plan the clicking of a batch, import patterns and hides, draw plans.

``plan_cutting`` takes a batch (or explicit lines), gathers each colourway's pattern pieces,
nests the leather pieces of every article on that article's offcuts and hides
(:mod:`cordwain.nest`), packs fabric pieces on rolls, and stores in one transaction:

- the ``cutting-plan`` document (key: batch code) — every piece with its hide, position, side,
  the grade of leather under it and the pair it belongs to (so traceability can link serials to
  hides and zones), yield per hide, sq ft per pair, and every piece not cut with the reason;
- the hides it opens taken off the shelf (kept whole in the plan, and as a ``trace.hide``
  record for recalls), offcuts it uses removed, new offcuts added, roll lengths shortened,
  and the material stock counts the planner reads lowered to match (a hide's stamped sq ft,
  a roll's metres), so the next plan does not count leather already cut;
- the ``cutting-yield`` document (key ``current``): measured yield per leather article,
  which the batch planner uses instead of :attr:`Material.default_yield`.

Planning a batch that already has a plan is refused unless ``replan=True``, which first puts
back what the old plan took (hides, offcuts, roll length) and removes what it made.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cordwain import nest
from cordwain.domain import (
    BatchLine,
    DomainError,
    FabricRoll,
    Grade,
    GrainRule,
    Hide,
    InventoryLevel,
    MaterialKind,
    Offcut,
    PatternPiece,
    Polygon,
    QualityZone,
    StockKind,
    Variant,
)
from cordwain.domain.geometry import Point
from cordwain.domain.sizes import size_key
from cordwain.domain.units import mm2_to_sqft
from cordwain.store import DuplicateError, NotFoundError, SqlUnitOfWork

from .errors import ServiceError
from .trace import KIND_USED_HIDE, serial_for

#: The stored cutting plan of a batch; key: batch code.
KIND_PLAN = "cutting-plan"
#: Measured cutting yield per leather article; one document, key :data:`YIELD_KEY`.
KIND_YIELD = "cutting-yield"
YIELD_KEY = "current"

#: Grading rule for a pattern drawn at one size (the trade's usual one, as in the demo):
#: length grows 4.23 mm per half size on the last (a sixth of an inch), width 0.8 %.
LENGTH_STEP_MM = 4.23
WIDTH_GRADE_PER_STEP = 0.008

#: progress(step description, done, total), as the other slow services report.
Progress = Callable[[str, int, int], None]

_LEVEL_GRADE = {level: grade for grade, level in nest.GRADE_LEVEL.items()}
_ROUND = 2  # mm decimals kept in the stored plan (0.01 mm: far below any knife)


def _quiet(_: str, __: int, ___: int) -> None:
    return None


# --- reports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetReport:
    """One hide, offcut or roll used by a plan."""

    code: str
    kind: str  # "hide", "offcut" or "roll"
    material: str
    pieces: int
    yield_: float  # piece area / usable area (density on rolls)
    piece_sqft: float
    usable_sqft: float
    metres: float = 0.0  # rolls only


@dataclass(frozen=True)
class ArticleReport:
    """What a plan did with one material (a leather article or a fabric)."""

    material: str
    kind: str  # "leather" or "fabric"
    status: str  # "complete", "partial", "invalid" or "not cut"
    pieces: int  # pieces demanded
    placed: int
    hides_used: int
    offcuts_used: int
    utilisation: float  # the yield: piece area / usable area of the hides and offcuts cut
    net_yield: float  # piece area / leather consumed (usable area minus offcuts kept)
    piece_sqft: float
    consumed_sqft: float
    pairs: int
    sqft_per_pair: float  # net, mean over the pairs that use this material
    metres: float = 0.0
    runtime: float = 0.0
    violations: tuple[str, ...] = ()


@dataclass(frozen=True)
class CuttingReport:
    """The outcome of :func:`plan_cutting` (the full plan is in the ``cutting-plan`` document)."""

    batch_code: str
    pairs: int
    status: str
    runtime: float
    articles: tuple[ArticleReport, ...]
    sheets: tuple[SheetReport, ...]
    unplaced: tuple[dict[str, Any], ...]
    offcuts_kept: tuple[str, ...]
    offcuts_used: tuple[str, ...]
    sqft_per_pair: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def hides_used(self) -> int:
        return sum(1 for s in self.sheets if s.kind == "hide")

    @property
    def pieces(self) -> int:
        return sum(a.pieces for a in self.articles)

    @property
    def placed(self) -> int:
        return sum(a.placed for a in self.articles)

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": self.batch_code,
            "pairs": self.pairs,
            "status": self.status,
            "runtime_s": round(self.runtime, 2),
            "hides_used": self.hides_used,
            "pieces": self.pieces,
            "placed": self.placed,
            "articles": [_article_json(a) for a in self.articles],
            "sheets": [
                {"code": s.code, "kind": s.kind, "material": s.material, "pieces": s.pieces,
                 "yield": round(s.yield_, 4), "piece_sqft": round(s.piece_sqft, 3),
                 "usable_sqft": round(s.usable_sqft, 3), "metres": round(s.metres, 3)}
                for s in self.sheets
            ],
            "sqft_per_pair": self.sqft_per_pair,
            "unplaced": list(self.unplaced),
            "offcuts_kept": list(self.offcuts_kept),
            "offcuts_used": list(self.offcuts_used),
        }  # fmt: skip


def _article_json(a: ArticleReport) -> dict[str, Any]:
    return {
        "material": a.material, "kind": a.kind, "status": a.status, "pieces": a.pieces,
        "placed": a.placed, "hides_used": a.hides_used, "offcuts_used": a.offcuts_used,
        "yield": round(a.utilisation, 4), "yield_net_of_offcuts": round(a.net_yield, 4),
        "piece_sqft": round(a.piece_sqft, 3), "consumed_sqft": round(a.consumed_sqft, 3),
        "pairs": a.pairs, "sqft_per_pair": round(a.sqft_per_pair, 4),
        "metres": round(a.metres, 3), "runtime_s": round(a.runtime, 2),
        "violations": list(a.violations),
    }  # fmt: skip


# --- plain JSON of stock objects (kept in the plan so a re-plan can put them back) ----------


def _shape_key(article: str, piece: str, size: str) -> str:
    """Key of a piece's drawn shape at a size; every colourway of a style shares it."""
    return f"{article.split('-')[0]}/{piece}/{size}"


def placed_outline(shape, x: float, y: float, rotation: float, mirror: bool) -> list[Point]:
    """Where a stored placement cuts: the shape mirrored in x (when ``mirror``), turned by
    ``rotation`` degrees about the origin, then moved by (x, y) — the jagua-rs convention."""
    a = math.radians(rotation)
    c, s = math.cos(a), math.sin(a)
    out = []
    for px, py in shape:
        px = -px if mirror else px
        out.append((px * c - py * s + x, px * s + py * c + y))
    return out


def _ring(points) -> list[list[float]]:
    return [[round(float(x), _ROUND), round(float(y), _ROUND)] for x, y in points]


def offcut_json(o: Offcut) -> dict[str, Any]:
    return {
        "code": o.code, "hide_code": o.hide_code, "material": o.material_code,
        "outline": o.outline.to_list(), "grade": Grade(o.grade).value,
        "zones": [{"grade": Grade(z.grade).value, "outline": z.outline.to_list(), "note": z.note}
                  for z in o.zones],
    }  # fmt: skip


def offcut_from_json(d: dict[str, Any]) -> Offcut:
    return Offcut(
        code=d["code"],
        hide_code=d["hide_code"],
        material_code=d["material"],
        outline=Polygon.from_list(d["outline"]),
        grade=Grade(d["grade"]),
        zones=tuple(
            QualityZone(Grade(z["grade"]), Polygon.from_list(z["outline"]), z.get("note", ""))
            for z in d.get("zones", [])
        ),
    )


def _hide_json(h: Hide) -> dict[str, Any]:
    """A hide in "our JSON" (docs/cutting.md), as ``cordwain cut hide`` reads it."""
    return {
        "code": h.code, "material": h.material_code, "lot": h.lot,
        "stamped_area_sqft": h.stamped_area_sqft, "outline": h.outline.to_list(),
        "holes": [x.to_list() for x in h.holes],
        "zones": [{"grade": Grade(z.grade).value, "outline": z.outline.to_list(), "note": z.note}
                  for z in h.zones],
        "base_grade": h.base_grade.value,
        "backbone": [list(p) for p in h.backbone] if h.backbone else None,
        "thickness_mm": h.thickness_mm,
    }  # fmt: skip


def _hide_from_json(d: dict[str, Any]) -> Hide:
    return Hide(
        code=d["code"],
        material_code=d["material"],
        lot=d.get("lot", ""),
        stamped_area_sqft=float(d["stamped_area_sqft"]),
        outline=Polygon.from_list(d["outline"]),
        holes=tuple(Polygon.from_list(x) for x in d.get("holes", [])),
        zones=tuple(
            QualityZone(Grade(z["grade"]), Polygon.from_list(z["outline"]), z.get("note", ""))
            for z in d.get("zones", [])
        ),
        base_grade=Grade(d.get("base_grade", "A")),
        backbone=tuple(tuple(p) for p in d["backbone"]) if d.get("backbone") else None,
        thickness_mm=float(d.get("thickness_mm", 1.2)),
    )


# --- what a batch needs --------------------------------------------------------------------


def _lines_of(
    uow: SqlUnitOfWork,
    batch_code: str,
    lines: Sequence[BatchLine | tuple[Variant | str, int]] | None,
) -> list[BatchLine]:
    if lines is None:
        batch = uow.batches.get(batch_code)
        if batch is None:
            raise ServiceError(
                f"batch {batch_code} does not exist; store it first or pass its lines"
            )
        out = list(batch.lines)
    else:
        out = []
        for k, ln in enumerate(lines, start=1):
            if isinstance(ln, BatchLine):
                out.append(ln)
                continue
            try:
                variant, qty = ln
                v = variant if isinstance(variant, Variant) else Variant.parse(str(variant))
                out.append(BatchLine(v, int(qty)))
            except (DomainError, TypeError, ValueError) as exc:
                raise ServiceError(f"line {k} ({ln!r}): {exc}") from exc
    out = [ln for ln in out if ln.quantity > 0]
    if not out:
        raise ServiceError(f"batch {batch_code} has no pairs to cut")
    return out


def _ordered(lines: list[BatchLine]) -> list[BatchLine]:
    """Lines in the order :func:`cordwain.services.trace.serialise_batch` numbers pairs."""
    return sorted(
        lines,
        key=lambda ln: (ln.variant.style_code, ln.variant.colourway_code,
                        size_key(ln.variant.size)),
    )  # fmt: skip


def colourway_pieces(
    uow: SqlUnitOfWork, style_code: str, colourway_code: str
) -> list[PatternPiece]:
    """The pieces a colourway is cut from: the style's pieces whose material is in its BOM.

    A style whose colourway has no BOM uses all of the style's pieces.
    """
    pieces = uow.patterns.list(style_code)
    bom = uow.boms.get(style_code, colourway_code)
    if bom is None:
        return pieces
    materials = {ln.material_code for ln in bom.lines}
    return [p for p in pieces if p.material_code in materials]


@dataclass
class _Group:
    """All demands on one material."""

    material: str
    kind: MaterialKind
    demands: list[nest.PieceDemand] = field(default_factory=list)
    pieces: int = 0
    pairs: int = 0
    #: items that cannot even be asked for (piece not graded to the size)
    refused: list[dict[str, Any]] = field(default_factory=list)


def _groups(
    uow: SqlUnitOfWork, lines: list[BatchLine]
) -> tuple[dict[str, _Group], list[dict[str, Any]]]:
    materials = {m.code: m for m in uow.materials.list()}
    groups: dict[str, _Group] = {}
    unplaced: list[dict[str, Any]] = []
    cache: dict[tuple[str, str], list[PatternPiece]] = {}
    for ln in lines:
        v = ln.variant
        key = (v.style_code, v.colourway_code)
        if key not in cache:
            cache[key] = colourway_pieces(uow, *key)
        pieces = cache[key]
        article = f"{v.style_code}-{v.colourway_code}"
        if not pieces:
            unplaced.append({
                "material": "", "sku": v.sku, "piece": "", "size": v.size, "side": "",
                "count": ln.quantity, "reason": f"style {v.style_code} has no pattern pieces; "
                "import them with `cordwain cut patterns`",
            })  # fmt: skip
            continue
        for p in pieces:
            mat = materials[p.material_code]
            if mat.kind is MaterialKind.COMPONENT:
                unplaced.append({
                    "material": mat.code, "sku": v.sku, "piece": p.name, "size": v.size,
                    "side": "", "count": p.count_per_pair * ln.quantity,
                    "reason": f"{mat.code} is a component, not leather or fabric: not cut here",
                })  # fmt: skip
                continue
            g = groups.setdefault(mat.code, _Group(mat.code, mat.kind))
            try:
                g.demands.append(nest.PieceDemand(p, v.size, ln.quantity, article))
            except (DomainError, ValueError) as exc:
                unplaced.append({
                    "material": mat.code, "sku": v.sku, "piece": p.name, "size": v.size,
                    "side": "", "count": p.count_per_pair * ln.quantity, "reason": str(exc),
                })  # fmt: skip
                continue
            g.pieces += p.count_per_pair * ln.quantity
    for g in groups.values():
        g.pairs = sum(
            ln.quantity
            for ln in lines
            if any(d.article == f"{ln.variant.style_code}-{ln.variant.colourway_code}"
                   and d.size == ln.variant.size for d in g.demands)
        )  # fmt: skip
    return groups, unplaced


# --- pair numbering ------------------------------------------------------------------------


def _pair_numbers(batch_code: str, lines: list[BatchLine]) -> tuple[dict[str, int], dict[str, int]]:
    """SKU → serial number offset (serials as serialise_batch gives them), SKU → pairs."""
    offset, quantity, n = {}, {}, 0
    for ln in _ordered(lines):
        offset[ln.variant.sku] = n
        quantity[ln.variant.sku] = ln.quantity
        n += ln.quantity
    return offset, quantity


def _assign_pairs(
    rows: list[dict[str, Any]],
    per_side: dict[tuple[str, str, str], int],
    sheet_rank: dict[str, int],
    batch_code: str,
    offset: dict[str, int],
) -> None:
    """Give every placed piece the pair it belongs to.

    Copies of one piece (SKU, piece, side) are handed out hide by hide, so a pair's pieces come
    from the same hide wherever the plan allows (shade matching between left and right).
    """
    by_item: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_item[(r["sku"], r["piece"], r["side"])].append(r)
    for (sku, piece, side), group in by_item.items():
        group.sort(key=lambda r: (sheet_rank.get(r["sheet"], 0), r["x"], r["y"]))
        k = per_side.get((sku, piece, side), 1)
        for i, r in enumerate(group):
            r["pair"] = i // k + 1
            r["serial"] = serial_for(batch_code, offset[sku] + r["pair"])


# --- leather -------------------------------------------------------------------------------


def _leather(
    uow: SqlUnitOfWork,
    g: _Group,
    *,
    time_limit: float,
    seed: int,
    gap_mm: float,
) -> dict[str, Any]:
    hides = uow.hides.list(g.material)
    offcuts = uow.offcuts.list(g.material)
    t0 = time.monotonic()
    out: dict[str, Any] = {
        "material": g.material, "kind": "leather", "hides": {h.code: h for h in hides},
        "offcuts": {o.code: o for o in offcuts}, "placements": [], "unplaced": [],
        "usage": [], "violations": [], "new_offcuts": [], "status": "complete", "shapes": {},
    }  # fmt: skip
    if not hides and not offcuts:
        out["status"] = "not cut"
        for d in g.demands:
            side_count = d.piece.count_per_pair * d.pairs
            out["unplaced"].append({
                "material": g.material, "sku": f"{d.article}-{d.size}", "piece": d.piece.name,
                "size": d.size, "side": "", "count": side_count,
                "reason": f"no hide or offcut of {g.material} on the shelf: buy leather",
            })  # fmt: skip
        out["runtime"] = 0.0
        return out
    problem = nest.NestProblem.from_domain(
        hides,
        g.demands,
        offcuts=offcuts,
        # What the workshop pays for is area: the engine then prefers the least leather.
        hide_cost={h.code: h.stamped_area_sqft for h in hides},
        gap_mm=gap_mm,
    )
    result = nest.solve(problem, time_limit=time_limit, seed=seed)
    out["problem"], out["result"] = problem, result
    out["status"] = result.status
    out["violations"] = list(result.violations)
    out["runtime"] = time.monotonic() - t0
    items = {it.id: it for it in problem.items}
    for p in result.placements:
        it = items[p.item_id]
        grade = p.grade
        out["placements"].append({
            "sheet": p.sheet_id, "material": g.material, "sku": f"{p.article}-{p.size}",
            "article": p.article, "piece": p.piece, "size": p.size, "side": p.side,
            "zone": grade.value if grade is not None else "reject",
            "min_grade": _LEVEL_GRADE.get(it.min_level, Grade.A).value,
            "x": round(p.x, _ROUND), "y": round(p.y, _ROUND), "rotation": round(p.angle, 4),
            "mirror": p.mirror, "shape": _shape_key(it.article, it.piece, it.size),
        })  # fmt: skip
    for it in items.values():
        out["shapes"][_shape_key(it.article, it.piece, it.size)] = _ring(it.shape)
    for u in result.unplaced:
        it = items[u.item_id]
        out["unplaced"].append({
            "material": g.material, "sku": f"{it.article}-{it.size}", "piece": it.piece,
            "size": it.size, "side": it.side, "count": u.count, "reason": u.reason,
        })  # fmt: skip
    out["usage"] = list(result.usage)
    if result.placements and not result.violations:
        out["new_offcuts"] = nest.offcuts_from(problem, result, material_code=g.material)
    return out


# --- fabric --------------------------------------------------------------------------------


def _roll_items(g: _Group) -> tuple[list[nest.RollItem], dict[str, dict[str, Any]]]:
    items, meta = [], {}
    for d in g.demands:
        p = d.piece
        outline = p.outline_for(d.size)
        orient = (0.0, 180.0) if p.grain is GrainRule.ALONG_BACKBONE else (0.0, 90.0, 180.0, 270.0)
        sides = (("right", outline), ("left", outline.mirrored())) if p.mirrored else (
            ("", outline),)  # fmt: skip
        per_side = p.count_per_pair // len(sides)
        for side, shape in sides:
            iid = f"{p.style_code}/{p.name}/{d.size}/{d.article}" + (f"/{side}" if side else "")
            if per_side * d.pairs < 1:
                continue
            items.append(nest.RollItem(iid, shape.points, per_side * d.pairs, orient))
            meta[iid] = {"article": d.article, "piece": p.name, "size": d.size, "side": side,
                         "area": shape.area, "shape": _ring(outline.points)}  # fmt: skip
    return items, meta


def _fabric(
    uow: SqlUnitOfWork, g: _Group, *, time_limit: float, seed: int, gap_mm: float
) -> dict[str, Any]:
    t0 = time.monotonic()
    rolls = uow.rolls.list(g.material)
    out: dict[str, Any] = {
        "material": g.material, "kind": "fabric", "placements": [], "unplaced": [],
        "rolls_used": [], "violations": [], "status": "complete", "metres": 0.0,
        "piece_area": 0.0, "roll_area": 0.0, "shapes": {},
    }  # fmt: skip
    items, meta = _roll_items(g)

    def refuse(reason: str) -> dict[str, Any]:
        out["status"] = "not cut"
        for it in items:
            m = meta[it.id]
            out["unplaced"].append({
                "material": g.material, "sku": f"{m['article']}-{m['size']}", "piece": m["piece"],
                "size": m["size"], "side": m["side"], "count": it.demand, "reason": reason,
            })  # fmt: skip
        out["runtime"] = time.monotonic() - t0
        return out

    if not items:
        out["runtime"] = 0.0
        return out
    if not rolls:
        return refuse(f"no roll of {g.material} on the shelf: buy fabric")
    # One marker on one roll: the widest rolls first, the shortest roll that holds it wins
    # (an opened roll is used up before a full one is cut into).
    width = max(r.width_m for r in rolls)
    candidates = [r for r in rolls if abs(r.width_m - width) < 1e-9]
    try:
        result = nest.solve_roll(
            nest.RollProblem(width * 1000.0, tuple(items), gap=gap_mm, name=g.material),
            time_limit=time_limit,
            seed=seed,
        )
    except nest.NestInputError as exc:
        return refuse(f"cannot be packed on a {width:.2f} m roll: {exc}")
    need = result.metres
    holding = sorted((r for r in candidates if r.length_m >= need), key=lambda r: r.length_m)
    if result.violations:
        out["violations"] = list(result.violations)
        return refuse("the roll layout failed its check: " + "; ".join(result.violations[:3]))
    if not holding:
        longest = max(r.length_m for r in candidates)
        return refuse(
            f"needs {need:.2f} m of {g.material} in one length; the longest roll has "
            f"{longest:.2f} m: buy fabric"
        )
    roll = holding[0]
    for m in meta.values():
        out["shapes"][_shape_key(m["article"], m["piece"], m["size"])] = m["shape"]
    out["rolls_used"] = [{
        "code": roll.code, "material": roll.material_code, "width_m": roll.width_m,
        "length_before_m": roll.length_m, "metres_used": round(need, 4), "lot": roll.lot,
    }]  # fmt: skip
    out["metres"] = need
    out["density"] = result.density
    for p in result.placements:
        m = meta[p.item_id]
        out["placements"].append({
            "sheet": roll.code, "material": g.material, "sku": f"{m['article']}-{m['size']}",
            "article": m["article"], "piece": m["piece"], "size": m["size"], "side": m["side"],
            "zone": "", "min_grade": "", "x": round(p.x, _ROUND), "y": round(p.y, _ROUND),
            "rotation": round(p.angle, 4), "mirror": m["side"] == "left",
            "shape": _shape_key(m["article"], m["piece"], m["size"]),
        })  # fmt: skip
        out["piece_area"] += m["area"]
    out["roll_area"] = need * 1000.0 * width * 1000.0
    out["runtime"] = time.monotonic() - t0
    return out


# --- undo a stored plan --------------------------------------------------------------------


def _release(
    uow: SqlUnitOfWork, batch_code: str, body: dict[str, Any], *, forget_yield: bool = True
) -> None:
    """Put back what a stored plan took from stock, and remove what it added (and, unless
    told otherwise, the yield it measured)."""
    for o in body.get("offcuts_kept", []):
        try:
            uow.offcuts.remove(o["code"])
        except NotFoundError as exc:
            users = [k for k in uow.documents.list(KIND_PLAN) if k != batch_code and any(
                u["code"] == o["code"]
                for u in (uow.documents.get(KIND_PLAN, k) or {}).get("offcuts_used", [])
            )]  # fmt: skip
            who = f" by the plan of batch {users[0]}" if users else ""
            raise ServiceError(
                f"offcut {o['code']} kept by the plan of batch {batch_code} was used since"
                f"{who}; re-plan that batch first"
            ) from exc
    for o in body.get("offcuts_used", []):
        uow.offcuts.add(offcut_from_json(o))
    _return_stock(uow, body.get("stock_taken", []))
    for h in body.get("hides_opened", []):
        uow.hides.add(_hide_from_json(h))
        used = uow.documents.get(KIND_USED_HIDE, h["code"])
        if used is not None and used.get("cut_for") == batch_code:
            uow.documents.delete(KIND_USED_HIDE, h["code"])
    for r in body.get("rolls_used", []):
        roll = uow.rolls.get(r["code"])
        if roll is None:
            uow.rolls.add(FabricRoll(r["code"], r["material"], r["width_m"], r["length_before_m"],
                                     r.get("lot", "")))  # fmt: skip
        else:
            uow.rolls.save(dataclasses.replace(roll, length_m=roll.length_m + r["metres_used"]))
    doc = uow.documents.get(KIND_YIELD, YIELD_KEY) if forget_yield else None
    if doc:
        for mat in list(doc):
            doc[mat].get("batches", {}).pop(batch_code, None)
            if doc[mat].get("batches"):
                doc[mat] = _yield_entry(doc[mat]["batches"], doc[mat].get("by_variant", {}))
            else:
                del doc[mat]
        uow.documents.put(KIND_YIELD, YIELD_KEY, doc)
    uow.documents.delete(KIND_PLAN, batch_code)


def _stock_used(hides: list[dict[str, Any]], rolls: list[dict[str, Any]]) -> dict[str, float]:
    """Material stock a plan uses up: the stamped sq ft of the hides it opens and the metres
    it takes off rolls (offcuts are scrap of hides already counted out, so they count 0)."""
    out: dict[str, float] = defaultdict(float)
    for h in hides:
        out[h["material"]] += float(h["stamped_area_sqft"])
    for r in rolls:
        out[r["material"]] += float(r["metres_used"])
    return dict(out)


def _take_stock(uow: SqlUnitOfWork, material: str, quantity: float) -> list[dict[str, Any]]:
    """Lower the stock counts of ``material`` by ``quantity`` (main store first, never below
    zero) and return what was taken from which count, for putting it back."""
    levels = [
        lv for lv in uow.inventory.list(StockKind.MATERIAL)
        if lv.code == material and lv.quantity > 0
    ]  # fmt: skip
    levels.sort(key=lambda lv: (lv.location != "main", lv.location, lv.size or ""))
    out = []
    left = quantity
    for lv in levels:
        if left <= 1e-9:
            break
        take = min(lv.quantity, left)
        uow.inventory.set(dataclasses.replace(lv, quantity=round(lv.quantity - take, 4)))
        out.append({"code": material, "size": lv.size, "location": lv.location,
                    "quantity": round(take, 4)})  # fmt: skip
        left -= take
    return out


def _return_stock(uow: SqlUnitOfWork, taken: list[dict[str, Any]]) -> None:
    for t in taken:
        lv = uow.inventory.get(StockKind.MATERIAL, t["code"], t["size"], t["location"])
        have = lv.quantity if lv is not None else 0.0
        uow.inventory.set(InventoryLevel(StockKind.MATERIAL, t["code"],
                                         round(have + t["quantity"], 4), t["size"],
                                         t["location"]))  # fmt: skip


def put_back_cutting_plan(uow: SqlUnitOfWork, batch_code: str) -> bool:
    """Put back what the batch's stored cutting plan took (hides, offcuts, roll length) and
    drop the plan, keeping the yield it measured: before the batch is planned again, so the
    new plan sees the whole shelf. Returns whether there was a plan. No commit; raises
    :class:`ServiceError` (nothing changed) when an offcut it made was used since."""
    code = str(batch_code).strip().upper()
    body = uow.documents.get(KIND_PLAN, code)
    if body is None:
        return False
    _release(uow, code, body, forget_yield=False)
    return True


# --- the yield the planner reads -----------------------------------------------------------


def _yield_entry(batches: dict[str, Any], by_variant: dict[str, Any]) -> dict[str, Any]:
    piece = sum(b["piece_sqft"] for b in batches.values())
    usable = sum(b["usable_sqft"] for b in batches.values())
    consumed = sum(b["consumed_sqft"] for b in batches.values())
    pairs = sum(b["pairs"] for b in batches.values())
    y = piece / usable if usable > 0 else 0.0
    return {
        "yield": round(y, 4),
        "yield_net_of_offcuts": round(piece / consumed, 4) if consumed > 0 else 0.0,
        "sqft_per_pair": round(piece / pairs, 4) if pairs else 0.0,
        "gross_sqft_per_pair": round(piece / pairs / y, 4) if pairs and y else 0.0,
        "pairs": pairs,
        "by_variant": by_variant,
        "batches": batches,
    }


def read_cutting_yield(uow: SqlUnitOfWork) -> dict[str, dict[str, Any]]:
    """Measured yield per leather article: ``{material: {"yield", "sqft_per_pair", ...}}``."""
    return uow.documents.get(KIND_YIELD, YIELD_KEY) or {}


# --- the use case --------------------------------------------------------------------------


def plan_cutting(
    uow: SqlUnitOfWork,
    batch_code: str,
    *,
    lines: Sequence[BatchLine | tuple[Variant | str, int]] | None = None,
    time_limit: float = 60.0,
    seed: int = 0,
    gap_mm: float = 2.0,
    replan: bool = False,
    progress: Progress = _quiet,
) -> CuttingReport:
    """Plan the clicking of a batch and store it (plan, stock changes, yield), all or nothing.

    ``lines`` plans lines of a batch not stored yet (``BatchLine`` or ``(sku, pairs)``);
    otherwise the stored batch's lines are used. ``time_limit`` (s) is shared by all leather
    articles (in proportion to their pieces) and rolls.
    """
    t0 = time.monotonic()
    code = str(batch_code).strip().upper()
    if time_limit <= 0:
        raise ServiceError("the time limit must be positive")
    if gap_mm < 0:
        raise ServiceError("the gap between pieces cannot be negative")
    batch_lines = _lines_of(uow, code, lines)
    old = uow.documents.get(KIND_PLAN, code)
    if old is not None:
        if not replan:
            raise ServiceError(
                f"batch {code} already has a cutting plan; use --replan to put its hides and "
                "offcuts back and plan again"
            )
        try:
            _release(uow, code, old)
        except (ServiceError, DuplicateError, NotFoundError, DomainError) as exc:
            uow.rollback()  # the old plan stays as it was
            raise ServiceError(str(exc)) from exc
    groups, unplaced = _groups(uow, batch_lines)
    order = sorted(groups.values(), key=lambda g: (g.kind is not MaterialKind.LEATHER, g.material))
    fabric_n = sum(1 for g in order if g.kind is MaterialKind.FABRIC)
    fabric_t = min(5.0, max(1.0, 0.05 * time_limit)) if fabric_n else 0.0
    leather_t = max(1.0, time_limit - fabric_t * fabric_n)
    leather_pieces = sum(g.pieces for g in order if g.kind is MaterialKind.LEATHER) or 1
    outcomes = []
    for k, g in enumerate(order):
        progress(f"{g.material}: {g.pieces} pieces", k, len(order))
        try:
            if g.kind is MaterialKind.LEATHER:
                share = max(1.0, leather_t * g.pieces / leather_pieces)
                outcomes.append(_leather(uow, g, time_limit=share, seed=seed, gap_mm=gap_mm))
            else:
                outcomes.append(_fabric(uow, g, time_limit=fabric_t, seed=seed, gap_mm=gap_mm))
        except nest.NestInputError as exc:
            uow.rollback()
            raise ServiceError(f"{g.material}: {exc}") from exc
    progress("storing the plan", len(order), len(order))
    try:
        params = {"time_limit": time_limit, "seed": seed, "gap_mm": gap_mm}
        report = _store(uow, code, batch_lines, groups, outcomes, unplaced, t0, params)
    except (DuplicateError, NotFoundError, DomainError) as exc:
        uow.rollback()
        raise ServiceError(f"cutting plan of {code} could not be stored: {exc}") from exc
    uow.commit()
    return report


def _store(
    uow: SqlUnitOfWork,
    code: str,
    lines: list[BatchLine],
    groups: dict[str, _Group],
    outcomes: list[dict[str, Any]],
    unplaced: list[dict[str, Any]],
    t0: float,
    params: dict[str, Any],
) -> CuttingReport:
    offset, _ = _pair_numbers(code, lines)
    per_side: dict[tuple[str, str, str], int] = {}
    for g in groups.values():
        for d in g.demands:
            sides = 2 if d.piece.mirrored else 1
            for side in ("right", "left") if d.piece.mirrored else ("",):
                per_side[(f"{d.article}-{d.size}", d.piece.name, side)] = (
                    d.piece.count_per_pair // sides
                )
    existing_offcuts = {o.code for o in uow.offcuts.list()}
    placements: list[dict[str, Any]] = []
    shapes: dict[str, Any] = {}
    sheets_json: list[dict[str, Any]] = []
    sheet_reports: list[SheetReport] = []
    articles: list[ArticleReport] = []
    hides_opened: list[dict[str, Any]] = []
    offcuts_used: list[dict[str, Any]] = []
    offcuts_kept: list[Offcut] = []
    rolls_used: list[dict[str, Any]] = []
    sqft_pp: dict[str, dict[str, float]] = {}
    yield_doc = uow.documents.get(KIND_YIELD, YIELD_KEY) or {}
    stamp = datetime.now().isoformat(timespec="seconds")
    rank = 0
    sheet_rank: dict[str, int] = {}
    for o in outcomes:
        g = groups[o["material"]]
        unplaced.extend(o["unplaced"])
        placements.extend(o["placements"])
        shapes.update(o["shapes"])
        if o["kind"] == "fabric":
            for r in o["rolls_used"]:
                rolls_used.append(r)
                roll = uow.rolls.get(r["code"])
                assert roll is not None
                left = roll.length_m - r["metres_used"]
                if left < 0.01:
                    uow.rolls.remove(roll.code)
                else:
                    uow.rolls.save(dataclasses.replace(roll, length_m=round(left, 4)))
                sheet_rank[r["code"]] = rank
                rank += 1
                sheets_json.append({
                    "code": r["code"], "kind": "roll", "material": g.material,
                    "pieces": len(o["placements"]), "yield": round(o.get("density", 0.0), 4),
                    "metres": round(r["metres_used"], 4), "width_mm": r["width_m"] * 1000.0,
                })  # fmt: skip
                sheet_reports.append(SheetReport(
                    r["code"], "roll", g.material, len(o["placements"]), o.get("density", 0.0),
                    mm2_to_sqft(o["piece_area"]), mm2_to_sqft(o["roll_area"]),
                    r["metres_used"],
                ))  # fmt: skip
            piece_sqft = mm2_to_sqft(o["piece_area"])
            articles.append(ArticleReport(
                g.material, "fabric", o["status"], g.pieces, len(o["placements"]), 0, 0,
                o.get("density", 0.0), o.get("density", 0.0), piece_sqft,
                mm2_to_sqft(o["roll_area"]), g.pairs, piece_sqft / g.pairs if g.pairs else 0.0,
                o["metres"], o["runtime"], tuple(o["violations"]),
            ))  # fmt: skip
            continue
        # leather
        result = o.get("result")
        hides_used = offcuts_n = 0
        piece_area = usable_area = 0.0
        for u in o["usage"]:
            sid = u.sheet_id.split("#")[0]
            sheet_rank[u.sheet_id] = rank
            rank += 1
            piece_area += u.piece_area
            usable_area += u.usable_area
            sheet: dict[str, Any] = {
                "code": u.sheet_id, "kind": u.kind, "material": g.material, "pieces": u.pieces,
                "yield": round(u.utilisation, 4), "piece_sqft": round(mm2_to_sqft(u.piece_area), 4),
                "usable_sqft": round(mm2_to_sqft(u.usable_area), 4),
                "scrap_sqft": round(mm2_to_sqft(u.scrap_area), 4),
            }  # fmt: skip
            if u.kind == "hide":
                hides_used += 1
                hide = o["hides"][sid]
                sheet["hide"] = _hide_json(hide)
                hides_opened.append(_hide_json(hide))
            else:
                offcuts_n += 1
                off = o["offcuts"][sid]
                sheet["offcut"] = offcut_json(off)
                offcuts_used.append(offcut_json(off))
            sheets_json.append(sheet)
            sheet_reports.append(SheetReport(
                u.sheet_id, u.kind, g.material, u.pieces, u.utilisation,
                mm2_to_sqft(u.piece_area), mm2_to_sqft(u.usable_area),
            ))  # fmt: skip
        kept_area = 0.0
        for off in o["new_offcuts"]:
            parent = o["offcuts"].get(off.hide_code)
            hide_code = parent.hide_code if parent is not None else off.hide_code
            k = 1
            while f"{hide_code}_OFF{k}" in existing_offcuts:
                k += 1
            new = dataclasses.replace(off, code=f"{hide_code}_OFF{k}", hide_code=hide_code)
            existing_offcuts.add(new.code)
            offcuts_kept.append(new)
            kept_area += new.outline.area
        piece_sqft = mm2_to_sqft(piece_area)
        consumed_sqft = mm2_to_sqft(max(usable_area - kept_area, 0.0))
        placed = len(o["placements"])
        by_variant: dict[str, float] = {}
        if result is not None:
            for (article, size), v in result.sqft_per_pair().items():
                sqft_pp.setdefault(article, {})[size] = round(v, 4)
                by_variant[f"{article}-{size}"] = round(v, 4)
        y = piece_sqft / consumed_sqft if consumed_sqft > 0 else 0.0
        articles.append(ArticleReport(
            g.material, "leather", o["status"], g.pieces, placed, hides_used, offcuts_n,
            piece_area / usable_area if usable_area else 0.0, y, piece_sqft, consumed_sqft,
            # Per pair over the pairs actually cut (in proportion when leather ran out).
            g.pairs, piece_sqft / (g.pairs * placed / g.pieces) if g.pairs and placed else 0.0,
            0.0, o["runtime"],
            tuple(o["violations"]),
        ))  # fmt: skip
        # A valid plan measures the article's yield. When the leather ran out (partial), the
        # hides cut still tell the yield; the pairs count only in proportion to the pieces
        # placed, so the sq ft per pair is not understated.
        if o["status"] in ("complete", "partial") and placed and consumed_sqft > 0:
            entry = yield_doc.get(g.material, {})
            batches = dict(entry.get("batches", {}))
            pairs = g.pairs if placed == g.pieces else round(g.pairs * placed / g.pieces, 2)
            batches[code] = {"piece_sqft": round(piece_sqft, 4),
                             "usable_sqft": round(mm2_to_sqft(usable_area), 4),
                             "consumed_sqft": round(consumed_sqft, 4), "pairs": pairs,
                             "hides_used": hides_used, "measured": stamp,
                             "partial": placed < g.pieces}  # fmt: skip
            # Per variant only from a complete plan: a part-cut variant would look lighter.
            fresh = by_variant if placed == g.pieces else {}
            variants = {**entry.get("by_variant", {}), **fresh}
            yield_doc[g.material] = _yield_entry(batches, variants)
    # Stock moves: hides opened leave the shelf, offcuts used are gone, new ones are kept.
    for h in hides_opened:
        uow.hides.remove(h["code"])
        if uow.documents.get(KIND_USED_HIDE, h["code"]) is None:
            uow.documents.put(KIND_USED_HIDE, h["code"], {
                "material_code": h["material"], "lot": h["lot"], "received": None,
                "note": f"cut for batch {code}", "cut_for": code,
            })  # fmt: skip
    for o_json in offcuts_used:
        uow.offcuts.remove(o_json["code"])
    for off in offcuts_kept:
        uow.offcuts.add(off)
    _assign_pairs(placements, per_side, sheet_rank, code, offset)
    for p in placements:
        sid = p["sheet"]
        p["hide_code"] = sid.split("#")[0]
    offcut_parent = {o["code"]: o["hide_code"] for o in offcuts_used}
    for p in placements:
        p["hide_code"] = offcut_parent.get(p["hide_code"], p["hide_code"])
    invalid = any(a.status == "invalid" for a in articles)
    status = "invalid" if invalid else ("partial" if unplaced else "complete")
    runtime = time.monotonic() - t0
    body = {
        "batch": code, "created": stamp, "status": status, "runtime_s": round(runtime, 2),
        "params": params, "pairs": sum(ln.quantity for ln in lines),
        "lines": [{"sku": ln.variant.sku, "quantity": ln.quantity} for ln in _ordered(lines)],
        "articles": {a.material: _article_json(a) for a in articles},
        "sheets": sheets_json, "shapes": shapes, "placements": placements, "unplaced": unplaced,
        "sqft_per_pair": sqft_pp, "hides_opened": hides_opened, "offcuts_used": offcuts_used,
        "offcuts_kept": [offcut_json(o) for o in offcuts_kept], "rolls_used": rolls_used,
    }  # fmt: skip
    taken: list[dict[str, Any]] = []
    for mat, qty in _stock_used(hides_opened, rolls_used).items():
        taken.extend(_take_stock(uow, mat, qty))
    body["stock_taken"] = taken
    uow.documents.put(KIND_PLAN, code, body)
    uow.documents.put(KIND_YIELD, YIELD_KEY, yield_doc)
    return CuttingReport(
        batch_code=code,
        pairs=body["pairs"],
        status=status,
        runtime=runtime,
        articles=tuple(articles),
        sheets=tuple(sheet_reports),
        unplaced=tuple(unplaced),
        offcuts_kept=tuple(o.code for o in offcuts_kept),
        offcuts_used=tuple(o["code"] for o in offcuts_used),
        sqft_per_pair=sqft_pp,
    )


# --- reading a stored plan back ------------------------------------------------------------


def cutting_plan(uow: SqlUnitOfWork, batch_code: str) -> dict[str, Any]:
    """The stored ``cutting-plan`` document of a batch (see docs/cutting.md for its fields)."""
    code = str(batch_code).strip().upper()
    body = uow.documents.get(KIND_PLAN, code)
    if body is None:
        raise ServiceError(f"batch {code} has no cutting plan; run `cordwain cut plan {code}`")
    return body


def _sheet_of(s: dict[str, Any]) -> nest.Sheet:
    if s["kind"] == "hide":
        return nest.hide_sheet(_hide_from_json(s["hide"]))
    if s["kind"] == "offcut":
        o = offcut_from_json(s["offcut"])
        base = nest.GRADE_LEVEL[Grade(o.grade)]
        return nest.Sheet(
            id=s["code"],
            outline=o.outline.points,
            zones=tuple(
                nest.Zone(nest.GRADE_LEVEL[Grade(z.grade)], z.outline.points)
                for z in o.zones
                if nest.GRADE_LEVEL[Grade(z.grade)] < base
            ),
            base_level=base,
            cost=0.0,
            material=o.material_code,
            kind="offcut",
        )
    # a roll: the length of it the marker takes
    length = max(s["metres"] * 1000.0, 1.0)
    rect = ((0.0, 0.0), (length, 0.0), (length, s["width_mm"]), (0.0, s["width_mm"]))
    return nest.Sheet(id=s["code"], outline=rect, material=s["material"])


def sheet_drawing(
    body: dict[str, Any], s: dict[str, Any]
) -> tuple[nest.NestProblem, nest.NestResult]:
    """The stored plan of one sheet (hide, offcut or roll) rebuilt for drawing or export."""
    from cordwain.domain.units import sqft_to_mm2

    sheet = _sheet_of(s)
    placements = tuple(
        nest.Placement(
            item_id=f"{p['sku']}/{p['piece']}/{p['side']}/{p.get('pair', 0)}",
            sheet_id=s["code"],
            x=p["x"],
            y=p["y"],
            angle=p["rotation"],
            mirror=p["mirror"],
            level=nest.GRADE_LEVEL[Grade(p["zone"])] if p.get("zone") else 3,
            outline=tuple(
                placed_outline(
                    body["shapes"][p["shape"]], p["x"], p["y"], p["rotation"], p["mirror"]
                )
            ),  # fmt: skip
            piece=p["piece"],
            size=p["size"],
            side=p["side"],
            article=p["article"],
        )
        for p in body["placements"]
        if p["sheet"] == s["code"]
    )
    if s["kind"] == "roll":
        piece = sum(_area(p.outline) for p in placements)
        usable = _area(sheet.outline)
    else:
        piece, usable = sqft_to_mm2(s["piece_sqft"]), sqft_to_mm2(s["usable_sqft"])
    usage = (nest.SheetUsage(s["code"], sheet.kind, len(placements), piece, usable),)
    result = nest.NestResult("complete", 0.0, 0.0, 0.0, placements, usage, ())
    return nest.NestProblem(sheets=(sheet,), items=()), result


def _area(ring) -> float:
    pts = list(ring)
    pairs = zip(pts, pts[1:] + pts[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs) / 2)


def _file_name(code: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in code)


def write_plan_files(
    uow: SqlUnitOfWork,
    batch_code: str,
    *,
    svg_dir: str | Path | None = None,
    dxf_dir: str | Path | None = None,
) -> list[Path]:
    """Draw a stored plan: one SVG (for the clicker) and/or DXF (for the table) per hide/roll.

    Files are named after the batch and the hide, offcut or roll: ``B2605MARA_H0007.svg``.
    """
    body = cutting_plan(uow, batch_code)
    written: list[Path] = []
    for target in (svg_dir, dxf_dir):
        if target is not None:
            try:
                Path(target).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ServiceError(f"{target}: cannot create the folder ({exc})") from exc
    for s in body["sheets"]:
        problem, result = sheet_drawing(body, s)
        stem = f"{_file_name(body['batch'])}_{_file_name(s['code'])}"
        try:
            if svg_dir is not None:
                path = Path(svg_dir) / f"{stem}.svg"
                path.write_text(nest.plan_svg(problem, result, s["code"]), encoding="utf-8")
                written.append(path)
            if dxf_dir is not None:
                path = Path(dxf_dir) / f"{stem}.dxf"
                nest.write_plan_dxf(path, problem, result, s["code"])
                written.append(path)
        except OSError as exc:
            raise ServiceError(f"{exc.filename or stem}: cannot be written ({exc})") from exc
    return written


# --- pattern and hide files ----------------------------------------------------------------


@dataclass(frozen=True)
class PatternImport:
    """What :func:`import_patterns` stored: piece names and the sizes each is graded to."""

    style_code: str
    material_code: str
    pieces: tuple[str, ...]
    sizes: tuple[str, ...]
    files: tuple[str, ...]


def _read_outlines(path: Path, units_mm: float | None) -> list[tuple[str, str, Polygon]]:
    """(name, entity, outline) per closed outline of a DXF or SVG pattern file."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ServiceError(f"{path}: no such file")
    out: list[tuple[str, str, Polygon]] = []
    seen: dict[str, int] = {}
    try:
        if suffix == ".dxf":
            for o in nest.read_outlines(path, units_mm=units_mm):
                name = o.layer if o.layer not in ("0", "") else f"piece {o.handle}"
                out.append((name, f"{path}: {o.kind} handle {o.handle} on layer {o.layer!r}",
                            Polygon(o.points)))  # fmt: skip
        elif suffix == ".svg":
            scale = 1.0 if units_mm is None else units_mm
            for k, o in enumerate(nest.read_svg_outlines(path, scale=scale), start=1):
                out.append((o.role or f"piece {k}", o.element, Polygon(o.points)))
        else:
            raise ServiceError(f"{path}: pattern files must be .dxf or .svg")
    except nest.NestInputError as exc:
        raise ServiceError(str(exc)) from exc
    except DomainError as exc:
        raise ServiceError(f"{path}: {exc}") from exc
    named = []
    for name, where, poly in out:
        seen[name] = seen.get(name, 0) + 1
        named.append((name if seen[name] == 1 else f"{name} {seen[name]}", where, poly))
    return named


def _graded(poly: Polygon, steps: float, last_length_mm: float) -> Polygon:
    # Grade about the piece's own corner so a graded piece stays where CAD drew it.
    x0, y0, _, _ = poly.bounds
    sx = 1.0 + steps * LENGTH_STEP_MM / last_length_mm
    sy = 1.0 + steps * WIDTH_GRADE_PER_STEP
    return Polygon(tuple((x0 + (x - x0) * sx, y0 + (y - y0) * sy) for x, y in poly.points))


def import_patterns(
    uow: SqlUnitOfWork,
    style_code: str,
    files: str | Path | Mapping[str, str | Path],
    material_code: str,
    *,
    size: str | None = None,
    grade: bool = True,
    last_length_mm: float = 270.0,
    units_mm: float | None = None,
    count_per_pair: int = 2,
    mirrored: bool = True,
    min_grade: Grade | str = Grade.B,
    grain: GrainRule | str = GrainRule.ALONG_BACKBONE,
    grain_tolerance_deg: float = 10.0,
) -> PatternImport:
    """Import a style's pattern pieces from DXF / SVG, one piece per closed outline.

    ``files`` is one drawing at ``size`` (default: the middle of the style's size run),
    graded to every size of the run when ``grade`` (length 4.23 mm per half size on a last of
    ``last_length_mm``, width 0.8 %), or ``{size: file}`` with a drawing per size (pieces
    matched by layer / class name). All pieces are stored or none; an error names the file and
    the entity (type, handle, layer).
    """
    style = uow.styles.get(str(style_code).strip().upper())
    if style is None:
        raise ServiceError(f"style {style_code} does not exist")
    material = uow.materials.get(str(material_code).strip().upper())
    if material is None:
        raise ServiceError(f"material {material_code} does not exist")
    if material.kind is MaterialKind.COMPONENT:
        raise ServiceError(f"{material.code} is a component: pattern pieces are leather or fabric")
    if last_length_mm <= 0:
        raise ServiceError("the last length must be positive")
    run = style.size_run
    try:
        if isinstance(files, Mapping):
            drawings = {run.check(s): Path(f) for s, f in files.items()}
            if not drawings:
                raise ServiceError("no pattern file given")
        else:
            base = run.check(size) if size is not None else run.sizes[(len(run.sizes) - 1) // 2]
            drawings = {base: Path(files)}
    except DomainError as exc:
        raise ServiceError(f"style {style.code}: {exc}") from exc
    outlines: dict[str, dict[str, Polygon]] = {}
    where: dict[str, str] = {}
    for sz, path in drawings.items():
        for name, entity, poly in _read_outlines(path, units_mm):
            outlines.setdefault(name, {})[sz] = poly
            where.setdefault(name, entity)
    if len(drawings) > 1:
        for name, per_size in outlines.items():
            missing = sorted(set(drawings) - set(per_size), key=size_key)
            if missing:
                raise ServiceError(
                    f"{where[name]}: piece {name!r} is not drawn for size(s) {', '.join(missing)}"
                )
    elif grade:
        (base,) = drawings
        for per_size in outlines.values():
            poly = per_size[base]
            for sz in run.sizes:
                if sz != base:
                    per_size[sz] = _graded(poly, run.steps_from(sz, base), last_length_mm)
    pieces = []
    for name, per_size in outlines.items():
        try:
            pieces.append(PatternPiece(
                style_code=style.code, name=name, material_code=material.code,
                outlines=per_size, count_per_pair=count_per_pair, mirrored=mirrored,
                min_grade=Grade(min_grade), grain=GrainRule(grain),
                grain_tolerance_deg=grain_tolerance_deg,
            ))  # fmt: skip
        except (DomainError, ValueError) as exc:
            raise ServiceError(f"{where[name]}: piece {name!r}: {exc}") from exc
        if uow.patterns.get(style.code, name) is not None:
            raise ServiceError(
                f"{where[name]}: style {style.code} already has a pattern piece {name!r}"
            )
    try:
        for p in pieces:
            uow.patterns.add(p)
    except (DuplicateError, NotFoundError) as exc:
        uow.rollback()
        raise ServiceError(str(exc)) from exc
    uow.commit()
    sizes = sorted({s for p in pieces for s in p.outlines}, key=size_key)
    return PatternImport(style.code, material.code, tuple(p.name for p in pieces), tuple(sizes),
                         tuple(str(p) for p in drawings.values()))  # fmt: skip


def _clip(poly: Polygon, outline: Polygon) -> list[Polygon]:
    """A scanner zone clipped to the hide (scanners draw a little past the edge)."""
    import shapely

    inter = shapely.Polygon(poly.points).buffer(0).intersection(shapely.Polygon(outline.points))
    out = []
    for g in getattr(inter, "geoms", [inter]):
        if g.geom_type == "Polygon" and g.area > 1e-6:
            try:
                out.append(Polygon(tuple(g.exterior.coords)[:-1]))
            except DomainError:
                continue
    return out


def _jagua_hides(
    path: Path, code: str, material_code: str, lot: str, units_mm: float
) -> list[Hide]:
    problem = nest.load_jagua_bins(path)
    hides = []
    for sheet in problem.sheets:
        scale = units_mm
        outline = Polygon(tuple((x * scale, y * scale) for x, y in sheet.outline))
        holes, zones = [], []
        for h in sheet.holes:
            holes.append(Polygon(tuple((x * scale, y * scale) for x, y in h)))
        for z in sheet.zones:
            poly = Polygon(tuple((x * scale, y * scale) for x, y in z.outline))
            # Levels count down from the best leather: one below is B, anything lower C,
            # level 0 is a hole (never cut).
            below = sheet.base_level - z.level
            if z.level == 0:
                holes.extend(_clip(poly, outline))
                continue
            if below <= 0:
                continue
            g = Grade.B if below == 1 else Grade.C
            zones.extend(QualityZone(g, part, f"level {z.level}") for part in _clip(poly, outline))
        for k in range(sheet.stock):
            suffix = f"_{sheet.id}" + (f"_{k + 1}" if sheet.stock > 1 else "")
            hides.append(Hide(
                code=_code(f"{code}{suffix}"), material_code=material_code, lot=lot,
                stamped_area_sqft=round(max(mm2_to_sqft(outline.area), 0.01), 2),
                outline=outline, zones=tuple(zones), holes=tuple(holes),
            ))  # fmt: skip
    return hides


def _code(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.upper()).strip("_") or "HIDE"


def import_hide_file(
    uow: SqlUnitOfWork,
    file: str | Path,
    *,
    code: str | None = None,
    material_code: str | None = None,
    stamped_area_sqft: float | None = None,
    lot: str = "",
    base_grade: Grade | str = Grade.A,
    units_mm: float | None = None,
) -> list[Hide]:
    """Put hides on the shelf from a file: our JSON, jagua-rs bin-packing JSON, DXF or SVG.

    Our JSON carries its own codes and materials. For the others ``material_code`` is needed;
    ``code`` defaults to the file name, the stamped area to the drawn area (minus nothing: the
    tannery's figure is better when you have it). Jagua-rs bins become one hide each
    (``CODE_<bin id>``). All hides of the file are stored or none.
    """
    path = Path(file)
    if not path.exists():
        raise ServiceError(f"{path}: no such file")
    suffix = path.suffix.lower()
    material = None
    if material_code is not None:
        material = uow.materials.get(str(material_code).strip().upper())
        if material is None:
            raise ServiceError(f"material {material_code} does not exist")
        if material.kind is not MaterialKind.LEATHER:
            raise ServiceError(f"{material.code} is not leather: hides are leather")
    base = _code(code or path.stem)
    try:
        if suffix == ".json":
            import json

            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ServiceError(f"{path}: cannot read JSON ({exc})") from exc
            if isinstance(raw, dict) and "bins" in raw:
                if material is None:
                    raise ServiceError(f"{path}: a jagua-rs instance needs --material")
                hides = _jagua_hides(path, base, material.code, lot, units_mm or 1.0)
            elif isinstance(raw, dict) and isinstance(raw.get("hides"), list):
                hides = []
                for k, d in enumerate(raw["hides"]):
                    try:
                        if material is not None:
                            d = {**d, "material": material.code}
                        hides.append(_hide_from_json(d))
                    except KeyError as exc:
                        raise ServiceError(
                            f"{path}: hides[{k}]: missing field {exc.args[0]!r}"
                        ) from exc
                    except (DomainError, TypeError, ValueError) as exc:
                        field_ = getattr(exc, "field", None)
                        raise ServiceError(
                            f"{path}: hides[{k}]: {exc}" + (f" (field {field_})" if field_ else "")
                        ) from exc
            else:
                raise ServiceError(
                    f'{path}: expected our hides JSON ({{"hides": [...]}}) or a jagua-rs '
                    'instance ({"bins": [...]})'
                )
        elif suffix in (".dxf", ".svg"):
            if material is None:
                raise ServiceError(f"{path}: a {suffix[1:].upper()} hide needs --material")
            if suffix == ".dxf":
                hide = nest.read_hide_dxf(
                    path,
                    code=base,
                    material_code=material.code,
                    stamped_area_sqft=1.0,
                    lot=lot,
                    base_grade=Grade(base_grade),
                    units_mm=units_mm,
                )
            else:
                hide = nest.read_hide_svg(path, code=base, material_code=material.code,
                                          stamped_area_sqft=1.0, lot=lot,
                                          base_grade=Grade(base_grade),
                                          scale=units_mm or 1.0)  # fmt: skip
            area = stamped_area_sqft or round(mm2_to_sqft(hide.outline.area), 2)
            hides = [dataclasses.replace(hide, stamped_area_sqft=area)]
        else:
            raise ServiceError(f"{path}: hide files must be .json, .dxf or .svg")
    except nest.NestInputError as exc:
        raise ServiceError(str(exc)) from exc
    except DomainError as exc:
        field_ = getattr(exc, "field", None)
        raise ServiceError(f"{path}: {exc}" + (f" (field {field_})" if field_ else "")) from exc
    if not hides:
        raise ServiceError(f"{path}: no hide found")
    try:
        for h in hides:
            if not math.isfinite(h.stamped_area_sqft):
                raise ServiceError(f"{path}: hide {h.code}: stamped area is not a number")
            uow.hides.add(h)
    except (DuplicateError, NotFoundError) as exc:
        uow.rollback()
        raise ServiceError(f"{path}: {exc}") from exc
    uow.commit()
    return hides


__all__ = [
    "KIND_PLAN", "KIND_YIELD", "YIELD_KEY", "ArticleReport", "CuttingReport", "PatternImport",
    "SheetReport", "colourway_pieces", "cutting_plan", "import_hide_file", "import_patterns",
    "offcut_from_json", "offcut_json", "plan_cutting", "put_back_cutting_plan",
    "read_cutting_yield", "write_plan_files",
]  # fmt: skip
