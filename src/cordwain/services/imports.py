"""Import and export of the workshop's CSV files, each import one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cordwain import formats
from cordwain.formats import Context, CsvErrors
from cordwain.store import SqlUnitOfWork, StoreError

from .demand import add_stockouts, list_stockouts
from .errors import ServiceError
from .workshop import unit_of_work

CSV_KINDS: tuple[str, ...] = tuple(formats.KINDS)


@dataclass(frozen=True)
class FileReport:
    kind: str
    file: Path
    rows: int


def _adders(uow: SqlUnitOfWork) -> dict[str, Callable[[list[Any]], None]]:
    def each(add: Callable[[Any], object]) -> Callable[[list[Any]], None]:
        def run(objects: list[Any]) -> None:
            for obj in objects:
                add(obj)

        return run

    return {
        "styles": each(uow.styles.add),
        "colourways": each(uow.colourways.add),
        "materials": each(uow.materials.add),
        "bom": each(uow.boms.put),
        "inventory": each(uow.inventory.set),
        "hides": each(uow.hides.add),
        "rolls": each(uow.rolls.add),
        "purchase-orders": each(uow.purchase_orders.add),
        "sales": _bulk(uow.sales.add_many),
        "stockouts": _bulk(lambda spells: add_stockouts(uow, spells)),
        "preorders": each(uow.preorders.add),
        "waitlist": each(uow.waitlist.add),
        "artisans": each(uow.artisans.add),
        "feedback": each(uow.feedback.add),
    }


def _bulk(add_many: Callable[[list[Any]], object]) -> Callable[[list[Any]], None]:
    def run(objects: list[Any]) -> None:
        add_many(objects)

    return run


def _listers(uow: SqlUnitOfWork) -> dict[str, Callable[[], list[Any]]]:
    return {
        "styles": uow.styles.list,
        "colourways": uow.colourways.list,
        "materials": uow.materials.list,
        "bom": uow.boms.list,
        "inventory": uow.inventory.list,
        "hides": uow.hides.list,
        "rolls": uow.rolls.list,
        "purchase-orders": uow.purchase_orders.list,
        "sales": uow.sales.list,
        "stockouts": lambda: list_stockouts(uow),
        "preorders": uow.preorders.list,
        "waitlist": uow.waitlist.list,
        "artisans": uow.artisans.list,
        "feedback": uow.feedback.list,
    }


def _check_kind(kind: str) -> str:
    if kind not in CSV_KINDS:
        raise ServiceError(f"unknown kind {kind!r}; kinds are: {', '.join(CSV_KINDS)}")
    return kind


def import_context(uow: SqlUnitOfWork, today: date | None = None) -> Context:
    """What the database already knows, for checking a file's references."""
    return Context.of(
        today or date.today(),
        styles=uow.styles.list(),
        colourways=uow.colourways.list(),
        materials=uow.materials.list(),
        hide_codes=[h.code for h in uow.hides.list()],
        roll_codes=[r.code for r in uow.rolls.list()],
        artisan_codes=[a.code for a in uow.artisans.list()],
        bom_keys=[(b.style_code, b.colourway_code) for b in uow.boms.list()],
    )


def import_rows(uow: SqlUnitOfWork, kind: str, file: Path, *, today: date | None = None) -> int:
    """Parse ``file`` against the database and add every row (no commit: the caller's)."""
    _check_kind(kind)
    try:
        objects = formats.parse(kind, file, import_context(uow, today))
    except CsvErrors as exc:
        raise ServiceError(str(exc)) from exc
    except OSError as exc:
        raise ServiceError(f"{file}: cannot be read ({exc.strerror or exc})") from exc
    try:
        _adders(uow)[kind](objects)
    except StoreError as exc:
        raise ServiceError(f"{file.name}: {exc}") from exc
    return len(objects)


def import_csv(
    kind: str, file: str | Path, *, url: str | None = None, today: date | None = None
) -> FileReport:
    """Import one CSV file: every row is stored, or (on any error) nothing is."""
    path = Path(file)
    with unit_of_work(url) as uow:
        rows = import_rows(uow, kind, path, today=today)
        uow.commit()
    return FileReport(kind, path, rows)


def export_csv(kind: str, file: str | Path, *, url: str | None = None) -> FileReport:
    """Write every record of ``kind`` to ``file`` in the columns ``import_csv`` reads.

    Written to a temporary file first and moved into place, so a failed export never
    leaves half a file where a good one was.
    """
    _check_kind(kind)
    path = Path(file)
    with unit_of_work(url) as uow:
        objects = _listers(uow)[kind]()
    tmp = path.with_name(f".{path.name}.partial")
    try:
        formats.export(kind, objects, tmp)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ServiceError(f"{path}: cannot be written ({exc.strerror or exc})") from exc
    return FileReport(kind, path, len(objects))
