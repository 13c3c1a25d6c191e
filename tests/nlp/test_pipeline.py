"""The pipeline: loading, the components' order, records in input order, one bad article never stops the rest."""

from collections.abc import Callable
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dronewatch.errors import ConfigError, ExtractionError
from dronewatch.ingest.document import Document
from dronewatch.nlp.pipeline import COMPONENTS, EXTRACTOR_VERSION, add_components, extract_documents
from dronewatch.record import Record, article_id

_POISON = "POISON-PILL"


@Language.component("test_poison_pill")
def _poison_pill(doc: Doc) -> Doc:
    """Fail on any article containing the marker, as a broken component would."""
    if _POISON in doc.text:
        raise RuntimeError("component broke on this article")
    return doc


@pytest.fixture(scope="module")
def blank() -> Language:
    return add_components(spacy.blank("en"))


def _docs(*texts: str) -> list[Document]:
    return [Document(source=f"in/{i}.txt", text=t, published=date(2025, 3, 14)) for i, t in enumerate(texts)]


def test_missing_model_is_a_config_error_that_names_it_and_the_fix() -> None:
    from dronewatch.nlp import load_pipeline

    with pytest.raises(ConfigError) as info:
        load_pipeline("xx_dronewatch_no_such_model")
    assert "'xx_dronewatch_no_such_model' is not installed" in str(info.value)
    assert "make setup" in str(info.value)


def test_blank_pipeline_gets_a_sentencizer_and_every_component_in_order(blank: Language) -> None:
    assert blank.pipe_names == ["sentencizer", "dronewatch_datelines", *COMPONENTS]


def test_adding_components_twice_changes_nothing(blank: Language) -> None:
    assert add_components(blank).pipe_names == ["sentencizer", "dronewatch_datelines", *COMPONENTS]


def test_records_come_back_in_input_order_across_batches(blank: Language) -> None:
    texts = [f"Report number {n}: drones were seen over Kyiv." for n in range(5)]
    out = list(extract_documents(_docs(*texts), blank, batch_size=2))
    assert [r.article.source for r in out if isinstance(r, Record)] == [f"in/{i}.txt" for i in range(5)]


def test_record_carries_the_article_and_the_extractor_version(blank: Language) -> None:
    text = "Sirens sounded in Kyiv at dawn."
    [rec] = list(extract_documents(_docs(text), blank))
    assert isinstance(rec, Record)
    assert rec.article.id == article_id(text)
    assert (rec.article.text, rec.article.published) == (text, date(2025, 3, 14))
    assert rec.extractor == EXTRACTOR_VERSION


def test_failing_article_becomes_an_error_naming_it_and_the_others_go_on() -> None:
    nlp = add_components(spacy.blank("en"))
    nlp.add_pipe("test_poison_pill")
    out = list(extract_documents(_docs("Sirens in Kyiv.", f"A {_POISON} here.", "Sirens in Odesa."), nlp))
    assert [type(r).__name__ for r in out] == ["Record", "ExtractionError", "Record"]
    error = out[1]
    assert isinstance(error, ExtractionError)
    assert str(error) == "in/1.txt: extraction failed: RuntimeError: component broke on this article"


@pytest.mark.model
def test_real_pipeline_fills_every_section_of_the_record(extract: Callable[..., Record]) -> None:
    rec = extract(
        "On Tuesday, a Russian drone struck a grain warehouse in Pavlohrad, killing three people, officials said. "
        "The Kremlin's brutal campaign goes on."
    )
    assert [e.type for e in rec.events] == ["drone_strike"]
    assert [(c.speaker.text, c.act) for c in rec.claims] == [("officials", "claim")]
    assert [(f.kind, f.value) for f in rec.figures] == [("killed", 3)]
    assert [t.category for t in rec.framing.loaded] == ["loaded_language"]


@pytest.mark.model
def test_record_json_uses_the_contracts_field_names(extract: Callable[..., Record]) -> None:
    rec = extract("A TB2 destroyed a Russian howitzer near Kherson on Monday.")
    weapon = rec.to_dict()["events"][0]["weapons"][0]
    assert weapon == {"text": "TB2", "name": "Bayraktar TB2", "class": "drone"}


def test_wire_dateline_is_its_own_sentence_and_never_the_actor(nlp: Language) -> None:
    doc = nlp("ODESA, May 4 (Harbour Wire) - Russian drones hit a grain terminal overnight, the governor said.")
    assert next(s.text for s in doc.sents) == "ODESA, May 4 (Harbour Wire) -"
    (event,) = doc._.dw_events
    assert [a.name for a in event.actors] == ["Russia"]


def test_a_dash_inside_a_sentence_is_not_a_dateline(blank: Language) -> None:
    doc = blank("A drone - a small one - hit the roof of the school.")
    assert len(list(doc.sents)) == 1
