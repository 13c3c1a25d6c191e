"""Every error dronewatch raises on purpose.

    DronewatchError
     ├── InputError        a file (or a line of one) could not be read as an article: "{path}: {problem}"
     ├── ExtractionError   the NLP stage failed on an article that was read
     ├── StoreError        the database refused or lost a write
     └── ConfigError       a setting (model name, database URL) is unusable

Callers that drive batches catch ``DronewatchError``; everything else lets errors rise.
"""

from __future__ import annotations

__all__ = ["ConfigError", "DronewatchError", "ExtractionError", "InputError", "StoreError"]


class DronewatchError(Exception):
    """The base of every error dronewatch raises on purpose."""


class InputError(DronewatchError):
    """An input file, or one line of it, is not a readable article."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ExtractionError(DronewatchError):
    """The NLP stage failed on an article that was read."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: extraction failed: {problem}")


class StoreError(DronewatchError):
    """The database refused or lost a write."""


class ConfigError(DronewatchError):
    """A setting is unusable; the message says which and how to fix it."""
