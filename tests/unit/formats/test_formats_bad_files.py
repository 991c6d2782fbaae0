"""A bad file names every problem by file, row and column, and gives back nothing at all."""

from __future__ import annotations

import io

import pytest

from cordwain.formats import MAX_SHOWN, Context, CsvError, CsvErrors, parse

SALES = "date,style,colourway,size,quantity,unit_price\n"


def problems(kind: str, text: str, ctx: Context, filename: str | None = None) -> list[str]:
    with pytest.raises(CsvErrors) as info:
        parse(kind, io.StringIO(text), ctx, filename=filename or f"{kind}.csv")
    return [str(e) for e in info.value.errors]


def test_a_size_that_does_not_exist_in_the_size_system(ctx):
    rows = "".join(f"2024-05-0{d},MARA,BLK,9,1,185\n" for d in range(1, 6))
    text = SALES + rows + "2024-05-06,MARA,BLK,16.5,1,185\n"
    assert problems("sales", text, ctx) == [
        'sales.csv, row 7, column "size": size 16.5 does not exist in us-m'
    ]


def test_a_size_outside_the_styles_run(ctx):
    assert problems("sales", SALES + "2024-05-01,MARA,BLK,12.5,1,185\n", ctx) == [
        'sales.csv, row 2, column "size": size 12.5 is not in the size run of MARA (7–13 us-m)'
    ]


def test_negative_and_zero_quantities(ctx):
    text = SALES + "2024-05-01,MARA,BLK,9,-2,185\n2024-05-01,MARA,BLK,9,0,185\n"
    assert problems("sales", text, ctx) == [
        'sales.csv, row 2, column "quantity": must be more than 0, got -2',
        'sales.csv, row 3, column "quantity": must be more than 0, got 0',
    ]


def test_negative_stock_on_the_shelf(ctx):
    text = "kind,code,quantity\nmaterial,CALF_BLK,-3\n"
    assert problems("inventory", text, ctx) == [
        'inventory.csv, row 2, column "quantity": cannot be negative, got -3'
    ]


def test_unknown_sku_style_colourway_and_material(ctx):
    assert problems("sales", "date,sku,quantity,unit_price\n2024-05-01,MARX-BLK-9,1,1\n", ctx) == [
        'sales.csv, row 2, column "sku": unknown style MARX (did you mean "MARA"?)'
    ]
    assert problems("sales", SALES + "2024-05-01,MARA,RED,9,1,1\n", ctx) == [
        'sales.csv, row 2, column "colourway": unknown colourway RED of style MARA'
        " (known: BLK, TAN)"
    ]
    assert problems("sales", "date,sku,quantity,unit_price\n2024-05-01,MARA9,1,1\n", ctx) == [
        "sales.csv, row 2, column \"sku\": SKU 'MARA9' is not STYLE-COLOURWAY-SIZE"
    ]
    bom = "style,colourway,material,base_size,base_quantity\nMARA,BLK,GOAT_RED,9,2\n"
    assert problems("bom", bom, ctx) == [
        'bom.csv, row 2, column "material": unknown material GOAT_RED'
        " (known: CALF_BLK, LIN_CREAM, SOLE_CUP_WHT)"
    ]


def test_finished_stock_of_an_unknown_sku(ctx):
    assert problems("inventory", "kind,code,quantity\nfinished,MARA-BLK-14,2\n", ctx) == [
        'inventory.csv, row 2, column "code": size 14 is not in the size run of MARA (7–13 us-m)'
    ]


def test_malformed_dates_and_sales_in_the_future(ctx):
    text = (
        SALES + "15/03/2024,MARA,BLK,9,1,1\n2024-02-30,MARA,BLK,9,1,1\n2024-06-02,MARA,BLK,9,1,1\n"
    )
    assert problems("sales", text, ctx) == [
        "sales.csv, row 2, column \"date\": '15/03/2024' is not a date written YYYY-MM-DD"
        " (e.g. 2024-03-15)",
        "sales.csv, row 3, column \"date\": '2024-02-30' is not a real date"
        " (day is out of range for month)",
        'sales.csv, row 4, column "date": 2024-06-02 is after today (2024-06-01):'
        " sales cannot be in the future",
    ]


def test_malformed_numbers_and_money(ctx):
    text = SALES + '2024-05-01,MARA,BLK,9,1.5,185\n2024-05-01,MARA,BLK,9,1,"185,50"\n'
    text += "2024-05-01,MARA,BLK,9,1,$185\n2024-05-01,MARA,BLK,9,one,185\n"
    assert problems("sales", text, ctx) == [
        "sales.csv, row 2, column \"quantity\": '1.5' is not a whole number",
        "sales.csv, row 3, column \"unit_price\": '185,50' is not a number:"
        " use a point for decimals (185.50)",
        "sales.csv, row 4, column \"unit_price\": '$185' is not a number:"
        " write the amount without a currency sign",
        "sales.csv, row 5, column \"quantity\": 'one' is not a whole number",
    ]


