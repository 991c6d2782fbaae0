"""The floor's records: an artisan records only their own work; an inspector inspects."""

from __future__ import annotations

from .conftest import SECRET_MONEY, sign_in, token_for

WORK = {"batch_code": "B1", "operation": "clicking", "started": "2026-11-24T08:00:00",
        "finished": "2026-11-24T09:30:00"}  # fmt: skip


def test_an_artisan_records_an_operation_they_are_skilled_in(client, app):
    ana = token_for(app, "artisan")
    r = client.post("/api/v1/my/operations", json=WORK, headers=ana)
    assert r.status_code == 201
    sheet = client.get("/api/v1/my/day?day=2026-11-24", headers=ana).json()
    assert [(x["operation"], x["minutes"]) for x in sheet["records"]] == [("clicking", 90.0)]
    assert sheet["records"][0]["artisan"] == "ANA"


def test_an_artisan_cannot_record_an_operation_outside_their_skills(client, app):
    ana = token_for(app, "artisan")
    r = client.post("/api/v1/my/operations", json={**WORK, "operation": "lasting"}, headers=ana)
    assert r.status_code == 400 and "not listed as skilled in lasting" in r.text


def test_the_day_sheet_shows_no_pay(client, app):
    ana = token_for(app, "artisan")
    sheet = client.get("/api/v1/my/day", headers=ana)
    assert "hourly_rate" not in sheet.text and not any(m in sheet.text for m in SECRET_MONEY)


def test_an_artisans_defect_report_waits_for_an_inspectors_decision(client, app):
    ana, ines = token_for(app, "artisan"), token_for(app, "inspector")
    body = {"batch_code": "B1", "operation": "closing",
            "defect": {"family": "stitching", "code": "ST-SKIP", "severity": "minor"}}  # fmt: skip
    assert client.post("/api/v1/my/defects", json=body, headers=ana).status_code == 201
    found = client.get("/api/v1/inspections?batch=B1", headers=ines).json()["items"]
    assert [(i["inspector"], i["result"], i["defects"][0]["code"]) for i in found] == [
        ("ANA", "pending", "ST-SKIP")
    ]


def test_an_inspector_records_an_inspection_and_the_dashboard_counts_its_defects(client, app):
    ines, owner = token_for(app, "inspector"), token_for(app, "owner")
    body = {"batch_code": "B1", "operation": "inspection", "lot_size": 6, "sample_size": 3,
            "result": "accepted",
            "defects": [{"family": "finishing", "code": "FN-SCUFF", "severity": "minor",
                         "count": 2}]}  # fmt: skip
    r = client.post("/api/v1/inspections", json=body, headers=ines)
    assert r.status_code == 201
    assert client.get("/api/v1/dashboard", headers=owner).json()["defects_this_week"] == 2


def test_a_sample_bigger_than_the_lot_is_refused_by_name(client, app):
    ines = token_for(app, "inspector")
    body = {"batch_code": "B1", "operation": "inspection", "lot_size": 2, "sample_size": 3,
            "result": "accepted"}  # fmt: skip
    r = client.post("/api/v1/inspections", json=body, headers=ines)
    assert r.status_code == 400 and "sample must be 1..lot size" in r.json()["error"]["message"]


def test_an_artisan_records_work_from_the_day_sheet_page(app):
    browser = sign_in(app, "artisan")
    r = browser.post("/my-day/operations", {"batch_code": "B1", "operation": "closing",
                                             "started": "2026-11-24T10:00",
                                             "finished": "2026-11-24T11:00"})  # fmt: skip
    assert r.status_code == 200 and "My day" in r.text
    bad = browser.post("/my-day/operations", {"batch_code": "B1", "operation": "closing",
                                               "started": "2026-11-24T12:00",
                                               "finished": "2026-11-24T11:00"})  # fmt: skip
    assert bad.status_code == 422 and "cannot finish before it starts" in bad.text
