"""Repositories: one per aggregate, reading and writing domain objects on one connection.

They never commit: the unit of work (``uow.py``) owns the transaction. Every ``add`` first
checks the key and the records it refers to, so a duplicate or a dangling reference is
reported as :class:`DuplicateError` / :class:`NotFoundError` naming the record, instead of
a driver-specific integrity error.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, func, insert, select, update

from cordwain.domain import (
    BOM,
    Artisan,
    Batch,
    BatchStatus,
    Colourway,
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
    PreOrder,
    PreOrderStatus,
    PurchaseOrder,
    SalesLine,
    StockKind,
    Style,
    WaitlistEntry,
    WorkOrder,
)

from . import mapping as m
from . import tables as t
from .errors import DuplicateError, NotFoundError, StoreError

#: Rows per executemany call: large enough to amortise round trips, small enough for memory.
CHUNK = 5_000


def _chunks(rows: Iterable[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Repository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def _exists(self, table: Table, **key: Any) -> bool:
        cond = and_(*(table.c[k] == v for k, v in key.items()))
        return (
            self._conn.execute(select(1).select_from(table).where(cond).limit(1)).first()
            is not None
        )

    def _require_new(self, table: Table, what: str, label: object, **key: Any) -> None:
        if self._exists(table, **key):
            raise DuplicateError(what, label)

    def _require(self, table: Table, what: str, label: object, needed_by: str, **key: Any) -> None:
        if not self._exists(table, **key):
            raise NotFoundError(what, label, needed_by=needed_by)

    def _require_style(self, code: str, needed_by: str) -> None:
        self._require(t.styles, "style", code, needed_by, code=code)

    def _require_colourway(self, style_code: str, colourway_code: str, needed_by: str) -> None:
        self._require(
            t.colourways,
            "colourway",
            f"{style_code}-{colourway_code}",
            needed_by,
            style_code=style_code,
            code=colourway_code,
        )

    def _require_material(self, code: str, needed_by: str) -> None:
        self._require(t.materials, "material", code, needed_by, code=code)

    def _require_batch(self, code: str, needed_by: str) -> None:
        self._require(t.batches, "batch", code, needed_by, code=code)

    def _known_colourways(self) -> set[tuple[str, str]]:
        rows = self._conn.execute(select(t.colourways.c.style_code, t.colourways.c.code))
        return {(r[0], r[1]) for r in rows}

    def _rows(self, stmt) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(stmt).mappings()]


# --- catalogue -----------------------------------------------------------------------------


class StyleRepository(_Repository):
    """Styles with their size run and routing (one row per routing step)."""

    def add(self, style: Style) -> None:
        self._require_new(t.styles, "style", style.code, code=style.code)
        self._conn.execute(insert(t.styles), [m.style_row(style)])
        self._conn.execute(insert(t.style_routing), m.routing_rows(style))

    def get(self, code: str) -> Style | None:
        rows = self._rows(select(t.styles).where(t.styles.c.code == code))
        if not rows:
            return None
        steps = self._rows(select(t.style_routing).where(t.style_routing.c.style_code == code))
        return m.style_from(rows[0], steps)

    def list(self) -> list[Style]:
        steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self._rows(select(t.style_routing)):
            steps[r["style_code"]].append(r)
        rows = self._rows(select(t.styles).order_by(t.styles.c.code))
        return [m.style_from(r, steps[r["code"]]) for r in rows]


class ColourwayRepository(_Repository):
    def add(self, colourway: Colourway) -> None:
        key = f"{colourway.style_code}-{colourway.code}"
        self._require_style(colourway.style_code, f"colourway {key}")
        self._require_new(
            t.colourways, "colourway", key, style_code=colourway.style_code, code=colourway.code
        )
        self._conn.execute(insert(t.colourways), [m.colourway_row(colourway)])

    def get(self, style_code: str, code: str) -> Colourway | None:
        c = t.colourways.c
        rows = self._rows(select(t.colourways).where(c.style_code == style_code, c.code == code))
        return m.colourway_from(rows[0]) if rows else None

    def list(self, style_code: str | None = None) -> list[Colourway]:
        c = t.colourways.c
        stmt = select(t.colourways).order_by(c.style_code, c.code)
        if style_code is not None:
            stmt = stmt.where(c.style_code == style_code)
        return [m.colourway_from(r) for r in self._rows(stmt)]


class MaterialRepository(_Repository):
    def add(self, material: Material) -> None:
        self._require_new(t.materials, "material", material.code, code=material.code)
        self._conn.execute(insert(t.materials), [m.material_row(material)])

    def get(self, code: str) -> Material | None:
        rows = self._rows(select(t.materials).where(t.materials.c.code == code))
        return m.material_from(rows[0]) if rows else None

    def list(self) -> list[Material]:
        return [
            m.material_from(r) for r in self._rows(select(t.materials).order_by(t.materials.c.code))
        ]


class BOMRepository(_Repository):
    """One bill of materials per colourway; ``put`` replaces it whole."""

    def put(self, bom: BOM) -> None:
        label = f"BOM {bom.style_code}-{bom.colourway_code}"
        self._require_colourway(bom.style_code, bom.colourway_code, label)
        for line in bom.lines:
            self._require_material(line.material_code, label)
        key = {"style_code": bom.style_code, "colourway_code": bom.colourway_code}
        cond = and_(t.bom_lines.c.style_code == bom.style_code,
                    t.bom_lines.c.colourway_code == bom.colourway_code)  # fmt: skip
        self._conn.execute(delete(t.bom_lines).where(cond))
        if not self._exists(t.boms, **key):
            self._conn.execute(insert(t.boms), [key])
        rows = m.bom_line_rows(bom)
        if rows:
            self._conn.execute(insert(t.bom_lines), rows)

    def get(self, style_code: str, colourway_code: str) -> BOM | None:
        if not self._exists(t.boms, style_code=style_code, colourway_code=colourway_code):
            return None
        c = t.bom_lines.c
        lines = self._rows(
            select(t.bom_lines).where(
                c.style_code == style_code, c.colourway_code == colourway_code
            )
        )
        return m.bom_from(style_code, colourway_code, lines)

    def list(self) -> list[BOM]:
        lines: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in self._rows(select(t.bom_lines)):
            lines[(r["style_code"], r["colourway_code"])].append(r)
        heads = self._conn.execute(
            select(t.boms.c.style_code, t.boms.c.colourway_code).order_by(
                t.boms.c.style_code, t.boms.c.colourway_code
            )
        )
        return [m.bom_from(s, c, lines[(s, c)]) for s, c in heads]


class PatternRepository(_Repository):
    """Pattern pieces, keyed by style and piece name, with one outline per graded size."""

    def add(self, piece: PatternPiece) -> None:
        label = f"{piece.style_code}/{piece.name}"
        self._require_style(piece.style_code, f"pattern piece {label}")
        self._require_material(piece.material_code, f"pattern piece {label}")
        self._require_new(
            t.pattern_pieces, "pattern piece", label, style_code=piece.style_code, name=piece.name
        )
        self._conn.execute(insert(t.pattern_pieces), [m.pattern_row(piece)])

    def get(self, style_code: str, name: str) -> PatternPiece | None:
        c = t.pattern_pieces.c
        rows = self._rows(
            select(t.pattern_pieces).where(c.style_code == style_code, c.name == name)
        )
        return m.pattern_from(rows[0]) if rows else None

    def list(self, style_code: str | None = None) -> list[PatternPiece]:
        c = t.pattern_pieces.c
        stmt = select(t.pattern_pieces).order_by(c.style_code, c.name)
        if style_code is not None:
            stmt = stmt.where(c.style_code == style_code)
        return [m.pattern_from(r) for r in self._rows(stmt)]


# --- leather and fabric --------------------------------------------------------------------


class HideRepository(_Repository):
    def add(self, hide: Hide) -> None:
        self._require_material(hide.material_code, f"hide {hide.code}")
        self._require_new(t.hides, "hide", hide.code, code=hide.code)
        self._conn.execute(insert(t.hides), [m.hide_row(hide)])

    def get(self, code: str) -> Hide | None:
        rows = self._rows(select(t.hides).where(t.hides.c.code == code))
        return m.hide_from(rows[0]) if rows else None

    def list(self, material_code: str | None = None) -> list[Hide]:
        stmt = select(t.hides).order_by(t.hides.c.code)
        if material_code is not None:
            stmt = stmt.where(t.hides.c.material_code == material_code)
        return [m.hide_from(r) for r in self._rows(stmt)]

    def shelf(self, material_code: str | None = None) -> list[dict[str, Any]]:
        """Every hide's label (code, leather, lot, area, base grade, number of zones), by code,
        without its shapes: a list of forty hides need not build forty outlines."""
        c = t.hides.c
        # The database counts the zones: their shapes are neither sent nor parsed.
        zones = func.json_array_length(c.zones).label("zones")
        stmt = select(
            c.code, c.material_code, c.lot, c.stamped_area_sqft, c.base_grade, zones
        ).order_by(c.code)
        if material_code is not None:
            stmt = stmt.where(c.material_code == material_code)
        return [
            {
                "code": r["code"],
                "material_code": r["material_code"],
                "lot": r["lot"],
                "stamped_area_sqft": r["stamped_area_sqft"],
                "base_grade": r["base_grade"],
                "zones": int(r["zones"] or 0),
            }
            for r in self._rows(stmt)
        ]

    def remove(self, code: str) -> None:
        """Take a hide off the shelf (cut up); its pairs keep their link to the code."""
        if self._conn.execute(delete(t.hides).where(t.hides.c.code == code)).rowcount == 0:
            raise NotFoundError("hide", code)


class FabricRollRepository(_Repository):
    def add(self, roll: FabricRoll) -> None:
        self._require_material(roll.material_code, f"fabric roll {roll.code}")
        self._require_new(t.fabric_rolls, "fabric roll", roll.code, code=roll.code)
        self._conn.execute(insert(t.fabric_rolls), [m.roll_row(roll)])

    def get(self, code: str) -> FabricRoll | None:
        rows = self._rows(select(t.fabric_rolls).where(t.fabric_rolls.c.code == code))
        return m.roll_from(rows[0]) if rows else None

    def list(self, material_code: str | None = None) -> list[FabricRoll]:
        stmt = select(t.fabric_rolls).order_by(t.fabric_rolls.c.code)
        if material_code is not None:
            stmt = stmt.where(t.fabric_rolls.c.material_code == material_code)
        return [m.roll_from(r) for r in self._rows(stmt)]

    def save(self, roll: FabricRoll) -> None:
        """Store a roll's new state (length left after cutting)."""
        row = m.roll_row(roll)
        stmt = update(t.fabric_rolls).where(t.fabric_rolls.c.code == roll.code).values(**row)
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("fabric roll", roll.code)

    def remove(self, code: str) -> None:
        stmt = delete(t.fabric_rolls).where(t.fabric_rolls.c.code == code)
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("fabric roll", code)


