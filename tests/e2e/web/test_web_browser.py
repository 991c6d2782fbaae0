"""The web app driven in headless Chromium (Debian's package, through Playwright), the way the
workshop uses it: sign in, read the dashboard, filter the catalogue, look at hides, upload a
bad file and read its errors, record work as an artisan. Screenshots go to
``artifacts/screenshots/``.

Skips when Chromium or Playwright is missing, unless CORDWAIN_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from cordwain.domain import Batch, BatchLine, BatchStatus, Variant
from cordwain.services import accounts, init_workshop, unit_of_work

CHROMIUM = os.environ.get("CORDWAIN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PASSWORD = "vamp-and-quarter-9"


def _need_browser() -> None:
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright Python package is not installed"
    if missing:
        if os.environ.get("CORDWAIN_REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}:
            pytest.fail(f"{missing} (and CORDWAIN_REQUIRE_BROWSER=1 says it must be)")
        pytest.skip(f"{missing}; browser tests skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The demo workshop served by uvicorn on a free loopback port, in a thread."""
    _need_browser()
    import uvicorn

    from cordwain.api import create_app

    accounts.configure_hashing(time_cost=1, memory_cost=1024, parallelism=1)
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'demo.db'}"
    init_workshop(url, demo=True)
    with unit_of_work(url) as uow:
        artisan = uow.artisans.list()[0]
        colourway = uow.colourways.list()[0]
        style = uow.styles.get(colourway.style_code)
        size = style.size_run.core[0] if style.size_run.core else style.size_run.sizes[0]
        today = date.today()
        uow.batches.add(Batch("B2611", today, today + timedelta(days=10),
                              [BatchLine(Variant(style.code, colourway.code, size), 12)],
                              status=BatchStatus.RELEASED))  # fmt: skip
        accounts.create_user(uow, "maria", PASSWORD, "owner", display_name="Maria Alves")
        accounts.create_user(uow, "tomas", PASSWORD, "artisan", display_name=artisan.name,
                             artisan_code=artisan.code)  # fmt: skip
        accounts.create_user(uow, "pia", PASSWORD, "planner", display_name="Pia Planner")
        accounts.create_user(uow, "ines", PASSWORD, "inspector", display_name="Ines Inspector")
        uow.commit()
    port = _free_port()
    config = uvicorn.Config(create_app(url), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "artisan": artisan, "skill": next(iter(
        artisan.skills)).value}  # fmt: skip
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_owner_signs_in_and_reads_the_dashboard(page, server):
    sign_in(page, server["base"], "maria")
    assert page.locator("h1").inner_text().startswith("The workshop today")
    assert page.locator("svg.chart rect").count() >= 20
    assert page.locator(".card .n").count() >= 6
    shot(page, "dashboard")


def test_the_catalogue_filters_as_you_type(page, server):
    sign_in(page, server["base"], "maria")
    page.goto(f"{server['base']}/catalogue")
    before = page.locator("#rows tbody tr").count()
    assert before >= 6
    page.fill("input[name=q]", "loafer")
    from playwright.sync_api import expect

    expect(page.locator("#rows tbody tr")).to_have_count(1)
    assert "Venice" in page.locator("#rows tbody").inner_text()
    assert "q=loafer" in page.url
    shot(page, "catalogue-filtered")


