"""What every test folder shares: an empty PostgreSQL schema, when a server answers.

The server is ``DRONEWATCH_TEST_PG_URL`` (default: the local one, trust auth, database ``test``). Without
one the PostgreSQL tests skip, saying how to point them at a server; with ``DRONEWATCH_REQUIRE_PG=1``
(as CI sets) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url():
    """The URL of a fresh PostgreSQL schema, dropped afterwards."""
    yield from _schema()


@pytest.fixture(scope="module")
def pg_url_module():
    """Like ``pg_url``, one schema for a whole test module."""
    yield from _schema()


def _schema():
    import psycopg

    base = os.environ.get("DRONEWATCH_TEST_PG_URL", DEFAULT_PG_URL)
    try:
        conn = psycopg.connect(base.replace("postgresql+psycopg://", "postgresql://", 1), autocommit=True,
                               connect_timeout=3)
    except psycopg.OperationalError as exc:
        message = (f"PostgreSQL not reachable at {base} ({exc}); set DRONEWATCH_TEST_PG_URL to a server, "
                   f"e.g. {DEFAULT_PG_URL}")
        if os.environ.get("DRONEWATCH_REQUIRE_PG") == "1":
            pytest.fail(message)
        pytest.skip(message)
    schema = f"dw_test_{uuid.uuid4().hex[:12]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
        conn.close()
