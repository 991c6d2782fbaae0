"""`cordwain plan` on the demo workshop, as the owner runs it when a batch is due."""

import json

import pytest
import typer
from typer.testing import CliRunner

from cordwain import services
from cordwain.cli_plan import plan

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("plan")(plan)

    @app.command()
    def version() -> None:  # a second command keeps `plan` a named subcommand
        typer.echo("test")

    return app


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('plan') / 'demo.db'}"
    services.init_workshop(url, demo=True)
    return url


def test_plan_the_demo_prints_the_whole_plan_and_writes_the_report(demo_db, tmp_path):
    out = tmp_path / "plan-report"
    result = runner.invoke(
        _app(),
        ["plan", "--db", demo_db, "--weeks", "3", "--json", "--report", str(out),
         "--cut-time-limit", "5", "--schedule-time-limit", "5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["summary"]["variants"] >= 180
    assert len(body["lines"]) == body["summary"]["variants"]
    assert body["summary"]["pairs"] == sum(ln["quantity"] for ln in body["lines"]) > 0
    for key in ("capacity", "binding", "materials", "purchases", "impact", "solver", "forecast"):
        assert key in body
    assert body["solver"]["gap"] <= 0.01
    assert body["impact"]["mass_production"]["expected_unsold"] > 0
    index = out / "index.html"
    page = index.read_text(encoding="utf-8")
    assert "<svg" in page and body["code"] in page
    assert (out / "demand_top.svg").exists() and (out / "capacity.svg").exists()
    assert len(list(out.glob("demand_*.svg"))) >= 2
    # The batch was cut and scheduled too; the report links the drawings and the day sheets.
    cut, sch = body["cutting"], body["schedule"]
    assert cut["placed"] > 0 and cut["hides_used"] > 0 and "Cutting plan" in page
    drawings = sorted((out / "cutting").glob("*.svg"))
    assert drawings and all(f"cutting/{d.name}" in page for d in drawings)
    assert sch["status"] in ("optimal", "feasible") and "Last pair packed" in page
    assert (out / "schedule" / "index.html").exists() and "schedule/index.html" in page


def test_replanning_the_demo_shows_the_summary_and_replaces_the_batch(demo_db):
    result = runner.invoke(
        _app(), ["plan", "--db", demo_db, "--time-limit", "20", "--no-cut", "--no-schedule"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for phrase in (
        "Expected pairs sold",
        "expected unsold pairs",
        "fill rate",
        "expected margin",
        "MIP gap",
        "mass-production run",
        "Capacity use",
    ):
        assert phrase in text, phrase  # fmt: skip
    with services.unit_of_work(demo_db) as uow:
        assert len(uow.batches.list("planned")) == 1


def test_plan_help_carries_a_runnable_example():
    result = runner.invoke(_app(), ["plan", "--help"])
    assert result.exit_code == 0
    assert "Example:  cordwain plan --weeks 3 --report plan-report" in result.output


def test_a_bad_start_date_is_refused_in_plain_words(demo_db):
    result = runner.invoke(_app(), ["plan", "--db", demo_db, "--start", "next week"])
    assert result.exit_code == 1
    assert "--start must be a date" in result.output
