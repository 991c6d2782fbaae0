"""Two years of sales, stock-outs, pre-orders, waitlists and feedback that look like a brand's."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from decimal import Decimal

from cordwain.demo import DemoWorkshop
from cordwain.domain import FeedbackKind, Fit, PreOrderStatus, SizeSystem


def test_sales_cover_two_years_up_to_yesterday(workshop: DemoWorkshop) -> None:
    days = [s.day for s in workshop.sales]
    assert min(days) <= workshop.today - timedelta(days=725)
    assert max(days) == workshop.today - timedelta(days=1)


def test_every_referenced_sku_exists_in_the_catalogue(workshop: DemoWorkshop) -> None:
    skus = {v.sku for v in workshop.variants()}
    assert {s.variant.sku for s in workshop.sales} <= skus
    assert {p.variant.sku for p in workshop.preorders} <= skus
    assert {f.variant.sku for f in workshop.feedback} <= skus
    assert {s.variant.sku for s in workshop.stockouts} <= skus
    for w in workshop.waitlist:
        assert any(
            c.style_code == w.style_code and c.code == w.colourway_code for c in workshop.colourways
        )
        if w.size is not None:
            assert f"{w.style_code}-{w.colourway_code}-{w.size}" in skus


def test_the_brand_sells_hundreds_of_pairs_a_month_not_millions(workshop: DemoWorkshop) -> None:
    monthly: dict[tuple[int, int], int] = defaultdict(int)
    for s in workshop.sales:
        monthly[(s.day.year, s.day.month)] += s.quantity
    first, last = min(monthly), max(monthly)
    full = [q for m, q in monthly.items() if m not in (first, last)]
    assert len(full) >= 22
    assert all(200 <= q <= 3000 for q in full), sorted(full)
    # Holidays sell more than late winter.
    dec = [q for (y, m), q in monthly.items() if m == 12]
    feb = [q for (y, m), q in monthly.items() if m == 2]
    assert min(dec) > max(feb)


def test_mens_size_10_sells_most_and_9_to_11_about_half(workshop: DemoWorkshop) -> None:
    men = {s.code for s in workshop.styles if s.size_run.system is SizeSystem.US_MEN}
    sizes: Counter[str] = Counter()
    for s in workshop.sales:
        if s.variant.style_code in men:
            sizes[s.variant.size] += s.quantity
    total = sum(sizes.values())
    assert sizes.most_common(1)[0][0] == "10"
    assert 0.09 <= sizes["10"] / total <= 0.14
    core = sum(sizes[x] for x in ("9", "9.5", "10", "10.5", "11")) / total
    assert 0.42 <= core <= 0.56
    assert sizes["12.5"] / total < 0.015


def test_extreme_half_sizes_sell_rarely_and_intermittently(workshop: DemoWorkshop) -> None:
    weeks_with_sales: dict[str, set] = defaultdict(set)
    for s in workshop.sales:
        weeks_with_sales[s.variant.sku].add(s.day.isocalendar()[:2])
    assert len(weeks_with_sales["MARA-BLK-12.5"]) < 52  # most weeks sell none
    assert len(weeks_with_sales["MARA-BLK-10"]) > 65  # a core size sells most weeks


def test_life_cycles_a_new_style_unsold_a_recent_launch_and_a_decline(
    workshop: DemoWorkshop,
) -> None:
    first_sale: dict[str, object] = {}
    per_half: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    middle = workshop.today - timedelta(days=365)
    for s in workshop.sales:
        first_sale.setdefault(s.variant.style_code, s.day)
        per_half[s.variant.style_code][s.day >= middle] += s.quantity
    unsold = {s.code for s in workshop.styles} - set(first_sale)
    assert unsold == {"TOPA"}
    assert workshop.today - first_sale["LUNA"] < timedelta(days=200)
    assert per_half["LUNA"][0] == 0
    assert per_half["VENI"][1] < 0.8 * per_half["VENI"][0]  # being phased out
    assert per_half["ECHO"][1] < per_half["ECHO"][0]


def test_stock_out_spells_have_no_sales(workshop: DemoWorkshop) -> None:
    assert len(workshop.stockouts) >= 10
    by_sku = defaultdict(list)
    for s in workshop.sales:
        by_sku[s.variant.sku].append(s.day)
    for spell in workshop.stockouts:
        assert spell.first_day <= spell.last_day
        assert not [d for d in by_sku[spell.variant.sku] if spell.first_day <= d <= spell.last_day]
    assert any(spell.last_day == workshop.today for spell in workshop.stockouts)


def test_web_and_store_sell_at_list_price_or_a_markdown(workshop: DemoWorkshop) -> None:
    channels = Counter(s.channel for s in workshop.sales)
    assert set(channels) == {"web", "retail"}
    assert channels["web"] > channels["retail"]
    retail_price = {s.code: s.retail_price for s in workshop.styles}
    marked_down = 0
    for s in workshop.sales:
        list_price = retail_price[s.variant.style_code]
        assert Decimal("0.65") * list_price <= s.unit_price <= list_price
        marked_down += s.unit_price < list_price
    assert 0 < marked_down < 0.3 * len(workshop.sales)


def test_open_pre_orders_are_for_the_drop_promised_four_to_eight_weeks_out(
    workshop: DemoWorkshop,
) -> None:
    open_orders = [p for p in workshop.preorders if p.status is PreOrderStatus.OPEN]
    assert len(open_orders) >= 50
    assert {p.variant.style_code for p in open_orders} == {"TOPA"}
    for p in open_orders:
        assert p.placed_on < workshop.today
        assert timedelta(weeks=4) <= p.promised_by - workshop.today <= timedelta(weeks=8)
    assert len({p.reference for p in workshop.preorders}) == len(workshop.preorders)
    statuses = {p.status for p in workshop.preorders}
    assert {PreOrderStatus.FULFILLED, PreOrderStatus.CANCELLED} <= statuses


def test_the_drop_had_a_waitlist_before_pre_orders_opened(workshop: DemoWorkshop) -> None:
    topa = [w for w in workshop.waitlist if w.style_code == "TOPA"]
    assert sum(w.signups for w in topa) > 100
    opened = min(p.placed_on for p in workshop.preorders if p.variant.style_code == "TOPA")
    assert max(w.day for w in topa) < opened
    assert any(w.size is None for w in topa) and any(w.size for w in topa)


def test_reviews_rate_one_to_five_and_the_derby_runs_small(workshop: DemoWorkshop) -> None:
    reviews = [f for f in workshop.feedback if f.kind is FeedbackKind.REVIEW]
    assert len(reviews) > 200
    assert all(1 <= f.rating <= 5 for f in reviews)
    assert 3.8 <= sum(f.rating for f in reviews) / len(reviews) <= 4.8

    def small_share(style: str) -> float:
        mine = [f for f in reviews if f.variant.style_code == style]
        return sum(f.fit is Fit.SMALL for f in mine) / len(mine)

    assert small_share("ROSE") > 2 * small_share("MARA")
    assert any("small" in f.text.lower() for f in reviews if f.variant.style_code == "ROSE")


def test_returns_carry_reason_codes_and_exchanges_go_half_a_size(
    workshop: DemoWorkshop,
) -> None:
    returns = [f for f in workshop.feedback if f.kind is FeedbackKind.RETURN]
    exchanges = [f for f in workshop.feedback if f.kind is FeedbackKind.EXCHANGE]
    pairs = sum(s.quantity for s in workshop.sales)
    assert 0.03 <= len(returns) / pairs <= 0.15
    assert {"TOO_SMALL", "TOO_LARGE", "DEFECT", "CHANGED_MIND"} <= {f.reason_code for f in returns}
    runs = {s.code: s.size_run.sizes for s in workshop.styles}
    for f in exchanges:
        sizes = runs[f.variant.style_code]
        step = sizes.index(f.exchanged_to_size) - sizes.index(f.variant.size)
        assert abs(step) == 1
        assert (step > 0) == (f.fit is Fit.SMALL)
    up = [f for f in exchanges if f.variant.style_code == "ROSE" and f.fit is Fit.SMALL]
    assert any(f.variant.size == "8" and f.exchanged_to_size == "8.5" for f in up)


def test_feedback_comes_after_the_sale_and_before_today(workshop: DemoWorkshop) -> None:
    first_sale = min(s.day for s in workshop.sales)
    assert all(first_sale < f.day < workshop.today for f in workshop.feedback)