def test_each_hide_is_drawn_with_its_quality_zones(page, server):
    sign_in(page, server["base"], "maria")
    page.goto(f"{server['base']}/hides")
    thumbs = page.locator(".hide-grid img.hide-thumb")
    assert thumbs.count() >= 10
    # Each card's picture is a separate, cacheable request (lazy: those in view load first).
    page.wait_for_load_state("load")
    for i in range(3):
        thumbs.nth(i).scroll_into_view_if_needed()
        drawn = "i => i.complete && i.naturalWidth > 0"
        for _ in range(150):
            if thumbs.nth(i).evaluate(drawn):
                break
            page.wait_for_timeout(100)
        assert thumbs.nth(i).evaluate(drawn), f"hide picture {i} did not load"
    page.locator(".hide-grid a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".hide-big svg path").count() >= 1
    shot(page, "hide")


def test_a_bad_upload_shows_every_problem_by_row_and_column(page, server, tmp_path):
    bad = tmp_path / "materials.csv"
    bad.write_text("code,name,kind,unit,unit_cost,supplier,lead_time_days\n"
                   "EYELET,Brass eyelets,component,parsec,0.05,Brassco,soon\n")  # fmt: skip
    sign_in(page, server["base"], "maria")
    page.goto(f"{server['base']}/imports")
    page.select_option("select[name=kind]", "materials")
    page.set_input_files("input[name=file]", str(bad))
    page.click("form[action='/imports'] button[type=submit]")
    page.wait_for_selector("table.problems")
    text = page.locator("table.problems").inner_text()
    assert "unit" in text and "lead_time_days" in text and "2" in text
    assert "nothing was imported" in page.locator("#result").inner_text()
    shot(page, "import-errors")


def test_an_artisan_lands_on_their_day_and_records_work(page, server):
    sign_in(page, server["base"], "tomas")
    assert page.url.endswith("/my-day")
    assert page.locator("nav.menu").inner_text().split() == [
        "My", "day", "My", "schedule", "Hides", "Cutting"
    ]  # fmt: skip
    page.select_option("form[action='/my-day/operations'] select[name=operation]",
                       server["skill"])  # fmt: skip
    page.click("form[action='/my-day/operations'] button[type=submit]")
    from playwright.sync_api import expect

    expect(page.locator("table").first).to_contain_text("B2611")
    shot(page, "my-day")
    page.goto(f"{server['base']}/catalogue")
    assert "Not for your role" in page.locator("h1").inner_text()


def test_the_owner_adds_a_planner_from_the_accounts_page(page, server):
    sign_in(page, server["base"], "maria")
    page.goto(f"{server['base']}/users")
    form = page.locator("form[action='/users']")
    form.locator("input[name=username]").fill("paulo")
    form.locator("input[name=display_name]").fill("Paulo Planner")
    form.locator("select[name=role]").select_option("planner")
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash.ok")
    assert "Account paulo (planner) added" in page.locator(".flash.ok").inner_text()
    shot(page, "accounts")


# --- the engine pages: plans, demand, schedule, quality, traces --------------------------------


def _follow_job(page, timeout_ms: int = 120_000) -> None:
    """Wait for the polled job block to end and open its result."""
    page.wait_for_selector(".job", timeout=15_000)
    page.wait_for_selector(".job-done a.job-result, .job-failed", timeout=timeout_ms)
    failed = page.locator(".job-failed")
    assert failed.count() == 0, failed.inner_text()
    href = page.locator(".job-done a.job-result").get_attribute("href")
    page.click(".job-done a.job-result")
    page.wait_for_url(f"**{href}")
    page.wait_for_load_state("networkidle")


def test_a_planner_runs_a_plan_and_sees_the_result(page, server):
    sign_in(page, server["base"], "pia")
    page.goto(f"{server['base']}/plans")
    page.click("#run-plan")
    page.wait_for_selector(".job progress, .job-done", timeout=15_000)
    shot(page, "plan-running")
    _follow_job(page)
    assert page.locator("h1").inner_text().startswith("Batch plan B")
    assert page.locator(".plan-cards .card").count() == 7
    assert page.locator("svg.plan-fan").count() >= 3
    assert "What it saves against mass production" in page.content()
    shot(page, "plan")


def test_a_planner_reruns_the_forecast_and_reads_the_fans(page, server):
    sign_in(page, server["base"], "pia")
    page.goto(f"{server['base']}/demand")
    page.click("form[action='/demand/forecast'] button[type=submit]")
    _follow_job(page)
    assert page.locator("svg.fan").count() >= 4
    assert page.locator("svg.size-curve rect").count() >= 4
    shot(page, "demand")


def test_a_planner_schedules_a_batch_and_views_the_gantt(page, server):
    sign_in(page, server["base"], "pia")
    page.goto(f"{server['base']}/schedule")
    page.select_option("select[name=batch_code]", "B2611")
    page.fill("input[name=time_limit]", "10")
    page.click("form[action='/schedule/run'] button[type=submit]")
    _follow_job(page)
    assert page.locator("h1").inner_text().startswith("Schedule of B2611")
    assert page.locator(".gantt svg").count() == 2
    assert page.locator(".gantt svg rect").count() > 10
    shot(page, "gantt")
    page.locator("a.day").first.click()
    page.wait_for_selector(".day-sheet table.sheet")
    assert page.locator(".day-sheet tr.task").count() >= 1
    page.emulate_media(media="print")
    shot(page, "day-sheet-print")


def test_an_inspector_records_a_lot_inspection_on_a_tablet(browser, server):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, server["base"], "ines")
        page.goto(f"{server['base']}/quality")
        shot(page, "quality")
        page.locator("a.button[href^='/quality/lots/']").first.click()
        page.wait_for_selector("form.lot-form")
        box = page.locator("form.lot-form select[name=serial_1]").bounding_box()
        assert box["height"] >= 44, "touch targets must be finger-sized"
        first = page.locator("ol.sample li").first.inner_text()
        page.select_option("select[name=serial_1]", first)
        page.select_option("select[name=code_1]", "ST03")
        shot(page, "lot-form-tablet")
        page.click("form.lot-form button[type=submit]")
        page.wait_for_selector(".flash[role=status]")
        text = page.locator(".flash[role=status]").inner_text()
        assert "recorded" in text and "1 defect(s)" in text
        shot(page, "lot-result")
    finally:
        context.close()


def test_a_trace_search_finds_the_pair_and_its_hides(page, server):
    sign_in(page, server["base"], "ines")
    page.goto(f"{server['base']}/trace")
    page.fill("input[name=q]", "B2606MARA-0001")
    page.click("form[action='/trace'] button[type=submit]")
    page.wait_for_selector("table.trace-hides")
    assert "Pair B2606MARA-0001" in page.locator("h2").first.inner_text()
    assert page.locator("table.trace-hides tbody tr").count() >= 1
    shot(page, "trace-pair")
    page.locator("table.trace-hides a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h2").first.inner_text().startswith("Hide ")
    shot(page, "trace-hide")


def test_a_planner_plans_the_cutting_and_zooms_into_a_hide(page, server):
    sign_in(page, server["base"], "pia")
    page.goto(f"{server['base']}/cutting")
    page.select_option("select[name=batch_code]", "B2611")
    page.fill("input[name=time_limit]", "8")
    page.click("form[action='/cutting/run'] button[type=submit]")
    _follow_job(page)
    assert page.locator("h1").inner_text().startswith("Cutting plan of B2611")
    assert page.locator(".cut-grid img").count() >= 1
    shot(page, "cutting-plan")
    page.locator(".cut-grid a").first.click()
    page.wait_for_selector(".zoom svg")
    before = page.locator(".zoom svg").get_attribute("viewBox")
    page.hover(".zoom svg")
    page.mouse.wheel(0, -400)
    page.wait_for_function(
        "b => document.querySelector('.zoom svg').getAttribute('viewBox') !== b", arg=before
    )
    shot(page, "cutting-hide-zoomed")
