"""``cordwain schedule …`` as a workshop owner uses it, on the demo workshop.

A small batch of 24 pairs of the demo's first style is stored, scheduled with a short time
limit, shown, repaired after an absence, and printed as a Gantt chart and a day sheet.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from typer.testing import CliRunner

from cordwain import services
from cordwain.cli_schedule import schedule_app
from cordwain.domain import Batch, BatchLine, Variant

runner = CliRunner()
# The lead mounts schedule_app on the main CLI; mounted the same way here so the
# commands read exactly as documented (`cordwain schedule run ...`).
cordwain = typer.Typer()
cordwain.add_typer(schedule_app, name="schedule")

MONDAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('schedule') / 'demo.db'}"
    services.init_workshop(url, demo=True, today=date(2026, 11, 30))
    with services.unit_of_work(url) as uow:
        style = uow.styles.list()[0]
        colour = uow.colourways.list(style.code)[0].code
        sizes = style.size_run.sizes[2:6]
        lines = [BatchLine(Variant(style.code, colour, s), 6) for s in sizes]
        uow.batches.add(Batch("B2612TEST", MONDAY, date(2026, 12, 18), lines))
        uow.commit()
    return url


def _cli(*args: str):
    return runner.invoke(cordwain, ["schedule", *args])


def test_schedule_run_stores_a_valid_schedule_and_writes_the_gantt_chart(demo, tmp_path):
    svg = tmp_path / "plan.svg"
    result = _cli("run", "B2612TEST", "--start", "2026-12-07T08:00", "--time-limit", "5",
                  "--json", "--gantt", str(svg), "--db", demo)  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["status"] in ("optimal", "feasible") and out["violations"] == []
    assert out["pairs"] == 24 and out["work_orders"] == out["tasks"] > 0
    assert out["start"] == "2026-12-07T08:00:00"
    assert svg.read_text().startswith("<svg") and "A0" in svg.read_text()

    shown = _cli("show", "B2612TEST", "--json", "--db", demo)
    assert shown.exit_code == 0, shown.output
    stored = json.loads(shown.output)
    # `show` re-checks the stored schedule against every hard rule: still zero.
    assert stored["violations"] == [] and stored["makespan_minutes"] == out["makespan_minutes"]

    words = _cli("show", "B2612TEST", "--db", demo)
    assert "Load per artisan vs contract" in words.output and "Jain fairness" in words.output


def test_schedule_batch_short_form_writes_gantt_and_day_sheets_as_pages(demo, tmp_path):
    # `cordwain schedule BATCH` is `cordwain schedule run BATCH`; the window defaults to the
    # batch's own (7–18 Dec 2026: ten working days).
    site = tmp_path / "site"
    result = _cli("B2612TEST", "--time-limit", "3", "--json", "--html", str(site), "--db", demo)
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert len(out["working_days"]) == 10 and out["working_days"][-1] == "2026-12-18"
    index = (site / "index.html").read_text()
    assert "B2612TEST" in index and 'src="gantt-artisans.svg"' in index
    assert (site / "gantt-machines.svg").read_text().startswith("<svg")
    sheets = sorted((site / "day-sheets").glob("*.html"))
    # Sheets for exactly the artisans with work, on batch days, each linked from the index.
    working = {x["artisan"] for x in out["loads"] if x["minutes"] > 0}
    assert {f.name[:3] for f in sheets} == working and working
    assert {f.stem[4:] for f in sheets} <= set(out["working_days"])
    assert all(f'href="day-sheets/{f.name}"' in index for f in sheets)


def test_day_sheet_and_repair_on_the_stored_schedule(demo, tmp_path):
    assert _cli("run", "B2612TEST", "--time-limit", "3", "--json", "--db", demo).exit_code == 0
    with services.unit_of_work(demo) as uow:
        body = uow.documents.get("schedule", "B2612TEST")
    first = body["assignments"][0]
    day = first["start"][:10]
    page = tmp_path / "sheet.html"
    result = _cli(
        "day-sheet", "B2612TEST", first["artisan"], day, "--html", str(page), "--db", demo
    )
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "Day sheet" in html and first["sku"] in html and "meal break" in html
    text = _cli("day-sheet", "B2612TEST", first["artisan"], day, "--db", demo)
    assert f"{first['start'][11:16]}-{first['end'][11:16]}" in text.output

    result = _cli("repair", "B2612TEST", "--absent", first["artisan"], "--from",
                  f"{day}T12:00", "--time-limit", "3", "--json", "--db", demo)  # fmt: skip
    assert result.exit_code == 0, result.output
    rep = json.loads(result.output)
    assert rep["event"].startswith(f"{first['artisan']} absent")
    assert rep["schedule"]["violations"] == []
    shown = json.loads(_cli("show", "B2612TEST", "--json", "--db", demo).output)
    assert shown["violations"] == []


def test_a_finished_batch_is_refused_in_plain_words(demo):
    with services.unit_of_work(demo) as uow:
        done = next(b.code for b in uow.batches.list("done"))
    result = _cli("run", done, "--time-limit", "1", "--db", demo)
    assert result.exit_code == 1
    assert "is done; only a planned or released batch can be scheduled" in result.output


@pytest.mark.parametrize("command", ["run", "show", "repair", "day-sheet", "jobshop"])
def test_every_command_shows_a_runnable_example(command):
    result = _cli(command, "--help")
    assert result.exit_code == 0
    assert "Example:  cordwain schedule " + command in result.output


def test_jobshop_prints_the_figures_a_script_reads(tmp_path):
    # Two jobs on two machines crossing each other: the optimum is 5.
    file = tmp_path / "tiny.txt"
    file.write_text("2 2\n0 3 1 2\n1 2 0 1\n")
    result = _cli("jobshop", str(file), "--time-limit", "2", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["instance"] == "tiny.txt" and out["makespan"] == out["lower_bound"] == 5
    assert out["status"] == "optimal"
