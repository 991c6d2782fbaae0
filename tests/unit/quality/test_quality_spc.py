"""Control chart limits, run rules on constructed series, Pareto order, first-pass yield."""

import math
from datetime import date

import pytest

from cordwain.domain import Defect, DomainError, Inspection
from cordwain.quality import (
    control_chart_svg,
    first_pass_yield,
    flagged_points,
    nelson,
    p_chart,
    p_chart_of,
    pareto,
    pareto_of_defects,
    pareto_svg,
    rolled_throughput_yield,
    u_chart,
    western_electric,
)


def test_p_chart_limits_match_a_hand_computation_with_varying_samples():
    chart = p_chart([2, 5, 1], [50, 100, 50])
    # p̄ = 8/200 = 0.04; σ₁ = √(0.04·0.96/50) = 0.027713; σ₂ = √(0.04·0.96/100) = 0.019596
    assert chart.center == pytest.approx(0.04)
    assert chart.ucl[0] == pytest.approx(0.04 + 3 * 0.0277128, abs=1e-6)
    assert chart.ucl[1] == pytest.approx(0.04 + 3 * 0.0195959, abs=1e-6)
    assert chart.lcl == (0.0, 0.0, 0.0)
    assert chart.values == pytest.approx((0.04, 0.05, 0.02))


def test_u_chart_limits_match_a_hand_computation():
    chart = u_chart([3, 6], [10, 20])
    assert chart.center == pytest.approx(0.3)
    assert chart.ucl[0] == pytest.approx(0.3 + 3 * math.sqrt(0.03))
    assert chart.ucl[1] == pytest.approx(0.3 + 3 * math.sqrt(0.015))


def test_a_point_above_its_own_limit_is_out_of_control():
    chart = p_chart([1, 1, 1, 1, 1, 9], [50] * 6)
    assert chart.out_of_control() == (5,)
    assert [v.rule for v in nelson(chart, rules=[1])] == ["N1"]


def _rules(z, fn=nelson):
    return {(v.rule, v.at) for v in fn(z)}


def test_nelson_1_one_point_beyond_three_sigma():
    assert ("N1", 2) in _rules([0.1, -0.2, 3.4, 0.3])


def test_nelson_2_nine_points_on_one_side():
    z = [0.5] * 9
    assert ("N2", 8) in _rules(z)
    assert not any(r == "N2" for r, _ in _rules([0.5] * 8))


def test_nelson_3_six_points_steadily_rising():
    got = _rules([-0.5, -0.3, -0.1, 0.1, 0.3, 0.5])
    assert ("N3", 5) in got
    assert not any(r == "N3" for r, _ in _rules([-0.5, -0.3, -0.1, 0.1, 0.3]))


def test_nelson_4_fourteen_points_alternating():
    z = [0.5 if i % 2 else -0.5 for i in range(14)]
    assert ("N4", 13) in _rules(z)
    assert not any(r == "N4" for r, _ in _rules(z[:13]))


def test_nelson_5_two_of_three_beyond_two_sigma_same_side():
    v = [x for x in nelson([0.0, 2.5, 0.0, 2.3]) if x.rule == "N5"]
    assert [(x.at, x.points) for x in v] == [(3, (1, 3))]
    assert not any(r == "N5" for r, _ in _rules([0.0, 2.5, 0.0, -2.3]))


def test_nelson_6_four_of_five_beyond_one_sigma_same_side():
    assert ("N6", 4) in _rules([1.5, 1.2, 0.0, 1.4, 1.1])
    assert not any(r == "N6" for r, _ in _rules([1.5, 1.2, 0.0, 0.4, 1.1]))


def test_nelson_7_fifteen_points_hugging_the_centre_line():
    z = [0.2, 0.3, -0.2, -0.3] * 4
    got = _rules(z[:15])
    assert ("N7", 14) in got
    assert not any(r == "N7" for r, _ in _rules(z[:14]))


