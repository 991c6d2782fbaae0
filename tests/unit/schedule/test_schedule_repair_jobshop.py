"""Repair after an absence keeps others' work; the generic job-shop solves ft06 to 55."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from cordwain.schedule import (
    Absence,
    JobShop,
    changed_assignments,
    check_jobshop,
    greedy_jobshop,
    read_jobshop,
    repair,
    solve,
    solve_jobshop,
)


def test_repair_after_an_absence_keeps_the_unaffected_assignments(shop):
    style = shop.style("MARA", [("clicking", 10), ("closing", 20)])
    ana = shop.artisan("ANA", {"clicking": 10})
    ben = shop.artisan("BEN", {"closing": 20})
    cal = shop.artisan("CAL", {"closing": 22})
    p = shop.problem([style], [ana, ben, cal], [("MARA-BLK-9", 12)], days=3, bundle_size=2)
    before = solve(p, time_limit=10)
    assert before.feasible and not before.violations
    moment = datetime.combine(shop.MONDAY, time(12, 0))
    after = repair(p, before, Absence("BEN", moment), time_limit=10)
    assert after.feasible and not after.violations
    t0 = p.minute(moment)
    assert all(a.artisan_code != "BEN" or a.end_minute <= t0 for a in after.assignments)
    changed = set(changed_assignments(before, after))
    old = {a.task: a for a in before.assignments}
    for task in changed:
        # Only BEN's unfinished work, or work waiting on it, may move.
        assert old[task].artisan_code == "BEN" or old[task].start_minute >= t0
    untouched = [a for a in before.assignments if a.artisan_code == "ANA"]
    assert all(a.task not in changed for a in untouched)


def test_ft06_is_solved_to_its_optimum_55(tmp_path: Path):
    data = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "jobshop"
    path = data / "instances" / "ft06"
    if not path.exists():
        pytest.skip(f"job-shop data not found at {data}")
    shop = read_jobshop(path)
    res = solve_jobshop(shop, time_limit=20)
    assert res.makespan == 55 and res.status == "optimal"
    assert not check_jobshop(shop, res.starts)
    assert greedy_jobshop(shop).makespan >= 55


def test_a_job_shop_file_with_a_wrong_count_names_the_line(tmp_path: Path):
    f = tmp_path / "bad"
    f.write_text("2 2\n0 3 1 2\n0 4\n")
    with pytest.raises(ValueError, match=r"bad:3"):
        read_jobshop(f)
    assert JobShop("x", (((0, 3), (1, 2)),)).trivial_lower_bound == 5
