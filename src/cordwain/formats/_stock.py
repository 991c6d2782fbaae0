"""CSV kinds of the shelf and of orders: inventory, hides, fabric rolls, purchase orders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cordwain.domain import (
    DomainError,
    FabricRoll,
    Grade,
    Hide,
    InvalidGeometry,
    InventoryLevel,
    MaterialKind,
    Polygon,
    PurchaseOrder,
    QualityZone,
    StockKind,
    Variant,
    format_size,
)

from . import _refs as refs
from ._catalogue import _duplicate, _exists
from ._table import (
    Column,
    Kind,
    Row,
    Table,
    fmt_json,
    fmt_number,
    fmt_optional,
    fmt_points,
)
from .context import Context
from .outline_files import OutlineFileError, read_outline

_ZONES_EXAMPLE = '[{"grade":"reject","outline":[[100,100],[200,100],[150,180]]}]'


class Inventory(Kind):
    name = "inventory"
    object_type = InventoryLevel
    summary = "One row per stock line: a material (per size for soles) or finished pairs of a SKU."
    columns = (
        Column("kind", True, "material or finished", "material",
               "material (code is a material code) or finished (code is a SKU)"),
        Column("code", True, "code or SKU", "CALF_BLK", "the material code, or the SKU of pairs"),
        Column("size", False, "size", "9.5",
               "only for materials bought per size (soles); blank otherwise"),
        Column("quantity", True, "number", "412.5",
               "quantity on the shelf (0 allowed); whole pairs for finished",
               unit="the material's unit, or pairs"),
        Column("location", False, "text", "main", "where it is kept; default main"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[InventoryLevel]:
        out: list[InventoryLevel] = []
        seen: dict = {}
        for row in table.rows():
            kind = row.choice("kind", StockKind)
            code = row.raw("code")
            size = None
            quantity = row.number("quantity", non_negative=True)
            location = row.text("location", "main")
            if kind is StockKind.MATERIAL:
                material = refs.material(row, ctx, "code")
                code = material.code if material else None
                size = refs.material_size(row, material) if material else None
            elif kind is StockKind.FINISHED and code is not None:
                if row.raw("size") is not None:
                    row.error("size", "finished pairs carry the size in the SKU: leave size blank")
                code = self._sku(row, ctx, code)
                if quantity is not None and not float(quantity).is_integer():
                    row.error("quantity", f"finished pairs are whole, got {fmt_number(quantity)}")
            if kind is not None and code is not None:
                label = f"stock of {code}" + (f" size {size}" if size else "") + f" at {location}"
                _duplicate(row, seen, (kind, code, size, location), "code", label)
            if not row.ok:
                continue
            level = row.build(  # type: ignore[arg-type]
                {"quantity": "quantity", "code": "code"},
                None,
                InventoryLevel,
                kind,
                code,
                quantity,
                size,
                location,
            )
            if level is not None:
                out.append(level)
        return out

    @staticmethod
    def _sku(row: Row, ctx: Context, text: str) -> str | None:
        try:
            v = Variant.parse(text)
        except DomainError as exc:
            row.error("code", str(exc))
            return None
        if v.sku in ctx.skus:
            return v.sku
        checked = refs._checked(row, ctx, v.style_code, v.colourway_code, v.size, ("code",) * 3)
        return None if checked is None else checked.sku

    def export_rows(self, objects: Sequence[InventoryLevel]) -> Iterator[dict[str, str]]:
        for lvl in objects:
            yield {
                "kind": lvl.kind.value, "code": lvl.code, "size": fmt_optional(lvl.size),
                "quantity": fmt_number(lvl.quantity), "location": lvl.location,
            }  # fmt: skip


class Hides(Kind):
    name = "hides"
    object_type = Hide
    summary = (
        "One row per hide on the shelf: its stamped area, outline (JSON or a DXF/SVG file)"
        " and the grader's quality zones. Coordinates are millimetres."
    )
    columns = (
        Column("code", True, "code", "H0412", "hide code (the tag on the hide)"),
        Column("material", True, "code", "CALF_BLK", "the leather article (a leather material)"),
        Column("lot", False, "text", "HW-2291", "tannery lot or dye lot"),
        Column("stamped_area_sqft", True, "number", "22.5",
               "area stamped by the tannery", unit="sq ft"),
        Column("outline", False, "JSON list of [x,y]", "[[0,0],[1400,0],[1500,1100],[0,1200]]",
               "the hide's outline; give this or outline_file", unit="mm"),
        Column("outline_file", False, "file name", "hides/H0412.dxf",
               "a DXF (one closed LWPOLYLINE) or SVG (one polygon/path) with the outline,"
               " relative to the CSV's folder; give this or outline", unit="mm"),
        Column("zones", False, "JSON list", _ZONES_EXAMPLE,
               "quality zones: grade A, B, C or reject, outline, optional note", unit="mm"),
        Column("base_grade", False, "A, B or C", "A", "grade outside any zone; default A"),
        Column("backbone", False, "JSON [[x,y],[x,y]]", "[[0,600],[1500,600]]",
               "two points on the spine line (vamps are cut along it)", unit="mm"),
        Column("holes", False, "JSON list of outlines", "[[[700,500],[760,500],[730,560]]]",
               "holes to cut around", unit="mm"),
        Column("thickness_mm", False, "number", "1.2", "thickness; default 1.2", unit="mm"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[Hide]:
        out: list[Hide] = []
        seen: dict = {}
        for row in table.rows():
            code = refs.code(row, "code", "hide")
            if code is not None and not _duplicate(row, seen, code, "code", f"hide {code}"):
                _exists(row, ctx, code in ctx.hide_codes, "code", f"hide {code}")
            material = refs.material(row, ctx, kind=MaterialKind.LEATHER)
            lot = row.text("lot")
            area = row.number("stamped_area_sqft", positive=True)
            outline = self._outline(row, table)
            zones = self._zones(row)
            base = row.choice("base_grade", Grade)
            if base is Grade.REJECT:
                row.error("base_grade", "a hide's base grade is A, B or C (mark reject as zones)")
            backbone = self._backbone(row)
            holes = self._holes(row)
            thickness = row.number("thickness_mm", positive=True)
            if not row.ok:
                continue
            hide = row.build(  # type: ignore[arg-type]
                {
                    "hide": "code",
                    "material": "material",
                    "area": "stamped_area_sqft",
                    "thickness": "thickness_mm",
                    "backbone": "backbone",
                    "zones": "zones" if zones or not holes else "holes",
                },
                None,
                Hide,
                code,
                material.code,
                lot,
                area,
                outline,
                zones=zones,
                base_grade=base or Grade.A,
                backbone=backbone,
                thickness_mm=1.2 if thickness is None else thickness,
                holes=holes,
            )
            if hide is not None:
                out.append(hide)
        return out

    @staticmethod
    def _outline(row: Row, table: Table) -> Polygon | None:
        given = row.cells.get("outline", "")
        ref = row.cells.get("outline_file", "")
        if given and ref:
            row.error("outline_file", "give the outline or an outline_file, not both")
            return None
        if not given and not ref:
            row.error("outline", "give the outline as JSON, or an outline_file")
            return None
        if given:
            value = row.json("outline")
            if value is None:
                return None
            try:
                return refs.polygon(value, "outline")
            except InvalidGeometry as exc:
                row.error("outline", str(exc))
                return None
        path = table.base_dir / ref
        try:
            return read_outline(path)
        except (OutlineFileError, InvalidGeometry) as exc:
            row.error("outline_file", f"{ref}: {exc}")
            return None

    @staticmethod
    def _zones(row: Row) -> tuple[QualityZone, ...]:
        value = row.json("zones")
        if value is None:
            return ()
        if not isinstance(value, list):
            row.error(
                "zones", 'zones must be a JSON list like [{"grade":"B","outline":[[x,y],...]}]'
            )
            return ()
        zones = []
        for i, item in enumerate(value, start=1):
            if not isinstance(item, dict) or not {"grade", "outline"} <= item.keys():
                row.error("zones", f'zone {i}: needs "grade" and "outline"')
                continue
            extra = set(item) - {"grade", "outline", "note"}
            if extra:
                row.error("zones", f"zone {i}: unknown keys {sorted(extra)} (grade, outline, note)")
                continue
            grades = {g.value.lower(): g for g in Grade}
            grade = grades.get(str(item["grade"]).lower())
            if grade is None:
                row.error("zones", f"zone {i}: grade {item['grade']!r} is not A, B, C or reject")
                continue
            try:
                outline = refs.polygon(item["outline"], f"zone {i} outline")
            except InvalidGeometry as exc:
                row.error("zones", str(exc))
                continue
            zones.append(QualityZone(grade, outline, str(item.get("note", ""))))
        return tuple(zones)

    @staticmethod
    def _backbone(row: Row) -> Any:
        value = row.json("backbone")
        if value is None:
            return None
        try:
            pts = refs.points(value, "backbone")
        except InvalidGeometry as exc:
            row.error("backbone", str(exc))
            return None
        if len(pts) != 2:
            row.error("backbone", f"backbone is two points [[x,y],[x,y]], got {len(pts)}")
            return None
        return pts

    @staticmethod
    def _holes(row: Row) -> tuple[Polygon, ...]:
        value = row.json("holes")
        if value is None:
            return ()
        if not isinstance(value, list):
            row.error("holes", "holes must be a JSON list of outlines")
            return ()
        holes = []
        for i, item in enumerate(value, start=1):
            try:
                holes.append(refs.polygon(item, f"hole {i}"))
            except InvalidGeometry as exc:
                row.error("holes", str(exc))
        return tuple(holes)

    def export_rows(self, objects: Sequence[Hide]) -> Iterator[dict[str, str]]:
        for h in objects:
            zones = []
            for z in h.zones:
                item: dict[str, Any] = {
                    "grade": z.grade.value,
                    "outline": fmt_points(z.outline.points),
                }
                if z.note:
                    item["note"] = z.note
                zones.append(item)
            yield {
                "code": h.code, "material": h.material_code, "lot": h.lot,
                "stamped_area_sqft": fmt_number(h.stamped_area_sqft),
                "outline": fmt_json(fmt_points(h.outline.points)),
                "zones": fmt_json(zones) if zones else "",
                "base_grade": h.base_grade.value,
                "backbone": fmt_json(fmt_points(h.backbone)) if h.backbone else "",
                "holes": fmt_json([fmt_points(p.points) for p in h.holes]) if h.holes else "",
                "thickness_mm": fmt_number(h.thickness_mm),
            }  # fmt: skip


class Rolls(Kind):
    name = "rolls"
    object_type = FabricRoll
    summary = "One row per fabric roll (linings, textiles): width and length left."
    columns = (
        Column("code", True, "code", "R031", "roll code"),
        Column("material", True, "code", "LIN_CREAM", "the fabric (a fabric material)"),
        Column("width_m", True, "number", "1.4", "usable width", unit="m"),
        Column("length_m", True, "number", "37.5", "length left on the roll", unit="m"),
        Column("lot", False, "text", "L-88", "supplier lot"),
    )

    def parse_rows(self, table: Table, ctx: Context) -> list[FabricRoll]:
        out: list[FabricRoll] = []
        seen: dict = {}
        for row in table.rows():
            code = refs.code(row, "code", "roll")
            if code is not None and not _duplicate(row, seen, code, "code", f"roll {code}"):
                _exists(row, ctx, code in ctx.roll_codes, "code", f"roll {code}")
            material = refs.material(row, ctx, kind=MaterialKind.FABRIC)
            width, length, lot = (
                row.number("width_m", positive=True),
                row.number("length_m", positive=True),
                row.text("lot"),
            )
            if not row.ok:
                continue
            roll = row.build(  # type: ignore[arg-type]
                {
                    "roll": "code",
                    "material": "material",
                    "width_m": "width_m",
                    "length_m": "length_m",
                },
                None,
                FabricRoll,
                code,
                material.code,
                width,
                length,
                lot,
            )
            if roll is not None:
                out.append(roll)
        return out

    def export_rows(self, objects: Sequence[FabricRoll]) -> Iterator[dict[str, str]]:
        for r in objects:
            yield {
                "code": r.code, "material": r.material_code, "width_m": fmt_number(r.width_m),
                "length_m": fmt_number(r.length_m), "lot": r.lot,
            }  # fmt: skip


class PurchaseOrders(Kind):
    name = "purchase-orders"
    object_type = PurchaseOrder
    summary = "One row per material on order and not yet received."
    columns = (
        Column("reference", True, "text", "PO-2024-017", "the order's reference"),
        Column("material", True, "code", "SOLE_CUP_WHT", "the material ordered"),
        Column("size", False, "size", "9.5", "only for materials bought per size"),
        Column("quantity", True, "number", "40", "quantity ordered",
               unit="the material's unit"),
        Column("due", True, "date YYYY-MM-DD", "2024-06-03", "expected delivery date"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[PurchaseOrder]:
        out: list[PurchaseOrder] = []
        seen: dict = {}
        for row in table.rows():
            reference = row.text("reference")
            material = refs.material(row, ctx)
            size = refs.material_size(row, material) if material else None
            quantity = row.number("quantity", positive=True)
            due = row.date("due")
            if reference and material is not None:
                label = f"order {reference} for {material.code}" + (f" size {size}" if size else "")
                _duplicate(row, seen, (reference, material.code, size), "material", label)
            if not row.ok:
                continue
            po = row.build(  # type: ignore[arg-type]
                {"quantity": "quantity"},
                None,
                PurchaseOrder,
                reference,
                material.code,
                quantity,
                due,
                size,
            )
            if po is not None:
                out.append(po)
        return out

    def export_rows(self, objects: Sequence[PurchaseOrder]) -> Iterator[dict[str, str]]:
        for po in objects:
            yield {
                "reference": po.reference, "material": po.material_code,
                "size": "" if po.size is None else format_size(po.size),
                "quantity": fmt_number(po.quantity), "due": po.due.isoformat(),
            }  # fmt: skip