def test_nelson_8_eight_points_avoiding_the_centre_on_both_sides():
    z = [1.5, 1.6, -1.5, -1.6] * 2
    assert ("N8", 7) in _rules(z)
    assert not any(r == "N8" for r, _ in _rules([1.5] * 8))  # one side only: that is N2-like


def test_western_electric_rules():
    assert ("WE1", 0) in _rules([3.2], western_electric)
    assert ("WE2", 2) in _rules([2.1, 0.0, 2.2], western_electric)
    assert ("WE3", 4) in _rules([1.1, 1.2, 1.3, 0.1, 1.4], western_electric)
    assert ("WE4", 7) in _rules([0.2] * 8, western_electric)
    assert _rules([0.2, -0.2] * 5, western_electric) == set()


def test_a_quiet_process_breaks_no_rule():
    assert nelson([0.5, -1.2, 0.3, 1.1, -0.4, 0.0, -0.6, 1.4, -1.1, 0.2]) == []


def test_flagged_points_gather_rules_per_point():
    flags = flagged_points(nelson([0.0, 2.5, 0.0, 2.3]))
    assert flags == {1: ("N5",), 3: ("N5",)}


def test_pareto_orders_by_count_then_name_with_cumulative_share():
    bars = pareto({"stitching": 5, "bonding": 9, "upper": 5, "finishing": 1})
    assert [b.key for b in bars] == ["bonding", "stitching", "upper", "finishing"]
    assert [round(b.cumulative, 2) for b in bars] == [0.45, 0.7, 0.95, 1.0]


def test_pareto_of_defects_counts_each_defects_count():
    defects = [
        Defect("bonding", "BO01", "major", count=3),
        Defect("stitching", "ST02", "major"),
        Defect("bonding", "BO02", "minor"),
    ]
    assert [(b.key, b.count) for b in pareto_of_defects(defects)] == [
        ("bonding", 4),
        ("stitching", 1),
    ]
    assert pareto_of_defects(defects, by="code")[0].key == "BO01"
    with pytest.raises(DomainError):
        pareto_of_defects(defects, by="artisan")


def _insp(op, day, n, defects):
    return Inspection("B1", op, "ana", date(2024, 3, day), 100, n, tuple(defects))


def test_first_pass_yield_per_operation_in_routing_order():
    inspections = [
        _insp("lasting", 2, 20, [Defect("lasting", "LA01", "major", pair_serial="S1")]),
        _insp("closing", 1, 20, [Defect("stitching", "ST01", "major", pair_serial="S2"),
                                 Defect("stitching", "ST03", "minor", pair_serial="S2")]),
    ]  # fmt: skip
    fpy = first_pass_yield(inspections)
    assert list(fpy) == ["closing", "lasting"]
    assert fpy["closing"].fpy == pytest.approx(19 / 20)  # one pair with two defects
    assert rolled_throughput_yield(fpy) == pytest.approx(0.95 * 0.95)
    fpy2 = first_pass_yield([("bottoming", 40, 36), ("bottoming", 10, 10)])
    assert fpy2["bottoming"].fpy == pytest.approx(46 / 50)


def test_p_chart_of_inspections_uses_one_operation_in_date_order():
    inspections = [
        _insp("closing", 3, 20, [Defect("stitching", "ST01", "major", count=2)]),
        _insp("closing", 1, 25, []),
        _insp("lasting", 2, 20, []),
    ]
    chart = p_chart_of(inspections, "closing")
    assert chart.sizes == (25.0, 20.0) and chart.counts == (0.0, 2.0)


def test_charts_render_as_small_svg():
    chart = p_chart([1, 2, 1, 9, 1], [50] * 5, labels=list("abcde"))
    svg = control_chart_svg(chart, nelson(chart))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "N1" in svg and "#c0392b" in svg
    svg2 = pareto_svg(pareto({"bonding": 3, "upper": 1}))
    assert "bonding" in svg2 and "80%" in svg2
