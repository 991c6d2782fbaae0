"""CSV files through the API and the web: checked whole before anything is stored."""

from __future__ import annotations

from cordwain.services import unit_of_work

from .conftest import sign_in, token_for

GOOD_MATERIALS = (
    "code,name,kind,unit,unit_cost,supplier,lead_time_days\n"
    "LACE_WAX,Waxed laces,component,pair,0.80,Laceworks,7\n"
)
BAD_MATERIALS = (
    "code,name,kind,unit,unit_cost,supplier,lead_time_days\n"
    "LACE_WAX,Waxed laces,component,pair,0.80,Laceworks,7\n"
    "EYELET,Brass eyelets,component,parsec,0.05,Brassco,soon\n"
)


def _materials(url) -> set[str]:
    with unit_of_work(url) as uow:
        return {m.code for m in uow.materials.list()}


def test_a_good_csv_is_imported_whole(client, app, shop_url):
    planner = token_for(app, "planner")
    files = {"file": ("materials.csv", GOOD_MATERIALS, "text/csv")}
    r = client.post("/api/v1/imports/materials", files=files, headers=planner)
    assert r.status_code == 201 and r.json() == {"kind": "materials", "file": "materials.csv",
                                                 "rows": 1}  # fmt: skip
    assert "LACE_WAX" in _materials(shop_url)


def test_a_bad_csv_stores_nothing_and_names_each_row_and_column(client, app, shop_url):
    planner = token_for(app, "planner")
    files = {"file": ("materials.csv", BAD_MATERIALS, "text/csv")}
    r = client.post("/api/v1/imports/materials", files=files, headers=planner)
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert {(d["row"], d["column"]) for d in details} == {(3, "unit"), (3, "lead_time_days")}
    assert "LACE_WAX" not in _materials(shop_url)


def test_an_upload_that_is_not_utf8_text_is_refused_before_parsing(client, app):
    planner = token_for(app, "planner")
    files = {"file": ("materials.csv", b"code,name\n\xff\xfe\x00bad", "text/csv")}
    r = client.post("/api/v1/imports/materials", files=files, headers=planner)
    assert r.status_code == 422
    assert "not a CSV text file" in r.json()["error"]["details"][0]["message"]


def test_an_oversized_upload_is_refused(client, app, shop_url):
    from cordwain.services.web_files import MAX_UPLOAD_BYTES

    planner = token_for(app, "planner")
    big = GOOD_MATERIALS + "x" * (MAX_UPLOAD_BYTES + 10)
    r = client.post("/api/v1/imports/materials", headers=planner,
                    files={"file": ("materials.csv", big, "text/csv")})  # fmt: skip
    assert r.status_code == 422 and "the limit is" in r.json()["error"]["details"][0]["message"]
    assert "LACE_WAX" not in _materials(shop_url)


def test_a_hides_upload_may_not_point_at_files_on_the_server(client, app):
    planner = token_for(app, "planner")
    csv = ("code,material_code,lot,stamped_area_sqft,outline_file\n"
           "H9,CALF_BLK,L1,20,/etc/passwd\n")  # fmt: skip
    r = client.post("/api/v1/imports/hides", headers=planner,
                    files={"file": ("hides.csv", csv, "text/csv")})  # fmt: skip
    assert r.status_code == 422
    d = r.json()["error"]["details"][0]
    assert (d["row"], d["column"]) == (2, "outline_file")


def test_an_export_is_the_csv_the_import_reads(client, app):
    planner = token_for(app, "planner")
    r = client.get("/api/v1/exports/materials", headers=planner)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="materials.csv"' in r.headers["content-disposition"]
    assert r.text.splitlines()[0].startswith("code,name,kind,unit,unit_cost")
    assert len(r.text.splitlines()) == 4


def test_an_export_name_can_never_be_a_path(client, app):
    planner = token_for(app, "planner")
    assert client.get("/api/v1/exports/..%2F..%2Fetc%2Fpasswd", headers=planner).status_code in (
        404, 422)  # fmt: skip
    browser = sign_in(app, "planner")
    assert browser.get("/exports/passwd").status_code == 400


def test_the_import_page_lists_every_problem_by_row_and_column(app, shop_url):
    browser = sign_in(app, "planner")
    r = browser.client.post(
        "/imports", data={"kind": "materials", "csrf_token": browser.csrf},
        files={"file": ("my materials.csv", BAD_MATERIALS, "text/csv")},
    )  # fmt: skip
    assert r.status_code == 422
    assert "nothing was imported" in r.text and "my_materials.csv" in r.text
    assert r.text.count("<tr><td>my_materials.csv</td>") == 2
    assert "LACE_WAX" not in _materials(shop_url)
    ok = browser.client.post(
        "/imports", data={"kind": "materials", "csrf_token": browser.csrf},
        files={"file": ("materials.csv", GOOD_MATERIALS, "text/csv")},
    )  # fmt: skip
    assert ok.status_code == 200 and "Imported 1 materials rows" in ok.text