class OffcutRepository(_Repository):
    def add(self, offcut: Offcut) -> None:
        self._require_material(offcut.material_code, f"offcut {offcut.code}")
        self._require_new(t.offcuts, "offcut", offcut.code, code=offcut.code)
        self._conn.execute(insert(t.offcuts), [m.offcut_row(offcut)])

    def get(self, code: str) -> Offcut | None:
        rows = self._rows(select(t.offcuts).where(t.offcuts.c.code == code))
        return m.offcut_from(rows[0]) if rows else None

    def list(self, material_code: str | None = None) -> list[Offcut]:
        stmt = select(t.offcuts).order_by(t.offcuts.c.code)
        if material_code is not None:
            stmt = stmt.where(t.offcuts.c.material_code == material_code)
        return [m.offcut_from(r) for r in self._rows(stmt)]

    def remove(self, code: str) -> None:
        if self._conn.execute(delete(t.offcuts).where(t.offcuts.c.code == code)).rowcount == 0:
            raise NotFoundError("offcut", code)


# --- people --------------------------------------------------------------------------------


class ArtisanRepository(_Repository):
    def add(self, artisan: Artisan) -> None:
        self._require_new(t.artisans, "artisan", artisan.code, code=artisan.code)
        self._conn.execute(insert(t.artisans), [m.artisan_row(artisan)])

    def get(self, code: str) -> Artisan | None:
        rows = self._rows(select(t.artisans).where(t.artisans.c.code == code))
        return m.artisan_from(rows[0]) if rows else None

    def list(self) -> list[Artisan]:
        rows = self._rows(select(t.artisans).order_by(t.artisans.c.code))
        return [m.artisan_from(r) for r in rows]

    def save(self, artisan: Artisan) -> None:
        """Store an artisan's new skills, hours or shift."""
        stmt = (
            update(t.artisans)
            .where(t.artisans.c.code == artisan.code)
            .values(**m.artisan_row(artisan))
        )
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("artisan", artisan.code)


