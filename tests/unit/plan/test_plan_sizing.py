"""Batch sizing on tiny workshops whose best plan is known by hand."""

from __future__ import annotations

import numpy as np
import pytest

from cordwain.domain import Operation, Variant
from cordwain.plan import BatchProblem, Capacity, WorkTime, solve, solve_greedy

CLOSING = Operation.CLOSING
LASTING = Operation.LASTING


def routing(rows: list[dict[Operation, float]]) -> np.ndarray:
    ops = list(Operation)
    out = np.zeros((len(rows), len(ops)))
    for i, row in enumerate(rows):
        for op, m in row.items():
            out[i, ops.index(op)] = m
    return out


@pytest.mark.parametrize("solver", [solve, solve_greedy])
def test_single_variant_is_the_newsvendor_quantile_of_the_scenarios(solver):
    demand = np.arange(1, 11)[None, :]  # 1..10 pairs, equally likely
    problem = BatchProblem(
        (Variant("MARA", "BLK", "9"),), demand, price=[100], unit_cost=[45], salvage=0.0
    )
    result = solver(problem)
    ratio = (100 - 45) / (100 - 0)
    expected = int(np.quantile(demand[0], ratio, method="inverted_cdf"))
    assert result.quantities[Variant("MARA", "BLK", "9")] == expected == 6


def test_waste_penalty_makes_the_batch_smaller():
    demand = np.arange(1, 11)[None, :]
    v = Variant("MARA", "BLK", "9")
    plain = solve(BatchProblem((v,), demand, price=[100], unit_cost=[45]))
    careful = solve(BatchProblem((v,), demand, price=[100], unit_cost=[45], waste_penalty=40))
    # critical ratio 55 / 140 = 0.39 → the 4th smallest scenario
    assert careful.quantities[v] == 4 < plain.quantities[v]


def test_closing_capacity_cuts_the_low_margin_variant_first():
    vs = (Variant("MARA", "BLK", "9"), Variant("LOLA", "TAN", "9"))
    demand = np.full((2, 5), 10)
    problem = BatchProblem(
        vs,
        demand,
        price=[200, 120],
        unit_cost=[80, 80],
        routing=routing([{CLOSING: 40}, {CLOSING: 40}]),
        capacity=Capacity.per_operation({CLOSING: 12 * 40}),
    )
    for result in (solve(problem), solve_greedy(problem)):
        assert result.quantities == {vs[0]: 10, vs[1]: 2}
    binding = solve(problem).binding
    assert [b.name for b in binding if b.kind == "capacity"] == ["closing"]


def test_an_artisan_skilled_in_two_operations_is_shared_where_needed():
    vs = (Variant("MARA", "BLK", "9"),)
    problem = BatchProblem(
        vs,
        np.full((1, 3), 100),
        price=[200],
        unit_cost=[80],
        routing=routing([{CLOSING: 30, LASTING: 10}]),
        capacity=Capacity(
            (
                WorkTime("ANA", 600, {CLOSING: 1.0}),
                WorkTime("BEN", 600, {CLOSING: 1.0, LASTING: 1.0}),
            )
        ),
    )
    # 1,200 minutes for 40 minutes a pair in all: 30 pairs, with Ben lasting 300 minutes.
    assert solve(problem).quantities[vs[0]] == 30
    assert solve_greedy(problem).quantities[vs[0]] == 30


def test_minimum_run_turns_a_colourway_off_when_demand_is_too_small():
    vs = tuple(Variant("LOLA", "RED", s) for s in ("8", "9", "10"))
    demand = np.array([[0, 1, 2, 1], [1, 2, 1, 0], [0, 1, 0, 1]])
    problem = BatchProblem(
        vs, demand, price=150, unit_cost=80, salvage=20, min_run={"LOLA-RED": 24}
    )
    for result in (solve(problem), solve_greedy(problem)):
        assert sum(result.quantities.values()) == 0
    [why] = [b for b in solve(problem).binding if b.kind == "min_run"]
    assert "minimum run of 24 pairs" in why.message and "LOLA-RED" in why.message


def test_minimum_run_is_met_when_the_colourway_is_worth_it():
    vs = tuple(Variant("LOLA", "RED", s) for s in ("8", "9"))
    demand = np.full((2, 4), 9)
    problem = BatchProblem(vs, demand, price=150, unit_cost=80, min_run={"LOLA-RED": 20})
    for result in (solve(problem), solve_greedy(problem)):
        assert sum(result.quantities.values()) == 20


