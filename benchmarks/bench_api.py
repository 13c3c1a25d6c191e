"""API latency on a large database: list, filter and GeoJSON endpoints against bare SQL for the same rows.

Builds (or reuses) a SQLite database of synthetic events (default 50,000: 2,000 articles of 25 events,
stored through ``Store.put`` like real ones), starts ``dronewatch serve`` on a free localhost port in
a subprocess, and times each endpoint over HTTP with a keep-alive client. The baseline is the same
page of rows fetched with a hand-written SQL query through the sqlite3 module, in this process; the
API's page is checked to hold exactly those events first. (The API sends the JSON document
stored with each event, ``event_docs``; the baseline reads the events' columns, as a hand-written
query for them would.) API and SQL calls alternate, so both are
timed under the same load (the machine is shared). The client is the standard library's
``http.client``: httpx spends about a millisecond of its own Python on each request, which is the
client's cost, not the API's. Prints p50/p95 in milliseconds and the ratios (goal: p95 at most 3),
then what a page of one event costs: the part of every request that does not depend on its rows.

    .venv/bin/python benchmarks/bench_api.py [--events 50000] [--requests 1000] [--page 100]
                                             [--db build/bench_api.sqlite]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from dronewatch.record import (
    Actor,
    Article,
    DateInterval,
    Event,
    Evidence,
    Place,
    Record,
    article_id,
)
from dronewatch.store import Store

EVENTS_PER_ARTICLE = 25
# The API's default page; --page measures others (at most the API's limit, 1000).
PAGE = 100
# Towns the synthetic events happen in: (name, country, lat, lon).
TOWNS = [("Kharkiv", "UA", 49.99, 36.23), ("Odesa", "UA", 46.48, 30.73), ("Sumy", "UA", 50.91, 34.8),
         ("Belgorod", "RU", 50.6, 36.59), ("Kherson", "UA", 46.64, 32.61), ("Kursk", "RU", 51.73, 36.19),
         ("Dnipro", "UA", 48.46, 35.05), ("Zaporizhzhia", "UA", 47.84, 35.14)]
TYPES = ["drone_strike", "missile_strike", "shelling", "interception", "armed_clash", "explosion"]
STATUSES = ["reported", "reported", "claimed", "disputed"]


def build(path: Path, events: int) -> None:
    """Store synthetic articles until the database holds ``events`` events."""
    rng = random.Random(7)
    store = Store(f"sqlite:///{path}")
    for n in range(events // EVENTS_PER_ARTICLE):
        sentences, evs = [], []
        offset = 0
        for i in range(EVENTS_PER_ARTICLE):
            town, country, lat, lon = rng.choice(TOWNS)
            kind = rng.choice(TYPES)
            sentence = f"Item {n}-{i}: a {kind.replace('_', ' ')} was reported near {town} overnight."
            sentences.append(sentence)
            day = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
            width = rng.choice([0, 0, 0, 6, 30])
            evs.append(Event(
                type=kind, trigger="reported", status=rng.choice(STATUSES),
                date=DateInterval(text="overnight", earliest=day, latest=day + timedelta(days=width)),
                location=Place(text=town, name=town, country=country, lat=lat + rng.uniform(-0.2, 0.2),
                               lon=lon + rng.uniform(-0.2, 0.2), feature="city"),
                actors=[Actor(text="Russia", name="Russia", country="RU")] if rng.random() < 0.5 else [],
                evidence=Evidence(start=offset, end=offset + len(sentence), text=sentence)))
            offset += len(sentence) + 1
        text = " ".join(sentences)
        article = Article(id=article_id(text), source=f"bench-{n}.txt", outlet=f"Outlet {n % 12}",
                          published=date(2023, 1, 1) + timedelta(days=n % 700), text=text)
        store.put(Record(article=article, events=evs, extractor="bench-1"))
    store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _times(calls: list[Callable[[], object]], n: int) -> list[list[float]]:
    """Milliseconds of each call, ``n`` times, the calls taking turns (after a few untimed rounds)."""
    for _ in range(5):
        for call in calls:
            call()
    out: list[list[float]] = [[] for _ in calls]
    for _ in range(n):
        for call, times in zip(calls, out, strict=True):
            t = time.perf_counter()
            call()
            times.append((time.perf_counter() - t) * 1000)
    return out


def _get(conn: http.client.HTTPConnection, url: str) -> bytes:
    """The body of a GET on a kept-alive connection; an error unless the answer is a 200."""
    conn.request("GET", url)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {url}: {response.status} {body[:200]!r}")
    return body


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    """Wait until the server answers (at most a minute)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/api/events?limit=1")
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