# --- demand --------------------------------------------------------------------------------


class SalesRepository(_Repository):
    """Sales history: append-only, bulk-loaded (two years is ~100k lines)."""

    def add(self, line: SalesLine) -> None:
        self.add_many([line])

    def add_many(self, lines: Iterable[SalesLine]) -> int:
        """Insert every line (executemany in chunks); returns how many were stored."""
        known = self._known_colourways()
        total = 0

        def rows() -> Iterator[dict[str, Any]]:
            nonlocal total
            for line in lines:
                v = line.variant
                if (v.style_code, v.colourway_code) not in known:
                    raise NotFoundError(
                        "colourway",
                        f"{v.style_code}-{v.colourway_code}",
                        needed_by=f"sales line {total + 1} ({line.day} {v.sku})",
                    )
                total += 1
                yield m.sales_row(line)

        for chunk in _chunks(rows()):
            self._conn.execute(insert(t.sales_lines), chunk)
        return total

    def _filtered(self, stmt, since: date | None, until: date | None, style_code: str | None):
        c = t.sales_lines.c
        if since is not None:
            stmt = stmt.where(c.day >= since)
        if until is not None:
            stmt = stmt.where(c.day <= until)
        if style_code is not None:
            stmt = stmt.where(c.style_code == style_code)
        return stmt

    def list(
        self,
        since: date | None = None,
        until: date | None = None,
        style_code: str | None = None,
    ) -> list[SalesLine]:
        """Lines with ``since <= day <= until`` (both inclusive), in the order they were sold."""
        c = t.sales_lines.c
        stmt = self._filtered(select(t.sales_lines), since, until, style_code)
        return [m.sales_from(r) for r in self._conn.execute(stmt.order_by(c.day, c.id)).mappings()]

    def count(
        self,
        since: date | None = None,
        until: date | None = None,
        style_code: str | None = None,
    ) -> int:
        stmt = self._filtered(
            select(func.count()).select_from(t.sales_lines), since, until, style_code
        )
        return int(self._conn.execute(stmt).scalar_one())

    def first_day(self) -> date | None:
        """Day of the oldest sale stored, or None when there are no sales."""
        return self._conn.execute(select(func.min(t.sales_lines.c.day))).scalar_one()

    def last_day(self) -> date | None:
        """Day of the most recent sale stored, or None when there are no sales."""
        return self._conn.execute(select(func.max(t.sales_lines.c.day))).scalar_one()


