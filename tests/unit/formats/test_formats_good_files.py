"""A small hand-made file of every kind parses to exactly the workshop objects it describes."""

from __future__ import annotations

import io
from datetime import date, time
from decimal import Decimal

import pytest

from cordwain.domain import (
    BOM,
    Artisan,
    BOMLine,
    Colourway,
    FabricRoll,
    Feedback,
    FeedbackKind,
    Fit,
    Grade,
    Hide,
    InventoryLevel,
    Operation,
    Polygon,
    PreOrder,
    PreOrderStatus,
    PurchaseOrder,
    QualityZone,
    SalesLine,
    Shift,
    StockKind,
    Variant,
    WaitlistEntry,
)
from cordwain.formats import Context, parse


def read(kind: str, text: str, ctx: Context) -> list:
    return parse(kind, io.StringIO(text), ctx)


def test_styles_file_gives_size_run_routing_and_drying_after_lasting(shop):
    text = (
        "code,name,last,category,size_system,size_from,size_to,skip_sizes,core_sizes,"
        "minutes_clicking,minutes_closing,minutes_lasting,drying_minutes,minutes_bottoming,"
        "minutes_packing,retail_price,unit_cost\n"
        "mara,Mara low-top,L-204,sneaker,us-m,7,13,12.5,9;9.5;10,12,35,15,45,15,2.5,185.00,72.50\n"
        "ELSA,Elsa boot,L-310,boot,US-W,5,10,,,20,50,,,,,260,98.40\n"
    )
    assert read("styles", text, Context.of(shop.today)) == [shop.mara(), shop.elsa()]


def test_colourways_of_known_styles(shop):
    text = "style,code,name\nMARA,BLK,Black\nMARA,TAN,Tan\nELSA,RED,Oxblood\n"
    ctx = Context.of(shop.today, styles=[shop.mara(), shop.elsa()])
    assert read("colourways", text, ctx) == shop.colourways()


def test_materials_with_defaults_for_blank_optional_columns(shop):
    text = (
        "code,name,kind,unit,unit_cost,supplier,lead_time_days,min_order,per_size\n"
        "CALF_BLK,Black calf,leather,sqft,7.80,Horween,21,50,\n"
        "LIN_CREAM,Cream lining,fabric,m,4.20,Linum,14,,no\n"
        "SOLE_CUP_WHT,White cupsole,component,pair,6.10,Vibram,42,24,yes\n"
    )
    assert read("materials", text, Context.of(shop.today)) == shop.materials()


def test_bom_rows_group_into_one_bom_per_colourway(shop, ctx):
    text = (
        "style,colourway,material,base_size,base_quantity,grade_per_step,overrides\n"
        "MARA,BLK,CALF_BLK,9,2.1,0.02,\n"
        "MARA,BLK,SOLE_CUP_WHT,9,1,,13=1\n"
        "MARA,TAN,LIN_CREAM,9,0.35,0.015,\n"
    )
    assert read("bom", text, ctx) == [
        BOM("MARA", "BLK", (
            BOMLine("CALF_BLK", "9", 2.1, 0.02),
            BOMLine("SOLE_CUP_WHT", "9", 1.0, 0.0, {"13": 1.0}),
        )),
        BOM("MARA", "TAN", (BOMLine("LIN_CREAM", "9", 0.35, 0.015),)),
    ]  # fmt: skip


def test_inventory_of_leather_soles_per_size_and_finished_pairs(shop, ctx):
    text = (
        "kind,code,size,quantity,location\n"
        "material,CALF_BLK,,412.5,\n"
        "material,SOLE_CUP_WHT,9.5,0,shelf-b\n"
        "finished,MARA-BLK-9.5,,6,shop\n"
    )
    assert read("inventory", text, ctx) == [
        InventoryLevel(StockKind.MATERIAL, "CALF_BLK", 412.5),
        InventoryLevel(StockKind.MATERIAL, "SOLE_CUP_WHT", 0.0, "9.5", "shelf-b"),
        InventoryLevel(StockKind.FINISHED, "MARA-BLK-9.5", 6.0, None, "shop"),
    ]


