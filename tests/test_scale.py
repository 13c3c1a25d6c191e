"""The Ray engine: same records as the local engine, into the store or Parquet shards, resumable.

One local Ray with two workers is started for the module (offline: no dashboard, no usage stats).
"""

from __future__ import annotations

import gc
import json
import warnings

import pytest
from typer.testing import CliRunner

from dronewatch.cli import app
from dronewatch.errors import DronewatchError, InputError
from dronewatch.ingest import iter_documents
from dronewatch.nlp import EXTRACTOR_VERSION
from dronewatch.scale import RayExtractor, read_shards, start_ray, write_shards
from dronewatch.store import Store
from dronewatch.store.queries import records

pytestmark = [
    pytest.mark.model,
    # Ray's process launcher leaves /dev/null handles and Popen objects for the garbage collector.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

# Invented reports, written for these tests.
ARTICLES = [
    {"id": "a1", "outlet": "Harbour Ledger", "published": "2024-05-14",
     "text": "Russian drones struck a grain terminal in Izmail on Monday night, killing two dock workers and "
             "injuring five, the regional governor said.\n\nUkraine's air force said it had shot down 19 of "
             "the 24 Shahed drones launched overnight."},
    {"id": "a2", "outlet": "Steppe Courier", "published": "2024-05-15",
     "text": "The Russian defence ministry said on Tuesday that air defence units destroyed 12 Ukrainian "
             "drones over the Belgorod region.\n\nKyiv denied that its forces had targeted residential "
             "areas, calling the accusation a lie."},
    {"id": "a3", "outlet": "Northern Wire", "published": "2024-06-02",
     "text": "A Ukrainian drone hit an oil depot in the Bryansk region early on Sunday, starting a large "
             "fire, the local governor wrote on Telegram. No one was hurt, he said."},
    {"id": "a4", "outlet": "Plains Monitor", "published": "2024-06-20",
     "text": "Three civilians were killed when a Russian glide bomb hit a market in Kharkiv on Thursday, "
             "according to the city's mayor. Police said 14 people were wounded."},
    {"id": "a5", "outlet": "Harbour Ledger", "published": "2024-07-01",
     "text": "Drone warfare is changing faster than any army can write its manuals, and cheap machines now "
             "decide who controls the sky over the front."},
]


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray with two CPUs, shut down after the module."""
    import ray

    start_ray(workers=2)
    yield
    ray.shutdown()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()  # Ray's leftovers are collected here, not in a later module's test


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def _records(url: str) -> list[dict]:
    store = Store(url)
    try:
        return [r.to_dict() for r in records(store)]
    finally:
        store.close()


def test_ray_ingest_stores_the_records_of_the_local_engine(ray_cluster, archive, tmp_path):
    """The same archive ingested by both engines gives the same stored records; a rerun stores nothing."""
    runner = CliRunner()
    local, distributed = f"sqlite:///{tmp_path / 'local.sqlite'}", f"sqlite:///{tmp_path / 'ray.sqlite'}"
    first = runner.invoke(app, ["ingest", str(archive), "--db", local, "--no-progress"])
    assert first.exit_code == 0, first.output
    result = runner.invoke(app, ["ingest", str(archive), "--db", distributed, "--engine", "ray", "--workers", "2",
                                 "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "5 stored; 0 failed" in result.output
    stored = _records(distributed)
    assert len(stored) == len(ARTICLES)
    assert stored == _records(local)
    assert any(r["events"] for r in stored)

    again = runner.invoke(app, ["ingest", str(archive), "--db", distributed, "--engine", "ray", "--no-progress"])
    assert again.exit_code == 0, again.output
    assert "5 unchanged; 0 failed" in again.output


def test_ray_shards_hold_the_local_records_and_a_rerun_writes_only_missing_shards(ray_cluster, archive, tmp_path):
    """Shards of two articles; after one shard is lost, a rerun skips the others and rewrites it alone."""
    local, out = f"sqlite:///{tmp_path / 'local.sqlite'}", tmp_path / "shards"
    assert CliRunner().invoke(app, ["ingest", str(archive), "--db", local, "--no-progress"]).exit_code == 0
    extract = RayExtractor(2, batch_documents=2, as_json=True)  # the workers write the JSON, as with --out
    try:
        def run() -> list:
            return list(write_shards(iter_documents([archive]), extract, out, EXTRACTOR_VERSION, inputs=[archive],
                                     shard_articles=2))

        assert [o for _, o in run()] == ["stored"] * 5
        assert sorted(p.name for p in out.glob("shard-*")) == [
            "shard-000000.parquet", "shard-000001.parquet", "shard-000002.parquet"]
        assert [r.to_dict() for r in read_shards(out)] == sorted(_records(local),
                                                                 key=lambda r: r["article"]["source"])
        (out / "shard-000001.parquet").unlink()
        rerun = run()
    finally:
        extract.close()
    assert sorted(o for _, o in rerun) == ["stored", "stored", "unchanged", "unchanged", "unchanged"]
    assert [src.rsplit("#", 1)[1] for src, o in rerun if o == "stored"] == ["a3", "a4"]
    assert len(list(read_shards(out))) == 5


def test_shard_folder_of_another_run_is_refused(archive, tmp_path):
    """Shards made with another shard size are not mixed with new ones: the folder is named in the error."""
    out = tmp_path / "shards"
    list(write_shards(iter(()), lambda docs: iter(()), out, EXTRACTOR_VERSION, inputs=[archive], shard_articles=2))
    with pytest.raises(InputError, match="holds shards of another run") as caught:
        list(write_shards(iter(()), lambda docs: iter(()), out, EXTRACTOR_VERSION, inputs=[archive],
                          shard_articles=3))
    assert str(out) in str(caught.value)


def test_unreadable_input_is_reported_and_the_shards_still_written(archive, tmp_path):
    """A bad line is an error in the results; the good articles are extracted (here by a fake extractor)."""
    from dronewatch.ingest import Document
    from dronewatch.record import Article, Record, article_id

    def fake(docs):
        for d in docs:
            yield Record(article=Article(id=article_id(d.text), source=d.source, text=d.text),
                         extractor=EXTRACTOR_VERSION)

    items: list[Document | DronewatchError] = [InputError("feed.jsonl:2", "malformed JSON"),
                                                Document(source="feed.jsonl#1", text="A drone hit a depot.")]
    results = list(write_shards(items, fake, tmp_path / "out", EXTRACTOR_VERSION))
    assert [str(r) for r in results if isinstance(r, DronewatchError)] == ["feed.jsonl:2: malformed JSON"]
    assert ("feed.jsonl#1", "stored") in results
    assert [r.article.text for r in read_shards(tmp_path / "out")] == ["A drone hit a depot."]


def test_shards_load_into_the_store_as_a_local_ingest_would_store_them(archive, tmp_path):
    """`ingest --out` here, then `load` into a database: the records of a direct ingest; a rerun adds nothing."""
    runner = CliRunner()
    direct, loaded, out = f"sqlite:///{tmp_path / 'direct.sqlite'}", f"sqlite:///{tmp_path / 'loaded.sqlite'}", \
        tmp_path / "shards"
    assert runner.invoke(app, ["ingest", str(archive), "--db", direct, "--no-progress"]).exit_code == 0
    assert runner.invoke(app, ["ingest", str(archive), "--out", str(out), "--no-progress"]).exit_code == 0
    first = runner.invoke(app, ["load", str(out), "--db", loaded, "--no-progress"])
    assert first.exit_code == 0, first.output
    assert "5 stored; 0 failed" in first.output
    assert sorted(_records(loaded), key=str) == sorted(_records(direct), key=str)
    again = runner.invoke(app, ["load", str(out), "--db", loaded, "--no-progress"])
    assert "5 unchanged; 0 failed" in again.output


def test_loading_a_folder_that_holds_no_shards_names_it(tmp_path):
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"])
    assert result.exit_code == 2
    assert f"{tmp_path}: not a shard folder" in result.output