class PreOrderRepository(_Repository):
    def add(self, order: PreOrder) -> None:
        v = order.variant
        self._require_colourway(v.style_code, v.colourway_code, f"pre-order {order.reference}")
        self._require_new(t.preorders, "pre-order", order.reference, reference=order.reference)
        self._conn.execute(insert(t.preorders), [m.preorder_row(order)])

    def get(self, reference: str) -> PreOrder | None:
        rows = self._rows(select(t.preorders).where(t.preorders.c.reference == reference))
        return m.preorder_from(rows[0]) if rows else None

    def list(self, status: PreOrderStatus | str | None = None) -> list[PreOrder]:
        c = t.preorders.c
        stmt = select(t.preorders).order_by(c.promised_by, c.reference)
        if status is not None:
            stmt = stmt.where(c.status == PreOrderStatus(status).value)
        return [m.preorder_from(r) for r in self._rows(stmt)]

    def save(self, order: PreOrder) -> None:
        """Store a pre-order's new status (fulfilled, cancelled) or promise date."""
        stmt = (
            update(t.preorders)
            .where(t.preorders.c.reference == order.reference)
            .values(**m.preorder_row(order))
        )
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("pre-order", order.reference)


class WaitlistRepository(_Repository):
    def add(self, entry: WaitlistEntry) -> None:
        self._require_colourway(entry.style_code, entry.colourway_code, "waitlist entry")
        self._conn.execute(insert(t.waitlist_entries), [m.waitlist_row(entry)])

    def list(self) -> list[WaitlistEntry]:
        c = t.waitlist_entries.c
        return [
            m.waitlist_from(r) for r in self._rows(select(t.waitlist_entries).order_by(c.day, c.id))
        ]


class FeedbackRepository(_Repository):
    def add(self, item: Feedback) -> None:
        v = item.variant
        self._require_colourway(v.style_code, v.colourway_code, f"{item.kind.value} of {v.sku}")
        self._conn.execute(insert(t.feedback), [m.feedback_row(item)])

    def list(self) -> list[Feedback]:
        c = t.feedback.c
        return [m.feedback_from(r) for r in self._rows(select(t.feedback).order_by(c.day, c.id))]


