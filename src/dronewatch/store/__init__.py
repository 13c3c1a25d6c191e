"""The durable store: records kept exactly, the cross-source layer rebuilt from them, full-text search."""

from dronewatch.store.repo import ClaimView, Hit, IncidentView, Outcome, Store, ingest, load

__all__ = ["ClaimView", "Hit", "IncidentView", "Outcome", "Store", "ingest", "load"]
