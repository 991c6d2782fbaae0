"""docs/formats.md is tested: every column the code knows is documented, and vice versa,
and every example file in it imports cleanly."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest

from cordwain.formats import KINDS, Context, parse

DOC = Path(__file__).resolve().parents[3] / "docs" / "formats.md"


def kind_sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"(?m)^## ", text)[1:]
    out = {}
    for part in parts:
        heading, _, body = part.partition("\n")
        if re.fullmatch(r"[a-z-]+", heading.strip()):
            out[heading.strip()] = body
    return out


def documented_columns(body: str) -> list[str]:
    return re.findall(r"(?m)^\| `([a-z0-9_]+)` \|", body)


def example(body: str) -> str:
    found = re.findall(r"```csv\n(.*?)```", body, re.S)
    assert len(found) == 1, "each kind has exactly one example file"
    return found[0]


def test_every_kind_has_a_section_and_no_section_is_stale():
    assert set(kind_sections()) == set(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_columns_table_matches_the_code(kind):
    documented = documented_columns(kind_sections()[kind])
    assert documented == list(KINDS[kind].column_names)


@pytest.mark.parametrize("kind", list(KINDS))
def test_required_columns_are_marked_required(kind):
    body = kind_sections()[kind]
    for column in KINDS[kind].columns:
        row = re.search(rf"(?m)^\| `{column.name}` \| ([^|]+) \|", body)
        assert row is not None
        assert (row[1].strip() == "yes") == column.required, column.name


def test_the_example_files_import_in_order_as_a_new_workshop_would():
    sections = kind_sections()
    ctx = Context.of(date(2024, 6, 1))
    for kind in KINDS:
        objects = parse(kind, io.StringIO(example(sections[kind])), ctx, filename=f"{kind}.csv")
        assert objects, f"the {kind} example gives at least one record"
        ctx = ctx.with_objects(objects)
