"""Big archives: extraction spread over Ray workers, records written to the store or to Parquet shards.

Ray is imported here and nowhere else. The driver reads the archive as a stream (``iter_documents``),
sends batches of documents to a pool of Ray actors (each loads the spaCy pipeline once) and gets the
records back in input order, so ``RayExtractor`` can stand wherever ``extract_documents`` does: the
store's ``ingest`` (which skips articles already stored: a rerun finishes the job) or ``write_shards``
(Parquet files of a fixed number of articles; a rerun skips the shards already written). Only a few
batches per worker are in flight at any time, so memory does not grow with the archive.

A local Ray is started offline: no dashboard, no usage statistics, every address on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import resource
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from dronewatch.errors import ConfigError, DronewatchError, ExtractionError, InputError
from dronewatch.ingest.document import Document
from dronewatch.record import Record, article_id

__all__ = [
    "BATCH_DOCUMENTS",
    "MANIFEST",
    "SHARD_ARTICLES",
    "RayExtractor",
    "RecordJSON",
    "ShardOutcome",
    "read_shards",
    "start_ray",
    "write_shards",
]

# Documents per Ray task: about two seconds of extraction, so Ray's per-task cost (~1 ms) is noise,
# while a worker that dies loses little.
BATCH_DOCUMENTS = 16
# Batches queued on each actor beyond the one it runs: one is enough to keep it busy while the driver
# collects results; more would only hold documents in memory.
QUEUED_PER_WORKER = 2
# Articles per Parquet shard: ~1 minute of one worker's extraction, a few MB of records; a crash
# redoes at most one shard per run.
SHARD_ARTICLES = 1000
# Ray's shared-memory object store for the in-flight batches (each well under 1 MB; Ray's own default
# reserves 30% of the RAM). 75 MB is Ray's minimum.
OBJECT_STORE_BYTES = 200 * 1024 * 1024
# An actor that dies (killed, out of memory) is restarted this many times, and its batch retried once.
ACTOR_RESTARTS = 3
MANIFEST = "_manifest.json"

ShardOutcome = Literal["stored", "unchanged"]


@dataclass(frozen=True)
class RecordJSON:
    """A record already written as JSON, with what a sink files it under: a worker that writes the JSON
    spares the driver rebuilding and re-serialising the record (``RayExtractor(as_json=True)``)."""

    article_id: str
    source: str
    json: str

    @classmethod
    def of(cls, record: Record) -> RecordJSON:
        return cls(record.article.id, record.article.source, record.to_json())


Extract = Callable[[Iterable[Document]], Iterable[Record | RecordJSON | DronewatchError]]
# What an actor sends back per document: the record (or its JSON), or (source, problem) for an
# ExtractionError, whose two-argument constructor does not survive pickling.
_Result = Record | RecordJSON | tuple[str, str]


def start_ray(address: str | None = None, workers: int | None = None) -> int:
    """Connect to the Ray cluster at ``address`` ("auto", "ray://host:10001"), or start a local Ray
    with ``workers`` CPUs (default: all), offline; returns the CPUs the cluster offers.

    Raises:
        ConfigError: Ray cannot start, or the address cannot be reached.
    """
    # Read by Ray when it starts, and inherited by its processes: never report usage over the network.
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    import ray

    if not ray.is_initialized():
        try:
            if address:
                ray.init(address=address, log_to_driver=False, configure_logging=False)
            else:
                ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                         configure_logging=False, object_store_memory=OBJECT_STORE_BYTES,
                         _node_ip_address="127.0.0.1")
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = address or "a local Ray"
            raise ConfigError(f"ray: cannot start or reach {where}: {exc}") from exc
    return int(ray.cluster_resources().get("CPU", 0))


class _Worker:
    """One Ray actor: the pipeline, loaded once, run over batch after batch."""

    def __init__(self, model: str | None) -> None:
        from dronewatch.nlp import load_pipeline

        self.nlp = load_pipeline(model)

    def extract(self, batch: list[Document], as_json: bool = False) -> list[_Result]:
        """The records of a batch (or their JSON), in order; a document that fails gives (source, problem)."""
        from dronewatch.nlp import extract_documents

        return [(r.source, r.problem) if isinstance(r, ExtractionError) else RecordJSON.of(r) if as_json else r
                for r in extract_documents(batch, self.nlp)]

    def peak_rss(self) -> int:
        """The peak resident memory of this worker process, in bytes."""
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class RayExtractor:
    """Extraction on a pool of Ray actors, used like ``extract_documents``: documents in, one record
    (or ``ExtractionError``) out per document, in input order. Call ``start_ray`` first.
    """

    def __init__(self, workers: int, model: str | None = None, batch_documents: int = BATCH_DOCUMENTS,
                 as_json: bool = False) -> None:
        import ray

        remote = ray.remote(num_cpus=1, max_restarts=ACTOR_RESTARTS, max_task_retries=1)(_Worker)
        self.actors: list[Any] = [remote.remote(model) for _ in range(workers)]
        self.batch_documents = batch_documents
        self.as_json = as_json

    def __call__(self, documents: Iterable[Document]) -> Iterator[Record | RecordJSON | ExtractionError]:
        """Extract ``documents`` on the actors, keeping a few batches queued on each."""
        import ray
        from ray.exceptions import RayError

        queued = [0] * len(self.actors)
        pending: deque[tuple[list[Document], int, Any]] = deque()
        batches = _batches(documents, self.batch_documents)
        limit = len(self.actors) * QUEUED_PER_WORKER
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                actor = queued.index(min(queued))
                queued[actor] += 1
                pending.append((batch, actor, self.actors[actor].extract.remote(batch, self.as_json)))
            if not pending:
                return
            batch, actor, ref = pending.popleft()
            queued[actor] -= 1
            try:
                results: list[_Result] = ray.get(ref)
            except RayError as exc:  # the worker died twice on this batch: its documents fail, the run goes on
                problem = f"ray worker failed: {type(exc).__name__}: {str(exc).splitlines()[0]}"
                yield from (ExtractionError(d.source, problem) for d in batch)
                continue
            for result in results:
                yield ExtractionError(*result) if isinstance(result, tuple) else result

    def peak_rss(self) -> list[int]:
        """Each worker's peak resident memory so far, in bytes."""
        import ray

        return [int(n) for n in ray.get([a.peak_rss.remote() for a in self.actors])]

    def close(self) -> None:
        """Stop the actors (the Ray runtime stays up for the process)."""
        import ray

        for actor in self.actors:
            ray.kill(actor)
        self.actors = []


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class _Manifest:
    """What a shard folder was made from: a rerun must read the same inputs in the same shard size."""

    inputs: list[str]
    shard_articles: int
    extractor: str

    def check(self, out: Path) -> None:
        path = out / MANIFEST
        if not path.exists():
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(self.__dict__, indent=1), encoding="utf-8")
            return
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(str(path), f"unreadable shard manifest: {exc}") from exc
        if found != self.__dict__:
            raise InputError(str(out), f"holds shards of another run ({found}); write to a new folder")


