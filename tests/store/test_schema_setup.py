"""Schema set-up never bricks a database: a kill at any statement, or two first opens at once, both end well."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import inspect

from dronewatch.store import Store

# A child that opens a store on ``url`` and SIGKILLs itself just before schema statement ``kill_at``
# (0: never; it prints how many statements set-up ran).
_CHILD = textwrap.dedent("""
    import os, signal, sys
    from sqlalchemy import event
    import dronewatch.store.repo as repo

    url, kill_at = sys.argv[1], int(sys.argv[2])
    made = repo._engine
    count = 0

    def engine_that_dies(u):
        engine = made(u)

        @event.listens_for(engine, "before_cursor_execute")
        def count_statements(*args):
            global count
            count += 1
            if count == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        return engine

    repo._engine = engine_that_dies
    repo.Store(url).close()
    print(count)
""")


def _run_child(url: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _CHILD, url, str(kill_at)], capture_output=True, text=True, check=False,
                          timeout=120, env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)})


def test_a_kill_at_any_statement_of_the_first_set_up_leaves_a_database_that_opens(tmp_path):
    clean = _run_child(f"sqlite:///{tmp_path / 'count.sqlite'}", 0)
    assert clean.returncode == 0, clean.stderr
    statements = int(clean.stdout.split()[-1])
    assert statements > 10
    # Early, middle and late statements of the first set-up, and the last one.
    for kill_at in sorted({3, statements // 4, statements // 2, 3 * statements // 4, statements - 1}):
        db = tmp_path / f"killed-{kill_at}.sqlite"
        killed = _run_child(f"sqlite:///{db}", kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        store = Store(f"sqlite:///{db}")  # before: "table articles already exists"
        try:
            assert {"articles", "events", "record_versions"} <= set(inspect(store.engine).get_table_names())
            assert store.stored_versions(["sha256:none"]) == {}
        finally:
            store.close()


_OPENER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from dronewatch.store import Store

    url, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    ready.touch()
    while not go.exists():
        time.sleep(0.005)
    Store(url).close()
""")


def test_two_first_opens_of_a_postgresql_database_at_once_both_work(pg_url, tmp_path):
    go = tmp_path / "go"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    openers = [subprocess.Popen([sys.executable, "-c", _OPENER, pg_url, str(tmp_path / f"ready{i}"), str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for i in range(3)]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready{i}").exists() for i in range(3)) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()  # all three start set-up on the empty schema together
    results = [(p.returncode, p.communicate(timeout=120)[1]) for p in openers]
    results = [(p.returncode, err) for p, (_, err) in zip(openers, results, strict=True)]
    assert [code for code, _ in results] == [0, 0, 0], [err[-500:] for _, err in results]
    store = Store(pg_url)
    try:
        assert "articles" in inspect(store.engine).get_table_names()
    finally:
        store.close()


def test_a_set_up_that_fails_leaves_nothing_half_made(tmp_path, monkeypatch):
    from dronewatch.store import repo

    calls = {"n": 0}
    real = repo.command.upgrade

    def upgrade_then_fail(cfg, revision):
        real(cfg, revision)
        calls["n"] += 1
        raise KeyboardInterrupt  # interrupted after the last statement, before the commit

    monkeypatch.setattr(repo.command, "upgrade", upgrade_then_fail)
    db = tmp_path / "interrupted.sqlite"
    try:
        Store(f"sqlite:///{db}")
    except KeyboardInterrupt:
        pass
    assert calls["n"] == 1
    monkeypatch.undo()
    store = Store(f"sqlite:///{db}")
    try:
        assert "articles" in inspect(store.engine).get_table_names()
    finally:
        store.close()


def test_the_database_file_is_left_with_the_drivers_own_transactions(tmp_path):
    """After set-up the pooled connection is back in the driver's default mode (writes still commit)."""
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    try:
        with store.engine.connect() as conn:
            assert conn.connection.dbapi_connection.isolation_level == ""
    finally:
        store.close()
    assert Path(tmp_path / "x.sqlite").stat().st_size > 0
