"""The command line: parse, call the library, print. Every command appears in the README."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from datetime import date, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar, cast

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from dronewatch.errors import DronewatchError, InputError
from dronewatch.ingest import Document, iter_documents
from dronewatch.ingest.files import input_bytes
from dronewatch.record import Record

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from dronewatch.store import Store
    from dronewatch.store.queries import Filter

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="Sourced records of the drone war from news text.")
err = Console(stderr=True)
log = logging.getLogger("dronewatch")
T = TypeVar("T")
Item = TypeVar("Item", bound="DataclassInstance")


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    summary = "summary"


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from exc


# What the inputs of `extract` and `ingest` do not say themselves, and how the run shows itself.
PublishedOption = Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none")]
OutletOption = Annotated[str | None, typer.Option(help="The outlet of inputs that name none (e.g. plain text files)")]
ProgressOption = Annotated[bool, typer.Option(help="Show a progress bar on stderr")]


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .htm .warc .warc.gz .jsonl)")],
    format: Annotated[
        Format | None, typer.Option("--format", "-f", help="jsonl, json (an array) or summary; default: "
                                    "summary on a terminal, jsonl otherwise")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output")] = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    progress: ProgressOption = True,
) -> None:
    """Extract events, claims, figures and framing from articles, one record per article."""
    from dronewatch.nlp import extract_documents, load_pipeline

    day = _parse_day(published)
    fmt = format or (Format.summary if out is None and sys.stdout.isatty() else Format.jsonl)
    try:
        nlp = load_pipeline()
    except DronewatchError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc

    failures = 0
    written = 0
    records: list[Record] = []

    def documents(meter: _Meter) -> Iterator[Document]:
        # A missing path, a bad file or a bad line is reported and counted; the batch goes on.
        nonlocal failures
        for item in iter_documents(paths, published=day, outlet=outlet, on_read=meter.read):
            if isinstance(item, DronewatchError):
                failures += 1
                _report_error(item)
                continue
            yield item

    if out:
        out.parent.mkdir(parents=True, exist_ok=True)  # `--out build/x.jsonl` on a fresh clone
    stream: TextIO = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    try:
        if fmt is Format.json:
            stream.write("[")
        first = True
        with _progress(progress and err.is_terminal, total=True) as bar:
            meter = _Meter(bar, "extracting", input_bytes(paths))
            for item in extract_documents(documents(meter), nlp):
                meter.done()
                if isinstance(item, DronewatchError):
                    failures += 1
                    _report_error(item)
                    continue
                written += 1
                if fmt is Format.summary:
                    records.append(item)
                elif fmt is Format.json:
                    stream.write(("\n" if first else ",\n") + item.to_json())
                else:
                    stream.write(item.to_json() + "\n")
                first = False
        if fmt is Format.json:
            stream.write("\n]\n")
        if fmt is Format.summary:
            _print_summary(records, Console(file=stream))
    finally:
        if out:
            stream.close()
    if failures:
        err.print(f"{failures} failed, {written} records written", highlight=False)
        raise typer.Exit(1)


def _report_error(error: DronewatchError) -> None:
    """Print one "error {path}: {problem}" line on stderr; paths are printed as they are, never as markup."""
    err.print(Text.assemble(("error", "red"), " ", str(error)), highlight=False, soft_wrap=True)


class _NoProgress(Progress):
    """A progress bar that shows nothing: rich's disabled one still prints an empty line when it stops."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


class _ArticlesColumn(ProgressColumn):
    """Articles done and how fast: what a bar tells even when the input's size is not known."""

    def render(self, task: Task) -> Text:
        n = int(task.fields.get("articles", 0))
        elapsed = task.elapsed or 0.0
        rate = f" · {n / elapsed:.1f}/s" if elapsed > 0 else ""
        return Text(f"{n} article{'' if n == 1 else 's'}{rate}")


def _progress(enabled: bool, total: bool) -> Progress:
    """A bar over the input's bytes when ``total`` (their sum is known), else a count; both with a rate."""
    kind = Progress if enabled else _NoProgress
    columns: list[ProgressColumn] = [TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), DownloadColumn()]
    return kind(*columns, _ArticlesColumn(), TimeElapsedColumn(), console=err, disable=not enabled, transient=True)


