"""Helpers shared by the command-line modules: options, errors, progress bars, JSON output.

Kept apart from :mod:`cordwain.cli` so that command modules registered on its app can use
them without importing it (which would be circular).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

console = Console()
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $CORDWAIN_DATABASE_URL or ./cordwain.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``error: message`` on stderr and leave with ``code``."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def progress_bar(
    description: str, enabled: bool = True
) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar fed by a service's ``progress(step, done, total)`` callback.

    Silent when stderr is not a terminal (scripts, tests) so JSON output stays clean.
    """
    if not enabled or not sys.stderr.isatty():
        yield lambda *_: None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=1, step="")

        def report(step: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, 1), step=step)

        yield report


def echo_json(data: object) -> None:
    """Print ``data`` as indented JSON on stdout (dates and decimals as text)."""
    typer.echo(json.dumps(data, indent=2, default=str))
