"""A document that overruns its time budget is one error naming it; long texts are cut, not refused."""

from __future__ import annotations

import re
import threading

import pytest
from spacy.language import Language

from dronewatch.errors import ExtractionError
from dronewatch.ingest.document import Document
from dronewatch.nlp import extract_documents
from dronewatch.nlp.budget import Budget, DocumentTimeout
from dronewatch.record import Record

CALM = "Drones struck a fuel depot near the port on Monday, the governor said. Two workers were injured."


@Language.component("test_stall")
def _stall(doc):
    """Loops forever on a text holding 'STALL' (as the noun-root walk once did); a regex blows up on 'REGEX'."""
    while "STALL" in doc.text:
        pass
    if "REGEX" in doc.text:
        re.match(r"(a+)+$", "a" * 64 + "!")  # catastrophic backtracking: hours, inside C
    return doc


@pytest.fixture
def stalling(nlp):
    nlp.add_pipe("test_stall", after="dronewatch_events")
    yield nlp
    nlp.remove_pipe("test_stall")


def _docs(*texts):
    return [Document(source=f"doc{i}.txt", text=t) for i, t in enumerate(texts)]


def _check_batch(nlp, texts):
    out = list(extract_documents(_docs(*texts), nlp, batch_size=8))
    return [type(r).__name__ for r in out], [str(r) for r in out if isinstance(r, ExtractionError)]


def test_a_document_that_never_ends_is_one_error_and_the_batch_goes_on(stalling, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_DOC_TIMEOUT", "1")
    kinds, errors = _check_batch(stalling, [CALM, CALM + " STALL", CALM])
    assert kinds == ["Record", "ExtractionError", "Record"]
    assert len(errors) == 1
    assert errors[0].startswith("doc1.txt: extraction failed: over its time budget of 1 s (DRONEWATCH_DOC_TIMEOUT): "
                                "interrupted in ")
    assert errors[0].endswith("test_budget._stall")  # the function that never ended


def test_a_regex_stuck_in_c_is_interrupted_too(stalling, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_DOC_TIMEOUT", "1")
    kinds, errors = _check_batch(stalling, [CALM + " REGEX", CALM])
    assert kinds == ["ExtractionError", "Record"]
    assert "over its time budget of 1 s" in errors[0] and "\n" not in errors[0]


def test_the_budget_holds_in_a_worker_thread_as_the_api_runs_it(stalling, monkeypatch):
    monkeypatch.setenv("DRONEWATCH_DOC_TIMEOUT", "1")
    out: list = []
    worker = threading.Thread(target=lambda: out.append(_check_batch(stalling, [CALM + " STALL", CALM])))
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    kinds, errors = out[0]
    assert kinds == ["ExtractionError", "Record"]
    assert "doc0.txt" in errors[0] and "DRONEWATCH_DOC_TIMEOUT" in errors[0]


def test_a_budget_that_is_not_spent_changes_nothing(extract):
    with Budget(30):
        record = extract(CALM)
    assert isinstance(record, Record) and record.events


def test_an_interruption_caught_by_the_work_still_ends_it_as_overrun():
    def stubborn():
        try:
            while True:
                pass
        except DocumentTimeout:
            return "swallowed"

    with pytest.raises(DocumentTimeout), Budget(0.3):
        assert stubborn() == "swallowed"


def test_a_text_past_spacys_max_length_is_cut_at_sentences_and_keeps_its_offsets(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 3000)
    paragraph = ("Russian drones struck a fuel depot in Odesa overnight, the regional governor said on Tuesday. "
                 "Two people were injured and a fire broke out, he said.\n\n")
    text = paragraph * 60  # about 9,000 characters: three pieces
    [record] = list(extract_documents(_docs(text), nlp))
    assert isinstance(record, Record), record
    assert record.article.text == text.strip() or len(record.article.text) > 8000
    article = record.article.text
    assert len(record.events) >= 50
    for item in [*record.events, *record.figures, *record.claims]:
        ev = item.evidence
        assert article[ev.start:ev.end] == ev.text
    assert max(e.evidence.start for e in record.events) > 6000  # events from the last piece too