class InventoryRepository(_Repository):
    """Stock on the shelf, one level per (kind, code, size, location)."""

    @staticmethod
    def _key(kind: StockKind | str, code: str, size: str | None, location: str) -> dict[str, Any]:
        return {
            "kind": StockKind(kind).value,
            "code": code,
            "size": m.NO_SIZE if size is None else size,
            "location": location,
        }

    def set(self, level: InventoryLevel) -> None:
        """Record the quantity on hand, replacing any earlier count for the same key."""
        row = m.inventory_row(level)
        key = {k: row[k] for k in ("kind", "code", "size", "location")}
        c = t.inventory_levels.c
        cond = and_(*(c[k] == v for k, v in key.items()))
        done = self._conn.execute(
            update(t.inventory_levels).where(cond).values(quantity=row["quantity"])
        ).rowcount
        if done == 0:
            self._conn.execute(insert(t.inventory_levels), [row])

    def get(
        self, kind: StockKind | str, code: str, size: str | None = None, location: str = "main"
    ) -> InventoryLevel | None:
        key = self._key(kind, code, size, location)
        c = t.inventory_levels.c
        rows = self._rows(select(t.inventory_levels).where(*(c[k] == v for k, v in key.items())))
        return m.inventory_from(rows[0]) if rows else None

    def list(self, kind: StockKind | str | None = None) -> list[InventoryLevel]:
        c = t.inventory_levels.c
        stmt = select(t.inventory_levels).order_by(c.kind, c.code, c.size, c.location)
        if kind is not None:
            stmt = stmt.where(c.kind == StockKind(kind).value)
        return [m.inventory_from(r) for r in self._rows(stmt)]


class PurchaseOrderRepository(_Repository):
    def add(self, order: PurchaseOrder) -> None:
        label = (
            order.reference + f" {order.material_code}" + (f" {order.size}" if order.size else "")
        )
        self._require_material(order.material_code, f"purchase order {order.reference}")
        row = m.purchase_order_row(order)
        self._require_new(
            t.purchase_orders,
            "purchase order line",
            label,
            reference=row["reference"],
            material_code=row["material_code"],
            size=row["size"],
        )
        self._conn.execute(insert(t.purchase_orders), [row])

    def list(self) -> list[PurchaseOrder]:
        c = t.purchase_orders.c
        stmt = select(t.purchase_orders).order_by(c.due, c.reference, c.material_code, c.size)
        return [m.purchase_order_from(r) for r in self._rows(stmt)]

    def remove(self, reference: str) -> int:
        """Drop every line of a purchase order (received or cancelled); returns lines dropped."""
        stmt = delete(t.purchase_orders).where(t.purchase_orders.c.reference == reference)
        count = self._conn.execute(stmt).rowcount
        if count == 0:
            raise NotFoundError("purchase order", reference)
        return count


# --- production and quality ----------------------------------------------------------------


class BatchRepository(_Repository):
    """Batches with their lines; ``save`` stores a batch's new status, dates and lines."""

    def _check_lines(self, batch: Batch) -> None:
        known = self._known_colourways()
        for ln in batch.lines:
            v = ln.variant
            if (v.style_code, v.colourway_code) not in known:
                raise NotFoundError(
                    "colourway",
                    f"{v.style_code}-{v.colourway_code}",
                    needed_by=f"batch {batch.code}",
                )

    def add(self, batch: Batch) -> None:
        self._require_new(t.batches, "batch", batch.code, code=batch.code)
        self._check_lines(batch)
        self._conn.execute(insert(t.batches), [m.batch_row(batch)])
        rows = m.batch_line_rows(batch)
        if rows:
            self._conn.execute(insert(t.batch_lines), rows)

    def get(self, code: str) -> Batch | None:
        rows = self._rows(select(t.batches).where(t.batches.c.code == code))
        if not rows:
            return None
        lines = self._rows(select(t.batch_lines).where(t.batch_lines.c.batch_code == code))
        return m.batch_from(rows[0], lines)

    def list(self, status: BatchStatus | str | None = None) -> list[Batch]:
        c = t.batches.c
        stmt = select(t.batches).order_by(c.start_day, c.code)
        if status is not None:
            stmt = stmt.where(c.status == BatchStatus(status).value)
        heads = self._rows(stmt)
        codes = [h["code"] for h in heads]
        lines: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if codes:
            stmt = select(t.batch_lines).where(t.batch_lines.c.batch_code.in_(codes))
            for r in self._rows(stmt):
                lines[r["batch_code"]].append(r)
        return [m.batch_from(h, lines[h["code"]]) for h in heads]

    def save(self, batch: Batch) -> None:
        self._check_lines(batch)
        stmt = update(t.batches).where(t.batches.c.code == batch.code).values(**m.batch_row(batch))
        if self._conn.execute(stmt).rowcount == 0:
            raise NotFoundError("batch", batch.code)
        self._conn.execute(delete(t.batch_lines).where(t.batch_lines.c.batch_code == batch.code))
        rows = m.batch_line_rows(batch)
        if rows:
            self._conn.execute(insert(t.batch_lines), rows)