# The endpoints and, for each, the bare SQL selecting the same page of rows (columns the API sends).
_COLUMNS = ("e.id, e.key, e.article_id, e.type, e.trigger, e.date_text, e.earliest, e.latest, e.place_text, "
            "e.place_name, e.country, e.lat, e.lon, e.feature, e.actors, e.targets, e.weapons, e.killed, "
            "e.injured, e.acled, e.status, e.source_text, e.source_name, e.ev_start, e.ev_end, e.ev_text, "
            "a.outlet, a.published")
_FROM = "FROM events e JOIN articles a ON a.id = e.article_id"


def cases(page: int) -> list[tuple[str, str, dict[str, object], str, tuple[object, ...]]]:
    """The endpoints, each with its query and the bare SQL selecting the same page of rows (and one more)."""
    return [
        ("list", "/api/events", {"limit": page},
         f"SELECT {_COLUMNS} {_FROM} ORDER BY e.id LIMIT ?", (page + 1,)),
        ("filter type+dates+bbox", "/api/events",
         {"type": "drone_strike", "since": "2024-01-01", "until": "2024-06-30", "bbox": "35.5,49.5,37.0,50.5",
          "limit": page},
         (f"SELECT {_COLUMNS} {_FROM} WHERE e.type = ? AND e.latest >= ? AND e.earliest <= ? AND e.lon >= ? "
          "AND e.lat >= ? AND e.lon <= ? AND e.lat <= ? ORDER BY e.id LIMIT ?"),
         ("drone_strike", "2024-01-01", "2024-06-30", 35.5, 49.5, 37.0, 50.5, page + 1)),
        ("filter status+outlet", "/api/events", {"status": "disputed", "outlet": "Outlet 3", "limit": page},
         f"SELECT {_COLUMNS} {_FROM} WHERE e.status = ? AND lower(a.outlet) = ? ORDER BY e.id LIMIT ?",
         ("disputed", "outlet 3", page + 1)),
        ("GeoJSON", "/api/events.geojson", {"type": "shelling", "limit": page},
         f"SELECT {_COLUMNS} {_FROM} WHERE e.type = ? ORDER BY e.id LIMIT ?", ("shelling", page + 1)),
    ]


def main() -> None:
    """Build the database if needed, serve it, and print the latency table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint: the p95 of fewer is noisy")
    parser.add_argument("--db", type=Path, default=Path("build/bench_api.sqlite"))
    parser.add_argument("--page", type=int, default=PAGE, help="events per page (the API's limit)")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    have = 0
    if args.db.exists():
        with sqlite3.connect(args.db) as conn:
            have = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    if have < args.events:
        args.db.unlink(missing_ok=True)
        t = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.db} in {time.perf_counter() - t:.0f} s")
    with sqlite3.connect(args.db) as conn:
        count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"{count} events in {args.db}; {args.requests} requests per endpoint, pages of {args.page}")

    port = _free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "dronewatch"), "serve", "--db",
                               f"sqlite:///{args.db}", "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, server)
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn = sqlite3.connect(args.db)
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (other work moves these figures)")
        print(f"{'endpoint':<24}{'rows':>6}{'API p50':>10}{'API p95':>10}{'SQL p50':>10}{'SQL p95':>10}"
              f"{'ratio p50':>11}{'ratio p95':>11}")
        for name, path, params, sql, values in cases(args.page):
            url = f"{path}?{urlencode(params)}"
            ids = [row[0] for row in conn.execute(sql, values).fetchall()[:args.page]]
            page = json.loads(_get(client, url))
            sent = [e["id"] for e in page.get("items", page.get("features", []))]
            if sent != ids:
                raise RuntimeError(f"{name}: the API's page is not the SQL's rows ({sent[:5]} vs {ids[:5]})")
            api, bare = _times([lambda url=url: _get(client, url),
                                lambda sql=sql, values=values: conn.execute(sql, values).fetchall()], args.requests)
            print(f"{name:<24}{len(ids):>6}{_p(api, 50):>10.2f}{_p(api, 95):>10.2f}{_p(bare, 50):>10.2f}"
                  f"{_p(bare, 95):>10.2f}{_p(api, 50) / _p(bare, 50):>11.1f}{_p(api, 95) / _p(bare, 95):>11.1f}")
        # What every request costs whatever its rows: HTTP, routing, parameters, the worker thread.
        (fixed,) = _times([lambda: _get(client, "/api/events?limit=1")], args.requests)
        print(f"a page of 1 event (the fixed cost of a request): p50 {_p(fixed, 50):.2f} ms, "
              f"p95 {_p(fixed, 95):.2f} ms")
        conn.close()
        client.close()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
