"""CSV kinds of what customers did (sales, pre-orders, waitlist sign-ups, feedback) and of
when they could not: the spells a SKU was sold out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from cordwain.domain import (
    Feedback,
    FeedbackKind,
    Fit,
    PreOrder,
    PreOrderStatus,
    SalesLine,
    SoldOut,
    Variant,
    WaitlistEntry,
)

from . import _refs as refs
from ._catalogue import _duplicate
from ._table import Column, Kind, Row, Table, fmt_decimal, fmt_optional
from .context import Context


def _past(row: Row, ctx: Context, column: str, what: str) -> date | None:
    """A date that has already happened: records in the future are typing mistakes."""
    day = row.date(column)
    if day is not None and day > ctx.today:
        row.error(column, f"{day.isoformat()} is after today ({ctx.today.isoformat()}): {what}")
    return day


def _variant_cells(v: Variant) -> dict[str, str]:
    return {"style": v.style_code, "colourway": v.colourway_code, "size": v.size}


class Sales(Kind):
    name = "sales"
    object_type = SalesLine
    summary = "One row per SKU sold on a day through a channel (returns go in feedback)."
    alternatives = refs.VARIANT_ALTERNATIVES
    columns = (
        Column("date", True, "date YYYY-MM-DD", "2024-03-15", "day of the sale; not in the future"),
        *refs.variant_columns("pairs sold"),
        Column("quantity", True, "whole number", "2", "pairs sold (more than 0)", unit="pairs"),
        Column("unit_price", True, "decimal", "185.00", "price paid per pair",
               unit="workshop currency"),
        Column("channel", False, "text", "web", "where it sold (web, shop...); default web"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[SalesLine]:
        out: list[SalesLine] = []
        for row in table.rows():
            day = _past(row, ctx, "date", "sales cannot be in the future")
            v = refs.variant(row, ctx)
            qty, price = (
                row.whole("quantity", positive=True),
                row.decimal("unit_price", non_negative=True),
            )
            channel = row.text("channel", "web")
            if not row.ok:
                continue
            line = row.build(  # type: ignore[arg-type]
                {"quantity": "quantity", "unit_price": "unit_price"},
                None,
                SalesLine,
                day,
                v,
                qty,
                price,
                channel,
            )
            if line is not None:
                out.append(line)
        return out

    def export_rows(self, objects: Sequence[SalesLine]) -> Iterator[dict[str, str]]:
        for s in objects:
            yield {
                "date": s.day.isoformat(), **_variant_cells(s.variant),
                "quantity": str(s.quantity), "unit_price": fmt_decimal(s.unit_price),
                "channel": s.channel,
            }  # fmt: skip


class StockOuts(Kind):
    name = "stockouts"
    object_type = SoldOut
    summary = (
        "One row per spell a SKU was sold out (no pair on the shelf): the forecaster does "
        "not read the low sales of those days as low demand."
    )
    alternatives = refs.VARIANT_ALTERNATIVES
    columns = (
        *refs.variant_columns("pairs sold out"),
        Column("first_day", True, "date YYYY-MM-DD", "2024-05-06",
               "first day with no pair on the shelf; not in the future"),
        Column("last_day", False, "date YYYY-MM-DD", "2024-05-19",
               "last day sold out (inclusive); blank while it still is (today)"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[SoldOut]:
        out: list[SoldOut] = []
        seen: dict[tuple[str, date], int] = {}
        for row in table.rows():
            v = refs.variant(row, ctx)
            first = _past(row, ctx, "first_day", "a stock-out cannot start in the future")
            last = _past(row, ctx, "last_day", "write the last day it was sold out so far")
            if not row.ok or v is None or first is None:
                continue
            spell = row.build(
                {"last_day": "last_day"}, None, SoldOut, v, first,
                last if last is not None else ctx.today,
            )  # fmt: skip
            if spell is None:
                continue
            key = (v.sku, first)
            if key in seen:
                row.error("first_day", f"{v.sku} sold out from {first} is already on row "
                                       f"{seen[key]}")  # fmt: skip
                continue
            seen[key] = row.position
            out.append(spell)
        return out

    def export_rows(self, objects: Sequence[SoldOut]) -> Iterator[dict[str, str]]:
        for s in objects:
            yield {
                **_variant_cells(s.variant), "first_day": s.first_day.isoformat(),
                "last_day": s.last_day.isoformat(),
            }  # fmt: skip


class PreOrders(Kind):
    name = "preorders"
    object_type = PreOrder
    summary = "One row per SKU of a paid pre-order, with the date promised to the customer."
    alternatives = refs.VARIANT_ALTERNATIVES
    columns = (
        Column("reference", True, "text", "PO#1043", "the order number"),
        *refs.variant_columns("pairs ordered"),
        Column("quantity", True, "whole number", "1", "pairs ordered (more than 0)", unit="pairs"),
        Column("placed_on", True, "date YYYY-MM-DD", "2024-04-02",
               "day the order was placed; not in the future"),
        Column("promised_by", True, "date YYYY-MM-DD", "2024-06-15",
               "day promised to the customer"),
        Column("status", False, "open, fulfilled or cancelled", "open", "default open"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[PreOrder]:
        out: list[PreOrder] = []
        seen: dict = {}
        for row in table.rows():
            reference = row.text("reference")
            v = refs.variant(row, ctx)
            if reference and v is not None:
                column = "sku" if "sku" in table.header else "size"
                _duplicate(row, seen, (reference, v.sku), column, f"{v.sku} in order {reference}")
            qty = row.whole("quantity", positive=True)
            placed = _past(row, ctx, "placed_on", "an order cannot be placed in the future")
            promised = row.date("promised_by")
            status = row.choice("status", PreOrderStatus)
            if not row.ok:
                continue
            order = row.build(  # type: ignore[arg-type]
                {"reference": "reference", "quantity": "quantity", "promised_by": "promised_by"},
                None,
                PreOrder,
                reference,
                v,
                qty,
                placed,
                promised,
                status or PreOrderStatus.OPEN,
            )
            if order is not None:
                out.append(order)
        return out

    def export_rows(self, objects: Sequence[PreOrder]) -> Iterator[dict[str, str]]:
        for p in objects:
            yield {
                "reference": p.reference, **_variant_cells(p.variant), "quantity": str(p.quantity),
                "placed_on": p.placed_on.isoformat(), "promised_by": p.promised_by.isoformat(),
                "status": p.status.value,
            }  # fmt: skip


class Waitlist(Kind):
    name = "waitlist"
    object_type = WaitlistEntry
    summary = "Sign-ups per day for a style's colourway, by size when the customer gave one."
    columns = (
        Column("date", True, "date YYYY-MM-DD", "2024-04-20", "day of sign-up; not in the future"),
        Column("style", True, "code", "MARA", "the style"),
        Column("colourway", True, "code", "TAN", "the colourway of the style"),
        Column("size", False, "size", "10", "size asked for; blank when not given"),
        Column("signups", True, "whole number", "14", "number of sign-ups (more than 0)",
               unit="people"),
        Column("drop", False, "text", "spring-24", "the drop or campaign they signed up for"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[WaitlistEntry]:
        out: list[WaitlistEntry] = []
        for row in table.rows():
            day = _past(row, ctx, "date", "sign-ups cannot be in the future")
            style = refs.style(row, ctx)
            cw = refs.colourway(row, ctx, style.code) if style else None
            size = row.raw("size")
            if style is not None and size is not None:
                size = refs.size_of(row, style, size, "size")
            signups, drop = row.whole("signups", positive=True), row.text("drop")
            if not row.ok:
                continue
            entry = row.build(  # type: ignore[arg-type]
                {"signups": "signups"},
                None,
                WaitlistEntry,
                day,
                style.code,
                cw,
                size,
                signups,
                drop,
            )
            if entry is not None:
                out.append(entry)
        return out

    def export_rows(self, objects: Sequence[WaitlistEntry]) -> Iterator[dict[str, str]]:
        for w in objects:
            yield {
                "date": w.day.isoformat(), "style": w.style_code, "colourway": w.colourway_code,
                "size": fmt_optional(w.size), "signups": str(w.signups), "drop": w.drop,
            }  # fmt: skip


class FeedbackKindFile(Kind):
    name = "feedback"
    object_type = Feedback
    summary = "One row per review, return or size exchange of a SKU."
    alternatives = refs.VARIANT_ALTERNATIVES
    columns = (
        Column("date", True, "date YYYY-MM-DD", "2024-05-02", "day received; not in the future"),
        *refs.variant_columns("pair concerned"),
        Column("kind", True, "review, return or exchange", "review", "what the customer did"),
        Column("rating", False, "whole number 1–5", "4", "stars of a review"),
        Column("fit", False, "small, true or large", "small", "how the pair fits"),
        Column("text", False, "text", "Lovely leather, runs half a size small", "their words"),
        Column("reason_code", False, "text", "too-small", "why it came back (needed for a return)"),
        Column("exchanged_to_size", False, "size", "10",
               "the size swapped to (required for an exchange)"),
        Column("pair_serial", False, "text", "B24-07-0193", "serial of the pair, when known"),
    )  # fmt: skip

    def parse_rows(self, table: Table, ctx: Context) -> list[Feedback]:
        out: list[Feedback] = []
        for row in table.rows():
            day = _past(row, ctx, "date", "feedback cannot be in the future")
            v = refs.variant(row, ctx)
            kind = row.choice("kind", FeedbackKind)
            rating, fit = row.whole("rating"), row.choice("fit", Fit)
            text, reason = row.text("text"), row.text("reason_code")
            to_size = row.raw("exchanged_to_size")
            if to_size is not None and v is not None and v.style_code in ctx.styles:
                to_size = refs.size_of(row, ctx.styles[v.style_code], to_size, "exchanged_to_size")
            serial = row.raw("pair_serial")
            if not row.ok:
                continue
            fb = row.build(  # type: ignore[arg-type]
                {
                    "rating": "rating",
                    "reason_code": "reason_code",
                    "exchanged_to_size": "exchanged_to_size",
                },
                None,
                Feedback,
                day,
                v,
                kind,
                rating,
                fit,
                text,
                reason,
                to_size,
                serial,
            )
            if fb is not None:
                out.append(fb)
        return out

    def export_rows(self, objects: Sequence[Feedback]) -> Iterator[dict[str, str]]:
        for f in objects:
            yield {
                "date": f.day.isoformat(), **_variant_cells(f.variant), "kind": f.kind.value,
                "rating": fmt_optional(f.rating), "fit": f.fit.value if f.fit else "",
                "text": f.text, "reason_code": f.reason_code,
                "exchanged_to_size": fmt_optional(f.exchanged_to_size),
                "pair_serial": fmt_optional(f.pair_serial),
            }  # fmt: skip
