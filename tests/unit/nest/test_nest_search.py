"""The hide search's moves on small hand-made cases: closing a hide, swapping for a smaller
one, exchanging pieces, and the bounded cache of piece masks."""

from __future__ import annotations

import math

import numpy as np

from cordwain.domain import GrainRule, Hide, PatternPiece, Polygon
from cordwain.nest import NestProblem, PieceDemand, solve, validate
from cordwain.nest import raster as raster_mod
from cordwain.nest.engine import _Nester, _result, _Sol


def hide(code: str, w: float, h: float) -> Hide:
    return Hide(
        code=code,
        material_code="CALF",
        lot="L1",
        stamped_area_sqft=w * h / 92903.0,
        outline=Polygon.rectangle(w, h),
    )


def square(name: str, side: float) -> PatternPiece:
    return PatternPiece(
        "S1",
        name,
        "CALF",
        {"9": Polygon.rectangle(side, side)},
        mirrored=False,
        count_per_pair=1,
        grain=GrainRule.ANY,
    )


def cut(n: _Nester, sheet_id: str, pieces: list[int]):
    """A hide state with ``pieces`` cut on it (in order), for setting up a plan by hand."""
    st = n.state(n.by_id[sheet_id])
    for idx in pieces:
        assert n.place(st, idx, 0)
    return st


def pieces_of(sol: _Sol) -> list[int]:
    return sorted(p[0] for st in sol.states.values() for p in st.pieces)


def test_a_tab_alone_on_a_second_hide_moves_into_the_gap_of_the_first_and_closes_it():
    prob = NestProblem.from_domain(
        [hide("H1", 300, 200), hide("H2", 300, 200)],
        [PieceDemand(square("QUARTER", 190), "9", 1), PieceDemand(square("TAB", 90), "9", 1)],
        gap_mm=0.0,
        resolution_mm=5.0,
    )
    n = _Nester(prob, seed=3)
    sol = _Sol({"H1": cut(n, "H1", [0]), "H2": cut(n, "H2", [1])}, [])
    out = n.empty_weakest(sol, deadline=math.inf)
    assert out is not None and len(out.states) == 1
    assert pieces_of(out) == [0, 1]
    res = _result(n, out, 0.0, 1)
    assert res.violations == () and res.hides_used == 1


def test_a_lightly_cut_big_hide_is_swapped_for_a_small_one_that_holds_the_same_pieces():
    prob = NestProblem.from_domain(
        [hide("BIG", 600, 400), hide("SMALL", 230, 230)],
        [PieceDemand(square("VAMP", 200), "9", 1)],
        gap_mm=2.0,
    )
    res = solve(prob, time_limit=2, seed=1)
    assert res.violations == () and res.status == "complete"
    assert res.sheets_used == ("SMALL",)
    assert res.utilisation > 0.7


def test_pushing_a_big_piece_onto_a_fuller_hide_never_loses_or_breaks_a_piece():
    prob = NestProblem.from_domain(
        [hide("H1", 300, 200), hide("H2", 300, 200), hide("H3", 300, 200)],
        [PieceDemand(square("QUARTER", 140), "9", 3), PieceDemand(square("TAB", 60), "9", 6)],
        gap_mm=1.0,
        resolution_mm=5.0,
    )
    n = _Nester(prob, seed=5)
    sol = _Sol(
        {"H1": cut(n, "H1", [0, 1, 1]), "H2": cut(n, "H2", [0, 1, 1]), "H3": cut(n, "H3", [0, 1])},
        [1],
    )
    before = pieces_of(sol)
    for _ in range(6):
        for move in (n.push_into, n.pair_recut, n.empty_weakest, n.downsize):
            out = move(sol, math.inf)
            if out is None:
                continue
            assert pieces_of(out) == before
            res = _result(n, out, 0.0, 1)
            assert validate(prob, res.placements, res.unplaced) == []
            if n.key(out) < n.key(sol):
                sol = out
    assert n.key(sol)[2] <= 3


def test_best_fit_puts_the_small_pieces_in_the_gaps_beside_the_big_ones():
    # Two hides each hold one big square and a column of two tabs: the tabs must not open a
    # third hide.
    prob = NestProblem.from_domain(
        [hide("H1", 300, 200), hide("H2", 300, 200), hide("H3", 300, 200)],
        [PieceDemand(square("QUARTER", 198), "9", 2), PieceDemand(square("TAB", 95), "9", 4)],
        gap_mm=0.0,
        resolution_mm=4.0,
    )
    n = _Nester(prob, seed=1)
    sol = n.construct_best_fit(0.0, math.inf)
    assert sol.unplaced == [] and len(sol.states) == 2
    res = _result(n, sol, 0.0, 1)
    assert res.violations == ()


def test_the_cache_of_piece_spectra_stays_within_its_memory_bound(monkeypatch):
    prob = NestProblem.from_domain(
        [hide("H1", 300, 200)],
        [PieceDemand(square(f"P{k}", 40 + 10 * k), "9", 1) for k in range(5)],
        gap_mm=0.0,
        resolution_mm=5.0,
    )
    n = _Nester(prob, seed=1)
    g = n.grid
    one = g.fft_stack(n.items[0], (0.0, 90.0))
    size = one[0].nbytes + one[1].nbytes
    g.mask_fft.clear()
    g.cache_bytes = 0
    monkeypatch.setattr(raster_mod, "CACHE_BYTES", int(2.5 * size))
    for it in n.items:
        g.fft_stack(it, (0.0, 90.0))
    assert len(g.mask_fft) == 2 and g.cache_bytes <= raster_mod.CACHE_BYTES
    again = g.fft_stack(n.items[0], (0.0, 90.0))
    assert np.allclose(again[0], one[0]) and np.allclose(again[1], one[1])


def test_the_finishing_sweep_moves_a_part_used_hide_to_the_smallest_that_holds_its_pieces():
    # VAMP (200 mm square) is cut on the big hide; of the unused ones, TINY is too small for
    # it, SMALL holds it and MID would too: the sweep takes SMALL, and leaves the full
    # hide alone (no smaller hide holds its pieces).
    prob = NestProblem.from_domain(
        [
            hide("BIG", 600, 400),
            hide("FULL", 300, 200),
            hide("MID", 320, 300),
            hide("SMALL", 215, 215),
            hide("TINY", 190, 190),
        ],
        [PieceDemand(square("VAMP", 200), "9", 1), PieceDemand(square("QUARTER", 190), "9", 1)],
        gap_mm=2.0,
        resolution_mm=4.0,
    )
    n = _Nester(prob, seed=1)
    sol = _Sol({"BIG": cut(n, "BIG", [0]), "FULL": cut(n, "FULL", [1])}, [])
    out = n.settle(sol, deadline=math.inf)
    assert sorted(out.states) == ["FULL", "SMALL"]
    assert pieces_of(out) == [0, 1]
    res = _result(n, out, 0.0, 1)
    assert res.violations == () and res.hides_used == 2
    assert n.key(out) < n.key(sol)


def test_the_finishing_sweep_keeps_a_plan_no_smaller_hide_can_take():
    prob = NestProblem.from_domain(
        [hide("H1", 300, 200), hide("H2", 250, 150)],
        [PieceDemand(square("VAMP", 190), "9", 1)],
        gap_mm=2.0,
        resolution_mm=4.0,
    )
    n = _Nester(prob, seed=1)
    sol = _Sol({"H1": cut(n, "H1", [0])}, [])
    out = n.settle(sol, deadline=math.inf)
    assert sorted(out.states) == ["H1"] and pieces_of(out) == [0]
