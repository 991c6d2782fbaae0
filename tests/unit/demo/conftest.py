"""One demo workshop per test session: generating it is quick, but not free."""

from __future__ import annotations

import pytest

from cordwain.demo import DemoWorkshop, generate


@pytest.fixture(scope="session")
def workshop() -> DemoWorkshop:
    return generate()
