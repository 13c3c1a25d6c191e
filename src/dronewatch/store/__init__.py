"""The durable store: records kept exactly, the cross-source layer rebuilt from them, and the read side."""

from dronewatch.store.repo import Outcome, Store, ingest, load

__all__ = ["Outcome", "Store", "ingest", "load"]
