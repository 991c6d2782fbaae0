"""Size systems, size runs and conversions."""

import pytest

from cordwain.domain import DEFAULT_SIZE_CHART, SizeRun, SizeSystem, UnknownSize, format_size


def test_size_labels_are_canonical_whatever_the_spelling():
    assert format_size("9.0") == "9"
    assert format_size(" 09.50 ") == "9.5"
    assert format_size(10) == "10"


def test_quarter_sizes_are_refused():
    with pytest.raises(UnknownSize):
        format_size("9.25")


def test_a_mens_run_from_7_to_13_has_thirteen_sizes_in_numeric_order():
    run = SizeRun.between(SizeSystem.US_MEN, "7", "13")
    assert len(run) == 13
    assert run.sizes[:3] == ("7", "7.5", "8")
    assert run.sizes[-1] == "13"


def test_big_mens_sizes_come_in_whole_sizes_only():
    run = SizeRun.between(SizeSystem.US_MEN, "12", "15")
    assert run.sizes == ("12", "12.5", "13", "14", "15")
    with pytest.raises(UnknownSize):
        SizeRun(SizeSystem.US_MEN, ("13.5",))


def test_core_sizes_must_belong_to_the_run():
    with pytest.raises(UnknownSize):
        SizeRun.between(SizeSystem.US_MEN, "7", "10", core=("11",))


def test_grading_steps_count_half_sizes():
    run = SizeRun.between(SizeSystem.US_MEN, "7", "13")
    assert run.steps_from("10", "9") == 2
    assert run.steps_from("8.5", "9") == -1
    with pytest.raises(UnknownSize):
        run.check("14")


def test_conversions_follow_the_chart():
    assert DEFAULT_SIZE_CHART.convert("9", SizeSystem.US_MEN, SizeSystem.EU) == "42.5"
    assert DEFAULT_SIZE_CHART.convert("8.5", SizeSystem.US_WOMEN, SizeSystem.US_MEN) == "7"
    assert DEFAULT_SIZE_CHART.convert("44", SizeSystem.EU, SizeSystem.US_MEN) == "10"
