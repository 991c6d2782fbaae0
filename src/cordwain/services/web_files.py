"""CSV files through the browser and the API: uploads checked before anything is stored,
downloads written where the server chooses.

An upload is refused whole, with every problem named by file, row and column, when it is
too big, not UTF-8 text, of an unknown kind, or does not parse against the database; only
then are its rows stored (by :func:`~cordwain.services.imports.import_rows`, in the caller's
transaction). Exports never take a path from the user: the kind is checked against the list
of kinds and the file is written in a private temporary folder.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cordwain.formats import CsvErrors

from .errors import ServiceError
from .imports import CSV_KINDS, export_csv, import_rows

if TYPE_CHECKING:
    from cordwain.store import SqlUnitOfWork

#: Largest CSV accepted through the web (two years of a small brand's sales is ~1 MB).
MAX_UPLOAD_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class UploadProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        where += f', column "{self.column}"' if self.column is not None else ""
        return f"{where}: {self.message}"


class UploadRejected(ServiceError):
    """Nothing of the file was stored; ``problems`` says everything that is wrong with it."""

    def __init__(self, problems: list[UploadProblem]) -> None:
        self.problems = problems
        n = len(problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} found, nothing was imported")


@dataclass(frozen=True, slots=True)
class UploadReport:
    kind: str
    file: str
    rows: int


def safe_filename(name: str | None, kind: str) -> str:
    """The uploaded file's base name, reduced to safe characters (used only in messages)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^A-Za-z0-9._-]", "_", base).lstrip(".")[:80]
    return base if base.lower().endswith(".csv") and len(base) > 4 else f"{kind}.csv"


def _check_kind(kind: str) -> None:
    if kind not in CSV_KINDS:
        raise ServiceError(f"unknown kind {kind!r}; kinds are: {', '.join(CSV_KINDS)}")


def check_upload(kind: str, filename: str, data: bytes) -> str:
    """The file's text when it may be parsed at all, else ``UploadRejected`` saying why."""
    _check_kind(kind)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected([UploadProblem(filename, None, None,
            f"the file is {len(data) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES / 1e6:.0f} MB"
            " (import bigger files with `cordwain import`)")])  # fmt: skip
    if not data.strip():
        raise UploadRejected([UploadProblem(filename, None, None, "the file is empty")])
    if b"\x00" in data:
        raise UploadRejected([UploadProblem(filename, None, None, "this is not a CSV text file")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected([UploadProblem(filename, None, None,
            f"not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8' and upload again")]
        ) from None  # fmt: skip
    if kind == "hides":
        _refuse_outline_files(filename, text)
    return text


def _refuse_outline_files(filename: str, text: str) -> None:
    # An uploaded CSV cannot bring the DXF/SVG files it names, and a name must never make
    # the server read one of its own files: outlines come inline through the web.
    reader = csv.DictReader(io.StringIO(text))
    problems = [
        UploadProblem(filename, n, "outline_file",
                      "outline files cannot be uploaded through the web; give the outline as "
                      "JSON in the 'outline' column, or use `cordwain import hides`")
        for n, row in enumerate(reader, start=2)
        if (row.get("outline_file") or "").strip()
    ]  # fmt: skip
    if problems:
        raise UploadRejected(problems)


def import_upload(
    uow: SqlUnitOfWork, kind: str, filename: str | None, data: bytes, *, today: date | None = None
) -> UploadReport:
    """Check and store an uploaded CSV (no commit: the caller's); every row or none."""
    name = safe_filename(filename, kind)
    text = check_upload(kind, name, data)
    with tempfile.TemporaryDirectory(prefix="cordwain-upload-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            rows = import_rows(uow, kind, path, today=today)
        except ServiceError as exc:
            cause = exc.__cause__
            if isinstance(cause, CsvErrors):
                raise UploadRejected(
                    [UploadProblem(name, e.row, e.column, e.message) for e in cause.errors]
                ) from None
            message = str(exc).replace(str(path), name)
            raise UploadRejected([UploadProblem(name, None, None, message)]) from None
    return UploadReport(kind, name, rows)


def export_download(kind: str, *, url: str | None = None) -> tuple[str, bytes]:
    """(file name, CSV bytes) of every record of ``kind``, written in a private temp folder."""
    _check_kind(kind)
    with tempfile.TemporaryDirectory(prefix="cordwain-export-") as folder:
        path = Path(folder) / f"{kind}.csv"
        export_csv(kind, path, url=url)
        return f"{kind}.csv", path.read_bytes()