class WorkOrderRepository(_Repository):
    """Work orders of a batch: one per SKU × operation × bundle."""

    def _check(self, orders: list[WorkOrder]) -> None:
        known = self._known_colourways()
        batches = set(self._conn.execute(select(t.batches.c.code)).scalars())
        seen: set[tuple] = set()
        for wo in orders:
            label = f"{wo.batch_code} {wo.variant.sku} {wo.operation.value} #{wo.bundle}"
            if wo.batch_code not in batches:
                raise NotFoundError("batch", wo.batch_code, needed_by=f"work order {label}")
            v = wo.variant
            if (v.style_code, v.colourway_code) not in known:
                raise NotFoundError(
                    "colourway",
                    f"{v.style_code}-{v.colourway_code}",
                    needed_by=f"work order {label}",
                )
            key = (wo.batch_code, v.sku, wo.operation.value, wo.bundle)
            if key in seen:
                raise DuplicateError("work order", label)
            seen.add(key)
            row = m.work_order_row(wo)
            if self._exists(t.work_orders, **{k: v for k, v in row.items() if k != "pairs"}):
                raise DuplicateError("work order", label)

    def add(self, order: WorkOrder) -> None:
        self.add_many([order])

    def add_many(self, orders: Iterable[WorkOrder]) -> int:
        orders = list(orders)
        self._check(orders)
        for chunk in _chunks(m.work_order_row(wo) for wo in orders):
            self._conn.execute(insert(t.work_orders), chunk)
        return len(orders)

    def replace(self, batch_code: str, orders: Iterable[WorkOrder]) -> int:
        """Drop a batch's work orders and store ``orders`` instead (after a re-plan)."""
        orders = list(orders)
        strays = [wo for wo in orders if wo.batch_code != batch_code]
        if strays:
            raise StoreError(f"work order for batch {strays[0].batch_code} given for {batch_code}")
        self._conn.execute(delete(t.work_orders).where(t.work_orders.c.batch_code == batch_code))
        return self.add_many(orders)

    def list(self, batch_code: str | None = None) -> list[WorkOrder]:
        c = t.work_orders.c
        stmt = select(t.work_orders).order_by(
            c.batch_code, c.style_code, c.colourway_code, c.size, c.operation, c.bundle
        )
        if batch_code is not None:
            stmt = stmt.where(c.batch_code == batch_code)
        return [m.work_order_from(r) for r in self._rows(stmt)]


