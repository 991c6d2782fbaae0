"""The API over the workshop's data: lists with paging and filters, details, pictures, errors."""

from __future__ import annotations

import pytest

from .conftest import sign_in, token_for


@pytest.fixture
def planner(app):
    return token_for(app, "planner")


def test_styles_come_with_prices_as_exact_decimal_strings(client, planner):
    page = client.get("/api/v1/styles", headers=planner).json()
    assert page["total"] == 1 and page["next_offset"] is None
    mara = page["items"][0]
    assert mara["code"] == "MARA" and mara["retail_price"] == "245.0000"
    assert mara["unit_cost"] == "61.3750" and mara["sizes"] == ["8", "8.5", "9", "9.5", "10"]


def test_a_style_shows_its_colourways_and_bill_of_materials(client, planner):
    d = client.get("/api/v1/styles/mara", headers=planner).json()
    assert [c["code"] for c in d["colourways"]] == ["BLK"]
    assert d["bom_lines"]["BLK"][0] == {"material": "CALF_BLK", "base_size": "9",
                                         "per_pair": 2.1, "grade_per_step": 0.03}  # fmt: skip


def test_an_unknown_style_is_a_404_with_the_common_error_body(client, planner):
    r = client.get("/api/v1/styles/NOPE", headers=planner)
    assert r.status_code == 404
    assert r.json() == {"error": {"status": 404, "code": "not_found", "details": [],
                                  "message": "style NOPE does not exist"}}  # fmt: skip


def test_materials_filter_by_kind_and_page_through(client, planner):
    leather = client.get("/api/v1/materials?kind=leather", headers=planner).json()
    assert [m["code"] for m in leather["items"]] == ["CALF_BLK"]
    first = client.get("/api/v1/materials?limit=2", headers=planner).json()
    assert first["total"] == 3 and len(first["items"]) == 2 and first["next_offset"] == 2
    rest = client.get("/api/v1/materials?limit=2&offset=2", headers=planner).json()
    assert [m["code"] for m in rest["items"]] == ["SOLE_LTHR"] and rest["next_offset"] is None


def test_a_bad_query_parameter_names_the_field(client, planner):
    r = client.get("/api/v1/materials?limit=0&kind=wood", headers=planner)
    assert r.status_code == 422
    fields = {d["field"] for d in r.json()["error"]["details"]}
    assert fields == {"limit", "kind"}


def test_sales_are_paged_newest_first_and_filtered_by_date(client, planner):
    page = client.get("/api/v1/sales?limit=5", headers=planner).json()
    assert page["total"] == 20
    assert [s["day"] for s in page["items"]] == [f"2026-11-{d}" for d in (20, 19, 18, 17, 16)]
    window = client.get("/api/v1/sales?since=2026-11-05&until=2026-11-06", headers=planner)
    assert [s["quantity"] for s in window.json()["items"]] == [1, 2]


def test_weekly_sales_add_up_every_pair(client, planner):
    weeks = client.get("/api/v1/sales/weekly?weeks=4", headers=planner).json()
    # Nov 1-20, 2026: quantities alternate 2,1,2,... -> 30 pairs, all within 4 weeks.
    assert sum(w["pairs"] for w in weeks) == 30 and weeks[-1]["week"] == "2026-11-16"


def test_open_preorders_list_the_promise(client, planner):
    items = client.get("/api/v1/preorders?status=open", headers=planner).json()["items"]
    assert items == [{"reference": "PO-1", "sku": "MARA-BLK-9.5", "quantity": 2,
                      "placed_on": "2026-11-20", "promised_by": "2026-12-20",
                      "status": "open"}]  # fmt: skip


def test_a_hide_comes_with_its_zones_and_a_picture(client, planner):
    h = client.get("/api/v1/hides/H1", headers=planner).json()
    assert h["zones"] == 2 and {z["grade"] for z in h["quality_zones"]} == {"reject", "C"}
    svg = client.get("/api/v1/hides/H1/svg", headers=planner)
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and svg.text.count('class="zone') == 2
    assert "backbone" in svg.text and "scar" in svg.text


def test_the_dashboard_reports_the_released_batch_and_the_stock(client, planner):
    d = client.get("/api/v1/dashboard", headers=planner).json()
    assert d["pairs_in_progress"] == 6 and d["batches_in_progress"] == ["B1"]
    assert d["status"]["material_value"] == "1050.00"  # 120 sq ft × 8.75


def test_the_status_matches_what_the_cli_prints(client, planner, shop_url):
    from cordwain.services import unit_of_work, workshop_status

    with unit_of_work(shop_url) as uow:
        expected = workshop_status(uow).as_dict()
    assert client.get("/api/v1/status", headers=planner).json() == expected


def test_the_openapi_schema_is_published_with_the_error_body(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/styles" in schema["paths"] and "ErrorBody" in schema["components"]["schemas"]
    assert not any(p.startswith(("/catalogue", "/login")) for p in schema["paths"])


def test_the_shelf_of_hides_shows_pictures_the_browser_keeps(app):
    browser = sign_in(app, "artisan")  # artisans see the hides (never a price)
    page = browser.get("/hides")
    assert page.status_code == 200
    assert '<img class="hide-svg hide-thumb" src="/hides/H1.svg?thumb=1"' in page.text
    assert "<svg" not in page.text.split("<main>")[1]  # no outline inlined any more
    assert "19.5 sq ft · grade A · 2 zones" in page.text
    first = browser.get("/hides/H1.svg?thumb=1")
    assert first.status_code == 200 and first.headers["content-type"] == "image/svg+xml"
    assert first.text.startswith("<svg") and "scar" in first.text
    assert first.headers["cache-control"] == "private, max-age=300"
    tag = first.headers["etag"]
    again = browser.get("/hides/H1.svg?thumb=1", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    full = browser.get("/hides/H1.svg")  # the full picture (with its legend) is another one
    assert full.status_code == 200 and full.headers["etag"] != tag
    assert browser.get("/hides/H1.svg?thumb=1", headers={"If-None-Match": '"x"'}).status_code == 200
