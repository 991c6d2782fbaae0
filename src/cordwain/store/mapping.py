"""Explicit conversions between domain objects and table rows (plain dicts), both ways.

The domain's frozen dataclasses stay free of any ORM; each ``*_row`` function gives the
column values for one record and each ``*_from`` function rebuilds the domain object
(re-running its invariants) from a row mapping. Shapes travel as JSON lists of points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cordwain.domain import (
    BOM,
    Artisan,
    Batch,
    BatchLine,
    BOMLine,
    Colourway,
    Defect,
    FabricRoll,
    Feedback,
    Hide,
    Inspection,
    InventoryLevel,
    Material,
    Offcut,
    OperationRecord,
    Pair,
    PatternPiece,
    Polygon,
    PreOrder,
    PurchaseOrder,
    QualityZone,
    RoutingStep,
    SalesLine,
    Shift,
    SizeRun,
    Style,
    Variant,
    WaitlistEntry,
    WorkOrder,
)

Row = Mapping[str, Any]

#: Stored in key columns where the domain says "no size" (NULLs never collide in a key).
NO_SIZE = ""


def _size_in(size: str | None) -> str:
    return NO_SIZE if size is None else size


def _size_out(size: str | None) -> str | None:
    return None if size in (None, NO_SIZE) else size


def polygon_json(polygon: Polygon) -> list[list[float]]:
    return polygon.to_list()


def polygon_from(data: list[list[float]]) -> Polygon:
    return Polygon.from_list(data)


def zones_json(zones: Iterable[QualityZone]) -> list[dict[str, Any]]:
    return [{"grade": z.grade.value, "outline": z.outline.to_list(), "note": z.note} for z in zones]


def zones_from(data: list[dict[str, Any]]) -> tuple[QualityZone, ...]:
    return tuple(
        QualityZone(z["grade"], Polygon.from_list(z["outline"]), z.get("note", "")) for z in data
    )


def variant_cols(variant: Variant) -> dict[str, str]:
    return {
        "style_code": variant.style_code,
        "colourway_code": variant.colourway_code,
        "size": variant.size,
    }


def variant_from(row: Row) -> Variant:
    return Variant(row["style_code"], row["colourway_code"], row["size"])


# --- catalogue -----------------------------------------------------------------------------


def style_row(style: Style) -> dict[str, Any]:
    return {
        "code": style.code,
        "name": style.name,
        "last": style.last,
        "category": style.category,
        "size_system": style.size_run.system.value,
        "sizes": list(style.size_run.sizes),
        "core_sizes": list(style.size_run.core),
        "retail_price": style.retail_price,
        "unit_cost": style.unit_cost,
    }


def routing_rows(style: Style) -> list[dict[str, Any]]:
    return [
        {
            "style_code": style.code,
            "operation": step.operation.value,
            "position": i,
            "minutes_per_pair": step.minutes_per_pair,
            "lag_minutes": step.lag_minutes,
        }
        for i, step in enumerate(style.routing)
    ]


def style_from(row: Row, routing: Iterable[Row]) -> Style:
    steps = sorted(routing, key=lambda r: r["position"])
    return Style(
        code=row["code"],
        name=row["name"],
        last=row["last"],
        category=row["category"],
        size_run=SizeRun(row["size_system"], tuple(row["sizes"]), tuple(row["core_sizes"])),
        routing=tuple(
            RoutingStep(s["operation"], s["minutes_per_pair"], s["lag_minutes"]) for s in steps
        ),
        retail_price=row["retail_price"],
        unit_cost=row["unit_cost"],
    )


def colourway_row(colourway: Colourway) -> dict[str, Any]:
    return {"style_code": colourway.style_code, "code": colourway.code, "name": colourway.name}


def colourway_from(row: Row) -> Colourway:
    return Colourway(row["style_code"], row["code"], row["name"])


def material_row(material: Material) -> dict[str, Any]:
    return {
        "code": material.code,
        "name": material.name,
        "kind": material.kind.value,
        "unit": material.unit.value,
        "unit_cost": material.unit_cost,
        "supplier": material.supplier,
        "lead_time_days": material.lead_time_days,
        "min_order": material.min_order,
        "per_size": material.per_size,
        "default_yield": material.default_yield,
        "co2e_per_unit": material.co2e_per_unit,
    }


def material_from(row: Row) -> Material:
    return Material(
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        unit=row["unit"],
        unit_cost=row["unit_cost"],
        supplier=row["supplier"],
        lead_time_days=row["lead_time_days"],
        min_order=row["min_order"],
        per_size=bool(row["per_size"]),
        default_yield=row["default_yield"],
        co2e_per_unit=row["co2e_per_unit"],
    )


def bom_line_rows(bom: BOM) -> list[dict[str, Any]]:
    return [
        {
            "style_code": bom.style_code,
            "colourway_code": bom.colourway_code,
            "material_code": ln.material_code,
            "position": i,
            "base_size": ln.base_size,
            "base_quantity": ln.base_quantity,
            "grade_per_step": ln.grade_per_step,
            "overrides": dict(ln.overrides),
        }
        for i, ln in enumerate(bom.lines)
    ]


def bom_from(style_code: str, colourway_code: str, lines: Iterable[Row]) -> BOM:
    return BOM(
        style_code,
        colourway_code,
        tuple(
            BOMLine(
                material_code=r["material_code"],
                base_size=r["base_size"],
                base_quantity=r["base_quantity"],
                grade_per_step=r["grade_per_step"],
                overrides={k: float(v) for k, v in r["overrides"].items()},
            )
            for r in sorted(lines, key=lambda r: r["position"])
        ),
    )


def pattern_row(piece: PatternPiece) -> dict[str, Any]:
    return {
        "style_code": piece.style_code,
        "name": piece.name,
        "material_code": piece.material_code,
        "outlines": {size: poly.to_list() for size, poly in piece.outlines.items()},
        "count_per_pair": piece.count_per_pair,
        "mirrored": piece.mirrored,
        "min_grade": piece.min_grade.value,
        "grain": piece.grain.value,
        "grain_tolerance_deg": piece.grain_tolerance_deg,
    }


def pattern_from(row: Row) -> PatternPiece:
    return PatternPiece(
        style_code=row["style_code"],
        name=row["name"],
        material_code=row["material_code"],
        outlines={size: Polygon.from_list(pts) for size, pts in row["outlines"].items()},
        count_per_pair=row["count_per_pair"],
        mirrored=bool(row["mirrored"]),
        min_grade=row["min_grade"],
        grain=row["grain"],
        grain_tolerance_deg=row["grain_tolerance_deg"],
    )


# --- leather and fabric --------------------------------------------------------------------


def hide_row(hide: Hide) -> dict[str, Any]:
    return {
        "code": hide.code,
        "material_code": hide.material_code,
        "lot": hide.lot,
        "stamped_area_sqft": hide.stamped_area_sqft,
        "outline": hide.outline.to_list(),
        "zones": zones_json(hide.zones),
        "base_grade": hide.base_grade.value,
        "backbone": None
        if hide.backbone is None
        else [[float(x), float(y)] for x, y in hide.backbone],
        "thickness_mm": hide.thickness_mm,
        "holes": [h.to_list() for h in hide.holes],
    }


def hide_from(row: Row) -> Hide:
    backbone = row["backbone"]
    return Hide(
        code=row["code"],
        material_code=row["material_code"],
        lot=row["lot"],
        stamped_area_sqft=row["stamped_area_sqft"],
        outline=Polygon.from_list(row["outline"]),
        zones=zones_from(row["zones"]),
        base_grade=row["base_grade"],
        backbone=None
        if backbone is None
        else (
            (float(backbone[0][0]), float(backbone[0][1])),
            (float(backbone[1][0]), float(backbone[1][1])),
        ),
        thickness_mm=row["thickness_mm"],
        holes=tuple(Polygon.from_list(h) for h in row["holes"]),
    )


def roll_row(roll: FabricRoll) -> dict[str, Any]:
    return {
        "code": roll.code,
        "material_code": roll.material_code,
        "width_m": roll.width_m,
        "length_m": roll.length_m,
        "lot": roll.lot,
    }


def roll_from(row: Row) -> FabricRoll:
    return FabricRoll(
        row["code"], row["material_code"], row["width_m"], row["length_m"], row["lot"]
    )


def offcut_row(offcut: Offcut) -> dict[str, Any]:
    return {
        "code": offcut.code,
        "hide_code": offcut.hide_code,
        "material_code": offcut.material_code,
        "outline": offcut.outline.to_list(),
        "grade": offcut.grade.value,
        "zones": zones_json(offcut.zones),
    }


def offcut_from(row: Row) -> Offcut:
    return Offcut(
        code=row["code"],
        hide_code=row["hide_code"],
        material_code=row["material_code"],
        outline=Polygon.from_list(row["outline"]),
        grade=row["grade"],
        zones=zones_from(row["zones"]),
    )


# --- people --------------------------------------------------------------------------------


def artisan_row(artisan: Artisan) -> dict[str, Any]:
    return {
        "code": artisan.code,
        "name": artisan.name,
        "skills": {op.value: minutes for op, minutes in artisan.skills.items()},
        "weekly_hours": artisan.weekly_hours,
        "shift_days": list(artisan.shift.days),
        "shift_start": artisan.shift.start,
        "shift_end": artisan.shift.end,
        "overtime_opt_in": artisan.overtime_opt_in,
        "hourly_rate": artisan.hourly_rate,
    }


def artisan_from(row: Row) -> Artisan:
    return Artisan(
        code=row["code"],
        name=row["name"],
        skills=dict(row["skills"]),
        weekly_hours=row["weekly_hours"],
        shift=Shift(tuple(row["shift_days"]), row["shift_start"], row["shift_end"]),
        overtime_opt_in=bool(row["overtime_opt_in"]),
        hourly_rate=row["hourly_rate"],
    )


# --- demand --------------------------------------------------------------------------------


def sales_row(line: SalesLine) -> dict[str, Any]:
    return {
        "day": line.day,
        **variant_cols(line.variant),
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "channel": line.channel,
    }


def sales_from(row: Row) -> SalesLine:
    return SalesLine(
        row["day"], variant_from(row), row["quantity"], row["unit_price"], row["channel"]
    )


def preorder_row(order: PreOrder) -> dict[str, Any]:
    return {
        "reference": order.reference,
        **variant_cols(order.variant),
        "quantity": order.quantity,
        "placed_on": order.placed_on,
        "promised_by": order.promised_by,
        "status": order.status.value,
    }


def preorder_from(row: Row) -> PreOrder:
    return PreOrder(
        reference=row["reference"],
        variant=variant_from(row),
        quantity=row["quantity"],
        placed_on=row["placed_on"],
        promised_by=row["promised_by"],
        status=row["status"],
    )


def waitlist_row(entry: WaitlistEntry) -> dict[str, Any]:
    return {
        "day": entry.day,
        "style_code": entry.style_code,
        "colourway_code": entry.colourway_code,
        "size": entry.size,
        "signups": entry.signups,
        "drop": entry.drop,
    }


def waitlist_from(row: Row) -> WaitlistEntry:
    return WaitlistEntry(
        row["day"],
        row["style_code"],
        row["colourway_code"],
        row["size"],
        row["signups"],
        row["drop"],
    )


def feedback_row(item: Feedback) -> dict[str, Any]:
    return {
        "day": item.day,
        **variant_cols(item.variant),
        "kind": item.kind.value,
        "rating": item.rating,
        "fit": None if item.fit is None else item.fit.value,
        "text": item.text,
        "reason_code": item.reason_code,
        "exchanged_to_size": item.exchanged_to_size,
        "pair_serial": item.pair_serial,
    }


def feedback_from(row: Row) -> Feedback:
    return Feedback(
        day=row["day"],
        variant=variant_from(row),
        kind=row["kind"],
        rating=row["rating"],
        fit=row["fit"],
        text=row["text"],
        reason_code=row["reason_code"],
        exchanged_to_size=row["exchanged_to_size"],
        pair_serial=row["pair_serial"],
    )


def inventory_row(level: InventoryLevel) -> dict[str, Any]:
    return {
        "kind": level.kind.value,
        "code": level.code,
        "size": _size_in(level.size),
        "location": level.location,
        "quantity": level.quantity,
    }


def inventory_from(row: Row) -> InventoryLevel:
    return InventoryLevel(
        row["kind"], row["code"], row["quantity"], _size_out(row["size"]), row["location"]
    )


def purchase_order_row(order: PurchaseOrder) -> dict[str, Any]:
    return {
        "reference": order.reference,
        "material_code": order.material_code,
        "size": _size_in(order.size),
        "quantity": order.quantity,
        "due": order.due,
    }


def purchase_order_from(row: Row) -> PurchaseOrder:
    return PurchaseOrder(
        row["reference"], row["material_code"], row["quantity"], row["due"], _size_out(row["size"])
    )


# --- production and quality ----------------------------------------------------------------


def batch_row(batch: Batch) -> dict[str, Any]:
    return {
        "code": batch.code,
        "start_day": batch.start,
        "end_day": batch.end,
        "status": batch.status.value,
        "note": batch.note,
    }


def batch_line_rows(batch: Batch) -> list[dict[str, Any]]:
    return [
        {
            "batch_code": batch.code,
            **variant_cols(ln.variant),
            "position": i,
            "quantity": ln.quantity,
        }
        for i, ln in enumerate(batch.lines)
    ]


def batch_from(row: Row, lines: Iterable[Row]) -> Batch:
    return Batch(
        code=row["code"],
        start=row["start_day"],
        end=row["end_day"],
        lines=[
            BatchLine(variant_from(r), r["quantity"])
            for r in sorted(lines, key=lambda r: r["position"])
        ],
        status=row["status"],
        note=row["note"],
    )


def work_order_row(order: WorkOrder) -> dict[str, Any]:
    return {
        "batch_code": order.batch_code,
        **variant_cols(order.variant),
        "operation": order.operation.value,
        "bundle": order.bundle,
        "pairs": order.pairs,
    }


def work_order_from(row: Row) -> WorkOrder:
    return WorkOrder(
        row["batch_code"], variant_from(row), row["operation"], row["pairs"], row["bundle"]
    )


def pair_row(pair: Pair) -> dict[str, Any]:
    return {"serial": pair.serial, "batch_code": pair.batch_code, **variant_cols(pair.variant)}


def pair_hide_rows(pair: Pair) -> list[dict[str, Any]]:
    return [
        {"pair_serial": pair.serial, "position": i, "hide_code": code}
        for i, code in enumerate(pair.hide_codes)
    ]


def pair_from(row: Row, hide_codes: Iterable[str]) -> Pair:
    return Pair(row["serial"], row["batch_code"], variant_from(row), tuple(hide_codes))


def operation_record_row(record: OperationRecord) -> dict[str, Any]:
    return {
        "batch_code": record.batch_code,
        "operation": record.operation.value,
        "artisan_code": record.artisan_code,
        "started": record.started,
        "finished": record.finished,
    }


def operation_record_from(row: Row, pair_serials: Iterable[str]) -> OperationRecord:
    return OperationRecord(
        batch_code=row["batch_code"],
        operation=row["operation"],
        artisan_code=row["artisan_code"],
        started=row["started"],
        finished=row["finished"],
        pair_serials=tuple(pair_serials),
    )


def inspection_row(inspection: Inspection) -> dict[str, Any]:
    return {
        "batch_code": inspection.batch_code,
        "operation": inspection.operation.value,
        "inspector": inspection.inspector,
        "day": inspection.day,
        "lot_size": inspection.lot_size,
        "sample_size": inspection.sample_size,
        "result": inspection.result.value,
    }


def defect_rows(inspection_id: int, defects: Iterable[Defect]) -> list[dict[str, Any]]:
    return [
        {
            "inspection_id": inspection_id,
            "position": i,
            "family": d.family.value,
            "code": d.code,
            "severity": d.severity.value,
            "count": d.count,
            "pair_serial": d.pair_serial,
            "note": d.note,
        }
        for i, d in enumerate(defects)
    ]


def inspection_from(row: Row, defects: Iterable[Row]) -> Inspection:
    return Inspection(
        batch_code=row["batch_code"],
        operation=row["operation"],
        inspector=row["inspector"],
        day=row["day"],
        lot_size=row["lot_size"],
        sample_size=row["sample_size"],
        defects=tuple(
            Defect(d["family"], d["code"], d["severity"], d["count"], d["pair_serial"], d["note"])
            for d in sorted(defects, key=lambda d: d["position"])
        ),
        result=row["result"],
    )
