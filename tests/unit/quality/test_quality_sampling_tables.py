"""The encoded ISO 2859-1 / Z1.4 tables agree with an independent transcription, cell by cell."""

import csv
from pathlib import Path

import pytest

from cordwain.quality import code_letter, resolve_plan, sampling_plan, table_cell
from cordwain.quality.tables import (
    AQL_COLUMNS,
    OFF_TABLE_CELLS,
    REDUCED_SAMPLE_SIZE,
    SAMPLE_SIZE,
)

DATA = Path(__file__).parent / "data" / "z14_single_resolved.csv"


def _rows():
    with DATA.open() as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def test_the_transcription_covers_every_cell_of_the_three_tables():
    rows = _rows()
    assert len(rows) == 3 * 16 * 26
    assert {r["aql"] for r in rows} == set(AQL_COLUMNS)


@pytest.mark.parametrize("table", ["normal", "tightened", "reduced"])
def test_every_resolved_cell_matches_the_transcription(table):
    mismatches = []
    for r in _rows():
        if r["table"] != table:
            continue
        letter, n, ac, re_ = resolve_plan(table, r["letter"], r["aql"])
        want = (int(r["n"]), int(r["ac"]), int(r["re"]))
        if (n, ac, re_) != want:
            mismatches.append((r["letter"], r["aql"], (n, ac, re_), want))
        sizes = REDUCED_SAMPLE_SIZE if table == "reduced" else SAMPLE_SIZE
        assert sizes[letter] == n
    assert mismatches == []


# Table I rows as printed (lot size range -> S-1 S-2 S-3 S-4 I II III).
TABLE_I = [
    (2, 8, "AAAAAAB"), (9, 15, "AAAAABC"), (16, 25, "AABBBCD"), (26, 50, "ABBCCDE"),
    (51, 90, "BBCCCEF"), (91, 150, "BBCDDFG"), (151, 280, "BCDEEGH"), (281, 500, "BCDEFHJ"),
    (501, 1200, "CCEFGJK"), (1201, 3200, "CDEGHKL"), (3201, 10000, "CDFGJLM"),
    (10001, 35000, "CDFHKMN"), (35001, 150000, "DEGJLNP"), (150001, 500000, "DEGJMPQ"),
    (500001, 10**7, "DEHKNQR"),
]  # fmt: skip


@pytest.mark.parametrize("low,high,letters", TABLE_I)
def test_table_i_code_letters_at_both_ends_of_every_lot_size_range(low, high, letters):
    for level, want in zip(("S-1", "S-2", "S-3", "S-4", "I", "II", "III"), letters, strict=True):
        assert code_letter(low, level) == want
        assert code_letter(high, level) == want


@pytest.mark.parametrize(
    "letter,aql,want",
    [
        ("J", "2.5", "5/6"),  # n = 80
        ("G", "4.0", "3/4"),  # n = 32
        ("A", "6.5", "0/1"),  # n = 2
        ("B", "6.5", "↑"),
        ("C", "6.5", "↓"),
        ("K", "10", "21/22"),
        ("K", "15", "↑"),
        ("Q", "0.010", "0/1"),
        ("R", "0.010", "↑"),
        ("E", "250", "44/45"),
        ("F", "100", "↑"),
    ],
)
def test_printed_normal_cells(letter, aql, want):
    assert table_cell("normal", letter, aql) == want


def test_printed_tightened_and_reduced_cells():
    assert table_cell("tightened", "J", "2.5") == "3/4"
    assert table_cell("tightened", "J", "4.0") == "5/6"
    assert table_cell("tightened", "G", "6.5") == "3/4"
    assert table_cell("tightened", "G", "15") == "8/9"
    assert table_cell("tightened", "S", "0.025") == "1/2"
    assert table_cell("reduced", "K", "2.5") == "3/6"
    assert table_cell("reduced", "K", "1.5") == "2/5"
    assert table_cell("reduced", "B", "40") == "2/4"
    assert table_cell("reduced", "C", "650") == "21/24"


def test_corner_arrows_are_the_documented_ones():
    for (table, letter, aql), arrow in OFF_TABLE_CELLS.items():
        assert table_cell(table, letter, aql) == arrow


def test_down_arrow_brings_the_lower_plans_letter_sample_and_numbers():
    # Letter A (lot of 2-8, level II) at AQL 0.65: the arrow leads to letter F, n = 20, 0/1;
    # a lot of 8 is smaller than that, so every pair is inspected.
    plan = sampling_plan(8, 0.65)
    assert (plan.table_letter, plan.code_letter, plan.ac, plan.re) == ("A", "F", 0, 1)
    assert plan.hundred_percent and plan.sample_size == 8
    # A large lot on level S-1 has letter D; at AQL 0.65 the arrow goes down to F as well.
    plan = sampling_plan(40000, 0.65, level="S-1")
    assert (plan.table_letter, plan.code_letter, plan.sample_size) == ("D", "F", 20)
    assert (plan.ac, plan.re) == (0, 1) and not plan.hundred_percent


def test_up_arrow_uses_the_smaller_plan_above():
    # Letter G (lot 151-280, level II) at AQL 0.65 points up to letter F: n = 20, Ac 0.
    plan = sampling_plan(200, 0.65)
    assert (plan.table_letter, plan.code_letter, plan.sample_size, plan.ac) == ("G", "F", 20, 0)


def test_down_arrow_below_zero_acceptance_goes_to_an_ac1_plan_not_to_ac0():
    # Letter H at AQL 0.65 normal: ↓ to J (n = 80) with Ac 1 / Re 2.
    letter, n, ac, re_ = resolve_plan("normal", "H", "0.65")
    assert (letter, n, ac, re_) == ("J", 80, 1, 2)


def test_tightened_row_s_is_reached_only_from_the_bottom_of_aql_0_025():
    assert resolve_plan("tightened", "R", "0.025") == ("S", 3150, 1, 2)
    assert resolve_plan("tightened", "Q", "0.025") == ("S", 3150, 1, 2)
    assert resolve_plan("tightened", "P", "0.025") == ("P", 800, 0, 1)
