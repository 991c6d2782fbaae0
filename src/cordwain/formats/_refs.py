"""Checking references in a row against the :class:`Context`: codes, SKUs, sizes, polygons."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from cordwain.domain import (
    DomainError,
    InvalidGeometry,
    Material,
    MaterialKind,
    Polygon,
    Style,
    Variant,
    check_code,
    format_size,
)
from cordwain.domain.sizes import VALID_SIZES

from ._table import Column, Row
from .context import Context

#: The columns naming a variant: a SKU, or its three parts (preferred on export).
VARIANT_PARTS = ("style", "colourway", "size")
VARIANT_ALTERNATIVES = (VARIANT_PARTS, ("sku",))


def variant_columns(what: str) -> tuple[Column, ...]:
    return (
        Column("sku", False, "SKU", "MARA-BLK-9.5",
               f"the {what} as STYLE-COLOURWAY-SIZE; instead of style, colourway and size"),
        Column("style", False, "code", "MARA", "style code (with colourway and size, or use sku)"),
        Column("colourway", False, "code", "BLK", "colourway code of the style"),
        Column("size", False, "size", "9.5", "a size of the style's size run"),
    )  # fmt: skip


def _hint(value: str, known: Iterable[str]) -> str:
    known = sorted(known)
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f' (did you mean "{close[0]}"?)'
    if not known:
        return " (none are known yet: import them first)"
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f" (known: {shown})"


def code(row: Row, column: str, what: str) -> str | None:
    """An upper-case code from ``column``; ``None`` if blank (error when required) or bad."""
    value = row.raw(column)
    if value is None:
        return None
    try:
        return check_code(value, what)
    except DomainError as exc:
        row.error(column, str(exc))
        return None


def need(row: Row, column: str) -> str | None:
    """A cell that is required although its column is optional in the header rules."""
    value = row.raw(column)
    if value is None:
        row.error(column, "a value is required")
    return value


def style(row: Row, ctx: Context, column: str = "style") -> Style | None:
    value = code(row, column, "style")
    if value is None:
        return None
    found = ctx.styles.get(value)
    if found is None:
        row.error(column, f"unknown style {value}{_hint(value, ctx.styles)}")
    return found


def colourway(row: Row, ctx: Context, style_code: str, column: str = "colourway") -> str | None:
    value = code(row, column, "colourway")
    if value is None:
        return None
    if (style_code, value) not in ctx.colourways:
        known = [c for s, c in ctx.colourways if s == style_code]
        row.error(column, f"unknown colourway {value} of style {style_code}{_hint(value, known)}")
        return None
    return value


def size_of(row: Row, found: Style, value: str, column: str) -> str | None:
    """The canonical size label if it is in the style's size run, else an error."""
    run = found.size_run
    try:
        label = format_size(value)
    except DomainError as exc:
        row.error(column, str(exc))
        return None
    if label not in VALID_SIZES[run.system]:
        row.error(column, f"size {label} does not exist in {run.system.value}")
        return None
    if label not in run.sizes:
        row.error(
            column,
            f"size {label} is not in the size run of {found.code} ({run.sizes[0]}–{run.sizes[-1]}"
            f" {run.system.value})",
        )
        return None
    return label


def variant(row: Row, ctx: Context) -> Variant | None:
    """The SKU of the row, from ``sku`` or ``style`` + ``colourway`` + ``size``."""
    if "sku" in row.table.header:
        text = need(row, "sku")
        if text is None:
            return None
        try:
            parsed = Variant.parse(text)
        except DomainError as exc:
            row.error("sku", str(exc))
            return None
        if parsed.sku in ctx.skus:
            return parsed
        return _checked(
            row, ctx, parsed.style_code, parsed.colourway_code, parsed.size, ("sku",) * 3
        )
    parts = [need(row, c) for c in VARIANT_PARTS]
    if any(p is None for p in parts):
        return None
    try:
        sku = Variant(*parts).sku  # type: ignore[arg-type]
    except DomainError:
        sku = None
    if sku is not None and sku in ctx.skus:
        return Variant.parse(sku)
    style_code = code(row, "style", "style")
    cw = code(row, "colourway", "colourway")
    if style_code is None or cw is None:
        return None
    return _checked(row, ctx, style_code, cw, parts[2], VARIANT_PARTS)  # type: ignore[arg-type]


def _checked(
    row: Row, ctx: Context, style_code: str, cw: str, size: str, columns: tuple[str, ...]
) -> Variant | None:
    found = ctx.styles.get(style_code)
    if found is None:
        row.error(columns[0], f"unknown style {style_code}{_hint(style_code, ctx.styles)}")
        return None
    if (style_code, cw) not in ctx.colourways:
        known = [c for s, c in ctx.colourways if s == style_code]
        row.error(columns[1], f"unknown colourway {cw} of style {style_code}{_hint(cw, known)}")
        return None
    label = size_of(row, found, size, columns[2])
    return None if label is None else Variant(style_code, cw, label)


def material(
    row: Row, ctx: Context, column: str = "material", kind: MaterialKind | None = None
) -> Material | None:
    value = code(row, column, "material")
    if value is None:
        return None
    found = ctx.materials.get(value)
    if found is None:
        row.error(column, f"unknown material {value}{_hint(value, ctx.materials)}")
        return None
    if kind is not None and found.kind is not kind:
        row.error(column, f"material {value} is {found.kind.value}, expected {kind.value}")
        return None
    return found


def material_size(row: Row, found: Material, column: str = "size") -> str | None:
    """Size of a per-size component (soles); must be blank for everything else."""
    value = row.raw(column)
    if not found.per_size:
        if value is not None:
            row.error(column, f"material {found.code} is not bought per size: leave size blank")
        return None
    if value is None:
        row.error(column, f"material {found.code} is bought per size: give the size")
        return None
    try:
        return format_size(value)
    except DomainError as exc:
        row.error(column, str(exc))
        return None


# ------------------------------------------------------------------ JSON polygons


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def points(value: Any, what: str) -> tuple[tuple[float, float], ...]:
    """A list of [x, y] pairs in mm, or InvalidGeometry naming ``what``."""
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(_is_number(c) for c in p) for p in value
    ):
        raise InvalidGeometry(
            f"{what} must be a list of [x, y] points in mm, e.g. [[0,0],[1200,0],[1100,900]]"
        )
    return tuple((float(x), float(y)) for x, y in value)


def polygon(value: Any, what: str) -> Polygon:
    try:
        return Polygon(points(value, what))
    except InvalidGeometry as exc:
        if str(exc).startswith(what):
            raise
        raise InvalidGeometry(f"{what}: {exc}", field=exc.field) from exc