class PairRepository(_Repository):
    """Serialised pairs and the hides they were cut from (kept after the hide is used up)."""

    def add(self, pair: Pair) -> None:
        self.add_many([pair])

    def add_many(self, pairs: Iterable[Pair]) -> int:
        pairs = list(pairs)
        known = self._known_colourways()
        batches = set(self._conn.execute(select(t.batches.c.code)).scalars())
        serials = [p.serial for p in pairs]
        if len(set(serials)) != len(serials):
            dup = next(s for s in serials if serials.count(s) > 1)
            raise DuplicateError("pair", dup)
        for p in pairs:
            if p.batch_code not in batches:
                raise NotFoundError("batch", p.batch_code, needed_by=f"pair {p.serial}")
            v = p.variant
            if (v.style_code, v.colourway_code) not in known:
                raise NotFoundError(
                    "colourway", f"{v.style_code}-{v.colourway_code}", needed_by=f"pair {p.serial}"
                )
        for chunk in _chunks({"serial": s} for s in serials):
            taken = self._conn.execute(
                select(t.pairs.c.serial).where(t.pairs.c.serial.in_([r["serial"] for r in chunk]))
            ).first()
            if taken is not None:
                raise DuplicateError("pair", taken[0])
        for chunk in _chunks(m.pair_row(p) for p in pairs):
            self._conn.execute(insert(t.pairs), chunk)
        for chunk in _chunks(row for p in pairs for row in m.pair_hide_rows(p)):
            self._conn.execute(insert(t.pair_hides), chunk)
        return len(pairs)

    def _with_hides(self, heads: list[dict[str, Any]]) -> list[Pair]:
        hides: dict[str, list[tuple[int, str]]] = defaultdict(list)
        serials = [h["serial"] for h in heads]
        for chunk in _chunks({"s": s} for s in serials):
            stmt = select(t.pair_hides).where(
                t.pair_hides.c.pair_serial.in_([r["s"] for r in chunk])
            )
            for r in self._rows(stmt):
                hides[r["pair_serial"]].append((r["position"], r["hide_code"]))
        return [m.pair_from(h, [code for _, code in sorted(hides[h["serial"]])]) for h in heads]

    def get(self, serial: str) -> Pair | None:
        heads = self._rows(select(t.pairs).where(t.pairs.c.serial == serial))
        return self._with_hides(heads)[0] if heads else None

    def list(self, batch_code: str | None = None, hide_code: str | None = None) -> list[Pair]:
        """Pairs of a batch, or pairs cut from a hide (for a recall), or all of them."""
        c = t.pairs.c
        stmt = select(t.pairs).order_by(c.serial)
        if batch_code is not None:
            stmt = stmt.where(c.batch_code == batch_code)
        if hide_code is not None:
            stmt = stmt.where(
                c.serial.in_(
                    select(t.pair_hides.c.pair_serial).where(t.pair_hides.c.hide_code == hide_code)
                )
            )
        return self._with_hides(self._rows(stmt))


class OperationRecordRepository(_Repository):
    """Who did which operation, when, on which pairs."""

    def add(self, record: OperationRecord) -> int:
        self._require_batch(record.batch_code, f"{record.operation.value} record")
        if record.started.tzinfo is not None or record.finished.tzinfo is not None:
            # Columns hold the workshop's wall-clock time; an offset would be silently lost.
            raise StoreError(
                f"{record.operation.value} record of batch {record.batch_code} by "
                f"{record.artisan_code}: give times in workshop local time, without a timezone"
            )
        result = self._conn.execute(insert(t.operation_records), m.operation_record_row(record))
        record_id = int(result.inserted_primary_key[0])
        rows = [
            {"record_id": record_id, "position": i, "pair_serial": s}
            for i, s in enumerate(record.pair_serials)
        ]
        if rows:
            self._conn.execute(insert(t.operation_record_pairs), rows)
        return record_id

    def list(
        self, batch_code: str | None = None, pair_serial: str | None = None
    ) -> list[OperationRecord]:
        c = t.operation_records.c
        stmt = select(t.operation_records).order_by(c.started, c.id)
        if batch_code is not None:
            stmt = stmt.where(c.batch_code == batch_code)
        if pair_serial is not None:
            p = t.operation_record_pairs.c
            stmt = stmt.where(c.id.in_(select(p.record_id).where(p.pair_serial == pair_serial)))
        heads = self._rows(stmt)
        serials: dict[int, list[tuple[int, str]]] = defaultdict(list)
        ids = [h["id"] for h in heads]
        for chunk in _chunks({"i": i} for i in ids):
            p = t.operation_record_pairs.c
            q = select(t.operation_record_pairs).where(p.record_id.in_([r["i"] for r in chunk]))
            for r in self._rows(q):
                serials[r["record_id"]].append((r["position"], r["pair_serial"]))
        return [m.operation_record_from(h, [s for _, s in sorted(serials[h["id"]])]) for h in heads]


