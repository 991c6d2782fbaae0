"""Docs are tested: every command a workshop can type is explained somewhere in docs/."""

from pathlib import Path

import pytest

from .test_cli import all_commands

DOCS = Path(__file__).resolve().parents[2] / "docs"


def documented_text() -> str:
    return "\n".join(p.read_text() for p in sorted(DOCS.glob("*.md")))


@pytest.mark.parametrize("command", all_commands())
def test_every_command_is_documented(command):
    assert f"cordwain {command}" in documented_text(), f"`cordwain {command}` is not in docs/"


def test_every_docs_page_is_linked_from_the_index():
    index = (DOCS / "index.md").read_text()
    pages = [p.name for p in DOCS.glob("*.md") if p.name != "index.md"]
    missing = [p for p in pages if f"({p})" not in index]
    assert not missing, f"docs/index.md does not link {missing}"