def test_missing_required_column_is_named(ctx):
    assert problems("sales", "date,style,colourway,size,unit_price\n", ctx) == [
        'sales.csv, row 1, column "quantity": required column is missing from the header'
    ]


def test_neither_sku_nor_its_parts(ctx):
    assert problems("sales", "date,quantity,unit_price\n", ctx) == [
        "sales.csv, row 1: the header needs the columns style+colourway+size or sku"
    ]


def test_unknown_extra_column_is_an_error_with_a_suggestion(ctx):
    text = "date,style,colourway,size,quantity,unit_price,chanel\n"
    assert problems("sales", text, ctx) == [
        'sales.csv, row 1, column "chanel": unknown column for sales (did you mean "channel"?);'
        " known columns: date, sku, style, colourway, size, quantity, unit_price, channel"
    ]


def test_a_required_cell_left_blank(ctx):
    assert problems("sales", SALES + "2024-05-01,MARA,BLK,,1,185\n", ctx) == [
        'sales.csv, row 2, column "size": a value is required'
    ]


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_an_empty_file(ctx, text):
    assert problems("colourways", text, ctx) == [
        "colourways.csv: the file is empty: the first row must name the columns,"
        " e.g. style,code,name"
    ]


def test_a_semicolon_file_gets_a_delimiter_hint(ctx):
    assert problems("colourways", "style;code;name\nMARA;BLK;Black\n", ctx) == [
        "colourways.csv, row 1: the header is one single column 'style;code;name': the file"
        " seems to use semicolons between columns; cordwain reads comma-separated files (in a"
        " spreadsheet, save as 'CSV UTF-8 (comma delimited)')"
    ]


def test_a_file_that_is_not_utf8(ctx, tmp_path):
    path = tmp_path / "artisans.csv"
    path.write_bytes("code,name,minutes_clicking\nZOE,Zoë,10\n".encode("latin-1"))
    with pytest.raises(CsvErrors) as info:
        parse("artisans", path, ctx)
    assert [str(e) for e in info.value.errors] == [
        "artisans.csv: the file is not UTF-8 text (byte 0xEB at position 33); in a spreadsheet"
        " choose 'CSV UTF-8' when saving"
    ]


HIDES = "code,material,stamped_area_sqft,outline,zones\n"


def test_a_self_intersecting_hide_outline_points_at_the_outline_column(ctx):
    text = HIDES + 'H1,CALF_BLK,20,"[[0,0],[1000,800],[1000,0],[0,1000]]",\n'
    assert problems("hides", text, ctx) == [
        'hides.csv, row 2, column "outline": outline: the polygon intersects itself'
    ]


def test_a_broken_zone_points_at_the_zones_column(ctx):
    square = "[[0,0],[1000,0],[1000,1000],[0,1000]]"
    text = HIDES + (
        f'H1,CALF_BLK,20,"{square}","[{{""grade"":""D"",""outline"":{square}}}]"\n'
        f'H2,CALF_BLK,20,"{square}","[{{""grade"":""B"",""outline"":[[0,0],[9,9],[9,0],[0,7]]}}]"\n'
        f'H3,CALF_BLK,20,"{square}","[{{""grade"":""B"",""outline"":[[0,0],[3000,0],[0,50]]}}]"\n'
        f'H4,CALF_BLK,20,"[[0,0],[1,2]",\n'
    )
    assert problems("hides", text, ctx) == [
        "hides.csv, row 2, column \"zones\": zone 1: grade 'D' is not A, B, C or reject",
        'hides.csv, row 3, column "zones": zone 1 outline: the polygon intersects itself',
        'hides.csv, row 4, column "zones": a zone or hole lies outside the hide',
        "hides.csv, row 5, column \"outline\": not valid JSON (Expecting ',' delimiter"
        " at character 13)",
    ]


def test_a_hide_of_fabric_and_a_hide_without_outline(ctx):
    text = HIDES + "H1,LIN_CREAM,20,,\n"
    assert problems("hides", text, ctx) == [
        'hides.csv, row 2, column "material": material LIN_CREAM is fabric, expected leather',
        'hides.csv, row 2, column "outline": give the outline as JSON, or an outline_file',
    ]


def test_duplicate_codes_in_a_file_and_codes_already_in_the_workshop(ctx, shop):
    text = "style,code,name\nMARA,RED,Red\nMARA,RED,Rouge\nMARA,BLK,Black\n"
    assert problems("colourways", text, ctx) == [
        'colourways.csv, row 3, column "code": colourway MARA-RED is already defined in row 2',
        'colourways.csv, row 4, column "code": colourway MARA-BLK already exists in the workshop',
    ]


