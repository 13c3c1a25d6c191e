"""Build the spaCy pipeline with dronewatch's components, and run it over documents."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from dronewatch.config import limit, settings
from dronewatch.errors import ConfigError, ExtractionError
from dronewatch.ingest.document import Document
from dronewatch.nlp import claims, datelines, dates, entities, events, figures, framing, places  # noqa: F401 (registers)
from dronewatch.nlp.budget import Budget, DocumentTimeout, where_it_overran
from dronewatch.nlp.records import to_record
from dronewatch.record import Record

__all__ = ["COMPONENTS", "EXTRACTOR_VERSION", "extract_documents", "load_pipeline"]

# Bump when extraction output changes, so stores replace records made by older versions.
EXTRACTOR_VERSION = "dronewatch-0.2.4"

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

# A text longer than this goes through the model in sentence-aligned pieces (spaCy refuses texts past its
# ``max_length``, a million characters, and needs about 1 GB per 100,000 characters of a single text).
CHUNK_CHARS = 100_000
# A hyphen opening a word is a dash of its own: wire headlines sign a line "… shootout -official", "… -Kiev
# officials". spaCy splits the en and em dashes off a word's start, not the hyphen (kept for "-5").
GLUED_DASH_PREFIX = r"^-(?=[^\W\d_])"

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
    _split_glued_dashes(nlp)
    return nlp


def _split_glued_dashes(nlp: Language) -> None:
    """Make the tokenizer split a hyphen off a word it opens ("-official" → "-", "official")."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    pattern = getattr(getattr(tokenizer.prefix_search, "__self__", None), "pattern", None)
    if pattern is None or GLUED_DASH_PREFIX in pattern:
        return
    tokenizer.prefix_search = re.compile(f"{pattern}|{GLUED_DASH_PREFIX}").search


def extract_documents(
    documents: Iterable[Document], nlp: Language, batch_size: int = 16
) -> Iterator[Record | ExtractionError]:
    """Run the pipeline over documents, in order; a document that fails yields an ``ExtractionError``.

    Documents go through ``nlp.pipe`` in batches; when a batch fails, or overruns one document's time
    budget (``DRONEWATCH_DOC_TIMEOUT``), its documents are re-run one by one, each with that budget, so
    that one bad article never takes the others down. A document that overruns its own budget is
    interrupted and reported as an error naming it and the function it was in.
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
    seconds = limit("doc_timeout")
    results: list[Record | ExtractionError] = []
    chunk = min(CHUNK_CHARS, nlp.max_length)
    if len(batch) > 1 and all(len(d.text) <= chunk for d in batch):
        try:
            # The whole batch within one document's budget: a normal batch takes a small part of it.
            with Budget(seconds):
                docs = list(nlp.pipe(_make_doc(nlp, d) for d in batch))
                results = [_to_record_or_error(document, doc) for document, doc in zip(batch, docs, strict=True)]
        except (Exception, DocumentTimeout):  # noqa: BLE001 - each document is retried alone below
            results = []
    if len(results) == len(batch):
        yield from results
        return
    for document in batch:
        yield _run_one(document, nlp, seconds, chunk)


def _run_one(document: Document, nlp: Language, seconds: float, chunk: int) -> Record | ExtractionError:
    try:
        with Budget(seconds):
            doc = _long_doc(nlp, document, chunk) if len(document.text) > chunk else nlp(_make_doc(nlp, document))
            return _to_record_or_error(document, doc)
    except DocumentTimeout as exc:
        return ExtractionError(document.source, f"over its time budget of {seconds:g} s (DRONEWATCH_DOC_TIMEOUT): "
                                                f"interrupted in {where_it_overran(exc)}")
    except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
        return ExtractionError(document.source, f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


def _long_doc(nlp: Language, document: Document, chunk: int) -> Doc:
    """A long text through the model in sentence-aligned pieces of at most ``chunk`` characters, joined into one
    ``Doc`` whose text is the document's own (so every offset is right); dronewatch's components then run
    over the whole of it, as they would over a short one."""
    model = [name for name in nlp.pipe_names if name not in COMPONENTS]
    with nlp.select_pipes(enable=model):
        parts = list(nlp.pipe(nlp.make_doc(piece) for piece in _pieces(document.text, chunk)))
    doc = Doc.from_docs(parts, ensure_whitespace=False)
    doc._.dw_document = document
    for name, component in nlp.pipeline:
        if name in COMPONENTS:
            doc = component(doc)
    return doc


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'’”)]*\s+"), re.compile(r"\s+"))


def _pieces(text: str, size: int) -> Iterator[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it: after a paragraph
    break where one falls in the second half of a piece, else after a line, a sentence, a space."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, size // 2)]
            if ends:
                cut = ends[-1]
                break
        yield text[start:start + cut]
        start += cut
    yield text[start:]


def _to_record_or_error(document: Document, doc: Doc) -> Record | ExtractionError:
    try:
        return to_record(document, doc, EXTRACTOR_VERSION)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        return ExtractionError(document.source, f"invalid record: {exc}")
