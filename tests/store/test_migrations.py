"""Opening a store written by an older schema migrates it and rebuilds what the migration emptied."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from fake_extract import documents, fake_extract
from sqlalchemy import create_engine, insert, select

import dronewatch.store
from dronewatch.api.shapes import EventOut
from dronewatch.merge import event_key, refs_of
from dronewatch.store import Store
from dronewatch.store.models import ArticleRow, EventRow, FramingRow, PassageRow, RecordVersion, table_of
from dronewatch.store.queries import Filter, event_json_rows, incidents

MIGRATIONS = Path(dronewatch.store.__file__).parent / "migrations"


def _store_at_0001(db_url, record):
    """A database at revision 0001 holding ``record`` as that version wrote it: one key for both events."""
    engine = create_engine(db_url)
    a, now = record.article, datetime.now(UTC).replace(tzinfo=None)
    shared = event_key(a.id, record.events[0])
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(insert(table_of(ArticleRow)), [{
            "id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title, "authors": [],
            "published": a.published, "genre": a.genre, "url": None, "text": a.text, "extractor": record.extractor,
            "stored_at": now}])
        conn.execute(insert(table_of(RecordVersion)), [{"article_id": a.id, "extractor": record.extractor,
                                                        "stored_at": now, "record": record.to_json()}])
        conn.execute(insert(table_of(EventRow)), [{
            "article_id": a.id, "idx": i, "key": shared, "type": e.type, "trigger": e.trigger, "actors": [],
            "targets": [], "weapons": [], "status": e.status, "ev_start": e.evidence.start, "ev_end": e.evidence.end,
            "ev_text": e.evidence.text} for i, e in enumerate(record.events)])
        conn.execute(insert(table_of(PassageRow)), [{"article_id": a.id, "kind": "event", "ref": shared,
                                                     "text": e.evidence.text} for e in record.events])
        conn.execute(insert(table_of(FramingRow)), [{"article_id": a.id, "naming": {}, "loaded": [],
                                                     "opinion_markers": 0, "stance": {}}])
    engine.dispose()


def test_upgrade_gives_repeated_events_their_own_keys_and_rebuilds_incidents(db_url):
    [record] = fake_extract(documents(1))
    record = record.model_copy(update={"events": record.events[:1] * 2})  # one sentence read as two events
    _store_at_0001(db_url, record)
    store = Store(db_url)
    keys = [r.key for r in refs_of(record)]
    assert len(set(keys)) == 2
    with store._session() as s:
        assert s.scalars(select(EventRow.key).order_by(EventRow.idx)).all() == keys
        assert sorted(s.scalars(select(PassageRow.ref).where(PassageRow.kind == "event"))) == sorted(keys)
        assert s.scalar(select(FramingRow.words)) == len(record.article.text.split())
    assert sorted(k for i in list(incidents(store, Filter(vague="show"))) for r in i.reports for k in r["events"]) == sorted(keys)
    store.close()


def test_upgrade_writes_the_document_of_every_stored_event(db_url):
    [record] = fake_extract(documents(1))
    record = record.model_copy(update={"events": record.events[:1] * 2})  # as revision 0001 kept them: one key
    _store_at_0001(db_url, record)
    store = Store(db_url)
    page = event_json_rows(store, Filter(), None, 100)
    with store._session() as s:
        rows = s.scalars(select(EventRow).order_by(EventRow.id)).all()
    assert len(page) == len(rows) == len(record.events) >= 2
    for sent, row in zip(page, rows, strict=True):
        event = EventOut.model_validate_json(sent.json)  # what the API sends, valid
        assert (event.id, event.key, event.type, event.status) == (row.id, row.key, row.type, row.status)
        assert (event.outlet, event.published) == (record.article.outlet, record.article.published)
        assert event.evidence.text == row.ev_text and event.location is None
    store.close()
