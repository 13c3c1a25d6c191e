"""Ingest: files, folders and archives in; cleaned ``Document`` objects (or ``InputError``) out."""

from dronewatch.ingest.document import Document
from dronewatch.ingest.files import iter_documents

__all__ = ["Document", "iter_documents"]
