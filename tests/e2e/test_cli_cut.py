"""``cordwain cut …`` as the clicking room uses it, on the demo workshop."""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

from cordwain.cli_cut import cut_app
from cordwain.domain import Batch, BatchLine, Variant
from cordwain.services import init_workshop
from cordwain.services.workshop import unit_of_work

runner = CliRunner()
app = typer.Typer()
app.add_typer(cut_app, name="cut")

SIZES = {"9": 3, "9.5": 4, "10": 5, "10.5": 4, "11": 4}  # 20 pairs of black Mara


@pytest.fixture(scope="module")
def demo_batch(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cut') / 'demo.db'}"
    init_workshop(url, demo=True)
    with unit_of_work(url) as uow:
        lines = [BatchLine(Variant("MARA", "BLK", s), q) for s, q in SIZES.items()]
        uow.batches.add(Batch("B2612MARA", date(2026, 12, 1), date(2026, 12, 18), lines))
        uow.commit()
    return url


def test_cut_plan_places_every_piece_and_draws_each_hide(demo_batch, tmp_path):
    svg_dir = tmp_path / "plans"
    args = ["plan", "B2612MARA", "--time-limit", "8", "--svg-dir", str(svg_dir)]
    result = runner.invoke(app, ["cut", *args, "--db", demo_batch, "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["status"] == "complete" and plan["unplaced"] == []
    leather = plan["articles"]["LTH_BLK"]
    assert leather["placed"] == leather["pieces"] == 20 * 12  # six pieces, two a pair
    assert plan["hides_used"] >= 1
    svgs = sorted(svg_dir.glob("*.svg"))
    assert len(svgs) == len(plan["sheets"])
    assert all(s.read_text().startswith("<svg") for s in svgs)
    assert 1.8 < plan["sqft_per_pair"]["MARA-BLK"]["9"] < 2.4  # the demo's ~2.08 sq ft net

    shown = runner.invoke(app, ["cut", "show", "B2612MARA", "--db", demo_batch])
    assert shown.exit_code == 0, shown.output
    assert "hides opened" in shown.output and "LTH_BLK" in shown.output


def test_cut_show_without_a_plan_says_how_to_make_one(demo_batch):
    result = runner.invoke(app, ["cut", "show", "B0000NONE", "--db", demo_batch])
    assert result.exit_code == 1
    assert "cordwain cut plan" in result.output


def test_cut_hide_puts_a_json_hide_on_the_shelf(demo_batch, tmp_path):
    path = tmp_path / "side.json"
    path.write_text(json.dumps({"hides": [{
        "code": "HNEW1", "material": "LTH_BLK", "lot": "L9", "stamped_area_sqft": 22.0,
        "outline": [[0, 0], [2000, 0], [2000, 1000], [0, 1000]],
        "zones": [{"grade": "C", "outline": [[0, 0], [300, 0], [300, 1000], [0, 1000]]}],
    }]}))  # fmt: skip
    result = runner.invoke(app, ["cut", "hide", str(path), "--db", demo_batch, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hides"][0]["code"] == "HNEW1"


@pytest.mark.parametrize("command", [[], ["plan"], ["show"], ["patterns"], ["hide"]])
def test_every_cut_command_has_a_runnable_example_in_its_help(command):
    result = runner.invoke(app, ["cut", *command, "--help"])
    assert result.exit_code == 0
    assert "Example:  cordwain cut" in result.output
