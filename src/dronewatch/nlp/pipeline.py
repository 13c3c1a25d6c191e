"""Build the spaCy pipeline with dronewatch's components, and run it over documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dronewatch.config import settings
from dronewatch.errors import ConfigError, ExtractionError
from dronewatch.ingest.document import Document
from dronewatch.nlp import claims, datelines, dates, entities, events, figures, framing, places  # noqa: F401 (registers)
from dronewatch.nlp.records import to_record
from dronewatch.record import Record

__all__ = ["COMPONENTS", "EXTRACTOR_VERSION", "extract_documents", "load_pipeline"]

# Bump when extraction output changes, so stores replace records made by older versions.
EXTRACTOR_VERSION = "dronewatch-0.2.2"

# Order matters: each component reads what those before it assign (see their `requires`).
COMPONENTS = (
    "dronewatch_entities",
    "dronewatch_dates",
    "dronewatch_places",
    "dronewatch_claims",
    "dronewatch_figures",
    "dronewatch_events",
    "dronewatch_framing",
)

if not Doc.has_extension("dw_document"):
    Doc.set_extension("dw_document", default=None)


def load_pipeline(model: str | None = None) -> Language:
    """Load the English spaCy pipeline named by the setting (or ``model``) and add dronewatch's components.

    Raises:
        ConfigError: the model is not installed.
    """
    name = model or settings.spacy_model
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {name!r} is not installed: run `make setup`, or set DRONEWATCH_SPACY_MODEL "
            "to an installed English pipeline"
        ) from exc
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Append dronewatch's components to ``nlp`` (a loaded model, or ``spacy.blank('en')`` in tests)."""
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "dronewatch_datelines" not in nlp.pipe_names:
        # Before the parser, which keeps the sentence start it sets; after a sentencizer, which would reset it.
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("dronewatch_datelines", before="parser")
        else:
            nlp.add_pipe("dronewatch_datelines")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def extract_documents(
    documents: Iterable[Document], nlp: Language, batch_size: int = 16
) -> Iterator[Record | ExtractionError]:
    """Run the pipeline over documents, in order; a document that fails yields an ``ExtractionError``.

    Documents go through ``nlp.pipe`` in batches; when a batch fails, its documents are re-run one by one
    so that one bad article never takes the others down.
    """
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, nlp)
            batch = []
    if batch:
        yield from _run_batch(batch, nlp)


def _make_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.dw_document = document
    return doc


def _run_batch(batch: list[Document], nlp: Language) -> Iterator[Record | ExtractionError]:
    try:
        docs = list(nlp.pipe(_make_doc(nlp, d) for d in batch))
    except Exception:  # noqa: BLE001 - the batch driver isolates failures; each document is retried below
        docs = []
    if len(docs) == len(batch):
        for document, doc in zip(batch, docs, strict=True):
            yield _to_record_or_error(document, doc)
        return
    for document in batch:
        try:
            doc = nlp(_make_doc(nlp, document))
        except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
            yield ExtractionError(document.source, f"{type(exc).__name__}: {exc}")
            continue
        yield _to_record_or_error(document, doc)


def _to_record_or_error(document: Document, doc: Doc) -> Record | ExtractionError:
    try:
        return to_record(document, doc, EXTRACTOR_VERSION)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        return ExtractionError(document.source, f"invalid record: {exc}")