class _Meter:
    """One task of a progress bar: input bytes read (when their total is known) and articles done."""

    def __init__(self, bar: Progress, label: str, total: int | None) -> None:
        self.bar = bar
        self.task = bar.add_task(label, total=total, articles=0)
        self.articles = 0

    def read(self, size: int) -> None:
        """A file of ``size`` bytes has been read."""
        self.bar.advance(self.task, size)

    def done(self) -> None:
        """One more article (or failure) has come out."""
        self.articles += 1
        self.bar.update(self.task, articles=self.articles)


@app.command()
def summary(path: Annotated[Path, typer.Argument(help="A JSONL file written by `dronewatch extract`")]) -> None:
    """Print a human summary of extracted records."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(Record.model_validate(json.loads(line)))
    _print_summary(records, Console())


def _print_summary(records: list[Record], console: Console) -> None:
    from rich.table import Table

    table = Table(title=f"{len(records)} articles")
    for col in ("source", "outlet", "published", "genre", "events", "claims", "figures"):
        table.add_column(col)
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for r in records:
        a = r.article
        table.add_row(Path(a.source).name, a.outlet or "", str(a.published or ""), a.genre,
                      str(len(r.events)), str(len(r.claims)), str(len(r.figures)))
        kinds.update(e.type for e in r.events)
        statuses.update(e.status for e in r.events)
    console.print(table)
    console.print("events by type: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    console.print("events by status: " + ", ".join(f"{k} {n}" for k, n in statuses.most_common()))


@app.command()
def setup() -> None:
    """Prepare offline data (the gazetteer index); run by `make setup`, safe to run again."""
    from dronewatch.config import settings
    from dronewatch.nlp.gazetteer import build_index

    try:
        built = build_index(settings.gazetteer_path)
    except DronewatchError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    err.print(f"gazetteer: {settings.gazetteer_path} ({'built' if built else 'up to date'})")


@app.command()
def schema() -> None:
    """Print the JSON Schema of one record, generated from the typed models."""
    from dronewatch.record import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


class View(str, Enum):
    table = "table"
    json = "json"


class Engine(str, Enum):
    local = "local"
    ray = "ray"


DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (sqlite:///FILE or postgresql+psycopg://…); "
                             "default: DRONEWATCH_DB, else a SQLite file in the user data folder")
]
ViewOption = Annotated[View, typer.Option("--format", "-f", help="table or json")]
# The date window of the read API's filter: an incident's days, a claim's publication.
SinceOption = Annotated[str | None, typer.Option(help="On or after this day (YYYY-MM-DD)")]
UntilOption = Annotated[str | None, typer.Option(help="On or before this day (YYYY-MM-DD)")]


def _open_store(db: str | None) -> Store:
    from dronewatch.store import Store

    try:
        return Store(db)
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(2) from exc


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders, as for `extract`")],
    db: DbOption = None,
    published: PublishedOption = None,
    outlet: OutletOption = None,
    progress: ProgressOption = True,
    engine: Annotated[Engine, typer.Option(help="local (this process) or ray (Ray workers, see docs/scaling.md)")]
    = Engine.local,
    address: Annotated[str | None, typer.Option(help="With --engine ray: a running cluster (auto, "
                                                "ray://HOST:10001); default: start a local Ray")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="With --engine ray: workers, each loading the "
                                                "pipeline once; default: one per CPU")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write Parquet shards to this folder instead "
                                             "of the database; a rerun skips the shards written")] = None,
) -> None:
    """Extract articles and store their records; already stored ones are skipped, so a rerun finishes the job."""
    from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
    from dronewatch.store import ingest as ingest_documents

    day = _parse_day(published)
    if engine is Engine.ray or out is not None:
        _scaled_ingest(paths, day, outlet, db, engine, address, workers, out, progress)
        return
    store = _open_store(db)
    try:
        nlp = load_pipeline()
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(2) from exc
    _into_store(store, lambda meter: ingest_documents(
        store, iter_documents(paths, published=day, outlet=outlet, on_read=meter.read),
        lambda docs: extract_documents(docs, nlp), EXTRACTOR_VERSION), "ingesting", progress, input_bytes(paths))


Run = Callable[["_Meter"], Iterable[tuple[str, str] | DronewatchError]]


def _into_store(store: Store, run: Run, label: str, progress: bool, total: int | None) -> None:
    """Run a store-writing job to the end, close the store, and print the summary (exit 1 on failures)."""
    try:
        outcomes, failures = _tally(run, label, progress, total)
        where = f"{_incident_count(store)} incidents in {store.display_url}"
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    _summarise(outcomes, failures, where)


def _incident_count(store: Store) -> int:
    from dronewatch.store.queries import Filter, incident_count

    return incident_count(store, Filter())


def _tally(run: Run, label: str, progress: bool, total: int | None) -> tuple[Counter[str], int]:
    """Run a job to the end under a progress bar (over ``total`` input bytes, when known): each error reported
    as it comes, outcomes counted."""
    outcomes: Counter[str] = Counter()
    failures = 0
    with _progress(progress and err.is_terminal, total=total is not None) as bar:
        meter = _Meter(bar, label, total)
        for item in run(meter):
            meter.done()
            if isinstance(item, DronewatchError):
                failures += 1
                _report_error(item)
            else:
                outcomes[item[1]] += 1
    return outcomes, failures


def _summarise(outcomes: Counter[str], failures: int, where: str) -> None:
    """The one-line summary on stderr; exit status 1 when some inputs failed."""
    counts = ", ".join(f"{n} {o}" for o, n in sorted(outcomes.items()))
    err.print(f"{counts or 'nothing stored'}; {failures} failed; {where}", highlight=False)
    if failures:
        raise typer.Exit(1)


def _scaled_ingest(paths: list[Path], day: date | None, outlet: str | None, db: str | None, engine: Engine,
                   address: str | None, workers: int | None, out: Path | None, progress: bool) -> None:
    """`ingest --engine ray` and `ingest --out DIR`: extraction on Ray workers or here, into the store or shards."""
    from dronewatch.nlp import EXTRACTOR_VERSION, extract_documents, load_pipeline
    from dronewatch.scale import RayExtractor, start_ray, write_shards
    from dronewatch.store import ingest as ingest_documents

    Extract = Callable[[Iterable[Document]], Iterable[Record | DronewatchError]]

    store = None if out else _open_store(db)
    try:
        if engine is Engine.ray:
            cpus = start_ray(address, workers)
            # Shards take the JSON as the workers write it; the store takes records.
            extract: RayExtractor | None = RayExtractor(workers or max(cpus, 1), as_json=out is not None)
        else:
            nlp = load_pipeline()
            extract = None
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(2) from exc
    run = extract or (lambda docs: extract_documents(docs, nlp))

    def items(meter: _Meter) -> Iterator[tuple[str, str] | DronewatchError]:
        documents = iter_documents(paths, published=day, outlet=outlet, on_read=meter.read)
        if out:
            return write_shards(documents, run, out, EXTRACTOR_VERSION, inputs=paths)
        # Into the store the workers send records (as_json is off), as the local engine does.
        return ingest_documents(store, documents, cast(Extract, run), EXTRACTOR_VERSION) if store else iter(())

    try:
        outcomes, failures = _tally(items, "ingesting", progress, input_bytes(paths))
        where = f"{_incident_count(store)} incidents in {store.display_url}" if store else f"shards in {out}"
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        if extract:
            extract.close()
        if store:
            store.close()
    _summarise(outcomes, failures, where)


@app.command()
def load(
    shards: Annotated[list[Path], typer.Argument(help="Shard folders written by `ingest --out`")],
    db: DbOption = None,
    progress: ProgressOption = True,
) -> None:
    """Store the records of Parquet shards (extracted elsewhere, e.g. on Ray) in the database; a rerun
    stores only what is missing."""
    from dronewatch.scale import MANIFEST, read_shards
    from dronewatch.store import load as load_records

    for folder in shards:
        if not (folder / MANIFEST).is_file():
            _report_error(InputError(str(folder), f"not a shard folder (no {MANIFEST}; see `ingest --out`)"))
            raise typer.Exit(2)
    store = _open_store(db)
    _into_store(store, lambda meter: load_records(store, (r for folder in shards for r in read_shards(folder))),
                "loading", progress, None)


def _filter(store: Store, **values: str | None) -> Filter:
    """The filter that options ask for (``store.queries.parse_filter``); ``near`` may name a stored place."""
    from dronewatch.store.queries import FilterError, parse_filter, place_coordinates

    try:
        return parse_filter(values, lambda name: place_coordinates(store, name))
    except FilterError as exc:
        raise typer.BadParameter(exc.problem, param_hint=f"--{exc.name.replace('_', '-')}") from exc


def _read(db: str | None, query: Callable[[Store], list[T]]) -> list[T]:
    """What ``query`` reads from the database ``db``, the connection closed after it."""
    store = _open_store(db)
    try:
        return query(store)
    finally:
        store.close()


def _show(found: list[Item], format: View, what: str, columns: tuple[str, ...], row: Callable[[Item], list[str]]
          ) -> None:
    """Rows of the read API as JSON (their fields) or as a table of ``columns``, a ``row`` each."""
    if format is View.json:
        typer.echo(json.dumps([asdict(x) for x in found], default=str, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    table = Table(title=f"{len(found)} {what}")
    for col in columns:
        table.add_column(col)
    for x in found:
        table.add_row(*row(x))
    Console().print(table)


class IncidentOrder(str, Enum):
    newest = "newest"
    oldest = "oldest"
    reports = "reports"
    toll = "toll"


@app.command()
def incidents(
    db: DbOption = None,
    type: Annotated[str | None, typer.Option(help="Event type, e.g. drone_strike")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    near: Annotated[str | None, typer.Option(help="A stored place name, or LAT,LON")] = None,
    km: Annotated[str | None, typer.Option(help="Distance for --near, in km (default 25)")] = None,
    actor: Annotated[str | None, typer.Option(help="An actor's name, e.g. Russia")] = None,
    outlet: Annotated[str | None, typer.Option(help="Reported by this outlet")] = None,
    status: Annotated[str | None, typer.Option(help="Grade: confirmed, corroborated, single-source report, "
                                               "single-source claim, disputed")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code, e.g. UA")] = None,
    min_killed: Annotated[str | None, typer.Option(help="At least this many killed (highest count reported)")]
    = None,
    text: Annotated[str | None, typer.Option(help="Words the reports contain")] = None,
    vague: Annotated[str | None, typer.Option(help="Incidents with no date a month wide or less, nor a place: "
                                              "hide (default), show or only")] = None,
    sort: Annotated[IncidentOrder, typer.Option(help="newest, oldest, reports or toll")] = IncidentOrder.newest,
    format: ViewOption = View.table,
) -> None:
    """Incidents across outlets, newest first: toll, grade, reasons, and who reports each in which voice."""
    from dronewatch.merge.incidents import toll_text
    from dronewatch.store.queries import UNKNOWN_OUTLET, IncidentItem
    from dronewatch.store.queries import incidents as read_incidents

    found = _read(db, lambda store: list(read_incidents(store, _filter(
        store, type=type, since=since, until=until, near=near, km=km, actor=actor, outlet=outlet, status=status,
        country=country, min_killed=min_killed, text=text, vague=vague), sort.value)))

    def row(i: IncidentItem) -> list[str]:
        day = str(i.first_day or "") + (f"..{i.last_day}" if i.last_day != i.first_day else "")
        reports = "\n".join(f"{r['outlet'] or UNKNOWN_OUTLET}: {r['status']}"
                            + (f" ({r['source']})" if r["source"] else "") for r in i.reports)
        return [i.id, i.type, day, i.place or "", toll_text(i.killed), toll_text(i.injured),
                f"{i.grade}\n" + "\n".join(i.reasons[1:]), reports]

    _show(found, format, "incidents", ("id", "type", "date", "place", "killed", "injured", "grade", "reports"), row)


@app.command()
def claims(
    db: DbOption = None,
    act: Annotated[str | None, typer.Option(help="accuse, deny, claim, warn, …")] = None,
    speaker: Annotated[str | None, typer.Option(help="Words of the speaker's name or role")] = None,
    outlet: Annotated[str | None, typer.Option(help="Published by this outlet")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: Annotated[str | None, typer.Option(help="The speaker's affiliation (ISO code, e.g. RU)")] = None,
    text: Annotated[str | None, typer.Option(help="Words the claim contains")] = None,
    paired: Annotated[bool, typer.Option(help="Only accusations and denials paired with each other")] = False,
    format: ViewOption = View.table,
) -> None:
    """Attributed claims, with each accusation's denials and each denial's accusations; --since and --until
    bound the day a claim was published."""
    from dronewatch.store.queries import UNKNOWN_OUTLET, ClaimItem
    from dronewatch.store.queries import claims as read_claims

    found = _read(db, lambda store: list(read_claims(store, _filter(
        store, type=act, outlet=outlet, since=since, until=until, country=country, text=text),
        speaker=speaker, paired=paired)))

    def row(c: ClaimItem) -> list[str]:
        return [c.key, c.outlet or UNKNOWN_OUTLET, str(c.published or ""), c.speaker["name"] or c.speaker["text"],
                c.act, c.content,
                "\n".join([f"denied by {k}" for k in c.answered_by] + [f"answers {k}" for k in c.answers])]

    _show(found, format, "claims", ("key", "outlet", "published", "speaker", "act", "content", "paired with"), row)


@app.command()
def outlets(
    db: DbOption = None,
    format: ViewOption = View.table,
    voices: Annotated[bool, typer.Option("--voices", help="Only the voice matrix (with --format json: as JSON)")] = False,
    by_actor: Annotated[bool, typer.Option("--by-actor", help="Voice matrix columns per claimant body, not side")] = False,
) -> None:
    """Outlet profiles (spelling Kiev/Kyiv, loaded language, stance) and the voice matrix: per outlet and
    claimant, the shares of claims told as fact, attributed and disputed."""
    from dronewatch.store.queries import outlet_profiles, voice_matrix

    store = _open_store(db)
    try:
        profiles = outlet_profiles(store)
        matrix = voice_matrix(store)
    finally:
        store.close()
    if format is View.json:
        typer.echo(json.dumps(matrix.as_dict() if voices else profiles, ensure_ascii=False, indent=1))
        return
    from rich.table import Table

    columns, rows = matrix.table("actor" if by_actor else "side")
    voice_table = Table(title="Voice matrix: each claimant's claims as the outlet tells them, "
                              "as fact / attributed / disputed")
    for col in ("outlet", *columns):
        voice_table.add_column(col)
    for outlet, cells in rows:
        voice_table.add_row(outlet, *cells)
    if voices:
        Console().print(voice_table)
        return
    from rich.table import Table

    table = Table(title=f"{len(profiles)} outlets")
    for col in ("outlet", "articles", "side", "Russian spellings", "loaded /1000 words", "stance",
                "other side's claims as fact"):
        table.add_column(col)
    for p in profiles:
        share = p["russian_spelling_share"]
        rate = p["as_fact_rate"]
        table.add_row(p["outlet"], str(p["articles"]), p["side"] or "neutral",
                      "" if share is None else f"{share:.0%}", f"{p['loaded_per_1000_words']:.1f}",
                      " ".join(f"{k} {v:+.2f}" for k, v in p["stance"].items()),
                      "" if rate is None else f"{p['other_side_as_fact']}/{p['other_side_claims']} ({rate:.0%})")
    Console().print(table)
    Console().print(voice_table)


@app.command()
def split(
    incident: Annotated[str, typer.Argument(help="The incident id, from `dronewatch incidents`")],
    reports: Annotated[list[str], typer.Argument(help="Event keys or article ids (a prefix is enough) to split off")],
    db: DbOption = None,
) -> None:
    """Split wrongly merged reports off an incident; the split is kept when articles are ingested again."""
    store = _open_store(db)
    try:
        off = store.split(incident, reports)
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    err.print(f"split {len(off)} event(s) off {incident}: {', '.join(off)}", highlight=False)


class ExportFormatOption(str, Enum):
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"
    acled = "acled"


@app.command()
def export(
    format: Annotated[ExportFormatOption, typer.Option("--format", "-f", help="csv, json, jsonl, geojson, "
                                                       "parquet or acled (ACLED-style CSV)")],
    db: DbOption = None,
    kind: Annotated[str | None, typer.Option(help="records (json/jsonl), articles, events, claims, figures, "
                                             "loaded, incidents (also geojson); barrage (csv/json: the barrage "
                                             "tracker, type=drones|missiles). Default: records for json/jsonl, "
                                             "else events")] = None,
    where: Annotated[list[str] | None, typer.Option(help="KEY=VALUE, repeatable: type, since, until, "
                                                    "bbox=MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, near=LAT,LON[,KM], "
                                                    "actor, outlet, status, country, text, min_killed, vague")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output")] = None,
) -> None:
    """Export the stored record as files other tools open; reads stored records, never re-extracts."""
    from dronewatch.export import export as write_export
    from dronewatch.export import parse_where
    from dronewatch.store.queries import place_coordinates

    store = _open_store(db)
    try:
        selection = parse_where(where or [], lambda name: place_coordinates(store, name))
    except DronewatchError as exc:
        store.close()
        raise typer.BadParameter(str(exc), param_hint="--where") from exc
    try:
        if out is None:
            result = write_export(store, format.value, sys.stdout.buffer, kind, selection)
            sys.stdout.buffer.flush()
        else:
            with open(out, "wb") as stream:
                result = write_export(store, format.value, stream, kind, selection)
    except DronewatchError as exc:
        _report_error(exc)
        raise typer.Exit(2) from exc
    except OSError as exc:
        err.print(Text.assemble(("error", "red"), f" {out or 'standard output'}: cannot write: {exc.strerror}"),
                  highlight=False)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    left = ", ".join(f"{n} with {why}" for why, n in result.left_out.items() if n)
    err.print(f"{result.written} written" + (f"; left out: {left}" if left else "")
              + (f" to {out}" if out else ""), highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="DRONEWATCH_API_TOKEN", show_default=False,
                                              help="Enables the write side (POST articles, split incidents) "
                                              "for requests bearing this token; default: read-only")] = None,
) -> None:
    """Serve the REST API (/api, documented at /docs) and the web UI: map, timeline, incidents, outlets."""
    import uvicorn

    from dronewatch.api import create_app

    store = _open_store(db)
    err.print(f"dronewatch: serving {store.display_url} on http://{host}:{port}/ "
              f"({'write side on' if token else 'read-only'})", highlight=False)
    try:
        uvicorn.run(create_app(store, token=token), host=host, port=port, log_level="warning", access_log=False)
    finally:
        store.close()


# ------------------------------------------------------------------ gazetteer: user-imported GeoNames dumps

gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline gazetteer: import GeoNames dumps, show what it holds.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps: a country file (UA.txt), allCountries.txt, "
                                                     "or their .zip")],
    progress: ProgressOption = True,
) -> None:
    """Stream GeoNames dumps into the gazetteer index (populated places and admin areas); an interrupted
    import resumes where it stopped."""
    from dronewatch.config import settings
    from dronewatch.nlp.geonames import import_dump

    failures = 0
    for path in files:
        enabled = progress and err.is_terminal
        bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeElapsedColumn(),
                       console=err, transient=True) if enabled else _NoProgress(disable=True)
        try:
            with bar:
                task = bar.add_task(f"importing {path.name}", total=None)
                done = import_dump(path, settings.gazetteer_path, partial(_advance, bar, task))
        except DronewatchError as exc:
            _report_error(exc)
            failures += 1
            continue
        resumed = f", resumed after {done.resumed_at:,} lines" if done.resumed_at else ""
        state = "already imported" if done.rows == 0 and done.resumed_at else \
            f"{done.rows:,} lines read, {done.kept:,} places kept{resumed}"
        err.print(f"{path}: {state} ({done.total_rows:,} lines in all, {done.seconds:.1f} s)", highlight=False,
                  soft_wrap=True, markup=False)
    err.print(f"gazetteer: {settings.gazetteer_path}; {len(files) - failures} of {len(files)} files imported",
              highlight=False, soft_wrap=True, markup=False)
    if failures:
        raise typer.Exit(1)


def _advance(bar: Progress, task: TaskID, done: int, total: int) -> None:
    bar.update(task, completed=done, total=total)


@gazetteer_app.command("status")
def gazetteer_status() -> None:
    """Say what the gazetteer index holds: places by source and each imported file's state."""
    from dronewatch.config import settings
    from dronewatch.nlp.geonames import import_status

    status = import_status(settings.gazetteer_path)
    if not status["built"]:
        typer.echo(f"gazetteer: {status['index']} is not built; run `dronewatch setup`")
        raise typer.Exit(1)
    typer.echo(f"gazetteer: {status['index']} ({'current' if status['current'] else 'outdated: run `dronewatch setup`'})")
    for kind, count in cast(dict[str, int], status["places"]).items():
        typer.echo(f"  {count:>9,} places: {kind}")
    typer.echo(f"  {cast(int, status['names']):>9,} names")
    for item in cast(list[dict[str, object]], status["imports"]):
        size = cast(int, item["size"])
        share = cast(int, item["position"]) / size if size else 1.0
        state = "imported" if item["done"] else f"interrupted at {share:.0%}: run the import again to resume"
        typer.echo(f"  {item['file']}: {state}; {cast(int, item['rows']):,} lines, {cast(int, item['kept']):,} places")


def main() -> None:
    """Entry point of the ``dronewatch`` command."""
    from dronewatch.config import check_limits

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The HTML libraries warn about their own internals ("discarding data: None"); a page that gives no
    # article is reported as our own one-line error instead.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        check_limits()  # a limit set to nonsense is one line, before any work, not a traceback mid-run
    except DronewatchError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from exc
    app()


if __name__ == "__main__":
    main()
