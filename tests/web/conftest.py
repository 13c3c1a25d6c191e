"""A store with the invented sample records (shared with the API tests, in tests/api/samples.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from samples import all_records

from dronewatch.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store with the sample records, incidents rebuilt."""
    s = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}")
    for record in all_records():
        s.put(record)
    s.rebuild()
    yield s
    s.close()
