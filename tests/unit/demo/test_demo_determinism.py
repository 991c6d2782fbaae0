"""The demo workshop is a pure function of its seed and day."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import numpy as np
import pytest

from cordwain.demo import DemoWorkshop, generate


def test_the_same_seed_gives_an_equal_workshop(workshop: DemoWorkshop) -> None:
    started = time.perf_counter()
    again = generate(7)
    print(f"demo workshop generated in {time.perf_counter() - started:.2f} s")
    assert again == workshop
    assert again.sales == workshop.sales
    assert again.hides == workshop.hides


def test_another_seed_gives_other_sales_hides_and_feedback(workshop: DemoWorkshop) -> None:
    other = generate(8)
    assert other != workshop
    assert other.sales != workshop.sales
    assert other.hides != workshop.hides
    assert other.feedback != workshop.feedback
    # The brand's catalogue is the same whatever the seed.
    assert other.styles == workshop.styles
    assert other.boms == workshop.boms


def test_the_history_ends_the_day_before_today() -> None:
    shop = generate(3, today=date(2025, 6, 2))
    assert shop.today == date(2025, 6, 2)
    assert max(s.day for s in shop.sales) < date(2025, 6, 2)
    assert all(f.day < date(2025, 6, 2) for f in shop.feedback)


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_a_seed_must_be_a_non_negative_integer(seed: object) -> None:
    with pytest.raises(ValueError, match="seed"):
        generate(seed)  # type: ignore[arg-type]


def _numpy_leaks(value: object, path: str, found: list[str]) -> None:
    if isinstance(value, (np.generic, np.ndarray)):
        found.append(path)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _numpy_leaks(getattr(value, f.name), f"{path}.{f.name}", found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _numpy_leaks(item, path, found)
    elif isinstance(value, dict):
        for k, v in value.items():
            _numpy_leaks(k, path, found)
            _numpy_leaks(v, path, found)


def test_every_value_is_a_plain_python_value_a_database_driver_accepts(
    workshop: DemoWorkshop,
) -> None:
    found: list[str] = []
    for f in dataclasses.fields(workshop):
        value = getattr(workshop, f.name)
        if isinstance(value, list):
            for item in value[:3000]:
                _numpy_leaks(item, f.name, found)
    assert found == []