def test_whole_size_run_gives_every_core_size_a_pair():
    vs = tuple(Variant("MARA", "BLK", s) for s in ("8", "9", "10"))
    demand = np.array([[0, 0, 0, 0], [5, 6, 5, 6], [4, 4, 4, 4]])
    loose = BatchProblem(vs, demand, price=200, unit_cost=80)
    strict = BatchProblem(
        vs, demand, price=200, unit_cost=80, whole_size_run=True, core_sizes={"MARA": ("8", "9")}
    )
    assert solve(loose).quantities[vs[0]] == 0
    for result in (solve(strict), solve_greedy(strict)):
        assert result.quantities[vs[0]] == 1
        assert result.quantities[vs[2]] == 4


def test_finished_stock_and_preorders_are_netted_first():
    vs = (Variant("MARA", "BLK", "9"), Variant("MARA", "BLK", "10"))
    demand = np.array([[10, 10, 10], [0, 0, 0]])
    problem = BatchProblem(
        vs, demand, price=200, unit_cost=80, finished_stock=[5, 2], preorders=[3, 6]
    )
    result = solve(problem)
    # size 9: 10 new + 3 pre-ordered − 5 on the shelf; size 10: 6 pre-ordered − 2 on the shelf
    assert result.quantities == {vs[0]: 8, vs[1]: 4}
    assert result.fill_rate == pytest.approx(1.0)
    assert result.expected_unsold == pytest.approx(0.0)


def test_greedy_equals_the_integer_program_without_coupling_limits():
    rng = np.random.default_rng(7)
    vs = tuple(Variant("MARA", c, s) for c in ("BLK", "TAN", "RED") for s in ("8", "9", "10"))
    demand = rng.negative_binomial(3, 0.3, size=(len(vs), 150))
    price = rng.uniform(150, 250, len(vs))
    cost = rng.uniform(60, 100, len(vs))
    problem = BatchProblem(vs, demand, price=price, unit_cost=cost, salvage=20, waste_penalty=5)
    exact, greedy = solve(problem), solve_greedy(problem)
    assert exact.quantities == greedy.quantities
    assert exact.objective == pytest.approx(greedy.objective)
    assert exact.status == "optimal" and exact.gap <= 0.01


def test_material_on_hand_limits_the_batch_and_is_named():
    vs = (Variant("MARA", "BLK", "9"),)
    problem = BatchProblem(
        vs,
        np.full((1, 2), 20),
        price=200,
        unit_cost=80,
        material_keys=(("BLKCALF", None),),
        material_use=np.array([[3.0]]),
        material_available=[31.0],
        material_units={"BLKCALF": "sq ft"},
    )
    result = solve(problem)
    assert result.quantities[vs[0]] == 10
    [binding] = result.binding
    assert binding.kind == "material" and binding.name == "BLKCALF"


def test_impossible_minimum_run_gives_a_plain_diagnosis():
    vs = (Variant("MARA", "BLK", "9"), Variant("MARA", "BLK", "10"))
    problem = BatchProblem(
        vs,
        np.full((2, 3), 5),
        price=200,
        unit_cost=80,
        preorders=[2, 0],
        routing=routing([{CLOSING: 47}, {CLOSING: 47}]),
        capacity=Capacity.per_operation({CLOSING: 900}),
        min_run={"MARA-BLK": 24},
    )
    result = solve(problem)
    assert result.status == "infeasible"
    assert (
        "minimum run of 24 pairs for MARA-BLK needs 1,128 closing minutes but only 900 are "
        "available" in result.diagnosis
    )
    assert solve_greedy(problem).status == "infeasible"


def test_no_artisan_with_the_skill_is_said_plainly():
    vs = (Variant("MARA", "BLK", "9"),)
    problem = BatchProblem(
        vs,
        np.full((1, 3), 5),
        price=200,
        unit_cost=80,
        preorders=[3],
        routing=routing([{CLOSING: 30, LASTING: 12}]),
        capacity=Capacity.per_operation({CLOSING: 900}),
    )
    result = solve(problem)
    assert result.status == "infeasible"
    assert any("no artisan can do lasting" in d for d in result.diagnosis)


def test_many_scenarios_are_capped_and_reported():
    vs = (Variant("MARA", "BLK", "9"),)
    demand = np.random.default_rng(0).poisson(8, size=(1, 1000))
    result = solve(BatchProblem(vs, demand, price=200, unit_cost=80, max_scenarios=200))
    assert (result.scenarios_given, result.scenarios_used) == (1000, 200)


def test_bad_demand_names_the_variant():
    vs = (Variant("MARA", "BLK", "9"), Variant("MARA", "BLK", "10"))
    with pytest.raises(ValueError, match="MARA-BLK-10"):
        BatchProblem(vs, np.array([[1, 2], [1, -1]]), price=200, unit_cost=80)
