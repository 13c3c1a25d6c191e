"""NLP: a spaCy pipeline of dronewatch components that turns a Document into a Record."""

from dronewatch.nlp.pipeline import EXTRACTOR_VERSION, extract_documents, load_pipeline

__all__ = ["EXTRACTOR_VERSION", "extract_documents", "load_pipeline"]
