"""The store backends: a SQLite file, and PostgreSQL in a fresh schema per test when a server is reachable."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_url() -> str:
    return os.environ.get("DRONEWATCH_TEST_PG_URL", DEFAULT_PG_URL)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A database URL for an empty store, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    import psycopg

    base = _pg_url()
    plain = base.replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        conn = psycopg.connect(plain, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        message = (f"PostgreSQL not reachable at {base} ({exc}); set DRONEWATCH_TEST_PG_URL to a server, "
                   f"e.g. {DEFAULT_PG_URL}")
        if os.environ.get("DRONEWATCH_REQUIRE_PG") == "1":
            pytest.fail(message)
        pytest.skip(message)
    schema = f"dw_test_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()
