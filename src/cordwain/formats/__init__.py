"""File formats of the workshop: CSV import/export with row/column errors, outline files.

Adapters only: they turn files into ``cordwain.domain`` objects and back, and never touch
the database (the import service stores what :func:`parse` returns in one transaction).
"""

from .context import Context
from .csvfiles import KINDS, Column, Kind, export, kind_of, parse
from .errors import MAX_SHOWN, CsvError, CsvErrors
from .outline_files import OutlineFileError, read_outline

__all__ = [
    "KINDS",
    "MAX_SHOWN",
    "Column",
    "Context",
    "CsvError",
    "CsvErrors",
    "Kind",
    "OutlineFileError",
    "export",
    "kind_of",
    "parse",
    "read_outline",
]
