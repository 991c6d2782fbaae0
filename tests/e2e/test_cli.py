"""The command line as a newcomer uses it: init the demo, look at it, import and export."""

import json

import pytest
from typer.testing import CliRunner

from cordwain.cli import app

runner = CliRunner()


@pytest.fixture
def demo_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = runner.invoke(app, ["init", "--demo", "--db", url])
    assert result.exit_code == 0, result.output
    return url


def test_init_demo_then_status_shows_the_demo_workshop(demo_db):
    result = runner.invoke(app, ["status", "--db", demo_db, "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["counts"]["styles"] >= 6
    assert status["variants"] >= 180
    assert 8 <= status["counts"]["artisans"] <= 15
    assert status["open_preorder_pairs"] > 0
    # a small brand: hundreds of pairs a month, not millions
    assert 100 <= status["pairs_sold_last_4_weeks"] <= 5000


def test_init_demo_twice_refuses_instead_of_duplicating(demo_db):
    before = json.loads(runner.invoke(app, ["status", "--db", demo_db, "--json"]).output)
    result = runner.invoke(app, ["init", "--demo", "--db", demo_db])
    assert result.exit_code == 1
    assert "already holds a workshop" in result.output
    after = json.loads(runner.invoke(app, ["status", "--db", demo_db, "--json"]).output)
    assert after["counts"] == before["counts"]


def test_status_in_words_names_the_styles(demo_db):
    result = runner.invoke(app, ["status", "--db", demo_db])
    assert result.exit_code == 0
    assert "Open pre-orders" in result.output and "Styles" in result.output


def test_export_styles_then_import_into_a_fresh_workshop(demo_db, tmp_path):
    out = tmp_path / "styles.csv"
    result = runner.invoke(app, ["export", "styles", str(out), "--db", demo_db, "--json"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)["rows"]
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert runner.invoke(app, ["init", "--db", fresh]).exit_code == 0
    result = runner.invoke(app, ["import", "styles", str(out), "--db", fresh, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"] == exported


def test_a_bad_import_exits_non_zero_with_the_row_and_column(demo_db, tmp_path):
    bad = tmp_path / "sales.csv"
    bad.write_text("date,sku,quantity,unit_price\n2026-01-05,NOPE-BLK-9,1,100\n")
    result = runner.invoke(app, ["import", "sales", str(bad), "--db", demo_db])
    assert result.exit_code == 1
    assert "sales.csv" in result.output and "row 2" in result.output


def all_commands() -> list[str]:
    """Every command path of the CLI, e.g. "qc inspect" (hidden aliases left out)."""
    import typer.main

    found = []

    def walk(command, path):
        subs = getattr(command, "commands", None)
        if path and (not subs or command.callback is not None or command.invoke_without_command):
            found.append(" ".join(path))
        for name, sub in (subs or {}).items():
            if not sub.hidden:
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


@pytest.mark.parametrize("command", all_commands())
def test_every_command_help_carries_an_example(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "cordwain " in result.output


def test_forecast_run_stores_every_variant_and_plots_one(demo_db, tmp_path):
    picture = tmp_path / "fan.png"
    result = runner.invoke(
        app,
        ["forecast", "--db", demo_db, "--json", "--plot", "MARA-BLK-10",
         "--plot-file", str(picture)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["variants"]) >= 180
    assert all(min(v["quantiles"]) >= v["committed"] for v in data["variants"])
    assert picture.stat().st_size > 5000 and picture.read_bytes()[:4] == b"\x89PNG"
