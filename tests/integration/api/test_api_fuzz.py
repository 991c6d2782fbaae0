"""Property-based fuzzing of the API from its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid, signed in as the owner (who
may call everything): no answer may be a server error, and every answer must match the
status codes, content types and bodies the schema documents. Bounded to stay well under a
minute: a few examples per operation, on SQLite.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from cordwain.api import WebConfig, create_app  # noqa: E402
from cordwain.store import upgrade  # noqa: E402
from cordwain.store.testing import sqlite_url  # noqa: E402

from .conftest import seed_workshop, token_for  # noqa: E402

#: Examples per operation and mode: ~40 operations × 2 modes × this stays under a minute.
EXAMPLES = 8

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"))
    upgrade(url)
    seed_workshop(url)
    return create_app(url, config=WebConfig(dashboard_seconds=0))


@pytest.fixture(scope="module")
def owner_headers(fuzzed_app):
    return token_for(fuzzed_app, "owner")


def _fuzz(operation, mode, headers, failures: list[str], calls: list[int]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case) -> None:
        calls.append(1)
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        pass  # nothing to generate (a negative case of a route without parameters)
    except Exception as exc:  # collect every operation's failure, then report them all
        failures.append(f"{operation.label} ({mode.value}): {str(exc).strip()[:600]}")


def test_no_operation_crashes_or_breaks_its_schema(fuzzed_app, owner_headers):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzzed_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35
    failures: list[str] = []
    calls: list[int] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, owner_headers, failures, calls)
    assert failures == [], "\n\n".join(failures)
    assert len(calls) > 8 * len(operations), "the fuzzer hardly sent anything"
