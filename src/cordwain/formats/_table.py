"""The machinery shared by every CSV kind: columns, reading a table, typed cells, writing.

A :class:`Row` reads typed values out of its cells; a bad cell records a
:class:`~cordwain.formats.errors.CsvError` and gives ``None`` back, so a whole file is
checked in one pass and every problem is reported together.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import math
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, TypeVar

from cordwain.domain import DomainError

from .context import Context
from .errors import CsvError, CsvErrors

#: Stop collecting after this many errors: a wholly wrong file says enough by then.
MAX_ERRORS = 500

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    """A documented column: its name, whether it must be there, its type, unit and example."""

    name: str
    required: bool
    type: str
    example: str
    help: str
    unit: str = ""


class Kind(ABC):
    """One CSV file format (``styles``, ``sales``...): its columns, parse and export."""

    name: str = ""
    summary: str = ""
    object_type: type = object
    columns: tuple[Column, ...] = ()
    #: Groups of columns of which exactly one group must be present (``sku`` or the trio).
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def export_columns(self) -> tuple[str, ...]:
        """Columns written on export: of alternative groups, the first one only."""
        left_out = {c for group in self.alternatives[1:] for c in group}
        return tuple(n for n in self.column_names if n not in left_out)

    @abstractmethod
    def parse_rows(self, table: Table, ctx: Context) -> list[Any]:
        """Domain objects of the table's rows; problems go to ``table.errors``."""

    @abstractmethod
    def export_rows(self, objects: Sequence[Any]) -> Iterator[dict[str, str]]:
        """One dict of cell texts per CSV row."""


# --------------------------------------------------------------------------- reading


class Table:
    """A CSV file read into rows of stripped cells keyed by (normalised) column name."""

    def __init__(self, file: str, base_dir: Path, kind: Kind) -> None:
        self.file = file
        self.base_dir = base_dir
        self.kind = kind
        self.header: list[str] = []
        self.records: list[tuple[int, dict[str, str]]] = []
        self.errors: list[CsvError] = []
        self._specs = {c.name: c for c in kind.columns}

    def error(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(CsvError(self.file, row, column, message))

    def raise_if_errors(self) -> None:
        if self.errors:
            # File-level problems first, then in row order, as a person would fix them.
            errors = sorted(self.errors, key=lambda e: -1 if e.row is None else e.row)
            if len(errors) >= MAX_ERRORS:
                errors.append(
                    CsvError(self.file, None, None, f"stopped checking after {MAX_ERRORS} errors")
                )
            raise CsvErrors(errors)

    def rows(self) -> Iterator[Row]:
        for number, cells in self.records:
            yield Row(self, number, cells)

    def spec(self, column: str) -> Column:
        return self._specs[column]


def _normalise_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _decode(data: bytes, table: Table) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        table.error(
            None,
            None,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X} at position {exc.start});"
            " in a spreadsheet choose 'CSV UTF-8' when saving",
        )
        return None


def read_table(
    source: Source, kind: Kind, *, filename: str | None, base_dir: str | os.PathLike[str] | None
) -> Table:
    """Read ``source`` into a :class:`Table`, raising :class:`CsvErrors` on a broken header."""
    text: str | None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        table = Table(filename or path.name, Path(base_dir) if base_dir else path.parent, kind)
        try:
            data = path.read_bytes()
        except OSError as exc:
            table.error(None, None, f"cannot read the file: {exc.strerror or exc}")
            table.raise_if_errors()
            raise AssertionError("unreachable") from exc
        text = _decode(data, table)
    else:
        name = filename or getattr(source, "name", None)
        name = name if isinstance(name, str) else f"{kind.name}.csv"
        default_dir = Path(name).parent if filename or hasattr(source, "name") else Path.cwd()
        table = Table(Path(name).name, Path(base_dir) if base_dir else default_dir, kind)
        content = source.read()
        text = _decode(content, table) if isinstance(content, bytes) else content
    table.raise_if_errors()
    assert text is not None
    text = text.removeprefix("\ufeff")
    expected = ",".join(c.name for c in kind.columns if c.required)
    if not text.strip():
        table.error(
            None, None, f"the file is empty: the first row must name the columns, e.g. {expected}"
        )
        table.raise_if_errors()

    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            records.append((number, record))
    except csv.Error as exc:
        table.error(len(records) + 1, None, f"the row cannot be read as CSV: {exc}")
        table.raise_if_errors()

    # Leading blank lines are skipped; the header keeps its spreadsheet row number.
    while records and not any(c.strip() for c in records[0][1]):
        records.pop(0)
    header_row, raw_header = records[0]
    _check_header(table, header_row, raw_header)
    table.raise_if_errors()

    width = len(table.header)
    for number, record in records[1:]:
        cells = [c.strip() for c in record]
        if not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            table.error(
                number,
                None,
                f"the row has {len(cells)} cells but the header names {width} columns"
                " (a comma inside a value must be in double quotes)",
            )
            continue
        cells += [""] * (width - len(cells))
        table.records.append((number, dict(zip(table.header, cells, strict=False))))
    return table


