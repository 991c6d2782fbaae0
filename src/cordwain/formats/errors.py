"""Errors of file imports: one :class:`CsvError` per bad cell, gathered in :class:`CsvErrors`.

Row numbers are the ones a spreadsheet shows: the header is row 1, the first data row is
row 2. A file-level problem (empty file, not UTF-8) has no row; a header problem is row 1.
"""

from __future__ import annotations

from collections.abc import Iterable

#: How many errors ``str(CsvErrors)`` lists before saying how many more there are.
MAX_SHOWN = 20


class CsvError(Exception):
    """One problem in a CSV file, pointing at the file, the row and the column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f', column "{self.column}"'
        return f"{where}: {self.message}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CsvError):
            return NotImplemented
        return (self.file, self.row, self.column, self.message) == (
            other.file,
            other.row,
            other.column,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.row, self.column, self.message))


class CsvErrors(Exception):
    """Every problem found in a file, so it can be fixed in one go; nothing was imported."""

    def __init__(self, errors: Iterable[CsvError]) -> None:
        self.errors: list[CsvError] = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.errors)
        head = f"{n} problem{'s' if n != 1 else ''} found, nothing was imported:"
        lines = [head, *(f"  {e}" for e in self.errors[:MAX_SHOWN])]
        if n > MAX_SHOWN:
            lines.append(f"  ... and {n - MAX_SHOWN} more")
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.errors)

    def __iter__(self):
        return iter(self.errors)
