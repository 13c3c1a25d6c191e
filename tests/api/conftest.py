"""An API over a store holding the invented sample records (SQLite in a temporary folder).

``pg_url`` (tests/conftest.py) is an empty PostgreSQL schema, for the tests that compare the two databases'
answers.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

# The samples module sits beside this file; tests import it by name (also under --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))

from samples import all_records

with warnings.catch_warnings():
    # Starlette 0.46's test client names anyio's BlockingPortal by an alias anyio 4.16 deprecates, once,
    # at import; the API's own code does not use it.
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from dronewatch.api import create_app
from dronewatch.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with the sample records, incidents rebuilt."""
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.sqlite'}")
    for record in all_records():
        s.put(record)
    s.rebuild()
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store):
    """A test client of the read-only API."""
    with TestClient(create_app(store)) as c:
        yield c