def _check_header(table: Table, row: int, raw: list[str]) -> None:
    kind = table.kind
    known = kind.column_names
    if len(raw) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if sep in raw[0]:
                table.error(
                    row,
                    None,
                    f"the header is one single column {raw[0]!r}: the file seems to use {name}"
                    " between columns; cordwain reads comma-separated files (in a spreadsheet,"
                    " save as 'CSV UTF-8 (comma delimited)')",
                )
                return
    names = [_normalise_name(n) for n in raw]
    while names and not names[-1]:
        names.pop()  # trailing empty header cells are a spreadsheet artefact
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            table.error(row, None, f"column {position} of the header has no name")
        elif name in seen:
            table.error(row, name, "the column appears twice in the header")
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            table.error(
                row,
                name,
                f"unknown column for {kind.name}{hint}; known columns: {', '.join(known)}",
            )
        seen.add(name)
    for column in kind.columns:
        if column.required and column.name not in seen:
            table.error(row, column.name, "required column is missing from the header")
    if kind.alternatives:
        present = [g for g in kind.alternatives if all(c in seen for c in g)]
        if not present:
            groups = " or ".join("+".join(g) for g in kind.alternatives)
            table.error(row, None, f"the header needs the columns {groups}")
        elif len(present) > 1 or any(
            c in seen for g in kind.alternatives if g not in present for c in g
        ):
            groups = " or ".join("+".join(g) for g in kind.alternatives)
            table.error(row, None, f"give either {groups}, not both")
    table.header = names


# --------------------------------------------------------------------------- cells

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0"}


class Row:
    """One data row: typed getters that record errors instead of raising."""

    def __init__(self, table: Table, number: int, cells: Mapping[str, str]) -> None:
        self.table = table
        self.position = number
        self.cells = cells
        self.count = 0  # errors so far: lets a part of the row tell if it added any

    @property
    def ok(self) -> bool:
        return self.count == 0

    def error(self, column: str | None, message: str) -> None:
        self.count += 1
        self.table.error(self.position, column, message)

    def raw(self, column: str) -> str | None:
        """The stripped cell, ``None`` when blank; records an error if required and blank."""
        value = self.cells.get(column, "")
        if value:
            return value
        if self.table.spec(column).required:
            self.error(column, "a value is required")
        return None

    def text(self, column: str, default: str = "") -> str:
        value = self.raw(column)
        return default if value is None else value

    def _convert(self, column: str, convert: Callable[[str], T]) -> T | None:
        value = self.raw(column)
        if value is None:
            return None
        try:
            return convert(value)
        except _CellError as exc:
            self.error(column, str(exc))
            return None

    def _checked_sign(self, column: str, value: Any, positive: bool, non_negative: bool) -> Any:
        if value is None:
            return None
        if positive and value <= 0:
            self.error(column, f"must be more than 0, got {self.cells[column]}")
            return None
        if non_negative and value < 0:
            self.error(column, f"cannot be negative, got {self.cells[column]}")
            return None
        return value

    def decimal(
        self, column: str, *, positive: bool = False, non_negative: bool = False
    ) -> Decimal | None:
        value = self._convert(column, _parse_decimal)
        return self._checked_sign(column, value, positive, non_negative)

    def number(
        self, column: str, *, positive: bool = False, non_negative: bool = False
    ) -> float | None:
        value = self._convert(column, lambda v: float(_parse_decimal(v)))
        return self._checked_sign(column, value, positive, non_negative)

    def whole(
        self, column: str, *, positive: bool = False, non_negative: bool = False
    ) -> int | None:
        value = self._convert(column, _parse_whole)
        return self._checked_sign(column, value, positive, non_negative)

    def date(self, column: str) -> date | None:
        return self._convert(column, _parse_date)

    def time(self, column: str) -> time | None:
        return self._convert(column, _parse_time)

    def boolean(self, column: str) -> bool | None:
        return self._convert(column, _parse_bool)

    def choice(self, column: str, enum: type[StrEnum]) -> Any:
        def convert(value: str) -> StrEnum:
            for member in enum:
                if value.lower() == member.value.lower():
                    return member
            options = ", ".join(m.value for m in enum)
            raise _CellError(f"{value!r} is not one of {options}")

        return self._convert(column, convert)

    def json(self, column: str) -> Any:
        def convert(value: str) -> Any:
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                raise _CellError(f"not valid JSON ({exc.msg} at character {exc.pos + 1})") from exc

        return self._convert(column, convert)

    def semicolons(self, column: str) -> list[str] | None:
        value = self.raw(column)
        if value is None:
            return None
        return [p.strip() for p in value.split(";") if p.strip()]

    def build(
        self,
        fields: Mapping[str, str],
        default: str | None,
        make: Callable[..., T],
        *args: Any,
        **kwargs: Any,
    ) -> T | None:
        """``make(*args, **kwargs)``; a DomainError points at the column of its ``field``."""
        try:
            return make(*args, **kwargs)
        except DomainError as exc:
            column = fields.get(exc.field or "", default)
            self.error(column, str(exc))
            return None


