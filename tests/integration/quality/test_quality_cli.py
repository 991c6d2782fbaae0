"""The qc and trace commands, driven through Typer's test runner on a locally built app."""

from __future__ import annotations

import json
import re

import pytest
import typer
from typer.testing import CliRunner

from cordwain.cli_quality import quality_app, trace_app
from cordwain.services import quality as q
from cordwain.services import unit_of_work
from cordwain.store import snapshot

from .conftest import make_batch

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(quality_app, name="qc")
    app.add_typer(trace_app, name="trace")
    return app


APP = _app()


def run(*args: str):
    return runner.invoke(APP, list(args))


def test_plan_prints_the_documented_json():
    result = run("qc", "plan", "--lot-size", "1000", "--aql", "2.5", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "code_letter": "J", "sample_size": 80, "accept": 5, "reject": 6,
        "hundred_percent": False,
    }  # fmt: skip


def test_plan_for_a_lot_smaller_than_the_sample_inspects_every_pair():
    result = run("qc", "plan", "--lot-size", "6", "--aql", "0.65", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["hundred_percent"] is True and plan["sample_size"] == 6


def test_plan_per_defect_class_uses_the_footwear_defaults():
    result = run("qc", "plan", "--lot", "500", "--json")
    plans = json.loads(result.output)["plans"]
    assert plans["critical"]["accept"] == 0
    assert plans["critical"]["sample_size"] == plans["major"]["sample_size"] == 50
    assert (plans["major"]["accept"], plans["minor"]["accept"]) == (3, 5)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lot-size", "0", "--aql", "2.5"], "lot size"),
        (["--lot-size", "50", "--aql", "3"], "AQL"),
        (["--lot-size", "50", "--aql", "2.5", "--level", "IV"], "level"),
        (["--lot-size", "50", "--aql", "2.5", "--severity", "lenient"], "severity"),
    ],
)
def test_bad_plan_requests_fail_with_a_clear_message(args, message):
    result = run("qc", "plan", *args)
    assert result.exit_code == 1
    assert "error:" in result.output and message in result.output


def test_inspect_from_a_csv_file_rejects_and_holds_the_lot(shop, tmp_path):
    make_batch(shop, "B1", 60)
    drawn = run("qc", "sample", "B1", "--seed", "3", "--json", "--db", shop)
    assert drawn.exit_code == 0, drawn.output
    sample = json.loads(drawn.output)["serials"]
    found = tmp_path / "found.csv"
    found.write_text(f"serial,code,note\n{sample[0]},BO01,open toe\n{sample[1]},ST01,\n")
    result = run("qc", "inspect", "B1", "--file", str(found), "--inspector", "A01",
                 "--day", "2026-06-08", "--json", "--db", shop)  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["accepted"] is False and report["held"] is True
    holds = json.loads(run("qc", "holds", "--json", "--db", shop).output)
    assert list(holds) == ["B1"]
    ncrs = json.loads(run("qc", "ncr", "list", "--json", "--db", shop).output)
    assert ncrs[0]["reference"] == report["ncr"] and ncrs[0]["status"] == "open"


def test_inspect_with_an_unknown_defect_code_changes_nothing(shop, tmp_path):
    make_batch(shop, "B1", 60)
    with unit_of_work(shop) as uow:
        first = q.draw_sample(uow, "B1").serials[0]
    before = snapshot(shop)
    found = tmp_path / "found.csv"
    found.write_text(f"serial,code\n{first},FI01\n{first},XX01\n")
    result = run("qc", "inspect", "B1", "--file", str(found), "--db", shop)
    assert result.exit_code == 1
    assert "found.csv row 3" in result.output and "XX01" in result.output
    assert snapshot(shop) == before


def test_trace_pair_json_and_unknown_serial(shop):
    make_batch(shop, "B1", 4, hides={"B1-0001": "H7"})
    result = run("trace", "pair", "B1-0001", "--json", "--db", shop)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["hides"][0]["hide_code"] == "H7"
    table = run("trace", "hide", "H7", "--db", shop)
    assert table.exit_code == 0 and "B1-0001" in table.output
    missing = run("trace", "pair", "B1-0404", "--db", shop)
    assert missing.exit_code == 1 and "B1-0404 does not exist" in missing.output


def test_serialise_then_record_cuts_then_trace_the_hide(shop, tmp_path):
    from datetime import date

    from cordwain.domain import Batch, BatchLine, Variant

    with unit_of_work(shop) as uow:
        uow.batches.add(Batch("B9", date(2026, 7, 1), date(2026, 7, 3),
                              [BatchLine(Variant("MARA", "BLK", "10"), 3)]))  # fmt: skip
        uow.commit()
    made = run("trace", "serialise", "B9", "--json", "--db", shop)
    assert [p["serial"] for p in json.loads(made.output)] == ["B9-0001", "B9-0002", "B9-0003"]
    cuts = tmp_path / "cuts.csv"
    cuts.write_text("serial,hide,piece,zone\nB9-0001,h21,vamp,A\nB9-0003,H21,vamp,A\n")
    assert run("trace", "cut", "--file", str(cuts), "--db", shop).exit_code == 0
    hide = json.loads(run("trace", "hide", "H21", "--json", "--db", shop).output)
    assert [p["serial"] for p in hide["pairs"]] == ["B9-0001", "B9-0003"]


def _commands(app: typer.Typer, prefix: tuple[str, ...]):
    for cmd in app.registered_commands:
        yield (*prefix, cmd.name)
    for group in app.registered_groups:
        yield (*prefix, group.name)
        yield from _commands(group.typer_instance, (*prefix, group.name))


@pytest.mark.parametrize("path", list(_commands(APP, ())), ids=" ".join)
def test_every_command_help_carries_a_runnable_example(path):
    result = runner.invoke(APP, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    examples = [ln.strip(" │") for ln in result.output.splitlines() if "Example:" in ln]
    assert examples, f"{' '.join(path)} --help has no Example line"
    assert re.search(r"Example:\s+cordwain (qc|trace) ", examples[0])
