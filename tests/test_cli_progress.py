"""The progress bar of extract and ingest: input bytes read of the total when the input's size is known, and
always the articles done with their rate (never "16/?")."""

from __future__ import annotations

from pathlib import Path

from rich.progress import ProgressColumn
from rich.text import Text

from dronewatch import cli
from dronewatch.ingest import iter_documents
from dronewatch.ingest.files import input_bytes


def _shown(total: int | None) -> str:
    bar = cli._progress(True, total=total is not None)
    meter = cli._Meter(bar, "extracting", total)
    meter.read(1500)
    meter.done()
    task = bar.tasks[0]
    cells = [c(task) for c in bar.columns if isinstance(c, ProgressColumn)]
    return " ".join(c.plain if isinstance(c, Text) else "" for c in cells)


def test_a_known_input_size_shows_bytes_read_of_the_total():
    shown = _shown(3000)
    assert "1.5/3.0 kB" in shown and "1 article" in shown


def test_an_unknown_input_size_shows_a_count_and_no_question_mark():
    shown = _shown(None)
    assert "1 article" in shown and "?" not in shown and "kB" not in shown


def test_files_read_add_up_to_the_input_size(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Drones struck a depot near Sumy on Monday.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Note\n\nA ferry was hit in the port of Izmail.", encoding="utf-8")
    (tmp_path / "skip.csv").write_text("not,read\n", encoding="utf-8")
    sizes: list[int] = []
    docs = list(iter_documents([tmp_path], on_read=sizes.append))
    assert len(docs) == 2
    assert sum(sizes) == input_bytes([tmp_path]) == (tmp_path / "a.txt").stat().st_size + (tmp_path / "b.md").stat().st_size
