"""schemathesis against the OpenAPI document on SQLite and PostgreSQL: no 500, every answer as documented.

About 1,500 generated requests per database (``CASES_PER_OPERATION`` for each operation); the checks are
that no answer is a server error and that every answer's body matches the schema the document gives
for its status. Minutes of work, so it runs when ``DRONEWATCH_ROBUSTNESS=1`` (``.ci/run`` sets it).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from samples import TOKEN, all_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import schemathesis
    from hypothesis import HealthCheck, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

from dronewatch.api import create_app
from dronewatch.store import Store

pytestmark = pytest.mark.skipif(os.environ.get("DRONEWATCH_ROBUSTNESS") != "1",
                                reason="schemathesis with ~1,500 cases per database takes minutes: "
                                       "set DRONEWATCH_ROBUSTNESS=1 (CI does)")
CASES = 1500
OPERATIONS = 17  # GET and POST operations of the document: CASES / OPERATIONS each
CASES_PER_OPERATION = CASES // OPERATIONS + 1


def _fake_extract(documents):
    return iter(())


def _app(url):
    store = Store(url)
    for record in all_records():
        store.put(record)
    store.rebuild()
    return store, create_app(store, token=TOKEN, extract=_fake_extract)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend_app(request, tmp_path_factory):
    url = (f"sqlite:///{tmp_path_factory.mktemp('st') / 'st.sqlite'}" if request.param == "sqlite"
           else request.getfixturevalue("pg_url_module"))
    store, app = _app(url)
    yield app
    store.close()


@pytest.fixture(scope="module")
def st_schema(backend_app):
    return schemathesis.openapi.from_asgi("/openapi.json", backend_app)


schema = schemathesis.pytest.from_fixture("st_schema")


@schema.parametrize()
@settings(max_examples=CASES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case):
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
