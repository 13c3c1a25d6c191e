"""The API fuzzed from its own OpenAPI document: whatever the inputs, no 500 and no traceback."""

from __future__ import annotations

import warnings

import pytest
from samples import TOKEN, all_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import schemathesis
    from hypothesis import HealthCheck, settings

from dronewatch.api import create_app
from dronewatch.store import Store


def _fake_extract(documents):
    return iter(())


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite'}")
    for record in all_records():
        store.put(record)
    store.rebuild()
    yield create_app(store, token=TOKEN, extract=_fake_extract)
    store.close()


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.fixture(scope="module")
def fuzz_schema(fuzzed_app):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


# A few examples per operation keep the whole suite fast; the point is the error paths, not volume.
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.content[:300]!r}"
    assert b"Traceback" not in response.content
