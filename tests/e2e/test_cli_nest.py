"""``cordwain nest …``: instance files in, a layout any tool can re-check out.

The JSON contract: the last line is one object whose placements, applied to the instance's
own shapes (mirror in x, rotate about the origin, translate), lie inside their bin, off the
holes and low-quality zones, and apart from each other.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import shapely
import typer
from typer.testing import CliRunner

from cordwain.cli_nest import nest_app
from cordwain.domain import Batch, BatchLine, Variant
from cordwain.services import init_workshop
from cordwain.services.workshop import unit_of_work

runner = CliRunner()
app = typer.Typer()
app.add_typer(nest_app, name="nest")

BALDACCI = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "nesting"


def _square(x0, y0, side):
    return [[x0, y0], [x0 + side, y0], [x0 + side, y0 + side], [x0, y0 + side], [x0, y0]]


def _placed(shape: list, p: dict) -> shapely.Polygon:
    a = math.radians(p["rotation"])
    c, s = math.cos(a), math.sin(a)
    pts = [(-x, y) if p["mirror"] else (x, y) for x, y in shape]
    return shapely.Polygon([(x * c - y * s + p["x"], x * s + y * c + p["y"]) for x, y in pts])


def _shape(obj) -> shapely.Polygon:
    if obj["type"] == "simple_polygon":
        return shapely.Polygon(obj["data"])
    return shapely.Polygon(obj["data"]["outer"], obj["data"].get("inner", []))


def _recheck(raw: dict, layout: dict) -> None:
    """Re-check the layout from the instance file alone, as an outside tool would."""
    items = {i["id"]: i for i in raw["items"]}
    bins = {b["id"]: b for b in raw["bins"]}
    best = max([1] + [z["quality"] for b in raw["bins"] for z in b.get("zones", [])]) + 1
    placed = []
    for p in layout["placements"]:
        item, hide = items[p["item_id"]], bins[p["bin_id"]]
        poly = _placed(item["shape"]["data"], p)
        assert _shape(hide["shape"]).buffer(1e-6).contains(poly), p
        need = item.get("min_quality") or best
        for z in hide.get("zones", []):
            if z["quality"] < need:
                assert poly.intersection(_shape(z["shape"])).area < 1e-6 * poly.area, (p, z)
        placed.append((p["bin_id"], poly))
    for k, (b1, g1) in enumerate(placed):
        for b2, g2 in placed[k + 1 :]:
            if b1 == b2:
                assert g1.intersection(g2).area < 1e-6 * min(g1.area, g2.area)
    count = {}
    for p in layout["placements"]:
        count[p["item_id"]] = count.get(p["item_id"], 0) + 1
    unplaced = {u["item_id"]: u["count"] for u in layout["unplaced"]}
    for i in raw["items"]:
        assert count.get(i["id"], 0) + unplaced.get(i["id"], 0) == i["demand"]


def test_hides_json_places_what_fits_and_reports_what_cannot(tmp_path):
    # A 100×100 hide with a reject zone in one corner; four 40×40 pieces fit (one per corner
    # is impossible: one corner is reject, so they must use the rest), a 150-long strap not.
    raw = {
        "name": "tiny",
        "items": [
            {"id": 0, "demand": 3, "min_quality": None, "shape": {
                "type": "simple_polygon", "data": _square(0, 0, 40)}},
            {"id": 1, "demand": 1, "min_quality": None, "shape": {
                "type": "simple_polygon", "data": [[0, 0], [150, 0], [150, 5], [0, 5], [0, 0]]}},
        ],
        "bins": [{"id": 7, "stock": 1, "cost": 1, "shape": {
            "type": "polygon", "data": {"outer": _square(0, 0, 100), "inner": []}},
            "zones": [{"quality": 1, "shape": {"type": "simple_polygon",
                                                "data": _square(60, 60, 40)}}]}],
    }  # fmt: skip
    f = tmp_path / "tiny.json"
    f.write_text(json.dumps(raw))
    out = runner.invoke(app, ["nest", "hides", "--instance", str(f), "--time-limit", "2",
                              "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    layout = json.loads(out.output.strip().splitlines()[-1])
    assert layout["bins_used"] == 1
    assert {p["bin_id"] for p in layout["placements"]} == {7}  # the instance's own ids
    assert sum(1 for p in layout["placements"] if p["item_id"] == 0) == 3
    assert [u["item_id"] for u in layout["unplaced"]] == [1]
    assert layout["unplaced"][0]["reason"]
    _recheck(raw, layout)


def test_hides_json_on_a_real_leather_instance_rechecks(tmp_path):
    f = BALDACCI / "leather_baldacci" / "baldacci4.json"
    if not f.exists():
        pytest.skip(f"leather instances absent: {f}")
    out = runner.invoke(app, ["nest", "hides", "--instance", str(f), "--time-limit", "3",
                              "--json", "--svg", str(tmp_path)])  # fmt: skip
    assert out.exit_code == 0, out.output
    layout = json.loads(out.output.strip().splitlines()[-1])
    assert layout["unplaced"] == [] and layout["violations"] == []
    _recheck(json.loads(f.read_text()), layout)
    assert len(list(tmp_path.glob("*.svg"))) == layout["bins_used"]


def test_strip_json_layout_lies_on_the_roll(tmp_path):
    raw = {"name": "roll", "strip_height": 10, "items": [
        {"id": 3, "demand": 4, "allowed_orientations": [0, 90],
         "shape": {"type": "simple_polygon", "data": [[0, 0], [5, 0], [5, 8], [0, 8], [0, 0]]}},
    ]}  # fmt: skip
    f = tmp_path / "roll.json"
    f.write_text(json.dumps(raw))
    out = runner.invoke(app, ["nest", "strip", "--instance", str(f), "--time-limit", "1",
                              "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    layout = json.loads(out.output.strip().splitlines()[-1])
    polys = [_placed(raw["items"][0]["shape"]["data"], p) for p in layout["placements"]]
    assert len(polys) == 4 and all(p["item_id"] == 3 for p in layout["placements"])
    assert all(g.bounds[1] >= -1e-6 and g.bounds[3] <= 10 + 1e-6 for g in polys)
    assert shapely.union_all(polys).area == pytest.approx(160, rel=1e-6)  # no overlap
    # Upright side by side is 20 long; two stacked pairs on their side, 16 (density 1).
    assert 16 - 1e-6 <= layout["length"] <= 20 * 1.001  # sparrow leaves hair-thin gaps
    assert layout["utilisation"] == pytest.approx(160 / (10 * layout["length"]), rel=1e-4)


def test_strip_piece_wider_than_the_roll_is_a_clear_error(tmp_path):
    raw = {"name": "roll", "strip_height": 10, "items": [
        {"id": 3, "demand": 1, "allowed_orientations": [0],
         "shape": {"type": "simple_polygon", "data": [[0, 0], [5, 0], [5, 12], [0, 12], [0, 0]]}},
    ]}  # fmt: skip
    f = tmp_path / "wide.json"
    f.write_text(json.dumps(raw))
    out = runner.invoke(app, ["nest", "strip", "--instance", str(f), "--time-limit", "1"])
    assert out.exit_code == 1
    assert "3" in out.output and "wider than the roll" in out.output


def test_bad_instance_names_the_file(tmp_path):
    f = tmp_path / "broken.json"
    f.write_text('{"items": [')
    out = runner.invoke(app, ["nest", "hides", "--instance", str(f)])
    assert out.exit_code == 1
    assert "broken.json" in out.output


def test_batch_cuts_a_stored_batch(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    init_workshop(url, demo=True)
    with unit_of_work(url) as uow:
        lines = [BatchLine(Variant("MARA", "BLK", s), q) for s, q in {"9": 2, "10": 2}.items()]
        uow.batches.add(Batch("B2612NEST", date(2026, 12, 1), date(2026, 12, 18), lines))
        uow.commit()
    out = runner.invoke(app, ["nest", "batch", "B2612NEST", "--time-limit", "4", "--db", url,
                              "--json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    layout = json.loads(out.output.strip().splitlines()[-1])
    assert layout["unplaced"] == [] and layout["articles"]["LTH_BLK"]["placed"] == 4 * 12
    sheets = {s["code"] for s in layout["sheets"]}
    assert {p["bin_id"] for p in layout["placements"]} <= sheets
    assert all(p["item_id"] in layout["shapes"] for p in layout["placements"])
    assert 0 < layout["utilisation"] <= 1