class InspectionRepository(_Repository):
    """Inspections with their defects; ``add`` returns the inspection's number."""

    def add(self, inspection: Inspection) -> int:
        self._require_batch(inspection.batch_code, f"{inspection.operation.value} inspection")
        result = self._conn.execute(insert(t.inspections), m.inspection_row(inspection))
        inspection_id = int(result.inserted_primary_key[0])
        rows = m.defect_rows(inspection_id, inspection.defects)
        if rows:
            self._conn.execute(insert(t.defects), rows)
        return inspection_id

    def _load(self, heads: list[dict[str, Any]]) -> list[tuple[int, Inspection]]:
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        ids = [h["id"] for h in heads]
        for chunk in _chunks({"i": i} for i in ids):
            stmt = select(t.defects).where(t.defects.c.inspection_id.in_([r["i"] for r in chunk]))
            for r in self._rows(stmt):
                found[r["inspection_id"]].append(r)
        return [(h["id"], m.inspection_from(h, found[h["id"]])) for h in heads]

    def get(self, inspection_id: int) -> Inspection | None:
        heads = self._rows(select(t.inspections).where(t.inspections.c.id == inspection_id))
        return self._load(heads)[0][1] if heads else None

    def list_with_ids(self, batch_code: str | None = None) -> list[tuple[int, Inspection]]:
        c = t.inspections.c
        stmt = select(t.inspections).order_by(c.day, c.id)
        if batch_code is not None:
            stmt = stmt.where(c.batch_code == batch_code)
        return self._load(self._rows(stmt))

    def list(self, batch_code: str | None = None) -> list[Inspection]:
        return [insp for _, insp in self.list_with_ids(batch_code)]


# --- engine outputs ------------------------------------------------------------------------


class DocumentRepository(_Repository):
    """JSON documents by (kind, key): forecasts, plans, cutting plans, schedules...

    Bodies come back as plain JSON (tuples become lists); ``put`` replaces an existing one.
    """

    def put(
        self, kind: str, key: str, body: dict[str, Any], *, now: datetime | None = None
    ) -> None:
        if not isinstance(body, dict):
            raise StoreError(
                f"document {kind}/{key}: body must be a dict, got {type(body).__name__}"
            )
        try:
            # Round-trip through text now so a bad value fails here, named, on every backend.
            body = json.loads(json.dumps(body, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"document {kind}/{key} is not plain JSON: {exc}") from exc
        stamp = now or datetime.now()
        c = t.documents.c
        stmt = (
            update(t.documents)
            .where(c.kind == kind, c.key == key)
            .values(body=body, updated_at=stamp)
        )
        if self._conn.execute(stmt).rowcount == 0:
            self._conn.execute(
                insert(t.documents),
                [
                    {
                        "kind": kind,
                        "key": key,
                        "created_at": stamp,
                        "updated_at": stamp,
                        "body": body,
                    }
                ],
            )

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        c = t.documents.c
        row = self._conn.execute(select(c.body).where(c.kind == kind, c.key == key)).first()
        return None if row is None else row[0]

    def list(self, kind: str) -> list[str]:
        """Keys of every document of ``kind``, sorted."""
        c = t.documents.c
        return list(
            self._conn.execute(select(c.key).where(c.kind == kind).order_by(c.key)).scalars()
        )

    def stamps(self, kind: str) -> dict[str, datetime]:
        """When each document of ``kind`` was last written, without reading the bodies.

        Lets a reader that keeps a rendered document tell whether it is still current.
        """
        c = t.documents.c
        rows = self._conn.execute(select(c.key, c.updated_at).where(c.kind == kind))
        return {key: stamp for key, stamp in rows}

    def latest(self, kind: str) -> tuple[str, dict[str, Any]] | None:
        """The most recently written document of ``kind`` as (key, body)."""
        c = t.documents.c
        row = self._conn.execute(
            select(c.key, c.body)
            .where(c.kind == kind)
            .order_by(c.updated_at.desc(), c.key.desc())
            .limit(1)
        ).first()
        return None if row is None else (row[0], row[1])

    def delete(self, kind: str, key: str) -> bool:
        c = t.documents.c
        return (
            self._conn.execute(delete(t.documents).where(c.kind == kind, c.key == key)).rowcount > 0
        )


__all__ = [
    "ArtisanRepository", "BOMRepository", "BatchRepository", "ColourwayRepository",
    "DocumentRepository", "FabricRollRepository", "FeedbackRepository", "HideRepository",
    "InspectionRepository", "InventoryRepository", "MaterialRepository", "OffcutRepository",
    "OperationRecordRepository", "PairRepository", "PatternRepository", "PreOrderRepository",
    "PurchaseOrderRepository", "SalesRepository", "StyleRepository", "WaitlistRepository",
    "WorkOrderRepository",
]  # fmt: skip
