"""``cordwain impact …`` commands over a hand-made workshop, and their documentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cordwain.cli_impact import impact_app

DOCS = Path(__file__).resolve().parents[3] / "docs" / "planning.md"
runner = CliRunner()


def test_impact_batch_prints_the_leather_account_and_the_saving(workshop):
    out = runner.invoke(impact_app, ["batch", "B1", "--db", workshop])
    assert out.exit_code == 0, out.output
    assert "cutting plan" in out.output and "mass-production run" in out.output
    as_json = runner.invoke(impact_app, ["batch", "B1", "--db", workshop, "--json"])
    body = json.loads(as_json.output)
    assert body["leather"]["scrap_sqft"] == 20.0 and body["pairs"]["returned"] == 2


def test_impact_season_sums_the_batches_in_the_range(workshop):
    args = ["season", "--since", "2026-01-01", "--until", "2026-02-28", "--db", workshop]
    out = runner.invoke(impact_app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["pairs"]["made"] == 20
    table = runner.invoke(impact_app, args)
    assert table.exit_code == 0 and "B2" in table.output and "B3" not in table.output


def test_impact_factors_are_set_with_their_source_and_shown(workshop):
    out = runner.invoke(
        impact_app,
        ["factors", "--pair-kg", "11", "--pair-source", "Our LCA 2026", "--db", workshop, "--json"],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["pair_kg"] == {
        "value": 11.0, "unit": "kg CO2e per finished pair", "source": "Our LCA 2026",
        "default": False,
    }  # fmt: skip
    refused = runner.invoke(impact_app, ["factors", "--pair-kg", "11", "--db", workshop])
    assert refused.exit_code == 1


def test_an_unknown_batch_exits_with_the_reason(workshop):
    out = runner.invoke(impact_app, ["batch", "NOPE", "--db", workshop])
    assert out.exit_code == 1
    assert "NOPE" in out.output and "not known" in out.output


@pytest.mark.parametrize("command", ["batch", "season", "factors"])
def test_every_impact_command_has_a_runnable_example_and_is_documented(command):
    out = runner.invoke(impact_app, [command, "--help"])
    assert "Example:  cordwain impact " + command in out.output
    assert f"cordwain impact {command}" in DOCS.read_text(encoding="utf-8")
