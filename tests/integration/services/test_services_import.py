"""Importing CSV files through the service: all rows or nothing, on SQLite and PostgreSQL."""

from datetime import date
from pathlib import Path

import pytest

from cordwain import services
from cordwain.services import ServiceError
from cordwain.store import snapshot

TODAY = date(2026, 11, 27)

STYLES = (
    "code,name,last,category,size_system,size_from,size_to,core_sizes,retail_price,unit_cost,"
    "minutes_clicking,minutes_closing,minutes_lasting,drying_minutes\n"
    "MARA,Mara Low,L-204,sneaker,us-m,7,12,9;9.5;10,185.00,72.50,12,35,15,45\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture
def catalogue_url(workshop_url, tmp_path):
    services.import_csv("styles", write(tmp_path, "styles.csv", STYLES), url=workshop_url)
    services.import_csv(
        "colourways",
        write(tmp_path, "colourways.csv", "style,code,name\nMARA,BLK,Black\nMARA,WHT,White\n"),
        url=workshop_url,
    )
    return workshop_url


def test_a_good_sales_file_is_stored_whole(catalogue_url, tmp_path):
    sales = "date,style,colourway,size,quantity,unit_price,channel\n"
    sales += "2026-11-02,MARA,BLK,9.5,2,185.00,web\n2026-11-03,MARA,WHT,10,1,185.00,retail\n"
    report = services.import_csv(
        "sales", write(tmp_path, "sales.csv", sales), url=catalogue_url, today=TODAY
    )
    assert report.rows == 2
    with services.unit_of_work(catalogue_url) as uow:
        lines = uow.sales.list()
    assert [(ln.variant.sku, ln.quantity) for ln in lines] == [
        ("MARA-BLK-9.5", 2),
        ("MARA-WHT-10", 1),
    ]


def test_one_bad_row_names_file_row_and_column_and_leaves_the_database_unchanged(
    catalogue_url, tmp_path
):
    before = snapshot(catalogue_url)
    sales = "date,style,colourway,size,quantity,unit_price,channel\n"
    sales += "2026-11-02,MARA,BLK,9.5,2,185.00,web\n"
    sales += "2026-11-03,MARA,BLK,16.5,1,185.00,web\n"  # no such size in the run
    path = write(tmp_path, "sales.csv", sales)
    with pytest.raises(ServiceError) as caught:
        services.import_csv("sales", path, url=catalogue_url, today=TODAY)
    message = str(caught.value)
    assert "sales.csv" in message and "row 3" in message and "size" in message
    assert snapshot(catalogue_url) == before


def test_a_sale_dated_in_the_future_is_refused(catalogue_url, tmp_path):
    sales = (
        "date,style,colourway,size,quantity,unit_price,channel\n2027-01-02,MARA,BLK,9,1,185,web\n"
    )
    with pytest.raises(ServiceError, match="future"):
        services.import_csv(
            "sales", write(tmp_path, "s.csv", sales), url=catalogue_url, today=TODAY
        )


def test_importing_the_same_styles_twice_is_refused_without_duplicating(catalogue_url, tmp_path):
    before = snapshot(catalogue_url)
    with pytest.raises(ServiceError, match="MARA"):
        services.import_csv("styles", write(tmp_path, "again.csv", STYLES), url=catalogue_url)
    assert snapshot(catalogue_url) == before


def test_export_then_import_into_a_new_workshop_gives_the_same_catalogue(catalogue_url, tmp_path):
    out = tmp_path / "exported_styles.csv"
    report = services.export_csv("styles", out, url=catalogue_url)
    assert report.rows == 1
    assert out.read_text().splitlines()[0].split(",")[0] == "code"
    with services.unit_of_work(catalogue_url) as uow:
        original = uow.styles.list()
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    services.prepare_database(fresh)
    services.import_csv("styles", out, url=fresh)
    with services.unit_of_work(fresh) as uow:
        assert uow.styles.list() == original


def test_an_unknown_kind_lists_the_kinds(workshop_url, tmp_path):
    with pytest.raises(ServiceError, match="kinds are"):
        services.import_csv("shoes", write(tmp_path, "x.csv", "a\n1\n"), url=workshop_url)


def test_stock_outs_are_merged_per_sku_and_the_forecast_censors_their_weeks(
    catalogue_url, tmp_path
):
    sales = "date,style,colourway,size,quantity,unit_price,channel\n"
    sales += "".join(f"2026-11-{d:02d},MARA,BLK,9.5,1,185.00,web\n" for d in (2, 9, 16, 23))
    services.import_csv("sales", write(tmp_path, "sales.csv", sales), url=catalogue_url,
                        today=TODAY)  # fmt: skip
    # Two spells of one SKU running on day after day, and one of another SKU.
    first = "sku,first_day,last_day\nMARA-BLK-9.5,2026-11-09,2026-11-11\nMARA-WHT-10,2026-11-16,\n"
    services.import_csv("stockouts", write(tmp_path, "a.csv", first), url=catalogue_url,
                        today=TODAY)  # fmt: skip
    again = "style,colourway,size,first_day,last_day\nMARA,BLK,9.5,2026-11-12,2026-11-13\n"
    again += "MARA,BLK,9.5,2026-11-09,2026-11-10\n"  # already on record: nothing changes
    services.import_csv("stockouts", write(tmp_path, "b.csv", again), url=catalogue_url,
                        today=TODAY)  # fmt: skip
    with services.unit_of_work(catalogue_url) as uow:
        spells = services.list_stockouts(uow)
        hist = services.demand.forecast_problem(uow, as_of=date(2026, 11, 30)).history
    assert [(s.variant.sku, s.first_day, s.last_day) for s in spells] == [
        ("MARA-BLK-9.5", date(2026, 11, 9), date(2026, 11, 13)),
        ("MARA-WHT-10", date(2026, 11, 16), TODAY),  # blank last day: still sold out today
    ]

    def in_stock(size: str, colour: str, week: str) -> bool:
        row = hist[(hist["size"] == size) & (hist["colourway"] == colour)
                   & (hist["week_start"] == week)]  # fmt: skip
        return bool(row["in_stock"].iloc[0])

    # Sold out 5 of the 7 days of the week of 9 November: censored; a week earlier is not.
    assert not in_stock("9.5", "BLK", "2026-11-09")
    assert in_stock("9.5", "BLK", "2026-11-02")
    assert not in_stock("10", "WHT", "2026-11-16") and not in_stock("10", "WHT", "2026-11-23")