class _CellError(ValueError):
    pass


def _parse_decimal(value: str) -> Decimal:
    text = value.replace("\u00a0", "").replace(" ", "")
    if _NUMBER.match(text):
        d = Decimal(text)
        if d.is_finite():
            return d
    if _DECIMAL_COMMA.match(text):
        raise _CellError(
            f"{value!r} is not a number: use a point for decimals ({text.replace(',', '.')})"
        )
    if text[:1] in "$€£" or text[-1:] in "$€£":
        raise _CellError(f"{value!r} is not a number: write the amount without a currency sign")
    if "," in text:
        raise _CellError(f"{value!r} is not a number: write it without thousands separators")
    raise _CellError(f"{value!r} is not a number")


def _parse_whole(value: str) -> int:
    try:
        d = _parse_decimal(value)
    except _CellError:
        raise _CellError(f"{value!r} is not a whole number") from None
    if d != d.to_integral_value():
        raise _CellError(f"{value!r} is not a whole number")
    return int(d)


def _parse_date(value: str) -> date:
    if _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise _CellError(f"{value!r} is not a real date ({exc})") from exc
    raise _CellError(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2024-03-15)")


def _parse_time(value: str) -> time:
    m = _TIME.match(value)
    if m:
        try:
            return time(int(m[1]), int(m[2]), int(m[3] or 0))
        except ValueError:
            pass
    raise _CellError(f"{value!r} is not a time of day written HH:MM (e.g. 08:30)")


def _parse_bool(value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _CellError(f"{value!r} is not yes or no")


# --------------------------------------------------------------------------- writing


def fmt_number(value: float | int) -> str:
    """Shortest text that reads back to the same float (``2`` rather than ``2.0``)."""
    x = float(value)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def fmt_decimal(value: Decimal) -> str:
    return format(value, "f")


def fmt_bool(value: bool) -> str:
    return "yes" if value else "no"


def fmt_time(value: time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def fmt_optional(value: object) -> str:
    return "" if value is None else str(value)


def _json_number(x: float) -> float | int:
    return int(x) if float(x).is_integer() and abs(x) < 1e15 else float(x)


def fmt_points(points: Iterable[tuple[float, float]]) -> list[list[float | int]]:
    return [[_json_number(x), _json_number(y)] for x, y in points]


def fmt_json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write_table(
    target: str | os.PathLike[str] | IO[str], kind: Kind, rows: Iterable[Mapping[str, str]]
) -> None:
    """Write the header and ``rows`` (every documented column, in documented order)."""
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as stream:
            write_table(stream, kind, rows)
        return
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(kind.export_columns)
    for row in rows:
        writer.writerow([row.get(name, "") for name in kind.export_columns])


def is_finite(x: float) -> bool:
    return math.isfinite(x)