def test_hide_with_json_outline_zones_backbone_and_holes(shop, ctx):
    text = (
        "code,material,lot,stamped_area_sqft,outline,zones,base_grade,backbone,holes,thickness_mm\n"
        'H0412,CALF_BLK,HW-2291,22.5,"[[0,0],[1400,0],[1500,1100],[0,1200]]",'
        '"[{""grade"":""reject"",""outline"":[[100,100],[200,100],[150,180]],""note"":""brand""}]",'
        'B,"[[0,600],[1400,600]]","[[[700,500],[760,500],[730,560]]]",1.4\n'
        'H0413,CALF_BLK,,20,"[[0,0],[1000,0],[1000,900]]",,,,,\n'
    )
    assert read("hides", text, ctx) == [
        Hide(
            "H0412", "CALF_BLK", "HW-2291", 22.5,
            Polygon(((0, 0), (1400, 0), (1500, 1100), (0, 1200))),
            zones=(QualityZone(Grade.REJECT,
                               Polygon(((100, 100), (200, 100), (150, 180))), "brand"),),
            base_grade=Grade.B, backbone=((0, 600), (1400, 600)),
            thickness_mm=1.4, holes=(Polygon(((700, 500), (760, 500), (730, 560))),),
        ),
        Hide("H0413", "CALF_BLK", "", 20.0, Polygon(((0, 0), (1000, 0), (1000, 900)))),
    ]  # fmt: skip


def test_fabric_rolls(shop, ctx):
    text = "code,material,width_m,length_m,lot\nR031,LIN_CREAM,1.4,37.5,L-88\n"
    assert read("rolls", text, ctx) == [FabricRoll("R031", "LIN_CREAM", 1.4, 37.5, "L-88")]


def test_purchase_orders_with_sizes_for_soles(shop, ctx):
    text = (
        "reference,material,size,quantity,due\n"
        "PO-17,SOLE_CUP_WHT,9.5,40,2024-06-03\n"
        "PO-17,CALF_BLK,,200,2024-05-20\n"
    )
    assert read("purchase-orders", text, ctx) == [
        PurchaseOrder("PO-17", "SOLE_CUP_WHT", 40.0, date(2024, 6, 3), "9.5"),
        PurchaseOrder("PO-17", "CALF_BLK", 200.0, date(2024, 5, 20)),
    ]


def test_sales_by_style_colourway_and_size(shop, ctx):
    text = (
        "date,style,colourway,size,quantity,unit_price,channel\n"
        "2024-03-15,MARA,BLK,9.5,2,185.00,\n"
        "2024-06-01,ELSA,RED,7,1,234,shop\n"
    )
    assert read("sales", text, ctx) == [
        SalesLine(date(2024, 3, 15), Variant("MARA", "BLK", "9.5"), 2, Decimal("185.00")),
        SalesLine(date(2024, 6, 1), Variant("ELSA", "RED", "7"), 1, Decimal("234"), "shop"),
    ]


def test_sales_by_sku_column_as_shop_exports_write_it(shop, ctx):
    text = "date,sku,quantity,unit_price\n2024-03-15,mara-blk-09.50,2,185\n"
    assert read("sales", text, ctx) == [
        SalesLine(date(2024, 3, 15), Variant("MARA", "BLK", "9.5"), 2, Decimal("185"))
    ]


def test_preorders(shop, ctx):
    text = (
        "reference,sku,quantity,placed_on,promised_by,status\n"
        "#1043,MARA-TAN-10,1,2024-04-02,2024-06-15,\n"
        "#1044,MARA-TAN-11,2,2024-04-03,2024-06-15,cancelled\n"
    )
    assert read("preorders", text, ctx) == [
        PreOrder("#1043", Variant("MARA", "TAN", "10"), 1, date(2024, 4, 2), date(2024, 6, 15)),
        PreOrder("#1044", Variant("MARA", "TAN", "11"), 2, date(2024, 4, 3), date(2024, 6, 15),
                 PreOrderStatus.CANCELLED),
    ]  # fmt: skip


def test_waitlist_with_and_without_size(shop, ctx):
    text = "date,style,colourway,size,signups,drop\n2024-04-20,MARA,TAN,10,14,spring\n"
    text += "2024-04-21,ELSA,RED,,3,\n"
    assert read("waitlist", text, ctx) == [
        WaitlistEntry(date(2024, 4, 20), "MARA", "TAN", "10", 14, "spring"),
        WaitlistEntry(date(2024, 4, 21), "ELSA", "RED", None, 3, ""),
    ]


