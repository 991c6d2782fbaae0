"""The Gantt chart and the day sheet show each task, its pairs and the breaks."""

from __future__ import annotations

from cordwain.schedule import day_sheet_html, day_sheet_text, gantt_svg, jain_index, solve


def test_day_sheet_lists_tasks_pairs_and_breaks_and_gantt_draws_every_task(shop):
    style = shop.style("MARA", [("clicking", 10), ("skiving", 5)])
    ana = shop.artisan("ANA", {"clicking": 10, "skiving": 5})
    skv = shop.Machine("SKV", "skiving machine", ("skiving",), 1)
    p = shop.problem([style], [ana], [("MARA-BLK-9", 20)], days=1, machines=[skv])
    res = solve(p, time_limit=5)
    sheet = day_sheet_text(p, res, "ANA", shop.MONDAY)
    assert "clicking" in sheet and "meal break" in sheet and "paid rest" in sheet
    assert "Pairs handled: 40" in sheet  # 20 pairs clicked and 20 skived
    assert "<li>" in day_sheet_html(p, res, "ANA", shop.MONDAY)
    svg = gantt_svg(p, res)
    assert svg.count("<rect") >= len(res.assignments) + len(res.breaks)
    assert "SKV #1" in gantt_svg(p, res, by="machine")


def test_jain_index_is_one_when_load_is_shared_evenly_and_falls_when_not():
    assert jain_index([0.5, 0.5, 0.5]) == 1.0
    assert abs(jain_index([1.0, 0.0]) - 0.5) < 1e-9
