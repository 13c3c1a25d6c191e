"""A SIGKILL at any moment of an ingest loses nothing committed, leaves nothing half-written; a rerun finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from dronewatch.store import Store
from dronewatch.store.models import ArticleRow, ClaimRow, EventRow, PassageRow, RecordVersion
from dronewatch.store.queries import Filter, incidents, records

DOCUMENTS = 120
SCRIPT = Path(__file__).with_name("fake_extract.py")


def _run_until(db_url: str, lines: int) -> int:
    """Start an ingest, SIGKILL it once it has reported ``lines`` outcomes; return how many it reported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SCRIPT.parent), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, str(SCRIPT), db_url, str(DOCUMENTS)], stdout=subprocess.PIPE,
                            text=True, env=env)
    seen = 0
    assert proc.stdout is not None
    for _ in proc.stdout:
        seen += 1
        if seen >= lines:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return seen


def _assert_whole(store: Store) -> int:
    """Every stored article has all of its rows and exactly one version; returns how many are stored."""
    with store._session() as s:
        articles = s.scalar(select(func.count()).select_from(ArticleRow))
        assert s.scalar(select(func.count()).select_from(RecordVersion)) == articles
        for record in records(store):
            aid = record.article.id
            events = s.scalar(select(func.count()).where(EventRow.article_id == aid))
            claims = s.scalar(select(func.count()).where(ClaimRow.article_id == aid))
            passages = s.scalar(select(func.count()).where(PassageRow.article_id == aid))
            assert (events, claims, passages) == (len(record.events), len(record.claims),
                                                  1 + len(record.events) + len(record.claims)), aid
    return articles


def test_sigkill_mid_ingest_loses_nothing_and_a_rerun_finishes(db_url):
    Store(db_url).close()  # migrate first, so every kill lands in the ingest itself
    stored = 0
    for lines in (3, 40, 90):
        reported = _run_until(db_url, lines)
        store = Store(db_url)
        now = _assert_whole(store)
        store.close()
        assert now >= reported and now >= stored  # every outcome reported was committed, and stays
        stored = now
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SCRIPT.parent), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, str(SCRIPT), db_url, str(DOCUMENTS)], capture_output=True, text=True,
                          env=env, check=True)
    assert done.stdout.splitlines()[-1] == "done"
    assert done.stdout.count("unchanged") == stored
    store = Store(db_url)
    assert _assert_whole(store) == DOCUMENTS
    assert sum(len({r["article_id"] for r in i.reports}) for i in list(incidents(store, Filter(vague="show")))) == DOCUMENTS
    store.close()