def test_artisans_skills_hours_and_shift(shop, ctx):
    text = (
        "code,name,minutes_clicking,minutes_closing,weekly_hours,shift_days,shift_start,"
        "shift_end,overtime_opt_in,hourly_rate\n"
        "ROSA,Rosa Díaz,11,,32,mon;tue;wed;thu,07:30,16:00,yes,27.5\n"
        "TOM,Tom Reyes,,40,,,,,,\n"
    )
    assert read("artisans", text, ctx) == [
        Artisan("ROSA", "Rosa Díaz", {Operation.CLICKING: 11.0}, 32.0,
                Shift(("mon", "tue", "wed", "thu"), time(7, 30), time(16, 0)), True, 27.5),
        Artisan("TOM", "Tom Reyes", {Operation.CLOSING: 40.0}),
    ]  # fmt: skip


def test_feedback_review_return_and_exchange(shop, ctx):
    text = (
        "date,sku,kind,rating,fit,text,reason_code,exchanged_to_size,pair_serial\n"
        '2024-05-02,MARA-BLK-9.5,review,4,small,"Lovely, runs small",,,\n'
        "2024-05-03,MARA-BLK-10,return,,,,damaged,,B24-07-0193\n"
        "2024-05-04,MARA-BLK-9,exchange,,small,,,9.5,\n"
    )
    assert read("feedback", text, ctx) == [
        Feedback(date(2024, 5, 2), Variant("MARA", "BLK", "9.5"), FeedbackKind.REVIEW, 4,
                 Fit.SMALL, "Lovely, runs small"),
        Feedback(date(2024, 5, 3), Variant("MARA", "BLK", "10"), FeedbackKind.RETURN,
                 reason_code="damaged", pair_serial="B24-07-0193"),
        Feedback(date(2024, 5, 4), Variant("MARA", "BLK", "9"), FeedbackKind.EXCHANGE,
                 fit=Fit.SMALL, exchanged_to_size="9.5"),
    ]  # fmt: skip


def test_utf8_bom_crlf_blank_lines_and_header_spelling_are_tolerated(shop, ctx, tmp_path):
    path = tmp_path / "colourways.csv"
    path.write_bytes("\ufeffStyle , Code,NAME\r\nMARA,BLK,Black\r\n\r\nMARA,TAN,Tan\r\n".encode())
    assert parse("colourways", path, Context.of(shop.today, styles=[shop.mara()])) == [
        Colourway("MARA", "BLK", "Black"),
        Colourway("MARA", "TAN", "Tan"),
    ]


def test_binary_stream_is_read_as_utf8(shop, ctx):
    data = "code,name,minutes_clicking\nZOE,Zoë Park,10\n".encode()
    assert parse("artisans", io.BytesIO(data), ctx)[0].name == "Zoë Park"


def test_header_only_file_is_an_empty_import(shop, ctx):
    assert read("sales", "date,sku,quantity,unit_price\n", ctx) == []


def test_files_imported_together_chain_their_context(shop):
    ctx = Context.of(shop.today)
    styles = read("styles", "code,name,last,category,size_system,size_from,size_to,"
                  "minutes_closing,retail_price,unit_cost\nNOVA,Nova,L1,loafer,eu,38,44,30,200,80\n",
                  ctx)  # fmt: skip
    ctx = ctx.with_objects(styles)
    cws = read("colourways", "style,code,name\nNOVA,GRN,Green\n", ctx)
    ctx = ctx.with_objects(cws)
    sales = read("sales", "date,sku,quantity,unit_price\n2024-01-02,NOVA-GRN-41.5,1,200\n", ctx)
    assert sales[0].variant == Variant("NOVA", "GRN", "41.5")


def test_a_sku_the_store_knows_outside_the_run_is_accepted(shop, ctx):
    known = Context.of(
        shop.today, styles=[shop.mara()], colourways=shop.colourways(), skus={"MARA-BLK-12.5"}
    )
    got = read("sales", "date,sku,quantity,unit_price\n2024-01-02,MARA-BLK-12.5,1,150\n", known)
    assert got[0].variant.sku == "MARA-BLK-12.5"


@pytest.mark.parametrize("kind", ["styles", "materials"])
def test_existing_codes_are_accepted_when_updates_are_allowed(shop, kind):
    from cordwain.formats import export

    objects = [shop.mara()] if kind == "styles" else shop.materials()
    buf = io.StringIO()
    export(kind, objects, buf)
    ctx = Context.of(
        shop.today, styles=[shop.mara()], materials=shop.materials(), allow_updates=True
    )
    assert read(kind, buf.getvalue(), ctx) == objects
