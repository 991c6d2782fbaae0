"""CSV import and export of the workshop's files: the registry of kinds, ``parse`` and ``export``.

Every kind (``styles``, ``sales``...) documents its columns (:class:`Column`); ``parse``
checks a whole file against a :class:`Context` and either returns every object or raises
:class:`CsvErrors` listing every problem (file, row, column) — never a partial result.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import IO, Any

from ._catalogue import Artisans, Boms, Colourways, Materials, Styles
from ._demand import FeedbackKindFile, PreOrders, Sales, StockOuts, Waitlist
from ._stock import Hides, Inventory, PurchaseOrders, Rolls
from ._table import Column, Kind, Source, read_table, write_table
from .context import Context

#: Every CSV kind by name, in the order a new workshop imports them.
KINDS: Mapping[str, Kind] = {
    k.name: k
    for k in (
        Styles(), Colourways(), Materials(), Boms(), Inventory(), Hides(), Rolls(),
        PurchaseOrders(), Sales(), StockOuts(), PreOrders(), Waitlist(), Artisans(),
        FeedbackKindFile(),
    )
}  # fmt: skip


def kind_of(name: str) -> Kind:
    """The kind called ``name``; ``ValueError`` listing the kinds otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown CSV kind {name!r}; kinds are: {', '.join(KINDS)}") from None


def parse(
    kind: str,
    source: Source,
    context: Context,
    *,
    filename: str | None = None,
    base_dir: str | os.PathLike[str] | None = None,
) -> list[Any]:
    """Domain objects of every row of a CSV file, or :class:`CsvErrors` listing every problem.

    ``source`` is a path or an open text (or binary UTF-8) stream; ``filename`` names it in
    messages (default: the path's name, the stream's ``name`` or ``<kind>.csv``).
    ``base_dir`` is where ``outline_file`` references are looked up (default: the CSV's
    folder).
    """
    k = kind_of(kind)
    table = read_table(source, k, filename=filename, base_dir=base_dir)
    objects = k.parse_rows(table, context)
    table.raise_if_errors()
    return objects


def export(kind: str, objects: Iterable[Any], target: str | os.PathLike[str] | IO[str]) -> None:
    """Write ``objects`` as a CSV of ``kind`` that :func:`parse` reads back to equal objects."""
    k = kind_of(kind)
    items = list(objects)
    wrong = [o for o in items if not isinstance(o, k.object_type)]
    if wrong:
        raise TypeError(
            f"{kind} exports {k.object_type.__name__} objects, got {type(wrong[0]).__name__}"
        )
    write_table(target, k, list(k.export_rows(items)))


__all__ = ["KINDS", "Column", "Kind", "export", "kind_of", "parse"]
