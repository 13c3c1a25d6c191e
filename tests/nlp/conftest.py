"""Shared fixtures for the extractor tests: the real pipeline, loaded once, and a one-text runner."""

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from spacy.language import Language

from dronewatch.config import settings
from dronewatch.ingest.document import Document
from dronewatch.record import Record

# A Friday: "on Tuesday" resolves to 2025-03-11, "last week" to 2025-03-03..09, "late October" to 2024.
PUBLISHED = date(2025, 3, 14)

Extract = Callable[..., Record]


@pytest.fixture(scope="session")
def nlp() -> Iterator[Language]:
    """The installed English model with dronewatch's components; skips the test when the model is absent."""
    from spacy.util import is_package

    if not is_package(settings.spacy_model):
        pytest.skip(
            f"spaCy model {settings.spacy_model!r} is not installed (run `make setup`, or set "
            "DRONEWATCH_SPACY_MODEL): the extractors read its dependency parse"
        )
    from dronewatch.nlp import load_pipeline

    yield load_pipeline()


@pytest.fixture()
def extract(nlp: Language) -> Extract:
    """Run one invented text (published on ``PUBLISHED`` unless given) through the pipeline; return its record."""
    from dronewatch.nlp import extract_documents

    def _extract(text: str, published: date | None = PUBLISHED) -> Record:
        [out] = list(extract_documents([Document(source="t.txt", text=text, published=published)], nlp))
        assert isinstance(out, Record), out
        return out

    return _extract