def _shard_path(out: Path, index: int) -> Path:
    return out / f"shard-{index:06d}.parquet"


def write_shards(
    items: Iterable[Document | DronewatchError], extract: Extract, out: Path, extractor: str,
    inputs: Iterable[str | Path] = (), shard_articles: int = SHARD_ARTICLES,
) -> Iterator[tuple[str, ShardOutcome] | DronewatchError]:
    """Extract documents into Parquet shards under ``out``; yields ``(source, outcome)`` or an error per item.

    Shard *k* holds the records of documents *k·n* to *k·n+n-1* of the input (read errors do not count),
    one row per article: ``article_id``, ``source``, ``extractor``, ``record`` (its JSON) or ``error``.
    A shard is written to a temporary name and renamed when complete, so after a crash a rerun over
    the same inputs skips ("unchanged") the shards that exist and extracts only the rest.

    Raises:
        InputError: ``out`` holds shards of another run (other inputs, shard size or extractor).
    """
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    _Manifest([str(p) for p in inputs], shard_articles, extractor).check(out)
    schema = pa.schema([("article_id", pa.string()), ("source", pa.string()), ("extractor", pa.string()),
                        ("record", pa.string()), ("error", pa.string())])
    done: list[tuple[str, ShardOutcome] | DronewatchError] = []
    sent: deque[tuple[int, Document]] = deque()

    def fresh() -> Iterator[Document]:
        for position, item in enumerate(_readable(items, done)):
            shard = position // shard_articles
            if _shard_path(out, shard).exists():
                done.append((item.source, "unchanged"))
                continue
            sent.append((shard, item))
            yield item

    rows: list[dict[str, str | None]] = []
    current: int | None = None

    def flush(shard: int) -> Iterator[tuple[str, ShardOutcome]]:
        path = _shard_path(out, shard)
        partial = path.with_suffix(".partial")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), partial)
        os.replace(partial, path)
        yield from ((str(r["source"]), "stored") for r in rows if r["error"] is None)
        rows.clear()

    for result in extract(fresh()):
        yield from _drain(done)
        shard, document = sent.popleft()
        if current is not None and shard != current:
            yield from flush(current)
        current = shard
        if isinstance(result, Record):
            result = RecordJSON.of(result)
        if isinstance(result, RecordJSON):
            rows.append({"article_id": result.article_id, "source": result.source,
                         "extractor": extractor, "record": result.json, "error": None})
        else:
            rows.append({"article_id": article_id(document.text), "source": document.source,
                         "extractor": extractor, "record": None, "error": str(result)})
            yield result
    if current is not None:
        yield from flush(current)
    yield from _drain(done)


def _readable(items: Iterable[Document | DronewatchError],
              done: list[tuple[str, ShardOutcome] | DronewatchError]) -> Iterator[Document]:
    for item in items:
        if isinstance(item, DronewatchError):
            done.append(item)
        else:
            yield item


def _drain(done: list[tuple[str, ShardOutcome] | DronewatchError]) -> Iterator[tuple[str, ShardOutcome] | DronewatchError]:
    yield from done
    done.clear()


def read_shards(out: Path) -> Iterator[Record]:
    """The records in the shards under ``out``, shard by shard, in input order (failed articles left out)."""
    import pyarrow.parquet as pq

    for path in sorted(out.glob("shard-*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches(columns=["record"]):
            for raw in batch.column(0).to_pylist():
                if raw is not None:
                    yield Record.model_validate_json(raw)