def test_style_errors_from_the_domain_point_at_their_column(ctx, shop):
    head = "code,name,last,category,size_system,size_from,size_to,core_sizes,minutes_closing,"
    head += "minutes_clicking,drying_minutes,retail_price,unit_cost\n"
    text = head + (
        "NOVA,Nova,L1,loafer,eu,44,38,,30,,,200,80\n"
        "NOVB,Nova,L1,loafer,eu,38,44,46,30,,,200,80\n"
        "NOVC,Nova,L1,loafer,eu,38,44,,30,,40,200,80\n"
        "NOVD,Nova,L1,loafer,eu,38,44,,,,,200,-1\n"
        "NOV-E,Nova,L1,loafer,xx,38,44,,30,,,200,80\n"
    )
    assert problems("styles", text, Context.of(shop.today)) == [
        'styles.csv, row 2, column "size_to": size_to 38 is smaller than size_from 44',
        "styles.csv, row 3, column \"core_sizes\": core sizes ['46'] are not in the run",
        'styles.csv, row 4, column "drying_minutes": drying follows lasting:'
        " give minutes_lasting too",
        "styles.csv, row 5: give the minutes of at least one operation (minutes_clicking...)",
        'styles.csv, row 5, column "unit_cost": cannot be negative, got -1',
        "styles.csv, row 6, column \"code\": style 'NOV-E' must be letters, digits or _",
        "styles.csv, row 6, column \"size_system\": 'xx' is not one of us-m, us-w, eu",
    ]


def test_a_return_without_reason_and_an_exchange_to_a_missing_size(ctx):
    text = "date,sku,kind,reason_code,exchanged_to_size\n"
    text += "2024-05-01,MARA-BLK-9,return,,\n2024-05-01,MARA-BLK-9,exchange,,12.5\n"
    assert problems("feedback", text, ctx) == [
        'feedback.csv, row 2, column "reason_code": a return needs a reason code',
        'feedback.csv, row 3, column "exchanged_to_size": size 12.5 is not in the size run of'
        " MARA (7–13 us-m)",
    ]


def test_a_row_with_more_cells_than_the_header(ctx):
    text = "style,code,name\nMARA,RED,Red, dark\n"
    assert problems("colourways", text, ctx) == [
        "colourways.csv, row 2: the row has 4 cells but the header names 3 columns"
        " (a comma inside a value must be in double quotes)"
    ]


def test_every_problem_of_the_file_is_reported_and_nothing_is_returned(ctx):
    good = "2024-05-01,MARA,BLK,9,1,185\n"
    text = SALES + good + "2024-05-01,MARA,BLK,16.5,1,185\n" + good + "2024-13-01,MARA,BLK,9,0,1\n"
    with pytest.raises(CsvErrors) as info:
        parse("sales", io.StringIO(text), ctx, filename="sales.csv")
    assert [(e.row, e.column) for e in info.value.errors] == [
        (3, "size"),
        (5, "date"),
        (5, "quantity"),
    ]
    assert info.value.errors[0] == CsvError(
        "sales.csv", 3, "size", "size 16.5 does not exist in us-m"
    )


def test_the_message_lists_the_first_errors_and_counts_the_rest(ctx):
    text = SALES + "2024-05-01,MARA,BLK,16.5,1,185\n" * (MAX_SHOWN + 5)
    with pytest.raises(CsvErrors) as info:
        parse("sales", io.StringIO(text), ctx)
    message = str(info.value)
    assert message.startswith(f"{MAX_SHOWN + 5} problems found, nothing was imported:")
    assert message.count("does not exist in us-m") == MAX_SHOWN
    assert message.endswith("... and 5 more")


def test_a_stream_without_a_name_is_named_after_its_kind(ctx):
    with pytest.raises(CsvErrors) as info:
        parse("waitlist", io.StringIO("date,style,colourway,signups\n2024-01-01,MARA,BLK,0\n"), ctx)
    assert str(info.value.errors[0]) == (
        'waitlist.csv, row 2, column "signups": must be more than 0, got 0'
    )


def test_an_unknown_kind_lists_the_kinds(ctx):
    with pytest.raises(ValueError, match="unknown CSV kind 'sale'; kinds are: styles, "):
        parse("sale", io.StringIO(""), ctx)


def test_a_stock_out_that_ends_before_it_starts_or_starts_in_the_future(ctx):
    text = (
        "sku,first_day,last_day\n"
        "MARA-BLK-9,2024-05-10,2024-05-03\n"
        "MARA-BLK-9,2024-06-05,\n"
        "MARA-BLK-9,2024-04-01,2024-04-02\n"
        "MARA-BLK-9,2024-04-01,2024-04-09\n"
    )
    assert problems("stockouts", text, ctx) == [
        'stockouts.csv, row 2, column "last_day": the stock-out ends (2024-05-03) before it'
        " starts (2024-05-10)",
        'stockouts.csv, row 3, column "first_day": 2024-06-05 is after today (2024-06-01):'
        " a stock-out cannot start in the future",
        'stockouts.csv, row 5, column "first_day": MARA-BLK-9 sold out from 2024-04-01 is'
        " already on row 4",
    ]
